"""deck new and deck folders: a new deck builds at once, commands find the deck they run in, say
which deck they used, and use the layout deck.yaml names."""
import json
import shutil
from pathlib import Path

import pypdf
import pytest

from deck import default_content
from deck.folders import find_deck, starter_languages
from deck.units import MM
from helpers import deck, text_of

REPO = Path(__file__).resolve().parents[1]


def page_size_mm(pdf: Path) -> tuple[int, int]:
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


@pytest.fixture
def mijn_deck(here, monkeypatch):
    assert deck("new", "mijn-deck").exit_code == 0
    monkeypatch.chdir(here / "mijn-deck")
    return here / "mijn-deck"


# -- deck new --------------------------------------------------------------------------------------

def test_new_writes_a_deck_folder_that_builds_at_once(here, monkeypatch):
    result = deck("new", "mijn-deck")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote the deck folder mijn-deck: deck.yaml, cards/ (")
    assert "cd mijn-deck && deck build" in result.stdout
    folder = here / "mijn-deck"
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == [
        "README.md", "cards", "cards/01-zo-werkt-een-kaart.yaml", "cards/02-een-kaart-toevoegen.yaml",
        "deck.yaml", "huisstijl.yaml"]
    monkeypatch.chdir(folder)
    result = deck("build")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote out/mijn-deck.pdf from the deck in {folder}\n"
    text = text_of(folder / "out" / "mijn-deck.pdf")
    assert "Mijn deck" in text and "Zo werkt een kaart" in text and "Een kaart toevoegen" in text
    assert "Uitdagingen" in text


def test_new_in_english(here, monkeypatch):
    assert deck("new", "--language", "en-GB", "our deck").exit_code == 0
    folder = here / "our deck"
    assert (folder / "house-style.yaml").is_file()
    assert "# Our deck" in (folder / "README.md").read_text(encoding="utf-8")
    assert "Adding a card" in (folder / "README.md").read_text(encoding="utf-8")
    monkeypatch.chdir(folder)
    assert deck("build").exit_code == 0
    text = text_of(folder / "out" / "our-deck.pdf")
    assert "How a card works" in text and "Challenges" in text and "Further reading" in text


@pytest.mark.parametrize("language", starter_languages())
def test_every_starter_passes_check_with_its_own_layout(here, monkeypatch, language):
    assert deck("new", "--language", language, "d").exit_code == 0
    monkeypatch.chdir(here / "d")
    result = deck("check")
    assert result.exit_code == 0, result.output
    layout = {"nl-NL": "huisstijl.yaml", "de-DE": "hausstil.yaml", "fr-FR": "charte.yaml"}.get(language,
                                                                                             "house-style.yaml")
    assert result.stdout.startswith(f"ok: 2 cards and the layout '{layout}' are fine")
    assert "body text 11 pt (" in result.stdout  # every face at the largest size: one size, said once


def test_the_languages_offered_are_the_starter_folders():
    assert starter_languages() == ("de-DE", "en-GB", "en-US", "fr-FR", "nl-NL")
    assert deck("new", "--language", "sv-SE", "x").exit_code == 2


@pytest.mark.parametrize("language, words, paper", [
    ("de-DE", ["So funktioniert eine Karte", "Herausforderungen", "Zum Weiterlesen", "„Schreiben Sie"], "a4"),
    ("fr-FR", ["Comment fonctionne une carte", "Défis", "Pour aller plus loin", "« Écrivez"], "a4"),
    ("en-US", ["How a card works", "Challenges", "“Write a quote"], "letter"),
])
def test_a_starter_in_german_french_or_american_english_reads_and_prints_in_its_language(here, monkeypatch,
                                                                                           language, words, paper):
    """Only en-GB and nl-NL were offered; a German deck had to be made by hand from the English one.
    An American deck prints on Letter."""
    assert deck("new", "--language", language, "d").exit_code == 0
    monkeypatch.chdir(here / "d")
    result = deck("build", "--mode", "single", "-o", "faces.pdf")
    assert result.exit_code == 0, result.output
    text = text_of(here / "d" / "faces.pdf")
    assert all(word in " ".join(text.replace("\u00a0", " ").split()) for word in words), text[:400]
    assert "Uitdagingen" not in text and "KAART" not in text
    result = deck("build", "-o", "sheets.pdf")
    assert result.exit_code == 0, result.output
    page = pypdf.PdfReader(here / "d" / "sheets.pdf").pages[0]
    assert round(float(page.mediabox.width)) == {"a4": 595, "letter": 612}[paper]
    # bleed as print shops there ask: 3 mm in Europe, 1/8 in in the US (PRINT.md; it was 3 mm)
    bleed = float(page.trimbox.left) - float(page.bleedbox.left)
    assert bleed == pytest.approx({"a4": 3 / 25.4 * 72, "letter": 9.0}[paper], abs=0.01)


def test_the_readme_is_in_the_decks_language_and_names_its_files(mijn_deck):
    readme = (mijn_deck / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Mijn deck\n")
    for name in ["deck.yaml", "huisstijl.yaml", "01-zo-werkt-een-kaart.yaml", "deck build", "deck export"]:
        assert name in readme


def test_the_layout_is_the_commented_starter_that_extends_the_default(mijn_deck):
    from deck.layouts import starter_layout

    text = (mijn_deck / "huisstijl.yaml").read_text(encoding="utf-8")
    assert text == starter_layout("huisstijl")
    assert "\nextends: default\n" in text and "\n# colours:" in text
    assert "layout: huisstijl.yaml" in (mijn_deck / "deck.yaml").read_text(encoding="utf-8")


def test_the_title_is_the_folder_name_and_may_hold_any_character(here, monkeypatch):
    assert deck("new", 'kaarten: "team" #1').exit_code == 0
    monkeypatch.chdir(here / 'kaarten: "team" #1')
    result = deck("build")
    assert result.exit_code == 0, result.output
    assert 'Kaarten: "team" #1' in pypdf.PdfReader(next(Path("out").glob("*.pdf"))).metadata.title


def test_new_refuses_a_folder_that_is_not_empty(here):
    (here / "mijn-deck").mkdir()
    (here / "mijn-deck" / "notes.txt").write_text("mine", encoding="utf-8")
    result = deck("new", "mijn-deck")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the folder mijn-deck already exists and is not empty")
    assert "Traceback" not in result.output
    assert [p.name for p in (here / "mijn-deck").iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in here.iterdir()) == ["mijn-deck"]  # no temporary folder left


def test_new_refuses_a_file(here):
    (here / "mijn-deck").write_text("mine", encoding="utf-8")
    result = deck("new", "mijn-deck")
    assert result.exit_code == 1
    assert "mijn-deck is a file" in result.stderr
    assert (here / "mijn-deck").read_text(encoding="utf-8") == "mine"


def test_new_fills_an_empty_folder_even_the_current_one(here, monkeypatch):
    (here / "leeg").mkdir()
    monkeypatch.chdir(here / "leeg")
    assert deck("new", ".").exit_code == 0
    assert (here / "leeg" / "deck.yaml").is_file()
    assert '"Leeg"' in (here / "leeg" / "deck.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in here.iterdir()) == ["leeg"]


def test_a_new_folder_is_written_whole_or_not_at_all(here, monkeypatch):
    def broken(name):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("deck.layouts.starter_layout", broken)
    result = deck("new", "mijn-deck")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot write the folder mijn-deck: No space left on device")
    assert list(here.iterdir()) == []


# -- the deck folder a command runs in ---------------------------------------------------------------

def test_commands_inside_a_deck_folder_use_it_and_write_to_its_out_folder(mijn_deck, monkeypatch):
    monkeypatch.chdir(mijn_deck / "cards")
    result = deck("build")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {mijn_deck / 'out' / 'mijn-deck.pdf'} from the deck in {mijn_deck}\n"
    assert not (mijn_deck / "cards" / "out").exists()


@pytest.mark.parametrize("args, written", [
    (["check"], None),
    (["card", "2"], "out/kaart-2.pdf"),
    (["card", "1", "--png", "--dpi", "40"], "out/kaart-1-front.png"),
    (["preview"], "out/mijn-deck-preview.png"),
])
def test_every_command_says_which_deck_it_used(mijn_deck, args, written):
    result = deck(*args)
    assert result.exit_code == 0, result.output
    assert f"the deck in {mijn_deck}" in result.stdout.splitlines()[0]
    if written:
        assert result.stdout.startswith(f"wrote {written} from the deck in {mijn_deck}")
        assert (mijn_deck / written).is_file()


def test_a_card_and_the_preview_in_another_layout_are_named_for_it(mijn_deck):
    """Inside a deck folder, the deck's own layout (named by path or not) gives the plain names."""
    for args, written in [(("card", "1", "--layout", "huisstijl.yaml"), "out/kaart-1.pdf"),
                          (("card", "1", "--layout", "example-brand"), "out/kaart-1-example-brand.pdf"),
                          (("preview", "--layout", "default"), "out/mijn-deck-default-preview.png")]:
        result = deck(*args)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"wrote {written} from the deck in {mijn_deck}"), args

def test_content_wins_over_the_folder_you_are_in(mijn_deck, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(default_content(), other)
    result = deck("build", "--content", other, "-o", tmp_path / "other.pdf")
    assert result.exit_code == 0
    assert result.stdout == f"wrote {tmp_path / 'other.pdf'} from the deck in {other}\n"
    assert "Ontwikkelkaarten" in text_of(tmp_path / "other.pdf")


def test_outside_any_deck_the_bundled_deck_is_built_into_out_here(here):
    result = deck("build")
    assert result.exit_code == 0
    assert result.stdout == "wrote out/ontwikkelkaarten.pdf from the bundled deck\n"
    assert (here / "out" / "ontwikkelkaarten.pdf").is_file()


def test_a_folder_with_deck_yaml_but_no_cards_folder_is_not_a_deck(tmp_path):
    (tmp_path / "deck.yaml").write_text("title: x\n", encoding="utf-8")
    assert find_deck(tmp_path) is None


def test_in_a_source_checkout_the_content_folder_is_the_deck(tmp_path, monkeypatch):
    """Editing content/ in the repository and running `deck build` shows the edit, from the root
    or from any folder below it; other projects' content/ folders are not taken."""
    assert find_deck(REPO) == REPO / "content"
    assert find_deck(REPO / "tests" / "corpus") == REPO / "content"
    checkout = tmp_path / "checkout"
    shutil.copytree(default_content(), checkout / "content")
    (checkout / "docs").mkdir()
    (checkout / "pyproject.toml").write_text('[project]\nname = "something-else"\n', encoding="utf-8")
    assert find_deck(checkout) is None
    (checkout / "pyproject.toml").write_text('[project]\nname = "deck"\n', encoding="utf-8")
    deck_file = checkout / "content" / "deck.yaml"
    deck_file.write_text(deck_file.read_text(encoding="utf-8").replace(
        'title: "Ontwikkelkaarten"', 'title: "Onze eigen kaarten"'), encoding="utf-8")
    monkeypatch.chdir(checkout / "docs")
    result = deck("build")
    assert result.exit_code == 0
    assert result.stdout == f"wrote out/onze-eigen-kaarten.pdf from the deck in {checkout / 'content'}\n"
    assert "Onze eigen kaarten" in text_of(checkout / "docs" / "out" / "onze-eigen-kaarten.pdf")


# -- the layout deck.yaml names ----------------------------------------------------------------------

def test_the_decks_own_layout_is_used_and_layout_overrides_it(mijn_deck):
    with (mijn_deck / "huisstijl.yaml").open("a", encoding="utf-8") as layout:
        layout.write("sheet:\n  size: a3\n")
    assert deck("build", "-o", "eigen.pdf").exit_code == 0
    assert sorted(page_size_mm(mijn_deck / "eigen.pdf")) == [297, 420]
    assert deck("build", "--layout", "default", "-o", "standaard.pdf").exit_code == 0
    assert sorted(page_size_mm(mijn_deck / "standaard.pdf")) == [210, 297]


def test_a_bundled_layout_by_name(mijn_deck):
    deck_file = mijn_deck / "deck.yaml"
    deck_file.write_text(deck_file.read_text(encoding="utf-8").replace(
        "layout: huisstijl.yaml", "layout: compact-a6"), encoding="utf-8")
    result = deck("check")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 2 cards and the layout 'compact-a6' are fine")


def test_a_layout_path_is_relative_to_deck_yaml_wherever_deck_runs(mijn_deck, tmp_path, monkeypatch):
    (mijn_deck / "vormgeving").mkdir()
    (mijn_deck / "huisstijl.yaml").rename(mijn_deck / "vormgeving" / "huisstijl.yaml")
    deck_file = mijn_deck / "deck.yaml"
    deck_file.write_text(deck_file.read_text(encoding="utf-8").replace(
        "layout: huisstijl.yaml", "layout: vormgeving/huisstijl.yaml"), encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    result = deck("check", "--content", mijn_deck)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"ok: 2 cards and the layout '{mijn_deck / 'vormgeving' / 'huisstijl.yaml'}'")


def test_a_layout_that_does_not_exist_is_an_error_at_its_line(mijn_deck):
    deck_file = mijn_deck / "deck.yaml"
    text = deck_file.read_text(encoding="utf-8").replace("layout: huisstijl.yaml", "layout: huistijl.yaml")
    deck_file.write_text(text, encoding="utf-8")
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("layout:"))) + 1
    result = deck("build")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {deck_file}:{line}:9: 'layout': there is no layout file "
                                    f"{mijn_deck / 'huistijl.yaml'}")
    assert not (mijn_deck / "out").exists()


