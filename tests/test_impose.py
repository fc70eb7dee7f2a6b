"""The imposition plan as numbers: grids, mirrored backs, crop marks, fold lines, slugs, limits.

Expected grids are worked out by hand from PRINT.md (5 mm printer margin, 3 mm bleed, marks 3 mm
from the trim and 5 mm long, 6 mm gutters): room on A4 is 184 x 271 mm, on A3 271 x 394 mm, on
Letter 189.9 x 253.4 mm. The geometry checks below use their own formulas, not the module's.
"""
from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest

from deck.errors import DeckError
from deck.impose import DoesNotFit, Plan, Segment, Sheet, plan
from deck.units import MM, PAPER, Rect, Size

TOLERANCE = 0.01 * MM
CARDS = {"a5": (148, 210), "a6": (105, 148), "poker": (63, 88), "tarot": (70, 120), "mini": (57, 86)}
SHEETS = ("a4", "a3", "letter")

# (card, sheet) -> columns, rows, sheet orientation
DUPLEX_GRIDS = {
    ("a5", "a4"): (1, 1, "portrait"), ("a5", "a3"): (2, 1, "landscape"),
    ("a5", "letter"): (1, 1, "portrait"),
    ("a6", "a4"): (2, 1, "landscape"), ("a6", "a3"): (2, 2, "portrait"),
    ("a6", "letter"): (2, 1, "landscape"),
    ("poker", "a4"): (4, 2, "landscape"), ("poker", "a3"): (4, 4, "portrait"),
    ("poker", "letter"): (3, 2, "landscape"),
    ("tarot", "a4"): (2, 2, "portrait"), ("tarot", "a3"): (5, 2, "landscape"),
    ("tarot", "letter"): (2, 2, "portrait"),
    ("mini", "a4"): (3, 3, "portrait"), ("mini", "a3"): (6, 3, "landscape"),
    ("mini", "letter"): (4, 2, "landscape"),
}
# (card, sheet) -> pairs across, pairs down, sheet orientation, fold line "|" or "-"; None: no fit
FOLD_GRIDS = {
    ("a5", "a4"): None, ("a5", "a3"): (1, 1, "landscape", "|"), ("a5", "letter"): None,
    ("a6", "a4"): (1, 1, "landscape", "|"), ("a6", "a3"): (1, 2, "portrait", "|"),
    ("a6", "letter"): (1, 1, "landscape", "|"),
    ("poker", "a4"): (2, 2, "landscape", "|"), ("poker", "a3"): (2, 4, "portrait", "|"),
    ("poker", "letter"): (3, 1, "landscape", "-"),
    ("tarot", "a4"): (1, 2, "portrait", "|"), ("tarot", "a3"): (5, 1, "landscape", "-"),
    ("tarot", "letter"): (1, 2, "portrait", "|"),
    ("mini", "a4"): (2, 2, "landscape", "|"), ("mini", "a3"): (3, 3, "landscape", "|"),
    ("mini", "letter"): (2, 2, "landscape", "|"),
}
# How a duplex printer turns the sheet: which of columns or rows the backs mirror.
MIRRORED = {("portrait", "long"): "columns", ("portrait", "short"): "rows",
            ("landscape", "long"): "rows", ("landscape", "short"): "columns"}


def card_size(name: str) -> Size:
    width, height = CARDS[name] if name in CARDS else name
    return Size(width * MM, height * MM)


def impose(card: str | tuple[float, float], count: int = 20, sheet: str = "a4", **options) -> Plan:
    return plan(card_size(card), count, sheet=PAPER[sheet], sheet_name=sheet.upper(), **options)


def fitting_plans() -> list:
    """Every card on every sheet in duplex (both flips) and fold mode, where it fits."""
    cases = [(card, sheet, "duplex", flip) for (card, sheet) in DUPLEX_GRIDS for flip in ("long", "short")]
    cases += [(card, sheet, "fold", "long") for (card, sheet), grid in FOLD_GRIDS.items() if grid]
    return [pytest.param(case, id="-".join(case)) for case in cases]


def case_plan(case: tuple[str, str, str, str], count: int = 20) -> Plan:
    card, sheet, mode, flip = case
    return impose(card, count, sheet, mode=mode, flip=flip)


