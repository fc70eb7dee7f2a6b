"""A card (or the deck's intro) + a Layout -> fitted faces as plain geometry, and their drawing.

compose_*() decide what goes where at a given body size (points, origin at the bleed box's lower
left); fit_deck() finds the body size per the layout's fit mode; draw_face() is the only function
here that touches a reportlab canvas.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, NamedTuple

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .content import Card, Deck
from .errors import DeckError, DeckErrors
from .fit import (Column, Hyphenator, Line, Measure, Paragraph, Style, Typesetter, check_glyphs, largest_fitting,
                  smarten)
from .layouts import Colour, Layout
from .units import Rect, Size, to_mm

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
    lines: tuple[tuple[float, float, Line], ...]  # (x, baseline y, line) on the face
    rules: tuple[tuple[float, float, float, float], ...] = ()
    wheel: Wheel | None = None
    qr_codes: tuple[tuple[str, Rect], ...] = ()
    logo: Rect | None = None
    needed: float = 0.0
    available: float = 0.0
    stretch: float = 0.0  # how much `needed` grows per unit of spread
    # how far each line, rule and QR code moves down per unit of spread (see respread)
    drops: tuple[float, ...] = ()
    rule_drops: tuple[tuple[float, float], ...] = ()
    qr_drops: tuple[float, ...] = ()

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


@functools.lru_cache(maxsize=None)
def register_fonts(layout: Layout) -> dict[str, str]:
    """Register the layout's four fonts with reportlab under names unique to their files."""
    names = {}
    for style in ("regular", "bold", "italic", "bold_italic"):
        path: Path = getattr(layout.fonts, style)
        name = f"{path.stem}-{hashlib.sha1(str(path).encode()).hexdigest()[:6]}"
        if name not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (TTFError, OSError) as error:
                raise DeckError(f"the {style} font {path} is not a usable TrueType font ({error}); "
                                "use a .ttf file", layout.path) from None
        names[style] = name
    return names


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


def _placed(column: Column, left: float, top: float) -> tuple[tuple[float, float, Line], ...]:
    return tuple((left + line.x, top - line.y, line) for line in column.lines)


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
    rules = tuple((safe.left + 0.6, header.bottom - column.tops[start] - body * 0.1, safe.left + 0.6,
                   header.bottom - column.bottoms[end - 1] - body * 0.3) for start, end in rules_at)
    return Face(card.number, "front", size, trim, safe, body, typo.layout.dimension_colour(card.number),
                header.band, header.lines + _placed(column, safe.left, header.bottom), rules, header.wheel,
                needed=column.height, available=header.bottom - safe.bottom, stretch=column.stretch,
                drops=(0.0,) * len(header.lines) + column.line_drops,
                rule_drops=tuple((column.drops[start], column.drops[end - 1]) for start, end in rules_at))


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
    qr_codes, qr_drops = _qr_places(card, column, paragraphs, safe, header.bottom, qr_size)
    return Face(card.number, "back", size, trim, safe, body, typo.layout.dimension_colour(card.number),
                header.band, header.lines + _placed(column, safe.left, header.bottom) + footer, (),
                header.wheel, qr_codes, logo, needed=column.height, available=header.bottom - bottom,
                stretch=column.stretch, qr_drops=qr_drops,
                drops=(0.0,) * len(header.lines) + column.line_drops + (0.0,) * len(footer))


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
               qr_size: float) -> tuple[tuple[tuple[str, Rect], ...], tuple[float, ...]]:
    """A QR code beside each source paragraph that made room for one, and how each moves on spread."""
    first = len(paragraphs) - len(card.sources)
    places, drops = [], []
    for index, source in enumerate(card.sources, first):
        if paragraphs[index].min_height:
            places.append((source.url, Rect(safe.right - qr_size, top - column.tops[index] - qr_size,
                                            qr_size, qr_size)))
            drops.append(column.drops[index])
    return tuple(places), tuple(drops)


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
    return safe.left + (safe.width - width) * align, baseline, Line(0, 0, text, style, width)


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
                needed=column.height, available=header.bottom - safe.bottom, stretch=column.stretch,
                drops=(0.0,) * len(header.lines) + column.line_drops)


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


# -- copyfitting -------------------------------------------------------------------------------

@dataclass(frozen=True)
class FittedCard:
    number: int
    title: str
    front: Face
    back: Face


class _FaceToFit(NamedTuple):
    """One face of one card, as copyfitting sees it."""

    number: int
    title: str
    side: str
    path: Path        # the file its text comes from, for messages
    compose: Callable  # (body, typo) -> Face, remembered per body size
    weight: int       # roughly how much it holds (characters, and a line per item): fullest first


