"""Nothing lost, nothing crashes, the same bytes every time."""
import io
import os
import shutil
import string
from pathlib import Path

import pypdf
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from deck import build, default_content
from deck.cli import main
from deck.content import load_deck
from deck.errors import DeckError
from deck.copyfit import fit_deck
from deck.impose import plan
from deck.layouts import load_layout
from deck.sheets import Metadata, render_plan


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(default_content(), folder)
    return folder


def invoke(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


# -- atomic outputs ----------------------------------------------------------------------------

def test_a_failed_build_leaves_the_previous_pdf_untouched(tmp_path, content):
    output = tmp_path / "deck.pdf"
    assert invoke("build", "--content", content, "-o", output).exit_code == 0
    before = output.read_bytes()
    card = content / "cards" / "05-samenwerken-met-partners.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("number: 5", "number: five"), encoding="utf-8")
    result = invoke("build", "--content", content, "-o", output)
    assert result.exit_code == 1
    assert output.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "deck.pdf"]  # no temporary left


def test_an_interrupted_build_half_way_through_the_deck_leaves_the_previous_pdf(tmp_path, monkeypatch):
    output = tmp_path / "deck.pdf"
    build(output=output)
    before = output.read_bytes()
    import deck.forms

    original = deck.forms.draw_face
    drawn = []

    def interrupted(canvas, face, layout):
        drawn.append(face)
        if len(drawn) == 9:  # half-way through the 18 faces
            raise KeyboardInterrupt
        original(canvas, face, layout)

    monkeypatch.setattr(deck.forms, "draw_face", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(output=output)
    assert output.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pdf"]


def test_a_write_that_fails_half_way_leaves_no_partial_file(tmp_path, monkeypatch):
    from deck import files

    output = tmp_path / "deck.pdf"
    output.write_bytes(b"previous")

    def broken_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(DeckError, match="the disk is full; free some room or choose another place with -o"):
        files.write_atomic(output, b"new content")
    assert output.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pdf"]


def test_an_unwritable_place_is_a_user_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke("build", "-o", blocker / "deck.pdf")
    assert result.exit_code == 1
    assert "cannot write" in result.output and "choose another place with -o" in result.output


# -- reproducible ------------------------------------------------------------------------------

def test_two_builds_are_byte_identical_in_the_same_and_in_another_folder(tmp_path):
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    build(output=first)
    build(output=second)
    other = tmp_path / "elsewhere" / "deeper"
    other.mkdir(parents=True)
    cwd = os.getcwd()
    try:
        os.chdir(other)
        assert invoke("build", "-o", "c.pdf").exit_code == 0
    finally:
        os.chdir(cwd)
    assert first.read_bytes() == second.read_bytes() == (other / "c.pdf").read_bytes()


def test_a_brand_folder_gives_the_same_bytes_wherever_it_lies(tmp_path):
    """A layout with a PNG logo, copied to two folders: the PDF does not carry the folder's path
    (reportlab names an image drawn from a file by the file's path)."""
    bundled = Path(load_layout("example-brand").path)
    outputs = []
    for folder in (tmp_path / "here", tmp_path / "there" / "deeper"):
        folder.mkdir(parents=True)
        for name in ("example-brand.yaml", "example-brand-logo.png"):
            shutil.copy(bundled.parent / name, folder / name)
        outputs.append(folder / "deck.pdf")
        build(layout=str(folder / "example-brand.yaml"), output=outputs[-1])
    assert outputs[0].read_bytes() == outputs[1].read_bytes()


def test_equal_lengths_in_different_units_give_identical_pdfs(tmp_path):
    layouts = {}
    for name, bleed, margin in (("mm", "3mm", "5mm"), ("cm", "0.3cm", "0.5cm")):
        path = tmp_path / f"{name}.yaml"
        path.write_text(f"extends: default\ncard:\n  bleed: {bleed}\n  safe_margin: {margin}\n")
        layouts[name] = path
    outputs = []
    for name, path in layouts.items():
        outputs.append(tmp_path / f"{name}.pdf")
        build(layout=str(path), output=outputs[-1])
    assert outputs[0].read_bytes() == outputs[1].read_bytes()


# -- safe by construction ----------------------------------------------------------------------

def logo_layout(tmp_path: Path, image: Image.Image) -> Path:
    image.save(tmp_path / "logo.png")
    path = tmp_path / "brand.yaml"
    path.write_text("extends: default\nlogo:\n  file: logo.png\n  width: 20mm\n")
    return path


@pytest.mark.parametrize("size", [(7000, 7000), (20000, 20000)])
def test_a_gigantic_logo_is_refused_before_it_is_decoded(tmp_path, size):
    layout = logo_layout(tmp_path, Image.new("1", size))
    result = invoke("check", "--layout", layout)
    assert result.exit_code == 1
    assert (f"{layout}:3:9: 'logo.file': logo.png has more than 40 million pixels, too many for a logo "
            "(it may be a decompression bomb); scale it down") in result.output


def test_a_logo_under_300_dpi_gets_a_warning_and_still_builds(tmp_path):
    layout = logo_layout(tmp_path, Image.new("RGB", (120, 40), "red"))
    result = invoke("check", "--layout", layout)
    assert result.exit_code == 0
    assert ("the logo logo.png is 120 pixels wide, which prints at 152 dpi at 20 mm; it will look soft. "
            "Use an SVG or PDF logo, an image at least 236 pixels wide, or place it smaller.") in result.stderr


def test_the_default_output_name_cannot_leave_the_output_folder(tmp_path, content):
    deck_file = content / "deck.yaml"
    deck_file.write_text(deck_file.read_text(encoding="utf-8").replace(
        'title: "Ontwikkelkaarten"', 'title: "../../etc/passwd"'), encoding="utf-8")
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        result = invoke("build", "--content", content)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "etc-passwd.pdf").exists()