def test_the_layout_key_is_in_the_deck_schema():
    result = deck("schema", "deck")
    assert "layout" in json.loads(result.stdout)["properties"]


def test_watch_follows_the_layout_deck_yaml_names_outside_the_deck_folder(mijn_deck, tmp_path):
    from deck.watch import watched_files

    shared = tmp_path / "gedeeld"
    shared.mkdir()
    (mijn_deck / "huisstijl.yaml").rename(shared / "huisstijl.yaml")
    deck_file = mijn_deck / "deck.yaml"
    deck_file.write_text(deck_file.read_text(encoding="utf-8").replace(
        "layout: huisstijl.yaml", f"layout: {shared / 'huisstijl.yaml'}"), encoding="utf-8")
    assert shared / "huisstijl.yaml" in watched_files(mijn_deck, None)
    assert shared / "huisstijl.yaml" not in watched_files(mijn_deck, "default")


def test_card_files_as_other_programs_leave_them(mijn_deck):
    """macOS's ._ copies and editors' lock files are not cards; .YML is; Notepad's .yaml.txt is a card
    the user meant, which would otherwise be left out without a word."""
    cards = mijn_deck / "cards"
    first = next(cards.glob("01-*.yaml"))
    (cards / f"._{first.name}").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    (cards / ".#01.yaml").write_text("root@host.123", encoding="utf-8")
    second = next(cards.glob("02-*.yaml"))
    second.rename(cards / "02-tweede.YML")
    result = deck("check")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 2 cards")
    (cards / "02-tweede.YML").rename(cards / "02-tweede.yaml.txt")
    result = deck("check")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {cards / '02-tweede.yaml.txt'}: this file is not read as a card: its "
                                    "name ends in .yaml.txt; rename it to 02-tweede.yaml\n")


