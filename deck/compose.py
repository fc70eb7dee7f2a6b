"""A card (or the deck's intro) + a Layout + a body size -> a Face: plain geometry, in points.

compose_*() decide what goes where at one body size (origin at the bleed box's lower left). Every
placed thing carries its own vertical shift per unit of spread (`drop`), so copyfitting can widen the
gaps between sections without setting the face again (see copyfit.respread). Nothing here draws.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from .content import Card, Deck
from .fit import Column, Hyphenator, Line, Measure, Paragraph, Style, Typesetter, smarten
from .fonts import register_fonts
from .layouts import Colour, Layout
from .units import Rect, Size

INTRO = 0  # the number of the intro card, which comes before card 1
MAX_WHEEL = 12  # more segments than this no longer read as a wheel of dimensions


@dataclass(frozen=True)
class Wheel:
    """The deck's wheel of dimensions: `count` segments, `selected` filled (0 for none)."""

    centre_x: float
    centre_y: float
    radius: float
    count: int
    selected: int
    on_band: bool  # small, on the card's band, its own segment white; else large, in colour, numbered


class Placed(NamedTuple):
    """A set line on a face: its left end and baseline, and how far it moves down per unit of spread."""

    x: float
    y: float
    line: Line
    drop: float = 0.0


class Rule(NamedTuple):
    """A vertical rule (beside a quote) from `top` down to `bottom`; each end moves with its text."""

    x: float
    top: float
    bottom: float
    top_drop: float = 0.0
    bottom_drop: float = 0.0


class Code(NamedTuple):
    """A QR code for `url` at `place`, moving down with the source it belongs to."""

    url: str
    place: Rect
    drop: float = 0.0



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
    logo: Rect | None = None
    needed: float = 0.0
    available: float = 0.0
    stretch: float = 0.0  # how much `needed` grows per unit of spread

    @property
    def overflow(self) -> float:
        return self.needed - self.available


@dataclass
class Typography:
    """Registered fonts and the measuring tools for one layout and language."""

    layout: Layout
    fonts: dict[str, str]
    setter: Typesetter
    labels: dict[str, str] = field(default_factory=dict)
    styles: dict[tuple[str, float], Style] = field(default_factory=dict)

    def style(self, role: str, body: float) -> Style:
        key = (role, body)
        if key not in self.styles:
            font, ratio, colour = _ROLES[role]
            scale = self.layout.type
            size = body * {"body": 1.0, "title": scale.title_ratio, "heading": scale.heading_ratio,
                           "small": scale.small_ratio}[ratio]
            self.styles[key] = Style(self.fonts[font], round(size, 4), round(size * scale.leading, 4), colour)
        return self.styles[key]


# role -> (font, size, colour role)
_ROLES = {
    "body": ("regular", "body", "text"),
    "question": ("bold", "body", "dimension"),
    "quote": ("italic", "body", "text"),
    "source": ("regular", "small", "muted"),
    "heading": ("bold", "heading", "dimension"),
    "band_label": ("bold", "small", "paper"),
    "band_title": ("bold", "title", "paper"),
    "band_subtitle": ("regular", "heading", "paper"),
    "footer": ("regular", "small", "muted"),
    "overview_title": ("bold", "body", "dimension"),
}


def typography(layout: Layout, deck: Deck) -> Typography:
    """The fonts, hyphenation and printed labels for setting `deck` in `layout`."""
    return Typography(layout, register_fonts(layout), Typesetter(Hyphenator(deck.language), Measure()),
                      _labels(deck))


# -- geometry shared by all faces --------------------------------------------------------------

def _frame(layout: Layout) -> tuple[Size, Rect, Rect]:
    """(bleed box size, trim, safe area) of a face, origin at the bleed box's lower left."""
    size = layout.card.grown(layout.bleed)
    trim = Rect(layout.bleed, layout.bleed, layout.card.width, layout.card.height)
    return size, trim, trim.grown(-layout.safe_margin)


