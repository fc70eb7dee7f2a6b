"""A card + a Layout + a body size -> a Face: plain geometry, in points. Nothing here draws.

compose_front() and compose_back() decide what goes where on a card at one body size (origin at
the bleed box's lower left); the intro card is in intro.py. Every placed thing carries its own
vertical shift per unit of spread (`drop`), so copyfitting can widen the gaps between sections
without setting the face again (see copyfit.respread).

The grid of a face: the text column is as wide as a readable line (type.measure characters) and
centred in the safe area; a flow that would run wider than type.max_measure is set in two
columns. The colour band at the top runs into the bleed; it holds the card's number large enough
to read across a table, its title and the wheel, and is one height for every front (and one for
every back) of the deck, so the text starts at the same height on every card.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import NamedTuple

from .content import Card, Deck
from .layouts import Colour, Layout, Spacing
from .measure import kerning
from .text import Line, Paragraph, Placed, Style, smarten
from .typeset import Column, Typesetter
from .units import MM, Rect, Size

INTRO = 0  # the number of the intro card, which comes before card 1
MAX_WHEEL = 12  # more segments than this no longer read as a wheel of dimensions
# A stretch of ordinary running text, to learn a font's average character width (spaces included).
_SAMPLE = ("Door de samenwerking tussen medewerkers binnen de teams op verschillende manieren te "
           "bevorderen, wordt er van elkaar geleerd and the expertise of each other is used well.")
QR_MODULE = 0.35 * MM  # a comfortable module: a phone reads it at arm's length from an office print
QR_MODULE_MIN = 0.3 * MM  # the smallest module, to keep a card's codes on one row (7 dots at 600 dpi)
QR_MIN = 11 * MM
LABEL_TRACKING = 0.08  # em between the capitals of the card label in the band
NUMBER_RATIO = 2.8  # the card's number in the band, against the largest body size: about 7 mm high on A5


@dataclass(frozen=True)
class Wheel:
    """The deck's wheel of dimensions: `count` segments, `selected` filled (0 for none)."""

    centre_x: float
    centre_y: float
    radius: float
    count: int
    selected: int
    on_band: bool  # small, on the card's band, its own segment white; else large, in colour, numbered


class Rule(NamedTuple):
    """A vertical rule (beside a quote) from `top` down to `bottom`; each end moves with its text."""

    x: float
    top: float
    bottom: float
    top_drop: float = 0.0
    bottom_drop: float = 0.0


class Code(NamedTuple):
    """A QR code for `url` at `place`, labelled with `number`, the number of its source."""

    url: str
    place: Rect
    number: int


class Link(NamedTuple):
    """A clickable area for screen PDFs: a source's title or its code."""

    url: str
    place: Rect
    drop: float = 0.0


class Flow(NamedTuple):
    """A set column on a face: its height, and how much of it may stretch."""

    height: float
    stretch: float


@dataclass(frozen=True)
class Face:
    """One face, ready to draw: everything positioned in points on the bleed box."""

    card: int
    side: str
    size: Size
    trim: Rect
    safe: Rect
    body: float
    colour: Colour
    band: Rect | None
    lines: tuple[Placed, ...]
    rules: tuple[Rule, ...] = ()
    wheel: Wheel | None = None
    qr_codes: tuple[Code, ...] = ()
    links: tuple[Link, ...] = ()
    logo: Rect | None = None
    flows: tuple[Flow, ...] = ()  # the columns of text that must fit above `available`
    available: float = 0.0

    @property
    def needed(self) -> float:
        return max((flow.height for flow in self.flows), default=0.0)

    @property
    def overflow(self) -> float:
        return self.needed - self.available

    @property
    def room_to_spread(self) -> float:
        """How far the stretchable gaps may grow (as a multiple) before a column runs out of room."""
        rooms = [(self.available - flow.height) / flow.stretch for flow in self.flows if flow.stretch > 0]
        return min(rooms, default=0.0)


