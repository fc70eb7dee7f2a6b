"""A face's grid: where text goes across it (one column or two, how wide), and a flow of
paragraphs set into those columns and placed on the face.
"""

from typing import NamedTuple

from .face import Flow
from .text import Paragraph, Placed
from .typeset import Column, compiled_placed
from .typography import Typography
from .units import Rect


class Grid(NamedTuple):
    """Where text goes across a face: the left edge, the width, and the columns in it."""

    left: float
    width: float
    columns: int
    gutter: float

    @property
    def column_width(self) -> float:
        return (self.width - self.gutter * (self.columns - 1)) / self.columns


def grid(safe: Rect, body: float, typo: Typography, prose: str = "") -> Grid:
    """Where text goes on a face. Prose (the fronts, the intro's front) in one column of
    type.measure characters under the band's title, flush with it, unless the deck needs two
    (Typography.prose_columns). Lists (the backs, the overview): one column of at most
    type.max_measure characters; two when one would be wider and each of two still holds
    type.min_measure characters; else one, narrowed to type.measure, flush with the band's title as
    the fronts are."""
    scale, char = typo.layout.type, typo.char_width(body)
    gutter = body * typo.spacing.gutter
    if safe.width <= scale.max_measure * char:
        return Grid(safe.left, safe.width, 1, gutter)
    if (safe.width - gutter) / 2 >= scale.min_measure * char:
        if prose:
            typo.prose_asked = True  # this face, at this size, is as prose_columns makes it
        if not prose or typo.prose_columns[prose] == 2:
            return Grid(safe.left, safe.width, 2, gutter)
    width = scale.measure * char
    if prose == "front" or not prose:  # under the band's title: the card's number hangs in the margin
        left = safe.left + number_column(body, typo)  # beside both (a list's headings too, as on the fronts)
        return Grid(left, min(width, safe.right - left), 1, gutter)
    # (the intro's title stands at the safe area's left: so does its text)
    return Grid(safe.left, width, 1, gutter)


def number_column(body: float, typo: Typography) -> float:
    """The room the card's number takes at the left of the band, with the gap after it."""
    return typo.number_room + body * typo.spacing.band_gap


def placed(column: Column, left: float, top: float) -> tuple[Placed, ...]:
    new = tuple.__new__  # Placed(...) without the call through its __new__: many lines
    return tuple(new(Placed, (left + x, top - y, line, drop)) for x, y, line, drop in column.lines)


def set_flow(paragraphs: list[Paragraph], place: Grid, top: float, typo: Typography
             ) -> tuple[tuple[Placed, ...], tuple[Flow, ...], tuple[Column, ...], tuple[float, ...]]:
    """The paragraphs set in the grid's columns from `top` down: placed lines, the flows to fit,
    the columns and each column's left edge."""
    columns = typo.setter.columns(paragraphs, place.width, place.columns, place.gutter)
    lefts = tuple(place.left + index * (place.column_width + place.gutter) for index in range(len(columns)))
    if compiled_placed is not None:
        lines = compiled_placed([column.lines for column in columns], lefts, top, Placed)
    else:
        lines = tuple(line for column, left in zip(columns, lefts) for line in placed(column, left, top))
    return lines, tuple(Flow(column.height, column.stretch) for column in columns), columns, lefts