def _placed(column: Column, left: float, top: float) -> tuple[Placed, ...]:
    return tuple(Placed(left + line.x, top - line.y, line, drop)
                 for line, drop in zip(column.lines, column.line_drops, strict=True))


@dataclass(frozen=True)
class _Header:
    band: Rect
    lines: tuple
    wheel: Wheel | None
    bottom: float  # where the flow below may start


def _header(paragraphs: list[Paragraph], face_size: Size, safe: Rect, body: float, typo: Typography,
            selected: int, count: int, wheel_scale: float = 5.0) -> _Header:
    """The coloured band at the top, running into the bleed, with the card's name and the wheel."""
    show_wheel = typo.layout.show_wheel and 0 < count <= MAX_WHEEL
    wheel_size = body * wheel_scale if show_wheel else 0.0
    gap = body * 1.2 if show_wheel else 0.0
    column = typo.setter.set(paragraphs, safe.width - wheel_size - gap)
    depth = max(column.height, wheel_size)
    bottom = safe.top - depth - body * 1.0
    band = Rect(0, bottom, face_size.width, face_size.height - bottom)
    wheel = None
    if show_wheel:
        wheel = Wheel(safe.right - wheel_size / 2, safe.top - wheel_size / 2, wheel_size / 2, count, selected, True)
    return _Header(band, _placed(column, safe.left, safe.top), wheel, bottom - body * 1.4)


# -- the card faces ----------------------------------------------------------------------------

def _band_paragraphs(label: str, title: str, body: float, typo: Typography) -> list[Paragraph]:
    return [Paragraph(label.upper(), typo.style("band_label", body), hyphenate=False),
            Paragraph(smarten(title), typo.style("band_title", body), space_before=body * 0.3, hyphenate=False,
                      balance=True)]


def compose_front(card: Card, deck: Deck, body: float, typo: Typography) -> Face:
    size, trim, safe = _frame(typo.layout)
    band = _band_paragraphs(f"{deck.card_label} {card.number}", card.title, body, typo)
    header = _header(band, size, safe, body, typo, card.number, len(deck.cards))
    paragraphs, rules_at = _front_flow(card, body, typo)
    column = typo.setter.set(paragraphs, safe.width)
    rules = tuple(Rule(safe.left + 0.6, header.bottom - column.tops[start] - body * 0.1,
                       header.bottom - column.bottoms[end - 1] - body * 0.3, column.drops[start],
                       column.drops[end - 1]) for start, end in rules_at)
    return Face(card.number, "front", size, trim, safe, body, typo.layout.dimension_colour(card.number),
                header.band, header.lines + _placed(column, safe.left, header.bottom), rules, header.wheel,
                needed=column.height, available=header.bottom - safe.bottom, stretch=column.stretch)


def _front_flow(card: Card, body: float, typo: Typography) -> tuple[list[Paragraph], list[tuple[int, int]]]:
    """Summary, the challenges, then the quotes; and the paragraph ranges that get a quote rule.

    The gaps marked `stretch` may widen to share out room a face does not need.
    """
    style = typo.style
    flow = [Paragraph(smarten(card.summary), style("body", body))]
    flow.append(Paragraph(typo.labels["challenges"], style("heading", body), space_before=body * 1.1,
                          stretch=True))
    for challenge in card.challenges:
        flow.append(Paragraph(smarten(challenge.question), style("question", body),
                              space_before=body * 0.7, stretch=True))
        flow.append(Paragraph(smarten(challenge.text), style("body", body), space_before=body * 0.2))
    rules = []
    for number, quote in enumerate(card.quotes):
        start = len(flow)
        for index, text in enumerate(_quoted(quote.paragraphs)):
            gap = body * (1.2 if number == 0 else 0.9) if index == 0 else body * 0.35
            flow.append(Paragraph(text, style("quote", body), space_before=gap, indent=body * 1.1,
                                  stretch=index == 0))
        flow.append(Paragraph(smarten(quote.source), style("source", body), space_before=body * 0.25,
                              indent=body * 1.1))
        rules.append((start, len(flow)))
    return flow, rules


