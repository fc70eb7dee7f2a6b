"""The vocabulary of set text: styles, paragraphs, lines, and the typographic clean-up of plain text.

Text is plain text: nothing in it is read as markup.
"""

import re
from functools import lru_cache, partial
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


NBSP = "\u00a0"


class QuoteMarks(NamedTuple):
    """A language's quotation marks: what typed "..." and '...' become in running text, the marks
    around a quote block, and what typed "..." and '...' become inside a quote block, one level down
    (German „… ‚…‘ …“, and „…“ again a level further). `spaced`: no-break spaces inside « » and
    before ; : ! ? (French), `thin` the one before ; ! ? (the narrow U+202F where the fonts have it)."""

    double: tuple[str, str]
    single: tuple[str, str]
    block: tuple[str, str]
    inner_double: tuple[str, str]
    inner_single: tuple[str, str]
    spaced: bool = False
    thin: str = NBSP


_SINGLE, _DOUBLE = ("‘", "’"), ("“", "”")
# Dutch and British English quote with single marks (the deck's editor changed “maatjeswerk” to
# ‘maatjeswerk’), double inside
_BRITISH = QuoteMarks(_SINGLE, _SINGLE, _SINGLE, _DOUBLE, _SINGLE)
_GUILLEMETS = ("«" + NBSP, NBSP + "»")
QUOTE_MARKS = {
    "nl": _BRITISH,
    "en": _BRITISH,
    "en-us": QuoteMarks(_DOUBLE, _SINGLE, _DOUBLE, _SINGLE, _DOUBLE),
    "de": QuoteMarks(("„", "“"), ("‚", "‘"), ("„", "“"), ("‚", "‘"), ("„", "“")),
    "de-ch": QuoteMarks(("«", "»"), ("‹", "›"), ("«", "»"), ("‹", "›"), ("«", "»")),
    "fr": QuoteMarks(_GUILLEMETS, _DOUBLE, _GUILLEMETS, _DOUBLE, _SINGLE, spaced=True),
}


def quote_marks(language: str) -> QuoteMarks:
    """The marks of a language tag (de-CH, en-US and their primary languages), else the British and
    Dutch ones."""
    tag = language.replace("_", "-").lower()
    return QUOTE_MARKS.get(tag) or QUOTE_MARKS.get(tag.split("-")[0], _BRITISH)


_FRENCH_SPACE_BEFORE = Pattern(r"(?<=\S)[ \u00a0\u202f]+([;:!?»])")
_FRENCH_SPACE_MISSING = Pattern(r"(?<=[\w”’)])([;:!?]+)(?=\s|$|[”’)]|\u00a0»)")  # (not 12:30, nor https://)
_FRENCH_SPACE_AFTER = Pattern(r"«[ \u00a0\u202f]*")
_FRENCH_SPACE_CLOSE = Pattern(r"(?<=\S)[ \u00a0\u202f]*»")
_PERCENT_BINDS = Pattern(r"(?<=\d) (%)")  # 37 %: a number keeps its sign


@lru_cache(maxsize=1 << 17)  # every text of a large deck: it is asked for when fitting and again when drawing
def smarten(text: str, marks: QuoteMarks = _BRITISH, inner: bool = False) -> str:
    """Typewriter quotes and dashes -> typographic ones (‘ ’ “ ” – in Dutch and British English, the
    language's own in others: `marks`); a dash never starts a line, a short number never starts one
    without the word before it (Figuur 1), nor a % sign without its number, and a hyphen that stands
    for a compound's left-out part stays with the word beside it (kennis- of); in French a no-break
    space keeps ; : ! ? and » with the word before them and « with the word after it."""
    # each rule only where its character occurs (most texts have few of them: a regular
    # expression's scan costs more than looking for one character)
    double, single = (marks.inner_double, marks.inner_single) if inner else (marks.double, marks.single)
    if "'" in text:
        text = _SINGLE_CLOSE.sub("’", text)
        text = _ELISION.sub("’", text)
        text = _SINGLE_OPEN.sub(single[0], text)
        text = text.replace("'", "’")
        if single[1] != "’":
            text = _paired(text, single)
    if '"' in text:
        text = _DOUBLE_OPEN.sub(lambda match: match.group(1) + double[0], text)
        text = text.replace('"', double[1])
    if "-" in text:
        text = _DASH.sub("–", text)
        if "- " in text or " -" in text:
            text = _ELIDED.sub(_bound_elision, text)
    if _DIGIT.search(text):
        text = _NUMBER_BINDS.sub("\u00a0\\1", text)
        if "%" in text:
            text = _PERCENT_BINDS.sub("\u00a0\\1", text)
    if "–" in text or "—" in text:
        text = _DASH_BINDS.sub("\u00a0\\1", text)
    if marks.spaced:
        text = _french_spaces(text, marks.thin)
    return text


