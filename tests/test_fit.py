"""Line breaking, hyphenation and copyfitting, as numbers."""
import pytest

from deck.fonts import register_fonts
from deck.fit import Hyphenator, Measure, Paragraph, Style, Typesetter, break_lines, largest_fitting, smarten
from deck.layouts import load_layout


@pytest.fixture(scope="module")
def fonts():
    return register_fonts(load_layout("default"))


@pytest.fixture(scope="module")
def body(fonts):
    return Style(fonts["regular"], 9.0, 11.25)


@pytest.fixture(scope="module")
def dutch():
    return Hyphenator("nl-NL")


def test_smarten_sets_typographic_quotes_apostrophes_and_dashes():
    assert smarten("'Een goede visie,' zei ze.") == "‘Een goede visie,’ zei ze."
    assert smarten("KPI's en collega's") == "KPI’s en collega’s"
    assert smarten('Hij zei "ja" - en ging.') == "Hij zei “ja”\u00a0– en ging."  # the dash stays on its line
    assert smarten("(..) team/afdeling") == "(..) team/afdeling"


def test_dutch_breaks_drop_the_diaeresis_at_the_break(dutch):
    assert ("gecre-", "eerd") in dutch.splits("gecreëerd")
    assert ("financi-", "ele") in dutch.splits("financiële")
    assert all(not head.endswith("--") for head, _ in dutch.splits("HR-managers"))
    assert ("HR-", "managers") in dutch.splits("HR-managers")


def test_no_short_fragments_and_no_short_words_broken(dutch):
    assert all(len(head) - 1 >= 3 and len(rest) >= 3 for head, rest in dutch.splits("organisatieniveau"))
    assert dutch.splits("gewerkt") == ()  # under 8 letters: moves whole


def test_a_paragraph_never_ends_on_a_fragment(body, dutch):
    measure = Measure()
    word = "kwaliteitsverbetering"
    width = measure.width("een twee " + word[:12], body)
    lines = break_lines(f"een twee {word}", width, body, measure, dutch)
    assert lines[-1] == word


def test_at_most_two_lines_in_a_row_end_in_a_hyphen(body, dutch):
    measure = Measure()
    text = " ".join(["kwaliteitsverbetering organisatieniveau"] * 8)
    for width in (70.0, 90.0, 110.0):
        ends = [line.endswith("-") for line in break_lines(text, width, body, measure, dutch)]
        assert not any(all(ends[i:i + 3]) for i in range(len(ends) - 2))


def test_a_no_break_space_keeps_the_dash_with_the_word_before(body, dutch):
    from deck.fit import words_of

    assert words_of(smarten("overleg - als vast")) == ["overleg\u00a0–", "als", "vast"]


def test_titles_are_balanced(body, dutch):
    measure = Measure()
    title = "Mogelijkheden creëren voor het leren op de werkvloer"
    width = measure.width("Mogelijkheden creëren voor het leren op de", body) + 1
    plain = break_lines(title, width, body, measure, dutch)
    balanced = break_lines(title, width, body, measure, dutch, balance=True)
    assert len(plain) == len(balanced) == 2
    assert abs(len(balanced[0]) - len(balanced[1])) < abs(len(plain[0]) - len(plain[1]))


def test_unknown_language_sets_text_without_hyphenation():
    assert Hyphenator("xx-XX").splits("ontwikkelsuggesties") == ()


def test_lines_never_run_out_of_their_column(body, dutch):
    text = ("Medewerkers stimuleren om zelf (samen met collega's) leeractiviteiten te organiseren, "
            "bijvoorbeeld een werkbezoek, congres of een verdiepende literatuurstudie. " * 3)
    measure = Measure()
    for width in (60.0, 120.0, 250.0):
        lines = break_lines(text, width, body, measure, dutch)
        assert all(measure.width(line, body) <= width + 1e-6 for line in lines)
        assert " ".join(lines).replace("- ", "").replace("-", "") .split()[0] == "Medewerkers"


def test_a_word_wider_than_the_column_is_split_not_clipped(body, dutch):
    measure = Measure()
    lines = break_lines("x" * 80, 50.0, body, measure, dutch)
    assert "".join(lines) == "x" * 80
    assert all(measure.width(line, body) <= 50.0 for line in lines)


def test_hyphenation_breaks_long_compounds(body, dutch):
    lines = break_lines("De kwaliteitsverbeteringsprocessen werken", 120.0, body, Measure(), dutch)
    assert lines[0].endswith("-")
    assert len(lines) == 2


def test_no_one_word_last_line_when_a_rebreak_avoids_it(body):
    from deck.fit import _greedy

    measure, plain = Measure(), Hyphenator("xx")
    words = ["aa"] * 30 + ["slot"]
    width = measure.width(" ".join(["aa"] * 15), body) + 0.5
    assert len(_greedy(words, width, body, measure, plain)[-1].split()) == 1
    lines = break_lines(" ".join(words), width, body, measure, plain)
    assert len(lines) == 3
    assert len(lines[-1].split()) > 1


def test_typesetter_reports_height_and_paragraph_tops(body, dutch):
    setter = Typesetter(dutch, Measure())
    column = setter.set([Paragraph("een", body), Paragraph("twee", body, space_before=4.5)], 200)
    assert [line.y for line in column.lines] == pytest.approx([9.0, 9.0 + 4.5 + 11.25])
    assert column.tops == pytest.approx((0.0, 9.0 + 4.5))
    assert column.height == pytest.approx(9.0 + 4.5 + 11.25 + 9.0 * 0.25)


def test_text_is_text_not_markup(body, dutch):
    setter = Typesetter(dutch, Measure())
    column = setter.set([Paragraph("<b>R&D</b> &amp; <font size=40>", body)], 400)
    assert column.lines[0].text == "<b>R&D</b> &amp; <font size=40>"


def test_missing_glyph_is_an_error_naming_the_character(body):
    from deck.errors import DeckError
    from deck.fit import check_glyphs

    with pytest.raises(DeckError) as caught:
        check_glyphs("Goed 🙂 漢", body.font, "cards/01.yaml", "card 1: ")
    assert str(caught.value).startswith("cards/01.yaml: card 1: the character '🙂' (U+1F642) is not in the font")
    check_glyphs("Eén ideeën ‘x’ – é à ö ¹\t\u00a0", body.font, "cards/01.yaml")


def test_largest_fitting_finds_the_largest_size_on_the_grid():
    calls = []

    def measure(size):
        calls.append(size)
        return size * size, 90.0  # fits up to 9.48...

    assert largest_fitting(measure, 8.0, 11.0) == pytest.approx(9.4)
    assert len(calls) <= 5


def test_largest_fitting_returns_none_when_even_the_minimum_is_too_big():
    assert largest_fitting(lambda size: (size * 100, 10.0), 8.0, 11.0) is None


def test_largest_fitting_takes_the_maximum_when_everything_fits():
    assert largest_fitting(lambda size: (1.0, 10.0), 8.0, 11.0) == 11.0
