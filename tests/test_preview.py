"""Previews and images: checked as images (size, not blank, one tile per face), and everyday options."""
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops, ImageStat

from deck import default_content
from deck.cli import Output, main
from deck.preview import CARDS_PER_ROW, LABEL_HEIGHT, SCREEN_DPI, TILE_GAP
from deck.units import MM


def run(*args):
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert result.exit_code == 0, result.output
    return result


def px(points: float, dpi: float) -> int:
    """A page rendered to its size in whole pixels, rounded (pdfium's own bitmap rounds up)."""
    return round(points / 72 * dpi)


def test_preview_is_one_tile_per_face_fronts_above_backs(tmp_path):
    path = tmp_path / "deck.png"
    assert f"wrote {path}" in run("preview", "-o", path).output
    with Image.open(path) as opened:
        image = opened.convert("RGB")
    tile_w, tile_h = px(154 * MM, SCREEN_DPI), px(216 * MM, SCREEN_DPI)
    columns, rows = CARDS_PER_ROW, 2  # 9 cards in rows of 5, each card a front above a back
    assert image.size == (TILE_GAP + columns * (tile_w + TILE_GAP),
                          TILE_GAP + rows * (2 * (tile_h + LABEL_HEIGHT) + TILE_GAP))
    tiles = []
    for card in range(9):
        x = TILE_GAP + (card % columns) * (tile_w + TILE_GAP)
        y = TILE_GAP + (card // columns) * (2 * (tile_h + LABEL_HEIGHT) + TILE_GAP)
        for side in range(2):
            top = y + side * (tile_h + LABEL_HEIGHT)
            tiles.append(image.crop((x, top, x + tile_w, top + tile_h)))
    assert len(tiles) == 18
    for tile in tiles:
        assert ImageStat.Stat(tile.convert("L")).stddev[0] > 20  # text and colour, not a blank page
    # a front has its colour band at the top; the matching back has one too, in the same colour
    front_band, back_band = tiles[2].getpixel((tile_w // 4, 8)), tiles[3].getpixel((tile_w // 4, 8))
    assert front_band == back_band != (255, 255, 255)


@pytest.mark.parametrize("dpi", [150, 300])
def test_card_png_writes_each_face_at_the_asked_resolution_with_bleed(tmp_path, dpi):
    """Exactly the face's size at `dpi`: at 300 dpi pdfium made an A5 face with bleed 2552 pixels
    high, not 2551, its last row mostly off the page."""
    result = run("card", "3", "--png", "--dpi", str(dpi), "-o", tmp_path)
    front, back = tmp_path / "ontwikkelkaart-3-front.png", tmp_path / "ontwikkelkaart-3-back.png"
    assert f"wrote {front}" in result.output and f"wrote {back}" in result.output
    for path in (front, back):
        with Image.open(path) as image:
            image.load()
        assert image.size == (round(154 / 25.4 * dpi), round(216 / 25.4 * dpi))
        assert round(image.info["dpi"][0]) == dpi
        assert image.info["srgb"] == 0  # the colour space said (a print service had to guess it)
        assert ImageStat.Stat(image.convert("L")).stddev[0] > 20


def test_card_png_no_bleed_writes_trimmed_faces_beside_the_print_images(tmp_path, monkeypatch):
    """For slides and e-mail: the trim size, named so that the print service's images keep theirs
    (deck card 3 --png --no-bleed was refused: 'always have bleed')."""
    monkeypatch.chdir(tmp_path)
    run("card", "3", "--png", "--dpi", "100")
    result = run("card", "3", "--png", "--no-bleed", "--dpi", "100")
    assert "wrote out/ontwikkelkaart-3-no-bleed-front.png" in result.output
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "ontwikkelkaart-3-back.png", "ontwikkelkaart-3-front.png",
        "ontwikkelkaart-3-no-bleed-back.png", "ontwikkelkaart-3-no-bleed-front.png"]
    with Image.open(tmp_path / "out" / "ontwikkelkaart-3-no-bleed-front.png") as trimmed, \
            Image.open(tmp_path / "out" / "ontwikkelkaart-3-front.png") as bled:
        assert trimmed.size == (round(148 / 25.4 * 100), round(210 / 25.4 * 100))
        assert bled.size == (round(154 / 25.4 * 100), round(216 / 25.4 * 100))
        # the trimmed face is the bled one without its 3 mm on each side
        inset = round(3 / 25.4 * 100)
        same = bled.convert("RGB").crop((inset, inset, inset + trimmed.size[0], inset + trimmed.size[1]))
        difference = ImageChops.difference(same, trimmed.convert("RGB"))
        assert ImageStat.Stat(difference.convert("L")).mean[0] < 4


def test_an_absurd_resolution_is_refused_before_any_work():
    result = CliRunner().invoke(main, ["card", "3", "--png", "--dpi", "5000", "-o", "/tmp/never"])
    assert result.exit_code == 2  # a command-line mistake, caught by click
    assert "5000.0 is not in the range 36<=x<=1200" in result.output


def test_quiet_prints_nothing_and_verbose_prints_the_body_sizes_and_the_stages(tmp_path):
    """As the README says of --verbose: "also the body sizes and the time of each stage"."""
    quiet = CliRunner().invoke(main, ["--quiet", "build", "-o", str(tmp_path / "q.pdf")])
    assert quiet.exit_code == 0 and quiet.output == ""
    verbose = CliRunner().invoke(main, ["--verbose", "build", "-o", str(tmp_path / "v.pdf")])
    assert verbose.exit_code == 0
    lines = verbose.stderr.splitlines()
    assert lines[:2] == ["the intro card: body 9.2 pt on the front, 9.2 pt on the back",
                         "card 1: body 9.2 pt on the front, 8.9 pt on the back"]
    assert len(lines) == 10 and lines[8].startswith("card 8: body ")
    assert all(f"{stage} " in lines[9] for stage in ("load", "fit", "impose", "draw", "write"))


class Terminal:
    """A stderr that says it is a terminal, to see the progress bar."""

    def __init__(self):
        self.text = ""

    def isatty(self):
        return True

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_progress_bar_appears_only_after_a_second_and_only_on_a_terminal(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    out = Output()
    out.progress("fitting", 1, 10)
    assert out.bar is None  # a fast build shows nothing
    out.started -= 2
    out.progress("fitting", 5, 10)
    assert out.bar is not None
    out.close()
    assert "fitting" in terminal.text
    monkeypatch.setattr("sys.stderr", type("Pipe", (Terminal,), {"isatty": lambda self: False})())
    piped = Output()
    piped.started -= 2
    piped.progress("fitting", 5, 10)
    assert piped.bar is None


def test_watch_rebuilds_after_a_change_and_survives_an_error(tmp_path):
    import shutil

    from deck.watch import watch

    content = tmp_path / "content"
    shutil.copytree(default_content(), content)
    messages = []

    class Recorder(Output):
        def done(self, message):
            messages.append(message)

        def error(self, message):
            messages.append(f"error: {message}")

    output = tmp_path / "out" / "deck.pdf"
    thread = threading.Thread(target=watch, args=(content, "default", output, 0.05, Recorder(), 40))
    thread.start()
    deadline = time.monotonic() + 20
    while not any("watching" in m for m in messages) and time.monotonic() < deadline:
        time.sleep(0.05)
    card = content / "cards" / "01-gedeelde-visie.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("number: 1", "number: [1]"), encoding="utf-8")
    while not any("error:" in m for m in messages) and time.monotonic() < deadline:
        time.sleep(0.05)
    card.write_text(card.read_text(encoding="utf-8").replace("number: [1]", "number: 1"), encoding="utf-8")
    thread.join(timeout=30)
    assert any("error:" in m and "'number' should be a whole number" in m for m in messages)
    wrote = [m for m in messages if " wrote " in m]
    assert len(wrote) >= 2, messages  # the first build, and the one after the fix
    assert output.exists() and output.with_name("deck-preview.png").exists()


def test_the_readme_pictures_are_the_tools_own_output(tmp_path):
    """docs/make_images.py makes them; they must match what the tool makes now."""
    import importlib.util

    docs = Path(__file__).resolve().parents[1] / "docs"
    spec = importlib.util.spec_from_file_location("make_images", docs / "make_images.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for fresh in module.make(tmp_path):
        with Image.open(fresh) as made, Image.open(docs / "images" / fresh.name) as committed:
            assert made.size == committed.size, fresh.name
            difference = ImageStat.Stat(ImageChops.difference(made.convert("L"), committed.convert("L"))).mean[0]
        assert difference < 1.0, f"{fresh.name} is out of date: run python docs/make_images.py"
    readme = (docs.parent / "README.md").read_text(encoding="utf-8")
    assert all(f"docs/images/{name}" in readme for name in ("card-front.png", "card-back.png", "sheet-a4.png"))


def test_render_pages_renders_only_the_pages_asked_for():
    from deck import card_pdf
    from deck.content import load_deck
    from deck.copyfit import fit_deck
    from deck.layouts import load_layout
    from deck.preview import render_pages

    deck, layout = load_deck(default_content()), load_layout("default")
    (card,) = fit_deck(deck, layout, only=3)
    pdf = card_pdf(deck, layout, card)
    front, back = render_pages(pdf, 20)
    (only_back,) = render_pages(pdf, 20, [1])
    assert only_back.tobytes() == back.tobytes() != front.tobytes()


def test_the_contact_sheet_labels_its_tiles_in_the_decks_language(tmp_path, monkeypatch):
    """(A Dutch deck's preview said 'intro · front'.)"""
    import deck.preview

    seen = {}
    real = deck.preview.write_contact_sheet

    def spy(stream, pdf, dpi, labels, font_file, sides=("front", "back")):
        seen.update(labels=labels, sides=sides)
        return real(stream, pdf, dpi, labels, font_file, sides)

    monkeypatch.setattr(deck.preview, "write_contact_sheet", spy)
    result = run("preview", "-o", tmp_path / "p.png")
    assert result.exit_code == 0, result.output
    assert seen["labels"][0] == "intro" and seen["sides"] == ("voorkant", "achterkant")
