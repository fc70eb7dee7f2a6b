"""Layouts: every documented key changes the printed result as configured."""
import functools
import json
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
from deck.layouts import CARD_PRESETS, bundled_layouts, load_layout
from deck.units import INCH, MM, parse_length
from helpers import deck, layout_file, text_sizes


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
    # at the face's longest text in the card's file, for an editor to jump to: what to shorten first
    assert "01-gedeelde-visie.yaml:39:5: card 1 (Een gedeelde visie en ambitie realiseren), back: " in result.stderr
    assert "deck.yaml:7:5: the intro card, front: " in result.stderr
    assert " mm too long at 8 pt; choose a larger card" in result.stderr
    assert re.search(r"^(\d+) problems found", result.stderr, re.M)


# -- card ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, size_mm", [
    ("a5", (148, 210)), ("a6", (105, 148)), ("tarot", (70, 120)), ("poker", (63, 88)), ("square", (70, 70)),
    ("120mm x 180mm", (120, 180)), ("12cm x 18cm", (120, 180)), ("5in x 7in", (127, 177.8)),
    ("10 x 15 cm", (100, 150)), ("105 × 148 mm", (105, 148)), ("2.5x3.5in", (63.5, 88.9)),
])
def test_card_size_by_preset_or_width_x_height(tmp_path, text, size_mm):
    size = load_layout(layout_file(tmp_path, f"card:\n  size: {text}\n")).card
    assert (size.width / MM, size.height / MM) == pytest.approx(size_mm)


def test_a_card_size_without_its_unit_is_told_how_to_write_it(tmp_path):
    with pytest.raises(DeckError, match=re.escape("'105x148' needs its unit: 105 x 148 mm, for example")):
        load_layout(layout_file(tmp_path, "card:\n  size: 105x148\n"))


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


def test_a_font_in_the_brand_folders_fonts_folder_is_found_by_its_name(tmp_path):
    """deck new-layout makes fonts/ for the brand's fonts and its layout names fonts without a
    folder (regular: Lato-Regular.ttf): a designer who drops a file there and writes its name is
    understood; a link from there to elsewhere is still refused."""
    import shutil

    (tmp_path / "fonts").mkdir()
    shutil.copyfile(Path(__file__).parents[1] / "fonts" / "Caladea-Bold.ttf", tmp_path / "fonts" / "Eigen-Bold.ttf")
    layout = layout_file(tmp_path, "fonts:\n  bold: Eigen-Bold.ttf\n")
    assert load_layout(layout).fonts.bold == tmp_path / "fonts" / "Eigen-Bold.ttf"
    (tmp_path / "fonts" / "Elders.ttf").symlink_to(Path(__file__).parents[1] / "fonts" / "Lato-Bold.ttf")
    with pytest.raises(DeckError, match="Elders.ttf is a link to a file outside the layout's folder"):
        load_layout(layout_file(tmp_path, "fonts:\n  bold: Elders.ttf\n"))
    with pytest.raises(DeckError, match="no font file Eigen-Bols.ttf next to the layout, in its fonts folder or among "
                                        "deck's own fonts; did you mean Eigen-Bold.ttf"):
        load_layout(layout_file(tmp_path, "fonts:\n  bold: Eigen-Bols.ttf\n"))


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


def test_no_small_text_is_set_below_8pt_in_the_default_layout():
    """Sources, the footer and the card label are 0.85 of the body: 7.6 pt at a body of 8.9 pt; the
    default layout's type.small_min holds them at 8 pt, and never above the body."""
    from deck.typography import typography

    deck, layout = load_deck(default_content()), load_layout("default")
    cards = fit_deck(deck, layout)
    sizes = {placed.line.style.size for card in cards for face in (card.front, card.back) for placed in face.lines}
    assert min(sizes) == 8.0
    typo = typography(layout, deck)
    assert typo.style("footer", 8.9).size == 8.0 and typo.style("source", 11).size == pytest.approx(9.35)
    assert typo.style("footer", 7.5).size == 7.5  # a layout that sets its body smaller: not above the body


@pytest.mark.parametrize("layout", ["default", "compact-a6", "tarot", "85mm x 200mm"])
def test_no_text_in_the_pdf_is_below_8pt(tmp_path, layout):
    """On the PDF, wheel included: compact-a6's intro wheel numbered its segments at 6.9 pt, a tarot
    card's at 7.9 and a 85 mm card's at 5.4 pt: they are held at type.small_min, as the other small
    text is."""
    if layout not in ("default", "compact-a6"):  # a card size of one's own
        layout = layout_file(tmp_path, f"card:\n  size: {layout}\n")
    assert deck("new", tmp_path / "mijn").exit_code == 0
    pdf = tmp_path / "faces.pdf"
    assert deck("build", "--content", tmp_path / "mijn", "--layout", layout, "--mode", "single", "-o", pdf).exit_code == 0
    assert min(text_sizes(pdf)) >= 8.0


