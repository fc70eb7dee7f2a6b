"""Layouts: every documented key changes the printed result as configured."""
import re
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from deck import build, build_card, default_content
from deck.cli import main
from deck.content import load_deck
from deck.errors import DeckError
from deck.copyfit import fit_deck
from deck.layouts import CARD_PRESETS, Colour, bundled_layouts, load_layout, parse_card_size, parse_colour
from deck.units import INCH, MM, parse_length


def layout_file(tmp_path: Path, text: str, name: str = "mine.yaml") -> str:
    path = tmp_path / name
    path.write_text("extends: default\n" + text, encoding="utf-8")
    return str(path)


def card_pdf(tmp_path: Path, layout: str, card: str = "3") -> pypdf.PdfReader:
    return pypdf.PdfReader(build_card(card, layout=layout, output=tmp_path / f"card-{card}.pdf"))


def fonts_in(reader: pypdf.PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(re.sub(r"^/[A-Z]{6}\+", "", font.get_object()["/BaseFont"]))
    return names


def content_stream(reader: pypdf.PdfReader, page: int = 0) -> bytes:
    return reader.pages[page].get_contents().get_data()


# -- the bundled layouts ------------------------------------------------------------------------

def test_bundled_layouts_are_listed_one_line_each():
    result = CliRunner().invoke(main, ["layouts"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == ["compact-a6", "default", "example-brand", "print-shop-a3"]
    assert all(len(line.split(maxsplit=1)) == 2 for line in lines)


@pytest.mark.parametrize("name", ["default", "example-brand", "print-shop-a3"])
def test_every_bundled_layout_but_the_compact_one_builds_this_deck(name):
    layout = load_layout(name)
    cards = fit_deck(load_deck(default_content()), layout)
    assert min(card.front.body for card in cards) >= 8.0


def test_the_compact_a6_layout_names_the_faces_that_do_not_fit():
    result = CliRunner().invoke(main, ["check", "--layout", "compact-a6"])
    assert result.exit_code == 1
    assert "card 4 (Feedbackprocessen stimuleren), back: " in result.stderr
    assert " mm too long at 8 pt; choose a larger card" in result.stderr
    assert re.search(r"^(\d+) problem\(s\) found", result.stderr, re.M)


# -- card ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, size_mm", [
    ("a5", (148, 210)), ("a6", (105, 148)), ("tarot", (70, 120)), ("poker", (63, 88)), ("square", (70, 70)),
    ("120mm x 180mm", (120, 180)), ("12cm x 18cm", (120, 180)), ("5in x 7in", (127, 177.8)),
])
def test_card_size_by_preset_or_width_x_height(text, size_mm):
    size = parse_card_size(text)
    assert (size.width / MM, size.height / MM) == pytest.approx(size_mm)


def test_card_size_bleed_and_safe_margin_reach_the_pdf_boxes(tmp_path):
    layout = layout_file(tmp_path, "card:\n  size: 120mm x 180mm\n  bleed: 0.125in\n  safe_margin: 7mm\n"
                                   "type:\n  body_min: 5pt\n")
    page = card_pdf(tmp_path, layout).pages[0]
    bleed = 0.125 * INCH
    assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, 120 * MM + 2 * bleed, 180 * MM + 2 * bleed],
                                                              abs=1e-3)
    assert [float(v) for v in page.trimbox] == pytest.approx([bleed, bleed, bleed + 120 * MM, bleed + 180 * MM],
                                                             abs=1e-3)
    card = fit_deck(load_deck(default_content()), load_layout(layout), only=3)[0]
    assert card.front.safe.x == pytest.approx(bleed + 7 * MM)


# -- sheet -----------------------------------------------------------------------------------------

def test_sheet_size_and_printer_margin(tmp_path):
    layout = layout_file(tmp_path, "sheet:\n  size: a3\n  printer_margin: 12mm\n")
    reader = pypdf.PdfReader(build(layout=layout, output=tmp_path / "deck.pdf"))
    assert [float(v) for v in reader.pages[0].mediabox][2:] == pytest.approx([420 * MM, 297 * MM])
    marks = re.findall(rb"n ([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S", content_stream(reader))
    assert marks
    ends = [float(v) for mark in marks for v in mark]
    assert min(ends) >= 12 * MM - 0.01


# -- fonts and type --------------------------------------------------------------------------------

def test_fonts_change_the_embedded_fonts(tmp_path):
    reader = card_pdf(tmp_path, "example-brand")
    assert fonts_in(reader) == {"Caladea-Regular", "Caladea-Bold", "Caladea-Italic"}
    assert fonts_in(card_pdf(tmp_path, "default")) == {"Lato-Regular", "Lato-Bold", "Lato-Italic"}


