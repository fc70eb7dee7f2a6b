"""Paragraphs + a width + a body size -> lines of text, and the largest body size that fits.

Measures, never draws. Text is plain text: nothing in it is read as markup. Lines break ragged right
with Dutch hyphenation (the diaeresis is dropped at a break: financi-ele), a paragraph whose last
line would hold one word is re-broken when that helps, and a word wider than the column is split
rather than allowed to run out of its area.
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, NamedTuple, Sequence

import pyphen
from reportlab.pdfbase import pdfmetrics

from .errors import DeckError

_UNDOTTED = str.maketrans("ëïöüäËÏÖÜÄ", "eiouaEIOUA")


@lru_cache(maxsize=4096)
def smarten(text: str) -> str:
    """Typewriter quotes and dashes -> typographic ones (‘ ’ “ ” –)."""
    text = re.sub(r"(?<=\w)'", "’", text)
    text = re.sub(r"'(?=\w)", "‘", text)
    text = text.replace("'", "’")
    text = re.sub(r'(^|[\s(\[])"', "\\1“", text)
    text = text.replace('"', "”")
    text = re.sub(r"(?<=\s)-(?=\s)", "–", text)
    return re.sub(r" (–)(?= )", "\u00a0\\1", text)  # a dash never starts a line


@dataclass(frozen=True)
class Style:
    """How one kind of text is set: a registered font name, a size and a colour role."""

    font: str
    size: float
    leading: float
    colour: str = "text"


class Paragraph(NamedTuple):
    """One paragraph in one style. Spacing and indents are in points.

    (Paragraphs and lines are named tuples: a deck sets hundreds of thousands of them, and tuples
    are made several times faster than frozen dataclasses.)"""

    text: str
    style: Style
    space_before: float = 0.0
    indent: float = 0.0
    bullet: str = ""
    right: float = 0.0
    min_height: float = 0.0
    stretch: bool = False  # its space_before may grow to share out room the column does not need
    hyphenate: bool = True  # titles and headings break only between words
    balance: bool = False   # even out the lines (titles)


class Line(NamedTuple):
    """A set line: x from the column's left edge, y the baseline measured down from the column top."""

    x: float
    y: float
    text: str
    style: Style
    width: float


MIN_FRAGMENT = 3       # letters on each side of a hyphenation break: no "ge-" or "-en"
MIN_HYPHENATED = 8     # shorter words move to the next line whole
MAX_HYPHEN_STACK = 2   # consecutive lines that may end in a hyphen


@dataclass(frozen=True)
class Column:
    """Set text: its lines, where each paragraph starts (depth from the top) and its total height."""

    lines: tuple[Line, ...]
    tops: tuple[float, ...]
    bottoms: tuple[float, ...]  # the last baseline of each paragraph
    height: float
    stretch: float = 0.0  # the sum of the space before the paragraphs that may stretch
    drops: tuple[float, ...] = ()  # per paragraph: the stretchable space above it (itself included)
    line_drops: tuple[float, ...] = ()  # the same, per line


class Hyphenator:
    """Break points of a word for one language, with the spelling change at a break applied."""

    def __init__(self, language: str):
        code = language.replace("-", "_")
        self._dictionary = (pyphen.Pyphen(lang=code, left=MIN_FRAGMENT, right=MIN_FRAGMENT)
                            if code in pyphen.LANGUAGES else None)
        self._splits: dict[str, tuple[tuple[str, str], ...]] = {}

    def splits(self, word: str) -> tuple[tuple[str, str], ...]:
        """Ways to break `word`, longest first part first: (first part with its hyphen, rest)."""
        if word not in self._splits:
            self._splits[word] = self._find_splits(word)
        return self._splits[word]

    def _find_splits(self, word: str) -> tuple[tuple[str, str], ...]:
        options = [(word[: i + 1], word[i + 1:]) for i, char in enumerate(word[:-1])
                   if char in "-/" and i > 0]
        if self._dictionary is not None and word.isalpha() and len(word) >= MIN_HYPHENATED:
            for left, right in self._dictionary.iterate(word):
                options.append((left + "-", right[:1].translate(_UNDOTTED) + right[1:]))
        return tuple(sorted(options, key=lambda pair: -len(pair[0])))


NO_HYPHENATION = Hyphenator("")


