"""Card size + sheet + mode -> a Plan of sheets, slots and crop-mark segments, in points.

Pure geometry: no PDF library here; sheets.py turns a Plan into pages.

In:  the card's trim size, how many cards the deck has, the sheet, the bleed, the margin the
     printer cannot print, the mode and, for duplex, the flip (long or short edge).
Out: a Plan: for every output page its size, where each card face lies (trim and bleed rects and
     a rotation), crop-mark and fold-line segments, the TrimBox and BleedBox, and room for a slug.

Modes:
- duplex: fronts sheet, backs sheet, fronts sheet, ...; each back lies behind its front.
- fold:   for single-sided printers: front and back of a card side by side (or stacked) on one
          sheet, mirrored about a fold line in the gutter between them.
- single: one face per page, page = trim + bleed, no marks (for print services).

A slot is the place of one card on a sheet; in fold mode a slot holds a pair. Cards are never
rotated on the sheet; the sheet is. The origin is the bottom left, as in PDF.
"""

import math
from typing import Iterable, NamedTuple, Sequence

from .errors import DeckError
from .units import MM, PAPER, Rect, Size

MODES = ("duplex", "fold", "single")
FLIPS = ("long", "short")
FACES = ("front", "back")

# How the faces of one card share a slot.
ALONE = "alone"                # duplex: one face per slot, the back on the other side of the sheet
SIDE_BY_SIDE = "side by side"  # fold: back right of the front, vertical fold line
STACKED = "stacked"            # fold: back below the front, horizontal fold line
ARRANGEMENTS = {"duplex": (ALONE,), "fold": (SIDE_BY_SIDE, STACKED)}

FOLD_MIN_GUTTER = 2 * MM   # folding needs some paper between the cards even without bleed
SLUG_MIN_HEIGHT = 2.5 * MM  # one line of 6 pt text
SLUG_MIN_WIDTH = 30 * MM    # about 25 characters of 6 pt text
SLUG_CLEARANCE = 1 * MM     # air so the slug never reads as part of a mark or the artwork
EPSILON = 1e-6              # points; lets a grid that fits exactly (57 mm cards on A4) fit
STANDARD_SHEETS = {"letter": "Letter", "a4": "A4", "a3": "A3"}


class Segment(NamedTuple):
    """A straight line from (x1, y1), the end nearer the card, to (x2, y2)."""

    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def length(self) -> float:
        return math.hypot(self.x2 - self.x1, self.y2 - self.y1)


class Placement(NamedTuple):
    """One card face on a sheet. The face is drawn rotated by `rotation` degrees (0 or 180)
    about the centre of its trim, which is given as it lies on the sheet."""

    card: int
    face: str
    trim: Rect
    bleed: Rect
    rotation: int


class Sheet(NamedTuple):
    """One output page. `side` is "fronts" or "backs" (duplex), "both" (fold) or "face" (single)."""

    number: int
    side: str
    size: Size
    placements: tuple[Placement, ...]
    crop_marks: tuple[Segment, ...]
    fold_lines: tuple[Segment, ...]
    trim_box: Rect
    bleed_box: Rect
    slug: Rect | None


class Grid(NamedTuple):
    """Columns x rows of slots on the sheet as it lies (portrait or landscape)."""

    columns: int
    rows: int
    sheet: Size

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def orientation(self) -> str:
        return "portrait" if self.sheet.height >= self.sheet.width else "landscape"


class Plan(NamedTuple):
    """Every sheet of an imposition: how faces are placed (mode), how the sheets turn (flip), the grid."""
    mode: str
    flip: str
    grid: Grid | None
    sheets: tuple[Sheet, ...]


class DoesNotFit(DeckError, ValueError):
    """The card (or pair) does not fit on the sheet; the message says what would."""


class _Press(NamedTuple):
    """The fixed numbers of one imposition: card, bleed, printer margin and crop marks."""

    card: Size
    bleed: float
    printer_margin: float
    mark_offset: float
    mark_length: float

    @property
    def gutter(self) -> float:
        # Cards with bleed each need their own; cards without bleed butt and share cut lines.
        return 2 * self.bleed

    @property
    def fold_gutter(self) -> float:
        return max(2 * self.bleed, FOLD_MIN_GUTTER)

    @property
    def mark_zone(self) -> float:
        return self.mark_offset + self.mark_length

    def room(self, sheet: Size) -> Size:
        """The part of the sheet the slots may use: marks and printer margin all round."""
        edge = 2 * (self.printer_margin + self.mark_zone)
        return Size(sheet.width - edge, sheet.height - edge)