# --- independent geometry -------------------------------------------------------------------

def seg_x(segment: Segment) -> tuple[float, float]:
    return min(segment.x1, segment.x2), max(segment.x1, segment.x2)


def seg_y(segment: Segment) -> tuple[float, float]:
    return min(segment.y1, segment.y2), max(segment.y1, segment.y2)


def is_vertical(segment: Segment) -> bool:
    return segment.x1 == pytest.approx(segment.x2)


def is_horizontal(segment: Segment) -> bool:
    return segment.y1 == pytest.approx(segment.y2)


def distance(segment: Segment, rect: Rect) -> float:
    """Shortest distance between an axis-aligned segment and a rectangle (0 when they meet)."""
    (x0, x1), (y0, y1) = seg_x(segment), seg_y(segment)
    dx = max(rect.left - x1, x0 - rect.right, 0)
    dy = max(rect.bottom - y1, y0 - rect.top, 0)
    return math.hypot(dx, dy)


def enters(segment: Segment, rect: Rect) -> bool:
    """The segment runs into the rectangle's inside (ending on its edge does not count)."""
    (x0, x1), (y0, y1) = seg_x(segment), seg_y(segment)
    inside_x = rect.left + TOLERANCE < x1 and x0 < rect.right - TOLERANCE
    inside_y = rect.bottom + TOLERANCE < y1 and y0 < rect.top - TOLERANCE
    if x0 == pytest.approx(x1):
        inside_x = rect.left + TOLERANCE < x0 < rect.right - TOLERANCE
    if y0 == pytest.approx(y1):
        inside_y = rect.bottom + TOLERANCE < y0 < rect.top - TOLERANCE
    return inside_x and inside_y


def printable(sheet: Sheet, margin: float = 5 * MM) -> Rect:
    return Rect(margin, margin, sheet.size.width - 2 * margin, sheet.size.height - 2 * margin)


def inside(segment: Segment, rect: Rect) -> bool:
    (x0, x1), (y0, y1) = seg_x(segment), seg_y(segment)
    return (x0 >= rect.left - TOLERANCE and x1 <= rect.right + TOLERANCE
            and y0 >= rect.bottom - TOLERANCE and y1 <= rect.top + TOLERANCE)


def union(rects: list[Rect]) -> Rect:
    left, bottom = min(r.x for r in rects), min(r.y for r in rects)
    right, top = max(r.x + r.width for r in rects), max(r.y + r.height for r in rects)
    return Rect(left, bottom, right - left, top - bottom)


def same_rect(a: Rect, b: Rect) -> bool:
    return all(abs(p - q) <= TOLERANCE for p, q in zip(
        (a.x, a.y, a.width, a.height), (b.x, b.y, b.width, b.height)))


def turned_over(rect: Rect, size: Size, mirrored: str) -> Rect:
    """Where a rect on one side of a sheet lies on the other side."""
    if mirrored == "columns":
        return Rect(size.width - rect.x - rect.width, rect.y, rect.width, rect.height)
    return Rect(rect.x, size.height - rect.y - rect.height, rect.width, rect.height)


def key(segment: Segment) -> tuple[float, ...]:
    return tuple(round(value, 3) for value in (*seg_x(segment), *seg_y(segment)))


def slot_grid(result: Plan, sheet: Sheet) -> list[list[int | None]]:
    """The sheet as a picture of card indices, top row first, empty slots None; slots are read off
    the plan's first (full) fronts sheet."""
    first = result.sheets[0].placements
    xs = sorted({round(p.trim.x, 3) for p in first})
    ys = sorted({round(p.trim.y, 3) for p in first}, reverse=True)
    picture: list[list[int | None]] = [[None] * len(xs) for _ in ys]
    for placement in sheet.placements:
        picture[ys.index(round(placement.trim.y, 3))][xs.index(round(placement.trim.x, 3))] = placement.card
    return picture


# --- grids ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("card", "sheet"), DUPLEX_GRIDS)
def test_duplex_grid(card: str, sheet: str) -> None:
    columns, rows, orientation = DUPLEX_GRIDS[card, sheet]
    grid = impose(card, sheet=sheet).grid
    assert (grid.columns, grid.rows, grid.orientation) == (columns, rows, orientation)
    assert grid.per_sheet == columns * rows
    assert grid.sheet == (PAPER[sheet].portrait if orientation == "portrait" else PAPER[sheet].landscape)


