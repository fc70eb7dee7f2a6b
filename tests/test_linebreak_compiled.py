"""The compiled line-breaking search (deck/_linebreak.c) chooses exactly what the Python one does:
on random inputs, on every paragraph of the bundled deck at many widths, and as whole PDFs."""
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deck import linebreak
from deck.fonts import register_fonts
from deck.hyphenate import Hyphenator
from deck.layouts import load_layout
from deck.linebreak import break_paragraph
from deck.measure import Measure
from deck.text import Style, words_of
from helpers import compiled, same_deck_in_python

CONTENT = Path(__file__).resolve().parent.parent / "content"


def test_the_compiled_search_is_built():
    _linebreak = compiled("_linebreak")
    assert linebreak.search is _linebreak.search and linebreak.search_words is _linebreak.search_words
    assert linebreak.set_words is _linebreak.set_words and linebreak.hyphenated is _linebreak.hyphenated


@pytest.fixture
def pure(monkeypatch):
    """linebreak with its Python searches."""
    def use():
        monkeypatch.setattr(linebreak, "search", linebreak._search)
        monkeypatch.setattr(linebreak, "search_words", linebreak._search_words)
        monkeypatch.setattr(linebreak, "set_words", None)
        monkeypatch.setattr(linebreak, "hyphenated", None)
    return use


