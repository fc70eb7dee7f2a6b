"""pdffile.formatted_object writes pages, forms and streams byte for byte as reportlab's format()
methods do, pdffile.indirect numbers them as PDFIndirectObject does, and pdffile.end_form makes a
form as canvas.endForm() does: on whole decks in every
bundled layout and imposition, and on made-up objects."""
from collections import OrderedDict

import pytest
from hypothesis import example, given, settings, strategies as st
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (PDFArray, PDFArrayCompact, PDFDictionary, PDFName, PDFObjectReference,
                                      PDFStream, PDFZCompress)

import deck
import deck.forms
from deck import pdffile


def _as_reportlab(monkeypatch):
    def formatted(obj, doc):
        return obj.format(doc)
    monkeypatch.setattr(pdffile, "formatted_object", formatted)
    monkeypatch.setattr(pdffile, "indirect", lambda name, obj, doc: pdfdoc.PDFIndirectObject(name, obj).format(doc))
    monkeypatch.setattr(deck.forms, "formatted_object", formatted)
    monkeypatch.setattr(deck.forms, "end_form", lambda canvas: canvas.endForm())


@pytest.mark.parametrize("layout, options", [
    (None, {}), (None, {"mode": "single"}), (None, {"sheet": "letter", "flip": "short"}),
    ("example-brand", {}), ("example-brand", {"mode": "single"}), ("print-shop-a3", {}), (None, {"sheet": "a3"}),
])
def test_a_deck_formatted_here_is_the_deck_reportlab_formats(tmp_path, monkeypatch, layout, options):
    ours = deck.build(None, layout, tmp_path / "ours.pdf", **options).read_bytes()
    _as_reportlab(monkeypatch)
    assert deck.build(None, layout, tmp_path / "theirs.pdf", **options).read_bytes() == ours


def test_a_large_deck_drawn_on_two_cores_is_formatted_as_reportlab_does(large_deck, tmp_path, monkeypatch):
    import deck.cores

    monkeypatch.setattr(deck.cores, "spare_core", lambda: True)
    ours = deck.build(large_deck, "example-brand", tmp_path / "ours.pdf").read_bytes()
    _as_reportlab(monkeypatch)
    assert deck.build(large_deck, "example-brand", tmp_path / "theirs.pdf").read_bytes() == ours


class _Document:
    """What formatting asks of a document: object numbers, encryption, the default filters."""

    def __init__(self):
        self.idToObjectNumberAndVersion = {f"R{n}": (n, 0) for n in range(1, 40)}
        self.encrypt = pdfdoc.NoEncryption()
        self.defaultStreamFilters = None


def _encodable(text: str) -> bool:  # what reportlab can write at all
    try:
        pdfdoc.pdfdocEnc(text)
    except UnicodeEncodeError:
        return False
    return True


_names = st.text(st.characters(min_codepoint=33, max_codepoint=0x17F), min_size=1, max_size=8)
_plain = st.one_of(
    st.integers(-10**6, 10**6), st.floats(-1e5, 1e5, allow_nan=False), st.booleans(), st.none(),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=12).map(lambda text: "/" + text),
    st.text(st.characters(max_codepoint=0x2030, blacklist_categories=("Cs",)), max_size=6).filter(_encodable),
    st.binary(max_size=6),
    st.integers(1, 39).map(lambda n: PDFObjectReference(f"R{n}")),
    _names.map(PDFName),
)


def _nested(children):
    return st.one_of(
        st.lists(children, max_size=24).map(PDFArray),
        st.lists(children, max_size=24).map(PDFArrayCompact),
        st.dictionaries(_names, children, max_size=14).map(PDFDictionary),
    )


_elements = st.recursive(_plain, _nested, max_leaves=40)


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(_names, _elements, max_size=20))
def test_a_dictionary_is_formatted_as_reportlab_formats_it(entries):
    doc = _Document()
    assert pdffile._dictionary(entries, doc) == pdfdoc.format(PDFDictionary(entries), doc)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(_names, _elements, max_size=10),
       st.binary(max_size=300) | st.text(st.characters(max_codepoint=0x2030), max_size=300).filter(_encodable),
       st.booleans())
def test_a_stream_is_formatted_as_reportlab_formats_it(entries, content, deflated):
    doc = _Document()
    stream = PDFStream(PDFDictionary(entries), content, [PDFZCompress] if deflated else None)
    assert pdffile.formatted_object(stream, doc) == stream.format(doc)


def test_settings_that_change_formatting_are_left_to_reportlab(monkeypatch):
    doc = _Document()
    ordered = PDFStream(PDFDictionary(OrderedDict([("Zeta", 1), ("Alpha", 2)])), b"x")
    assert pdffile.formatted_object(ordered, doc) == ordered.format(doc)
    assert b"/Zeta 1 /Alpha 2" in ordered.format(doc)
    stream = PDFStream(PDFDictionary({"B": PDFArray(list(range(12))), "A": 1}), b"x")
    monkeypatch.setattr(rl_config, "pdfMultiLine", 1)
    assert pdffile.formatted_object(stream, doc) == stream.format(doc)
    assert b"\n /B" in stream.format(doc)  # (one entry a line)


def test_every_stream_of_a_deck_is_deflated_by_libdeflate_at_zlibs_level(tmp_path):
    """Faces, pages and font subsets alike: each stream inflates with zlib (what every PDF reader
    does) and is the bytes libdeflate makes of it at level 6, so the files stay reproducible."""
    import zlib

    import pikepdf

    path = deck.build(None, None, tmp_path / "deck.pdf")
    streams = 0
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Filter") == pikepdf.Array([pikepdf.Name.FlateDecode]):
                raw = obj.read_raw_bytes()
                assert pdffile.deflated(zlib.decompress(raw)) == raw
                streams += 1
    assert streams > 30


@settings(max_examples=80, deadline=None)
@given(st.text(st.sampled_from("\x17\x18\x1b\x1f\x7f\n a()\u00e9\u20ac") | st.characters(max_codepoint=0x2030),
               max_size=60))
@example("a\x19b")
def test_a_form_is_encoded_as_reportlab_encodes_it(text):
    """end_form's straight-to-bytes encoding where reportlab's codec gives the same bytes, and the
    codec elsewhere: the same stream, or the same refusal (control characters it does not map)."""
    from reportlab.pdfgen.canvas import Canvas

    def form(end):
        canvas = Canvas(None)
        canvas.beginForm("face", 0, 0, 100, 100)
        canvas._code.append(f"({text}) Tj")
        try:
            end(canvas)
        except Exception as error:  # noqa: BLE001 (reportlab's own refusal, whatever its kind)
            return type(error)
        return canvas._doc.idToObject[pdfdoc.xObjectName("face")].stream

    assert form(pdffile.end_form) == form(lambda canvas: canvas.endForm())