@pytest.mark.parametrize(("card", "sheet"), [case for case, grid in FOLD_GRIDS.items() if grid])
def test_fold_grid(card: str, sheet: str) -> None:
    columns, rows, orientation, fold = FOLD_GRIDS[card, sheet]
    result = impose(card, sheet=sheet, mode="fold")
    grid = result.grid
    assert (grid.columns, grid.rows, grid.orientation) == (columns, rows, orientation)
    line = result.sheets[0].fold_lines[0]
    assert (is_vertical(line), is_horizontal(line)) == ((True, False) if fold == "|" else (False, True))


@pytest.mark.parametrize(("card", "per_sheet"), [
    ((57, 86), 9), ((58, 86), 8), ((57, 87), 8), ((63, 88), 8), ((89, 63), 8), ((90, 63), 4),
    ((89, 86), 6), ((89, 132), 4), ((70, 120), 4), ((105, 148), 2), ((148, 210), 1),
])
def test_what_fits_on_a4_matches_print_md(card: tuple[float, float], per_sheet: int) -> None:
    assert impose(card).grid.per_sheet == per_sheet


def test_butted_cards_without_bleed_fit_nine_up_to_61_by_90() -> None:
    assert impose((61, 90), bleed=0).grid.per_sheet == 9
    assert impose((62, 90), bleed=0).grid.per_sheet < 9
    assert impose((61, 91), bleed=0).grid.per_sheet < 9


def test_a_tie_between_orientations_goes_to_portrait() -> None:
    # 57 mm squares: 3 x 4 on portrait A4, 4 x 3 on landscape
    grid = impose((57, 57)).grid
    assert (grid.columns, grid.rows, grid.orientation) == (3, 4, "portrait")


def test_cards_fill_row_by_row_from_the_top_left_and_the_grid_is_centred() -> None:
    result = impose("mini", 9)
    fronts = result.sheets[0]
    assert slot_grid(result, fronts) == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    first = fronts.placements[0].trim
    assert (first.x, first.y) == pytest.approx((13.5 * MM, (297 - 13.5 - 86) * MM))
    assert fronts.trim_box.x + fronts.trim_box.width / 2 == pytest.approx(105 * MM)
    assert fronts.trim_box.y + fronts.trim_box.height / 2 == pytest.approx(148.5 * MM)
    gaps = sorted({round(p.trim.x / MM, 6) for p in fronts.placements})
    assert gaps == pytest.approx([13.5, 13.5 + 63, 13.5 + 126])


# --- duplex ---------------------------------------------------------------------------------