@pytest.mark.parametrize("slip, error", [
    (lambda d: shutil.rmtree(d / "cards"), "there is no folder cards in {d}; make a folder cards beside deck.yaml, "
                                           "with one .yaml file per card in it"),
    (lambda d: (d / "cards").rename(d / "Cards"), "there is no folder cards in {d}; rename the folder Cards to cards"),
    (lambda d: (d / "deck.yaml").rename(d / "deck.yml"), "{d}/deck.yml: the deck file is called deck.yml; rename it "
                                                         "to deck.yaml"),
    (lambda d: (d / "deck.yaml").unlink(), "there is no deck.yaml in the folder {d}; a content folder holds deck.yaml "
                                           "and a folder cards/ with one .yaml file per card"),
])
def test_a_deck_folder_with_a_slip_is_told_not_swapped_for_the_bundled_deck(mijn_deck, slip, error):
    """A folder with deck.yaml but no cards/ (or cards/ beside deck.yml) used to build the bundled
    Ontwikkelkaarten, exit 0."""
    slip(mijn_deck)
    result = deck("build")
    assert result.exit_code == 1, result.output
    assert result.stderr == f"error: {error.format(d=mijn_deck)}\n1 problem found; nothing was written.\n"
    assert not (mijn_deck / "out").exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_the_cards_and_the_layouts_problems_are_told_at_once(mijn_deck, command):
    """A mistake in a card and one in the layout: the layout's was told only once the card's was
    mended."""
    card = next((mijn_deck / "cards").glob("02-*.yaml"))
    card.write_text(card.read_text(encoding="utf-8").replace("\ntitle:", "\ntitel:"), encoding="utf-8")
    layout = mijn_deck / "huisstijl.yaml"
    layout.write_text(layout.read_text(encoding="utf-8") + "colours:\n  text: blauw\n", encoding="utf-8")
    result = deck(command)
    assert result.exit_code == 1
    assert f"error: {card}:" in result.stderr and f"error: {layout}:" in result.stderr
    assert "'colours.text': 'blauw' is not a colour" in result.stderr
    assert result.stderr.endswith("3 problems found; nothing was written.\n" if command == "build" else
                                  "3 problems found.\n")


