"""Colours: parsing, contrast, the palette's meaning on the cards, its growth, and the slips people make."""

import pypdf
import pytest
from click.testing import CliRunner

from deck import build, build_card
from deck.cli import main
from deck.colours import (JUST_NOTICEABLE, Colour, _apart, _candidates, _lab, _tone_weights, contrast, distance,
                          extended, parse_colour)
from helpers import deck, layout_file

WHITE = parse_colour("#ffffff")


def check(layout: str):
    return deck("check", "--layout", layout)


def rg(hex_colour: str) -> bytes:
    """The fill operator reportlab writes for a hex colour."""
    values = parse_colour(hex_colour).values
    return (" ".join(f"{round(v, 6):g}".lstrip("0") if v else "0" for v in values) + " rg").encode()


# -- parsing ---------------------------------------------------------------------------------------

def test_hex_short_hex_css_names_and_cmyk():
    assert parse_colour("#1f6f8b") == Colour("rgb", (0x1f / 255, 0x6f / 255, 0x8b / 255))
    assert parse_colour("#06e") == parse_colour("#0066ee")
    assert parse_colour("Teal") == parse_colour("#008080")
    assert parse_colour("cmyk(0, 60, 100, 0)") == Colour("cmyk", (0.0, 0.6, 1.0, 0.0))
    for bad in ("#12345", "cmyk(0, 60, 100)", "cmyk(0, 160, 0, 0)", "rgb(1,2,3)", "tael"):
        with pytest.raises(ValueError):
            parse_colour(bad)


def test_an_unknown_name_gets_a_did_you_mean():
    with pytest.raises(ValueError, match="'tael' is not a colour; did you mean 'teal'"):
        parse_colour("tael")


@pytest.mark.parametrize("one, other, ratio", [("#ffffff", "#000000", 21.0), ("#00616e", "#ffffff", 7.15),
                                               ("#f28c28", "#ffffff", 2.45), ("#777777", "#ffffff", 4.48)])
def test_contrast_is_wcag(one, other, ratio):
    assert contrast(parse_colour(one), parse_colour(other)) == pytest.approx(ratio, abs=0.01)


# -- the palette on the cards ----------------------------------------------------------------------

def test_the_accent_colours_every_cards_headings_quote_rules_and_bullets(tmp_path):
    layout = layout_file(tmp_path, 'colours:\n  bands: "#00616E"\n  accent: "#8a3b00"\n')
    reader = pypdf.PdfReader(build(layout=layout, output=tmp_path / "deck.pdf", mode="single"))
    faces = [page.get_contents().get_data() for page in reader.pages]
    faces = [b"".join(x.get_object().get_data() for x in page["/Resources"]["/XObject"].values()
                      if x.get_object().get("/Subtype") == "/Form") or face
             for page, face in zip(reader.pages, faces)]
    for number, face in enumerate(faces[2:], 0):  # after the intro's two faces: every card, both sides
        assert rg("#8a3b00") in face, f"card {number // 2 + 1}: no accent"
        assert rg("#00616e") in face, f"card {number // 2 + 1}: no band"


def test_the_accent_defaults_to_each_cards_band_colour(tmp_path):
    layout = layout_file(tmp_path, 'colours:\n  bands: ["#ff0000", "#00ff00", "#0000ff"]\n')
    stream = pypdf.PdfReader(build_card("2", layout=layout, output=tmp_path / "c.pdf")).pages[0]
    assert stream.get_contents().get_data().count(b"0 1 0 rg") > 1  # band, heading and questions


def test_the_intro_band_is_neutral_or_as_set(tmp_path):
    def intro(text):
        reader = pypdf.PdfReader(build_card("intro", layout=layout_file(tmp_path, text), output=tmp_path / "i.pdf"))
        return reader.pages[0].get_contents().get_data()
    assert rg("#34434d") in intro('colours:\n  bands: "#00616E"\n')  # it does not look like card 1
    assert rg("#00616e") in intro('colours:\n  bands: "#00616E"\n  intro: band\n')
    assert rg("#123456") in intro('colours:\n  bands: "#00616E"\n  intro: "#123456"\n')


def test_one_band_colour_serves_every_card_without_a_warning(tmp_path):
    result = check(layout_file(tmp_path, "colours:\n  bands: teal\n"))
    assert result.exit_code == 0 and "warning" not in result.stderr


def test_more_cards_than_band_colours_adds_distinct_colours_and_says_so(tmp_path):
    result = check(layout_file(tmp_path, 'colours:\n  bands: ["#1f6f8b", "#2d7d46", "#b5531a"]\n'))
    assert result.exit_code == 0
    assert "the deck has 8 cards and colours.bands has 3 colours; deck added 5 distinct colours" in result.stderr
    bands = (parse_colour("#1f6f8b"), parse_colour("#2d7d46"), parse_colour("#b5531a"))
    palette = extended(bands, 12, WHITE)
    assert palette[:3] == bands and len(set(palette)) == 12
    assert min(distance(a, b) for i, a in enumerate(palette) for b in palette[i + 1:]) > 15
    assert all(contrast(colour, WHITE) >= 4.5 for colour in palette[3:])
    assert extended(bands, 9, WHITE) == palette[:9]  # card 9 keeps its colour when card 10 comes


