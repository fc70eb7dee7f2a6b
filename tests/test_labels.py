"""The words deck prints around the content, in the deck's language: card headings and the slug."""
import shutil

import pypdf
import yaml
from click.testing import CliRunner

from deck import default_content
from deck.cli import main
from deck.labels import labels_for


def test_dutch_english_german_and_french_are_built_in_and_other_languages_get_english():
    assert labels_for("nl-NL")["challenges"] == "Uitdagingen"
    assert labels_for("en-GB")["further_reading"] == "Further reading"
    assert labels_for("de-DE")["figure"] == "Abbildung 1" and labels_for("de-AT")["card"] == "Karte"
    assert labels_for("fr-BE")["challenges"] == "Défis"
    assert labels_for("sv-SE")["figure"] == "Figure 1"
    assert all(set(labels_for(language)) == set(labels_for("nl")) for language in ("en", "de", "fr"))


def test_a_german_deck_without_labels_prints_german_words_card_label_and_quotation_marks(tmp_path):
    """A German deck printed 'Challenges', 'Further reading', the English slug, the Dutch card label
    KAART, and its quotes in ‘…’."""
    folder = tmp_path / "content"
    shutil.copytree(default_content(), folder)
    path = folder / "deck.yaml"
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    values["language"] = "de-DE"
    del values["card_label"]
    path.write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8")
    pdf = tmp_path / "deck.pdf"
    result = CliRunner().invoke(main, ["build", "--content", str(folder), "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    pages = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(pdf).pages]
    assert "Ontwikkelkaarten · Bogen 3 / 9, Vorderseiten · mit 100 % / in Originalgröße drucken, beidseitig, an der " \
           "langen Kante wenden" in pages[4]
    assert "KARTE" in pages[4] and "Herausforderungen" in pages[4] and "Zum Weiterlesen" in pages[5]
    assert "KAART" not in " ".join(pages) and "Uitdagingen" not in " ".join(pages)
    assert "„Mensen moeten kunnen uitvoeren" in pages[6] and "in de huidige markt.“" in pages[6]  # card 3's quote
    assert "‘Mensen" not in " ".join(pages)


def test_the_decks_own_labels_win():
    assert labels_for("nl-NL", {"challenges": "Vragen"})["challenges"] == "Vragen"
    assert labels_for("nl-NL", {"challenges": "Vragen"})["figure"] == "Figuur 1"


def english_deck(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(default_content(), folder)
    path = folder / "deck.yaml"
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    values["language"] = "en-GB"
    values["labels"] = {"further_reading": "Read on"}
    path.write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def test_an_english_deck_prints_english_slug_and_headings_with_its_own_on_top(tmp_path):
    pdf = tmp_path / "deck.pdf"
    result = CliRunner().invoke(main, ["build", "--content", str(english_deck(tmp_path)), "--flip", "short",
                                       "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    pages = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(pdf).pages]
    assert ("Ontwikkelkaarten · sheet 2 / 9, fronts · print at 100 % / actual size, two-sided, "
            "flip on the short edge") in pages[2]
    assert "Challenges" in pages[2] and "Read on" in pages[3] and "Verder lezen" not in pages[3]


def test_the_fold_slug_says_where_to_fold(tmp_path):
    pdf = tmp_path / "fold.pdf"
    result = CliRunner().invoke(main, ["build", "--mode", "fold", "--sheet", "a3", "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    text = " ".join(pypdf.PdfReader(pdf).pages[0].extract_text().split())
    assert "Ontwikkelkaarten · vel 1 / 9, vouwen op de stippellijn · afdrukken op 100 % / ware grootte" in text