def _faces_to_fit(deck: Deck) -> list[_FaceToFit]:
    """Both faces of the intro card and of every card, in deck order."""
    intro_size = len(" ".join((*deck.intro, *deck.how_to)))
    faces = [_FaceToFit(INTRO, deck.title, "front", deck.folder / "deck.yaml",
                        _memo(lambda body, typo: compose_intro_front(deck, body, typo)), intro_size),
             _FaceToFit(INTRO, deck.title, "back", deck.folder / "deck.yaml",
                        _memo(lambda body, typo: compose_intro_back(deck, body, typo)), intro_size)]
    for card in deck.cards:
        front_text = [card.summary, *(c.question + c.text for c in card.challenges),
                      *(p for q in card.quotes for p in q.paragraphs)]
        back_text = [*card.suggestions, *(source.title for source in card.sources)]
        faces += [_FaceToFit(card.number, card.title, "front", card.path,
                             _memo(lambda body, typo, card=card: compose_front(card, deck, body, typo)),
                             len(" ".join(front_text))),
                  _FaceToFit(card.number, card.title, "back", card.path,
                             _memo(lambda body, typo, card=card: compose_back(card, deck, body, typo)),
                             len(" ".join(back_text)) + 40 * len(back_text))]
    return faces


def _memo(compose):
    """Copyfitting asks for the same face at the same size more than once; set it once."""
    faces: dict[float, Face] = {}

    def cached(body: float, typo: Typography) -> Face:
        if body not in faces:
            faces[body] = compose(body, typo)
        return faces[body]
    return cached


def fit_deck(deck: Deck, layout: Layout, only: int | None = None, progress=None) -> list[FittedCard]:
    """Every card (or only card `only`) fitted at the largest body size the layout allows.

    `fit: deck` gives the whole deck one body size, so the cards look alike; `fit: sides` gives
    all fronts one size and all backs another (a front then is not held to the small size of the
    fullest back); `fit: card` gives each card its own. The intro card, a different kind of card,
    is always fitted on its own. Room a face does not need is shared out between its sections by
    the same measure on every face of a group, so the rhythm does not change from card to card.
    """
    with _no_cycle_collection():
        return _fit(deck, layout, only, progress)  # the faces tried and dropped die with _fit's locals


def _fit(deck: Deck, layout: Layout, only: int | None, progress) -> list[FittedCard]:
    typo = typography(layout, deck)
    _check_glyphs(deck, typo)
    faces = _faces_needed(_faces_to_fit(deck), typo, only)
    sizes = _body_sizes(faces, typo, progress)
    spreads = _spreads(faces, sizes, typo)
    final = {(face.number, face.side): _final(face.compose, sizes[face], spreads[face], typo) for face in faces}
    return [FittedCard(face.number, face.title, final[face.number, "front"], final[face.number, "back"])
            for face in faces if face.side == "front" and (only is None or face.number == only)]


@contextlib.contextmanager
def _no_cycle_collection():
    """Fitting allocates millions of small, acyclic objects (lines, tuples); Python's cycle
    collector would walk them again and again for nothing (a third of the fit at 1000 cards)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _group(typo: Typography, number: int, side: str) -> tuple:
    """Faces in one group share a body size and a spread (see fit_deck)."""
    mode = typo.layout.type.fit
    if number == INTRO:
        return ("intro", side) if mode == "sides" else ("intro",)
    return {"deck": ("deck",), "sides": ("sides", side), "card": ("card", number)}[mode]


def _faces_needed(faces: list[_FaceToFit], typo: Typography, only: int | None) -> list[_FaceToFit]:
    """All faces, or those of card `only` and every face that shares a group with them: they decide
    its size."""
    if only is None:
        return faces
    groups = {_group(typo, only, "front"), _group(typo, only, "back")}
    return [face for face in faces if _group(typo, face.number, face.side) in groups]


def _body_sizes(faces: list[_FaceToFit], typo: Typography, progress=None) -> dict[_FaceToFit, float]:
    """The body size of each face; DeckErrors naming every face that does not fit.

    The faces of a group are fitted in turn under a ceiling that only comes down; the wordiest
    faces go first, so the ceiling falls early and most faces cost one layout pass.
    """
    scale = typo.layout.type
    ceiling: dict[tuple, float] = {}
    problems = []
    for done, face in enumerate(sorted(faces, key=lambda face: -face.weight), 1):
        if progress:
            progress("fitting", done, len(faces))
        group = _group(typo, face.number, face.side)
        size = largest_fitting(lambda body: _needed_and_available(face.compose(body, typo)), scale.body_min,
                               ceiling.get(group, scale.body_max))
        if size is None:
            problems.append((face.number, face.side, _too_long(face, face.compose(scale.body_min, typo),
                                                               scale.body_min)))
        else:
            ceiling[group] = min(ceiling.get(group, size), size)
    if problems:
        raise DeckErrors([error for *_, error in sorted(problems, key=lambda p: (p[0], p[1] != "front"))])
    return {face: ceiling[_group(typo, face.number, face.side)] for face in faces}


def _needed_and_available(face: Face) -> tuple[float, float]:
    return face.needed, face.available


MAX_SPREAD = 2.5  # section gaps grow at most this much: beyond it a face looks like it lost text
SPREAD_STEP = 0.05


def _spreads(faces: list[_FaceToFit], sizes: dict[_FaceToFit, float], typo: Typography) -> dict[_FaceToFit, float]:
    """How far each face's section gaps may grow: the least of its group."""
    least: dict[tuple, float] = {}
    for face in faces:
        plain = face.compose(sizes[face], typo)
        room = -plain.overflow / plain.stretch if plain.stretch > 0 else 0.0
        # whole steps of SPREAD_STEP: a face with no room to spare (spread 1) is the face already
        # set, not a new setting
        spread = min(MAX_SPREAD, 1 + math.floor(room / SPREAD_STEP) * SPREAD_STEP)
        group = _group(typo, face.number, face.side)
        least[group] = min(least.get(group, spread), spread)
    return {face: least[_group(typo, face.number, face.side)] for face in faces}