@dataclass
class Typography:
    """Registered fonts, the measuring tools and the printed labels for one layout and deck."""

    layout: Layout
    fonts: dict[str, str]
    setter: Typesetter
    labels: dict[str, str]
    deck: Deck
    styles: dict[tuple[str, float], Style] = field(default_factory=dict)
    # fronts and the intro's front in one readable column; two where one cannot hold them (copyfit)
    prose_columns: dict[str, int] = field(default_factory=lambda: {"front": 1, "intro": 1})
    _bands: dict[tuple, float] = field(default_factory=dict)

    @property
    def spacing(self) -> Spacing:
        return self.layout.spacing

    def style(self, role: str, body: float) -> Style:
        key = (role, body)
        if key not in self.styles:
            font, ratio, colour = _ROLES[role]
            scale = self.layout.type
            size = body * {"body": 1.0, "title": scale.title_ratio, "heading": scale.heading_ratio,
                           "small": scale.small_ratio}[ratio]
            leading = scale.leading if ratio in ("body", "small") else 1.15
            self.styles[key] = Style(self.fonts[font], round(size, 4), round(size * leading, 4), colour,
                                     LABEL_TRACKING if role == "band_label" else 0.0)
        return self.styles[key]

    def number_style(self) -> Style:
        """The card's number in the band: one size on every face of the deck, fronts and backs."""
        if ("number", 0.0) not in self.styles:
            scale = self.layout.type
            size = round(scale.body_max * NUMBER_RATIO, 4)
            self.styles[("number", 0.0)] = Style(self.fonts["bold"], size, size, "paper")
        return self.styles[("number", 0.0)]

    def char_width(self, body: float) -> float:
        """The average width of a character of running text at `body` size."""
        style = self.style("body", body)
        return self.setter.measure.width(_SAMPLE, style) / len(_SAMPLE)

    def band_depth(self, side: str, body: float, width: float, measure) -> float:
        """The depth of the band's text on every `side` face of the deck: the tallest title decides."""
        key = (side, body, round(width, 6))
        if key not in self._bands:
            self._bands[key] = max((measure(card).height for card in self.deck.cards), default=0.0)
        return self._bands[key]


# role -> (font, size, colour role)
_ROLES = {
    "body": ("regular", "body", "text"),
    "question": ("bold", "body", "band"),
    "quote": ("italic", "body", "text"),
    "source": ("regular", "small", "muted"),
    "heading": ("bold", "heading", "accent"),
    "band_label": ("bold", "small", "paper"),
    "band_title": ("bold", "title", "paper"),
    "band_subtitle": ("regular", "heading", "paper"),
    "footer": ("regular", "small", "muted"),
    "overview_title": ("bold", "body", "band"),
}


def typography(layout: Layout, deck: Deck) -> Typography:
    """The fonts, hyphenation and printed labels for setting `deck` in `layout`."""
    from .fonts import register_fonts
    from .hyphenate import Hyphenator
    from .measure import Measure

    return Typography(layout, register_fonts(layout), Typesetter(Hyphenator(deck.language), Measure()),
                      _labels(deck), deck)


# -- the grid ------------------------------------------------------------------------------------

def frame(layout: Layout) -> tuple[Size, Rect, Rect]:
    """(bleed box size, trim, safe area) of a face, origin at the bleed box's lower left."""
    size = layout.card.grown(layout.bleed)
    trim = Rect(layout.bleed, layout.bleed, layout.card.width, layout.card.height)
    return size, trim, trim.grown(-layout.safe_margin)


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
    """Where text goes on a face. Prose (the fronts) in one column of type.measure characters,
    centred, unless the deck needs two (Typography.prose_columns). Lists (the backs, the overview):
    one column of at most type.max_measure characters; two when one would be wider and each of two
    still holds type.min_measure characters; else one, narrowed to type.measure."""
    scale, char = typo.layout.type, typo.char_width(body)
    gutter = body * typo.spacing.gutter
    if safe.width <= scale.max_measure * char:
        return Grid(safe.left, safe.width, 1, gutter)
    if (not prose or typo.prose_columns[prose] == 2) and (safe.width - gutter) / 2 >= scale.min_measure * char:
        return Grid(safe.left, safe.width, 2, gutter)
    width = scale.measure * char
    if prose == "front":  # under the band's title: the card's number hangs in the margin beside both
        left = safe.left + number_column(body, typo)
        return Grid(left, min(width, safe.right - left), 1, gutter)
    return Grid(safe.left + (safe.width - width) / 2, width, 1, gutter)


def number_column(body: float, typo: Typography) -> float:
    """The room the card's number takes at the left of the band, with the gap after it."""
    return typo.setter.measure.width("00", typo.number_style()) + body * typo.spacing.band_gap


def placed(column: Column, left: float, top: float) -> tuple[Placed, ...]:
    return tuple(Placed(left + p.x, top - p.y, p.line, p.drop) for p in column.lines)


def set_flow(paragraphs: list[Paragraph], place: Grid, top: float, typo: Typography
             ) -> tuple[tuple[Placed, ...], tuple[Flow, ...], tuple[Column, ...], tuple[float, ...]]:
    """The paragraphs set in the grid's columns from `top` down: placed lines, the flows to fit,
    the columns and each column's left edge."""
    columns = typo.setter.columns(paragraphs, place.width, place.columns, place.gutter)
    lefts = tuple(place.left + index * (place.column_width + place.gutter) for index in range(len(columns)))
    lines = tuple(line for column, left in zip(columns, lefts) for line in placed(column, left, top))
    return lines, tuple(Flow(column.height, column.stretch) for column in columns), columns, lefts