# -- property-based: any deck either builds or fails with a DeckError --------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=60)
LATIN = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x17F, exclude_categories=("Cc", "Cs")),
                min_size=1, max_size=80).filter(str.strip)
WORDY = st.lists(st.sampled_from(["leren", "organisatie", "x" * 70, "’", "ë", "&", "<b>", "—", "a\tb"])
                 | st.text(string.ascii_letters, min_size=1, max_size=12), min_size=1, max_size=40
                 ).map(" ".join)


def card_values(number: int, draw_text, draw_list) -> dict:
    return {
        "id": f"kaart-{number}", "number": number, "title": draw_text(), "summary": draw_text(),
        "challenges": [{"question": draw_text(), "text": draw_text()}],
        "quotes": [{"text": draw_text(), "source": draw_text()}],
        "suggestions_heading": draw_text(), "suggestions": draw_list(), "sources": [{"title": draw_text()}],
    }


@st.composite
def decks(draw):
    count = draw(st.integers(1, 4))
    # most decks are in scripts the fonts cover; one in four may hold any character at all
    texts = st.one_of(WORDY, LATIN) if draw(st.integers(0, 3)) else st.one_of(WORDY, LATIN, TEXT)
    return [card_values(number, lambda: draw(texts), lambda: draw(st.lists(texts, min_size=1, max_size=20)))
            for number in range(1, count + 1)]


@pytest.fixture(scope="module")
def layout():
    return load_layout("default")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cards=decks())