def smartener(marks: QuoteMarks):
    """smarten() for running text in `marks`, as a function of the text alone, remembered apart: a
    cache keyed by the text alone costs no key object per entry (smarten's own, keyed by its three
    arguments, costs about 100 bytes an entry, 13 MB at 5000 cards) and is looked up in C."""
    found = _SMARTENERS.get(marks)
    if found is None:
        found = _SMARTENERS[marks] = lru_cache(maxsize=1 << 17)(partial(smarten.__wrapped__, marks=marks))
    return found


_SMARTENERS: dict = {}


def _paired(text: str, single: tuple[str, str]) -> str:
    """Where a language closes a single quote with another mark than the apostrophe (German ‚…‘):
    the first ’ after an opening mark that no letter follows closes it; an apostrophe inside a word
    (geht’s) stays."""
    opening, closing = single
    out, open_at = list(text), None
    for index, char in enumerate(out):
        if char == opening:
            open_at = index
        elif char == "’" and open_at is not None and not (index + 1 < len(out) and out[index + 1].isalpha()):
            out[index], open_at = closing, None
    return "".join(out)


def _french_spaces(text: str, thin: str) -> str:
    """A no-break space inside « » and before :, a narrow one (`thin`) before ; ! ? and % (70 %)."""
    if "%" in text:
        text = _FRENCH_PERCENT.sub(thin + "%", text)
    if "«" in text:
        text = _FRENCH_SPACE_AFTER.sub("«" + NBSP, text)
    if "»" in text:
        text = _FRENCH_SPACE_CLOSE.sub(NBSP + "»", text)
    if any(char in text for char in ";:!?"):
        text = _FRENCH_SPACE_BEFORE.sub(NBSP + "\\1", text)
        text = _FRENCH_SPACE_MISSING.sub(NBSP + "\\1", text)
        if thin != NBSP:
            text = _NARROW_BEFORE.sub(thin + "\\1", text)
    return text


# A hyphen standing for the part of a compound left out (kennis- of expertnetwerken, in- en
# -uitstroom) is bound to the word beside it: at a line's end "kennis-" would read as a word broken there.
_ELIDED = Pattern(r"(?<=\w)- (?=\w)| -(?=\w)")


def _bound_elision(match) -> str:
    return "-" + NBSP if match[0][0] == "-" else NBSP + "-"


_NARROW_BEFORE = Pattern(r"\u00a0([;!?])")
_FRENCH_PERCENT = Pattern(r"(?<=\d)[ \u00a0\u202f]?%")


def quoted(paragraphs: tuple[str, ...], marks: QuoteMarks = _BRITISH) -> list[str]:
    """A quote block's paragraphs with the language's marks around the whole quote, and the marks
    typed inside it a level down (German „Er sagte ‚Lernen ist „Arbeit“‘.“). Every paragraph opens
    with the opening mark, as a quote running over paragraphs does in print; only the last closes."""
    texts = [marks.block[0] + smarten(paragraph, marks, inner=True) for paragraph in paragraphs]
    texts[-1] = texts[-1] + marks.block[1]
    return texts


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
    hang: float = 0.0  # the first line stands this far left of the indent: an opening quote mark hung in the margin


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