# -- the band ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Header:
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
    show_wheel = typo.layout.show_wheel and 0 < len(typo.deck.cards) <= MAX_WHEEL
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


def _front_band(card: Card, body: float, typo: Typography, width: float) -> list[Paragraph]:
    return _band_text(card, body, typo, "band_title", 0.25)


def _back_band(card: Card, body: float, typo: Typography, width: float) -> list[Paragraph]:
    return _band_text(card, body, typo, "band_subtitle", 0.15)


def _band_text(card: Card, body: float, typo: Typography, title_role: str, gap: float) -> list[Paragraph]:
    """The card label above the title. The title's first baseline is where the card's number stands,
    so it lies at least the number's height below the top: the gap above it grows to get there."""
    label, title = typo.style("band_label", body), typo.style(title_role, body)
    number = typo.number_style()
    top = kerning(number.font).top("0123456789") / 1000 * number.size
    label_top = kerning(label.font).top("Hbdfhklt") / 1000 * label.size
    space = max(body * gap, top - label_top - title.leading)
    return [Paragraph(typo.deck.card_label.upper(), label, hyphenate=False),
            Paragraph(smarten(card.title), title, space_before=space, hyphenate=False, balance=True)]


def _band_text_width(place: Grid, body: float, typo: Typography, wheel_scale: float) -> float:
    wheel = body * (wheel_scale + typo.spacing.band_gap) if typo.layout.show_wheel else 0.0
    return place.width - number_column(body, typo) - wheel


WHEEL_SCALE = {"front": 5.0, "back": 2.6}  # the wheel in the band, against the body size


def card_header(card: Card, side: str, size: Size, safe: Rect, body: float, typo: Typography) -> Header:
    """The band of a card's front or back, one height for that side across the deck."""
    paragraphs = _front_band if side == "front" else _back_band
    return header(size, safe, band_grid(safe), body, typo, paragraphs(card, body, typo, 0.0),
                  band_depth(side, safe, body, typo), card.number, WHEEL_SCALE[side], str(card.number))


def band_grid(safe: Rect) -> Grid:
    """The band's text spans the safe area, whatever the text below it does."""
    return Grid(safe.left, safe.width, 1, 0.0)


def band_depth(side: str, safe: Rect, body: float, typo: Typography) -> float:
    """The depth of the band's text on every `side` face of the deck: the tallest title decides."""
    paragraphs = _front_band if side == "front" else _back_band
    width = _band_text_width(band_grid(safe), body, typo, WHEEL_SCALE[side])
    return typo.band_depth(side, body, width,
                           lambda other: typo.setter.set(paragraphs(other, body, typo, width), width))


# -- the card faces ------------------------------------------------------------------------------

def compose_front(card: Card, deck: Deck, body: float, typo: Typography) -> Face:
    size, trim, safe = frame(typo.layout)
    place = grid(safe, body, typo, prose="front")
    top = card_header(card, "front", size, safe, body, typo)
    paragraphs, quoted = _front_flow(card, body, typo)
    lines, flows, columns, lefts = set_flow(paragraphs, place, top.bottom, typo)
    rules = _quote_rules(quoted, columns, lefts, top.bottom, body)
    return Face(card.number, "front", size, trim, safe, body, typo.layout.dimension_colour(card.number),
                top.band, top.lines + lines, rules, top.wheel, flows=flows, available=top.bottom - safe.bottom)


def _front_flow(card: Card, body: float, typo: Typography) -> tuple[list[Paragraph], list[tuple[int, int]]]:
    """Summary, the challenges, then the quotes; and the paragraph ranges that get a quote rule.

    The gaps marked `stretch` may widen to share out room a face does not need.
    """
    style, space = typo.style, typo.spacing
    flow = [Paragraph(smarten(card.summary), style("body", body))]
    flow.append(Paragraph(typo.labels["challenges"], style("heading", body), space_before=body * space.section,
                          stretch=True, hyphenate=False, keep_with_next=True))
    for index, challenge in enumerate(card.challenges):
        # the first question binds to the heading above it; the gaps between challenges may grow
        flow.append(Paragraph(smarten(challenge.question), style("question", body),
                              space_before=body * (space.heading if index == 0 else space.challenge),
                              stretch=index > 0, hyphenate=False, keep_with_next=True))
        flow.append(Paragraph(smarten(challenge.text), style("body", body), space_before=body * space.answer))
    quoted = []
    for number, quote in enumerate(card.quotes):
        start = len(flow)
        for index, text in enumerate(_quoted(quote.paragraphs)):
            gap = body * (space.quotes if number == 0 else space.quote) if index == 0 else body * space.paragraph
            flow.append(Paragraph(text, style("quote", body), space_before=gap, indent=body * space.indent,
                                  stretch=index == 0))
        flow.append(Paragraph(smarten(quote.source), style("source", body), space_before=body * space.attribution,
                              indent=body * space.indent))
        quoted.append((start, len(flow)))
    return flow, quoted