@pytest.mark.parametrize("key, ratio", [("title_ratio", 2.0), ("heading_ratio", 1.5), ("small_ratio", 0.7),
                                        ("leading", 1.5)])
def test_type_ratios_set_the_sizes(tmp_path, key, ratio):
    floor = "  small_min: 5pt\n" if key == "small_ratio" else ""  # (else 8 pt would hold them up)
    layout = load_layout(layout_file(tmp_path, f"type:\n  {key}: {ratio}\n{floor}  fit: card\n"))
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


# -- colours (more in test_colours.py) --------------------------------------------------------------

def test_band_and_text_colours_reach_the_pdf(tmp_path):
    layout = layout_file(tmp_path, 'colours:\n  text: "#010203"\n  bands: ["#ff0000", "#00ff00", "#0000ff"]\n')
    stream = content_stream(card_pdf(tmp_path, layout, "2"))
    assert b"0 1 0 rg" in stream           # card 2's band in the second band colour
    assert b".003922 .007843 .011765 rg" in stream  # the text colour
    four = content_stream(card_pdf(tmp_path, layout, "4"))
    assert b"1 0 0 rg" not in four and b"0 1 0 rg" not in four  # card 4 gets a colour of its own


def test_cmyk_colours_are_written_as_cmyk(tmp_path):
    stream = content_stream(card_pdf(tmp_path, "print-shop-a3", "1"))
    assert b".86 .35 .2 .25 k" in stream
    assert b" rg" not in stream  # nothing left in RGB


def test_background_and_intro(tmp_path):
    layout = layout_file(tmp_path, 'colours:\n  background: "#fffbf0"\n  intro: "#123456"\n')
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


# -- one source of truth: defaults, starter, schema ---------------------------------------------------

