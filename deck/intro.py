"""The deck + a Layout + a body size -> the intro card's two faces, as geometry.

The front holds the deck's title and introduction; the back the overview: the wheel of dimensions
large, then every card's title with its challenge questions. The overview is made from the cards
themselves, so it can never disagree with them.
"""
from __future__ import annotations

from .band import WHEEL_SCALE, band_depth, band_grid, header
from .compose import aligned, footer_lines, logo_place
from .content import Deck
from .face import INTRO, MAX_WHEEL, Face, Wheel, frame
from .grid import grid, set_flow
from .layouts import Layout
from .text import Paragraph, Placed
from .typography import Typography, shows_wheel
from .units import Rect


def compose_intro_front(deck: Deck, body: float, typo: Typography) -> Face:
    size, trim, safe = frame(typo.layout)
    place = grid(safe, body, typo, prose="intro")
    space = typo.spacing
    band = [Paragraph(typo.smart(deck.title), typo.style("band_title", body), hyphenate=False, balance=True)]
    if deck.subtitle:
        band.append(Paragraph(typo.smart(deck.subtitle), typo.style("band_subtitle", body),
                              space_before=body * 0.3, hyphenate=False, balance=True))
    top = header(size, safe, band_grid(safe), body, typo, band, band_depth("front", safe, body, typo), INTRO,
                 WHEEL_SCALE["front"])
    flow = [Paragraph(typo.smart(text), typo.style("body", body), space_before=body * space.paragraph)
            for text in deck.intro]
    if deck.how_to_heading:
        flow.append(Paragraph(typo.smart(deck.how_to_heading), typo.style("heading", body),
                              space_before=body * space.section, hyphenate=False, keep_with_next=True))
        flow += [Paragraph(typo.smart(text), typo.style("body", body),
                           space_before=body * (space.heading if index == 0 else space.paragraph))
                 for index, text in enumerate(deck.how_to)]
    lines, flows, _, _ = set_flow(flow, place, top.bottom, typo)
    return Face(INTRO, "front", size, trim, safe, body, typo.layout.accent, top.band, top.lines + lines, (),
                top.wheel, flows=flows, available=top.bottom - safe.bottom)


def compose_intro_back(deck: Deck, body: float, typo: Typography) -> Face:
    """The overview: the wheel large, then every dimension with its challenges."""
    size, trim, safe = frame(typo.layout)
    place = grid(safe, body, typo)
    footer, floor = footer_lines(deck, "", safe, body, typo)
    logo, floor = logo_place(safe, floor, body, typo.layout)
    wheel, top, caption = None, safe.top, ()
    if typo.shows_wheel:
        radius = min(safe.width, safe.height) * 0.16
        wheel = Wheel(safe.left + safe.width / 2, safe.top - radius, radius, len(deck.cards), 0, False)
        caption, top = _caption(typo.labels["figure"], safe, safe.top - 2 * radius - body * 1.2, body, typo)
    lines, flows, _, _ = set_flow(overview(deck, body, typo), place, top, typo)
    return Face(INTRO, "back", size, trim, safe, body, typo.layout.accent, None, caption + lines + footer, (),
                wheel, logo=logo, flows=flows, available=top - floor)


MAX_QUESTIONS = 12  # up to this many cards the overview lists their challenge questions too
MAX_OVERVIEW = 60   # beyond this many cards no overview fits on one card


def empty_back(deck: Deck, layout: Layout) -> tuple[str, ...]:
    """A warning when the intro card's back shows nothing but its footer: a deck too large for the
    overview, and for the wheel (or a layout without it)."""
    cards = len(deck.cards)
    if cards <= MAX_OVERVIEW or shows_wheel(layout, cards):
        return ()
    return (f"{deck.folder / 'deck.yaml'}: the intro card's back is left empty: a deck of {cards} cards is too "
            f"large for the overview of its cards (at most {MAX_OVERVIEW}) and for the wheel (at most "
            f"{MAX_WHEEL}); make sure the intro's text does not refer to them.",)


def overview(deck: Deck, body: float, typo: Typography) -> list[Paragraph]:
    """Every card's number and title, with its challenge questions under it (titles only for a
    larger deck; nothing for a deck too large for one card to list)."""
    if len(deck.cards) > MAX_OVERVIEW:
        return []
    if len(deck.cards) > MAX_QUESTIONS:
        return [Paragraph(f"{card.number}  {typo.smart(card.title)}", typo.style("body", body),
                          space_before=body * typo.spacing.answer, hyphenate=False) for card in deck.cards]
    space, flow = typo.spacing, []
    for card in deck.cards:
        flow.append(Paragraph(f"{card.number}  {typo.smart(card.title)}",
                              typo.style("overview_title", body)._replace(colour=f"dimension:{card.number}"),
                              space_before=body * space.section * 0.6, hyphenate=False, keep_with_next=True))
        last = len(card.challenges) - 1  # a dimension stays together in one column
        flow += [Paragraph(typo.smart(challenge.question), typo.style("body", body), space_before=body * space.answer,
                           indent=body * space.indent, bullet="•", hyphenate=False, keep_with_next=index < last)
                 for index, challenge in enumerate(card.challenges)]
    return flow


def _caption(text: str, safe: Rect, baseline: float, body: float, typo: Typography
             ) -> tuple[tuple[Placed, ...], float]:
    """A centred caption under the wheel (the source calls it "Figuur 1"); the flow starts below."""
    return (aligned(text, typo.style("footer", body), safe, baseline, 0.5, typo),), baseline - body * 1.2
