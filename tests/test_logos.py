"""Logos as delivered: SVG and PDF placed as vector forms, images in any mode printed faithfully,
and the files a layout may not use refused with the reason."""
import re
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from deck import build, build_card
from deck.cli import main
from deck.errors import DeckError
from deck.layouts import load_layout
from deck.preview import render_pages

LATO_BOLD = Path(__file__).parents[1] / "fonts" / "Lato-Bold.ttf"
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 200 50">
  <rect width="50" height="50" fill="#00616e"/><circle cx="25" cy="25" r="12" fill="#f28c28"/>
  <path d="M60 10 h130 v10 h-130 z" fill="#00616e"/>{extra}
</svg>"""


def logo_layout(tmp_path: Path, name: str, extra: str = "") -> str:
    path = tmp_path / "layout.yaml"
    path.write_text(f"logo:\n  file: {name}\n  width: 40mm\n{extra}", encoding="utf-8")
    return str(tmp_path)


def pdf_logo(path: Path, embed: bool = True) -> Path:
    """A 200 x 50 pt vector logo with a word in it, as a drawing program exports it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(TTFont("LogoFont", str(LATO_BOLD)))
    canvas = Canvas(str(path), pagesize=(200, 50), invariant=1, initialFontName="LogoFont" if embed else None)
    canvas.setFillColorRGB(0, 0.38, 0.43)
    canvas.rect(0, 0, 50, 50, stroke=0, fill=1)
    canvas.setFont("LogoFont" if embed else "Helvetica", 20)
    canvas.drawString(60, 18, "Huisstijl")
    canvas.save()
    return path


def xobjects(pdf: Path) -> dict[str, int]:
    """Subtype -> how many distinct XObjects of it the PDF holds, forms inside forms included."""
    reader = pypdf.PdfReader(pdf)
    seen: dict[int, str] = {}

    def walk(resources):
        for item in (resources or {}).get("/XObject", {}).values():
            if item.idnum not in seen:
                seen[item.idnum] = item.get_object()["/Subtype"]
                walk(item.get_object().get("/Resources"))
    for page in reader.pages:
        walk(page.get("/Resources"))
    counts: dict[str, int] = {}
    for subtype in seen.values():
        counts[subtype] = counts.get(subtype, 0) + 1
    return counts


@pytest.mark.parametrize("name", ["logo.svg", "logo.pdf"])
def test_a_vector_logo_is_one_form_and_no_image(tmp_path, name):
    if name.endswith(".svg"):
        (tmp_path / name).write_text(SVG.format(extra=""), encoding="utf-8")
    else:
        pdf_logo(tmp_path / name)
    layout = logo_layout(tmp_path, name)
    chosen = load_layout(layout)
    assert chosen.logo.height == pytest.approx(chosen.logo.width / 4)
    pdf = build(layout=layout, output=tmp_path / "deck.pdf")
    counts = xobjects(pdf)
    assert "/Image" not in counts
    assert counts["/Form"] == 2 * 9 + 1  # every face, and the logo once
    result = CliRunner().invoke(main, ["check", "--layout", layout])
    assert result.exit_code == 0 and "dpi" not in result.stderr  # no resolution for a vector logo
    back = render_pages(pdf.read_bytes(), 40)[1]
    assert back.getpixel((0, 0)) is not None


def test_the_vector_logo_is_drawn_where_the_layout_places_it(tmp_path):
    (tmp_path / "logo.svg").write_text(SVG.format(extra=""), encoding="utf-8")
    layout = logo_layout(tmp_path, "logo.svg", "  place: bottom-left\n")
    pdf = build_card("2", layout=layout, output=tmp_path / "card.pdf")
    back = render_pages(pdf.read_bytes(), 72)[1]
    place = load_layout(layout)
    from deck.copyfit import fit_deck
    from deck.content import load_deck
    from deck import default_content

    box = fit_deck(load_deck(default_content()), place, only=2)[0].back.logo
    inside = (int(box.x + 3), int(back.height - box.y - box.height / 2))  # in the teal square, left of the dot
    assert back.getpixel(inside) == pytest.approx((0, 97, 110), abs=12)


