"""`deck build` through the command line, measured in the PDF: boxes, placed faces, backs behind fronts."""
import re
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from deck.cli import main
from deck.units import MM, PAPER

PLACED = re.compile(rb"q\s+([-\d. ]+) cm\s+/(\S+) Do\s+Q")


def build(tmp_path: Path, *args) -> Path:
    path = tmp_path / "deck.pdf"
    result = CliRunner().invoke(main, ["build", "-o", str(path), *args])
    assert result.exit_code == 0, result.output
    assert f"wrote {path}" in result.output
    return path


def placed(page) -> dict[str, tuple[float, float, float, float]]:
    """form name -> (left, bottom, right, top) where the page shows it, from the content stream."""
    forms = page["/Resources"]["/XObject"]
    places = {}
    for matrix, name in PLACED.findall(page.get_contents().get_data()):
        a, b, c, d, e, f = (float(value) for value in matrix.split())
        x0, y0, x1, y1 = (float(v) for v in forms["/" + name.decode()]["/BBox"])
        corners = [(a * x + c * y + e, b * x + d * y + f) for x in (x0, x1) for y in (y0, y1)]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        places[name.decode()] = (min(xs), min(ys), max(xs), max(ys))
    return places


@pytest.fixture(scope="module")
def a4(tmp_path_factory):
    return pypdf.PdfReader(build(tmp_path_factory.mktemp("a4")))


def test_default_build_is_a4_one_card_per_sheet_fronts_and_backs_alternating(a4):
    assert len(a4.pages) == 18
    for number, page in enumerate(a4.pages):
        assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, *(PAPER["a4"].width, PAPER["a4"].height)])
        (name,) = placed(page)
        side = "front" if number % 2 == 0 else "back"
        assert name == f"FormXob.card{number // 2}{side}"


def test_sheet_boxes_point_at_the_trim_and_bleed(a4):
    page = a4.pages[2]
    trim = [float(v) for v in page.trimbox]
    bleed = [float(v) for v in page.bleedbox]
    assert trim[2] - trim[0] == pytest.approx(148 * MM, abs=1e-3)
    assert trim[3] - trim[1] == pytest.approx(210 * MM, abs=1e-3)
    assert [b - t for b, t in zip(bleed, trim)] == pytest.approx([-3 * MM, -3 * MM, 3 * MM, 3 * MM], abs=1e-3)
    (left, bottom, right, top), = placed(page).values()
    assert [left, bottom, right, top] == pytest.approx(bleed, abs=0.01 * MM)


def test_each_face_is_one_form_reused_not_copied(a4):
    forms = {}
    for page in a4.pages:
        for name, ref in page["/Resources"]["/XObject"].items():
            forms.setdefault(name, set()).add(ref.idnum)
    assert len(forms) == 18
    assert all(len(ids) == 1 for ids in forms.values())


def test_viewer_is_asked_not_to_scale_and_to_flip_on_the_long_edge(a4):
    preferences = a4.trailer["/Root"]["/ViewerPreferences"]
    assert preferences["/PrintScaling"] == "/None"
    assert preferences["/Duplex"] == "/DuplexFlipLongEdge"


def test_every_sheet_carries_a_slug_with_the_print_hints(a4):
    text = " ".join(a4.pages[3].extract_text().split())
    assert ("Ontwikkelkaarten · vel 2 / 9, achterkanten · afdrukken op 100 % / ware grootte, dubbelzijdig, "
            "omslaan via de lange zijde") in text


def test_the_slug_stands_at_the_foot_of_a_part_filled_sheet(tmp_path):
    """(A prepress review: the slug sat in the middle of the room under the cards, 19 mm from the
    edge on full sheets but 51 mm on a sheet filled one row deep.)"""
    import pypdfium2

    from helpers import layout_file

    assert CliRunner().invoke(main, ["new", str(tmp_path / "mijn")]).exit_code == 0
    tarot = layout_file(tmp_path, "card:\n  size: tarot\n")
    path = build(tmp_path, "--content", str(tmp_path / "mijn"), "--layout", tarot, "--sheet", "a3")
    document = pypdfium2.PdfDocument(str(path))
    for page in document:  # three faces a side: one row of a sheet for ten
        text = page.get_textpage()
        start, _ = text.search("100 %", match_case=True).get_next()
        assert text.get_charbox(start)[1] < 10 * MM  # (the printer margin is 5 mm)


