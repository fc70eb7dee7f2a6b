"""Card faces as geometry: what is where, at which size, and that nothing leaves the safe area."""
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from deck import default_content
from deck.content import load_deck
from deck.errors import DeckError
from deck.compose import INTRO
from deck.copyfit import fit_deck
from deck.layouts import load_layout
from deck.units import MM, Rect

DESCENT = 0.25  # of the font size, below the baseline
ASCENT = 0.95   # of the font size, above the baseline (Lato's accented capitals)


@pytest.fixture(scope="module")
def layout():
    return load_layout("default")


@pytest.fixture(scope="module")
def cards(layout):
    return fit_deck(load_deck(default_content()), layout)


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


def test_every_body_is_at_least_8pt_in_the_default_layout(cards):
    assert all(face.body >= 8.0 for face in faces(cards))


def test_fit_deck_gives_all_fronts_one_body_size_and_all_backs_another(cards):
    fronts = {card.front.body for card in cards if card.number != INTRO}
    backs = {card.back.body for card in cards if card.number != INTRO}
    assert fronts == {11.0}  # the fronts reach the layout's maximum
    assert backs == {8.8}  # the fullest back sets the size of all backs (sizes lie on a 0.1 pt grid)


def fitted_in(layout, mode):
    return fit_deck(load_deck(default_content()), replace(layout, type=replace(layout.type, fit=mode)))


def test_fit_deck_gives_every_face_of_every_card_one_size(layout):
    sizes = {face.body for card in fitted_in(layout, "deck")[1:] for face in (card.front, card.back)}
    assert sizes == {8.8}  # the fullest back sets the size of the whole deck


def test_fit_card_gives_each_card_its_own_size_on_both_faces(layout):
    cards = fitted_in(layout, "card")[1:]
    assert all(card.front.body == card.back.body for card in cards)
    assert {card.front.body for card in cards} == {8.8, 9.0, 9.7, 9.8, 10.3, 10.7}


def test_no_character_lies_outside_the_safe_area(cards):
    for face in faces(cards):
        safe = face.safe
        for x, y, line, _ in face.lines:
            where = f"card {face.card} {face.side}: {line.text!r}"
            assert x >= safe.left - 1e-6, where
            assert x + line.width <= safe.right + 1e-6, where
            assert y - line.style.size * DESCENT >= safe.bottom - 1e-6, where
            assert y + line.style.size * ASCENT <= safe.top + 1e-6, where


def test_text_never_overflows_its_area(cards):
    assert all(face.needed <= face.available + 1e-6 for face in faces(cards))


def test_colour_band_runs_into_the_bleed_on_three_sides(cards, layout):
    for card in cards[1:]:
        band = card.front.band
        assert band.x == 0 and band.width == pytest.approx(card.front.size.width)
        assert band.top == pytest.approx(card.front.size.height)
        assert card.front.colour == layout.dimension_colour(card.number)


def test_every_face_shows_the_wheel_with_its_own_segment(cards):
    for card in cards[1:]:
        assert card.front.wheel.selected == card.number == card.back.wheel.selected
        assert card.front.wheel.count == 8
        for face in (card.front, card.back):
            wheel = face.wheel
            box = Rect(wheel.centre_x - wheel.radius, wheel.centre_y - wheel.radius, 2 * wheel.radius,
                       2 * wheel.radius)
            assert face.safe.contains(box)
    overview = cards[0].back.wheel
    assert not overview.on_band and overview.radius > cards[1].front.wheel.radius * 2


def texts(face):
    return [placed.line.text for placed in face.lines]


def test_front_holds_title_summary_challenges_and_quotes_in_order(cards):
    front = " ".join(texts(cards[3].front))
    order = ["ONTWIKKELKAART 3", "Teamleren en samenwerken", "Door de samenwerking", "Uitdagingen",
             "Hoe kun je samenwerking", "Hoe zorg je dat medewerkers", "‘Mensen moeten", "Ervaring HR-manager",
             "Ervaring leidinggevende"]
    positions = [front.index(part) for part in order]
    assert positions == sorted(positions)


def test_back_holds_suggestions_sources_and_footer(cards):
    back = " ".join(texts(cards[3].back))
    assert back.index("Ontwikkelsuggesties voor leiders") < back.index("Verder lezen") < back.index("3 / 8")
    assert "Kenniscentrum Leven Lang Ontwikkelen" in back
    bullets = [text for text in texts(cards[3].back) if text == "•"]
    assert len(bullets) == 12


def test_quotes_get_typographic_quote_marks(cards):
    front = " ".join(texts(cards[1].front))
    assert "‘Een goede visie" in front and "'" not in front


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
    assert 40 <= missing <= 110


def test_a_url_gets_a_qr_code_beside_its_source(own_deck, layout):
    edit_card(own_deck, "01", lambda card: card["sources"][0].update(url="https://example.org/visie"))
    card = fit_deck(load_deck(own_deck), layout, only=1)[0]
    (url, place, _), = card.back.qr_codes
    assert url == "https://example.org/visie"
    assert card.back.safe.contains(place)
    source = next(placed for placed in card.back.lines if placed.line.text.startswith("Samen de ambitie"))
    assert source[0] + source[2].width < place.left  # the title stays clear of the code
    assert place.top >= source[1]


def test_a_character_the_font_cannot_draw_is_an_error(own_deck, layout):
    edit_card(own_deck, "03", lambda card: card.update(title="Teamleren 🚀"))
    with pytest.raises(DeckError, match=r"03-teamleren.yaml: card 3: the character '🚀' \(U\+1F680\)"):
        fit_deck(load_deck(own_deck), layout)


def test_respread_moves_each_line_by_the_stretch_above_it(own_deck, layout):
    from deck.compose import compose_back, typography
    from deck.copyfit import respread

    edit_card(own_deck, "01", lambda card: card["sources"][2].update(url="https://example.org/modellen"))
    deck = load_deck(own_deck)
    typo = typography(layout, deck)
    face = compose_back(deck.cards[0], deck, 8.8, typo)
    wide = respread(face, 1.5)
    assert wide.needed == pytest.approx(face.needed + face.stretch * 0.5)
    moves = [before.y - after.y for before, after in zip(face.lines, wide.lines, strict=True)]
    assert moves[0] == 0  # the band does not move
    assert moves == pytest.approx([placed.drop * 0.5 for placed in face.lines])
    assert moves == sorted(moves[:len(moves) - 3]) + moves[len(moves) - 3:]  # down the flow, more; footer 0
    source = next(i for i, placed in enumerate(face.lines) if placed.line.text == "Modellen om tot een visie te komen")
    (_, before, _), = face.qr_codes
    (_, after, _), = wide.qr_codes
    assert before.y - after.y == pytest.approx(moves[source])
    assert respread(face, 1.0) is face