def test_an_svg_with_a_gradient_and_transparency_keeps_them(tmp_path):
    """reportlab's forms listed fonts and forms only: a gradient (a shading) and transparency (a
    graphics state) were drawn with names the form never defined, so the gradient printed black and
    the transparent dot opaque. The form now holds them, and Ghostscript renders it without a word."""
    import shutil
    import subprocess

    gradient = ('<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#00616e"/>'
                '<stop offset="1" stop-color="#ffffff"/></linearGradient></defs>'
                '<rect x="60" y="25" width="130" height="25" fill="url(#g)"/>'
                '<circle cx="25" cy="25" r="20" fill="#f28c28" fill-opacity="0.5"/>')
    (tmp_path / "logo.svg").write_text(SVG.format(extra=gradient), encoding="utf-8")
    pdf = build_card("2", layout=logo_layout(tmp_path, "logo.svg"), output=tmp_path / "card.pdf")
    reader = pypdf.PdfReader(pdf)
    forms = [item.get_object() for page in reader.pages
             for item in page["/Resources"].get("/XObject", {}).values()]
    logo = next(form for form in forms if b" sh" in form.get_data() or b" gs" in form.get_data())
    used = set(re.findall(rb"/(\S+) (?:sh|gs)\b", logo.get_data()))
    defined = {str(name)[1:].encode() for kind in ("/Shading", "/ExtGState")
               for name in logo["/Resources"].get(kind, {})}
    assert used and used <= defined, (used, defined)
    if shutil.which("gs"):
        done = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage", str(pdf)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and done.stdout + done.stderr == "", done.stdout + done.stderr


