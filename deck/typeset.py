"""Paragraphs + a column width -> a Column of placed lines: the text set, stacked and measured.

Paragraphs are broken into lines by linebreak.py (hyphenated with hyphenate.py), then stacked with
their spacing. A flow may also be set in several columns of equal width, balanced so that the
columns end as evenly as whole paragraphs allow. Measures, never draws.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from .hyphenate import Hyphenator
from .linebreak import FUNCTION_WORDS, break_paragraph
from .measure import Measure
from .text import Line, Paragraph, Placed, words_of


@dataclass(frozen=True)
class Column:
    """Set text: its lines (x from the column's left, y the baseline's depth below its top), where
    each paragraph starts and ends (depths), its height, and how much of that may stretch."""

    lines: tuple[Placed, ...]
    tops: tuple[float, ...]
    bottoms: tuple[float, ...]  # the last baseline of each paragraph
    height: float
    stretch: float = 0.0  # the sum of the space before the paragraphs that may stretch
    drops: tuple[float, ...] = ()  # per paragraph: the stretchable space above it (itself included)
    spans: tuple[tuple[int, int], ...] = ()  # per paragraph: its lines, as a range of `lines`


@dataclass
class Typesetter:
    """Sets paragraphs in columns; one per face language and font set."""

    hyphenator: Hyphenator
    measure: Measure
    breaks: dict = field(default_factory=dict)  # (text, width, style, hyphenate, balance) -> lines
    used: set | None = None  # the keys of `breaks` asked for, where the caller keeps them (typecache)

    def set(self, paragraphs: Sequence[Paragraph], width: float) -> Column:
        """Lines for `paragraphs` in one column `width` wide, with the height they take."""
        lines: list[Placed] = []
        tops, bottoms, drops, spans = [], [], [], []
        depth = drop = 0.0
        for index, paragraph in enumerate(paragraphs):
            if index:
                depth += paragraph.space_before
                drop += paragraph.space_before if paragraph.stretch else 0.0
            tops.append(depth)
            drops.append(drop)
            first = len(lines)
            style = paragraph.style
            for number, line in enumerate(self.broken(paragraph, width - paragraph.indent)):
                depth += style.size if number == 0 and not lines else style.leading
                if number == 0 and paragraph.bullet:
                    bullet = Line(paragraph.bullet, style, self.measure.width(paragraph.bullet, style))
                    lines.append(Placed(paragraph.indent - style.size, depth, bullet, drop))
                lines.append(Placed(paragraph.indent, depth, line, drop))
            bottoms.append(depth)
            spans.append((first, len(lines)))
        return Column(tuple(lines), tuple(tops), tuple(bottoms), depth + _descent(paragraphs), drop, tuple(drops),
                      tuple(spans))

    def columns(self, paragraphs: Sequence[Paragraph], width: float, count: int, gutter: float
                ) -> tuple[Column, ...]:
        """`paragraphs` in `count` columns (1 or 2) of (width - gutters) / count, split between
        paragraphs where the taller column is lowest; a heading never ends a column."""
        if count == 1 or len(paragraphs) < 2:
            return (self.set(paragraphs, width),)
        narrow = (width - gutter * (count - 1)) / count
        # the height of paragraphs[a:b] set as a column, from each paragraph's line count: a column's
        # first line stands at the font size below its top, every further line a leading lower
        first, further = [], [0.0]
        for paragraph in paragraphs:
            count_ = len(self.broken(paragraph, narrow - paragraph.indent))
            style = paragraph.style
            first.append(style.size + (count_ - 1) * style.leading if count_ else 0.0)
            further.append(further[-1] + paragraph.space_before + count_ * style.leading)

        def height(a: int, b: int) -> float:
            return first[a] + further[b] - further[a + 1] + paragraphs[b - 1].style.size * 0.25

        splits = [split for split in range(1, len(paragraphs)) if not paragraphs[split - 1].keep_with_next]
        if not splits:
            return (self.set(paragraphs, narrow),)
        split = min(splits, key=lambda k: (max(height(0, k), height(k, len(paragraphs))), k))
        return (self.set(paragraphs[:split], narrow),
                self.set([paragraphs[split]._replace(space_before=0.0), *paragraphs[split + 1:]], narrow))

    def broken(self, paragraph: Paragraph, width: float) -> list[Line]:
        """The lines of one paragraph, remembered: a face set again at the same size (or spread)
        reuses them instead of breaking and measuring the paragraph anew."""
        key = (paragraph.text, round(width, 6), paragraph.style, paragraph.hyphenate, paragraph.balance)
        if self.used is not None:
            self.used.add(key)
        lines = self.breaks.get(key)
        if lines is None:
            language = self.hyphenator.language.split("-")[0]
            found = break_paragraph(words_of(paragraph.text), width, paragraph.style, self.measure,
                                    self.hyphenator if paragraph.hyphenate else None, paragraph.balance,
                                    frozenset() if paragraph.hyphenate else FUNCTION_WORDS.get(language, frozenset()))
            lines = self.breaks[key] = [Line(line.text, paragraph.style, line.width, line.kind) for line in found]
        return lines


def _descent(paragraphs: Sequence[Paragraph]) -> float:
    """Room below the last baseline for descenders."""
    return paragraphs[-1].style.size * 0.25 if paragraphs else 0.0
