"""`deck card` through the command line, checked in the PDF it writes: boxes, text, fonts, bytes."""
import os
import re
import shutil
from pathlib import Path

import pypdf
import pytest
import yaml
from click.testing import CliRunner

from deck import default_content
from deck.cli import main
from deck.units import MM

GOLDEN = Path(__file__).parent / "golden"


def run(*args):
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def card3(tmp_path_factory):
    path = tmp_path_factory.mktemp("card") / "kaart-3.pdf"
    run("card", "3", "-o", path)
    return path


def box(page, name):
    return [float(value) for value in page[name]]


def test_card_pdf_has_front_and_back_with_bleed_and_trim_boxes(card3):
    reader = pypdf.PdfReader(card3)
    assert len(reader.pages) == 2
    for page in reader.pages:
        bleed = [0, 0, 154 * MM, 216 * MM]
        assert box(page, "/MediaBox") == pytest.approx(bleed, abs=1e-3)
        assert box(page, "/BleedBox") == pytest.approx(bleed, abs=1e-3)
        assert box(page, "/TrimBox") == pytest.approx([3 * MM, 3 * MM, 151 * MM, 213 * MM], abs=1e-3)


def test_a_card_print_file_asks_for_actual_size_and_the_back_behind_the_front(card3, tmp_path):
    """(A prepress review: deck card's PDF carried no print hints, so a viewer's 'fit' shrank it
    about 3 % and the back drifted off the front; the sheets carried them.)"""
    hints = pypdf.PdfReader(card3).trailer["/Root"]["/ViewerPreferences"]
    assert (hints["/PrintScaling"], hints["/Duplex"]) == ("/None", "/DuplexFlipLongEdge")
    run("card", "3", "--no-bleed", "-o", tmp_path / "mail.pdf")  # (for screens: none)
    assert "/ViewerPreferences" not in pypdf.PdfReader(tmp_path / "mail.pdf").trailer["/Root"]


def test_no_bleed_writes_trim_size_pages(tmp_path):
    path = tmp_path / "mail.pdf"
    run("card", "teamleren", "--no-bleed", "-o", path)
    for page in pypdf.PdfReader(path).pages:
        trim = [0, 0, 148 * MM, 210 * MM]
        for name in ("/MediaBox", "/BleedBox", "/TrimBox"):
            assert box(page, name) == pytest.approx(trim, abs=1e-3)


def test_metadata_names_the_card_and_the_language(card3):
    reader = pypdf.PdfReader(card3)
    assert reader.metadata.title == "Ontwikkelkaart 3: Teamleren en samenwerken bevorderen"
    assert reader.metadata.author == "Kenniscentrum Leven Lang Ontwikkelen"
    assert reader.metadata.subject == "Leidinggeven aan een lerende organisatie, hoe doe je dat?"
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"


def flat(text):
    return " ".join(text.split())


def test_text_comes_out_in_reading_order(card3):
    front, back = (flat(page.extract_text()) for page in pypdf.PdfReader(card3).pages)
    order = ["Teamleren en samenwerken bevorderen", "Door de samenwerking tussen medewerkers", "Uitdagingen",
             "Hoe kun je samenwerking op de werkvloer organiseren?", "Zorgen voor voldoende tijd",
             "Hoe zorg je dat medewerkers van elkaar leren?", "‘Mensen moeten kunnen uitvoeren",
             "Ervaring HR-manager", "‘In een lerende organisatie", "Ervaring leidinggevende"]
    assert [front.index(part) for part in order] == sorted(front.index(part) for part in order)
    order = ["Ontwikkelsuggesties voor leiders", "Verder lezen", "Artikel: Het bevorderen van een leercultuur",
             "Bestuursportretten", "3 / 8"]
    assert [back.index(part) for part in order] == sorted(back.index(part) for part in order)


def text_origins(page):
    origins = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            origins.append((cm[0] * tm[4] + cm[2] * tm[5] + cm[4], cm[1] * tm[4] + cm[3] * tm[5] + cm[5], text))

    page.extract_text(visitor_text=visit)
    return origins


def test_every_line_starts_inside_the_safe_area(card3):
    for page in pypdf.PdfReader(card3).pages:
        origins = text_origins(page)
        assert len(origins) > 20
        for x, y, text in origins:
            assert 8 * MM - 0.01 <= x <= 146 * MM and 8 * MM - 0.01 <= y <= 208 * MM, text


def test_fonts_are_embedded_subsets_never_the_standard_14(card3):
    fonts = {}
    for page in pypdf.PdfReader(card3).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+Lato-\w+", name), name
        assert "/FontFile2" in font["/FontDescriptor"]