@pytest.mark.parametrize("case", [p for p in fitting_plans() if p.values[0][2] == "duplex"])
@pytest.mark.parametrize("count", [1, 20])
def test_every_back_lies_exactly_behind_its_front(case: tuple, count: int) -> None:
    result = case_plan(case, count)
    mirrored = MIRRORED[result.grid.orientation, result.flip]
    assert [s.side for s in result.sheets] == ["fronts", "backs"] * (len(result.sheets) // 2)
    for fronts, backs in zip(result.sheets[::2], result.sheets[1::2]):
        assert [p.card for p in backs.placements] == [p.card for p in fronts.placements]
        for front, back in zip(fronts.placements, backs.placements):
            assert (front.face, back.face) == ("front", "back")
            assert same_rect(turned_over(back.trim, backs.size, mirrored), front.trim)
            assert same_rect(back.bleed, back.trim.grown(3 * MM))


@pytest.mark.parametrize(("flip", "backs"), [
    ("long", [[2, 1, 0], [5, 4, 3], [8, 7, 6]]),
    ("short", [[6, 7, 8], [3, 4, 5], [0, 1, 2]]),
])
def test_duplex_backs_on_portrait_sheet_as_card_indices(flip: str, backs: list) -> None:
    result = impose("mini", 9, flip=flip)
    assert slot_grid(result, result.sheets[0]) == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    assert slot_grid(result, result.sheets[1]) == backs


@pytest.mark.parametrize(("flip", "backs"), [
    ("long", [[4, 5, 6, 7], [0, 1, 2, 3]]),
    ("short", [[3, 2, 1, 0], [7, 6, 5, 4]]),
])
def test_duplex_backs_on_landscape_sheet_as_card_indices(flip: str, backs: list) -> None:
    result = impose("poker", 8, flip=flip)
    assert result.grid.orientation == "landscape"
    assert slot_grid(result, result.sheets[1]) == backs


@pytest.mark.parametrize(("card", "flip", "rotation"), [
    ("mini", "long", 0), ("mini", "short", 180), ("poker", "long", 180), ("poker", "short", 0),
])
def test_back_rotation_reads_upright_when_the_card_is_turned_like_a_page(
        card: str, flip: str, rotation: int) -> None:
    result = impose(card, flip=flip)
    assert {p.rotation for p in result.sheets[0].placements} == {0}
    assert {p.rotation for p in result.sheets[1].placements} == {rotation}


@pytest.mark.parametrize("flip", ["long", "short"])
def test_partial_last_sheet_keeps_its_backs_behind_its_fronts(flip: str) -> None:
    result = impose("mini", 13, flip=flip)
    assert [(s.number, s.side, len(s.placements)) for s in result.sheets] == [
        (1, "fronts", 9), (2, "backs", 9), (3, "fronts", 4), (4, "backs", 4)]
    assert slot_grid(result, result.sheets[2]) == [[9, 10, 11], [12, None, None], [None] * 3]
    expected = {"long": [[11, 10, 9], [None, None, 12], [None] * 3],
                "short": [[None] * 3, [12, None, None], [9, 10, 11]]}
    assert slot_grid(result, result.sheets[3]) == expected[flip]


@pytest.mark.parametrize("case", [p for p in fitting_plans() if p.values[0][2] == "duplex"])
def test_backs_carry_the_fronts_crop_marks_mirrored(case: tuple) -> None:
    result = case_plan(case, 7)
    mirrored = MIRRORED[result.grid.orientation, result.flip]
    for fronts, backs in zip(result.sheets[::2], result.sheets[1::2]):
        turned = {key(Segment(*_turn_point(s.x1, s.y1, fronts.size, mirrored),
                              *_turn_point(s.x2, s.y2, fronts.size, mirrored)))
                  for s in fronts.crop_marks}
        assert {key(s) for s in backs.crop_marks} == turned


def _turn_point(x: float, y: float, size: Size, mirrored: str) -> tuple[float, float]:
    return (size.width - x, y) if mirrored == "columns" else (x, size.height - y)


# --- crop marks -----------------------------------------------------------------------------

@pytest.mark.parametrize("case", fitting_plans())
@pytest.mark.parametrize("count", [5, 20])
def test_crop_marks(case: tuple, count: int) -> None:
    result = case_plan(case, count)
    for sheet in result.sheets:
        trims = [p.trim for p in sheet.placements]
        bleeds = [p.bleed for p in sheet.placements]
        marks = sheet.crop_marks
        assert marks
        for mark in marks:
            assert is_vertical(mark) != is_horizontal(mark)
            assert mark.length == pytest.approx(5 * MM)
            assert min(distance(mark, trim) for trim in trims) >= 3 * MM - TOLERANCE
            assert not any(enters(mark, bleed) for bleed in bleeds)
            assert inside(mark, printable(sheet))
        assert len({key(mark) for mark in marks}) == len(marks)
        for trim in trims:
            assert_marked(trim, marks, offset=3 * MM)


def assert_marked(trim: Rect, marks: tuple[Segment, ...], offset: float) -> None:
    """Each trim edge has a mark beyond both of its ends, pointing along the cut."""
    def at(value: float, vertical: bool) -> list[Segment]:
        return [m for m in marks if (is_vertical(m) if vertical else is_horizontal(m))
                and (m.x1 if vertical else m.y1) == pytest.approx(value)]

    top, bottom = trim.y + trim.height, trim.y
    right, left = trim.x + trim.width, trim.x
    for x in (left, right):
        assert any(seg_y(m)[0] >= top + offset - TOLERANCE for m in at(x, True)), "no mark above"
        assert any(seg_y(m)[1] <= bottom - offset + TOLERANCE for m in at(x, True)), "no mark below"
    for y in (bottom, top):
        assert any(seg_x(m)[0] >= right + offset - TOLERANCE for m in at(y, False)), "none right"
        assert any(seg_x(m)[1] <= left - offset + TOLERANCE for m in at(y, False)), "none left"


def test_marks_start_at_the_mark_offset_from_the_trim() -> None:
    sheet = impose("tarot", 4, mark_offset=4 * MM, mark_length=6 * MM).sheets[0]
    top = (297 + 246) / 2 * MM                     # 2 rows of 120 mm and a 6 mm gutter, centred
    assert sheet.trim_box.y + sheet.trim_box.height == pytest.approx(top)
    above = [m for m in sheet.crop_marks if is_vertical(m) and m.y1 > top]
    assert len(above) == 4
    assert all((m.y1, m.y2) == pytest.approx((top + 4 * MM, top + 10 * MM)) for m in above)
    assert all(m.length == pytest.approx(6 * MM) for m in sheet.crop_marks)


def test_a_full_sheet_of_cards_with_bleed_has_marks_for_every_card_edge() -> None:
    sheet = impose("mini", 9).sheets[0]
    # 3 columns and 3 rows with gutters: 6 cut lines each way, a mark at both ends of each
    assert len(sheet.crop_marks) == 2 * 6 + 2 * 6


def test_butted_cards_without_bleed_share_cut_lines_and_marks() -> None:
    result = impose((61, 90), 9, bleed=0)
    sheet = result.sheets[0]
    trims = {p.card: p.trim for p in sheet.placements}
    assert trims[0].x + trims[0].width == pytest.approx(trims[1].x)
    assert trims[3].y + trims[3].height == pytest.approx(trims[0].y)
    assert sheet.bleed_box == sheet.trim_box
    # 4 cut lines each way, a mark at both ends of each, none doubled
    assert len(sheet.crop_marks) == 2 * 4 + 2 * 4
    assert len({key(mark) for mark in sheet.crop_marks}) == 16
    xs = sorted({round(m.x1 / MM, 3) for m in sheet.crop_marks if is_vertical(m)})
    assert xs == pytest.approx([13.5, 13.5 + 61, 13.5 + 122, 13.5 + 183])
    for trim in trims.values():
        assert_marked(trim, sheet.crop_marks, offset=3 * MM)


# --- fold -----------------------------------------------------------------------------------

@pytest.mark.parametrize("case", [p for p in fitting_plans() if p.values[0][2] == "fold"])
@pytest.mark.parametrize("count", [3, 20])
def test_fold_pairs_mirror_about_a_fold_line_in_the_gutter(case: tuple, count: int) -> None:
    result = case_plan(case, count)
    assert {sheet.side for sheet in result.sheets} == {"both"}
    for sheet in result.sheets:
        fronts, backs = sheet.placements[::2], sheet.placements[1::2]
        assert len(sheet.fold_lines) == len(fronts) == len(backs)
        for front, back, line in zip(fronts, backs, sheet.fold_lines):
            assert (front.card, front.face, back.card, back.face) == (front.card, "front", front.card, "back")
            assert_folds(front, back, line)
            assert inside(line, printable(sheet))
            assert not any(enters(line, p.bleed) for p in sheet.placements)


def assert_folds(front, back, line: Segment) -> None:
    f, b = front.trim, back.trim
    if is_vertical(line):
        x = line.x1
        assert f.x + f.width + 3 * MM <= x + TOLERANCE and x <= b.x - 3 * MM + TOLERANCE
        assert same_rect(b, Rect(2 * x - (f.x + f.width), f.y, f.width, f.height))
        assert (front.rotation, back.rotation) == (0, 0)
        low, high = seg_y(line)
        assert low <= f.y - TOLERANCE and high >= f.y + f.height + TOLERANCE
    else:
        y = line.y1
        assert b.y + b.height + 3 * MM <= y + TOLERANCE and y <= f.y - 3 * MM + TOLERANCE
        assert same_rect(b, Rect(f.x, 2 * y - (f.y + f.height), f.width, f.height))
        assert (front.rotation, back.rotation) == (0, 180)
        low, high = seg_x(line)
        assert low <= f.x - TOLERANCE and high >= f.x + f.width + TOLERANCE


def test_fold_lines_run_into_the_mark_zone_and_never_overlap() -> None:
    sheet = impose("poker", 4, mode="fold").sheets[0]     # 2 x 2 pairs side by side, landscape
    frame = sheet.trim_box
    lines = sorted(sheet.fold_lines, key=lambda line: (line.x1, line.y1))
    assert len(lines) == 4 and all(is_vertical(line) for line in lines)
    for lower, upper in (lines[0:2], lines[2:4]):
        assert lower.x1 == pytest.approx(upper.x1)
        assert seg_y(lower)[0] == pytest.approx(frame.y - 8 * MM)
        assert seg_y(upper)[1] == pytest.approx(frame.y + frame.height + 8 * MM)
        assert seg_y(lower)[1] == pytest.approx(seg_y(upper)[0])   # they meet, halfway the gutter


def test_fold_pair_positions_on_a4() -> None:
    sheet = impose("a6", 1, mode="fold").sheets[0]       # one pair, landscape A4
    front, back = sheet.placements
    assert sheet.size == PAPER["a4"].landscape
    assert (front.trim.x, back.trim.x) == pytest.approx(((297 - 216) / 2 * MM, (297 / 2 + 3) * MM))
    assert sheet.fold_lines[0].x1 == pytest.approx(297 / 2 * MM)
    assert_marked(front.trim, sheet.crop_marks, offset=3 * MM)
    assert_marked(back.trim, sheet.crop_marks, offset=3 * MM)


def test_fold_without_bleed_keeps_a_2_mm_gutter() -> None:
    sheet = impose("a6", 1, mode="fold", bleed=0).sheets[0]
    front, back = sheet.placements
    assert back.trim.x - (front.trim.x + front.trim.width) == pytest.approx(2 * MM)
    assert sheet.fold_lines[0].x1 == pytest.approx(front.trim.x + front.trim.width + 1 * MM)


# --- single ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("card", "bleed"), [("poker", 3 * MM), ("a5", 0.125 * 72), ((300, 400), 0)])
def test_single_mode_one_face_per_page_of_trim_plus_bleed(card, bleed: float) -> None:
    result = impose(card, 3, mode="single", bleed=bleed)
    size = card_size(card)
    assert result.grid is None
    assert [(s.number, s.placements[0].card, s.placements[0].face) for s in result.sheets] == [
        (1, 0, "front"), (2, 0, "back"), (3, 1, "front"), (4, 1, "back"), (5, 2, "front"), (6, 2, "back")]
    for sheet in result.sheets:
        (face,) = sheet.placements
        assert sheet.side == "face"
        assert (sheet.size.width, sheet.size.height) == pytest.approx(
            (size.width + 2 * bleed, size.height + 2 * bleed))
        assert (face.trim.x, face.trim.y, face.rotation) == pytest.approx((bleed, bleed, 0))
        assert same_rect(sheet.bleed_box, Rect(0, 0, sheet.size.width, sheet.size.height))
        assert sheet.trim_box == face.trim
        assert (sheet.crop_marks, sheet.fold_lines, sheet.slug) == ((), (), None)


# --- boxes and slug -------------------------------------------------------------------------

@pytest.mark.parametrize("case", fitting_plans())
def test_trim_and_bleed_boxes(case: tuple) -> None:
    for sheet in case_plan(case, 7).sheets:
        trims = [p.trim for p in sheet.placements]
        assert same_rect(sheet.trim_box, union(trims))
        assert same_rect(sheet.bleed_box, union([t.grown(3 * MM) for t in trims]))
        assert all(same_rect(p.bleed, p.trim.grown(3 * MM)) for p in sheet.placements)
        assert Rect(0, 0, sheet.size.width, sheet.size.height).contains(sheet.bleed_box)


@pytest.mark.parametrize("case", fitting_plans())
def test_slug_sits_in_the_printable_area_clear_of_marks_and_bleeds(case: tuple) -> None:
    result = case_plan(case, 7)
    for sheet in result.sheets:
        slug = sheet.slug
        assert slug is not None, "these sheets all have room for a slug"
        assert printable(sheet).contains(slug)
        assert slug.height >= 2.5 * MM - TOLERANCE
        assert not any(p.bleed.overlaps(slug) for p in sheet.placements)
        for line in sheet.crop_marks + sheet.fold_lines:
            assert distance(line, slug) > 0


def test_slug_between_the_marks_when_the_margin_below_is_too_low() -> None:
    sheet = impose("poker", 8).sheets[0]      # landscape A4: 1 mm to spare below the marks
    slug = sheet.slug
    assert slug.width >= 30 * MM and slug.height >= 2.5 * MM
    assert slug.y + slug.height <= sheet.bleed_box.y


def test_no_slug_when_narrow_cards_fill_the_sheet() -> None:
    assert impose((25, 40), 36).sheets[0].slug is None      # 6 x 6, 0.5 mm to spare


def test_slug_below_everything_when_there_is_room() -> None:
    sheet = impose("a5", 1).sheets[0]
    assert (sheet.slug.x, sheet.slug.y, sheet.slug.width) == pytest.approx((5 * MM, 5 * MM, 200 * MM))


# --- honest limits and arguments ------------------------------------------------------------

def test_a5_in_fold_mode_on_a4_suggests_a3() -> None:
    with pytest.raises(DoesNotFit) as caught:
        impose("a5", mode="fold")
    message = str(caught.value)
    for text in ("148 x 210 mm", "A4 (210 x 297 mm)", "fold", "3 mm bleed", "328 x 236 mm",
                 "--sheet a3", "132.5 x 184 mm"):
        assert text in message
    assert not re.search(r"\d\.0\b", message)


def test_a_card_larger_than_every_standard_sheet_says_so() -> None:
    with pytest.raises(DoesNotFit) as caught:
        impose((300, 400))
    message = str(caught.value)
    for text in ("300 x 400 mm", "A4 (210 x 297 mm)", "326 x 426 mm", "184 x 271 mm",
                 "No standard sheet", "--mode single"):
        assert text in message
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, DeckError)