def test_a_font_next_to_the_layout_is_found(tmp_path):
    import shutil

    shutil.copyfile(Path(__file__).parents[1] / "fonts" / "Caladea-Bold.ttf", tmp_path / "Eigen-Bold.ttf")
    layout = layout_file(tmp_path, "fonts:\n  bold: Eigen-Bold.ttf\n")
    assert load_layout(layout).fonts.bold == tmp_path / "Eigen-Bold.ttf"
    assert "Caladea-Bold" in fonts_in(card_pdf(tmp_path, layout))


def fitted(tmp_path, type_lines: str):
    return fit_deck(load_deck(default_content()), load_layout(layout_file(tmp_path, "type:\n" + type_lines)))


def test_body_min_is_a_floor_that_stops_the_build_when_text_does_not_fit(tmp_path):
    assert min(card.front.body for card in fitted(tmp_path, "  body_min: 8.5pt\n")) >= 8.5
    with pytest.raises(DeckError, match="back: [0-9]+ mm too long at 9.5 pt"):
        fitted(tmp_path, "  body_min: 9.5pt\n")


def test_body_max_is_a_ceiling(tmp_path):
    assert max(card.front.body for card in fitted(tmp_path, "  body_max: 8.5pt\n")) == pytest.approx(8.5)


def test_fit_modes_deck_sides_and_card(tmp_path):
    def sizes(mode):
        return [(card.front.body, card.back.body) for card in fitted(tmp_path, f"  fit: {mode}\n")[1:]]

    assert len(set(sizes("deck"))) == 1 and sizes("deck")[0][0] == sizes("deck")[0][1]
    assert len(set(sizes("sides"))) == 1 and sizes("sides")[0] == (9.2, 8.9)
    assert len(set(sizes("card"))) > 1 and all(front == back for front, back in sizes("card"))


@pytest.mark.parametrize("key, ratio", [("title_ratio", 2.0), ("heading_ratio", 1.5), ("small_ratio", 0.7),
                                        ("leading", 1.5)])
def test_type_ratios_set_the_sizes(tmp_path, key, ratio):
    layout = load_layout(layout_file(tmp_path, f"type:\n  {key}: {ratio}\n  fit: card\n"))
    card = fit_deck(load_deck(default_content()), layout, only=5)[0]
    body = card.front.body
    styles = {line.text: line.style for *_, line, _ in card.front.lines + card.back.lines}
    if key == "title_ratio":
        title = next(p.line.style for p in card.front.lines if p.line.text.startswith("Samenwerken"))
        assert title.size == pytest.approx(body * ratio)
    elif key == "heading_ratio":
        assert styles["Uitdagingen"].size == pytest.approx(body * ratio)
    elif key == "small_ratio":
        assert styles["Ervaring leidinggevende"].size == pytest.approx(body * ratio)
    else:
        summary = next(style for text, style in styles.items() if text.startswith("Samenwerking zoeken"))
        assert summary.leading == pytest.approx(body * ratio)


# -- colours ---------------------------------------------------------------------------------------

def test_colours_parse_hex_and_cmyk():
    assert parse_colour("#1f6f8b") == Colour("rgb", (0x1f / 255, 0x6f / 255, 0x8b / 255))
    assert parse_colour("cmyk(0, 60, 100, 0)") == Colour("cmyk", (0.0, 0.6, 1.0, 0.0))
    for bad in ("#12345", "red", "cmyk(0, 60, 100)", "cmyk(0, 160, 0, 0)", "rgb(1,2,3)"):
        with pytest.raises(ValueError, match="is not a colour"):
            parse_colour(bad)


def test_dimension_and_text_colours_reach_the_pdf(tmp_path):
    layout = layout_file(tmp_path, 'colours:\n  text: "#010203"\n  dimensions: ["#ff0000", "#00ff00", "#0000ff"]\n')
    stream = content_stream(card_pdf(tmp_path, layout, "2"))
    assert b"0 1 0 rg" in stream           # card 2's band in the second dimension colour
    assert b".003922 .007843 .011765 rg" in stream  # the text colour
    four = content_stream(card_pdf(tmp_path, layout, "4"))
    assert b"1 0 0 rg" in four             # the list repeats: card 4 takes the first colour


def test_cmyk_colours_are_written_as_cmyk(tmp_path):
    stream = content_stream(card_pdf(tmp_path, "print-shop-a3", "1"))
    assert b".86 .35 .2 .25 k" in stream
    assert b" rg" not in stream  # nothing left in RGB


def test_background_and_accent(tmp_path):
    layout = layout_file(tmp_path, 'colours:\n  background: "#fffbf0"\n  accent: "#123456"\n')
    stream = content_stream(card_pdf(tmp_path, layout, "intro"))
    assert b"1 .984314 .941176 rg" in stream
    assert b".070588 .203922 .337255 rg" in stream


# -- logo, organisation, footer, show --------------------------------------------------------------