def _quoted(paragraphs: tuple[str, ...]) -> list[str]:
    """Typographic quote marks around the whole quote, across its paragraphs."""
    texts = [smarten(paragraph) for paragraph in paragraphs]
    texts[0] = "‘" + texts[0]
    texts[-1] = texts[-1] + "’"
    return texts


def compose_back(card: Card, deck: Deck, body: float, typo: Typography) -> Face:
    size, trim, safe = _frame(typo.layout)
    band = [Paragraph(f"{deck.card_label} {card.number} · {smarten(card.title)}".upper(),
                      typo.style("band_label", body), hyphenate=False)]
    header = _header(band, size, safe, body, typo, card.number, len(deck.cards), wheel_scale=2.6)
    footer, footer_height = _footer(deck, f"{card.number} / {len(deck.cards)}", safe, body, typo)
    logo, bottom = _logo_place(safe, safe.bottom + footer_height, body, typo.layout)
    paragraphs, qr_size = _back_flow(card, body, typo)
    column = typo.setter.set(paragraphs, safe.width)
    qr_codes = _qr_places(card, column, paragraphs, safe, header.bottom, qr_size)
    return Face(card.number, "back", size, trim, safe, body, typo.layout.dimension_colour(card.number),
                header.band, header.lines + _placed(column, safe.left, header.bottom) + footer, (),
                header.wheel, qr_codes, logo, needed=column.height, available=header.bottom - bottom,
                stretch=column.stretch)


def _back_flow(card: Card, body: float, typo: Typography) -> tuple[list[Paragraph], float]:
    style = typo.style
    flow = [Paragraph(smarten(card.suggestions_heading), style("heading", body), hyphenate=False)]
    for index, suggestion in enumerate(card.suggestions):
        flow.append(Paragraph(smarten(suggestion), style("body", body),
                              space_before=body * (0.5 if index == 0 else 0.25),
                              indent=body * 1.0, bullet="•", stretch=True))
    if card.sources:
        flow.append(Paragraph(typo.labels["further_reading"], style("heading", body),
                              space_before=body * 1.1, stretch=True))
    qr_size = body * 5.5
    for source in card.sources:
        with_qr = bool(source.url) and typo.layout.show_qr_codes
        flow.append(Paragraph(smarten(source.title), style("body", body), space_before=body * 0.3,
                              indent=body * 1.0, bullet="›", right=qr_size + body if with_qr else 0.0,
                              min_height=qr_size if with_qr else 0.0))
    return flow, qr_size


def _qr_places(card: Card, column: Column, paragraphs: list[Paragraph], safe: Rect, top: float,
               qr_size: float) -> tuple[Code, ...]:
    """A QR code beside each source paragraph that made room for one."""
    first = len(paragraphs) - len(card.sources)
    return tuple(Code(source.url, Rect(safe.right - qr_size, top - column.tops[index] - qr_size, qr_size, qr_size),
                      column.drops[index])
                 for index, source in enumerate(card.sources, first) if paragraphs[index].min_height)


def _footer(deck: Deck, number: str, safe: Rect, body: float, typo: Typography):
    """Deck title, card number and publisher on one line at the bottom of the safe area."""
    if not typo.layout.show_footer:
        return (), 0.0
    style = typo.style("footer", body)
    right = " · ".join(part for part in (typo.layout.organisation or deck.publisher, typo.layout.footer) if part)
    y = safe.bottom + style.size * 0.25
    lines = tuple(_aligned(text, style, safe, y, align, typo)
                  for text, align in ((deck.title, 0.0), (number, 0.5), (right, 1.0)))
    return lines, style.size * 3.2  # the footer line and a line of air above it


def _aligned(text: str, style: Style, safe: Rect, baseline: float, align: float, typo: Typography):
    """One placed line across the safe area: align 0 left, 0.5 centred, 1 right."""
    width = typo.setter.measure.width(text, style)
    return Placed(safe.left + (safe.width - width) * align, baseline, Line(0, 0, text, style, width))


