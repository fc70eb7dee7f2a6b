"""A card (or the intro) + a body size -> its Header: the coloured band at the top of a face, with the
card's number, its label and title, and the wheel.

The band runs into the bleed and is one height for every front (and one for every back) of the deck,
so the text starts at the same height on every card; the number is one size on every face and stands
on the baseline of the title's first line, large enough to read across a table.
"""

from typing import NamedTuple

from .content import Card
from .face import Wheel
from .grid import Grid, number_column, placed
from .measure import kerning
from .text import Line, Paragraph, Placed
from .typography import Typography
from .units import Rect, Size


class Header(NamedTuple):
    """A face's band: its rectangle, the title's lines, the wheel, and where the text below begins."""
    band: Rect
    lines: tuple[Placed, ...]
    wheel: Wheel | None
    bottom: float  # where the flow below may start


def header(face_size: Size, safe: Rect, place: Grid, body: float, typo: Typography, paragraphs: list[Paragraph],
           depth: float, selected: int, wheel_scale: float, number: str = "") -> Header:
    """The coloured band at the top, running into the bleed: the card's number, its text and the
    wheel. `depth` is the depth of the text block on every face of this side (the tallest decides).

    The number is one size on every face, whatever its body size, and stands on the baseline of the
    title's first line; the text's capitals reach the safe area's top."""
    spacing = typo.spacing
    show_wheel = typo.shows_wheel
    wheel_size = body * wheel_scale if show_wheel else 0.0
    text_left = place.left + (number_column(body, typo) if number else 0.0)
    text_width = place.left + place.width - text_left - (wheel_size + body * spacing.band_gap if show_wheel else 0)
    column = typo.setter.set(paragraphs, text_width)
    first = paragraphs[0].style
    top = safe.top + first.size - kerning(first.font).top("Hbdfhklt") / 1000 * first.size
    lines = placed(column, text_left, top)
    numeral, number_depth = (), 0.0
    if number:
        style = typo.number_style()
        title = lines[column.spans[-1][0]] if column.spans else lines[0]
        numeral = (Placed(place.left, title.y, Line(number, style, typo.setter.measure.width(number, style))),)
        number_depth = safe.top - title.y
    block = max(depth, number_depth, wheel_size)
    bottom = safe.top - block - body * spacing.band_padding
    band = Rect(0, bottom, face_size.width, face_size.height - bottom)
    wheel = None
    if show_wheel:
        right = place.left + place.width
        wheel = Wheel(right - wheel_size / 2, safe.top - wheel_size / 2, wheel_size / 2, len(typo.deck.cards),
                      selected, True)
    return Header(band, numeral + lines, wheel, bottom - body * spacing.below_band)


# side -> the style of the title in the band, and the least gap above it (against the body size)
_BAND_TITLE = {"front": ("band_title", 0.25), "back": ("band_subtitle", 0.15)}


def _band_text(card: Card, side: str, body: float, typo: Typography) -> list[Paragraph]:
    """The card label above the title. The title's first baseline is where the card's number stands,
    so it lies at least the number's height below the top: the gap above it grows to get there."""
    title_role, gap = _BAND_TITLE[side]
    label, title = typo.style("band_label", body), typo.style(title_role, body)
    number = typo.number_style()
    top = kerning(number.font).top("0123456789") / 1000 * number.size
    label_top = kerning(label.font).top("Hbdfhklt") / 1000 * label.size
    space = max(body * gap, top - label_top - title.leading)
    return [Paragraph(typo.deck.card_label.upper(), label, hyphenate=False),
            Paragraph(typo.smart(card.title), title, space_before=space, hyphenate=False, balance=True)]


def _band_text_width(place: Grid, body: float, typo: Typography, wheel_scale: float) -> float:
    wheel = body * (wheel_scale + typo.spacing.band_gap) if typo.shows_wheel else 0.0
    return place.width - number_column(body, typo) - wheel


WHEEL_SCALE = {"front": 5.0, "back": 2.6}  # the wheel in the band, against the body size


def card_header(card: Card, side: str, size: Size, safe: Rect, body: float, typo: Typography) -> Header:
    """The band of a card's front or back, one height for that side across the deck."""
    return header(size, safe, band_grid(safe), body, typo, _band_text(card, side, body, typo),
                  band_depth(side, safe, body, typo), card.number, WHEEL_SCALE[side], str(card.number))


def band_grid(safe: Rect) -> Grid:
    """The band's text spans the safe area, whatever the text below it does."""
    return Grid(safe.left, safe.width, 1, 0.0)


def band_depth(side: str, safe: Rect, body: float, typo: Typography) -> float:
    """The depth of the band's text on every `side` face of the deck: the tallest title decides."""
    width = _band_text_width(band_grid(safe), body, typo, WHEEL_SCALE[side])
    title = typo.style(_BAND_TITLE[side][0], body)
    return typo.band_depth(side, body, width,
                           lambda other: typo.setter.set(_band_text(other, side, body, typo), width),
                           lambda other: typo.setter.measure.width(typo.smart(other.title), title))
