"""Faces drawn as forms (deck/forms.py): a large deck is drawn by a helper process beside the main
one, and the file is byte for byte the file drawn by one process; a face the helper cannot draw
alone is drawn by the main process; an interrupted build leaves no helper behind."""

import pytest

import deck
from helpers import interrupted_build_leaves_nothing
import deck.cores as cores
import deck.forms as forms
import deck.sheets

CARDS = 6 * 8 + 1  # conftest's large_deck, and its intro card


@pytest.fixture
def helped(monkeypatch):
    """Counts the cards the helper process drew (read back by the main one)."""
    counted = {"helper": 0, "here": 0}

    class Counted(forms.Helper):
        def receive(self):
            drawn = super().receive()
            counted["helper" if drawn is not None else "here"] += 1
            return drawn
    monkeypatch.setattr(forms, "Helper", Counted)
    monkeypatch.setattr(cores, "spare_core", lambda: True)  # on any machine
    return counted


def _alone(monkeypatch):
    monkeypatch.setattr(forms, "helps", lambda cards: False)


def test_a_large_deck_drawn_with_a_helper_is_the_file_drawn_alone(large_deck, tmp_path, helped, monkeypatch):
    with_helper = deck.build(large_deck, None, tmp_path / "two.pdf").read_bytes()
    assert helped["helper"] == int(CARDS * forms.HELPER_SHARE) and helped["here"] == 0  # and the intro
    _alone(monkeypatch)
    assert deck.build(large_deck, None, tmp_path / "one.pdf").read_bytes() == with_helper


def test_the_helper_leaves_a_face_it_cannot_draw_alone_to_the_main_process(large_deck, tmp_path, helped, monkeypatch):
    """A character given no code ahead (here: every one) would get its code in the helper's copy of
    the document only: the helper stops there and the main process draws the rest, as it would."""
    monkeypatch.setattr(deck.sheets, "encode_ahead", lambda canvas, layout, characters: None)
    with_helper = deck.build(large_deck, None, tmp_path / "two.pdf").read_bytes()
    assert helped["here"] > 0
    _alone(monkeypatch)
    assert deck.build(large_deck, None, tmp_path / "one.pdf").read_bytes() == with_helper


def test_the_brand_layout_with_a_logo_on_every_face_is_drawn_by_the_helper_too(large_deck, tmp_path, helped,
                                                                                monkeypatch):
    with_helper = deck.build(large_deck, "example-brand", tmp_path / "two.pdf").read_bytes()
    assert helped["helper"] > 0 and helped["here"] == 0
    _alone(monkeypatch)
    assert deck.build(large_deck, "example-brand", tmp_path / "one.pdf").read_bytes() == with_helper


def test_an_interrupted_build_leaves_no_helper_behind(large_deck, tmp_path, helped, monkeypatch):
    original = forms._draw
    drawn = []

    def interrupted(canvas, name, face, layout):
        drawn.append(name)
        if len(drawn) == 10:  # the helper is at work by now
            raise KeyboardInterrupt
        original(canvas, name, face, layout)
    monkeypatch.setattr(forms, "_draw", interrupted)
    target = tmp_path / "deck.pdf"
    interrupted_build_leaves_nothing(lambda: deck.build(large_deck, None, target), target)


def _writers(monkeypatch, tmp_path):
    """The processes that write the deck's kept paragraphs (typecache._write), by pid, in a file: a
    helper's writes would not reach a list of this process."""
    import os

    import deck.typecache as typecache

    record = tmp_path / "writers.txt"
    original = typecache._write

    def noted(entry, breaks):
        with open(record, "a", encoding="utf-8") as file:
            file.write(f"{os.getpid()}\n")
        original(entry, breaks)
    monkeypatch.setattr(typecache, "_write", noted)
    monkeypatch.setenv("DECK_CACHE", str(tmp_path / "cache"))
    return lambda: record.read_text(encoding="utf-8").split() if record.exists() else []


def test_the_helper_writes_the_paragraphs_to_keep_before_the_build_ends(large_deck, tmp_path, helped, monkeypatch):
    """Pickling them is the helper's, once its share is drawn (the main process still makes the
    sheets); the build waits for it, so the next run finds them."""
    import os

    writers = _writers(monkeypatch, tmp_path)
    deck.build(large_deck, None, tmp_path / "deck.pdf")
    assert helped["helper"] > 0
    (pid,) = writers()
    assert int(pid) != os.getpid()
    assert list((tmp_path / "cache" / "typeset").glob("*.pickle"))


def test_without_a_helper_to_be_had_the_paragraphs_are_written_here(large_deck, tmp_path, helped, monkeypatch):
    import os

    def no_process():
        raise OSError("no more processes")
    writers = _writers(monkeypatch, tmp_path)
    monkeypatch.setattr(cores.os, "fork", no_process)
    deck.build(large_deck, None, tmp_path / "deck.pdf")
    assert helped["helper"] == 0 and writers() == [str(os.getpid())]
