"""The compiled unpacking of kept lines (deck/_typeset.c) gives the lines typeset.py's own does: on
random paragraphs broken at random spaces, and as whole PDFs."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deck import typeset
from deck.text import Line, Style
from deck.typeset import _packed, _unpacked
from helpers import compiled, same_deck_in_python

STYLE = Style("Lato-Regular", 9.2, 12.0)


def test_the_compiled_unpacking_is_built():
    assert typeset.compiled_unpacked is compiled("_typeset").unpacked


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


@pytest.fixture
def pure(monkeypatch):
    return lambda: monkeypatch.setattr(typeset, "compiled_unpacked", None)


@pytest.mark.parametrize("layout", ["default", "example-brand"])
def test_the_deck_is_the_same_pdf_with_either_unpacking(tmp_path, pure, layout):
    same_deck_in_python(tmp_path, layout, pure)
