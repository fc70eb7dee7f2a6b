"""Fonts as delivered: variable fonts instanced at the layout's weights, .otf converted, web fonts
unpacked, once, into the cache; fonts that cannot be embedded or are damaged refused with a place."""
import io
import re
import shutil
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont

from deck import build, build_card
from deck import fonts as deck_fonts
from deck.cli import main
from deck.errors import DeckError
from deck.layouts import load_layout

TESTS = Path(__file__).parent
LATO = TESTS.parent / "fonts" / "Lato-Regular.ttf"
VARIABLE = TESTS / "fonts" / "SourceSans3-latin-wght.woff2"
VARIABLE_ITALIC = TESTS / "fonts" / "SourceSans3-latin-wght-Italic.woff2"


@pytest.fixture(autouse=True, scope="module")
def shared_cache(tmp_path_factory):
    """Conversions go to a cache of these tests' own, never the user's; shared, since instancing
    a variable font takes a second."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DECK_CACHE", str(tmp_path_factory.mktemp("cache")))
        deck_fonts._prepared.cache_clear()
        yield
    deck_fonts._prepared.cache_clear()


@pytest.fixture
def cache(tmp_path_factory, monkeypatch) -> Path:
    """A cache of the test's own, empty."""
    folder = tmp_path_factory.mktemp("own-cache") / "deck"
    monkeypatch.setenv("DECK_CACHE", str(folder))
    deck_fonts._prepared.cache_clear()
    yield folder
    deck_fonts._prepared.cache_clear()


def brand(tmp_path: Path, fonts: dict[str, Path], extra: str = "") -> str:
    """A brand folder with `fonts` (style -> file) copied into fonts/ and named in layout.yaml."""
    (tmp_path / "fonts").mkdir(parents=True, exist_ok=True)
    lines = []
    for style, source in fonts.items():
        if not (tmp_path / "fonts" / source.name).exists():
            shutil.copyfile(source, tmp_path / "fonts" / source.name)
        lines.append(f"  {style}: fonts/{source.name}")
    (tmp_path / "layout.yaml").write_text("fonts:\n" + "\n".join(lines) + "\n" + extra, encoding="utf-8")
    return str(tmp_path)


def embedded(pdf: Path) -> dict[str, object]:
    """Embedded font name (subset tag removed) -> its FontFile2 stream."""
    found = {}
    for page in pypdf.PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = re.sub(r"^/[A-Z]{6}\+", "", font["/BaseFont"])
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            found[name] = descendant["/FontDescriptor"].get_object()
    return found


def test_a_variable_font_gives_regular_bold_and_italic_at_the_layouts_weights(tmp_path):
    layout = brand(tmp_path, {"regular": VARIABLE, "italic": VARIABLE_ITALIC})
    pdf = build_card("3", layout=layout, output=tmp_path / "card.pdf")
    fonts = embedded(pdf)
    assert set(fonts) == {"SourceSans3-Regular", "SourceSans3-Bold", "SourceSans3-Italic"}
    chosen = load_layout(layout).fonts
    weights = {style: TTFont(getattr(chosen, style))["OS/2"].usWeightClass for style in deck_fonts.STYLES}
    assert weights == {"regular": 400, "bold": 700, "italic": 400, "bold_italic": 700}
    # never the default instance (ExtraLight, 200): the bold's strokes are wider than the regular's
    stems = {style: TTFont(getattr(chosen, style))["hmtx"]["l"][0] for style in ("regular", "bold")}
    assert stems["bold"] > stems["regular"]
    assert "fvar" not in TTFont(chosen.regular)


def test_the_weights_are_the_layouts_to_choose(tmp_path):
    italic = TESTS.parent / "fonts" / "Lato-Italic.ttf"
    layout = brand(tmp_path, {"regular": VARIABLE, "italic": italic, "bold_italic": italic},
                   "  weight: 300\n  bold_weight: 900\n")
    chosen = load_layout(layout).fonts
    assert TTFont(chosen.regular)["OS/2"].usWeightClass == 300
    assert TTFont(chosen.bold)["name"].getDebugName(6) == "SourceSans3-Black"


