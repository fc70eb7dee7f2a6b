"""The per-user cache: what it keeps gives the same result as making it afresh, a changed or broken
entry is made again, and a cache that cannot be written only makes deck slower."""
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from deck import cache
from deck.errors import DeckError, DeckErrors
from deck.fonts import CachedTTFont
from helpers import layout_file

FONT = Path(__file__).resolve().parents[1] / "fonts" / "Lato-Bold.ttf"


@pytest.fixture
def cache_in(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("DECK_CACHE", str(folder))
    return folder


def test_an_entry_is_made_once_and_read_after(cache_in, tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("one")
    calls = []
    assert cache.remembered("test", source, lambda: calls.append(1) or "made") == "made"
    assert cache.remembered("test", source, lambda: calls.append(1) or "again") == "made"
    assert len(calls) == 1
    source.write_text("two")  # a changed file is a new entry
    assert cache.remembered("test", source, lambda: "new") == "new"


def test_a_broken_entry_is_made_again(cache_in, tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("one")
    cache.remembered("test", source, lambda: "made")
    (entry,) = (cache_in / "test").glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert cache.remembered("test", source, lambda: "again") == "again"


@pytest.mark.skipif(os.name != "posix", reason="permissions are POSIX")
def test_a_folder_others_may_write_to_is_never_read(cache_in, tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("one")
    cache.remembered("test", source, lambda: "made")
    (entry,) = (cache_in / "test").glob("*.pickle")
    entry.write_bytes(pickle.dumps("planted"))
    (cache_in / "test").chmod(0o777)
    assert cache.remembered("test", source, lambda: "honest") == "honest"


def test_an_unwritable_cache_is_only_slower(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("in the way")
    monkeypatch.setenv("DECK_CACHE", str(blocked / "cache"))
    source = tmp_path / "source.txt"
    source.write_text("one")
    assert cache.remembered("test", source, lambda: "made") == "made"


def test_a_cached_font_is_the_font_reportlab_reads(cache_in):
    fresh = TTFont("fresh", str(FONT))
    for attempt in range(2):  # made, then read from the cache
        cached = CachedTTFont("fresh", FONT)
        assert set(vars(cached)) == set(vars(fresh))
        assert set(vars(cached.face)) == set(vars(fresh.face))
        for key, value in vars(fresh.face).items():
            if key != "_pdfScale":
                assert getattr(cached.face, key) == value, key
        assert [cached.face._pdfScale(v) for v in (1, 1000, 2048)] == [fresh.face._pdfScale(v) for v in (1, 1000, 2048)]


def deck_build(output: Path, cache_setting: str) -> bytes:
    environment = {**os.environ, "DECK_CACHE": cache_setting}
    subprocess.run([sys.executable, "-m", "deck.cli", "build", "-o", str(output)], env=environment, check=True,
                   capture_output=True)
    return output.read_bytes()


def test_builds_with_and_without_the_cache_are_byte_identical(tmp_path):
    """Whole processes: a process registers its fonts once, so only a new one reads the cache."""
    plain = deck_build(tmp_path / "plain.pdf", "off")
    folder = tmp_path / "cache"
    assert deck_build(tmp_path / "first.pdf", str(folder)) == plain
    kinds = {re.sub(r"-(?=[0-9a-f.]*[0-9])[0-9a-f.]+$", "", path.name) for path in folder.iterdir()}  # less versions, digests
    assert kinds - {"source-checkout"} == {"font-facts", "font-face", "hyphenation-2", "kerning-2-harfbuzz", "hyphenation-breaks-1-nl_NL", "hyphenation-languages",
                     "checked-deck", "checked-card", "checked-layout", "layout-defaults", "typeset", "digests"}
    assert deck_build(tmp_path / "second.pdf", str(folder)) == plain


def test_a_build_after_its_cache_folder_was_deleted_or_damaged_is_byte_identical(tmp_path):
    import shutil

    folder = tmp_path / "cache"
    first = deck_build(tmp_path / "first.pdf", str(folder))
    shutil.rmtree(folder)
    assert deck_build(tmp_path / "again.pdf", str(folder)) == first
    for entry in folder.glob("*/*.pickle"):
        entry.write_bytes(entry.read_bytes()[:len(entry.read_bytes()) // 2])  # cut short, as a full disk leaves it
    assert deck_build(tmp_path / "damaged.pdf", str(folder)) == first
    assert deck_build(tmp_path / "mended.pdf", str(folder)) == first


@pytest.mark.parametrize("damage", [
    b"\x80\x04\x8d\xff\xff\xff\xff\xff\xff\xff\xff",  # a length no pickle has: OverflowError
    pickle.dumps(None), pickle.dumps(("a",)), pickle.dumps({"unitsPerEm": "x"}),  # of another shape
], ids=["bad length", "None", "short tuple", "wrong dict"])
def test_every_cache_entry_damaged_on_disk_is_made_again(tmp_path, damage):
    """Never a traceback, nor a problem blamed on the user's layout (a wrong font-facts entry was
    told as 'layout.yaml:3:12: 'fonts.regular': not enough values to unpack')."""
    folder = tmp_path / "cache"
    first = deck_build(tmp_path / "first.pdf", str(folder))
    for entry in folder.glob("*/*.pickle"):
        entry.write_bytes(damage)
    assert deck_build(tmp_path / "damaged.pdf", str(folder)) == first


def test_a_files_digest_is_its_sha256_and_follows_every_change(tmp_path):
    import hashlib

    source = tmp_path / "font.ttf"
    for text in ("one", "two", "three"):  # the same size and clock tick as the last, and then not
        source.write_text(text)
        assert cache.content_digest(source) == hashlib.sha256(text.encode()).digest()
    settled = 1_000_000_000  # 2001: a file nobody is changing now, hashed once per process
    os.utime(source, ns=(settled, settled))
    assert cache.content_digest(source) == hashlib.sha256(b"three").digest()
    source.write_text("four!")  # a new time and size: hashed again
    os.utime(source, ns=(settled + 1, settled + 1))
    assert cache.content_digest(source) == hashlib.sha256(b"four!").digest()


def test_a_files_digest_is_kept_for_the_next_run_until_the_file_changes(cache_in, tmp_path, monkeypatch):
    """A font is hashed by one run and its digest read by the next, without reading the font; a
    file written over since, to the same size and modification time, is hashed again."""
    import hashlib

    source = tmp_path / "font.ttf"
    source.write_bytes(b"one")
    code = f"from deck import cache; cache._SETTLED = -1; cache.content_digest({str(source)!r})"
    subprocess.run([sys.executable, "-c", code], env={**os.environ, "DECK_CACHE": str(cache_in)}, check=True)
    for name, fresh in (("_DIGESTS", {}), ("_DIGESTS_NEW", []), ("_DIGESTS_READ", False)):
        monkeypatch.setattr(cache, name, fresh)
    monkeypatch.setattr(cache, "_SETTLED", -1)
    read = Path.read_bytes

    def unread(path):
        assert Path(path) != source, "read again"
        return read(path)
    monkeypatch.setattr(Path, "read_bytes", unread)
    assert cache.content_digest(source) == hashlib.sha256(b"one").digest()
    times = source.stat()
    monkeypatch.setattr(Path, "read_bytes", read)
    source.write_bytes(b"two")
    os.utime(source, ns=(times.st_atime_ns, times.st_mtime_ns))  # (its change time is now's all the same)
    assert cache.content_digest(source) == hashlib.sha256(b"two").digest()


def test_a_fonts_subset_tags_come_from_the_files_bytes(cache_in):
    import hashlib

    from deck.subsets import TaggedTTFont

    assert TaggedTTFont("tagged", FONT).digest == hashlib.sha256(FONT.read_bytes()).digest()


def test_a_value_kept_for_a_file_is_recalled_unless_refused_or_the_file_changed(cache_in, tmp_path):
    source = tmp_path / "font.ttf"
    source.write_text("one")
    assert cache.recall("grows", source, lambda value: True) is None
    cache.keep("grows", source, {"AV": -80.0})
    assert cache.recall("grows", source, lambda value: True) == {"AV": -80.0}
    assert cache.recall("grows", source, lambda value: False) is None
    cache.keep("grows", source, {"AV": -80.0, "To": -60.0})  # kept again: the last one counts
    assert cache.recall("grows", source, lambda value: True) == {"AV": -80.0, "To": -60.0}
    source.write_text("two")
    assert cache.recall("grows", source, lambda value: True) is None


@pytest.fixture
def registered(cache_in):
    from deck.fonts import register_fonts
    from deck.layouts import load_layout
    from deck.measure import kerning

    kerning.cache_clear()
    yield register_fonts(load_layout("default"))["bold"]
    kerning.cache_clear()


def test_kept_kerning_pairs_are_the_pairs_harfbuzz_gives(registered):
    from deck.measure import Kerning, keep_pairs

    pairs = ["Vo", "Te", "oo", "AV", "f.", "rk", "a ", "ëe"]
    fresh = Kerning(registered)
    shaped = {pair: fresh.pair(pair) for pair in pairs}
    assert fresh._pairs == shaped and shaped["Vo"] < -50
    from deck.measure import _IN_USE

    heights = {text: fresh.top(text) for text in ("Hbdfhklt", "0123456789")}
    assert 600 < heights["Hbdfhklt"] < 800
    _IN_USE.append(fresh)
    keep_pairs()
    kept = Kerning(registered)
    assert kept._pairs == shaped  # read back, not shaped again
    kept._shape = None  # a pair it knows is never shaped
    kept._read = object()  # nor a height measured: HarfBuzz is not even opened
    assert [kept.pair(pair) for pair in pairs] == list(shaped.values())
    assert {text: kept.top(text) for text in heights} == heights


def test_wrong_kerning_pairs_in_the_cache_are_not_used(registered):
    from deck.measure import Kerning, _pairs_kind

    path = Kerning(registered)._path
    for wrong in (({"Vo": "-80"}, {}), ({"Vox": -80.0}, {}), (["Vo", -80.0], {}), ({"Vo": 1}, {}),
                  ({"Vo": -80.0}, {"Hb": "700"}), ({"Vo": -80.0},), {"Vo": -80.0}):
        cache.keep(_pairs_kind(), path, wrong)
        font = Kerning(registered)
        assert font._pairs == {} and font._tops == {}
        assert font.pair("Vo") < -50


WORDS = ["werknemers", "leidinggevenden", "organisatiestructuur", "HR-functionaris", "(teamleren),", "de",
         "financiële", "kwaliteitsverbetering", "team/afdeling"]


@pytest.fixture
def fresh_tables(cache_in):
    """A process's tables as a new process finds them."""
    from deck import hyphenate

    tables = hyphenate._TABLES, hyphenate._KEPT, hyphenate._FOUND, hyphenate._LANGUAGES
    saved = [dict(table) for table in tables]

    def new_process():
        for table in tables:
            table.clear()
    new_process()
    hyphenate.new_process = new_process
    yield hyphenate
    del hyphenate.new_process
    for table, old in zip(tables, saved):
        table.clear()
        table.update(old)


def test_kept_hyphenation_breaks_are_the_breaks_found_afresh(fresh_tables, monkeypatch):
    hyphenate = fresh_tables
    found = {word: hyphenate.Hyphenator("nl-NL").breaks(word) for word in WORDS}
    assert any(found.values())
    hyphenate.keep_breaks()
    hyphenate.new_process()  # the kept words are read, nothing is hyphenated again
    monkeypatch.setattr(hyphenate, "_patterns", None)
    monkeypatch.setattr(hyphenate.compounds, "joints", None)
    again = hyphenate.Hyphenator("nl-NL")
    assert {word: again.breaks(word) for word in WORDS} == found
    assert all(type(brk) is hyphenate.Break for word in WORDS for brk in again.breaks(word))


def test_the_kept_words_are_read_only_when_a_word_is_asked(fresh_tables, monkeypatch):
    hyphenate = fresh_tables
    hyphenate.Hyphenator("nl-NL").breaks("werknemers")
    hyphenate.keep_breaks()
    hyphenate.new_process()
    reads = []
    kept_breaks = hyphenate._kept_breaks
    monkeypatch.setattr(hyphenate, "_kept_breaks", lambda code: reads.append(code) or kept_breaks(code))
    hyphenator = hyphenate.Hyphenator("nl-NL")
    hyphenator.forget()
    hyphenate.keep_breaks()
    assert reads == []  # a rebuild sets no new paragraph: the table is not read
    hyphenator.breaks("de")
    hyphenator.breaks("werknemers")
    assert reads == ["nl_NL"]  # once


def test_wrong_kept_breaks_are_not_used(fresh_tables):
    hyphenate = fresh_tables
    kind, source = hyphenate._breaks_kind("nl_NL"), hyphenate._patterns_file("nl_NL")
    right = hyphenate.Hyphenator("nl-NL").breaks("werknemers")
    assert right
    for wrong in ({"werknemers": (("werk", "nemers", True, 50),)}, {"werknemers": [("werk", "nemers", True, 50, "joint")]},
                  {"werknemers": (("werk", "nemers", "yes", 50, "joint"),)}, {"werknemers": "werk-nemers"},
                  ["werknemers"], "werknemers"):
        cache.keep(kind, source, wrong)
        hyphenate.new_process()
        assert hyphenate.Hyphenator("nl-NL").breaks("werknemers") == right, wrong


def test_the_kept_words_are_bounded_the_most_recent_kept(fresh_tables, monkeypatch):
    hyphenate = fresh_tables
    monkeypatch.setattr(hyphenate, "MAX_KEPT_WORDS", 4)
    hyphenator = hyphenate.Hyphenator("nl-NL")
    for word in WORDS[:3]:
        hyphenator.breaks(word)
    hyphenate.keep_breaks()
    hyphenate.new_process()
    hyphenator = hyphenate.Hyphenator("nl-NL")
    for word in WORDS[1:2] + WORDS[3:5]:  # one kept word asked again, two new ones
        hyphenator.breaks(word)
    hyphenate.keep_breaks()
    kept = cache.recall(hyphenate._breaks_kind("nl_NL"), hyphenate._patterns_file("nl_NL"), lambda value: True)
    assert list(kept) == [WORDS[2], WORDS[1], WORDS[3], WORDS[4]]


def test_kept_breaks_are_for_one_language_and_the_code_that_found_them(fresh_tables):
    hyphenate = fresh_tables
    dutch = hyphenate._breaks_kind("nl_NL")
    assert dutch != hyphenate._breaks_kind("de_DE")
    assert dutch.endswith(cache.code_stamp())  # deck's rules and word list, pyphen (test below)


def test_a_language_known_before_needs_no_pyphen(fresh_tables, monkeypatch):
    hyphenate = fresh_tables
    found = hyphenate.Hyphenator("nl-NL")._code, hyphenate._dictionary("nl-NL")
    assert found[0] == "nl_NL" and Path(found[1][1]).name == "hyph_nl_NL.dic"
    hyphenate._LANGUAGES.clear()  # a new process
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "pyphen", None)
        assert (hyphenate.Hyphenator("nl-NL")._code, hyphenate._dictionary("nl-NL")) == found
        with pytest.raises(ImportError):  # a language not asked before is looked up in pyphen
            hyphenate.Hyphenator("de-DE")
    with pytest.raises(ValueError, match="no hyphenation patterns for 'xx-XX'"):
        hyphenate.Hyphenator("xx-XX")
    assert "xx-XX" not in hyphenate._LANGUAGES
    hyphenate._LANGUAGES.clear()  # nor in the cache
    hyphenate._dictionary("nl-NL")
    assert set(hyphenate._LANGUAGES) == {"nl-NL"}


def copy_of_bundled_deck(tmp_path) -> Path:
    import shutil

    from deck import default_content

    folder = tmp_path / "deck"
    shutil.copytree(default_content(), folder)
    return folder


@pytest.fixture
def no_yaml(monkeypatch):
    """Makes reading any YAML text fail: what is still read comes from the cache."""
    def refuse(*args, **kwargs):
        raise AssertionError("parsed YAML")

    def apply():
        for module in ("deck.yamlread", "deck.yamlcheck", "deck.layouts"):
            monkeypatch.setattr(f"{module}.parse_yaml", refuse)
    return apply


def test_a_deck_checked_before_is_read_from_the_cache_as_it_was_checked(cache_in, tmp_path, no_yaml):
    from deck.content import load_deck

    folder = copy_of_bundled_deck(tmp_path)
    first = load_deck(folder)
    no_yaml()
    again = load_deck(folder)
    assert again == first
    assert again.places == first.places and [card.places for card in again.cards] == [card.places for card in first.cards]
    # each card's characters kept with its checked file, as the card's texts give them
    assert all("characters" in card.__dict__ for card in again.cards)
    assert [card.characters for card in again.cards] == [
        "".join(sorted(set("".join(text for _, text in card.printed())))) for card in again.cards]
    assert again.characters == first.characters and "ï" in again.characters


def test_a_card_changed_in_memory_prints_its_own_characters(tmp_path):
    """The characters a checked card keeps are its file's: a card changed by dataclasses.replace
    (the studio's edits, tests) works its own out."""
    import dataclasses

    from deck.content import load_deck, with_card

    deck = load_deck(copy_of_bundled_deck(tmp_path))
    assert "Ω" not in deck.characters
    changed = dataclasses.replace(deck.cards[2], title="Ωmega")
    assert "Ω" in changed.characters and "Ω" in with_card(deck, changed).characters


def test_a_changed_file_is_checked_again(cache_in, tmp_path):
    from deck.content import load_deck

    folder = copy_of_bundled_deck(tmp_path)
    load_deck(folder)
    card = sorted((folder / "cards").glob("*.yaml"))[2]
    card.write_text(card.read_text(encoding="utf-8").replace("title:", "title: Een nieuwe titel\nold_title:", 1),
                    encoding="utf-8")
    with pytest.raises(DeckErrors) as failed:
        load_deck(folder)
    assert "unknown key 'old_title'" in str(failed.value)
    with pytest.raises(DeckErrors):  # a file with a problem is never kept: the problem stays
        load_deck(folder)


@pytest.mark.parametrize("edit, message", [
    (lambda text: text.replace('summary: "', 'summary: "Lees ' + "QmFzZTY0" * 25 + " hier. ", 1), "has a word of 200"),
    (lambda text: text.replace('title: "Teamleren en samenwerken bevorderen"', "title: Teamleren #trots", 1),
     "' #' starts a comment"),
])
def test_a_card_whose_printed_text_has_a_problem_is_checked_again_every_time(cache_in, tmp_path, edit, message):
    """What a card prints is checked with its file (a word too long to set, a text cut by a
    comment): a file with such a problem is never kept as checked, so every build says it."""
    from deck.content import load_deck

    folder = copy_of_bundled_deck(tmp_path)
    card = sorted((folder / "cards").glob("*.yaml"))[2]
    card.write_text(edit(card.read_text(encoding="utf-8")), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DeckErrors) as failed:
            load_deck(folder)
        assert message in str(failed.value) and card.name in str(failed.value)


def test_a_wrong_kept_check_is_not_used(cache_in, tmp_path):
    from deck.content import load_deck

    folder = copy_of_bundled_deck(tmp_path)
    first = load_deck(folder)
    for entry in cache_in.glob("checked-*/*.pickle"):
        digest, _ = pickle.loads(entry.read_bytes())  # kept for the right bytes, but not what a check gives
        entry.write_bytes(pickle.dumps((digest, ({"title": "planted"}, {"title": "not a place"}))))
    assert load_deck(folder) == first


def test_a_file_edited_again_and_again_has_one_entry(cache_in, tmp_path):
    from deck.content import load_deck

    folder = copy_of_bundled_deck(tmp_path)
    card = sorted((folder / "cards").glob("*.yaml"))[0]
    original = card.read_text(encoding="utf-8")
    for edit in range(5):
        card.write_text(original.replace("title: ", f"title: Versie {edit} van ", 1), encoding="utf-8")
        assert load_deck(folder).cards[0].title.startswith(f"Versie {edit} van ")
    assert len(list(cache_in.glob("checked-card-*/*.pickle"))) == len(list((folder / "cards").glob("*.yaml")))


def test_a_layout_checked_before_gives_the_same_layout_and_the_same_messages(cache_in, tmp_path, no_yaml):
    from deck.layouts import load_layout

    good = layout_file(tmp_path, "colours:\n  accent: teal\nfonts:\n  bold: Caladea-Bold.ttf\n", "good.yaml")
    missing = layout_file(tmp_path, "card:\n  bleed: 3mm\nfonts:\n  bold: Nowhere-Bold.ttf\n", "missing.yaml")
    implied = layout_file(tmp_path, "\nfonts:\n  regular: Caladea-Regular.ttf\n", "implied.yaml")
    parent = tmp_path / "child.yaml"
    parent.write_text("# a layout\nextends: no-such-layout\n", encoding="utf-8")

    def messages(path):
        with pytest.raises(DeckError) as failed:
            load_layout(path)
        return [str(error) for error in failed.value.errors]

    first = load_layout(good), messages(missing), messages(implied), messages(str(parent))
    assert first[0].fonts.bold.name == "Caladea-Bold.ttf" and first[0].palette.accent.name == "teal"
    assert ":5:9: 'fonts.bold': there is no font file Nowhere-Bold.ttf" in first[1][0]
    assert ":4:12: 'fonts.bold': not set, and Caladea-Regular.ttf has one weight only" in first[2][0]
    assert "child.yaml:2:10: 'extends'" in first[3][0]
    no_yaml()
    assert (load_layout(good), messages(missing), messages(implied), messages(str(parent))) == first


def test_kept_checks_are_for_the_code_that_made_them(cache_in, tmp_path, monkeypatch):
    import shutil

    from deck.content import load_deck

    load_deck(copy_of_bundled_deck(tmp_path))
    stamp = cache.code_stamp()
    assert {entry.name for entry in cache_in.glob("checked-*")} == {f"checked-deck-{stamp}", f"checked-card-{stamp}"}
    code = tmp_path / "code"  # deck's modules as another copy of deck has them
    shutil.copytree(Path(cache.__file__).parent, code, ignore=shutil.ignore_patterns("__pycache__", "studio", "starter"))
    monkeypatch.setattr(cache, "__file__", str(code / "cache.py"))
    cache.code_stamp.cache_clear()
    try:
        copied = cache.code_stamp()
        assert copied != stamp  # other files
        (code / "content.py").write_text((code / "content.py").read_text() + "\n# an edit\n")
        cache.code_stamp.cache_clear()
        edited = cache.code_stamp()
        assert edited != copied
        words = code / "data" / "nl-words.marisa"  # deck's data: the word list hyphenation reads
        words.write_bytes(words.read_bytes() + b"\0")
        cache.code_stamp.cache_clear()
        assert cache.code_stamp() != edited
    finally:
        cache.code_stamp.cache_clear()


def test_whether_a_folder_is_a_checkout_of_deck_is_read_once_for_its_pyproject(cache_in, tmp_path, monkeypatch):
    from deck.folders import find_deck

    checkout = copy_of_bundled_deck(tmp_path).parent
    (checkout / "deck").rename(checkout / "content")
    (checkout / "pyproject.toml").write_text('[project]\nname = "deck"\n', encoding="utf-8")
    assert find_deck(checkout) == checkout / "content"
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "tomllib", None)  # TOML cannot be read now
        assert find_deck(checkout) == checkout / "content"
        (checkout / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
        with pytest.raises(ImportError):  # a changed file is read again
            find_deck(checkout)
    assert find_deck(checkout) is None
    (checkout / "pyproject.toml").unlink()
    (checkout / "pyproject.toml").mkdir()
    assert find_deck(checkout) is None


def test_a_build_of_files_checked_before_needs_no_yaml_rules_nor_patterns(tmp_path):
    """What the caches spare a rebuild, as modules it never imports."""
    script = ("import sys\nfrom deck.cli import main\n"
              f"sys.argv = ['deck', '-q', 'build', '-o', {str(tmp_path / 'deck.pdf')!r}]\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\n"
              "print(' '.join(sorted(set(sys.modules) & {'yaml', 'pyphen', 'deck.yamlcheck', 'deck.layout_values'})))")
    environment = {**os.environ, "DECK_CACHE": str(tmp_path / "cache")}

    def imported():
        done = subprocess.run([sys.executable, "-c", script], env=environment, check=True, capture_output=True,
                              text=True)
        return done.stdout.split()
    assert imported() == ["deck.layout_values", "deck.yamlcheck", "pyphen", "yaml"]
    assert imported() == []


def test_a_font_kept_from_a_copy_elsewhere_is_read_from_its_own_file(tmp_path):
    """The font-face entry is kept for the font's bytes; a copy of the font in a brand folder that
    was deleted afterwards must not be where the next build looks for the bundled font."""
    import shutil

    brand = tmp_path / "brand"
    brand.mkdir()
    for font in FONT.parent.glob("Lato-*.ttf"):
        shutil.copy(font, brand)
    (brand / "layout.yaml").write_text("extends: default\nfonts:\n" + "".join(
        f"  {style}: Lato-{style.title().replace('_', '')}.ttf\n" for style in ("regular", "bold", "italic",
                                                                                  "bold_italic")), encoding="utf-8")
    environment = {**os.environ, "DECK_CACHE": str(tmp_path / "cache")}
    for layout, output in ((brand, "brand.pdf"), (None, "bundled.pdf")):
        subprocess.run([sys.executable, "-m", "deck.cli", "build", "-o", str(tmp_path / output),
                        *(["--layout", str(layout)] if layout else [])], env=environment, check=True,
                       capture_output=True)
        shutil.rmtree(brand, ignore_errors=True)
    assert deck_build(tmp_path / "plain.pdf", "off") == (tmp_path / "bundled.pdf").read_bytes()


def test_a_temporary_a_killed_run_left_in_the_cache_is_swept(tmp_path):
    """A run killed while it wrote an entry (SIGKILL, or the helper process killed with its parent)
    leaves '.entry.*' beside it; the next run that writes to that folder removes it once stale."""
    import time

    from deck.files import LEFT_BEHIND_AFTER

    folder = tmp_path / "cache"
    deck_build(tmp_path / "first.pdf", str(folder))
    kinds = [path for path in folder.iterdir() if path.is_dir() and path.name.startswith("font-facts")]
    stale, fresh = kinds[0] / ".entry.abc123", kinds[0] / ".entry.def456"  # (a kind every build makes if missing)
    for left in (stale, fresh):
        left.write_bytes(b"half an entry")
    long_ago = time.time() - LEFT_BEHIND_AFTER - 60
    os.utime(stale, (long_ago, long_ago))
    for entry in kinds[0].glob("*.pickle"):
        entry.unlink()  # (so that this run writes to that folder again)
    deck_build(tmp_path / "second.pdf", str(folder))
    assert not stale.exists() and fresh.exists()
