"""The compiled text operators (deck/_pdftext.c) are the ones pdftext.py writes in Python: the same
string for every line, on random lines and as whole PDFs."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from deck import pdftext
from deck.fonts import register_fonts
from deck.layouts import load_layout
from deck.text import Line, Placed, Style
from helpers import compiled, same_deck_in_python


def test_the_compiled_text_operators_are_built():
    _pdftext = compiled("_pdftext")
    assert pdftext.kerned_line is _pdftext.kerned_line and pdftext.word_run is _pdftext.word_run
    assert pdftext.compiled_text_object is _pdftext.text_object


def _in_python(patch) -> None:
    """pdftext without its compiled functions."""
    for name in ("kerned_line", "word_run", "compiled_text_object"):
        patch.setattr(pdftext, name, None)


@pytest.fixture
def pure(monkeypatch):
    return lambda: _in_python(monkeypatch)


# kerning pairs (AV, To, Ty, r., f,), characters a PDF string escapes, Dutch letters, and beyond
# Latin-1 (a second subset): spaces doubled and at the ends too
LETTERS = "AVTWYaoyervf.,-’'()\\ëéïÉĳ€ŁőžΩ"
lines_ = st.lists(st.tuples(st.text(LETTERS + "  ", min_size=1, max_size=40), st.sampled_from(["regular", "bold"]),
                            st.sampled_from([8.5, 9.0, 17.6])), min_size=1, max_size=12)


def _operators(lines, fonts) -> list[str]:
    """What a fresh document's TextWriter writes for `lines`, one face at a time. (Kerning pairs are
    learnt for the process: the compiled word_run takes only words whose pairs are known, so a test
    writes its lines once before it compares.)"""
    canvas = Canvas("unused.pdf")
    writer = pdftext.TextWriter(canvas._doc)
    return [writer.text_object((Placed(10.0, 100.0 - 12 * index,
                                       Line(text, Style(fonts[font], size, size * 1.3), 50.0)),),
                               lambda role: "0 g")
            for index, (text, font, size) in enumerate(lines)]


@settings(max_examples=200, deadline=None)
@given(lines_)
def test_every_line_is_written_as_python_writes_it(lines):
    fonts = register_fonts(load_layout("default"))
    _operators(lines, fonts)
    compiled = _operators(lines + lines, fonts)  # each line twice: new words, then words met before
    with pytest.MonkeyPatch.context() as patch:
        _in_python(patch)
        python = _operators(lines + lines, fonts)
    assert compiled == python


def test_a_bullet_mark_takes_the_accent_as_python_gives_it(pure):
    """A line whose text is one of `accents` is filled in the role "accent", the others in their
    style's role, compiled as in Python."""
    fonts = register_fonts(load_layout("default"))
    style = Style(fonts["regular"], 9.0, 11.7)
    lines = tuple(Placed(10.0, 100.0 - 12 * index, Line(text, style, 30.0))
                  for index, text in enumerate(["•", "een punt", "•", "›", "nog een", "• niet alleen"]))

    def written():
        writer = pdftext.TextWriter(Canvas("unused.pdf")._doc)
        return writer.text_object(lines, lambda role: {"accent": "1 0 0 rg", "text": "0 g"}[role], accents=("•", "›"))

    written()  # (the words learnt first, as the other tests do)
    compiled = written()
    pure()
    assert written() == compiled
    assert compiled.split("\n")[1:3] == ["1 0 0 rg", "1 0 0 1 10 100 Tm"]
    assert compiled.count("1 0 0 rg") == 2 and compiled.count("0 g") == 2  # (the fill changes only when it must)


def test_the_moves_to_each_line_are_written_as_python_writes_them(pure):
    """The compiled writer remembers the operator that moves to a position: zeros of either sign,
    whole numbers, the same position again and many positions give what the Python gives."""
    fonts = register_fonts(load_layout("default"))
    style = Style(fonts["regular"], 9.0, 11.7)
    positions = [(0.0, 10.0), (-0.0, 10.0), (10.0, -0.0), (10.0, 0.0), (10, 12), (10.0, 12.0), (0.1 + 0.2, 7.25),
                 (0.30000000000000004, 7.25), (1e-7, -3.5), (10.0, 12.0)] + [(5.0, y / 8) for y in range(1, 6000)]

    def written():
        writer = pdftext.TextWriter(Canvas("unused.pdf")._doc)
        text = writer.text_object(tuple(Placed(x, y, Line("een tekst", style, 30.0)) for x, y in positions),
                                  lambda role: "0 g")
        return text, writer

    written()  # (the words learnt first, as the other tests do)
    compiled, writer = written()
    assert 1000 < len(writer._moves) <= 4096  # remembered, and bounded
    pure()
    python, _ = written()
    assert compiled == python