def plan(card: Size, count: int, *, sheet: Size, bleed: float = 3 * MM,
         printer_margin: float = 5 * MM, mode: str = "duplex", flip: str = "long",
         mark_length: float = 5 * MM, mark_offset: float | None = None,
         sheet_name: str = "") -> Plan:
    """Impose `count` cards of trim size `card` on `sheet`. Raises DoesNotFit, ValueError."""
    offset = max(bleed, 3 * MM) if mark_offset is None else mark_offset
    _check(card, count, mode, flip, bleed, printer_margin, offset, mark_length)
    if mode == "single":
        return Plan(mode, flip, None, tuple(_single_pages(card, count, bleed)))
    press = _Press(card, bleed, printer_margin, offset, mark_length)
    grid, arrangement = _best_grid(press, sheet, ARRANGEMENTS[mode])
    if grid.per_sheet == 0:
        raise _does_not_fit(press, sheet, mode, sheet_name)
    if mode == "duplex":
        return Plan(mode, flip, grid, tuple(_duplex_sheets(press, count, grid, flip)))
    return Plan(mode, flip, grid, tuple(_fold_sheets(press, count, grid, arrangement)))


def _check(card: Size, count: int, mode: str, flip: str, bleed: float, printer_margin: float,
           mark_offset: float, mark_length: float) -> None:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if flip not in FLIPS:
        raise ValueError(f"flip must be one of {', '.join(FLIPS)}, not {flip!r}")
    if not isinstance(count, int) or count < 1:
        raise ValueError(f"a deck needs at least one card, not {count!r}")
    if card.width <= 0 or card.height <= 0:
        raise ValueError(f"a card needs a width and a height above zero, not {card}")
    if bleed < 0 or printer_margin < 0 or mark_length <= 0:
        raise ValueError("bleed and printer margin cannot be negative, crop marks need a length")
    if mark_offset < bleed:
        # A mark inside the bleed prints on the artwork and shows when the cut drifts.
        raise ValueError(f"crop marks must start at least the bleed ({_mm(bleed)} mm) "
                         f"from the trim, not {_mm(mark_offset)} mm")


# --- the grid -------------------------------------------------------------------------------

def _slot_size(press: _Press, arrangement: str) -> Size:
    card = press.card
    if arrangement == SIDE_BY_SIDE:
        return Size(2 * card.width + press.fold_gutter, card.height)
    if arrangement == STACKED:
        return Size(card.width, 2 * card.height + press.fold_gutter)
    return card


def _how_many(length: float, room: float, gutter: float) -> int:
    """n slots with n - 1 gutters between them fit in `room`."""
    return max(0, math.floor((room + gutter + EPSILON) / (length + gutter)))


def _grid_on(press: _Press, sheet: Size, arrangement: str) -> Grid:
    slot, room = _slot_size(press, arrangement), press.room(sheet)
    return Grid(_how_many(slot.width, room.width, press.gutter),
                _how_many(slot.height, room.height, press.gutter), sheet)


def _best_grid(press: _Press, sheet: Size, arrangements: Sequence[str]) -> tuple[Grid, str]:
    """The grid with most cards per sheet; on a tie the portrait sheet, then the first arrangement."""
    candidates = [(_grid_on(press, oriented, arrangement), arrangement)
                  for oriented in (sheet.portrait, sheet.landscape) for arrangement in arrangements]
    return max(candidates, key=lambda candidate: candidate[0].per_sheet)


def _slots(grid: Grid, slot: Size, gutter: float) -> list[Rect]:
    """The grid's slots centred on the sheet, row by row from the top left."""
    width = grid.columns * slot.width + (grid.columns - 1) * gutter
    height = grid.rows * slot.height + (grid.rows - 1) * gutter
    left = (grid.sheet.width - width) / 2
    top = (grid.sheet.height + height) / 2
    return [Rect(left + column * (slot.width + gutter), top - row * (slot.height + gutter) - slot.height,
                 slot.width, slot.height)
            for row in range(grid.rows) for column in range(grid.columns)]


def _batches(count: int, per_sheet: int) -> list[range]:
    """The card indices on each sheet, in deck order."""
    return [range(first, min(count, first + per_sheet)) for first in range(0, count, per_sheet)]


