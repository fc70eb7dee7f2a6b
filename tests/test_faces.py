"""Card faces as geometry: what is where, at which size, and that nothing leaves the safe area; and
the typographic figures a designer signs off (issue 11), measured on the bundled deck."""
import shutil
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from bench.typography import body_lines, with_urls
from deck import default_content
from deck.face import INTRO
from deck.content import load_deck
from deck.copyfit import fit_deck, respread
from deck.draw import WHEEL_CONTRAST, _segment_colour, contrast
from deck.errors import DeckError
from deck.layouts import load_layout
from deck.typography import NUMBER_RATIO
from deck.units import MM, Rect


@pytest.fixture(scope="module")
def layout():
    return load_layout("default")


@pytest.fixture(scope="module")
def cards(layout):
    return fit_deck(load_deck(default_content()), layout)


@pytest.fixture(scope="module")
def linked(layout, tmp_path_factory):
    """The bundled deck with a url on every source, as the original deck has."""
    folder = tmp_path_factory.mktemp("linked") / "content"
    shutil.copytree(default_content(), folder)
    with_urls(folder)
    return fit_deck(load_deck(folder), layout)


def faces(cards):
    return [face for card in cards for face in (card.front, card.back)]


def test_all_nine_cards_have_two_faces_in_order(cards):
    assert [card.number for card in cards] == list(range(0, 9))
    assert all((card.front.side, card.back.side) == ("front", "back") for card in cards)


def test_face_geometry_is_a5_with_3mm_bleed_and_5mm_safe_area(cards):
    face = cards[1].front
    assert face.size.width == pytest.approx(154 * MM)
    assert face.size.height == pytest.approx(216 * MM)
    assert (face.trim.x, face.trim.y) == pytest.approx((3 * MM, 3 * MM))
    assert (face.trim.width, face.trim.height) == pytest.approx((148 * MM, 210 * MM))
    assert (face.safe.x, face.safe.width) == pytest.approx((8 * MM, 138 * MM))


def test_fit_sides_gives_all_fronts_one_body_size_and_all_backs_another(cards):
    assert {card.front.body for card in cards if card.number != INTRO} == {9.2}
    assert {card.back.body for card in cards if card.number != INTRO} == {8.9}  # the fullest back decides


def test_body_text_is_at_least_8_5_pt_on_every_face_with_a_url_on_every_source(linked):
    assert all(face.body >= 8.5 for face in faces(linked))
    assert all(card.front.body >= 9.0 for card in linked)  # 9 pt where it fits
    sources = sum(len(card.sources) for card in load_deck(default_content()).cards)
    assert sum(len(card.back.qr_codes) for card in linked) == sources == 52  # every source of every card


def fitted_in(layout, mode):
    return fit_deck(load_deck(default_content()), layout._replace(type=layout.type._replace(fit=mode)))


def test_fit_deck_gives_every_face_of_every_card_one_size(layout):
    assert {face.body for card in fitted_in(layout, "deck")[1:] for face in (card.front, card.back)} == {8.9}


def test_fit_card_gives_each_card_its_own_size_on_both_faces(layout):
    cards = fitted_in(layout, "card")[1:]
    assert all(card.front.body == card.back.body for card in cards)
    assert len({card.front.body for card in cards}) > 2


@lru_cache(maxsize=None)
def _extents(font_name: str, char: str) -> tuple[float, float]:
    """(top, bottom) of a character's glyph in em, from the font's own outlines."""
    from reportlab.pdfbase import pdfmetrics
    import uharfbuzz

    face = pdfmetrics.getFont(font_name).face
    font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(face.filename)))
    extents = font.get_glyph_extents(font.get_nominal_glyph(ord(char)) or 0)
    upem = font.face.upem
    return extents.y_bearing / upem, (extents.y_bearing + extents.height) / upem