def test_any_deck_builds_inside_the_safe_area_or_fails_with_a_deck_error(cards, layout, tmp_path_factory):
    folder = tmp_path_factory.mktemp("deck")
    shutil.copyfile(default_content() / "deck.yaml", folder / "deck.yaml")
    (folder / "cards").mkdir()
    for values in cards:
        (folder / "cards" / f"{values['number']}.yaml").write_text(
            yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    try:
        fitted = fit_deck(load_deck(folder), layout)
    except DeckError:
        event("refused with a DeckError")
        return
    event("built")
    pdf = render_plan(plan(layout.card, len(fitted), sheet=layout.card, bleed=layout.bleed, mode="single"),
                      fitted, layout, Metadata("t", "a", "s", "nl-NL", {}))
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 2 * len(fitted)
    for card in fitted:
        for face in (card.front, card.back):
            assert face.needed <= face.available + 1e-6
            for x, y, line, _ in face.lines:
                assert face.safe.left - 1e-6 <= x and x + line.width <= face.safe.right + 1e-6, line.text
                assert face.safe.bottom - 1e-6 <= y - line.style.size * 0.25, line.text


@pytest.mark.parametrize("character, name", [("🙂", "U+1F642"), ("漢", "U+6F22"), ("\u0627", "U+0627")])
def test_a_character_the_fonts_lack_is_named_with_its_card(content, layout, character, name):
    card = content / "cards" / "06-kwaliteitscultuur.yaml"
    values = yaml.safe_load(card.read_text(encoding="utf-8"))
    values["suggestions"][2] += f" {character}"
    card.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        fit_deck(load_deck(content), layout)
    (error,) = caught.value.errors
    assert error.path == card and error.message.startswith(
        f"card 6, suggestions[3]: the character '{character}' ({name}) is not in the font")
    line = card.read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert line[error.column - 1:].lstrip("-'\" ").startswith(values["suggestions"][2][:20])  # the text's own place


@pytest.mark.parametrize("size", ["40mm x 60mm", "20mm x 20mm"])
def test_a_card_too_small_for_its_header_is_a_deck_error(tmp_path, size):
    layout = tmp_path / "tiny.yaml"
    layout.write_text(f"extends: default\ncard:\n  size: {size}\n  safe_margin: 3mm\n")
    result = invoke("check", "--layout", layout)
    assert result.exit_code == 1 and result.exc_info[0] is SystemExit
    assert ("mm too long at 8 pt" in result.stderr or "the card is too small: at 8 pt not even" in result.stderr
            or "mm wider than the card's safe area; shorten it, choose a larger card" in result.stderr)


def test_a_layout_that_extends_nothing_takes_the_defaults_for_what_it_leaves_out(tmp_path):
    layout = tmp_path / "partial.yaml"
    layout.write_text("type:\n  body_min: 8.5pt\n")
    result = invoke("check", "--layout", layout)
    assert result.exit_code == 0, result.output
    assert load_layout(str(layout)).card == load_layout("default").card


def test_every_character_the_fonts_lack_is_named_at_once(content, layout):
    """Two texts with characters no font has, one of them with two: three problems in one check,
    each at its text's place, not one per run."""
    card = content / "cards" / "06-kwaliteitscultuur.yaml"
    values = yaml.safe_load(card.read_text(encoding="utf-8"))
    values["suggestions"][0] += " ☃ en 🙂"
    values["suggestions"][2] += " 漢"
    card.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        fit_deck(load_deck(content), layout)
    assert [error.message[:error.message.index(" is not")] for error in caught.value.errors] == [
        "card 6, suggestions[1]: the character '☃' (U+2603)", "card 6, suggestions[1]: the character '🙂' (U+1F642)",
        "card 6, suggestions[3]: the character '漢' (U+6F22)"]
    assert all(error.path == card and error.line for error in caught.value.errors)


def test_a_character_in_many_texts_is_named_three_times_and_then_counted(content, layout):
    """A font without a letter the language uses everywhere: the first three texts at their
    places, then one problem that counts the rest and names the font to change."""
    card = content / "cards" / "06-kwaliteitscultuur.yaml"
    values = yaml.safe_load(card.read_text(encoding="utf-8"))
    values["suggestions"] = [f"{text} ☃" for text in values["suggestions"]]
    card.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        fit_deck(load_deck(content), layout)
    errors = caught.value.errors
    assert [error.message[:error.message.index(":")] for error in errors[:3]] == [
        "card 6, suggestions[1]", "card 6, suggestions[2]", "card 6, suggestions[3]"]
    rest = len(values["suggestions"]) - 3
    assert len(errors) == 4 and errors[3].path is None and errors[3].message == (
        f"the character '☃' (U+2603) is also in {rest} more texts; the font Lato-Regular lacks it: choose a "
        "font that has it (fonts: in the layout)")


def test_text_from_the_layout_is_checked_for_glyphs_too(tmp_path):
    layout = tmp_path / "brand.yaml"
    layout.write_text('extends: default\norganisation: "Zoë 🙂"\n', encoding="utf-8")
    result = invoke("check", "--layout", layout)
    assert result.exit_code == 1
    assert f"{layout}: organisation: the character '🙂' (U+1F642) is not in the font" in result.stderr


def test_watch_refuses_a_nonsense_interval():
    result = invoke("watch", "--interval", "-1")
    assert result.exit_code == 2 and "Invalid value for '--interval'" in result.output


def test_a_build_stopped_by_sigterm_half_way_exits_143_and_leaves_the_previous_pdf(tmp_path, monkeypatch):
    """`kill` (SIGTERM) or a closed terminal (SIGHUP) stop deck as Ctrl-C does (command.Stopped),
    with the exit code a shell expects for the signal: every temporary removed."""
    from click.testing import CliRunner

    import deck.forms
    from deck.cli import main
    from deck.command import Stopped

    output = tmp_path / "deck.pdf"
    build(output=output)
    before = output.read_bytes()
    original, drawn = deck.forms.draw_face, []

    def stopped(canvas, face, layout):
        drawn.append(face)
        if len(drawn) == 9:
            raise Stopped(15)
        original(canvas, face, layout)

    monkeypatch.setattr(deck.forms, "draw_face", stopped)
    result = CliRunner().invoke(main, ["build", "-o", str(output)])
    assert result.exit_code == 143 and result.stderr.strip() == "stopped; nothing was written."
    assert output.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["deck.pdf"]


def test_the_deck_command_takes_sigterm_and_sighup_as_stops(tmp_path):
    """In the `deck` process itself: the handlers are set before deck loads, and a stop there ends
    with the signal's exit code and deck's own words, no traceback."""
    import signal
    import subprocess
    import sys

    code = ("import signal, sys, deck.command; deck.command.stop_on_signals(); "
            "print(signal.getsignal(signal.SIGTERM) is deck.command._stop, signal.getsignal(signal.SIGHUP) is "
            "deck.command._stop); sys.stdout.flush(); signal.raise_signal(signal.SIGTERM)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["True", "True"]
    assert "Stopped" in done.stderr  # (outside the command: Python's own report of the exception)
    watch = subprocess.Popen([sys.executable, "-m", "deck", "watch", "--interval", "0.2", "-o",
                              str(tmp_path / "deck.pdf")], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    try:
        for line in watch.stdout:
            if "watching" in line:
                break
        watch.send_signal(signal.SIGTERM)
        said = watch.stdout.read()
        assert watch.wait(timeout=60) == 143
    finally:
        watch.kill()
        watch.stdout.close()
    assert "stopped watching" in said and "Traceback" not in said


def test_a_full_disk_is_told_with_the_file_it_was_writing(tmp_path, monkeypatch):
    """A write that fails for room, with bytes still buffered: the message names the file, not a
    bare 'No space left on device' from closing the stream (which flushes, and fails again)."""
    import errno

    from deck import files
    from deck.errors import DeckError

    class Full(io.BufferedWriter):
        def write(self, data):
            super().write(data)
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fdopen", lambda handle, mode: Full(io.FileIO(handle, "w")))
    target = tmp_path / "new" / "deeper" / "kaart.pdf"
    with pytest.raises(DeckError) as told:
        files.write_atomic(target, b"%PDF-1.7 ...")
    assert "cannot write this file: the disk is full; free some room or choose another place with -o" in str(told.value)
    assert str(target) in str(told.value)
    assert not (tmp_path / "new").exists()  # the folders made for it are gone again, as the file is


def test_a_folder_left_half_filled_by_a_killed_run_is_swept_by_the_next(tmp_path):
    import os
    import time

    from deck.files import LEFT_BEHIND_AFTER
    from deck.folders import write_new_folder

    stale, fresh = tmp_path / ".mijn-deck.abcd1234.tmp", tmp_path / ".mijn-deck.efgh5678.tmp"
    for folder in (stale, fresh):
        (folder / "cards").mkdir(parents=True)
        (folder / "cards" / "01-half.yaml").write_text("title: half", encoding="utf-8")
    long_ago = time.time() - LEFT_BEHIND_AFTER - 60
    os.utime(stale, (long_ago, long_ago))
    write_new_folder(tmp_path / "mijn-deck", lambda made: (made / "deck.yaml").write_text("title: x\n"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [".mijn-deck.efgh5678.tmp", "mijn-deck"]  # (one being filled stays)


def test_new_layout_on_a_full_disk_leaves_no_half_brand_folder(tmp_path, monkeypatch):
    from pathlib import Path as P

    from deck.errors import DeckError
    from deck.new_layout import write_brand_folder

    real = P.write_bytes

    def full(self, data):
        if self.name == "layout.yaml":
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(P, "write_bytes", full)
    with pytest.raises(DeckError):
        write_brand_folder(tmp_path / "huisstijl", "huisstijl")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name, code", [("SIGTERM", 143), ("SIGHUP", 129)])
def test_the_studio_stopped_by_a_signal_says_so_and_exits_with_its_code(tmp_path, name, code):
    import signal
    import time

    from deck.studio.server import launch

    folder = tmp_path / "deck"
    shutil.copytree(Path(__file__).resolve().parents[1] / "content", folder)
    process, _, lines = launch(folder)
    try:
        process.send_signal(getattr(signal, name))
        assert process.wait(timeout=30) == code
        deadline = time.monotonic() + 10  # (the reader thread takes the last lines after the process ends)
        while "studio stopped" not in "".join(lines) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        process.kill()
        process.wait()
        process.stdout.close()  # (its reader thread has ended with the process's output)
    said = "".join(lines)
    assert "studio stopped; every save is in its file." in said and "Traceback" not in said


def test_a_sigterm_after_the_command_is_over_lets_the_exit_work_finish(tmp_path):
    """A SIGTERM while deck writes its caches at exit (the command's files already written) no
    longer breaks them off with Python's 'Exception ignored' and the command's exit code changed."""
    import subprocess
    import sys

    code = ("import sys, os, signal, atexit, time\n"
            "sys.argv = ['deck', '--version']\n"
            "from deck import command\n"
            "command.stop_on_signals()\n"
            "cli = command.load()\n"
            "atexit.register(lambda: (os.kill(os.getpid(), signal.SIGTERM), time.sleep(0.2), print('kept')))\n"
            "cli.run()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "kept" in done.stdout, done.stdout + done.stderr
    assert "Exception ignored" not in done.stderr and "Stopped" not in done.stderr