class Measure:
    """Word widths for a registered font, cached at 1 pt and scaled."""

    def __init__(self):
        self._widths: dict[tuple[str, str], float] = {}

    def width(self, text: str, style: Style) -> float:
        key = (text, style.font)
        if key not in self._widths:
            self._widths[key] = pdfmetrics.stringWidth(text, style.font, 1.0)
        return self._widths[key] * style.size


def break_lines(text: str, width: float, style: Style, measure: Measure, hyphenator: Hyphenator,
                balance: bool = False) -> list[str]:
    """Ragged-right lines of `text` no wider than `width`; avoids a one-word last line if it can.

    `balance` evens out the lines of a short text such as a title ("Mogelijkheden creëren voor /
    het leren op de werkvloer" rather than a long line and a short one).
    """
    words = words_of(text)
    lines = _greedy(words, width, style, measure, hyphenator)
    if balance and len(lines) > 1:
        return _balanced(words, width, lines, style, measure, hyphenator)
    if len(lines) > 1 and len(lines[-1].split(" ")) == 1:
        for narrower in (0.97, 0.94, 0.91, 0.88):
            attempt = _greedy(words, width * narrower, style, measure, hyphenator)
            if len(attempt) == len(lines) and len(attempt[-1].split(" ")) > 1:
                return attempt
    return lines


def words_of(text: str) -> list[str]:
    """Words split at ordinary white space; a no-break space (U+00A0) keeps its neighbours together."""
    return [word for word in re.split(r"[ \t\n\r\f\v]+", text) if word]


def _balanced(words, width, lines, style, measure, hyphenator) -> list[str]:
    """The narrowest setting with the same number of lines."""
    best = lines
    for step in range(1, 12):
        attempt = _greedy(words, width * (1 - step * 0.04), style, measure, hyphenator)
        if len(attempt) != len(lines):
            break
        best = attempt
    return best


def _greedy(words: Sequence[str], width: float, style: Style, measure: Measure,
            hyphenator: Hyphenator) -> list[str]:
    # Widths add up word by word (reportlab sets TrueType text without kerning), so a line is
    # never measured twice.
    space = measure.width(" ", style)
    lines: list[str] = []
    current, used, stacked = "", 0.0, 0
    queue = deque(words)
    while queue:
        word = queue.popleft()
        grown = used + (space if current else 0.0) + measure.width(word, style)
        if grown <= width:
            current, used = (f"{current} {word}" if current else word), grown
            continue
        # the last word of a paragraph stays whole, so a paragraph never ends on a fragment
        may_break = bool(queue) and stacked < MAX_HYPHEN_STACK
        room = width - grown + measure.width(word, style)
        head, rest = _split_to_fit(word, room, style, measure, hyphenator) if may_break else ("", word)
        if head:
            lines.append(f"{current} {head}" if current else head)
            stacked += 1
        elif current:
            lines.append(current)
            rest, stacked = word, 0
        else:
            head, rest = _force_split(word, width, style, measure)
            lines.append(head)
        current, used = "", 0.0
        if rest:
            queue.appendleft(rest)
    if current:
        lines.append(current)
    return lines


def _split_to_fit(word, room, style, measure, hyphenator) -> tuple[str, str]:
    """The longest hyphenated first part of `word` that fits in `room`."""
    lead, core, tail = _WORD.match(word).groups()
    for head, rest in hyphenator.splits(core):
        if rest and measure.width(lead + head, style) <= room:
            return lead + head, rest + tail
    return "", word


# Opening and closing punctuation stay with the first and the last part of a broken word.
_WORD = re.compile(r"^([(\[‘“]*)(.*?)([.,;:!?)\]’”]*)$", re.S)


def _force_split(word: str, width: float, style: Style, measure: Measure) -> tuple[str, str]:
    """A word wider than the whole column: cut it where it must, so it never runs out of its area."""
    for end in range(len(word) - 1, 0, -1):
        if measure.width(word[:end], style) <= width:
            return word[:end], word[end:]
    return word[:1], word[1:]