def ink(placed) -> Rect:
    """The box the line's glyphs cover on the face."""
    style = placed.line.style
    tops, bottoms = zip(*(_extents(style.font, char) for char in placed.line.text if not char.isspace()))
    top, bottom = placed.y + max(tops) * style.size, placed.y + min(bottoms) * style.size
    return Rect(placed.x, bottom, placed.line.width, top - bottom)


@pytest.mark.parametrize("which", ["cards", "linked"])
def test_no_character_lies_outside_the_safe_area(which, request):
    for face in faces(request.getfixturevalue(which)):
        for placed in face.lines:
            assert face.safe.contains(ink(placed), tolerance=1e-6), f"card {face.card} {face.side}: {placed.line.text!r}"
        for code in face.qr_codes:
            assert face.safe.contains(code.place)


def test_text_never_overflows_its_area(cards, linked):
    assert all(face.needed <= face.available + 1e-6 for face in faces(cards) + faces(linked))


def test_no_two_lines_overlap_and_codes_stand_clear_of_the_text(linked):
    for face in faces(linked):
        boxes = [ink(placed) for placed in face.lines if placed.line.style.colour != "paper"]
        for index, box in enumerate(boxes):
            assert not any(box.overlaps(other) for other in boxes[index + 1:]), f"card {face.card} {face.side}"
        for code in face.qr_codes:
            assert not any(code.place.overlaps(box) for box in boxes)


def test_the_band_is_one_height_for_every_front_and_one_for_every_back(cards, linked):
    for deck in (cards, linked):
        assert len({round(card.front.band.height, 6) for card in deck[1:]}) == 1
        assert len({round(card.back.band.height, 6) for card in deck[1:]}) == 1


def test_the_band_runs_into_the_bleed_and_carries_a_large_card_number(cards, layout):
    for card in cards[1:]:
        band = card.front.band
        assert band.x == 0 and band.width == pytest.approx(card.front.size.width)
        assert band.top == pytest.approx(card.front.size.height)
        assert card.front.colour == layout.dimension_colour(card.number)
        for face in (card.front, card.back):
            number = next(p.line for p in face.lines if p.line.text == str(card.number))
            assert number.style.size >= 28  # readable across a table: about 7 mm high


@pytest.mark.parametrize("first,full", [(101, True), (1001, False)])
def test_a_deck_numbered_past_99_keeps_its_numbers_clear_of_the_band_text(layout, first, full):
    """The number's room in the band is as many figures as the deck's highest number has (two to
    three, at the number's full size); a deck numbered past 999 sets every number smaller, one size
    for all, so that the widest fits three figures. Either way the widest stands clear of the label
    and the title by the band's gap, and the band's text moves right by the room it grew, no more."""
    deck = load_deck(default_content())
    renumbered = replace(deck, cards=tuple(replace(card, number=first + index) for index, card in enumerate(deck.cards)))
    usual, full_size = fit_deck(deck, layout)[1], layout.type.body_max * NUMBER_RATIO
    sizes = set()
    for card in fit_deck(renumbered, layout)[1:]:
        for face in (card.front, card.back):
            number = next(p for p in face.lines if p.line.text == str(card.number))
            label = next(p for p in face.lines if p.line.text == deck.card_label.upper())
            sizes.add(number.line.style.size)
            gap = label.x - (number.x + number.line.width)
            assert gap >= face.body * layout.spacing.band_gap - 1e-6, (card.number, face.side)
            as_usual = next(p for p in getattr(usual, face.side).lines if p.line.text == deck.card_label.upper())
            assert as_usual.x < label.x < as_usual.x + 0.7 * full_size  # (one figure more, at its full size)
    assert len(sizes) == 1
    size = sizes.pop()
    assert size >= 28 if full else 20 <= size < 28


def test_every_face_shows_the_wheel_with_its_own_segment_standing_out(cards, layout):
    for card in cards[1:]:
        assert card.front.wheel.selected == card.number == card.back.wheel.selected
        for face in (card.front, card.back):
            wheel = face.wheel
            box = Rect(wheel.centre_x - wheel.radius, wheel.centre_y - wheel.radius, 2 * wheel.radius,
                       2 * wheel.radius)
            assert face.safe.contains(box)
            own = _segment_colour(wheel, card.number, face, layout)
            others = {_segment_colour(wheel, n, face, layout) for n in range(1, 9) if n != card.number}
            assert all(contrast(own, other) >= WHEEL_CONTRAST for other in others)
    overview = cards[0].back.wheel
    assert not overview.on_band and overview.radius > cards[1].front.wheel.radius * 2