def _final(compose, body: float, spread: float, typo: Typography) -> Face:
    plain = compose(body, typo)
    wide = respread(plain, spread)
    return wide if wide.overflow <= 0 else plain


def respread(face: Face, spread: float) -> Face:
    """The face with its stretchable gaps `spread` times as wide: lines, rules and QR codes move
    down by what stretched above them. Set once, spread as often as needed."""
    if spread == 1.0 or face.stretch <= 0:
        return face
    extra = spread - 1.0
    lines = tuple((x, y - drop * extra, line) for (x, y, line), drop in zip(face.lines, face.drops))
    rules = tuple((x1, y1 - top * extra, x2, y2 - bottom * extra)
                  for (x1, y1, x2, y2), (top, bottom) in zip(face.rules, face.rule_drops))
    qr_codes = tuple((url, Rect(place.x, place.y - drop * extra, place.width, place.height))
                     for (url, place), drop in zip(face.qr_codes, face.qr_drops))
    return replace(face, lines=lines, rules=rules, qr_codes=qr_codes, needed=face.needed + face.stretch * extra)


def _texts(deck: Deck, layout: Layout):
    """(file, what, text) for every text the deck prints, for checking that the fonts can draw it."""
    yield deck.folder / "deck.yaml", "", " ".join((
        deck.title, deck.subtitle, deck.publisher, deck.card_label, *deck.intro, deck.how_to_heading,
        *deck.how_to, *deck.labels.values(), *(t for item in deck.overview for t in (item.title, *item.challenges))))
    yield layout.path, "", f"{layout.organisation} {layout.footer}"
    for card in deck.cards:
        parts = [card.title, card.summary, card.suggestions_heading, *card.suggestions]
        parts += [text for c in card.challenges for text in (c.question, c.text)]
        parts += [text for q in card.quotes for text in (*q.paragraphs, q.source)]
        parts += [source.title for source in card.sources]
        yield card.path, f"card {card.number}: ", " ".join(parts)


def _check_glyphs(deck: Deck, typo: Typography) -> None:
    """Every character the deck prints must be in every font. The whole deck is checked at once;
    only when a character is missing are the files searched for the one to name."""
    texts = [(path, what, smarten(text)) for path, what, text in _texts(deck, typo.layout)]
    used = set("•›‘’·").union(*(text for _, _, text in texts))
    faces = [pdfmetrics.getFont(font).face for font in typo.fonts.values()]
    if all(ord(char) in face.charToGlyph for face in faces for char in used if not char.isspace()):
        return
    for path, what, text in texts:
        for font in typo.fonts.values():
            check_glyphs(text, font, path, what)


def _labels(deck: Deck) -> dict[str, str]:
    return {"challenges": deck.labels.get("challenges", "Uitdagingen"),
            "figure": deck.labels.get("figure", "Figuur 1"),
            "further_reading": deck.labels.get("further_reading", "Verder lezen")}


def _too_long(face: _FaceToFit, composed: Face, body: float) -> DeckError:
    name = "the intro card" if face.number == INTRO else f"card {face.number} ({face.title})"
    return DeckError(f"{name}, {face.side}: {to_mm(composed.overflow):.0f} mm too long at {body:g} pt; "
                     "choose a larger card, a smaller minimum size (type.body_min), or shorten the text", face.path)


# -- drawing -----------------------------------------------------------------------------------