def _quote_rules(quoted: list[tuple[int, int]], columns: tuple[Column, ...], lefts: tuple[float, ...], top: float,
                 body: float) -> tuple[Rule, ...]:
    """A rule beside each quote, in the column that holds it (a quote is never split: see typeset)."""
    rules, offset = [], 0
    for column, left in zip(columns, lefts):
        count = len(column.tops)
        for start, end in quoted:
            if offset <= start and end <= offset + count:
                first, last = start - offset, end - 1 - offset
                rules.append(Rule(left + 0.6, top - column.tops[first] - body * 0.1,
                                  top - column.bottoms[last] - body * 0.3, column.drops[first], column.drops[last]))
        offset += count
    return tuple(rules)


def _quoted(paragraphs: tuple[str, ...]) -> list[str]:
    """Typographic quote marks around the whole quote, across its paragraphs."""
    texts = [smarten(paragraph) for paragraph in paragraphs]
    texts[0] = "‘" + texts[0]
    texts[-1] = texts[-1] + "’"
    return texts


def compose_back(card: Card, deck: Deck, body: float, typo: Typography) -> Face:
    size, trim, safe = frame(typo.layout)
    place = grid(safe, body, typo)
    top = card_header(card, "back", size, safe, body, typo)
    footer, floor = footer_lines(deck, f"{card.number} / {len(deck.cards)}", safe, body, typo)
    logo, floor = logo_place(safe, floor, body, typo.layout)
    codes, floor = _code_row(card, place, floor, body, typo)
    paragraphs = _back_flow(card, body, typo, numbered=bool(codes))
    lines, flows, columns, lefts = set_flow(paragraphs, place, top.bottom, typo)
    links = (_title_links(card, len(paragraphs) - len(card.sources), columns, lefts, top.bottom)
             + tuple(Link(code.url, code.place) for code in codes))
    return Face(card.number, "back", size, trim, safe, body, typo.layout.dimension_colour(card.number),
                top.band, top.lines + lines + footer + _code_labels(codes, body, typo), (), top.wheel,
                codes, links, logo, flows=flows, available=top.bottom - floor)


def _back_flow(card: Card, body: float, typo: Typography, numbered: bool) -> list[Paragraph]:
    style, space = typo.style, typo.spacing
    flow = [Paragraph(smarten(card.suggestions_heading), style("heading", body), hyphenate=False,
                      keep_with_next=True)]
    item = body * space.item
    for index, suggestion in enumerate(card.suggestions):
        flow.append(Paragraph(smarten(suggestion), style("body", body), space_before=body * space.heading
                              if index == 0 else item, indent=body * space.indent, bullet="•", stretch=True))
    if card.sources:
        flow.append(Paragraph(typo.labels["further_reading"], style("heading", body),
                              space_before=body * space.section, stretch=True, hyphenate=False, keep_with_next=True))
    for number, source in enumerate(card.sources, 1):
        flow.append(Paragraph(smarten(source.title), style("body", body),
                              space_before=body * (space.heading if number == 1 else space.item / 2),
                              indent=body * space.indent, bullet=str(number) if numbered and source.url else "›",
                              hyphenate=False))  # a title, broken by sense
    return flow


def _title_links(card: Card, first: int, columns: tuple[Column, ...], lefts: tuple[float, ...], top: float
                 ) -> tuple[Link, ...]:
    """Each source title with a url, clickable on screen; the sources are the flow's last paragraphs
    from index `first` on."""
    return tuple(Link(source.url, *paragraph_box(columns, lefts, top, first + number))
                 for number, source in enumerate(card.sources) if source.url)