def test_markup_in_content_prints_literally(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(default_content(), folder)
    path = folder / "cards" / "01-gedeelde-visie.yaml"
    card = yaml.safe_load(path.read_text(encoding="utf-8"))
    card["title"] = "Visie <b>&amp; R&D</b> <font color=red>"
    path.write_text(yaml.safe_dump(card, allow_unicode=True), encoding="utf-8")
    pdf = tmp_path / "markup.pdf"
    run("card", "1", "--content", folder, "-o", pdf)
    printed = "".join(pypdf.PdfReader(pdf).pages[0].extract_text().split())  # the title may wrap anywhere
    assert "Visie<b>&amp;R&D</b><fontcolor=red>" in printed


def test_same_input_gives_the_same_bytes_in_any_folder(tmp_path, card3):
    elsewhere = tmp_path / "a" / "b"
    elsewhere.mkdir(parents=True)
    cwd = os.getcwd()
    try:
        os.chdir(elsewhere)
        run("card", "3", "-o", "again.pdf")
    finally:
        os.chdir(cwd)
    assert (elsewhere / "again.pdf").read_bytes() == card3.read_bytes()


def render(path, page, dpi):
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return document[page].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()


def test_front_looks_like_the_golden_image(card3):
    """A low-resolution raster comparison with a tolerance; DECK_GOLDEN=1 writes a new golden file."""
    from PIL import ImageChops, ImageStat

    image = render(card3, 0, 24)
    golden = GOLDEN / "card3-front.png"
    if os.environ.get("DECK_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        image.save(golden)
    from PIL import Image

    expected = Image.open(golden).convert("L")
    assert image.size == expected.size
    difference = ImageStat.Stat(ImageChops.difference(image, expected)).mean[0]
    assert difference < 2.0, f"the front differs from the golden image by {difference:.2f} grey levels"


def test_an_unknown_card_is_an_error_naming_the_cards():
    result = CliRunner().invoke(main, ["card", "99"])
    assert result.exit_code == 1
    assert "there is no card '99' in this deck; choose one of 1 (gedeelde-visie)" in result.output


def char_origins(path, page: int, text: str) -> list[tuple[float, float]]:
    """Where pdfium finds each character of the first `text` on a page: the x, y of its origin."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(str(path))
    try:
        page_text = document[page].get_textpage()
        start = page_text.get_text_range().index(text)
        origins = []
        for index in range(start, start + len(text)):
            x, y = ctypes.c_double(), ctypes.c_double()
            raw.FPDFText_GetCharOrigin(page_text.raw, index, ctypes.byref(x), ctypes.byref(y))
            origins.append((x.value, y.value))
        return origins
    finally:
        document.close()


def test_kern_pairs_in_a_title_sit_closer_than_their_advance_widths(tmp_path):
    """Card 8's title starts "Voorwaarden": in the PDF the o sits closer to the V than V's own width."""
    from reportlab.pdfbase import pdfmetrics

    from deck.fonts import register_fonts
    from deck.layouts import load_layout

    pdf = tmp_path / "kaart-8.pdf"
    run("card", "8", "-o", pdf)
    (v_x, v_y), (o_x, o_y) = char_origins(pdf, 0, "Voorwaarden")[:2]
    bold = register_fonts(load_layout("default"))["bold"]
    reader = pypdf.PdfReader(pdf)
    size = float(re.search(rb"/F\d+\+\d+ ([\d.]+) Tf\s+\[\(V\) 79.5 \(", reader.pages[0].get_contents().get_data()).group(1))
    advance = pdfmetrics.stringWidth("V", bold, size)
    assert v_y == pytest.approx(o_y)
    assert o_x - v_x == pytest.approx(advance - 79.5 / 1000 * size, abs=0.05)  # Lato Bold kerns V-o by 79.5



def _word_boxes(pdf: Path, page: int) -> list[tuple[str, float, float]]:
    """(word, left, right) in points of every word on `page` (1-based), as poppler's pdftotext finds them."""
    import subprocess
    from xml.etree import ElementTree

    found = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    root = ElementTree.fromstring(found)
    return [(word.text, float(word.get("xMin")), float(word.get("xMax"))) for word in root.iter()
            if word.tag.endswith("word")]


def test_a_card_numbered_past_99_keeps_its_number_clear_of_the_band_text(tmp_path):
    """`deck card 103` of a deck of 104 cards (the bundled eight, thirteen times): the number, as
    large as in any deck, stands left of the card label and the title with a gap between, on both
    faces."""
    source, folder = default_content(), tmp_path / "content"
    (folder / "cards").mkdir(parents=True)
    shutil.copy(source / "deck.yaml", folder / "deck.yaml")
    for path in sorted((source / "cards").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        number = int(re.search(r"^number: (\d+)$", text, re.M).group(1))
        for copy in range(13):
            new = copy * 8 + number
            card = re.sub(r"^number: \d+$", f"number: {new}", text, count=1, flags=re.M)
            card = re.sub(r"^id: (\S+)$", rf"id: \1-{copy}", card, count=1, flags=re.M)
            (folder / "cards" / f"{new:03d}.yaml").write_text(card, encoding="utf-8")
    target = tmp_path / "kaart.pdf"
    run("card", "103", "-o", target, "--content", folder)
    for page in (1, 2):
        words = _word_boxes(target, page)
        number = next(box for box in words if box[0] == "103")
        label = next(box for box in words if box[0] == "ONTWIKKELKAART")
        title = next(box for box in words if box[0] in ("Eigenaarschap", "Aanmoedigen"))  # (card 7's title)
        assert number[2] + 2.0 < label[1] and number[2] + 2.0 < title[1], (page, number, label, title)


def test_a_card_too_long_can_be_seen_running_over(tmp_path, monkeypatch):
    """(A new user: check, build, card and preview all refuse a card too long, and a facilitator
    cannot see what to cut.) deck card N --show-overflow: its faces at the smallest size, the text
    running on below the card's edge."""
    folder = tmp_path / "deck"
    shutil.copytree(default_content(), folder)
    card = folder / "cards" / "03-teamleren.yaml"
    values = yaml.safe_load(card.read_text(encoding="utf-8"))
    long = " ".join([values["summary"]] * 12)
    text = card.read_text(encoding="utf-8")
    start, end = text.index("summary:"), text.index("\nchallenges:")
    card.write_text(text[:start] + f'summary: "{long}"' + text[end:], encoding="utf-8")
    monkeypatch.chdir(folder)
    checked = CliRunner().invoke(main, ["check"])
    assert checked.exit_code == 1
    assert "front: " in checked.stderr and "too long at 8 pt" in checked.stderr
    assert checked.stderr.splitlines()[0].endswith("; to see where it runs over: deck card 3 --show-overflow")
    result = CliRunner().invoke(main, ["card", "3", "--show-overflow"])
    assert result.exit_code == 0, result.output
    proof = folder / "out" / "ontwikkelkaart-3-overflow.pdf"
    assert result.stdout.startswith("wrote out/ontwikkelkaart-3-overflow.pdf from the deck in ")
    pages = pypdf.PdfReader(proof).pages
    front_height = float(pages[0].mediabox.height)
    assert len(pages) == 2 and front_height > 216 * MM + 14 * MM  # the card, what runs over, the note
    assert "more than the card holds at 8 pt" in " ".join(pages[0].extract_text().split())
    fits = CliRunner().invoke(main, ["card", "4", "--show-overflow"])
    assert fits.exit_code == 0 and fits.stdout.startswith("card 4 fits: nothing runs over, so nothing was written")
    assert not (folder / "out" / "ontwikkelkaart-4-overflow.pdf").exists()


def test_a_quotes_opening_mark_hangs_and_every_paragraph_opens_with_it(tmp_path):
    """Card 4's front: the first quote's words stand flush with its next line, the ‘ before them in
    the gap beside the rule; the second quote's second paragraph opens with ‘ too, and only the
    quote's last paragraph closes."""
    pdf = tmp_path / "kaart-4.pdf"
    run("card", "4", "-o", pdf)
    (mark_x, mark_y), (letter_x, _) = char_origins(pdf, 0, "‘Laatst stond")[:2]
    next_line_x, next_line_y = char_origins(pdf, 0, "Ik begreep het niet")[0]
    assert next_line_y < mark_y
    assert letter_x == pytest.approx(next_line_x, abs=0.15)  # flush, but for kerning
    assert 1.5 < next_line_x - mark_x < 4  # the mark's width at the quote size, outside the measure
    text = " ".join(pypdf.PdfReader(pdf).pages[0].extract_text().split())
    assert "van de medewerker. ‘Medewerkers ervaren" in text and "medewerker.’" not in text


def test_a_french_quotes_guillemet_hangs_with_its_space(tmp_path):
    """« and the no-break space French sets after it hang together: the words stand flush."""
    folder = tmp_path / "jeu"
    run("new", str(folder), "--language", "fr-FR")
    pdf = tmp_path / "carte-1.pdf"
    run("card", "1", "--content", str(folder), "-o", pdf)
    letter_x = char_origins(pdf, 0, "« Écrivez")[2][0]
    next_line_x = char_origins(pdf, 0, "les bons")[0][0]
    assert letter_x == pytest.approx(next_line_x, abs=0.15)