# --- duplex ---------------------------------------------------------------------------------

def _mirrors_columns(grid: Grid, flip: str) -> bool:
    """True when the printer turns the sheet about its vertical axis for the second side."""
    return (flip == "long") == (grid.orientation == "portrait")


def _mirror(rect: Rect, sheet: Size, columns: bool) -> Rect:
    if columns:
        return Rect(sheet.width - rect.right, rect.y, rect.width, rect.height)
    return Rect(rect.x, sheet.height - rect.top, rect.width, rect.height)


def _mirror_segment(segment: Segment, sheet: Size, columns: bool) -> Segment:
    if columns:
        return Segment(sheet.width - segment.x1, segment.y1, sheet.width - segment.x2, segment.y2)
    return Segment(segment.x1, sheet.height - segment.y1, segment.x2, sheet.height - segment.y2)


def _duplex_sheets(press: _Press, count: int, grid: Grid, flip: str) -> list[Sheet]:
    slots = _slots(grid, press.card, press.gutter)
    columns = _mirrors_columns(grid, flip)
    # Turned over like a page (about the card's vertical axis) the back must read upright; a
    # sheet turned about its horizontal axis shows it upside down, so draw it rotated.
    rotation = 0 if columns else 180
    bleeds = [slot.grown(press.bleed) for slot in slots]
    mirrored = [(trim, trim.grown(press.bleed)) for trim in (_mirror(slot, grid.sheet, columns) for slot in slots)]
    # every full sheet has the same marks, boxes and slug (as has the last one, if full): worked out
    # once per number of cards on a sheet
    frames: dict[int, tuple] = {}
    sheets: list[Sheet] = []
    for cards in _batches(count, grid.per_sheet):
        fronts = [Placement(card, "front", slot, bleed, 0) for card, slot, bleed in zip(cards, slots, bleeds)]
        backs = [Placement(card, "back", trim, bleed, rotation) for card, (trim, bleed) in zip(cards, mirrored)]
        frame = frames.get(len(cards))
        if frame is None:
            marks = _crop_marks([front.trim for front in fronts], press)
            back_marks = tuple(_mirror_segment(mark, grid.sheet, columns) for mark in marks)
            frame = frames[len(cards)] = (_frame(grid.sheet, fronts, marks, (), press),
                                          _frame(grid.sheet, backs, back_marks, (), press))
        sheets.append(Sheet(len(sheets) + 1, "fronts", grid.sheet, tuple(fronts), *frame[0]))
        sheets.append(Sheet(len(sheets) + 1, "backs", grid.sheet, tuple(backs), *frame[1]))
    return sheets


def _placement(card: int, face: str, trim: Rect, rotation: int, bleed: float) -> Placement:
    return Placement(card, face, trim, trim.grown(bleed), rotation)


# --- fold -----------------------------------------------------------------------------------

def _fold_sheets(press: _Press, count: int, grid: Grid, arrangement: str) -> list[Sheet]:
    slots = _slots(grid, _slot_size(press, arrangement), press.gutter)
    sheets: list[Sheet] = []
    for cards in _batches(count, grid.per_sheet):
        pairs = slots[:len(cards)]
        placements = [face for card, pair in zip(cards, pairs)
                      for face in _pair(card, pair, arrangement, press)]
        marks = _crop_marks([placement.trim for placement in placements], press)
        folds = _fold_lines(pairs, grid, arrangement, press)
        sheets.append(_sheet(len(sheets) + 1, "both", grid.sheet, placements, marks, folds, press))
    return sheets


def _pair(card: int, slot: Rect, arrangement: str, press: _Press) -> tuple[Placement, Placement]:
    """Front left (or top), back mirrored across the fold. Folded about a horizontal line and then
    turned like a page, a back would read upside down: stacked backs are drawn rotated."""
    width, height = press.card.width, press.card.height
    if arrangement == SIDE_BY_SIDE:
        front = Rect(slot.left, slot.bottom, width, height)
        back = Rect(slot.right - width, slot.bottom, width, height)
    else:
        front = Rect(slot.left, slot.top - height, width, height)
        back = Rect(slot.left, slot.bottom, width, height)
    rotation = 0 if arrangement == SIDE_BY_SIDE else 180
    return (_placement(card, "front", front, 0, press.bleed),
            _placement(card, "back", back, rotation, press.bleed))