def test_the_own_segment_is_the_paper_on_every_card_of_a_brand_with_its_own_accent():
    """example-brand's wine accent marked card 1's segment in white (the accent is its band) and the
    others' in wine, a dark hole on the orange, purple and brown bands."""
    layout = load_layout("example-brand")
    cards = fit_deck(load_deck(default_content()), layout)
    for card in cards[1:]:
        face = card.front
        own = _segment_colour(face.wheel, card.number, face, layout)
        assert own == layout.palette.paper
        others = {_segment_colour(face.wheel, n, face, layout) for n in range(1, 9) if n != card.number}
        assert all(contrast(own, other) >= WHEEL_CONTRAST for other in others)


def texts(face):
    return [placed.line.text for placed in face.lines]


def test_front_holds_title_summary_challenges_and_quotes_in_order(cards):
    front = " ".join(texts(cards[3].front))
    order = ["ONTWIKKELKAART", "Teamleren en samenwerken", "Door de samenwerking", "Uitdagingen",
             "Hoe kun je samenwerking", "Hoe zorg je dat medewerkers", "‘Mensen moeten", "Ervaring HR-manager",
             "Ervaring leidinggevende"]
    positions = [front.index(part) for part in order]
    assert positions == sorted(positions)


def test_back_holds_suggestions_sources_and_footer(cards):
    back = " ".join(texts(cards[3].back))
    assert back.index("Ontwikkelsuggesties voor leiders") < back.index("Verder lezen") < back.index("3 / 8")
    assert "Kenniscentrum Leven Lang Ontwikkelen" in back
    assert texts(cards[3].back).count("•") == 12



def test_a_publisher_too_long_for_the_footer_line_stands_above_it_never_over_the_number(tmp_path, layout):
    """A long publisher ('Agence régionale ...') printed over the card number; then it stood above
    the number in a staircase of three alignments. Now two lines: the title left and the number
    flush right below, the publisher right above; the text above makes room, and everything stays in
    the safe area."""
    folder = tmp_path / "content"
    shutil.copytree(default_content(), folder)
    deck_file = folder / "deck.yaml"
    values = yaml.safe_load(deck_file.read_text(encoding="utf-8"))
    values["publisher"] = "Agence régionale pour l'emploi et la formation professionnelle"
    deck_file.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    back = fit_deck(load_deck(folder), layout, only=3)[0].back
    footer = {placed.line.text: placed for placed in back.lines if placed.y < back.safe.bottom + 8 * MM}
    publisher = footer["Agence régionale pour l’emploi et la formation professionnelle"]  # its apostrophe set too
    number, title = footer["3 / 8"], footer["Ontwikkelkaarten"]
    assert number.y == title.y < publisher.y  # the title and the number on the bottom line, the publisher above
    assert publisher.y - number.y == pytest.approx(publisher.line.style.leading)
    right = back.safe.right
    assert number.x + number.line.width == pytest.approx(right) == publisher.x + publisher.line.width  # flush right
    assert title.x == pytest.approx(back.safe.left)
    assert all(back.safe.left - 1e-6 <= p.x and p.x + p.line.width <= back.safe.right + 1e-6 for p in back.lines)
    above = min(p.y - p.line.style.size for p in back.lines if p.y > publisher.y + 1)
    assert above > publisher.y + publisher.line.style.size  # what stands above keeps clear of it


def test_the_overview_is_made_from_the_cards(cards):
    overview = " ".join(texts(cards[0].back))
    deck = load_deck(default_content())
    for card in deck.cards:
        assert f"{card.number}  {card.title}" in overview or card.title.split()[0] in overview
        for challenge in card.challenges:
            assert challenge.question.split()[-1] in overview


