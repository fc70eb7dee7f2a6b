"""What a printed text may hold: a text read from YAML -> the same text with the spaces the fonts
lack replaced, or the reason it cannot be printed (a control character, an endless word).

The fonts draw an ordinary space (U+0020) and a no-break space (U+00A0); the line breaker breaks at
ordinary white space only. Other spaces would vanish when drawn and run two words together, so
they are replaced when the content is read, and the invisible marks Word leaves (a soft hyphen, a
zero-width space) are removed (SPACES, documented in the README).
"""
from __future__ import annotations

import re
import unicodedata

from .regex import Pattern

MAX_TEXT = 5_000  # characters per text; an A5 face holds about 4,000 at the smallest size
MAX_WORD = 60     # characters per word: long Dutch compounds have 50; the bundled deck's longest has 32

# Every space the fonts may lack -> what it means. A space that forbids a break (figure space,
# narrow no-break space) becomes the no-break space; a paragraph separator starts a paragraph where
# a text takes paragraphs (a quote) and is a space elsewhere; the others are ordinary spaces.
SPACES = {
    "\u0085": " ",        # next line
    "\u1680": " ",        # ogham space mark
    **{chr(code): " " for code in range(0x2000, 0x200B) if code != 0x2007},  # en quad ... hair space
    "\u2007": "\u00a0",   # figure space
    "\u2028": " ",        # line separator
    "\u2029": "\n\n",     # paragraph separator
    "\u202f": "\u00a0",   # narrow no-break space
    "\u205f": " ",        # medium mathematical space
    "\u3000": " ",        # ideographic space
    # invisible marks Word leaves in a text, which a font would draw (the soft hyphen as a hyphen) or
    # the PDF would keep in its words: deck hyphenates by itself
    "\u00ad": "",         # soft hyphen
    "\u200b": "",         # zero-width space
    "\u2060": "",         # word joiner
    "\ufeff": "",         # zero-width no-break space (a byte order mark inside a text)
}
_SPACES = Pattern(f"[{''.join(SPACES)}]")

# Characters YAML refuses in a file (and a text must not hold): C0 and C1 controls but tab, line
# feed, carriage return and next line, and the two non-characters U+FFFE and U+FFFF.
RAW_CONTROL = Pattern("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")

_CONTROL_NAMES = {
    "\x00": "NUL", "\x07": "bell", "\x08": "backspace", "\x0b": "vertical tab, a line break in Word",
    "\x0c": "form feed, a page break", "\x1b": "escape", "\x7f": "delete",
}


def normalise_spaces(text: str) -> str:
    """`text` with every space of SPACES replaced by what it means."""
    return _SPACES.sub(lambda match: SPACES[match.group()], text)


_CONTROL_OR_BROKEN = Pattern(RAW_CONTROL.pattern[:-1] + "\ud800-\udfff]")


def first_control(text: str) -> str | None:
    """The first character of `text` that no text may hold, if any: a control character, or half of
    a surrogate pair (which a YAML escape such as "\\ud800" can make)."""
    found = _CONTROL_OR_BROKEN.search(text)
    return found.group() if found else None


def control_character(char: str) -> str:
    """A control character named for a message: "a control character, U+000B (vertical tab ...)"."""
    if "\ud800" <= char <= "\udfff":
        return f"a broken character, U+{ord(char):04X} (half of a pair that belongs together)"
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "").lower()
    return f"a control character, U+{ord(char):04X}" + (f" ({name})" if name else "")


_WORD_BREAKS = Pattern(r"[ \t\n\r]+")


_LONG_WORD = re.compile(rf"[^ \t\n\r]{{{MAX_WORD + 1}}}")


def long_word(text: str) -> str | None:
    """The first word longer than MAX_WORD (words end at ordinary white space, as the line breaker's)."""
    if len(text) <= MAX_WORD or not _LONG_WORD.search(text):  # (one search, not a list of words)
        return None
    return next((word for word in _WORD_BREAKS.split(text) if len(word) > MAX_WORD), None)


def shortened(text: str, length: int = 60) -> str:
    """`text` cut to `length` characters for a message, so a pasted novel does not fill the screen."""
    return text if len(text) <= length else text[: length - 1] + "…"