def paragraph_box(columns: tuple[Column, ...], lefts: tuple[float, ...], top: float, index: int
                  ) -> tuple[Rect, float]:
    """The box around the lines of paragraph `index` of a flow set in `columns` from `top` down,
    and how far it moves per unit of spread."""
    for column, left in zip(columns, lefts):
        if index < len(column.spans):
            start, end = column.spans[index]
            lines = column.lines[start:end]
            x1 = left + min(line.x for line in lines)
            x2 = left + max(line.x + line.line.width for line in lines)
            size = lines[0].line.style.size
            y_top, y_bottom = top - lines[0].y + size * 0.95, top - lines[-1].y - size * 0.25
            return Rect(x1, y_bottom, x2 - x1, y_top - y_bottom), lines[0].drop
        index -= len(column.spans)
    raise IndexError(index)


def _code_row(card: Card, place: Grid, floor: float, body: float, typo: Typography) -> tuple[tuple[Code, ...], float]:
    """Small QR codes in a row above the footer, one per source with a url, each with the number of
    its source beside it (four modules off: a code's quiet zone); the new floor for the text above."""
    numbered = [(number, source.url) for number, source in enumerate(card.sources, 1) if source.url]
    if not numbered or not typo.layout.show_qr_codes:
        return (), floor
    gap, number = body * typo.spacing.code_gap, _number_width(len(card.sources), body, typo)
    modules = max(qr_modules(url) for _, url in numbered)
    one_row = (place.width + gap) / len(numbered) - number - gap  # label + quiet zone + code + gap, each
    side = max(QR_MIN, modules * QR_MODULE_MIN, min(modules * QR_MODULE, (one_row) / (1 + QUIET / modules)))
    label = number + side * QUIET / modules
    per_row = max(1, int((place.width + gap + 1e-6) // (label + side + gap)))
    rows = -(-len(numbered) // per_row)
    codes = []
    for index, (source, url) in enumerate(numbered):
        row, column = divmod(index, per_row)
        y = floor + (rows - 1 - row) * (side + gap)
        codes.append(Code(url, Rect(place.left + label + column * (label + side + gap), y, side, side), source))
    return tuple(codes), floor + rows * side + (rows - 1) * gap + body * typo.spacing.above_codes


QUIET = 4  # modules of clear space around a QR code (ISO/IEC 18004)


def _number_width(count: int, body: float, typo: Typography) -> float:
    return typo.setter.measure.width(str(count), typo.style("body", body))


def _code_labels(codes: tuple[Code, ...], body: float, typo: Typography) -> tuple[Placed, ...]:
    """Each code's number, as the source list numbers it, to its left on the code's bottom line."""
    style = typo.style("body", body)
    labels = []
    for code in codes:
        text = str(code.number)
        width = typo.setter.measure.width(text, style)
        quiet = code.place.width * QUIET / qr_modules(code.url)
        labels.append(Placed(code.place.x - quiet - width, code.place.y, Line(text, style, width)))
    return tuple(labels)


@functools.lru_cache(maxsize=4096)
def qr_modules(url: str) -> int:
    """The number of modules across the QR code of `url`, as qr.py draws it."""
    from .qr import qr_matrix

    return len(qr_matrix(url))


# -- what backs share with the intro card ----------------------------------------------------------

def footer_lines(deck: Deck, number: str, safe: Rect, body: float, typo: Typography
                 ) -> tuple[tuple[Placed, ...], float]:
    """Deck title, card number and publisher on one line at the bottom of the safe area; and the
    floor for what stands above it."""
    if not typo.layout.show_footer:
        return (), safe.bottom
    style = typo.style("footer", body)
    right = " · ".join(part for part in (typo.layout.organisation or deck.publisher, typo.layout.footer) if part)
    y = safe.bottom + style.size * 0.25
    lines = tuple(aligned(text, style, safe, y, align, typo)
                  for text, align in ((deck.title, 0.0), (number, 0.5), (right, 1.0)) if text)
    return lines, safe.bottom + style.size + body * typo.spacing.above_footer


def aligned(text: str, style: Style, safe: Rect, baseline: float, align: float, typo: Typography) -> Placed:
    """One placed line across the safe area: align 0 left, 0.5 centred, 1 right."""
    width = typo.setter.measure.width(text, style)
    return Placed(safe.left + (safe.width - width) * align, baseline, Line(text, style, width))


def logo_place(safe: Rect, floor: float, body: float, layout: Layout) -> tuple[Rect | None, float]:
    """Where the logo sits above the footer, and the new floor for the text above it."""
    logo = layout.logo
    if logo is None:
        return None, floor
    share = {"bottom-left": 0.0, "bottom-centre": 0.5, "bottom-right": 1.0}[logo.place]
    place = Rect(safe.left + (safe.width - logo.width) * share, floor, logo.width, logo.height)
    return place, floor + logo.height + body * layout.spacing.above_codes


def _labels(deck: Deck) -> dict[str, str]:
    from .labels import labels_for

    return labels_for(deck.language, deck.labels)