def test_new_layout_writes_a_brand_folder_that_builds_at_once(tmp_path):
    folder = tmp_path / "huisstijl"
    result = CliRunner().invoke(main, ["new-layout", "huisstijl", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["README.txt", "fonts", "layout.yaml"]
    assert "put your font files here" in (folder / "README.txt").read_text(encoding="utf-8")
    text = (folder / "layout.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=layout.schema.json")
    built = CliRunner().invoke(main, ["check", "--layout", str(folder)])
    assert built.exit_code == 0, built.output
    again = CliRunner().invoke(main, ["new-layout", "huisstijl", "-o", str(folder)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_the_starter_shows_every_key_at_the_default_that_deck_uses(tmp_path):
    """Remove every # in front of a setting: the layout is the same as the one with none set."""
    from deck.layouts import LAYOUT, starter_layout

    text = starter_layout("mine")
    for section, spec in LAYOUT.fields.items():
        keys = getattr(spec.rule, "fields", {section: None})
        for key, field in keys.items():
            if key not in ("description", "extends"):
                assert re.search(rf"^# *{key}:", text, re.M), key
    keys = {key for spec in LAYOUT.fields.values() for key in getattr(spec.rule, "fields", {})} | set(LAYOUT.fields)
    lines = [re.sub(r"^# ( *)(\w+):", lambda m: f"{m[1]}{m[2]}:" if m[2] in keys else m[0], line)
             for line in text.splitlines()]
    lines = [line for line in lines if not re.match(r" *(organisation|muted|output_profile):", line)]  # no default
    logo = lines.index("logo:")
    del lines[logo: lines.index("", logo)]  # no logo by default
    written = tmp_path / "all.yaml"
    written.write_text("\n".join(lines) + "\n", encoding="utf-8")
    everything, default = load_layout(str(written)), load_layout("default")
    assert everything._replace(path=default.path) == default


def yaml12(text: str):
    """YAML as an editor's YAML server reads it (the 1.2 core schema: no yes/no switches, no dates)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass
    Loader.yaml_implicit_resolvers = {}
    rules = [("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
             ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
             ("tag:yaml.org,2002:float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                                         r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
             ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])]
    for tag, pattern, first in rules:
        Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))

    def number(loader, node):
        value = node.value
        if value.startswith(("0o", "0x")):
            return int(value[2:], 8 if value[1] == "o" else 16)
        return int(value) if re.fullmatch(r"[-+]?[0-9]+", value) else float(value.lower().replace(".inf", "inf")
                                                                                   .replace(".nan", "nan"))
    Loader.add_constructor("tag:yaml.org,2002:int", number)
    Loader.add_constructor("tag:yaml.org,2002:float", number)
    return yaml.load(text, Loader=Loader)


def verdicts(text: str, tmp_path: Path) -> tuple[bool, bool]:
    """(does `deck check` accept the values, does the JSON Schema)."""
    import yaml
    from deck.layouts import LAYOUT
    from deck.yamlcheck import Problems

    path = tmp_path / "edge.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems(path)
    LAYOUT.check(yaml.compose(text), "", problems)
    return not problems.errors, layout_validator().is_valid(yaml12(text))


@functools.cache
def layout_validator():
    """The JSON Schema `deck schema layout` prints, as a validator (made once for every case)."""
    import json

    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(CliRunner().invoke(main, ["schema", "layout"]).output))


EDGES = [  # (layout text, accepted)
    ("card:\n  bleed: 3mm\n", True), ("card:\n  bleed: 0.125in\n", True), ("card:\n  bleed: 10mm\n", True),
    ("card:\n  bleed: 10.001mm\n", False), ("card:\n  bleed: 50mm\n", False), ("card:\n  bleed: -0mm\n", True),
    ("card:\n  bleed: -1mm\n", False), ("card:\n  bleed: 3 MM\n", True), ("card:\n  bleed: 3\n", False),
    ("card:\n  bleed: 3px\n", False), ("card:\n  bleed: '3mm'\n", True), ("card:\n  bleed: 1cm\n", True),
    ("card:\n  bleed: 28.346pt\n", True), ("card:\n  bleed: 28.4pt\n", False), ("card:\n  bleed: 0.394in\n", True),
    ("card:\n  bleed: 0.395in\n", False), ("card:\n  bleed: 003.000mm\n", True), ("card:\n  bleed: .5mm\n", False),
    ("card:\n  bleed:\n", False), ("card:\n  safe_margin: 2.999mm\n", False), ("card:\n  size: A5\n", True),
    ("card:\n  size: 120mm x 180mm\n", True), ("card:\n  size: 12cm X 18cm\n", True),
    ("card:\n  size: 0mm x 180mm\n", False), ("card:\n  size: 19mm x 180mm\n", False),
    ("card:\n  size: 400mm x 500mm\n", True), ("card:\n  size: 10 x 15 cm\n", True),
    ("card:\n  size: 105 × 148 MM\n", True), ("card:\n  size: 105x148\n", False), ("card:\n  size: 1 x 2 cm\n", False), ("card:\n  size: b5\n", False), ("card:\n", True),
    ("sheet:\n  size: Letter\n", True), ("sheet:\n  size: a5\n", False),
    ("type:\n  leading: 1.25\n", True), ("type:\n  leading: '1.25'\n", False), ('type:\n  leading: "1.25"\n', False),
    ("type:\n  leading: 1\n", True), ("type:\n  leading: 2.5\n", False), ("type:\n  leading: 1.25e0\n", True),
    ("type:\n  leading: 0x1\n", True), ("type:\n  leading: .inf\n", False), ("type:\n  leading: 1_2\n", False),
    ("type:\n  leading: yes\n", False), ("type:\n  body_min: 8pt\n", True), ("type:\n  body_min: 4pt\n", False),
    ("type:\n  body_max: 3mm\n", True), ("type:\n  fit: Deck\n", True), ("type:\n  fit: cards\n", False),
    ("fonts:\n  weight: 400\n", True), ("fonts:\n  weight: 400.0\n", True), ("fonts:\n  weight: 400.5\n", False),
    ("fonts:\n  weight: 0\n", False), ("fonts:\n  regular: Lato-Regular.ttf\n", True),
    ("show:\n  wheel: true\n", True), ("show:\n  wheel: yes\n", True), ('show:\n  wheel: "yes"\n', True),
    ("show:\n  wheel: Off\n", True), ("show:\n  wheel: 'false'\n", True), ("show:\n  wheel: 1\n", False),
    ("show:\n  wheel: y\n", False), ("show:\n  wheel: ' yes'\n", False),
    ('colours:\n  accent: "#00616E"\n', True), ("colours:\n  accent: teal\n", True),
    ("colours:\n  accent: TEAL\n", True), ("colours:\n  accent: band\n", True), ("colours:\n  text: band\n", False),
    ('colours:\n  accent: "#06e"\n', True), ('colours:\n  accent: "#0616E"\n', False),
    ("colours:\n  accent: #00616E\n", False), ("colours:\n  accent: tael\n", False),
    ('colours:\n  accent: "cmyk(0, 60, 100, 0)"\n', True), ('colours:\n  accent: "CMYK(0,60,100,0)"\n', True),
    ('colours:\n  accent: "cmyk(200, 0, 0, 0)"\n', False), ('colours:\n  accent: "cmyk(100.0, 0, 0, 0)"\n', True),
    ('colours:\n  accent: "cmyk(100.5, 0, 0, 0)"\n', False), ('colours:\n  accent: "cmyk(0, 60, 100)"\n', False),
    ("colours:\n  bands: teal\n", True), ("colours:\n  bands: [teal, navy]\n", True), ("colours:\n  bands: []\n", False),
    ("colours:\n  bands: teal, navy\n", False), ("colours:\n  dimensions: [teal]\n", False),
    ("logo:\n  file: logo.png\n  width: 25mm\n", True), ("logo:\n  width: 25mm\n", False),
    ("logo:\n  file: logo.png\n  width: 100mm\n", False), ("logo:\n  file: logo.png\n  place: top\n", False),
    ("footer:\n", True), ("footer: ''\n", True), ("organisation: ''\n", False), ("organisation: 2024\n", True),
    ("description: 2024-01-01\n", True), ("extends: default\n", True), ("colour:\n  accent: teal\n", False),
]


@pytest.mark.parametrize("text, accepted", EDGES)
def test_the_schema_and_the_checker_agree_on_edge_values(tmp_path, text, accepted):
    pytest.importorskip("jsonschema")
    assert verdicts(text, tmp_path) == (accepted, accepted)


@pytest.mark.parametrize("path", sorted((Path(__file__).parent / "corpus" / "layouts").glob("*.yaml"))
                         + sorted(bundled_layouts().values()), ids=lambda path: path.name)
def test_the_schema_and_the_checker_agree_on_every_corpus_and_bundled_layout(tmp_path, path):
    """(Files, extends and whether the text fits are beyond a schema: the verdict is on the values.)"""
    pytest.importorskip("jsonschema")
    checker, schema = verdicts(path.read_text(encoding="utf-8"), tmp_path)
    assert checker == schema


def test_a_layout_checked_as_text_follows_its_chain_and_fails_with_its_place(tmp_path):
    path = Path(layout_file(tmp_path, "colours:\n  text: '#000000'\n"))
    edited = "extends: default\ncolours:\n  text: '#ff0000'\n"
    assert load_layout(str(path), text=edited).palette.text.values == (1.0, 0.0, 0.0)
    assert load_layout(str(path)).palette.text.values == (0.0, 0.0, 0.0)  # the file is untouched
    with pytest.raises(DeckError) as caught:
        load_layout(str(path), text="extends: default\ncolours:\n  txet: '#ff0000'\n")
    assert (caught.value.errors[0].path, caught.value.errors[0].line) == (path.resolve(), 3)


def test_every_gap_of_the_layout_schema_says_what_it_is_for():
    """Spacing's gaps, their defaults and meanings are one table: a layout's Spacing has them all, at
    those defaults, and `deck schema layout` shows each gap's meaning with its default."""
    from deck.layouts import GAPS, Spacing

    assert Spacing() == tuple(default for default, _ in GAPS.values()) and Spacing._fields == tuple(GAPS)
    assert Spacing(item=0.5).item == 0.5 and Spacing(item=0.5).quote == GAPS["quote"][0]
    result = CliRunner().invoke(main, ["schema", "layout"])
    assert result.exit_code == 0, result.output
    spacing = json.loads(result.output)["properties"]["spacing"]["properties"]
    assert list(spacing) == list(GAPS)
    for name, (default, doc) in GAPS.items():
        assert doc in spacing[name]["description"]
        assert f"{default:g}" in json.dumps(spacing[name])


@pytest.mark.parametrize("line, message", [
    ('  accent: "#F28C28"', "YAML syntax error: this setting belongs to the section colours, whose name is still "
                            "commented out: remove the '# ' before 'colours:' on line 2 too"),
    ('accent: "#F28C28"', "'accent' belongs in the section colours: write it indented under 'colours:' (remove the "
                          "'# ' before 'colours:' too, if it is commented out)"),
])
def test_a_setting_uncommented_without_its_section_is_told_to_uncomment_the_section(tmp_path, line, message):
    """A starter layout's setting made active by removing its '# ' but not its section's."""
    path = tmp_path / "mine.yaml"
    path.write_text(f"extends: default\n# colours:\n#   # Headings, quote rules and bullets.\n{line}\n", encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        load_layout(str(path))
    (error,) = caught.value.errors
    assert (error.line, error.message) == (4, message)


def test_a_misspelt_layout_file_gets_a_did_you_mean(tmp_path):
    """(layout: huistijl.yaml said only that there is no such file; fonts and logos had a did-you-mean.)"""
    assert deck("new", tmp_path / "mijn").exit_code == 0
    path = tmp_path / "mijn" / "deck.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("layout: huisstijl.yaml", "layout: huistijl.yaml"),
                    encoding="utf-8")
    result = deck("check", "--content", tmp_path / "mijn")
    assert result.exit_code == 1
    assert "there is no layout file" in result.stderr and "huistijl.yaml; did you mean huisstijl.yaml?" in result.stderr
