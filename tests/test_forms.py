"""Faces drawn as forms (deck/forms.py): a large deck is drawn by a helper process beside the main
one, and the file is byte for byte the file drawn by one process; a face the helper cannot draw
alone is drawn by the main process; an interrupted build leaves no helper behind."""
import os
import re
import shutil
from pathlib import Path

import pytest

import deck
import deck.forms as forms
import deck.sheets

CONTENT = Path(__file__).resolve().parent.parent / "content"
COPIES = 6  # 48 cards: above forms.SMALLEST_DECK


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """The bundled deck's eight cards six times over, each copy with its own ids and numbers."""
    folder = tmp_path_factory.mktemp("large")
    shutil.copy(CONTENT / "deck.yaml", folder / "deck.yaml")
    (folder / "cards").mkdir()
    for path in sorted((CONTENT / "cards").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        number = int(re.search(r"^number: (\d+)$", text, re.M).group(1))
        for copy in range(COPIES):
            new = copy * 8 + number
            card = re.sub(r"^number: \d+$", f"number: {new}", text, count=1, flags=re.M)
            card = re.sub(r"^id: (\S+)$", rf"id: \1-{copy}", card, count=1, flags=re.M)
            (folder / "cards" / f"{new:02d}-{path.stem[3:]}.yaml").write_text(card, encoding="utf-8")
    return folder


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
    monkeypatch.setattr(forms, "_two_cores", lambda cards: cards >= forms.SMALLEST_DECK)  # on any machine
    return counted


def _alone(monkeypatch):
    monkeypatch.setattr(forms, "_two_cores", lambda cards: False)


def test_a_large_deck_drawn_with_a_helper_is_the_file_drawn_alone(large, tmp_path, helped, monkeypatch):
    with_helper = deck.build(large, None, tmp_path / "two.pdf").read_bytes()
    assert helped["helper"] == int((COPIES * 8 + 1) * forms.HELPER_SHARE) and helped["here"] == 0  # and the intro
    _alone(monkeypatch)
    assert deck.build(large, None, tmp_path / "one.pdf").read_bytes() == with_helper


def test_the_helper_leaves_a_face_it_cannot_draw_alone_to_the_main_process(large, tmp_path, helped, monkeypatch):
    """A character given no code ahead (here: every one) would get its code in the helper's copy of
    the document only: the helper stops there and the main process draws the rest, as it would."""
    monkeypatch.setattr(deck.sheets, "encode_ahead", lambda canvas, layout, characters: None)
    with_helper = deck.build(large, None, tmp_path / "two.pdf").read_bytes()
    assert helped["here"] > 0
    _alone(monkeypatch)
    assert deck.build(large, None, tmp_path / "one.pdf").read_bytes() == with_helper


def test_the_brand_layout_with_a_logo_on_every_face_is_drawn_by_the_helper_too(large, tmp_path, helped,
                                                                                monkeypatch):
    with_helper = deck.build(large, "example-brand", tmp_path / "two.pdf").read_bytes()
    assert helped["helper"] > 0 and helped["here"] == 0
    _alone(monkeypatch)
    assert deck.build(large, "example-brand", tmp_path / "one.pdf").read_bytes() == with_helper


def test_an_interrupted_build_leaves_no_helper_behind(large, tmp_path, helped, monkeypatch):
    original = forms._draw
    drawn = []

    def interrupted(canvas, name, face, layout):
        drawn.append(name)
        if len(drawn) == 10:  # the helper is at work by now
            raise KeyboardInterrupt
        original(canvas, name, face, layout)
    monkeypatch.setattr(forms, "_draw", interrupted)
    target = tmp_path / "deck.pdf"
    with pytest.raises(KeyboardInterrupt):
        deck.build(large, None, target)
    assert not target.exists()
    with pytest.raises(ChildProcessError):  # every child reaped: none left running or a zombie
        os.waitpid(-1, os.WNOHANG)