@pytest.mark.parametrize("name, text, message", [
    ("text.svg", SVG.format(extra='<text x="60" y="45">Huisstijl</text>'),
     "text.svg holds text in a font, which would print in another font; convert the text to outlines"),
    ("linked.svg", SVG.format(extra='<image href="file:///etc/passwd" width="5" height="5"/>'),
     "linked.svg refers to another file (file:///etc/passwd); save the logo with everything embedded"),
    ("broken.svg", "<svg xmlns='http://www.w3.org/2000/svg'><rect", "broken.svg is cut short or damaged"),
    ("cut.svg", SVG.format(extra="")[:-40], "cut.svg is cut short or damaged"),  # (svglib drew what it read)
    # svglib draws fill-opacity but not opacity: these printed solid, in any mode, and check said ok
    ("see-through.svg", SVG.format(extra='<circle cx="100" cy="25" r="9" fill="#fc0" opacity="0.5"/>'),
     "see-through.svg makes a shape or group see-through with opacity (0.5), which would print solid; give its "
     "shapes fill-opacity (and stroke-opacity) instead"),
    ("group.svg", SVG.format(extra='<g style="fill:#fc0;opacity:.3"><rect width="9" height="9"/></g>'),
     "group.svg makes a shape or group see-through with opacity (.3)"),
])
def test_an_svg_the_print_would_get_wrong_is_refused(tmp_path, name, text, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(DeckError, match=re.escape(message)):
        load_layout(logo_layout(tmp_path, name))


@pytest.mark.parametrize("width, said", [("nan", "nan × 37.5"), ("inf", "inf × 37.5"), ("1e400", "inf × 37.5"),
                                         ("0.0000001", "7.5e-08 × 37.5"), ("5000", "3750 × 37.5")])
def test_an_svg_logo_of_no_logos_size_is_refused(tmp_path, width, said):
    """A size a drawing program wrote wrong stopped the build with a traceback (nan, inf), or made
    the cards '11999999828 mm too long' (a logo a millionth of a point wide)."""
    (tmp_path / "logo.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="50">'
                                       '<rect width="10" height="10" fill="#123456"/></svg>', encoding="utf-8")
    with pytest.raises(DeckError, match=re.escape(f"logo.svg says its size is {said} points, which is no logo's "
                                                  "size; export it again from your drawing program")):
        load_layout(logo_layout(tmp_path, "logo.svg"))


def _pdf_with(path: Path, box: list, self_drawing: bool = False) -> Path:
    """A one-page PDF of MediaBox `box`, whose one form lists itself among its own XObjects if
    `self_drawing`."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(200, 50)
    drawing = DecodedStreamObject()
    drawing.set_data(b"0 0 10 10 re f")
    page[NameObject("/Contents")] = writer._add_object(drawing)
    page[NameObject("/MediaBox")] = ArrayObject(FloatObject(v) for v in box)
    if self_drawing:
        form = DecodedStreamObject()
        form.set_data(b"0 0 10 10 re f /X0 Do")
        form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (0, 0, 10, 10))})
        reference = writer._add_object(form)
        form[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): DictionaryObject({NameObject("/X0"): reference})})
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): DictionaryObject({NameObject("/X0"): reference})})
    with open(path, "wb") as stream:
        writer.write(stream)
    return path


def test_a_pdf_logo_whose_drawing_does_not_decode_is_refused(tmp_path):
    """Damaged compressed data: pypdf reads it as nothing, and the logo printed as an empty box."""
    import zlib

    pdf = pdf_logo(tmp_path / "whole.pdf").read_bytes()
    contents = pypdf.PdfReader(tmp_path / "whole.pdf").pages[0].raw_get("/Contents").idnum
    start = pdf.index(b"stream", pdf.index(b"\n%d 0 obj" % contents)) + len(b"stream")
    start += 2 if pdf[start:start + 2] == b"\r\n" else 1
    assert zlib.decompress(pdf[start:pdf.index(b"endstream", start)])  # (the page's drawing, deflated)
    (tmp_path / "logo.pdf").write_bytes(pdf[:start] + b"\x00" * 20 + pdf[start + 20:])
    with pytest.raises(DeckError, match=re.escape("logo.pdf draws nothing: its page is empty, or its drawing is "
                                                  "damaged; export the logo again")):
        load_layout(logo_layout(tmp_path, "logo.pdf"))


def test_a_pdf_logo_with_an_image_in_a_filter_pypdf_cannot_decode_is_copied_as_it_is(tmp_path):
    """A JBIG2 image (a scanned, black and white logo) is copied into the card's PDF, not decoded:
    pypdf would need a program deck does not ask for, and stopped the build with a traceback."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

    writer = PdfWriter()
    page = writer.add_blank_page(200, 50)
    image = DecodedStreamObject()
    image.set_data(b"\x97JB2\x0d\x0a\x1a\x0a not decoded by deck")
    image.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                  NameObject("/Width"): NumberObject(8), NameObject("/Height"): NumberObject(2),
                  NameObject("/BitsPerComponent"): NumberObject(1), NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                  NameObject("/Filter"): ArrayObject([NameObject("/JBIG2Decode")])})
    drawing = DecodedStreamObject()
    drawing.set_data(b"q 200 0 0 50 0 0 cm /Im0 Do Q")
    page[NameObject("/Contents")] = writer._add_object(drawing)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image)})})
    with open(tmp_path / "logo.pdf", "wb") as stream:
        writer.write(stream)
    layout = load_layout(logo_layout(tmp_path, "logo.pdf"))
    pdf = build(output=tmp_path / "deck.pdf", layout=str(layout.path))
    assert b"/JBIG2Decode" in pdf.read_bytes()