def test_quotes_get_typographic_quote_marks(cards):
    front = " ".join(texts(cards[1].front))
    assert "‘Een goede visie" in front and "'" not in front


# -- the measure, the leading, the breaks ---------------------------------------------------------

@pytest.mark.parametrize("name", ["default", "example-brand"])
def test_typographic_figures_of_the_default_and_example_brand_decks(name):
    cards = fit_deck(load_deck(default_content()), load_layout(name))
    lines = [(face, line) for card in cards for face, line in body_lines(card)]
    hyphens = [line for _, line in lines if line.text.endswith("-")]
    assert len(hyphens) < 0.06 * len(lines)
    assert not [line.text for line in hyphens if "Bold" in line.style.font]  # never in headings or questions
    kinds = [line.kind for _, line in lines if line.kind in ("joint", "lexical-joint", "member", "short", "misleading")]
    assert kinds.count("joint") + kinds.count("lexical-joint") >= 0.8 * len(kinds) and "short" not in kinds
    running = sorted(len(line.text) for face, line in lines if line.style.size == face.body)
    assert running[int(len(running) * 0.95)] <= 75 and running[-1] <= 85
    assert all(line.style.leading >= 1.3 * line.style.size - 1e-9 for face, line in lines
               if line.style.size == face.body)


def test_titles_break_by_sense(cards):
    title = [p.line.text for p in cards[2].front.lines if p.line.style.size > cards[2].front.body * 1.5]
    assert title[-2:] == ["Mogelijkheden creëren", "voor het leren op de werkvloer"] or len(title) == 1


# -- changing the content -------------------------------------------------------------------------

@pytest.fixture
def own_deck(tmp_path):
    """A copy of the bundled content that a test may change."""
    folder = tmp_path / "content"
    shutil.copytree(default_content(), folder)
    return folder


def edit_card(folder: Path, name: str, change) -> None:
    path = next((folder / "cards").glob(f"{name}*.yaml"))
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(values)
    path.write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_face_that_does_not_fit_names_card_face_and_shortfall(own_deck, layout):
    edit_card(own_deck, "02", lambda card: card["suggestions"].extend(card["suggestions"][:12]))
    with pytest.raises(DeckError) as caught:
        fit_deck(load_deck(own_deck), layout)
    (error,) = caught.value.errors
    assert error.path == own_deck / "cards" / "02-leren-op-de-werkvloer.yaml"
    message = error.message
    assert message.startswith("card 2 (Mogelijkheden creëren voor het leren op de werkvloer), back: ")
    assert message.endswith(" mm too long at 8 pt; choose a larger card, a smaller minimum size "
                            "(type.body_min), or shorten the text")
    missing = int(message.split("back: ")[1].split(" mm")[0])
    assert 20 <= missing <= 110


def test_a_url_gets_a_numbered_qr_code_in_the_row_above_the_footer(own_deck, layout):
    edit_card(own_deck, "01", lambda card: card["sources"][2].update(url="https://example.org/visie"))
    card = fit_deck(load_deck(own_deck), layout, only=1)[0]
    (code,) = card.back.qr_codes
    assert code.url == "https://example.org/visie"
    assert card.back.safe.contains(code.place) and code.place.width >= 11 * MM
    label = next(p for p in card.back.lines if p.line.text == "3" and p.y == pytest.approx(code.place.y))
    assert label.x + label.line.width < code.place.left  # the code carries the number of its source
    title = next(p for p in card.back.lines if p.line.text.startswith("Modellen om tot een visie"))
    assert title.y > code.place.top
    assert [link.url for link in card.back.links] == ["https://example.org/visie"] * 2  # title and code


def test_a_character_the_font_cannot_draw_is_an_error(own_deck, layout):
    edit_card(own_deck, "03", lambda card: card.update(title="Teamleren 🚀"))
    with pytest.raises(DeckError, match=r"03-teamleren.yaml:\d+:\d+: card 3, title: the character '🚀' \(U\+1F680\)"):
        fit_deck(load_deck(own_deck), layout)


