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


@pytest.fixture
def pure(monkeypatch):
    """linebreak with its Python searches."""
    def use():
        monkeypatch.setattr(linebreak, "search", linebreak._search)
        monkeypatch.setattr(linebreak, "search_words", linebreak._search_words)
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


@pytest.mark.parametrize("layout", ["default", "example-brand"])
def test_the_deck_is_the_same_pdf_with_either_search(tmp_path, pure, layout):
    same_deck_in_python(tmp_path, layout, pure)