def test_more_cards_than_the_bundled_layouts_colours_is_told_what_can_be_done(large_deck):
    """The advice was to list the colours in .../site-packages/deck/bundled/layouts/default.yaml."""
    result = deck("check", "--content", large_deck)
    assert result.exit_code == 0
    warning = next(line for line in result.stderr.splitlines() if "colours.bands" in line)
    assert warning.startswith("warning: the layout default: the deck has 48 cards and colours.bands has 8 colours")
    assert warning.endswith("To choose them yourself, make a layout of your own that extends this one (deck "
                            "new-layout NAME) and list 48 colours in its colours.bands.")


def _farthest_first(bands, count, paper):
    """The palette extended as colours.py first did it: every candidate's distance to the colours
    chosen so far worked out anew after each choice (the plain farthest-point search)."""
    candidates = _candidates(paper, bands[-1].model if bands else "rgb")
    weights = _tone_weights(bands, candidates) or (1.0,) * len(candidates)
    labs = [_lab(colour) for colour in candidates]
    nearest = [min((_apart(lab, _lab(old)) ** 2 for old in bands), default=float("inf")) for lab in labs]
    colours = list(bands)
    while len(colours) < count:
        weighted = [near * weight for near, weight in zip(nearest, weights)]
        index = weighted.index(max(weighted))
        if nearest[index] < JUST_NOTICEABLE ** 2:
            break
        colours.append(candidates[index])
        l0, a0, b0 = labs[index]
        nearest = [min(near, (l - l0) * (l - l0) + (a - a0) * (a - a0) + (b - b0) * (b - b0))
                   for near, (l, a, b) in zip(nearest, labs)]
    return tuple(colours[i % len(colours)] for i in range(count))


@pytest.mark.parametrize("bands", [("#1f6f8b", "#2d7d46", "#b5531a"), ("#00616E",) * 2, ("#222222", "#dddddd"),
                                   ("cmyk(100, 40, 0, 20)", "cmyk(0, 80, 90, 10)")])
def test_a_grown_palette_is_the_farthest_colour_first_to_the_last_distinct_one(bands):
    """The lazy search (colours._Palette) chooses what the plain one chooses, up to where no
    distinct colour is left and the colours repeat (some 560 for white paper)."""
    bands = tuple(parse_colour(band) for band in bands)
    palette = extended(bands, 1000, WHITE)
    assert palette == _farthest_first(bands, 1000, WHITE)
    assert len(set(palette)) < 1000  # it did run out
    assert extended(bands, 40, WHITE) == palette[:40]


def test_a_palette_grown_once_is_read_from_the_cache_after(monkeypatch, tmp_path):
    """A palette of more than KEPT_FROM colours is kept in deck's cache: the next run reads it
    instead of growing it again (22 ms at 1000 cards), and gets the same colours; a run that needs
    more than was kept grows it anew."""
    from deck import colours

    monkeypatch.setenv("DECK_CACHE", str(tmp_path / "cache"))
    bands = (parse_colour("#1f6f8b"), parse_colour("#2d7d46"))
    grown = extended(bands, 100, WHITE)
    colours._growing.cache_clear()  # as a new run

    def refuse(*args):
        raise AssertionError("grown again")
    with monkeypatch.context() as patched:
        patched.setattr(colours, "_Palette", refuse)
        assert extended(bands, 100, WHITE) == grown == _farthest_first(bands, 100, WHITE)
        assert extended(bands, 30, WHITE) == grown[:30]
    colours._growing.cache_clear()
    assert extended(bands, 1000, WHITE) == _farthest_first(bands, 1000, WHITE)  # beyond what was kept
    colours._growing.cache_clear()
    with monkeypatch.context() as patched:
        patched.setattr(colours, "_Palette", refuse)
        assert extended(bands, 1000, WHITE)[:100] == grown  # ran out: kept whole, read back whole
    colours._growing.cache_clear()


def test_a_palette_asked_card_by_card_is_kept_once(monkeypatch, tmp_path):
    """Drawing asks each card's band colour in turn: past KEPT_FROM colours the palette is grown as
    far as the colours go and written to the cache once, not once per card."""
    from deck import colours

    monkeypatch.setenv("DECK_CACHE", str(tmp_path / "cache"))
    colours._growing.cache_clear()
    kept = []
    monkeypatch.setattr(colours, "_keep_palette", lambda *args: kept.append(args))
    bands = (parse_colour("#1f6f8b"), parse_colour("#2d7d46"), parse_colour("#b5531a"))
    palette = colours.Palette(bands, bands[0], None, parse_colour("#222222"), parse_colour("#666666"), WHITE)
    drawn = [palette.band(number) for number in range(1, 1001)]
    assert len(kept) == 1 and drawn == list(_farthest_first(bands, 1000, WHITE))
    colours._growing.cache_clear()