@pytest.mark.parametrize("name, command", [("it's", 'cd "it\'s" && deck build'), ("-", "cd ./- && deck build"),
                                           ("our deck", 'cd "our deck" && deck build')])
def test_the_command_to_build_a_new_deck_can_be_copied_as_it_is(here, name, command):
    """(deck new "it's" said `cd it's`, which a shell reads as an open quote; `cd -` goes back.)"""
    result = deck("new", "--", name)
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith(f"build it with:  {command}")


def test_a_layout_beside_deck_yaml_is_found_by_its_name_and_from_any_folder_of_the_deck(mijn_deck, monkeypatch):
    """(--layout huisstijl said there is no layout called 'huisstijl', with huisstijl.yaml beside
    deck.yaml; a brand folder named from the deck's folder was not found from its cards/.)"""
    assert deck("new-layout", "mijn-huisstijl").exit_code == 0
    for folder in (mijn_deck, mijn_deck / "cards"):
        monkeypatch.chdir(folder)
        for name in ("huisstijl", "mijn-huisstijl"):
            for command in ("check", "build"):
                result = deck(command, "--layout", name)
                assert result.exit_code == 0, (folder, name, command, result.output)


def test_another_region_of_a_starters_language_gets_that_starter_with_its_own_tag(here):
    """(--language fr-BE and fr were refused, with the starters listed in lower case.)"""
    for asked, told in (("fr-BE", "fr-BE"), ("fr", "fr"), ("de-at", "de-AT"), ("EN-gb", "en-GB")):
        assert deck("new", "--language", asked, f"d-{asked}").exit_code == 0
        assert f"\nlanguage: {told} " in (here / f"d-{asked}" / "deck.yaml").read_text(encoding="utf-8")
    result = deck("new", "--language", "sv-SE", "x")
    assert result.exit_code == 2
    assert "there is no starter deck in 'sv-SE'; choose one of de-DE, en-GB, en-US, fr-FR, nl-NL" in result.stderr


def test_a_deck_made_in_the_folder_you_are_in_is_built_without_cd(here):
    assert deck("new", ".").stdout.rstrip().endswith("build it with:  deck build")