def test_respread_moves_each_line_by_the_stretch_above_it(cards):
    face = cards[1].front
    wide = respread(face, 1.5)
    moves = [before.y - after.y for before, after in zip(face.lines, wide.lines, strict=True)]
    assert moves[0] == 0  # the band does not move
    assert moves == pytest.approx([placed.drop * 0.5 for placed in face.lines])
    assert max(moves) > 0
    assert [flow.height for flow in wide.flows] == pytest.approx(
        [flow.height + flow.stretch * 0.5 for flow in face.flows])
    rule = face.rules[0]
    moved = wide.rules[0]
    assert rule.top - moved.top == pytest.approx(rule.top_drop * 0.5)
    assert respread(face, 1.0) is face


def test_a_deck_too_large_for_the_wheel_gives_the_band_the_depth_its_titles_need(layout, tmp_path):
    """Beyond MAX_WHEEL cards no wheel stands in the band, so the titles that decide the band's depth
    are measured across the width they are set in: the band is as deep as with the wheel switched off."""
    folder = tmp_path / "content"
    shutil.copytree(default_content(), folder)
    values = yaml.safe_load((folder / "cards" / "03-teamleren.yaml").read_text(encoding="utf-8"))
    for number in range(9, 14):
        values.update(id=f"kaart-{number}", number=number,
                      title="Samen leren en ontwikkelen in de dagelijkse praktijk van het werk met collega’s, "
                            "klanten en partners")  # two lines across the band, three beside a wheel
        (folder / "cards" / f"{number}.yaml").write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    no_wheel = tmp_path / "no-wheel.yaml"
    no_wheel.write_text("extends: default\nshow:\n  wheel: false\n", encoding="utf-8")
    deck = load_deck(folder)
    shown, hidden = fit_deck(deck, layout, only=13)[0], fit_deck(deck, load_layout(str(no_wheel)), only=13)[0]
    assert shown.front.wheel is None
    assert (shown.front_body, shown.back_body) == (hidden.front_body, hidden.back_body)
    for side in ("front", "back"):
        assert getattr(shown, side).band.height == pytest.approx(getattr(hidden, side).band.height)


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_faces_set_again_after_their_lines_are_forgotten_come_out_the_same(which, layout, tmp_path, monkeypatch):
    """Copyfitting keeps the lines of every face at its final size only, so that drawing sets it again
    cheaply, and a card drawn for the last time lets them go (FittedCard.release). Set anew, a face
    must be what it was; and once every card is released nothing fitting set is left remembered (the
    synthetic deck goes through a falling size ceiling and a refit of its fronts in two columns)."""
    from deck import copyfit

    if which == "synthetic":
        pytest.importorskip("wordfreq", reason="the synthetic decks need the bench extra: pip install -e '.[bench]'")
        from bench import synth
        content = synth.write_deck(tmp_path / "synthetic", 20)
    else:
        content = default_content()
    made, typography = [], copyfit.typography
    monkeypatch.setattr(copyfit, "typography", lambda *args: made.append(typography(*args)) or made[-1])
    fitted = fit_deck(load_deck(content), layout)
    remembered = [(card.front, card.back) for card in fitted]
    for card in fitted:
        card.release()
    assert not any(made[0].setter.breaks.values())
    assert [(card.front, card.back) for card in fitted] == remembered


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_fitting_leaves_no_cycles_for_the_paused_collector(which, layout, tmp_path):
    """Fitting pauses Python's cycle collector (it makes millions of acyclic objects): whatever forms
    a cycle meanwhile (a nested function that calls itself, a closure that names itself) stays in
    memory until the collector runs again, after the peak."""
    import gc

    if which == "synthetic":
        pytest.importorskip("wordfreq", reason="the synthetic decks need the bench extra: pip install -e '.[bench]'")
        from bench import synth
        content = synth.write_deck(tmp_path / "synthetic", 20)
    else:
        content = default_content()
    deck = load_deck(content)
    gc.collect()
    gc.disable()
    try:
        fitted = fit_deck(deck, layout)
        assert gc.collect() == 0
    finally:
        gc.enable()
    assert fitted


