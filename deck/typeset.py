"""Paragraphs + a column width -> a Column of placed lines: the text set, stacked and measured.

Paragraphs are broken into lines by linebreak.py (hyphenated with hyphenate.py), then stacked with
their spacing. A flow may also be set in several columns of equal width, balanced so that the
columns end as evenly as whole paragraphs allow. Measures, never draws.
"""

import contextlib
import functools
from array import array
from typing import Callable, Hashable, NamedTuple, Sequence

from .hyphenate import Hyphenator
from .linebreak import FUNCTION_WORDS, break_paragraph, set_plain
from .measure import Measure
from .text import Line, Paragraph, Placed, Style, words_of


class Column(NamedTuple):
    """Set text: its lines (x from the column's left, y the baseline's depth below its top), where
    each paragraph starts and ends (depths), its height, and how much of that may stretch."""

    lines: tuple[Placed, ...]
    tops: tuple[float, ...]
    bottoms: tuple[float, ...]  # the last baseline of each paragraph
    height: float
    stretch: float = 0.0  # the sum of the space before the paragraphs that may stretch
    drops: tuple[float, ...] = ()  # per paragraph: the stretchable space above it (itself included)
    spans: tuple[tuple[int, int], ...] = ()  # per paragraph: its lines, as a range of `lines`


def _packed(paragraph: str, lines) -> bytes | tuple:
    """One paragraph's lines as the typesetter remembers them, small. Most are the paragraph broken
    at its spaces: their widths as doubles and the lengths of their texts, in one bytes. Else
    (widths, the texts joined by newlines, which a paragraph's words never hold, how each ends)."""
    texts = [line.text for line in lines]
    widths = array("d", [line.width for line in lines]).tobytes()
    kinds = tuple(line.kind for line in lines)
    if " ".join(texts) == paragraph and not any(kinds):
        return widths + array("I", map(len, texts)).tobytes()
    return widths, "\n".join(texts), kinds


def _unpacked(packed: bytes | tuple, paragraph: str, style: Style) -> list[Line]:
    """The lines _packed keeps, as they were."""
    if type(packed) is tuple:
        widths, texts, kinds = packed
        return [Line(text, style, width, kind)
                for text, width, kind in zip(texts.split("\n"), array("d", widths), kinds)]
    if compiled_unpacked is not None:
        return compiled_unpacked(packed, paragraph, style, Line)
    count = len(packed) // 12
    lines, start, new = [], 0, tuple.__new__  # (Line(...) without the call through its __new__: many lines)
    for length, width in zip(array("I", packed[8 * count:]), array("d", packed[:8 * count])):
        lines.append(new(Line, (paragraph[start:start + length], style, width, "")))
        start += length + 1
    return lines


try:  # _unpacked's common case, set's loop and grid.set_flow's placing compiled (setup.py builds them where a C compiler is at hand)
    from ._typeset import placed as compiled_placed, stacked as compiled_stacked, unpacked as compiled_unpacked
except ImportError:
    compiled_placed = compiled_stacked = compiled_unpacked = None