def images_in(path: Path) -> list:
    reader = pypdf.PdfReader(path)
    found = {}
    for page in reader.pages:
        for form in page["/Resources"].get("/XObject", {}).values():
            form = form.get_object()
            for name, image in form.get("/Resources", {}).get("/XObject", {}).items():
                if image.get_object()["/Subtype"] == "/Image":
                    found[image.idnum] = image.get_object()
    return list(found.values())


def test_the_logo_is_embedded_once_however_many_cards_show_it(tmp_path):
    deck = build(layout="example-brand", output=tmp_path / "brand.pdf")
    logos = images_in(deck)
    assert len(logos) == 1
    with Image.open(Path(__file__).parents[1] / "layouts" / "example-brand-logo.png") as logo:
        assert (logos[0]["/Width"], logos[0]["/Height"]) == logo.size


@pytest.mark.parametrize("place, share", [("bottom-left", 0.0), ("bottom-centre", 0.5), ("bottom-right", 1.0)])
def test_logo_place_and_width(tmp_path, place, share):
    Image.new("RGB", (600, 200), "navy").save(tmp_path / "logo.png")
    layout = load_layout(layout_file(tmp_path, f"logo:\n  file: logo.png\n  place: {place}\n  width: 30mm\n"))
    back = fit_deck(load_deck(default_content()), layout, only=2)[0].back
    assert back.logo.width == pytest.approx(30 * MM)
    assert back.logo.height == pytest.approx(10 * MM)
    assert back.logo.x == pytest.approx(back.safe.left + (back.safe.width - 30 * MM) * share)
    assert back.safe.contains(back.logo)


def test_organisation_and_footer_text_in_the_footer(tmp_path):
    layout = layout_file(tmp_path, "organisation: Stichting Test\nfooter: www.test.example\n")
    back = " ".join(card_pdf(tmp_path, layout).pages[1].extract_text().split())
    assert "Stichting Test · www.test.example" in back
    assert "Kenniscentrum Leven Lang Ontwikkelen" not in back


def test_show_switches_off_wheel_qr_codes_and_footer(tmp_path):
    import shutil

    import yaml

    content = tmp_path / "content"
    shutil.copytree(default_content(), content)
    card = content / "cards" / "01-gedeelde-visie.yaml"
    values = yaml.safe_load(card.read_text(encoding="utf-8"))
    values["sources"][0]["url"] = "https://example.org"
    card.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    shown = fit_deck(load_deck(content), load_layout("default"), only=1)[0].back
    assert shown.wheel and shown.qr_codes and "1 / 8" in [placed.line.text for placed in shown.lines]
    layout = load_layout(layout_file(tmp_path, "show:\n  wheel: false\n  qr_codes: false\n  footer: false\n"))
    hidden = fit_deck(load_deck(content), layout, only=1)[0].back
    assert hidden.wheel is None and hidden.qr_codes == ()
    assert "1 / 8" not in [placed.line.text for placed in hidden.lines]


# -- inheritance and units -------------------------------------------------------------------------

def test_extends_is_followed_through_a_chain_and_overrides_only_what_it_sets(tmp_path):
    base = layout_file(tmp_path, "card:\n  bleed: 2mm\n", name="base.yaml")
    child = tmp_path / "child.yaml"
    child.write_text(f"extends: {Path(base).name}\ncard:\n  safe_margin: 8mm\n", encoding="utf-8")
    layout = load_layout(str(child))
    assert (layout.bleed, layout.safe_margin) == pytest.approx((2 * MM, 8 * MM))
    assert layout.card == CARD_PRESETS["a5"]  # from default, two steps up
    assert layout.fonts.regular.name == "Lato-Regular.ttf"


@pytest.mark.parametrize("text, points", [("3mm", 3 * MM), ("0.3cm", 3 * MM), ("0.125in", 9.0), ("9pt", 9.0)])
def test_lengths_carry_units(text, points):
    assert parse_length(text) == pytest.approx(points)


@pytest.mark.parametrize("text", ["3", "3px", "mm", "3 mm mm", ""])
def test_a_bare_number_or_unknown_unit_is_an_error(text):
    with pytest.raises(ValueError):
        parse_length(text)


def test_new_layout_writes_a_commented_layout_that_extends_the_default(tmp_path):
    target = tmp_path / "huisstijl.yaml"
    result = CliRunner().invoke(main, ["new-layout", "huisstijl", "-o", str(target)])
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "extends: default" in text and "# yaml-language-server: $schema=layout.schema.json" in text
    assert load_layout(str(target)).card == load_layout("default").card
    again = CliRunner().invoke(main, ["new-layout", "huisstijl", "-o", str(target)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_layout_schema_accepts_every_bundled_layout():
    import json

    jsonschema = pytest.importorskip("jsonschema")
    result = CliRunner().invoke(main, ["schema", "layout"])
    schema = json.loads(result.output)
    import yaml

    for name, path in bundled_layouts().items():
        values = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(values)) == [], name