def _logo_place(safe: Rect, floor: float, body: float, layout: Layout) -> tuple[Rect | None, float]:
    """Where the logo sits above the footer, and the new floor for the text above it."""
    logo = layout.logo
    if logo is None:
        return None, floor
    share = {"bottom-left": 0.0, "bottom-centre": 0.5, "bottom-right": 1.0}[logo.place]
    place = Rect(safe.left + (safe.width - logo.width) * share, floor, logo.width, logo.height)
    return place, floor + logo.height + body * 1.0


# -- the intro card ----------------------------------------------------------------------------

def compose_intro_front(deck: Deck, body: float, typo: Typography) -> Face:
    size, trim, safe = _frame(typo.layout)
    band = [Paragraph(smarten(deck.title), typo.style("band_title", body), hyphenate=False, balance=True)]
    if deck.subtitle:
        band.append(Paragraph(smarten(deck.subtitle), typo.style("band_subtitle", body), space_before=body * 0.3,
                              hyphenate=False))
    header = _header(band, size, safe, body, typo, INTRO, len(deck.cards))
    flow = [Paragraph(smarten(text), typo.style("body", body), space_before=body * 0.6) for text in deck.intro]
    if deck.how_to_heading:
        flow.append(Paragraph(smarten(deck.how_to_heading), typo.style("heading", body), space_before=body * 1.1,
                              hyphenate=False))
        flow += [Paragraph(smarten(text), typo.style("body", body), space_before=body * 0.6)
                 for text in deck.how_to]
    column = typo.setter.set(flow, safe.width)
    return Face(INTRO, "front", size, trim, safe, body, typo.layout.accent, header.band,
                header.lines + _placed(column, safe.left, header.bottom), (), header.wheel,
                needed=column.height, available=header.bottom - safe.bottom, stretch=column.stretch)


def compose_intro_back(deck: Deck, body: float, typo: Typography) -> Face:
    """The overview: the wheel large, then every dimension with its challenges."""
    size, trim, safe = _frame(typo.layout)
    footer, footer_height = _footer(deck, "", safe, body, typo)
    logo, floor = _logo_place(safe, safe.bottom + footer_height, body, typo.layout)
    wheel, top, caption = None, safe.top, ()
    if typo.layout.show_wheel and 0 < len(deck.overview) <= MAX_WHEEL:
        radius = min(safe.width, safe.height) * 0.16
        wheel = Wheel(safe.left + safe.width / 2, safe.top - radius, radius, len(deck.overview), 0, False)
        caption, top = _caption(typo.labels["figure"], safe, safe.top - 2 * radius - body * 1.2, body, typo)
    flow = []
    for item in deck.overview:
        flow.append(Paragraph(f"{item.number}  {smarten(item.title)}", replace(
            typo.style("overview_title", body), colour=f"dimension:{item.number}"), space_before=body * 0.8))
        flow += [Paragraph(smarten(question), typo.style("body", body), space_before=body * 0.15,
                           indent=body * 1.2, bullet="•") for question in item.challenges]
    column = typo.setter.set(flow, safe.width)
    return Face(INTRO, "back", size, trim, safe, body, typo.layout.accent, None,
                caption + _placed(column, safe.left, top) + footer, (), wheel, logo=logo,
                needed=column.height, available=top - floor)


def _caption(text: str, safe: Rect, baseline: float, body: float, typo: Typography):
    """A centred caption under the wheel (the source calls it "Figuur 1"); the flow starts below."""
    return (_aligned(text, typo.style("footer", body), safe, baseline, 0.5, typo),), baseline - body * 1.2


def _labels(deck: Deck) -> dict[str, str]:
    return {"challenges": deck.labels.get("challenges", "Uitdagingen"),
            "figure": deck.labels.get("figure", "Figuur 1"),
            "further_reading": deck.labels.get("further_reading", "Verder lezen")}
