"""A deck's own hyphenation (deck.yaml's `hyphenation:` list): the deck's editor decides where a word
may break, as in a typesetter's exception dictionary; tested on the hyphenator and on the PDF."""
import shutil
from pathlib import Path

import pypdf
import pytest
import yaml

from deck import default_content
from deck.hyphenate import Hyphenator
from helpers import deck, problems_found


def breaks(hyphenator: Hyphenator, word: str) -> list[str]:
    return [f"{b.head}-{b.tail}" if b.hyphen else f"{b.head}{b.tail}" for b in hyphenator.breaks(word)]


def test_a_listed_word_breaks_where_its_hyphens_are_and_nowhere_else():
    """The German patterns break Arbeitgebe-rattraktivität (a syllable, but it reads as 'Rat')."""
    assert "Arbeitgebe-rattraktivität" in breaks(Hyphenator("de-DE"), "Arbeitgeberattraktivität")
    assert breaks(Hyphenator("de-DE", ("Arbeitgeber-attraktivität",)), "Arbeitgeberattraktivität") == [
        "Arbeitgeber-attraktivität"]
    own = Hyphenator("de-DE", ("Deutsch-land", "Kenntnisse", "Führungs-kräfte-entwicklung"))
    assert breaks(own, "Deutschland") == ["Deutsch-land"]
    assert breaks(own, "(deutschland),") == ["(deutsch-land),"]  # any capitals, its punctuation kept
    assert breaks(own, "Süd-Deutschland") == ["Süd-Deutschland", "Süd-Deutsch-land"]  # looked up part by part
    assert breaks(own, "Kenntnisse") == []  # written without a hyphen: never broken
    assert breaks(own, "Führungskräfteentwicklung") == ["Führungs-kräfteentwicklung",
                                                        "Führungskräfte-entwicklung"]
    assert breaks(own, "Deutschlands") != ["Deutschland-s"]  # another word: the patterns as before


def test_a_decks_own_words_stay_with_its_hyphenator():
    """Hyphenators of one language share the words they meet; a deck's own breaks must not reach
    another deck's."""
    own = Hyphenator("de-DE", ("Deutschl-and",))
    assert breaks(own, "Deutschland,") == ["Deutschl-and,"]
    assert breaks(Hyphenator("de-DE"), "Deutschland,") == ["Deutsch-land,"]


@pytest.fixture
def fonts_title():
    from deck.fonts import register_fonts
    from deck.layouts import load_layout
    from deck.text import Style

    return Style(register_fonts(load_layout("default"))["bold"], 17.6, 20.2)


@pytest.fixture
def bundled(tmp_path):
    folder = tmp_path / "deck"
    shutil.copytree(default_content(), folder)
    return folder


def with_hyphenation(folder: Path, lines: str) -> None:
    path = folder / "deck.yaml"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\nhyphenation:\n" + lines, encoding="utf-8")


def broken_words(pdf: Path) -> list[str]:
    """The words the PDF breaks at the end of a line (the part before the hyphen)."""
    return [line.split()[-1] for page in pypdf.PdfReader(pdf).pages for line in page.extract_text().splitlines()
            if line.rstrip().endswith("-") and line.split()]


def test_a_word_listed_without_a_hyphen_is_no_longer_broken_on_the_cards(bundled, tmp_path):
    """Built twice in one cache: the deck's typeset paragraphs are kept for its own words too."""
    before = tmp_path / "before.pdf"
    assert deck("build", "--content", bundled, "--mode", "single", "-o", before).exit_code == 0
    assert "professio-" in broken_words(before)  # card 2's back: "professio- nalisering"
    with_hyphenation(bundled, "  - professionalisering\n  - perso-neelsbeleid\n")
    after = tmp_path / "after.pdf"
    assert deck("build", "--content", bundled, "--mode", "single", "-o", after).exit_code == 0
    assert "professio-" not in broken_words(after)
    assert "professionalisering" in " ".join(page.extract_text() for page in pypdf.PdfReader(after).pages)


def test_a_listed_word_that_is_not_one_word_is_an_error_at_its_line(bundled):
    lines = (bundled / "deck.yaml").read_text(encoding="utf-8").rstrip("\n").count("\n") + 1
    with_hyphenation(bundled, "  - Deutsch-land\n  - Deutsch land\n  - 3-D\n")
    result = deck("check", "--content", bundled)
    assert result.exit_code == 1
    message = ("'{label}': '{word}' is not one word with its breaks; write a single word of letters with a hyphen "
               "where it may break, such as Deutsch-land, or none where it may not")
    assert result.stderr.splitlines() == [
        f"error: {bundled / 'deck.yaml'}:{lines + 3}:5: " + message.format(label="hyphenation[2]", word="Deutsch land"),
        f"error: {bundled / 'deck.yaml'}:{lines + 4}:5: " + message.format(label="hyphenation[3]", word="3-D"),
        problems_found(2) + ".",
    ]


def test_the_words_go_through_a_spreadsheet_and_back(bundled, tmp_path):
    """An HR user who edits the texts in Excel keeps the deck's own breaks (the field Afbreken)."""
    with_hyphenation(bundled, "  - professionalisering\n  - perso-neels-beleid\n")
    workbook = tmp_path / "kaarten.xlsx"
    assert deck("export", workbook, "--content", bundled).exit_code == 0
    assert deck("import", workbook, tmp_path / "terug").exit_code == 0
    imported = yaml.safe_load((tmp_path / "terug" / "deck.yaml").read_text(encoding="utf-8"))
    assert imported["hyphenation"] == ["professionalisering", "perso-neels-beleid"]


def test_a_word_wider_than_the_column_breaks_by_the_patterns_when_the_list_forbids_it(fonts_title):
    """A word listed never to break, in a title on a narrow card, was cut without a hyphen
    ('Führungskräft / eentwicklung'): a hyphen where the patterns allow one is better than a cut."""
    from deck.linebreak import break_paragraph
    from deck.measure import Measure

    measure = Measure()
    width = measure.width("Führungskräfte-", fonts_title) + 1
    own = Hyphenator("de-DE", ("Führungskräfteentwicklung",))
    lines = break_paragraph(["Führungskräfteentwicklung"], width, fonts_title, measure, None, balance=True,
                            too_wide=own)
    assert [line.text for line in lines] == ["Führungskräfte-", "entwicklung"]


def test_a_single_letter_at_a_listed_break_is_refused(bundled):
    with_hyphenation(bundled, "  - D-eutschland\n")
    result = deck("check", "--content", bundled)
    assert result.exit_code == 1
    assert ("'D-eutschland' leaves a single letter at a break, where a line would end or start; put each hyphen "
            "where two letters or more stand on either side") in result.stderr


def test_a_word_listed_twice_with_other_breaks_is_told_at_the_second(bundled):
    """(werk-nemers and werkne-mers together passed check without a word about which counts.)"""
    lines = (bundled / "deck.yaml").read_text(encoding="utf-8").rstrip("\n").count("\n") + 1
    with_hyphenation(bundled, "  - Werk-nemers\n  - werk-nemers\n  - werkne-mers\n  - x\n")
    result = deck("check", "--content", bundled)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"error: {bundled / 'deck.yaml'}:{lines + 4}:5: 'hyphenation[3]': werkne-mers is listed above already, "
        "broken otherwise (Werk-nemers); keep the one you mean")  # (as written; and 'x' is fine)
    assert len(result.stderr.splitlines()) == 2