widths = st.lists(st.floats(1.0, 80.0, allow_nan=False), min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(widths, st.floats(2.0, 6.0), st.floats(40.0, 200.0), st.booleans(), st.sampled_from([-1.0, 100.0, 5000.0]),
       st.lists(st.sampled_from([0.0, 5e6, -200_000.0]), min_size=60, max_size=60), st.sampled_from([0.0, 2000.0, 30_000.0]))
def test_between_words_the_compiled_search_chooses_what_python_does(words, space, width, balance, tolerance, sense, alone):
    from deck import _linebreak

    words = [min(w, width) for w in words]
    glue = [0.0] + [space] * (len(words) - 1)
    prefix = [0.0]
    for word, before in zip(words, glue):
        prefix.append(prefix[-1] + before + word)
    costs = sense[:len(words) - 1] + [0.0]
    args = (prefix, glue, costs, width, width * 0.22, tolerance, balance, alone)
    assert _linebreak.search_words(*args) == linebreak._search_words(*args)


@pytest.fixture(scope="module")
def paragraphs():
    """Every paragraph of the bundled deck's cards, as words."""
    import yaml

    found = []

    def walk(value):
        if isinstance(value, str) and " " in value:
            found.append(words_of(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    for path in sorted((CONTENT / "cards").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert len(found) > 100
    return found


def test_every_paragraph_of_the_deck_breaks_the_same_at_many_widths(paragraphs, pure):
    fonts = register_fonts(load_layout("default"))
    style, dutch, measure = Style(fonts["regular"], 9.0, 11.7), Hyphenator("nl-NL"), Measure()
    cases = [(words, width, balance) for words in paragraphs for width in (60.0, 97.5, 131.0, 170.0, 240.0)
             for balance in (False, True)]

    def broken():
        return [break_paragraph(words, width, style, measure, None if balance else dutch, balance)
                for words, width, balance in cases]
    compiled_lines = broken()
    pure()
    python_lines = broken()
    assert compiled_lines == python_lines
    hyphenated = sum(line.kind != "" for lines in python_lines for line in lines)
    assert hyphenated > 50  # the search with hyphenation points was tried, not only between words


def _plain_cases(paragraphs):
    fonts = register_fonts(load_layout("default"))
    styles = [Style(fonts["regular"], 9.0, 11.7), Style(fonts["italic"], 8.6, 11.2),
              Style(fonts["bold"], 9.0, 11.7, "text", 0.08)]  # (letterspaced, as the band's labels)
    return [(words, width, style) for words in paragraphs for width in (60.0, 97.5, 131.0, 170.0, 240.0)
            for style in styles]


def test_a_plain_paragraph_is_set_in_one_compiled_call_as_break_paragraph_sets_it(paragraphs):
    """set_plain (linebreak.set_words) gives, packed, the lines break_paragraph sets, wherever it
    answers; it answers for many paragraphs, and leaves the rest (hyphens, a word cut, a short
    word alone) to break_paragraph."""
    from deck.typeset import _packed

    dutch, measure, answered, left, hyphens_next = Hyphenator("nl-NL"), Measure(), 0, 0, 0
    for words, width, style in _plain_cases(paragraphs):
        text = " ".join(words)
        packed = linebreak.set_plain(text, words, width, style, measure)
        lines = break_paragraph(words, width, style, measure, dutch)
        if not packed:
            left += 1
            if packed is False:  # it goes on to hyphens, and break_paragraph can start there
                assert lines == break_paragraph(words, width, style, measure, dutch, hyphens_next=True)
                hyphens_next += 1
            continue
        answered += 1
        assert packed == _packed(text, lines), (words, width, style)
    assert answered > 1000 and left > 50 and hyphens_next > 50  # (narrow columns need hyphens more often)


@pytest.mark.parametrize("hyphenate,balance", [(True, True), (False, False), (False, True)])
def test_display_text_and_text_not_hyphenated_are_set_as_break_paragraph_sets_them(paragraphs, hyphenate, balance):
    """Titles (balance) and questions (not hyphenated, not ending a line on a function word) in
    one compiled call too: the same lines, for every paragraph whose words fit the column."""
    from deck.typeset import _packed

    words_to_avoid = linebreak.FUNCTION_WORDS["nl"] if not hyphenate else frozenset()
    measure, answered = Measure(), 0
    for words, width, style in _plain_cases(paragraphs):
        text = " ".join(words)
        packed = linebreak.set_plain(text, words, width, style, measure, hyphenate, balance, words_to_avoid)
        if packed is None:
            assert any(measure.width(word, style) > width for word in words)  # (only a word to cut)
            continue
        assert packed is not False  # (only text to hyphenate goes on to hyphens)
        answered += 1
        lines = break_paragraph(words, width, style, measure, Hyphenator("nl-NL") if hyphenate else None, balance,
                                words_to_avoid)
        assert packed == _packed(text, lines), (words, width, style)
    assert answered > 2000


def test_set_plain_leaves_what_it_cannot_pack_to_break_paragraph():
    fonts = register_fonts(load_layout("default"))
    style, measure = Style(fonts["regular"], 9.0, 11.7), Measure()
    words = "een regel die past".split()
    assert linebreak.set_plain("een regel die past", words, 200.0, style, measure) is not None
    assert linebreak.set_plain("een  regel die past", words, 200.0, style, measure) is None  # not joined by spaces
    assert linebreak.set_plain("x", [], 200.0, style, measure) is None
    assert linebreak.set_plain("onuitsprekelijkheden", ["onuitsprekelijkheden"], 20.0, style, measure) is None  # cut
    # a short word alone on the last of three lines or more: break_paragraph tries hyphens
    import array

    lines, answers = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oo".split(), set()
    for width in range(40, 200, 3):
        packed = linebreak.set_plain(" ".join(lines), lines, float(width), style, measure)
        answers.add(type(packed))
        if packed:
            count = len(packed) // 12
            assert array.array("I", packed[8 * count:])[-1] != 2 or count <= 2
    assert answers == {bytes, bool}


words_and_spaces = st.lists(st.sampled_from(["ab", "c", "de.", "tegen,", "x"]) | st.text("abcdefghijklmnopé-ñ.,", min_size=1, max_size=14),
                            min_size=1, max_size=40)


@settings(max_examples=400, deadline=None)
@given(words_and_spaces, st.floats(30.0, 260.0), st.sampled_from([8.0, 9.3, 11.0]),
       st.sampled_from([(True, False), (True, True), (False, False), (False, True)]))
def test_random_plain_paragraphs_are_set_as_break_paragraph_sets_them(words, width, size, mode):
    from deck.typeset import _packed

    hyphenate, balance = mode
    words_to_avoid = frozenset(["ab", "c", "de."]) if not hyphenate else frozenset()
    fonts = register_fonts(load_layout("default"))
    style, measure = Style(fonts["regular"], size, size * 1.3), Measure()
    text = " ".join(words)
    packed = linebreak.set_plain(text, words, width, style, measure, hyphenate, balance, words_to_avoid)
    hyphenator = Hyphenator("nl-NL") if hyphenate else None
    if packed is False:
        assert hyphenate and not balance
        assert break_paragraph(words, width, style, measure, hyphenator, balance, words_to_avoid) == \
            break_paragraph(words, width, style, measure, hyphenator, balance, words_to_avoid, hyphens_next=True)
    elif packed is not None:
        lines = break_paragraph(words, width, style, measure, hyphenator, balance, words_to_avoid)
        assert packed == _packed(text, lines)


@pytest.mark.parametrize("layout", ["default", "example-brand"])
def test_the_deck_is_the_same_pdf_with_either_search(tmp_path, pure, layout):
    same_deck_in_python(tmp_path, layout, pure)


dutch_words = st.lists(st.sampled_from([
    "medewerkerstevredenheidsonderzoek", "kwaliteitsverbetering", "HR-beleid", "financiële", "organisatie",
    "leidinggevenden", "onderzoeksgegevens", "samenwerkingsverbanden", "de", "en", "te", "is", "werk",
    "ontwikkelgesprekken", "zelf-organiserende", "bedrijf/instituut", "professionaliseringsaanbod",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "leren.", "(samen", "collega's)", "Ik", "De", "bleek:"]),
    min_size=1, max_size=30)  # (leren. Ik, bleek: De: a sentence's short first word, which a line should not end on)


@settings(max_examples=300, deadline=None)
@given(dutch_words, st.floats(25.0, 220.0), st.sampled_from([8.0, 9.2, 11.0]))
def test_with_hyphens_the_compiled_paragraph_is_set_as_python_sets_it(words, width, size):
    """The last try of a paragraph to hyphenate (linebreak.hyphenated: its nodes, the search and its
    lines) against the Python: compounds, explicit hyphens and slashes, a changed spelling at a break
    (financi-ele), words cut because they are wider than the column, heads alone on a line, a
    sentence's short first word (the word costs: linebreak._openers)."""
    fonts = register_fonts(load_layout("default"))
    style, dutch = Style(fonts["regular"], size, size * 1.3), Hyphenator("nl-NL")
    compiled_lines = break_paragraph(words, width, style, Measure(), dutch)
    saved = linebreak.hyphenated, linebreak.search
    linebreak.hyphenated, linebreak.search = None, linebreak._search
    try:
        python_lines = break_paragraph(words, width, style, Measure(), dutch)
    finally:
        linebreak.hyphenated, linebreak.search = saved
    assert compiled_lines == python_lines
