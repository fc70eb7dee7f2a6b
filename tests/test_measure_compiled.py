"""The compiled kerned widths (deck/_measure.c) are exactly what measure.py adds up in Python: on
random texts in every font, with pairs measured and not, with tracking, and as whole PDFs."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deck import measure
from deck.fonts import register_fonts
from deck.layouts import load_layout
from deck.measure import Measure, kerning
from deck.text import Style
from helpers import compiled, same_deck_in_python


@pytest.fixture(scope="module")
def fonts():
    return list(register_fonts(load_layout("default")).values())  # regular, bold, italic


def test_the_compiled_widths_are_built():
    _measure = compiled("_measure")
    assert measure.kerned_width is _measure.kerned_width and measure.compiled_widths is _measure.widths
    from deck import linebreak

    assert linebreak.prefix_widths is _measure.prefix_widths


@pytest.fixture
def pure(monkeypatch):
    """measure.py adding up widths in Python."""
    def use():
        from deck import linebreak

        monkeypatch.setattr(measure, "kerned_width", None)
        monkeypatch.setattr(measure, "compiled_widths", None)
        monkeypatch.setattr(linebreak, "prefix_widths", None)
    return use


def in_python(font, text: str) -> float:
    """Kerning.width as measure.py adds it up without the compiled module."""
    saved, measure.kerned_width = measure.kerned_width, None
    try:
        return font.width(text)
    finally:
        measure.kerned_width = saved


# Dutch letters, the quote marks and dashes deck sets, a no-break space, characters the fonts lack
# (their default width), and the pairs the fonts kern most
texts = st.text(st.sampled_from(list("aeiounrstlVAToWYvy.,;:’‘“”–- \u00a0ëïéÉ\u4e00\U0001f600")), max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 2), texts)
def test_a_kerned_width_is_the_same_sum_in_c(fonts, index, text):
    from deck import _measure

    font = kerning(fonts[index])
    expected = in_python(font, text)  # measures every pair it meets: they are all known after it
    found = _measure.kerned_width(text, font.advances, font._default, font._pairs)
    assert found == expected and math.copysign(1, found) == math.copysign(1, expected)


def test_a_pair_not_measured_yet_is_left_to_python(fonts):
    from deck import _measure

    font = kerning(fonts[0])
    assert _measure.kerned_width("Vo", font.advances, font._default, {}) is None
    assert _measure.kerned_width("V", font.advances, font._default, {}) == font.advance("V")
    assert _measure.kerned_width("", font.advances, font._default, {}) == 0.0
    # a table of widths is filled up to the first text with a pair it lacks
    table = {}
    assert _measure.widths(["a", "oo", "Vo", "e"], table, font.advances, font._default,
                           {"oo": 0.0}, 9.0, 0.0) is None
    assert table == {"a": font.advance("a") / 1000, "oo": 2 * font.advance("o") / 1000}


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2), st.lists(texts, max_size=12), st.sampled_from([7.5, 9.2, 17.6]),
       st.sampled_from([0.0, 0.08, -0.02]))
def test_widths_of_many_words_are_the_same_in_c(fonts, index, words, size, tracking):
    style = Style(fonts[index], size, size * 1.3, tracking=tracking)
    for word in words:
        in_python(kerning(style.font), word)  # every pair measured: C has what it needs
    compiled_measure, python_measure = Measure(), Measure()
    found = compiled_measure.widths(words, style)
    saved, measure.compiled_widths = measure.compiled_widths, None
    try:
        expected = python_measure.widths(words, style)
    finally:
        measure.compiled_widths = saved
    assert found == expected
    assert compiled_measure._by_font == python_measure._by_font


@pytest.mark.parametrize("layout", ["default", "example-brand"])
def test_the_deck_is_the_same_pdf_with_either_sum(tmp_path, pure, layout):
    same_deck_in_python(tmp_path, layout, pure)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2), texts, st.sampled_from([7.5, 9.2, 17.6]), st.sampled_from([0.0, 0.08, -0.02]))
def test_a_words_prefix_widths_are_the_same_in_c(fonts, index, token, size, tracking):
    """linebreak._Pieces: the width of every beginning of a word, kerned, letterspaced."""
    from deck import linebreak

    style = Style(fonts[index], size, size * 1.3, tracking=tracking)
    in_python(kerning(style.font), token)  # every pair measured: C has what it needs
    found = linebreak._Pieces(token, style).prefix
    saved, linebreak.prefix_widths = linebreak.prefix_widths, None
    try:
        expected = linebreak._Pieces(token, style).prefix
    finally:
        linebreak.prefix_widths = saved
    assert found == expected and len(found) == len(token) + 1
    assert all(math.copysign(1, a) == math.copysign(1, b) for a, b in zip(found, expected))


def test_a_prefix_with_a_pair_not_measured_yet_is_left_to_python(fonts):
    from deck import _measure

    font = kerning(fonts[0])
    assert _measure.prefix_widths("Vo", font.advances, font._default, {}, 0.01, 0.0) is None
    assert _measure.prefix_widths("V", font.advances, font._default, {}, 0.01, 0.5) == [
        0.0, font.advance("V") * 0.01 + 0.5]
