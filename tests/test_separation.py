"""RGB layouts and logos -> CMYK for print: greys in black ink, an ink limit, warnings, flattened logos."""

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from deck.cli import main
from deck.colours import Colour, parse_colour
from deck.layouts import load_layout
from deck.separation import deck_profile, limit_ink, to_cmyk
from preflight import preflight


def cmyk_percent(text: str) -> list[float]:
    return [round(v * 100) for v in to_cmyk(parse_colour(text), deck_profile()).values]


@pytest.mark.parametrize("grey, black", [("#222222", 87), ("#000000", 100), ("#ffffff", 0),
                                         ("#4a4a4a", 71), ("#1d1d1b", 89)])
def test_neutral_greys_become_black_ink_only(grey, black):
    assert cmyk_percent(grey) == [0, 0, 0, black]


def test_colours_go_through_the_profile_within_the_ink_limit():
    for text in ("#1f6f8b", "#2d7d46", "#b5531a", "#b03a2e", "#6c3483", "#8a6d0b", "#a0306e", "#5d6d7e",
                 "#0a0a30", "#300a0a"):
        cyan, magenta, yellow, black = cmyk_percent(text)
        assert cyan + magenta + yellow + black <= 300, text
    cyan, magenta, yellow, black = cmyk_percent("#1f6f8b")  # a petrol blue: mostly cyan, no yellow cast
    assert cyan > 60 and cyan > magenta > yellow


def test_ink_limit_takes_colour_away_and_keeps_black():
    assert limit_ink((0.9, 0.9, 0.9, 0.9)) == pytest.approx((0.7, 0.7, 0.7, 0.9))
    assert limit_ink((0.5, 0.4, 0.3, 0.2)) == (0.5, 0.4, 0.3, 0.2)
    assert sum(limit_ink((1, 1, 1, 1), 2.4)) == pytest.approx(2.4, abs=1e-3)


def write_layout(folder, text):
    path = folder / "layout.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_cmyk_converts_every_rgb_colour_once_at_load_and_says_which(tmp_path):
    layout = load_layout(str(write_layout(tmp_path, "extends: default\nprint:\n  cmyk: true\n")))
    palette = layout.palette
    colours = [palette.text, palette.muted, palette.paper, palette.intro, *palette.bands]
    assert all(colour.model == "cmyk" for colour in colours)
    assert palette.text == Colour("cmyk", (0.0, 0.0, 0.0, 1.0))  # #222222: 87 % would screen the small text
    assert palette.muted.values[:3] == (0.0, 0.0, 0.0) and palette.muted.values[3] < 0.8  # a grey meant as grey
    assert palette.band(20).model == "cmyk"  # colours deck adds for longer decks follow the bands
    assert layout.print.pdfx == "none"
    (warning,) = layout.warnings
    assert "text #222222 -> 0/0/0/100" in warning and "band 8 #5d6d7e -> " in warning
    assert "deck-fogra39.icc" in warning


def test_a_cmyk_layout_is_left_as_it_is():
    layout = load_layout("print-shop-a3")
    assert layout.palette.text == Colour("cmyk", (0.0, 0.0, 0.0, 1.0))
    assert layout.warnings == ()


def test_an_office_layout_keeps_its_rgb():
    assert load_layout("default").palette.text.model == "rgb"


@pytest.fixture
def alpha_layout(tmp_path):
    """example-brand with a logo whose lower third is transparent, as PDF/X-1a."""
    logo = Image.open(load_layout("example-brand").logo.file.path).convert("RGBA")
    alpha = Image.new("L", logo.size, 255)
    alpha.paste(0, (0, logo.size[1] * 2 // 3, logo.size[0], logo.size[1]))
    logo.putalpha(alpha)
    logo.save(tmp_path / "logo.png")
    return write_layout(tmp_path, "extends: example-brand\nlogo:\n  file: logo.png\nprint:\n  pdfx: x-1a\n")


def test_a_logo_is_converted_to_cmyk_and_its_alpha_flattened_with_a_warning(tmp_path, alpha_layout):
    result = CliRunner().invoke(main, ["card", "3", "--layout", str(alpha_layout), "-o", str(tmp_path / "c.pdf")])
    assert result.exit_code == 0, result.output
    assert "the logo logo.png has transparent parts; for print they are flattened onto the card's " \
           "background colour" in result.output
    assert preflight(tmp_path / "c.pdf", "x-1a") == []
    with pikepdf.open(tmp_path / "c.pdf") as pdf:
        (image,) = [x for x in pdf.pages[1].Resources.XObject.values() if x.Subtype == pikepdf.Name.Image]
        assert image.ColorSpace == pikepdf.Name.DeviceCMYK and "/SMask" not in image
        pixels = pikepdf.PdfImage(image).as_pil_image()
    assert pixels.mode == "CMYK"
    assert pixels.getpixel((pixels.width // 2, pixels.height - 2)) == (0, 0, 0, 0)  # paper white underneath
    original = Image.open(tmp_path / "logo.png").convert("L").crop((0, 0, pixels.width, pixels.height * 2 // 3))
    darkest = min(((x, y) for x in range(0, original.width, 4) for y in range(0, original.height, 4)),
                  key=original.getpixel)
    assert sum(pixels.getpixel(darkest)) > 255  # the opaque part keeps its ink


def test_a_16_bit_grey_logo_keeps_its_greys_in_black_ink(tmp_path):
    """A 16-bit greyscale PNG (as scanners and some exports write) is scaled to 8 bits, not clipped:
    a mid grey prints as half black, not as white paper."""
    from deck.separation import _cmyk_logo

    path = tmp_path / "grey16.png"
    Image.new("I;16", (8, 8), 32768).save(path)
    cmyk = _cmyk_logo(path, Colour("cmyk", (0, 0, 0, 0)), deck_profile())._image
    assert cmyk.mode == "CMYK"
    cyan, magenta, yellow, black = cmyk.getpixel((4, 4))
    assert (cyan, magenta, yellow) == (0, 0, 0) and 120 <= black <= 135
