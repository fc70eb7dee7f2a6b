"""A card + a Layout + a body size -> its front and back Face: plain geometry, in points. Nothing here draws.

The front holds the title band, the summary, the challenges and the quotes: prose, in one column of
a readable measure under the title, the card's number hanging beside both (two columns only where one
cannot hold the fronts). The back holds the suggestions and the further reading, in two columns, with
a row of small QR codes above the footer for the sources that have a url. The intro card is in
intro.py, the band in band.py, the grid in grid.py.
"""
from __future__ import annotations

from .band import card_header
from .content import Card, Deck
from .errors import DeckError
from .face import Code, Face, Link, Rule, frame
from .grid import Grid, grid, set_flow
from .layouts import Layout
from .text import Line, Paragraph, Placed, Style
from .text import quoted as quote_block
from .typeset import Column
from .typography import Typography
from .units import MM, Rect, mm_text

QR_MODULE = 0.35 * MM  # a comfortable module: a phone reads it at arm's length from an office print
QR_MODULE_MIN = 0.3 * MM  # the smallest module, to keep a card's codes on one row (7 dots at 600 dpi)
QR_MIN = 11 * MM


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
    flow = [Paragraph(typo.smart(card.summary), style("body", body))]
    flow.append(Paragraph(typo.labels["challenges"], style("heading", body), space_before=body * space.section,
                          stretch=True, hyphenate=False, keep_with_next=True))
    for index, challenge in enumerate(card.challenges):
        # the first question binds to the heading above it; the gaps between challenges may grow
        flow.append(Paragraph(typo.smart(challenge.question), style("question", body),
                              space_before=body * (space.heading if index == 0 else space.challenge),
                              stretch=index > 0, hyphenate=False, keep_with_next=True))
        flow.append(Paragraph(typo.smart(challenge.text), style("body", body), space_before=body * space.answer))
    quoted = []
    quoting = style("quote", body)
    # the opening mark (with the space French sets after it) hangs in the gap beside the quote's
    # rule, so that the words stand flush
    hang = typo.setter.measure.width(typo.marks.block[0], quoting) if card.quotes else 0.0
    for number, quote in enumerate(card.quotes):
        start = len(flow)
        for index, text in enumerate(quote_block(quote.paragraphs, typo.marks)):
            gap = body * (space.quotes if number == 0 else space.quote) if index == 0 else body * space.paragraph
            flow.append(Paragraph(text, quoting, space_before=gap, indent=body * space.indent, stretch=index == 0,
                                  hang=hang))
        flow.append(Paragraph(typo.smart(quote.source), style("source", body), space_before=body * space.attribution,
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
    flow = [Paragraph(typo.smart(card.suggestions_heading), style("heading", body), hyphenate=False,
                      keep_with_next=True)]
    item = body * space.item
    for index, suggestion in enumerate(card.suggestions):
        flow.append(Paragraph(typo.smart(suggestion), style("body", body), space_before=body * space.heading
                              if index == 0 else item, indent=body * space.indent, bullet="•", stretch=True))
    if card.sources:
        flow.append(Paragraph(typo.labels["further_reading"], style("heading", body),
                              space_before=body * space.section, stretch=True, hyphenate=False, keep_with_next=True))
    for number, source in enumerate(card.sources, 1):
        flow.append(Paragraph(typo.smart(source.title), style("body", body),
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


def qr_modules(url: str) -> int:
    """The number of modules across the QR code of `url`, as qr.py draws it."""
    from .qr import qr_matrix

    return len(qr_matrix(url))


# -- what backs share with the intro card ----------------------------------------------------------

def footer_lines(deck: Deck, number: str, safe: Rect, body: float, typo: Typography
                 ) -> tuple[tuple[Placed, ...], float]:
    """Deck title, card number and publisher at the bottom of the safe area: on one line where they
    fit side by side (an em apart: title left, number centred, publisher right); else on two, the
    title left with the number flush right below, the publisher right above them; and the floor for
    what stands above the footer."""
    if not typo.layout.show_footer:
        return (), safe.bottom
    style = typo.style("footer", body)
    right = " · ".join(part for part in (typo.layout.organisation or deck.publisher, typo.layout.footer) if part)

    def place(text: str, align: float, key: str) -> Placed | None:
        if not text:
            return None
        placed = aligned(typo.smart(text), style, safe, 0.0, align, typo)
        if placed.line.width > safe.width + 1e-6:
            raise _too_wide(text, placed.line.width - safe.width, deck, typo.layout, key)
        return placed

    title, publisher = place(deck.title, 0.0, "title"), place(right, 1.0, "publisher")
    parts = [part for part in (title, place(number, 0.5, ""), publisher) if part]
    if all(_apart(one, other, style.size) for index, one in enumerate(parts) for other in parts[index + 1:]):
        rows = [parts]
    else:
        bottom = [part for part in (title, place(number, 1.0, "")) if part]
        if len(bottom) == 2 and not _apart(*bottom, style.size):
            raise DeckError(f"the footer cannot hold the deck's title '{deck.title}' and the card number side by "
                            "side; shorten the title, choose a larger card, or switch the footer off (show: footer: "
                            "false in the layout)")
        rows = [bottom, [publisher]] if publisher else [bottom]
    baseline = safe.bottom + style.size * 0.25
    lines = tuple(placed._replace(y=baseline + level * style.leading) for level, row in enumerate(rows)
                  for placed in row)
    return lines, safe.bottom + style.size + (len(rows) - 1) * style.leading + body * typo.spacing.above_footer


def _too_wide(text: str, over: float, deck: Deck, layout: Layout, key: str) -> DeckError:
    """A footer text wider than the card, told where it is written: deck.yaml, or the layout for
    its organisation and footer."""
    message = (f"the footer cannot hold '{text}': it is {mm_text(over)} wider than the card's safe area; "
               "shorten it, choose a larger card, or switch the footer off (show: footer: false in the layout)")
    if key == "publisher" and (layout.organisation or layout.footer):
        return DeckError(message, layout.path)
    place = next((placed for placed in deck.texts() if placed.label == key), None)
    return DeckError(message, place.path, place.line, place.column) if place else DeckError(message)


def _apart(one: Placed, other: Placed, gap: float) -> bool:
    """Two parts of the footer on one line with at least `gap` between them."""
    return one.x + one.line.width + gap <= other.x or other.x + other.line.width + gap <= one.x


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