def _fold_lines(pairs: list[Rect], grid: Grid, arrangement: str, press: _Press) -> tuple[Segment, ...]:
    """One line per pair along its fold, running on into the mark zone so it shows beyond the
    cards; towards a neighbouring pair in line it stops halfway, so the lines meet, not overlap."""
    def reach(neighbour: bool) -> float:
        return press.gutter / 2 if neighbour else press.mark_zone

    lines: list[Segment] = []
    for index, pair in enumerate(pairs):
        if arrangement == SIDE_BY_SIDE:
            x = pair.left + press.card.width + press.fold_gutter / 2
            below, above = index + grid.columns < len(pairs), index >= grid.columns
            lines.append(Segment(x, pair.bottom - reach(below), x, pair.top + reach(above)))
        else:
            y = pair.top - press.card.height - press.fold_gutter / 2
            column = index % grid.columns
            left, right = column > 0, column < grid.columns - 1 and index + 1 < len(pairs)
            lines.append(Segment(pair.left - reach(left), y, pair.right + reach(right), y))
    return tuple(lines)


# --- single ---------------------------------------------------------------------------------

def _single_pages(card: Size, count: int, bleed: float) -> list[Sheet]:
    """One face per page, the page the trim plus bleed: front 1, back 1, front 2, ..."""
    page = card.grown(bleed)
    trim = Rect(bleed, bleed, card.width, card.height)
    faces = [(index, face) for index in range(count) for face in FACES]
    return [Sheet(number, "face", page, (_placement(index, face, trim, 0, bleed),), (), (),
                  trim, trim.grown(bleed), None)
            for number, (index, face) in enumerate(faces, start=1)]


# --- marks, boxes, slug ---------------------------------------------------------------------

def _crop_marks(trims: list[Rect], press: _Press) -> tuple[Segment, ...]:
    """Marks outside the cards' frame at every distinct trim edge: butted cards share a cut
    line and get one mark for it, never two."""
    frame = _union(trims)
    near, far = press.mark_offset, press.mark_zone
    xs = _distinct(edge for trim in trims for edge in (trim.left, trim.right))
    ys = _distinct(edge for trim in trims for edge in (trim.bottom, trim.top))
    vertical = [segment for x in xs for segment in (
        Segment(x, frame.top + near, x, frame.top + far),
        Segment(x, frame.bottom - near, x, frame.bottom - far))]
    horizontal = [segment for y in ys for segment in (
        Segment(frame.left - near, y, frame.left - far, y),
        Segment(frame.right + near, y, frame.right + far, y))]
    return tuple(vertical + horizontal)


def _distinct(values: Iterable[float]) -> list[float]:
    """Sorted, with values closer than EPSILON (the same edge, reached by two sums) taken once."""
    result: list[float] = []
    for value in sorted(values):
        if not result or value - result[-1] > EPSILON:
            result.append(value)
    return result


def _union(rects: Sequence[Rect]) -> Rect:
    left, bottom = min(r.left for r in rects), min(r.bottom for r in rects)
    right, top = max(r.right for r in rects), max(r.top for r in rects)
    return Rect(left, bottom, right - left, top - bottom)


def _sheet(number: int, side: str, size: Size, placements: list[Placement],
           marks: tuple[Segment, ...], folds: tuple[Segment, ...], press: _Press) -> Sheet:
    return Sheet(number, side, size, tuple(placements), *_frame(size, placements, marks, folds, press))


def _frame(size: Size, placements: list[Placement], marks: tuple[Segment, ...], folds: tuple[Segment, ...],
           press: _Press) -> tuple:
    """A sheet's marks, fold lines, trim box, bleed box and slug (Sheet's fields after its placements)."""
    bleeds = [placement.bleed for placement in placements]
    return (marks, folds, _union([placement.trim for placement in placements]), _union(bleeds),
            _slug(size, bleeds, marks + folds, press.printer_margin))


def _slug(size: Size, bleeds: list[Rect], lines: tuple[Segment, ...], margin: float) -> Rect | None:
    """Room for one line of text at the bottom of the sheet: below everything if there is
    room there, else between the marks below the cards."""
    printable = Rect(margin, margin, size.width - 2 * margin, size.height - 2 * margin)
    lowest = min([r.bottom for r in bleeds] + [min(s.y1, s.y2) for s in lines])
    band = Rect(printable.x, printable.y, printable.width, lowest - SLUG_CLEARANCE - printable.y)
    if band.height >= SLUG_MIN_HEIGHT:
        return band
    gap = _widest_gap(printable, bleeds, lines)
    if gap.height >= SLUG_MIN_HEIGHT and gap.width >= SLUG_MIN_WIDTH:
        return gap
    return None