def mirrored(front, sheet, columns):
    left, bottom, right, top = front
    if columns:
        return (sheet.width - right, bottom, sheet.width - left, top)
    return (left, sheet.height - top, right, sheet.height - bottom)


@pytest.mark.parametrize("sheet, flip, columns", [
    ("a4", "long", True), ("a4", "short", False),  # portrait sheet
    ("a3", "long", False), ("a3", "short", True),  # landscape sheet: the cases swap
    ("letter", "long", True),
])
def test_backs_lie_exactly_behind_their_fronts(tmp_path, sheet, flip, columns):
    reader = pypdf.PdfReader(build(tmp_path, "--sheet", sheet, "--flip", flip))
    size = PAPER[sheet] if sheet != "a3" else PAPER["a3"].landscape
    for fronts, backs in zip(reader.pages[::2], reader.pages[1::2]):
        front_places, back_places = placed(fronts), placed(backs)
        assert len(front_places) == len(back_places)
        for name, front in front_places.items():
            back = back_places[name.replace("front", "back")]
            assert back == pytest.approx(mirrored(front, size, columns), abs=0.01 * MM)


def test_a3_puts_two_a5_cards_on_a_landscape_sheet(tmp_path):
    reader = pypdf.PdfReader(build(tmp_path, "--sheet", "a3"))
    assert len(reader.pages) == 10  # 9 cards, 2 per sheet: 5 sheets, each with its backs
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (width, height) == pytest.approx((420 * MM, 297 * MM))
    assert len(placed(reader.pages[0])) == 2 and len(placed(reader.pages[-1])) == 1


def test_single_mode_is_one_face_per_page_with_bleed_in_card_order(tmp_path):
    reader = pypdf.PdfReader(build(tmp_path, "--mode", "single"))
    assert len(reader.pages) == 18
    names = [next(iter(placed(page))) for page in reader.pages]
    assert names[:4] == ["FormXob.card0front", "FormXob.card0back", "FormXob.card1front", "FormXob.card1back"]
    page = reader.pages[3]
    assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, 154 * MM, 216 * MM], abs=1e-3)
    assert [float(v) for v in page.trimbox] == pytest.approx([3 * MM, 3 * MM, 151 * MM, 213 * MM], abs=1e-3)
    assert "/ViewerPreferences" not in reader.trailer["/Root"] or \
        "/Duplex" not in reader.trailer["/Root"]["/ViewerPreferences"]


def test_fold_mode_puts_front_and_back_side_by_side_around_a_dashed_fold(tmp_path):
    reader = pypdf.PdfReader(build(tmp_path, "--mode", "fold", "--sheet", "a3"))
    assert len(reader.pages) == 9
    page = reader.pages[1]
    places = placed(page)
    front, back = places["FormXob.card1front"], places["FormXob.card1back"]
    fold = (front[2] + back[0]) / 2
    # the trims are twice the bleed apart; the bleeds meet at the fold, outside both cards
    assert (back[0] + 3 * MM) - (front[2] - 3 * MM) == pytest.approx(6 * MM, abs=0.01 * MM)
    assert front[1] == pytest.approx(back[1]) and front[3] == pytest.approx(back[3])
    assert b"[3 2] 0 d" in page.get_contents().get_data()
    assert fold == pytest.approx(PAPER["a3"].height / 2, abs=0.01 * MM)


def test_fold_mode_on_a4_tells_the_user_which_sheet_fits():
    result = CliRunner().invoke(main, ["build", "--mode", "fold", "-o", "/nonexistent/never.pdf"])
    assert result.exit_code == 1
    assert "does not fit on A4" in result.output and "--sheet a3" in result.output
    assert "Traceback" not in result.output


