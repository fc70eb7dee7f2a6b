"""The vocabulary of set text: styles, paragraphs, lines, and the typographic clean-up of plain text.

Text is plain text: nothing in it is read as markup.
"""

import re
from functools import lru_cache
from typing import NamedTuple

from .regex import Pattern

_SINGLE_CLOSE = re.compile(r"(?<=\w)'")
# an apostrophe for letters left out at a word's start, not an opening quote: Dutch 't, 's, 'n, 'k,
# 'm, 'r, 'ns ('s-Hertogenbosch, 's avonds), English 'tis and 'em, and years ('90)
_ELISION = re.compile(r"(?<!\w)'(?=(?:t|s|n|k|m|r|ns|tis|em)\b|\d)", re.IGNORECASE)
_SINGLE_OPEN = re.compile(r"'(?=\w)")
_DOUBLE_OPEN = Pattern(r'(^|[\s(\[])"')
_DASH = re.compile(r"(?<=\s)-(?=\s)")
_DASH_BINDS = re.compile(r" ([–—])(?= )")  # a spaced en or em dash stays with the word before it
_DIGIT = re.compile(r"\d")
_NUMBER_BINDS = re.compile(r"(?<=\w) (\d{1,3})\b")  # Figuur 1, kaart 3: a number stays with its word


@lru_cache(maxsize=1 << 17)  # every text of a large deck: it is asked for when fitting and again when drawing
def smarten(text: str) -> str:
    """Typewriter quotes and dashes -> typographic ones (‘ ’ “ ” –); a dash never starts a line, and a
    short number never starts one without the word before it (Figuur 1)."""
    # each rule only where its character occurs (most texts have few of them: a regular
    # expression's scan costs more than looking for one character)
    if "'" in text:
        text = _SINGLE_CLOSE.sub("’", text)
        text = _ELISION.sub("’", text)
        text = _SINGLE_OPEN.sub("‘", text)
        text = text.replace("'", "’")
    if '"' in text:
        text = _DOUBLE_OPEN.sub("\\1“", text)
        text = text.replace('"', "”")
    if "-" in text:
        text = _DASH.sub("–", text)
    if _DIGIT.search(text):
        text = _NUMBER_BINDS.sub("\u00a0\\1", text)
    if "–" in text or "—" in text:
        text = _DASH_BINDS.sub("\u00a0\\1", text)
    return text


_SPACES = Pattern(r"[ \t\n\r\f\v]+")


def words_of(text: str) -> list[str]:
    """Words split at ordinary white space; a no-break space (U+00A0) keeps its neighbours together."""
    # nearly every paragraph has single spaces between its words and no other white space: str.split
    if text and text[0] != " " and text[-1] != " " and "  " not in text and not _OTHER_SPACES.search(text):
        return text.split(" ")
    return [word for word in _SPACES.split(text) if word]


_OTHER_SPACES = Pattern(r"[\t\n\r\f\v]")


class Style(NamedTuple):
    """How one kind of text is set: a registered font name, a size, the line distance and a colour role.

    (A named tuple, as Paragraph and Line below: every remembered paragraph and measured word is
    looked up by its style, and a tuple is hashed and compared in C.)"""

    font: str
    size: float
    leading: float
    colour: str = "text"
    tracking: float = 0.0  # letterspacing, in em: capitals set as a label need some air


class Paragraph(NamedTuple):
    """One paragraph in one style. Spacing and indents are in points.

    (Paragraphs and lines are named tuples: a deck sets hundreds of thousands of them, and tuples
    are made several times faster than frozen dataclasses.)"""

    text: str
    style: Style
    space_before: float = 0.0
    indent: float = 0.0
    bullet: str = ""
    stretch: bool = False  # its space_before may grow to share out room the column does not need
    hyphenate: bool = True  # display text (titles, headings, questions) breaks only between words, by sense
    balance: bool = False   # even out the lines (titles)
    keep_with_next: bool = False  # a heading: never the last thing in a column


class Line(NamedTuple):
    """A set line of one style: its text, its width, and how it ends ('' at a space, else the kind of
    hyphenation break, see hyphenate.COSTS)."""

    text: str
    style: Style
    width: float
    kind: str = ""


class Placed(NamedTuple):
    """A line where it stands: its left end and baseline, and how far it moves down per unit of
    spread (the stretchable space above it; see copyfit.respread)."""

    x: float
    y: float
    line: Line
    drop: float = 0.0