def test_a_weight_outside_the_fonts_range_is_refused_with_the_range(tmp_path):
    layout = brand(tmp_path, {"regular": VARIABLE, "italic": VARIABLE_ITALIC}, "  weight: 100\n")
    with pytest.raises(DeckError, match=r"'fonts.regular': SourceSans3-latin-wght.woff2 has weights 200 to 900, "
                                        r"not 100; set fonts.weight"):
        load_layout(layout)


def test_a_style_left_out_must_be_one_the_named_font_can_make(tmp_path):
    layout = brand(tmp_path, {"regular": VARIABLE})  # upright only: no italic axis
    result = CliRunner().invoke(main, ["check", "--layout", layout])
    assert result.exit_code == 1
    assert ("layout.yaml:2:12: 'fonts.italic': not set, and SourceSans3-latin-wght.woff2 has no italic: name the "
            "italic font file in fonts.italic") in result.stderr
    static = brand(tmp_path / "static", {"regular": LATO})
    with pytest.raises(DeckError) as caught:
        load_layout(static)
    # every style it cannot make at once, and none for the bold italic, in which no text is set
    assert [error.message.split(":")[0] for error in caught.value.errors] == ["'fonts.bold'", "'fonts.italic'"]
    assert "'fonts.bold': not set, and Lato-Regular.ttf has one weight only" in str(caught.value)


def test_a_family_without_a_bold_italic_is_whole_enough(tmp_path):
    """No role sets text in the bold italic: a family of regular, bold and italic files is taken,
    its italic standing in for the bold italic it never prints."""
    fonts_folder = Path(__file__).parents[1] / "fonts"
    layout = brand(tmp_path, {"regular": LATO, "bold": fonts_folder / "Lato-Bold.ttf",
                              "italic": fonts_folder / "Lato-Italic.ttf"})
    assert load_layout(layout).fonts.bold_italic == tmp_path / "fonts" / "Lato-Italic.ttf"