@dataclass
class Typesetter:
    """Sets paragraphs in a column; one per face language and font set."""

    hyphenator: Hyphenator
    measure: Measure
    breaks: dict = field(default_factory=dict)

    def set(self, paragraphs: Sequence[Paragraph], width: float) -> "Column":
        """Lines for `paragraphs` in a column `width` wide, with the height they take.

        The column also says how far each line moves down per unit of extra stretch (`drops`), so
        a face can be spread without being set again (see copyfit.respread).
        """
        lines: list[Line] = []
        tops, bottoms, drops, line_drops = [], [], [], []
        depth = drop = 0.0
        for index, paragraph in enumerate(paragraphs):
            if index:
                depth += paragraph.space_before
                drop += paragraph.space_before if paragraph.stretch else 0.0
            tops.append(depth)
            drops.append(drop)
            for number, (text, text_width) in enumerate(self._broken(paragraph, width - paragraph.indent
                                                                     - paragraph.right)):
                depth += paragraph.style.size if number == 0 and not lines else paragraph.style.leading
                if number == 0 and paragraph.bullet:
                    lines.append(self._line(paragraph.indent - paragraph.style.size, depth,
                                            paragraph.bullet, paragraph.style))
                    line_drops.append(drop)
                lines.append(Line(paragraph.indent, depth, text, paragraph.style, text_width))
                line_drops.append(drop)
            bottoms.append(depth)
            depth = max(depth, tops[-1] + paragraph.min_height)
        return Column(tuple(lines), tuple(tops), tuple(bottoms), depth + _descent(paragraphs), drop,
                      tuple(drops), tuple(line_drops))

    def _broken(self, paragraph: Paragraph, width: float) -> list[tuple[str, float]]:
        """Lines with their widths, remembered: a face set again with wider gaps between its
        sections reuses them instead of breaking and measuring every paragraph anew."""
        key = (paragraph.text, round(width, 6), paragraph.style, paragraph.hyphenate, paragraph.balance)
        if key not in self.breaks:
            hyphenator = self.hyphenator if paragraph.hyphenate else NO_HYPHENATION
            texts = break_lines(paragraph.text, width, paragraph.style, self.measure, hyphenator,
                                paragraph.balance)
            self.breaks[key] = [(text, self.measure.width(text, paragraph.style)) for text in texts]
        return self.breaks[key]

    def _line(self, x: float, y: float, text: str, style: Style) -> Line:
        return Line(x, y, text, style, self.measure.width(text, style))


def check_glyphs(text: str, font: str, path, what: str = "") -> None:
    """Every character must exist in the font: no tofu boxes, no silent gaps."""
    face = pdfmetrics.getFont(font).face
    for char in dict.fromkeys(text):  # in reading order, so the first missing one is named
        if char.isspace():  # white space is never drawn
            continue
        if ord(char) not in face.charToGlyph:
            name = face.name.decode() if isinstance(face.name, bytes) else face.name
            raise DeckError(f"{what}the character '{char}' (U+{ord(char):04X}) is not in the font {name}; "
                            "remove it or choose a font that has it", path)


def _descent(paragraphs: Sequence[Paragraph]) -> float:
    """Room below the last baseline for descenders."""
    return paragraphs[-1].style.size * 0.25 if paragraphs else 0.0


def largest_fitting(measure: Callable[[float], tuple[float, float]], smallest: float, largest: float,
                    step: float = 0.1) -> float | None:
    """The largest size on a `step` grid in [smallest, largest] at which the text fits.

    `measure(size)` returns (height needed, height available). None when even `smallest` is too big.
    Starts from an estimate (set text grows with the square of its size) and walks from there, so a
    fit takes a few layout passes instead of a full bisection.
    """
    top = _snap(largest, smallest, step)
    needed, available = measure(top)
    if needed <= available:
        return top
    size = _snap(max(smallest, top * (max(available, 0.0) / needed) ** 0.5), smallest, step)
    while not _fits(measure, size):
        if size <= smallest:
            return None
        size = _snap(size - step, smallest, step)
    while size + step <= top + 1e-9 and _fits(measure, _snap(size + step, smallest, step)):
        size = _snap(size + step, smallest, step)
    return size


def _fits(measure: Callable[[float], tuple[float, float]], size: float) -> bool:
    needed, available = measure(size)
    return needed <= available


def _snap(size: float, smallest: float, step: float) -> float:
    """Round down to the grid that starts at `smallest`, so equal inputs give equal sizes."""
    steps = int((size - smallest) / step + 1e-6)
    return round(smallest + steps * step, 4)