def test_what_outlives_a_pause_is_not_walked_as_young_and_its_cycles_are_still_collected():
    """After collector.paused(), the objects made in the pause are in the oldest generation (the
    first allocation after it does not walk them all), and a cycle among them is still freed by a
    full collection."""
    import gc
    import weakref

    from deck.collector import paused

    class Node:
        pass

    with paused():
        kept = [(index, str(index)) for index in range(200_000)]
        cycle = Node()
        cycle.me = cycle
        gone = weakref.ref(cycle)
        del cycle
    assert gc.isenabled()
    young, middle, _ = gc.get_count()
    assert young < 1000 and middle < 10
    assert gc.get_freeze_count() == 0  # nothing left out of the collector for good
    assert gone() is not None
    gc.collect()
    assert gone() is None and len(kept) == 200_000


def test_an_intro_in_one_column_stands_flush_with_its_title(own_deck, layout):
    """An intro short enough for one readable column is set under the band's title, flush with it
    (not centred on the card, where its left edge would stand apart from the title's)."""
    settings = yaml.safe_load((own_deck / "deck.yaml").read_text(encoding="utf-8"))
    settings["intro"] = settings["intro"][:1]
    settings["how_to"]["text"] = settings["how_to"]["text"][:1]
    (own_deck / "deck.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    front = fit_deck(load_deck(own_deck), layout)[0].front
    title = next(p for p in front.lines if p.line.text == settings["title"])
    body = [p for p in front.lines if p.y < front.band.y]
    columns = {round(p.x, 3) for p in body}
    assert columns == {round(title.x, 3)}  # one column, its left edge the title's
    assert max(p.x + p.line.width for p in body) < front.safe.right - 20  # a readable measure, not the full width


def test_a_footer_text_wider_than_the_card_is_an_error_at_its_place(tmp_path, layout):
    folder = tmp_path / "content"
    shutil.copytree(default_content(), folder)
    deck_file = folder / "deck.yaml"
    text = deck_file.read_text(encoding="utf-8")
    long = "Kenniscentrum " * 20
    deck_file.write_text(text.replace("publisher: \"Kenniscentrum Leven Lang Ontwikkelen\"", f"publisher: {long.strip()}"),
                         encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        fit_deck(load_deck(folder), layout, only=3)
    (error,) = caught.value.errors
    assert (error.path, error.line) == (deck_file, text[:text.index("publisher:")].count("\n") + 1)
    assert error.message.startswith(f"the footer cannot hold '{long.strip()}': it is ")
    assert error.message.endswith("mm wider than the card's safe area; shorten it, choose a larger card, or switch "
                                  "the footer off (show: footer: false in the layout)")


def test_a_face_with_little_text_keeps_its_spacing_and_leaves_the_room_at_its_foot(tmp_path):
    """A starter card's gaps grew to 2.5 times their size (50 pt from the summary to 'Uitdagingen',
    one-line suggestions 32 pt apart): the hierarchy of spaces fell apart on a card 40 % empty."""
    from click.testing import CliRunner

    from deck.cli import main

    assert CliRunner().invoke(main, ["new", str(tmp_path / "d")]).exit_code == 0
    deck, layout = load_deck(tmp_path / "d"), load_layout(str(tmp_path / "d" / "huisstijl.yaml"))
    back = fit_deck(deck, layout, only=1)[0].back
    bullets = sorted((p.y for p in back.lines if p.line.text == "•"), reverse=True)
    gaps = [above - below for above, below in zip(bullets, bullets[1:])]
    body = back.body
    assert all(gap < 2.3 * body for gap in gaps), gaps  # (it was 32 pt at 11 pt)
    assert min(p.y for p in back.lines if p.y > back.safe.bottom + 25 * MM) > back.safe.bottom + 60 * MM