class Typesetter:
    """Sets paragraphs in columns; one per face language and font set.

    Broken lines are remembered per paragraph, width and style, so a face set again at the same size
    costs little. Copyfitting sets thousands of faces at sizes that turn out wrong; lines broken
    inside `owned_by(owner)` are let go once every owner of them is released.
    (A plain class: a dataclass is made at import by generating its methods, about 0.7 ms.)"""

    def __init__(self, hyphenator: Hyphenator, measure: Measure,
                 breaks: dict[tuple, dict[str, bytes | tuple]] | None = None,
                 kept: dict[tuple, dict[str, bytes | tuple]] | None = None):
        self.hyphenator = hyphenator
        self.measure = measure
        # (width, style, hyphenate, balance) -> paragraph text -> its lines, packed
        self.breaks: dict[tuple, dict[str, bytes | tuple]] = {} if breaks is None else breaks
        # the same, as earlier runs of this deck set them (typecache.py): each taken into `breaks` when asked
        self.kept: dict[tuple, dict[str, bytes | tuple]] = {} if kept is None else kept
        self.let_go: Callable[[tuple, str, bytes | tuple], None] | None = None  # told of the lines release() forgets
        self.fresh = 0  # paragraphs broken (not found remembered)
        self._wheres: dict[int, tuple] = {}  # id(table) -> its key in `breaks`
        self._owned: dict[Hashable, list] = {}  # owner -> [table, text, table, text, ...]
        self._more: dict[tuple[int, str], int] = {}  # (id(table), text) -> owners beyond one
        self._noting: tuple[list, set] | None = None  # the current owner's list, and what it noted in this block

    @contextlib.contextmanager
    def owned_by(self, owner: Hashable):
        """The lines broken (or reused) inside the block belong to `owner` (a face at a body size)
        until release(owner). An owner is set once and only set again the same way: its lines are
        noted the first time."""
        outer = self._noting
        self._noting = None if owner in self._owned else (self._owned.setdefault(owner, []), set())
        try:
            yield
        finally:
            self._noting = outer

    def release(self, owner: Hashable) -> None:
        """Let go of the lines `owner` set: those no other owner holds are forgotten."""
        keys = self._owned.pop(owner, ())
        for index in range(0, len(keys), 2):
            table, text = keys[index], keys[index + 1]
            more = self._more.get((id(table), text))
            if more is None:
                packed = table.pop(text, None)
                if packed is not None and self.let_go is not None:
                    self.let_go(self._wheres[id(table)], text, packed)
            elif more > 1:
                self._more[id(table), text] = more - 1
            else:
                del self._more[id(table), text]

    def owned_lines(self, owner: Hashable) -> list[tuple[tuple, str, bytes | tuple]]:
        """What `owner` set, as (where, paragraph text, its lines packed): for another typesetter's
        adopt()."""
        keys = self._owned.get(owner, ())
        return [(self._wheres[id(keys[index])], keys[index + 1], keys[index][keys[index + 1]])
                for index in range(0, len(keys), 2)]

    def adopt(self, owner: Hashable, lines: list[tuple[tuple, str, bytes | tuple]]) -> None:
        """Take the lines another typesetter set for `owner` (its owned_lines) as if this one had set
        them inside owned_by(owner): they are `owner`'s until release(owner)."""
        keys = self._owned.setdefault(owner, [])
        for where, text, packed in lines:
            if self.kept:  # taken from an earlier run's lines there, as broken() takes them here
                earlier = self.kept.get(where)
                if earlier:
                    earlier.pop(text, None)
            table = self.breaks.get(where)
            if table is None:
                table = self.breaks[where] = {}
                self._wheres[id(table)] = where
            if text in table:  # another owner's too
                self._more[id(table), text] = self._more.get((id(table), text), 0) + 1
            else:
                table[text] = packed
            keys += (table, text)

    def forget_words(self) -> None:
        """Forget the widths and hyphenation points of the words met so far; the broken lines stay.
        Copyfitting calls it once every face is fitted: what is set after that reuses lines."""
        self.measure.forget()
        self.hyphenator.forget()

    def set(self, paragraphs: Sequence[Paragraph], width: float, broken: Sequence[list[Line]] | None = None
            ) -> Column:
        """Lines for `paragraphs` in one column `width` wide, with the height they take; `broken`:
        each paragraph's lines at that width, when the caller has them already."""
        if compiled_stacked is not None:
            if broken is None:
                broken = [self.broken(paragraph, width - paragraph.indent) for paragraph in paragraphs]
            bullets = [Line(paragraph.bullet, paragraph.style, self.measure.width(paragraph.bullet, paragraph.style))
                       if paragraph.bullet else None for paragraph in paragraphs]
            placed, tops, bottoms, depth, drop, drops, spans = compiled_stacked(paragraphs, broken, bullets, Placed)
            return Column(placed, tops, bottoms, depth + _descent(paragraphs), drop, drops, spans)
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
            for number, line in enumerate(self.broken(paragraph, width - paragraph.indent) if broken is None
                                          else broken[index]):
                depth += style.size if number == 0 and not lines else style.leading
                if number == 0 and paragraph.bullet:
                    bullet = Line(paragraph.bullet, style, self.measure.width(paragraph.bullet, style))
                    lines.append(Placed(paragraph.indent - style.size, depth, bullet, drop))
                x = paragraph.indent - paragraph.hang if number == 0 and paragraph.hang else paragraph.indent
                lines.append(tuple.__new__(Placed, (x, depth, line, drop)))  # Placed(...), many
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
        broken = [self.broken(paragraph, narrow - paragraph.indent) for paragraph in paragraphs]
        for paragraph, lines in zip(paragraphs, broken):
            count_ = len(lines)
            style = paragraph.style
            first.append(style.size + (count_ - 1) * style.leading if count_ else 0.0)
            further.append(further[-1] + paragraph.space_before + count_ * style.leading)

        def height(a: int, b: int) -> float:
            return first[a] + further[b] - further[a + 1] + paragraphs[b - 1].style.size * 0.25

        splits = [split for split in range(1, len(paragraphs)) if not paragraphs[split - 1].keep_with_next]
        if not splits:
            return (self.set(paragraphs, narrow, broken),)
        split = min(splits, key=lambda k: (max(height(0, k), height(k, len(paragraphs))), k))
        return (self.set(paragraphs[:split], narrow, broken[:split]),
                self.set([paragraphs[split]._replace(space_before=0.0), *paragraphs[split + 1:]], narrow,
                         broken[split:]))

    def broken(self, paragraph: Paragraph, width: float) -> list[Line]:
        """The lines of one paragraph, remembered: a face set again at the same size (or spread)
        reuses them instead of breaking and measuring the paragraph anew."""
        style = paragraph.style
        where = (round(width, 6), style, paragraph.hyphenate, paragraph.balance)
        table = self.breaks.get(where)
        if table is None:
            table = self.breaks[where] = {}
            self._wheres[id(table)] = where
        found = table.get(paragraph.text)
        if found is None and self.kept:
            earlier = self.kept.get(where)
            packed = earlier.pop(paragraph.text, None) if earlier else None
            if packed is not None:  # set in an earlier run: from now on as if set in this one
                table[paragraph.text] = packed
                lines = _unpacked(packed, paragraph.text, style)
                self._note(table, paragraph.text, None)
                return lines
        if found is None:
            words = words_of(paragraph.text)
            by_sense = frozenset() if paragraph.hyphenate else self._function_words
            packed = set_plain(paragraph.text, words, width, style, self.measure, paragraph.hyphenate,
                               paragraph.balance, by_sense)
            if packed:  # (most paragraphs: what break_paragraph would set, packed)
                table[paragraph.text] = packed
                self.fresh += 1
                self._note(table, paragraph.text, None)
                return _unpacked(packed, paragraph.text, style)
            set_lines = break_paragraph(words, width, style, self.measure,
                                        self.hyphenator if paragraph.hyphenate else None, paragraph.balance, by_sense,
                                        hyphens_next=packed is False, too_wide=self.hyphenator)
            table[paragraph.text] = _packed(paragraph.text, set_lines)
            self.fresh += 1
            lines = [Line(line.text, style, line.width, line.kind) for line in set_lines]
        else:
            lines = _unpacked(found, paragraph.text, style)
        self._note(table, paragraph.text, found)
        return lines

    @functools.cached_property
    def _function_words(self) -> frozenset[str]:
        """The words display text in this typesetter's language should not end a line on (linebreak)."""
        return FUNCTION_WORDS.get(self.hyphenator.language.split("-")[0], frozenset())

    def _note(self, table: dict, text: str, found) -> None:
        """The current owner's lines include `text`'s in `table` (`found`: they were there before)."""
        if self._noting is not None:
            keys, noted = self._noting
            key = (id(table), text)
            if key not in noted:  # noted once per owner
                noted.add(key)
                keys += (table, text)
                if found is not None:  # set before, by another owner (or by none: then kept for good)
                    self._more[key] = self._more.get(key, 0) + 1

def _descent(paragraphs: Sequence[Paragraph]) -> float:
    """Room below the last baseline for descenders."""
    return paragraphs[-1].style.size * 0.25 if paragraphs else 0.0