def test_a_card_that_fits_letter_but_not_a4_suggests_letter() -> None:
    with pytest.raises(DoesNotFit, match=r"--sheet letter"):
        impose((186, 200))


def test_does_not_fit_message_rounds_to_a_tenth_of_a_millimetre() -> None:
    with pytest.raises(DoesNotFit, match=r"3\.2 mm bleed.*--sheet a3"):
        impose((200, 250), bleed=0.125 * 72)


@pytest.mark.parametrize("options", [
    {"mode": "triplex"}, {"flip": "sideways"}, {"count": 0}, {"count": -2},
    {"mark_offset": 2 * MM}, {"bleed": -1}, {"mark_length": 0},
])
def test_bad_arguments_are_value_errors(options: dict) -> None:
    count = options.pop("count", 5)
    with pytest.raises(ValueError) as caught:
        impose("poker", count, **options)
    assert not isinstance(caught.value, DoesNotFit)


def test_plan_keeps_mode_and_flip() -> None:
    result = impose("poker", 3, flip="short")
    assert (result.mode, result.flip) == ("duplex", "short")
    assert [s.number for s in result.sheets] == [1, 2]
    assert all(s.size == PAPER["a4"].landscape for s in result.sheets)


def test_impose_imports_no_pdf_library() -> None:
    import deck.impose as module
    source = Path(module.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+(reportlab|pypdf|fitz|pikepdf|pypdfium2)", source, re.M)


def test_all_grids_are_checked() -> None:
    assert set(DUPLEX_GRIDS) == set(itertools.product(CARDS, SHEETS)) == set(FOLD_GRIDS)


def test_fold_without_bleed_butts_the_pairs_and_shares_their_marks() -> None:
    result = impose("poker", 4, mode="fold", bleed=0)     # 2 x 2 pairs side by side, landscape
    sheet = result.sheets[0]
    assert result.grid.per_sheet == 4
    assert len({key(mark) for mark in sheet.crop_marks}) == len(sheet.crop_marks)
    # across: 2 butted pairs of 2 cards around a 2 mm fold gutter -> 7 cut lines; down: 3
    assert len(sheet.crop_marks) == 2 * 7 + 2 * 3
    for placement in sheet.placements:
        assert_marked(placement.trim, sheet.crop_marks, offset=3 * MM)
        assert not any(enters(line, placement.bleed) for line in sheet.fold_lines)
    lower, upper = sorted(sheet.fold_lines, key=lambda line: (line.x1, line.y1))[:2]
    assert seg_y(lower)[1] == pytest.approx(seg_y(upper)[0])
