"""Typeset paragraphs kept between runs (deck/typecache.py): a build with them is the same PDF as
one without; an edited card is set again and nothing else; a broken entry is set again; a changed
font is never answered from the old entry; a whole build keeps only what the deck uses."""
import pickle
import shutil
from pathlib import Path

import pytest

import deck
from deck import linebreak, typecache

CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture
def cache_in(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("DECK_CACHE", str(folder))
    return folder


@pytest.fixture
def own(tmp_path):
    folder = tmp_path / "deck"
    shutil.copytree(CONTENT, folder)
    return folder


@pytest.fixture
def breaking(monkeypatch):
    """Counts the paragraphs broken into lines (not answered from a cache)."""
    calls = []
    original = linebreak.break_paragraph

    def counted(words, *args, **kwargs):
        calls.append(" ".join(words))
        return original(words, *args, **kwargs)
    plain = linebreak.set_plain

    def counted_plain(text, *args):  # (the common case, set in one compiled call)
        packed = plain(text, *args)
        if packed is not None:
            calls.append(text)
        return packed
    import deck.typeset
    monkeypatch.setattr(deck.typeset, "break_paragraph", counted)
    monkeypatch.setattr(deck.typeset, "set_plain", counted_plain)
    return calls


def entries(cache_in):
    return sorted((cache_in / typecache.KIND).glob("*.pickle"))


def test_a_second_build_breaks_no_paragraph_and_writes_the_same_pdf(cache_in, own, tmp_path, breaking, monkeypatch):
    monkeypatch.setenv("DECK_CACHE", "off")
    plain = deck.build(own, None, tmp_path / "plain.pdf").read_bytes()
    monkeypatch.setenv("DECK_CACHE", str(cache_in))
    breaking.clear()
    assert deck.build(own, None, tmp_path / "first.pdf").read_bytes() == plain
    assert len(breaking) > 300
    (entry,) = entries(cache_in)
    written = entry.stat().st_mtime_ns
    breaking.clear()
    assert deck.build(own, None, tmp_path / "second.pdf").read_bytes() == plain
    assert breaking == []
    assert entry.stat().st_mtime_ns == written  # nothing new: not written again


def test_an_edited_card_is_set_again_and_nothing_else(cache_in, own, tmp_path, breaking, monkeypatch):
    deck.build(own, None, tmp_path / "first.pdf")
    (entry,) = entries(cache_in)
    old = "succesvol worden opgepakt"  # the end of card 3's summary

    def kept_texts():
        return {text for table in pickle.loads(entry.read_bytes()).values() for text in table}
    assert any(old in text for text in kept_texts())
    card = own / "cards" / "03-teamleren.yaml"
    text = card.read_text(encoding="utf-8")
    start = text.index("summary:")
    end = text.index("challenges:")
    card.write_text(text[:start] + "summary: Een heel andere samenvatting van deze kaart, kort gehouden.\n" + text[end:],
                    encoding="utf-8")
    breaking.clear()
    edited = deck.build(own, None, tmp_path / "edited.pdf").read_bytes()
    assert breaking and all("andere samenvatting" in text for text in breaking)
    monkeypatch.setenv("DECK_CACHE", "off")
    assert deck.build(own, None, tmp_path / "plain.pdf").read_bytes() == edited
    # the whole build kept only what the edited deck uses: the old summary is gone
    assert not any(old in text for text in kept_texts())


def test_a_broken_entry_is_set_again(cache_in, own, tmp_path, breaking):
    plain = deck.build(own, None, tmp_path / "first.pdf").read_bytes()
    (entry,) = entries(cache_in)
    entry.write_bytes(b"not a pickle")
    breaking.clear()
    assert deck.build(own, None, tmp_path / "second.pdf").read_bytes() == plain
    assert len(breaking) > 300


def test_another_font_never_reads_the_old_entry(cache_in, own, tmp_path):
    deck.build(own, None, tmp_path / "first.pdf")
    fonts = own / "fonts"
    fonts.mkdir()
    source = CONTENT.parent / "fonts"
    for name in ("Regular", "Bold", "Italic", "BoldItalic"):
        shutil.copy(source / f"Caladea-{name}.ttf", fonts / f"Lato-{name}.ttf")  # same names, other letters
    layout = own / "mine.yaml"
    layout.write_text("extends: default\nfonts:\n  regular: fonts/Lato-Regular.ttf\n  bold: fonts/Lato-Bold.ttf\n"
                      "  italic: fonts/Lato-Italic.ttf\n  bold_italic: fonts/Lato-BoldItalic.ttf\n", encoding="utf-8")
    deck.build(own, str(layout), tmp_path / "caladea.pdf")
    assert len(entries(cache_in)) == 2
    for name in ("Regular", "Bold"):  # the files change under the same names
        shutil.copy(source / f"Lato-{name}.ttf", fonts / f"Lato-{name}.ttf")
    # (a process registers a font file once; the next run would draw with the new one)
    deck.build(own, str(layout), tmp_path / "changed.pdf")
    assert len(entries(cache_in)) == 3  # a new entry: the old one was not asked


def test_exporting_one_card_adds_to_the_entry_and_keeps_the_rest(cache_in, own, tmp_path, breaking):
    deck.build(own, None, tmp_path / "deck.pdf")
    (entry,) = entries(cache_in)
    def paragraphs():
        return sum(map(len, pickle.loads(entry.read_bytes()).values()))
    whole = paragraphs()
    deck.build_card("3", own, None, tmp_path / "card.pdf", bleed=False)
    assert paragraphs() >= whole
    breaking.clear()
    deck.build(own, None, tmp_path / "again.pdf")
    assert breaking == []


def test_only_the_latest_entries_are_kept(cache_in, tmp_path, monkeypatch):
    monkeypatch.setattr(typecache, "KEEP", 2)
    for number in range(3):
        folder = tmp_path / f"deck{number}"
        shutil.copytree(CONTENT, folder)
        deck.build(folder, None, tmp_path / f"deck{number}.pdf")
    assert len(entries(cache_in)) == 2