def test_the_imposed_pdf_is_smaller_than_the_single_cards_together(tmp_path, a4):
    total = 0
    for key in ["intro", *map(str, range(1, 9))]:
        path = tmp_path / f"{key}.pdf"
        assert CliRunner().invoke(main, ["card", key, "-o", str(path)]).exit_code == 0
        total += path.stat().st_size
    imposed = build(tmp_path).stat().st_size
    assert imposed < total * 0.6


# -- memory: what drawing keeps ----------------------------------------------------------------------

def test_releasing_each_card_once_it_is_drawn_leaves_the_pdf_as_it_was():
    """A card drawn for the last time lets go of the lines remembered to set it (FittedCard.release);
    the cards drawn after it must not miss them (a heading's lines are shared, for one)."""
    from deck import default_content, sheet_plan
    from deck.content import load_deck
    from deck.copyfit import fit_deck
    from deck.layouts import load_layout
    from deck.sheets import Metadata, render_plan

    deck, layout = load_deck(default_content()), load_layout("default")
    meta = Metadata(deck.title, deck.publisher, deck.subtitle, deck.language, deck.labels)

    def pdf(release: bool) -> bytes:
        cards = fit_deck(deck, layout)
        return render_plan(sheet_plan(layout, len(cards)), cards, layout, meta, release=release)

    assert pdf(release=True) == pdf(release=False)


def test_the_word_cache_stays_bounded_and_the_text_comes_out_the_same(monkeypatch):
    """A deck's vocabulary grows with the deck: the text writer remembers the words used lately only,
    and a word encoded again is encoded as before."""
    from reportlab.pdfgen.canvas import Canvas

    from deck import pdftext
    from deck.fonts import register_fonts
    from deck.layouts import load_layout
    from deck.text import Line, Placed, Style

    fonts = register_fonts(load_layout("default"))
    words = ("Samen leren en ontwikkelen in de dagelijkse praktijk van het werk met collega’s, klanten, partners: "
             "wat werkt, wat niet (en waarom)? Tijd, ruimte & vertrouwen; “één” keer is geen keer.").split()
    styles = [Style(fonts[font], 9.0, 11.7) for font in ("regular", "bold", "italic")]
    lines = tuple(Placed(10.0, 20.0 + n, Line(" ".join(words[n % 17:n % 17 + 1 + n % 5]), styles[n % 3], 0.0))
                  for n in range(120))

    def text(limit: int):
        monkeypatch.setattr(pdftext, "RECENT_WORDS", limit)
        writer = pdftext.TextWriter(Canvas(None)._doc)
        return writer.text_object(lines, lambda role: "0 g"), writer

    unbounded, _ = text(10 ** 9)
    bounded, writer = text(4)
    assert bounded == unbounded
    kept = [*writer._runs.values(), *writer._words.values()]
    assert all(len(words.recent) + len(words.older) <= 2 * 4 for words in kept)
    assert sum(len(words.older) for words in kept) > 0  # the bound was reached


def test_remembered_words_share_their_kerning_adjustments():
    from reportlab.pdfgen.canvas import Canvas

    from deck import pdftext
    from deck.fonts import register_fonts
    from deck.layouts import load_layout

    font = register_fonts(load_layout("default"))["bold"]
    writer = pdftext.TextWriter(Canvas(None)._doc)
    (_, first), = writer._word(font, "Tevreden")
    (_, second), = writer._word(font, "Tegelijk")
    assert first[1] == second[1] and first[1] is second[1]  # T-e kerns alike, one string


# -- how the file is written -------------------------------------------------------------------------

def _drawn(layout: str = "default"):
    """The bundled deck drawn on a canvas, its faces spooled, the file not yet written."""
    from deck import default_content, sheet_plan
    from deck.content import load_deck
    from deck.copyfit import fit_deck
    from deck.layouts import load_layout
    from deck.sheets import Metadata, draw_plan

    deck, chosen = load_deck(default_content()), load_layout(layout)
    cards = fit_deck(deck, chosen)
    meta = Metadata(deck.title, deck.publisher, deck.subtitle, deck.language, deck.labels)
    return draw_plan(sheet_plan(chosen, len(cards)), cards, chosen, meta)