@pytest.mark.parametrize("box, self_drawing, message", [
    ([0, 0, 1e29, 50], False, "logo.pdf says its size is 1e+29 × 50 points, which is no logo's size"),
    ([0, 0, 200, 50], True, "logo.pdf has a part that refers to itself; export the logo again"),
])
def test_a_pdf_logo_no_printer_could_draw_is_refused_when_the_layout_is_read(tmp_path, box, self_drawing, message):
    _pdf_with(tmp_path / "logo.pdf", box, self_drawing)
    with pytest.raises(DeckError, match=re.escape(message)):
        load_layout(logo_layout(tmp_path, "logo.pdf"))


def test_a_pdf_logo_with_a_font_it_does_not_carry_is_refused(tmp_path):
    pdf_logo(tmp_path / "logo.pdf", embed=False)
    with pytest.raises(DeckError, match="logo.pdf uses the font /Helvetica without embedding it"):
        load_layout(logo_layout(tmp_path, "logo.pdf"))


def grey_png(path: Path, mode: str) -> Path:
    """A logo half black, half mid-grey, in `mode`."""
    if mode == "I;16":
        image = Image.new("I;16", (600, 200), 0)
        image.paste(Image.new("I;16", (300, 200), 0x8080), (300, 0))
    else:
        image = Image.new("L", (600, 200), 0)
        image.paste(128, (300, 0, 600, 200))
        image = image.convert(mode)
    image.save(path)
    return path


@pytest.mark.parametrize("mode", ["I;16", "P", "LA", "1", "L"])
def test_an_image_logo_in_any_mode_prints_as_it_looks(tmp_path, mode):
    grey_png(tmp_path / "logo.png", mode)
    layout = logo_layout(tmp_path, "logo.png")
    pdf = build_card("2", layout=layout, output=tmp_path / "card.pdf")
    back = render_pages(pdf.read_bytes(), 72)[1]
    from deck import default_content
    from deck.content import load_deck
    from deck.copyfit import fit_deck

    box = fit_deck(load_deck(default_content()), load_layout(layout), only=2)[0].back.logo
    y = int(back.height - box.y - box.height / 2)
    left, right = back.getpixel((int(box.x + box.width / 4), y)), back.getpixel((int(box.x + box.width * 3 / 4), y))
    assert left == pytest.approx((0, 0, 0), abs=10)
    # (one bit: Pillow dithers the grey, which averages to grey again at this resolution)
    assert right == pytest.approx((128,) * 3, abs=12), f"{mode}: the grey half prints as {right}"


def test_a_truncated_png_is_refused_with_a_place(tmp_path):
    grey_png(tmp_path / "full.png", "L")
    data = (tmp_path / "full.png").read_bytes()
    (tmp_path / "logo.png").write_bytes(data[: len(data) // 2])
    result = CliRunner().invoke(main, ["check", "--layout", logo_layout(tmp_path, "logo.png")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "layout.yaml:2:9: 'logo.file': logo.png is not an image I can read" in result.stderr


def test_a_folder_named_like_the_logo_is_called_a_folder(tmp_path):
    (tmp_path / "logo.png").mkdir()
    (tmp_path / "logo.png" / "logo.png").write_bytes(b"")
    with pytest.raises(DeckError, match="'logo.file': logo.png is a folder, not an image; name the file inside "
                                        "it, for example logo.png/logo.png"):
        load_layout(logo_layout(tmp_path, "logo.png"))


def test_a_logo_linked_from_outside_the_layouts_folder_is_refused(tmp_path):
    outside = grey_png(tmp_path / "secret.png", "L")
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.png").symlink_to(outside)
    with pytest.raises(DeckError, match="'logo.file': logo.png is a link to a file outside the layout's folder"):
        load_layout(logo_layout(tmp_path / "brand", "logo.png"))


def test_a_link_that_stays_inside_the_folder_is_fine(tmp_path):
    grey_png(tmp_path / "real.png", "L")
    (tmp_path / "logo.png").symlink_to(tmp_path / "real.png")
    assert load_layout(logo_layout(tmp_path, "logo.png")).logo.file.path == (tmp_path / "real.png").resolve()