def test_kerned_and_escaped_words_are_written_as_python_writes_them(pure):
    fonts = register_fonts(load_layout("default"))
    lines = [("AVAVA To Ty r. f, (x) a\\b", "regular", 9.0),
             ("Vormgeving Tekst  ‘citaat’ financiële", "bold", 17.6)]
    _operators(lines, fonts)
    compiled = _operators(lines * 2, fonts)
    assert "TJ" in compiled[0] and "\\(x\\)" in compiled[0] and "\\\\" in compiled[0]
    pure()
    assert compiled == _operators(lines * 2, fonts)


@pytest.mark.parametrize("layout", ["default", "example-brand"])
def test_the_deck_is_the_same_pdf_with_either_writer(tmp_path, pure, layout):
    same_deck_in_python(tmp_path, layout, pure)


# Python code that changes what the compiled functions were given while they are at work: each run
# in a process of its own, where a use after free would crash it instead of this test run.
CHANGED_UNDERFOOT = {
    "a kerning pair whose value empties the pairs as it is read": """
pairs, kept = {}, []
class Other:
    pass
class Value:
    def __float__(self):
        pairs.clear()  # the last reference to this value: its memory is taken again at once
        kept.extend(Other() for _ in range(1000))
        return 1.0
pairs["ab"] = Value()
print(_pdftext.word_run("ab", b"ab", pairs, lambda value: repr(float(value)), "".join(["/F", "1"])))
""",
    "a word whose lookup takes the space out of the known words": """
known = {}
class Key:
    armed = False
    def __hash__(self):
        return hash("a")
    def __eq__(self, other):
        if Key.armed:
            known.pop(" ", None)
        return False
name = "".join(["/F", "9"])
known[" "] = (name, "".join([" ", "x"]), None, " ")
known[Key()] = 1
known["a"] = (name, "a", None, "a")
del name
class Runs:
    recent = known
Key.armed = True
style = type("Style", (), {"colour": "text", "tracking": 0.0, "size": 9.0, "font": "F"})()
print(_pdftext.text_object(((1.0, 2.0, ("a a", style, 1.0, ""), 0.0),), lambda role: "0 g", str, {"F": Runs()},
                           lambda code, text, font, size, current: (None, None), {}, None, ()))
""",
    "a kerning move that empties what a new word is learnt from": """
name = "".join(["/F", "9"])
recent = {" ": (name, "".join([" ", "x"]), None, " ")}
class Runs:
    older = {}
Runs.recent = recent
codes, names, pairs_of, kept = {"F": ({ord("a"): "a", ord("b"): "b"}, frozenset("ab"))}, {"F": name}, {}, []
pairs_of["F"] = {"ab": -80.0, "ba": 0.0}
def adjustment(value):  # what learning calls for each kerning move: everything it read is let go
    recent.clear()
    codes.clear()
    names.clear()
    pairs_of.clear()
    kept.extend(object() for _ in range(1000))
    return repr(-value)
del name
style = type("Style", (), {"colour": "text", "tracking": 0.0, "size": 9.0, "font": "F"})()
print(_pdftext.text_object(((1.0, 2.0, ("ab ba", style, 1.0, ""), 0.0),), lambda role: "0 g", str, {"F": Runs()},
                           lambda code, text, font, size, current: (None, None), {}, (codes, names, pairs_of,
                                                                                      adjustment, 100), ()))
""",
}


@pytest.mark.parametrize("case", sorted(CHANGED_UNDERFOOT))
def test_the_compiled_writer_holds_what_it_reads(case):
    import subprocess
    import sys

    ran = subprocess.run([sys.executable, "-c", "from deck import _pdftext\n" + CHANGED_UNDERFOOT[case]],
                         capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr[-2000:]
