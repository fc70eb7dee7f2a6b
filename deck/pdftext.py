"""Placed lines -> PDF text operators: one text object per face, every line a kerned TJ array.

reportlab embeds a TrueType font as subsets of up to 256 characters and encodes text per document;
the encoding of a word, and its kerning, are remembered per document and word, so a deck of a
thousand cards costs about one encoding per distinct word, not one per line. Only the words used
lately are remembered (a deck's vocabulary grows with the deck): a word met again after that is
encoded again, to the same bytes, as its characters already have their place in the subsets.
"""
from __future__ import annotations

import functools
import sys
import weakref

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics

from .measure import kerning
from .text import Placed

_WRITERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
RECENT_WORDS = 40_000  # per font: a deck of a thousand cards uses fewer; the common ones stay (see _word)


def writer(doc) -> "TextWriter":
    """The one TextWriter of a reportlab document (its encodings belong to that document)."""
    found = _WRITERS.get(doc)
    if found is None:
        found = _WRITERS[doc] = TextWriter(doc)
    return found


class TextWriter:
    """Encodes and kerns words for one document, remembering what it has done."""

    def __init__(self, doc):
        self.doc = doc
        # font -> word -> the word's segments (see _encode); subset names are interned, compared by identity.
        # The words used lately, and those used before them: a word used again moves back to the first.
        self._words: dict[str, dict[str, tuple[tuple[str, tuple[str, ...]], ...]]] = {}
        self._older: dict[str, dict[str, tuple[tuple[str, tuple[str, ...]], ...]]] = {}

    def text_object(self, lines: tuple[Placed, ...], fill) -> str:
        """The operators that draw `lines`; `fill(role)` gives the fill operator of a colour role."""
        code = ["q BT"]
        current_font, current_fill = (None, None), None
        tracking = 0.0
        for x, y, line, _ in lines:
            if not line.text:
                continue
            operator = fill(line.style.colour)
            if operator != current_fill:
                code.append(operator)
                current_fill = operator
            if line.style.tracking != tracking:
                tracking = line.style.tracking
                code.append(f"{fp_str(tracking * line.style.size)} Tc")
            code.append(f"1 0 0 1 {fp_str(x)} {fp_str(y)} Tm")
            current_font = self._line(code, line.text, line.style.font, line.style.size, current_font)
        code.append("ET Q")
        return "\n".join(code)

    def _line(self, code: list[str], text: str, font: str, size: float, current_font):
        """Append the operators of one line; returns the font (name, size) set at its end."""
        shown: list[str] = []  # the finished elements of the TJ array
        open_ = ""             # the string being added to
        known = self._words.setdefault(font, {})
        space = known.get(" ") or self._word(font, " ")
        for index, word in enumerate(text.split(" ")):
            segments = known.get(word) or self._word(font, word)
            if index:
                segments = space + segments
            for name, pieces in segments:
                if name is not current_font[0] or size != current_font[1]:
                    if shown or open_:
                        code.append(_operator(shown, open_))
                        shown, open_ = [], ""
                    code.append(f"{name} {fp_str(size)} Tf")
                    current_font = (name, size)
                open_ += pieces[0]
                for at in range(1, len(pieces), 2):
                    shown.append(f"({open_})")
                    shown.append(pieces[at])
                    open_ = pieces[at + 1]
        code.append(_operator(shown, open_))
        return current_font

    def _word(self, font: str, word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The word's segments, remembered: when RECENT_WORDS are, they become the older ones and
        those before them are forgotten, so a word in use is never forgotten for long."""
        recent = self._words.setdefault(font, {})
        found = recent.get(word)
        if found is None:
            found = self._older.get(font, {}).get(word)
            if found is None:
                found = self._encode(font, word)
            if len(recent) >= RECENT_WORDS:
                self._older[font] = recent
                recent = self._words[font] = {}
            recent[word] = found
        return found

    def _encode(self, font: str, word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The word in this document's encoding: per font subset it uses, the subset's name and the
        escaped text, split where a kerning pair moves the next character: (text, adjustment, text, ...)."""
        adjustments = kerning(font).adjustments(word)
        reportlab_font = pdfmetrics.getFont(font)
        segments, position = [], 0
        for subset, chunk in reportlab_font.splitString(word, self.doc):
            pieces, start = [], 0
            for index in range(len(chunk) - 1):
                adjustment = adjustments[position + index]
                if adjustment:
                    pieces += [escapePDF(chunk[start:index + 1]), _adjustment(adjustment)]
                    start = index + 1
            pieces.append(escapePDF(chunk[start:]))
            last = adjustments[position + len(chunk) - 1]
            if last:  # a pair across two subsets: the move ends this one
                pieces += [_adjustment(last), ""]
            name = sys.intern(reportlab_font.getSubsetInternalName(subset, self.doc))
            segments.append((name, tuple(pieces)))
            position += len(chunk)
        return tuple(segments)


@functools.lru_cache(maxsize=4096)
def _adjustment(kerning_pair: float) -> str:
    """A kerning pair's adjustment in a TJ array, one string per value: a font has few of them, and
    thousands of remembered words share them."""
    return fp_str(-kerning_pair)


def _operator(shown: list[str], open_: str) -> str:
    """The TJ array of a line's kerned runs, or a plain Tj when nothing was kerned."""
    if not shown:
        return f"({open_}) Tj"
    return f"[{' '.join(shown)} ({open_})] TJ"