def otf_from(source: Path, target: Path) -> Path:
    """An OpenType font with PostScript (CFF) outlines made from a static TrueType one, as foundries ship."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    from fontTools import subset

    font = TTFont(source)
    few = subset.Subsetter(subset.Options())  # the characters a deck uses: converting takes less time
    few.populate(unicodes=[c for c in font.getBestCmap() if c < 0x250 or 0x2000 <= c < 0x2070])
    few.subset(font)
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    charstrings = {}
    for name in order:
        pen = T2CharStringPen(font["hmtx"][name][0], glyphs)
        glyphs[name].draw(pen)
        charstrings[name] = pen.getCharString()
    builder = FontBuilder(font["head"].unitsPerEm, isTTF=False)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(font.getBestCmap())
    builder.setupCFF("LatoCFF-Regular", {"FullName": "LatoCFF Regular"}, charstrings, {})
    builder.setupHorizontalMetrics({name: font["hmtx"][name] for name in order})
    builder.setupHorizontalHeader(ascent=font["hhea"].ascent, descent=font["hhea"].descent)
    builder.setupNameTable({"familyName": "LatoCFF", "styleName": "Regular", "psName": "LatoCFF-Regular"})
    builder.setupOS2(usWeightClass=400, sTypoAscender=font["OS/2"].sTypoAscender,
                     sTypoDescender=font["OS/2"].sTypoDescender, usWinAscent=font["OS/2"].usWinAscent,
                     usWinDescent=font["OS/2"].usWinDescent)
    builder.setupPost()
    builder.save(str(target))
    return target


def test_an_otf_font_is_converted_to_truetype_once_and_cached(tmp_path, cache):
    otf = otf_from(LATO, tmp_path / "LatoCFF-Regular.otf")
    assert otf.read_bytes()[:4] == b"OTTO"
    layout = brand(tmp_path / "brand", {"regular": otf, "bold": otf, "italic": otf, "bold_italic": otf})
    pdf = build_card("3", layout=layout, output=tmp_path / "card.pdf")
    assert "LatoCFF-Regular" in embedded(pdf)
    cached = list((cache / "fonts").glob("*.ttf"))
    assert len(cached) == 1 and cached[0].read_bytes()[:4] == b"\x00\x01\x00\x00"
    stamp = cached[0].stat().st_mtime_ns
    deck_fonts._prepared.cache_clear()
    load_layout(layout)
    assert cached[0].stat().st_mtime_ns == stamp  # read from the cache, not converted again
    shutil.rmtree(cache)  # safe to delete: made again when needed
    deck_fonts._prepared.cache_clear()
    assert load_layout(layout).fonts.regular.is_file()


def test_a_build_with_converted_fonts_is_byte_identical(tmp_path):
    layout = brand(tmp_path, {"regular": VARIABLE, "italic": VARIABLE_ITALIC})
    first = build(layout=layout, output=tmp_path / "one.pdf").read_bytes()
    deck_fonts._prepared.cache_clear()
    assert build(layout=layout, output=tmp_path / "two.pdf").read_bytes() == first


def changed(source: Path, target: Path, change) -> Path:
    font = TTFont(source)
    change(font)
    font.save(str(target))
    return target


def test_a_font_whose_licence_forbids_embedding_is_refused(tmp_path):
    def restricted(font):
        font["OS/2"].fsType = 0x0002
    font = changed(LATO, tmp_path / "Restricted.ttf", restricted)
    layout = brand(tmp_path, {"regular": font, "bold": font, "italic": font, "bold_italic": font})
    with pytest.raises(DeckError, match="Restricted.ttf may not be embedded in documents"):
        load_layout(layout)


def test_a_font_without_the_characters_deck_prints_itself_is_refused(tmp_path):
    from fontTools import subset

    def without_bullets(font):
        options = subset.Options()
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[c for c in font.getBestCmap() if c < 0x100 or 0x2000 <= c < 0x2070 and c != 0x2022])
        subsetter.subset(font)
    font = changed(LATO, tmp_path / "NoBullets.ttf", without_bullets)
    layout = brand(tmp_path, {"regular": font, "bold": font, "italic": font, "bold_italic": font})
    with pytest.raises(DeckError, match=r"NoBullets.ttf lacks characters deck prints itself \(•"):
        load_layout(layout)


def _checked_with_a_truncated_font(folder, style: str):
    """`deck check` of a layout in `folder` whose `style` font is a third of Lato's file."""
    data = LATO.read_bytes()
    (folder / "fonts").mkdir()
    (folder / "fonts" / "Broken.ttf").write_bytes(data[: len(data) // 3])
    (folder / "layout.yaml").write_text(f"fonts:\n  {style}: fonts/Broken.ttf\n", encoding="utf-8")
    return CliRunner().invoke(main, ["check", "--layout", str(folder)])


def test_a_truncated_font_is_reported_at_its_line_and_column(tmp_path):
    result = _checked_with_a_truncated_font(tmp_path, "bold")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(r"layout.yaml:2:9: 'fonts.bold': Broken.ttf is damaged or not a complete font \(.*\); "
                     "download or export the font again", result.stderr), result.stderr


def test_a_damaged_bold_italic_is_reported_though_no_text_is_set_in_it(tmp_path):
    """No role sets text in the bold italic: it is checked where the layout names it, never
    registered with reportlab (registering reads the font's tables: 2 ms a build)."""
    from reportlab.pdfbase import pdfmetrics

    result = _checked_with_a_truncated_font(tmp_path, "bold_italic")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "layout.yaml:2:16: 'fonts.bold_italic': Broken.ttf is damaged" in result.stderr, result.stderr
    family = {style: TESTS.parent / "fonts" / f"Lato-{style.title().replace('_', '')}.ttf"
              for style in ("regular", "bold", "italic", "bold_italic")}
    bold_italic = family["bold_italic"]
    layout = brand(tmp_path / "whole", family)
    build_card("3", layout=layout, output=tmp_path / "card.pdf")
    registered = {Path(getattr(font.face, "filename", "")).name for font in pdfmetrics._fonts.values()
                  if hasattr(font, "face")}
    assert LATO.name in registered and bold_italic.name not in registered


def test_a_font_linked_from_outside_the_layouts_folder_is_refused(tmp_path):
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "Lato.ttf").symlink_to(LATO)
    (tmp_path / "brand" / "layout.yaml").write_text("fonts:\n  bold: Lato.ttf\n", encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        load_layout(str(tmp_path / "brand"))
    assert ":2:9: 'fonts.bold': Lato.ttf is a link to a file outside the layout's folder; copy the file itself" \
        in str(caught.value)


def test_deck_draws_with_its_own_font_when_the_postscript_name_is_registered_already(tmp_path):
    """reportlab keeps one font per PostScript name: a Lato-Bold registered first by another part of
    the program (or another file of that name) used to stand in for deck's own, so the card was
    drawn with a font deck did not make: untagged subsets (AAAAAA+), widths not deck's."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as PlainTTFont

    from deck.subsets import _tagged_class

    other = tmp_path / "elsewhere" / "Lato-Bold.ttf"
    other.parent.mkdir()
    shutil.copyfile(TESTS.parent / "fonts" / "Lato-Bold.ttf", other)
    pdfmetrics.registerFont(PlainTTFont("SomeoneElsesBold", str(other)))  # face name Lato-Bold, first
    layout = brand(tmp_path / "brand", {"bold": other})
    name = deck_fonts._register(load_layout(layout).fonts.bold)
    assert isinstance(pdfmetrics.getFont(name), _tagged_class())
    pdf = build_card("3", layout=layout, output=tmp_path / "card.pdf")
    assert not re.search(rb"/BaseFont\s*/AAAAA[A-Z]\+", pdf.read_bytes())


def test_a_web_font_is_read(tmp_path):
    woff = io.BytesIO()
    font = TTFont(LATO)
    font.flavor = "woff"
    font.save(woff)
    (tmp_path / "Lato.woff").write_bytes(woff.getvalue())
    layout = brand(tmp_path, {"bold": tmp_path / "Lato.woff"})
    assert TTFont(load_layout(layout).fonts.bold).flavor is None


def test_a_font_whose_glyphs_cannot_be_copied_is_named_not_a_traceback(tmp_path):
    """A font file whose table directory points its glyphs elsewhere (one byte off) measures well
    enough to fit, but reportlab's subsetting reads past its glyphs: deck check tries a subset and
    says so, and the build names the file and writes nothing."""
    import struct

    deck_folder = tmp_path / "d1"
    assert CliRunner().invoke(main, ["new", str(deck_folder)]).exit_code == 0
    fonts = tmp_path / "brand" / "fonts"
    fonts.mkdir(parents=True)
    source = Path(deck_fonts.__file__).resolve().parent.parent / "fonts"
    for style in ("Bold", "Italic"):
        shutil.copy(source / f"Caladea-{style}.ttf", fonts)
    data = bytearray((source / "Caladea-Regular.ttf").read_bytes())
    for entry in range(12, 12 + 16 * struct.unpack(">H", data[4:6])[0], 16):
        if data[entry:entry + 4] == b"glyf":
            data[entry + 11] ^= 0x2D  # the low byte of the glyph table's offset
    (fonts / "Caladea-Regular.ttf").write_bytes(bytes(data))
    layout = tmp_path / "brand" / "layout.yaml"
    layout.write_text("extends: default\nfonts:\n  regular: fonts/Caladea-Regular.ttf\n  bold: fonts/Caladea-Bold.ttf\n"
                      "  italic: fonts/Caladea-Italic.ttf\n", encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", "--content", str(deck_folder), "--layout", str(layout)])
    assert checked.exit_code == 1 and "this font file is damaged: its glyphs cannot be copied" in checked.stderr
    result = CliRunner().invoke(main, ["build", "--content", str(deck_folder), "--layout", str(layout),
                                       "-o", str(tmp_path / "deck.pdf")])
    assert result.exit_code == 1 and result.exc_info[0] is SystemExit, result.output
    assert result.stderr.splitlines() == [
        f"error: {fonts / 'Caladea-Regular.ttf'}: this font file is damaged: its glyphs cannot be copied into the "
        "PDF (IndexError); use a fresh copy of the font", "1 problem found; nothing was written."]
    assert not (tmp_path / "deck.pdf").exists()