@pytest.mark.parametrize("layout", ["default", "example-brand", "x-4"])
def test_the_file_written_object_by_object_is_the_file_reportlab_would_save(layout, tmp_path, monkeypatch):
    """The faces and pages are formatted as they are drawn and spooled, and pdffile.write streams the
    other objects out as it formats them; the bytes must be what canvas.save() writes of the same
    drawing kept whole in memory, identified as pdfx.identify does the whole file (PDF/X-4: the XMP
    IDs too). The brand layout draws a logo in every face."""
    import io

    from deck import forms, sheets
    from deck.pdffile import write
    from deck.pdfx import identify
    from deck.separation import deck_profile

    if layout == "x-4":
        (tmp_path / "press.icc").write_bytes(deck_profile().read_bytes())
        layout = str(tmp_path / "x4.yaml")
        Path(layout).write_text("extends: example-brand\nprint:\n  pdfx: x-4\n  output_profile: press.icc\n",
                                encoding="utf-8")
    with monkeypatch.context() as unspooled:
        unspooled.setattr(forms, "spool", lambda canvas, name: None)
        unspooled.setattr(sheets, "spool_page", lambda canvas: None)
        saved = identify(_drawn(layout).getpdfdata())
    stream = io.BytesIO(b"%% bytes before the file stay")
    stream.seek(0, io.SEEK_END)
    write(_drawn(layout), stream)
    assert stream.getvalue() == b"%% bytes before the file stay" + saved
    assert b"uuid:00000000" not in saved and re.search(rb"/ID\s*\[<([0-9a-f]{32})><\1>\]", saved)


def test_a_face_is_spooled_as_it_is_drawn():
    from deck.pdffile import _Spooled

    doc = _drawn()._doc
    forms = [obj for name, obj in doc.idToObject.items() if name.startswith("FormXob.card")]
    assert len(forms) == 18 and all(isinstance(form, _Spooled) for form in forms)


def test_a_page_is_spooled_as_it_is_shown():
    from reportlab.pdfbase.pdfdoc import PDFObjectReference

    from deck.pdffile import _SpooledPage

    doc = _drawn()._doc
    assert len(doc.Pages.pages) == 18 and all(type(page) is PDFObjectReference for page in doc.Pages.pages)
    assert all(isinstance(doc.idToObject[page.name], _SpooledPage) for page in doc.Pages.pages)


def test_streams_are_deflated_binary_not_base85(tmp_path):
    """Faces, pages, fonts and the logo are written FlateDecode only: base85 on top made the streams a
    quarter larger, and it is not what print tools expect."""
    import pikepdf

    filters = set()
    with pikepdf.open(build(tmp_path, "--layout", "example-brand")) as pdf:
        streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
        kinds = {str(obj.get("/Subtype", obj.get("/Type", ""))) for obj in streams}
        for obj in streams:
            if "/Filter" in obj:
                value = obj.Filter
                filters.add(tuple(map(str, value)) if isinstance(value, pikepdf.Array) else (str(value),))
    assert {"/Form", "/Image"} <= kinds
    assert filters == {("/FlateDecode",)}


def test_a_narrow_slug_is_shortened_never_set_below_5pt():
    """On a sheet crowded with small cards the slug shrank to 4 pt, which a preflight flags; now
    the title goes first, then how to print, and nothing is set below 5 pt."""
    from deck.sheets import SLUG_MIN, SLUG_SIZE, slug_line

    texts = ("Ontwikkelkaarten · sheet 1 / 9, fronts · print at 100 % / actual size",
             "sheet 1 / 9, fronts · print at 100 % / actual size", "sheet 1 / 9, fronts")

    def width_at(text, size):  # half an em a character
        return len(text) * size / 2

    assert slug_line(texts, 400, 20, width_at) == (texts[0], SLUG_SIZE)
    assert slug_line(texts, 200, 20, width_at) == (texts[0], 5.5)
    assert slug_line(texts, 150, 20, width_at) == (texts[1], SLUG_SIZE)
    assert slug_line(texts, 60, 20, width_at) == (texts[2], SLUG_SIZE)
    assert slug_line(texts, 20, 20, width_at) == (texts[2], SLUG_MIN)
    assert slug_line(texts, 400, 5, width_at) == (texts[0], 4.0)  # a slug place only 5 pt high