def draw_face(canvas, face: Face, layout: Layout) -> None:
    """Draw `face` with its bleed box's lower left at the canvas origin."""
    canvas.saveState()
    _fill(canvas, layout.background)
    canvas.rect(0, 0, face.size.width, face.size.height, stroke=0, fill=1)
    if face.band is not None:
        _fill(canvas, face.colour)
        canvas.rect(face.band.x, face.band.y, face.band.width, face.band.height, stroke=0, fill=1)
    for x1, y1, x2, y2 in face.rules:
        _stroke(canvas, face.colour)
        canvas.setLineWidth(1.2)
        canvas.line(x1, y1, x2, y2)
    for x, y, line in face.lines:
        _fill(canvas, _colour(line.style.colour, face, layout))
        canvas.setFont(line.style.font, line.style.size)
        canvas.drawString(x, y, line.text)
    if face.wheel is not None:
        _draw_wheel(canvas, face.wheel, face, layout)
    for url, place in face.qr_codes:
        _draw_qr(canvas, url, place, layout)
    if face.logo is not None:
        # drawImage keys images by their content: the logo is embedded once however often it is drawn
        canvas.drawImage(str(layout.logo.file), face.logo.x, face.logo.y, face.logo.width, face.logo.height,
                         mask="auto")
    canvas.restoreState()


def _colour(role: str, face: Face, layout: Layout) -> Colour:
    if role.startswith("dimension:"):
        return layout.dimension_colour(int(role.split(":")[1]))
    return {"text": layout.text_colour, "dimension": face.colour, "paper": layout.background,
            "muted": tint(layout.text_colour, 0.3)}[role]


def tint(colour: Colour, amount: float) -> Colour:
    """`colour` moved `amount` (0..1) of the way to white (paper), in its own colour model."""
    if colour.model == "rgb":
        return Colour("rgb", tuple(round(v + (1 - v) * amount, 4) for v in colour.values))
    return Colour("cmyk", tuple(round(v * (1 - amount), 4) for v in colour.values))


def _fill(canvas, colour: Colour) -> None:
    if colour.model == "rgb":
        canvas.setFillColorRGB(*colour.values)
    else:
        canvas.setFillColorCMYK(*colour.values)


def _stroke(canvas, colour: Colour) -> None:
    if colour.model == "rgb":
        canvas.setStrokeColorRGB(*colour.values)
    else:
        canvas.setStrokeColorCMYK(*colour.values)


def _draw_wheel(canvas, wheel: Wheel, face: Face, layout: Layout) -> None:
    """The seed's Figure 1: a ring of segments, one per dimension, the first at twelve o'clock."""
    step = 360.0 / wheel.count
    inner = wheel.radius * 0.42
    for index in range(wheel.count):
        number = index + 1
        start = 90 - index * step - step
        _fill(canvas, _segment_colour(wheel, number, face, layout))
        _stroke(canvas, layout.background)
        canvas.setLineWidth(max(0.75, wheel.radius * 0.04))  # thinner knock-outs fill in on press
        path = canvas.beginPath()
        path.arc(wheel.centre_x - wheel.radius, wheel.centre_y - wheel.radius,
                 wheel.centre_x + wheel.radius, wheel.centre_y + wheel.radius, start, step)
        path.arcTo(wheel.centre_x - inner, wheel.centre_y - inner, wheel.centre_x + inner,
                   wheel.centre_y + inner, start + step, -step)
        path.close()
        canvas.drawPath(path, stroke=1, fill=1)
        if not wheel.on_band:
            _segment_label(canvas, wheel, number, start + step / 2, inner, layout)


def _segment_colour(wheel: Wheel, number: int, face: Face, layout: Layout) -> Colour:
    if not wheel.on_band:
        return layout.dimension_colour(number)
    return layout.background if number == wheel.selected else tint(face.colour, 0.45)


def _segment_label(canvas, wheel: Wheel, number: int, angle: float, inner: float, layout: Layout) -> None:
    middle = (wheel.radius + inner) / 2
    x = wheel.centre_x + middle * math.cos(math.radians(angle))
    y = wheel.centre_y + middle * math.sin(math.radians(angle))
    size = wheel.radius * 0.16
    font = register_fonts(layout)["bold"]
    _fill(canvas, layout.background)
    canvas.setFont(font, size)
    canvas.drawCentredString(x, y - size * 0.35, str(number))


def _draw_qr(canvas, url: str, place: Rect, layout: Layout) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barLevel="M", barBorder=0)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(place.width, place.height,
                      transform=[place.width / (right - left), 0, 0, place.height / (top - bottom), 0, 0])
    widget.barFillColor = _reportlab_colour(layout.text_colour)
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, place.x, place.y)


def _reportlab_colour(colour: Colour):
    from reportlab.lib.colors import CMYKColor, Color

    return Color(*colour.values) if colour.model == "rgb" else CMYKColor(*colour.values)