def _widest_gap(printable: Rect, bleeds: list[Rect], lines: tuple[Segment, ...]) -> Rect:
    """The widest free rect in the strip under the cards and horizontal lines, between the
    vertical lines (crop marks, fold lines) that reach down into it."""
    horizontal = [s.y1 for s in lines if s.y1 == s.y2]
    top = min([r.bottom for r in bleeds] + horizontal) - SLUG_CLEARANCE
    posts = _distinct([printable.left - SLUG_CLEARANCE, printable.right + SLUG_CLEARANCE] + [
        s.x1 for s in lines if s.x1 == s.x2 and min(s.y1, s.y2) < top + SLUG_CLEARANCE])
    left, right = max(zip(posts, posts[1:]), key=lambda gap: gap[1] - gap[0])
    return Rect(left + SLUG_CLEARANCE, printable.bottom, right - left - 2 * SLUG_CLEARANCE,
                top - printable.bottom)


# --- when it does not fit -------------------------------------------------------------------

def _does_not_fit(press: _Press, sheet: Size, mode: str, sheet_name: str) -> DoesNotFit:
    arrangements = ARRANGEMENTS[mode]
    what = "it" if mode == "duplex" else "a front-and-back pair"
    need = min((_slot_size(press, a).grown(press.printer_margin + press.mark_zone)
                for a in arrangements), key=_area)
    where = _sheet_words(sheet, sheet_name)
    bleed = f"{_mm(press.bleed)} mm bleed" if press.bleed else "no bleed"
    message = (f"the {_mm(press.card.width)} x {_mm(press.card.height)} mm card does not fit on "
               f"{where}{' in fold mode' if mode == 'fold' else ''}: with {bleed}, crop marks and "
               f"the {_mm(press.printer_margin)} mm edge a printer cannot print, {what} needs a "
               f"sheet of at least {_mm(need.width)} x {_mm(need.height)} mm. ")
    return DoesNotFit(message + _way_out(press, sheet, arrangements))


def _sheet_words(sheet: Size, sheet_name: str) -> str:
    paper = sheet.portrait
    size = f"{_mm(paper.width)} x {_mm(paper.height)} mm"
    return f"{sheet_name} ({size})" if sheet_name else f"a {size} sheet"


def _way_out(press: _Press, sheet: Size, arrangements: Sequence[str]) -> str:
    largest = _largest_card(press, sheet, arrangements)
    smaller = f"a card of at most {_mm(largest.width)} x {_mm(largest.height)} mm" if largest else ""
    for key, name in sorted(STANDARD_SHEETS.items(), key=lambda item: _area(PAPER[item[0]])):
        if _best_grid(press, PAPER[key], arrangements)[0].per_sheet:
            return f"Print on {name} (--sheet {key})" + (f", or use {smaller}." if smaller else ".")
    names = ", ".join(STANDARD_SHEETS.values())
    return (f"No standard sheet ({names}) is large enough: order it from a print service "
            f"(--mode single)" + (f", or use {smaller}." if smaller else "."))


def _largest_card(press: _Press, sheet: Size, arrangements: Sequence[str]) -> Size | None:
    """Of the largest cards each arrangement and orientation allows, the one that lets this
    card's shape grow most."""
    boxes = [_largest_in(press.room(oriented), press.fold_gutter, arrangement)
             for oriented in (sheet.portrait, sheet.landscape) for arrangement in arrangements]
    boxes = [box for box in boxes if box.width > 0 and box.height > 0]
    if not boxes:
        return None
    card = press.card
    return max(boxes, key=lambda box: min(box.width / card.width, box.height / card.height))


def _largest_in(room: Size, fold_gutter: float, arrangement: str) -> Size:
    if arrangement == SIDE_BY_SIDE:
        return Size((room.width - fold_gutter) / 2, room.height)
    if arrangement == STACKED:
        return Size(room.width, (room.height - fold_gutter) / 2)
    return room


def _area(size: Size) -> float:
    return size.width * size.height


def _mm(points: float) -> str:
    """Points -> millimetres for a message: 0.1 mm, no trailing .0."""
    text = f"{points / MM:.1f}"
    return text[:-2] if text.endswith(".0") else text
