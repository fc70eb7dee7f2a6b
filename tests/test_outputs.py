"""Outputs that cannot destroy: fsync before and after the rename, temporaries of killed runs
cleaned, I/O errors and Ctrl-C told in words with their exit codes, messages that cannot steer
the terminal."""
from __future__ import annotations

import os
import shutil
import tempfile
import time

import pytest
from click.testing import CliRunner

from deck import build, default_content
from deck import files
from deck.cli import main
from deck.errors import DeckError


def invoke(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_the_file_and_its_folder_are_synced_around_the_rename(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(handle):
        events.append("fsync folder" if os.path.isdir(f"/proc/self/fd/{handle}") else "fsync file")
        real_fsync(handle)

    def replace(source, target):
        events.append("rename")
        real_replace(source, target)

    monkeypatch.setattr(files.os, "fsync", fsync)
    monkeypatch.setattr(files.os, "replace", replace)
    files.write_atomic(tmp_path / "deck.pdf", b"%PDF")
    assert events == ["fsync file", "rename", "fsync folder"]
    assert (tmp_path / "deck.pdf").read_bytes() == b"%PDF"


def test_temporaries_of_a_killed_run_are_removed_and_nothing_else(tmp_path):
    output = tmp_path / "deck.pdf"
    old = time.time() - 3600
    stale = tmp_path / ".deck.pdf.k1ll3d_x.tmp"       # left by a killed build of this very file
    other = tmp_path / ".other.pdf.k1ll3d_x.tmp"      # another file's
    young = tmp_path / ".deck.pdf.runn1ng_.tmp"       # made after this run started: someone else's, live
    locked = tmp_path / ".deck.pdf.l0cked__.tmp"      # old, but its writer still holds it
    mine = tmp_path / ".deck.pdf.notours.tmp.bak"     # not a name tempfile makes
    for path in (stale, other, young, locked, mine):
        path.write_bytes(b"half a PDF")
    for path in (stale, other, locked, mine):
        os.utime(path, (old, old))
    os.utime(young, (files.RUN_STARTED + 60, files.RUN_STARTED + 60))
    import fcntl

    with open(locked, "rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        build(output=output)
    left = sorted(path.name for path in tmp_path.iterdir())
    assert left == sorted(["deck.pdf", other.name, young.name, locked.name, mine.name])


def test_a_write_refused_by_the_system_is_a_message_with_the_file(tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    result = invoke("build", "-o", tmp_path / "deck.pdf")
    assert result.exit_code == 1
    assert result.stderr == (f"error: {tmp_path / 'deck.pdf'}: cannot write this file: you have no permission "
                             "for it; choose another place with -o\n1 problem found; nothing was written.\n")


def test_an_os_error_from_anywhere_is_a_message_not_a_traceback(monkeypatch):
    import deck.content

    def broken(folder):
        raise OSError(5, "Input/output error", "content/deck.yaml")

    monkeypatch.setattr(deck.content, "load_deck", broken)
    result = invoke("build")
    assert result.exit_code == 1 and result.exc_info[0] is SystemExit
    assert result.stderr.startswith("error: content/deck.yaml: Input/output error\n")


def test_ctrl_c_exits_130_and_says_nothing_was_written(tmp_path, monkeypatch):
    output = tmp_path / "deck.pdf"
    output.write_bytes(b"%PDF-1.7 previous")
    import deck.forms

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(deck.forms, "draw_face", interrupted)
    result = invoke("build", "-o", output)
    assert result.exit_code == 130
    assert result.stderr == "stopped; nothing was written.\n"
    assert "Aborted" not in result.output
    assert output.read_bytes() == b"%PDF-1.7 previous"
    assert [path.name for path in tmp_path.iterdir()] == ["deck.pdf"]


def test_an_error_raised_while_python_stops_for_ctrl_c_is_ctrl_c(tmp_path, monkeypatch):
    """Ctrl-C in the middle of an import leaves the module half made, and the next line that uses
    it raises (AttributeError: partially initialized module 'yaml'): still Ctrl-C, exit 130, no
    traceback."""
    import deck.forms

    def interrupted(*args, **kwargs):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise AttributeError("partially initialized module 'yaml' has no attribute 'error'")

    monkeypatch.setattr(deck.forms, "draw_face", interrupted)
    result = invoke("build", "-o", tmp_path / "deck.pdf")
    assert (result.exit_code, result.stderr) == (130, "stopped; nothing was written.\n")
    assert list(tmp_path.iterdir()) == []


def test_messages_escape_what_would_steer_the_terminal():
    from deck.cli import printable

    assert printable("a\x1b[2Jb\x07c\u202ed\ttab") == "a\\x1b[2Jb\\x07c\\u202ed\\ttab"
    assert printable("Zoë ‘quoted’ 🙂\nnext") == "Zoë ‘quoted’ 🙂\nnext"


def test_a_failed_preview_leaves_the_pdf_of_the_same_rebuild_unwritten(tmp_path):
    """deck watch writes the PDF and its preview together: both or neither."""
    output = tmp_path / "deck.pdf"
    output.write_bytes(b"%PDF-1.7 previous")
    (tmp_path / "deck-preview.png").mkdir()
    with pytest.raises(DeckError, match="this is a folder"):
        build(output=output, with_preview=True)
    assert output.read_bytes() == b"%PDF-1.7 previous"


def test_an_output_is_refused_before_the_work(tmp_path, monkeypatch):
    """A refused output costs no fitting: the user hears at once."""
    import deck.copyfit

    def never(*args, **kwargs):
        raise AssertionError("fitted although the output was refused")

    monkeypatch.setattr(deck.copyfit, "fit_deck", never)
    content = tmp_path / "content"
    shutil.copytree(default_content(), content)
    result = invoke("build", "--content", content, "-o", content / "deck.yaml")
    assert result.exit_code == 1
    assert "this is one of the files the deck is made from" in result.stderr


@pytest.mark.parametrize("command", [("check",), ("card", "3", "--png"), ("export", "x.xlsx")])
def test_ctrl_c_in_any_command_exits_130(tmp_path, monkeypatch, command):
    import deck.content

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(deck.content, "load_deck", interrupted)
    result = invoke(*command)
    assert (result.exit_code, result.stderr) == (130, "stopped; nothing was written.\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, message", [
    (("build", "-o", "boek.docx"), "boek.docx: deck writes a PDF here, and a file called boek.docx would be taken "
                                   "for another kind; name it boek.pdf"),
    (("preview", "-o", "p.pdf"), "p.pdf: deck writes a PNG here, and a file called p.pdf would be taken for another "
                                 "kind; name it p.png"),
    (("card", "1", "--png", "-o", "kaart.png"), "with --png, -o names the folder both faces go into (a front and a "
                                                "back image), not a file: for example -o kaart/"),
])
def test_an_output_named_for_another_kind_of_file_is_refused(tmp_path, monkeypatch, args, message):
    """(deck build -o boek.docx wrote a PDF under that name; --png -o kaart.png made a folder kaart.png.)"""
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 1
    assert result.stderr == f"error: {message}\n1 problem found; nothing was written.\n"
    assert list(tmp_path.iterdir()) == []


def test_a_card_named_as_an_image_is_told_about_png(here):
    """(deck card 3 -o kaart.png answered 'name it kaart.pdf', and never mentioned --png.)"""
    from helpers import deck

    result = deck("card", "3", "-o", "kaart.png")
    assert result.exit_code == 1
    assert "deck card writes a PDF; for images add --png, which writes both faces as PNG images into a folder: " \
           "deck card 3 --png -o kaart/" in result.stderr
    assert not (here / "kaart.png").exists()
