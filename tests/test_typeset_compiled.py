"""deck/_typeset.c does what typeset.py and grid.py do in Python: kept lines unpacked, a column's
lines stacked and placed on the face, on random paragraphs, and as whole PDFs."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deck import grid, typeset
from deck.fonts import register_fonts
from deck.layouts import load_layout
from deck.grid import Grid, set_flow
from deck.measure import Measure
from deck.text import Line, Paragraph, Placed, Style
from deck.typeset import Typesetter, _packed, _unpacked
from helpers import compiled, same_deck_in_python

STYLE = Style("Lato-Regular", 9.2, 12.0)


def test_the_compiled_unpacking_is_built():
    _typeset = compiled("_typeset")
    assert typeset.compiled_unpacked is _typeset.unpacked and typeset.compiled_stacked is _typeset.stacked
    assert grid.compiled_placed is _typeset.placed


def in_python(packed, paragraph: str, style: Style) -> list[Line]:
    saved, typeset.compiled_unpacked = typeset.compiled_unpacked, None
    try:
        return _unpacked(packed, paragraph, style)
    finally:
        typeset.compiled_unpacked = saved


words = st.lists(st.text(st.sampled_from(list("abcëï’–\u00a0\U0001f600-")), min_size=1, max_size=12), min_size=1,
                 max_size=30)


@settings(max_examples=300, deadline=None)
@given(words, st.data(), st.lists(st.floats(allow_nan=False), min_size=30, max_size=30))
def test_kept_lines_unpack_as_in_python(words, data, widths):
    """A paragraph broken at its spaces packs into bytes; both unpack it to the same lines: the same
    texts (characters, not bytes, beyond Latin-1 too), the same widths to the bit, the same style."""
    cuts = sorted(data.draw(st.sets(st.integers(1, len(words) - 1)))) if len(words) > 1 else []
    lines, start = [], 0
    for index, end in enumerate([*cuts, len(words)]):
        lines.append(Line(" ".join(words[start:end]), STYLE, widths[index], ""))
        start = end
    paragraph = " ".join(words)
    packed = _packed(paragraph, lines)
    assert type(packed) is bytes
    found = _unpacked(packed, paragraph, STYLE)
    assert found == in_python(packed, paragraph, STYLE) == lines
    assert all(type(line) is Line and line.style is STYLE for line in found)
    assert [repr(line.width) for line in found] == [repr(line.width) for line in lines]  # -0.0 stays -0.0


def test_wrong_input_is_refused_not_read_past():
    from deck import _typeset

    with pytest.raises(ValueError):
        _typeset.unpacked(b"12345", "a b", STYLE, Line)
    with pytest.raises(TypeError):
        _typeset.unpacked(b"", "a b", STYLE, dict)
    assert _typeset.unpacked(b"", "", STYLE, Line) == []


FONT = register_fonts(load_layout("default"))["regular"]  # (a bullet is measured)
sizes = st.sampled_from([7.5, 9.2, 11.0, 17.6])
paragraphs = st.lists(st.tuples(
    st.lists(st.floats(0.0, 300.0), max_size=6),  # its lines' widths (none: a paragraph of no lines)
    sizes, st.sampled_from([1.3, 1.45]), st.sampled_from([0.0, 3.7, 11.04]), st.sampled_from([0.0, 0, 8.1]),
    st.sampled_from(["", "•", "›", "12"]), st.booleans()), max_size=8)


class Lines:
    """A typesetter's broken() that gives each paragraph the lines drawn for it."""

    def __init__(self, drawn):
        self.lines = {}
        self.paragraphs = []
        for index, (widths, size, leading, space, indent, bullet, stretch) in enumerate(drawn):
            style = Style(FONT, size, round(size * leading, 4))
            paragraph = Paragraph(f"paragraph {index}", style, space_before=space, indent=indent, bullet=bullet,
                                  stretch=stretch)
            self.paragraphs.append(paragraph)
            self.lines[paragraph.text] = [Line(f"line {n}", style, width) for n, width in enumerate(widths)]

    def setter(self) -> Typesetter:
        setter = Typesetter(hyphenator=None, measure=Measure())
        setter.broken = lambda paragraph, width: self.lines[paragraph.text]
        return setter


def without(function, name, *args):
    """function(*args) with typeset's compiled `name` taken away."""
    saved = getattr(typeset, name)
    setattr(typeset, name, None)
    try:
        return function(*args)
    finally:
        setattr(typeset, name, saved)


@settings(max_examples=300, deadline=None)
@given(paragraphs, st.floats(40.0, 400.0))
def test_a_column_is_stacked_as_in_python(drawn, width):
    """Every depth, drop, top, bottom and span the same to the bit, bullets beside first lines."""
    lines = Lines(drawn)
    found = lines.setter().set(lines.paragraphs, width)
    expected = without(lines.setter().set, "compiled_stacked", lines.paragraphs, width)
    assert found == expected
    assert repr(found) == repr(expected)  # (-0.0 and 0.0 are equal, not the same number)
    assert all(type(line) is Placed for line in found.lines)
    assert type(found.spans) is tuple and all(type(span) is tuple for span in found.spans)


@settings(max_examples=200, deadline=None)
@given(paragraphs, st.sampled_from([1, 2]), st.floats(-5.0, 50.0), st.floats(100.0, 600.0))
def test_lines_are_placed_on_the_face_as_in_python(drawn, count, left, top):
    lines = Lines(drawn)
    place = Grid(left, 300.0, count, 12.0)
    found = set_flow(lines.paragraphs, place, top, type("Typo", (), {"setter": lines.setter()})())
    saved = grid.compiled_placed
    grid.compiled_placed = None
    try:
        expected = set_flow(lines.paragraphs, place, top, type("Typo", (), {"setter": lines.setter()})())
    finally:
        grid.compiled_placed = saved
    assert repr(found) == repr(expected)
    assert all(type(line) is Placed for line in found[0])


@pytest.fixture
def pure(monkeypatch):
    def use():
        monkeypatch.setattr(typeset, "compiled_unpacked", None)
        monkeypatch.setattr(typeset, "compiled_stacked", None)
        monkeypatch.setattr(grid, "compiled_placed", None)
    return use


@pytest.mark.parametrize("layout", ["default", "example-brand"])
def test_the_deck_is_the_same_pdf_with_either_unpacking(tmp_path, pure, layout):
    same_deck_in_python(tmp_path, layout, pure)