def test_contrast_warnings_name_the_colour_and_the_ratio(tmp_path):
    result = check(layout_file(tmp_path, 'colours:\n  bands: "#00616E"\n  accent: "#F28C28"\n'
                                         '  intro: "#F28C28"\n'))
    assert result.exit_code == 0
    assert ("colours.accent #F28C28 and the paper #ffffff have a contrast of 2.5:1, below the 3:1 that headings "
            "on the paper needs") in result.stderr
    assert "colours.intro #F28C28 and the paper #ffffff have a contrast of 2.5:1, below the 4.5:1" in result.stderr
    assert "colours.bands" not in result.stderr  # teal takes white text at 7.2:1


def test_a_light_band_is_said_to_fail_its_questions_too(tmp_path):
    """A card's band colour also sets its challenge questions on the paper; a colour too light for
    the white title is as hard to read there, and the warning says so."""
    result = check(layout_file(tmp_path, 'colours:\n  bands: "#ffe680"\n'))
    assert ("colours.bands #ffe680 and the paper #ffffff have a contrast of 1.2:1, below the 4.5:1 that the text on "
            "the band (and the card's questions, set in its band colour) needs") in result.stderr


def test_the_bundled_layouts_pass_their_own_contrast_checks():
    for name in ("default", "example-brand", "print-shop-a3", "compact-a6"):
        result = CliRunner().invoke(main, ["check", "--layout", name])
        assert "contrast" not in result.stderr, name


def test_the_print_shop_layout_prints_the_default_layouts_colours_in_cmyk():
    """print-shop-a3 says its CMYK colours are there "so what the press prints is what you chose": each
    band, and the intro's colour, is the default layout's colour separated for the press (within a
    just visible difference, Delta E 10, through the bundled FOGRA39 profile), so card 7 is plum on
    the press as on screen, and no card takes another's colour."""
    from PIL import Image, ImageCms

    from deck.layouts import load_layout
    from deck.resources import bundled

    default, press = load_layout("default").palette, load_layout("print-shop-a3").palette
    to_screen = ImageCms.buildTransform(ImageCms.getOpenProfile(str(bundled("profiles") / "deck-fogra39.icc")),
                                        ImageCms.createProfile("sRGB"), "CMYK", "RGB", renderingIntent=1)

    def on_screen(colour: Colour) -> Colour:
        assert colour.model == "cmyk"
        pixel = Image.new("CMYK", (1, 1), tuple(round(value * 255) for value in colour.values))
        return parse_colour("#%02x%02x%02x" % ImageCms.applyTransform(pixel, to_screen).getpixel((0, 0)))

    pairs = [("intro", default.intro, press.intro)] + [
        (f"band {number}", screen, printed) for number, (screen, printed) in enumerate(zip(default.bands, press.bands), 1)]
    assert len(pairs) == 9
    far = {name: round(distance(screen, on_screen(printed)), 1) for name, screen, printed in pairs
           if distance(screen, on_screen(printed)) > 10}
    assert far == {}


# -- slips -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("colours:\n  accent: #00616E\n",
     "3:11: 'colours.accent' is empty: a # starts a comment in YAML, so #00616E was left out; put the colour "
     "in quotes: accent: \"#00616E\""),
    ("colours:\n  bands: #00616E, #F28C28\n",
     "3:10: 'colours.bands' is empty: a # starts a comment in YAML, so #00616E, #F28C28 was left out; write the "
     "list in brackets with each colour in quotes: bands: [\"#00616E\", \"#F28C28\"]"),
    ("colours:\n  bands: teal, orange\n",
     "3:10: 'colours.bands': 'teal, orange' looks like a list written without brackets; write it in brackets, "
     "each colour in quotes: [\"teal\", \"orange\"]"),
    ('colours:\n  bands: "#00616E", "#F28C28"\n',
     "3:19: YAML syntax error: a list written without brackets; put the items in brackets: [\"first\", \"second\"]"),
    ("colours:\n  accent: tael\n", "3:11: 'colours.accent': 'tael' is not a colour; did you mean 'teal'?"),
    ('colours:\n  bands: "rgb(31, 111, 139)"\n',
     "3:10: 'colours.bands': 'rgb(31, 111, 139)': deck reads rgb() colours written as hex; write \"#1f6f8b\""),
    ("colours:\n  dimensions: [teal]\n", "3:3: 'dimensions' is no longer read: it is now called 'bands'; rename the key"),
])
def test_colour_slips_get_a_message_that_says_what_to_do(tmp_path, text, message):
    layout = layout_file(tmp_path, text)
    result = check(layout)
    assert result.exit_code == 1
    assert f"{layout}:{message}" in result.stderr


def test_a_colour_is_its_model_and_values_however_it_was_written():
    """(The name a layout wrote it with is for messages: '#00616E' and 'teal'-like spellings of one
    colour are one colour, in sets and dictionaries too.)"""
    written, lower = parse_colour("#00616E"), parse_colour("#00616e")
    assert written.name != lower.name
    assert written == lower and not written != lower
    assert hash(written) == hash(lower) and len({written, lower}) == 1
    assert written != parse_colour("#00616f") and not written == parse_colour("#00616f")
    assert written != ("rgb", written.values, written.name)  # a record, not any tuple
