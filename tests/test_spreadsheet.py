"""deck export and deck import: a deck's texts in a spreadsheet and back, through the command line,
the one checker and the PDF."""
import datetime
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from deck import default_content
from deck.content import CARD, DECK, load_deck
from deck.spreadsheet import WORDS
from helpers import deck, problems_found, text_of


def same_content(one, other) -> bool:
    """Two decks hold the same texts (their files may lie elsewhere and be named otherwise)."""
    def texts(deck):
        cards = [{**card.__dict__, "path": None, "places": None} for card in deck.cards]
        return {**deck.__dict__, "cards": cards, "folder": None, "places": None}
    return texts(one) == texts(other)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """kaarten.xlsx as deck export writes it for the bundled deck (read only: copy before editing)."""
    target = tmp_path_factory.mktemp("exported") / "kaarten.xlsx"
    result = deck("export", "--content", default_content(), target)
    assert result.exit_code == 0, result.output
    return target


def edited(exported: Path, folder: Path, edits: dict[tuple[str, str], object], name="kaarten.xlsx") -> Path:
    """A copy of the exported workbook with cells changed as a person would in a spreadsheet program."""
    workbook = openpyxl.load_workbook(exported)
    for (sheet, cell), value in edits.items():
        workbook[sheet][cell] = value
    workbook.save(folder / name)
    return folder / name


# -- round trips --------------------------------------------------------------------------------------

def test_export_import_build_gives_the_same_pdf_byte_for_byte(here, tmp_path):
    result = deck("export", "kaarten.xlsx")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote kaarten.xlsx from the bundled deck (8 cards)\n")
    result = deck("import", "kaarten.xlsx", "mijn-deck")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote the deck folder mijn-deck from kaarten.xlsx (8 cards")
    assert sorted(p.name for p in (here / "mijn-deck" / "cards").iterdir()) == sorted(
        p.name for p in (default_content() / "cards").iterdir())
    assert deck("build", "--content", "mijn-deck", "-o", "imported.pdf").exit_code == 0
    reference = default_content()
    assert deck("build", "--content", reference, "-o", "reference.pdf").exit_code == 0
    assert (here / "imported.pdf").read_bytes() == (here / "reference.pdf").read_bytes()


def test_csv_round_trip_in_two_files(here, tmp_path):
    result = deck("export", "kaarten.csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote kaarten.csv and kaarten-kaartenset.csv from the bundled deck")
    assert (here / "kaarten.csv").read_bytes().startswith("\ufeffNummer,Id,Titel,".encode("utf-8"))
    assert deck("import", "kaarten.csv", "mijn-deck").exit_code == 0
    assert same_content(load_deck(here / "mijn-deck"), load_deck(default_content()))


def test_a_changed_cell_arrives_in_the_pdf(here, exported):
    edited(exported, here, {("Kaarten", "C4"): "Samen sterker als team",
                            ("Kaarten", "H4"): "Een eerste nieuwe suggestie\nEen tweede nieuwe suggestie"})
    assert deck("import", "kaarten.xlsx", "mijn-deck").exit_code == 0
    result = deck("build", "--content", "mijn-deck", "-o", "deck.pdf")
    assert result.exit_code == 0, result.output
    text = text_of(here / "deck.pdf")
    assert "Samen sterker als team" in text and "Teamleren en samenwerken bevorderen" not in text
    assert "Een eerste nieuwe suggestie" in text and "Een tweede nieuwe suggestie" in text
    assert load_deck(here / "mijn-deck").find("3").suggestions == (
        "Een eerste nieuwe suggestie", "Een tweede nieuwe suggestie")


def test_text_pasted_from_word_arrives_as_its_words(here, exported):
    """A list's bullets Word brings along (the layout sets its own), and a no-break space kept ('10 %'
    stays on one line), through import and build."""
    edited(exported, here, {("Kaarten", "H4"): "• Eén suggestie\n– Nog een\n* En een derde\n1. Genummerd",
                            ("Kaarten", "D4"): "Samen\u00a0leren in 10\u00a0% van de tijd."})
    assert deck("import", "kaarten.xlsx", "mijn-deck").exit_code == 0
    card = load_deck(here / "mijn-deck").find("3")
    assert card.suggestions == ("Eén suggestie", "Nog een", "En een derde", "1. Genummerd")
    assert card.summary == "Samen\u00a0leren in 10\u00a0% van de tijd."



def test_a_control_character_as_excel_stores_it_is_read_as_that_character(here, exported):
    """Excel stores a carriage return inside a cell (text pasted with Windows line endings) as
    _x000D_, and Word's line break as _x000B_: read back as the characters, never printed as
    '_x000D_'. A carriage return is a line end; the vertical tab is told at its cell."""
    edited(exported, here, {("Kaarten", "H4"): "Begin met één kaart op._x000D_\nBekijk de PDF."})
    assert deck("import", "kaarten.xlsx", "mijn-deck").exit_code == 0
    assert load_deck(here / "mijn-deck").find("3").suggestions == ("Begin met één kaart op.", "Bekijk de PDF.")
    edited(exported, here, {("Kaarten", "D4"): "Tekst_x000B_met een regeleinde uit Word."}, name="tab.xlsx")
    result = deck("import", "tab.xlsx", "mijn-deck-2")
    assert result.exit_code == 1
    assert "tab.xlsx, blad Kaarten, rij 4, kolom Samenvatting: " in result.stderr
    assert "U+000B (vertical tab, a line break in Word)" in result.stderr


def test_formatting_numbers_dates_and_line_breaks_arrive_as_text(here, exported):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    workbook = openpyxl.load_workbook(exported)
    cards = workbook["Kaarten"]
    cards["C2"] = CellRichText(["Een ", TextBlock(InlineFont(b=True, color="FFC00000"), "gedeelde"), " visie"])
    cards["D2"].font = openpyxl.styles.Font(italic=True, color="FF00A000")
    cards["G2"] = 2024
    cards["G3"] = 3.5
    cards["G4"] = datetime.date(2024, 3, 1)
    cards["G5"], cards["G5"].number_format = 0.5, "0%"  # as the sheet shows them (they arrived as 0.5 ...)
    cards["G6"], cards["G6"].number_format = datetime.date(2024, 3, 1), "d-m-yyyy"  # (... and 2024-03-01)
    cards["C5"] = "Feedback-\nprocessen   stimuleren"
    cards["H5"] = "Eerste\r\n\r\nTweede\rDerde"
    workbook.save(here / "kaarten.xlsx")
    assert deck("import", "kaarten.xlsx", "mijn-deck").exit_code == 0
    imported = load_deck(here / "mijn-deck")
    bundled = load_deck(default_content())
    assert imported.find("1").title == "Een gedeelde visie"
    assert imported.find("1").summary == bundled.find("1").summary
    assert [imported.find(n).suggestions_heading for n in "12345"] == ["2024", "3,5", "2024-03-01", "50%", "1-3-2024"]
    assert imported.find("4").title == "Feedback- processen stimuleren"
    assert imported.find("4").suggestions == ("Eerste", "Tweede", "Derde")


def test_lists_inside_cells(here):
    """Quotes with paragraphs and their sources, sources with and without links."""
    workbook = openpyxl.Workbook()
    cards = workbook.active
    cards.title = "Kaarten"
    cards.append(list(WORDS["nl"].columns.values()))
    cards.append([1, "een", "Eén", "Samenvatting.", "Vraag?\nUitleg\nover twee regels.\n\nTweede vraag?\nUitleg.",
                  "Eerste alinea.\nTweede alinea.\n— Een leidinggevende\n\nKort citaat.\n- HR",
                  "Kop", "Eén\n\nTwee", "Een boek\nEen site https://example.org/a?b=1\nNog een site\n"
                  "https://example.org/c"])
    fields = workbook.create_sheet("Kaartenset")
    fields.append(["Veld", "Tekst"])
    for name, text in [("Titel", "T"), ("Uitgever", "U"), ("Taal", "nl-NL"), ("Inleiding", "Alinea 1\n\nAlinea 2")]:
        fields.append([name, text])
    workbook.save(here / "eigen.xlsx")
    result = deck("import", "eigen.xlsx", "eigen")
    assert result.exit_code == 0, result.output
    imported = load_deck(here / "eigen")
    card = imported.cards[0]
    assert [(c.question, c.text) for c in card.challenges] == [
        ("Vraag?", "Uitleg over twee regels."), ("Tweede vraag?", "Uitleg.")]
    assert [(q.paragraphs, q.source) for q in card.quotes] == [
        (("Eerste alinea.", "Tweede alinea."), "Een leidinggevende"), (("Kort citaat.",), "HR")]
    assert card.suggestions == ("Eén", "Twee")
    assert [(s.title, s.url) for s in card.sources] == [
        ("Een boek", ""), ("Een site", "https://example.org/a?b=1"), ("Nog een site", "https://example.org/c")]
    assert imported.intro == ("Alinea 1", "Alinea 2")
    assert imported.subtitle == "" and imported.card_label == "Kaart" and imported.how_to == ()
    assert (here / "eigen" / "cards" / "01-een.yaml").is_file()


@pytest.mark.parametrize("language, sheets, error", [
    ("en-GB", ["Cards", "Deck", "How to"], "sheet Cards, row 3, column Title"),
    ("de-DE", ["Karten", "Kartenset", "Hinweise"], "Blatt Karten, Zeile 3, Spalte Titel"),
    ("fr-FR", ["Cartes", "Jeu", "Aide"], "feuille Cartes, ligne 3, colonne Titre"),
])
def test_a_deck_gets_sheets_in_its_own_language(here, monkeypatch, language, sheets, error):
    """(A German or French deck got English sheets.)"""
    assert deck("new", "--language", language, "our-deck").exit_code == 0
    monkeypatch.chdir(here / "our-deck")
    result = deck("export", "cards.xlsx")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"wrote cards.xlsx from the deck in {here / 'our-deck'} (2 cards)")
    workbook = openpyxl.load_workbook(here / "our-deck" / "cards.xlsx")
    assert workbook.sheetnames == sheets
    assert [cell.value for cell in workbook[sheets[0]][1]] == list(WORDS[language[:2]].columns.values())
    assert deck("import", "cards.xlsx", "../same").exit_code == 0
    assert [c.printed() for c in load_deck(here / "same").cards] == [c.printed() for c in load_deck(here / "our-deck").cards]
    workbook[sheets[0]]["C3"] = None
    workbook.save(here / "cards.xlsx")
    monkeypatch.chdir(here)
    result = deck("import", "cards.xlsx", "copy")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: cards.xlsx, {error}: the cell is empty; write a piece of text"


def test_the_sheets_have_a_column_or_row_for_every_field_deck_yaml_and_cards_hold():
    nested = {f"{key}.{inner}" for key in ("labels", "how_to") for inner in DECK.fields[key].rule.fields}
    deck_fields = (set(DECK.fields) - {"labels", "how_to", "layout"}) | nested
    for words in WORDS.values():
        assert list(words.columns) == ["number", "id", *[key for key in CARD.fields if key not in ("id", "number")]]
        assert set(words.fields) == deck_fields
        assert len(set(words.columns.values())) == len(words.columns)
        assert len(set(words.fields.values())) == len(words.fields)


# -- mistakes in the sheet: told at their cell, nothing written ------------------------------------------

CELL_MISTAKES = {
    "empty title": ({("Kaarten", "C4"): None},
                    ["kaarten.xlsx, blad Kaarten, rij 4, kolom Titel: the cell is empty; write a piece of text"]),
    "number in words": ({("Kaarten", "A5"): "vier"},
                        ["kaarten.xlsx, blad Kaarten, rij 5, kolom Nummer: the cell should hold a whole number, "
                         "not 'vier'"]),
    "id used twice": ({("Kaarten", "B6"): "teamleren"},
                      ["kaarten.xlsx, blad Kaarten, rij 6, kolom Id: card id teamleren is used twice: here and "
                       "in rij 4; give every card its own id"]),
    "numbering gap": ({("Kaarten", "A9"): 9},
                      ["kaarten.xlsx, blad Kaarten, kolom Nummer: the cards are numbered 1 to 7 and 9: "
                       "number 8 is missing; number the cards 1 to 8 without gaps"]),
    "id not usable": ({("Kaarten", "B3"): "Leren op de werkvloer"},
                      ["kaarten.xlsx, blad Kaarten, rij 3, kolom Id: 'Leren op de werkvloer' is not a usable "
                       "id; use lowercase letters, digits and '-', here leren-op-de-werkvloer"]),
    "quote without its source": ({("Kaarten", "F2"): "Een citaat zonder bron."},
                                 ["kaarten.xlsx, blad Kaarten, rij 2, kolom Citaten: quote 1's source (a line starting "
                                  "with a dash below the quote, saying who said it) is empty; write a piece of text"]),
    "question without its text": ({("Kaarten", "E3"): "Alleen een vraag?"},
                                  ["kaarten.xlsx, blad Kaarten, rij 3, kolom Uitdagingen: challenge 1's explanation "
                                   "(the lines below its question) is empty; write a piece of text"]),
    "a link without its source": ({("Kaarten", "I2"): "https://example.org/alleen"},
                                  ["kaarten.xlsx, blad Kaarten, rij 2, kolom Bronnen: source 1's title is empty; "
                                   "write a piece of text"]),
    "no suggestions": ({("Kaarten", "H4"): None},
                       ["kaarten.xlsx, blad Kaarten, rij 4, kolom Suggesties: the cell needs at least one "
                        "item"]),
    "no language": ({("Kaartenset", "B5"): None},
                    ["kaarten.xlsx, blad Kaartenset, rij 5, kolom Tekst: the cell is empty; write a language "
                     "tag such as nl-NL"]),
    "how-to heading without text": ({("Kaartenset", "B12"): None},
                                    ["kaarten.xlsx, blad Kaartenset, rij 12, kolom Tekst: the cell needs at "
                                     "least one item"]),
    "a required field's row deleted": ({("Kaartenset", "A4"): None, ("Kaartenset", "B4"): None},
                                       ["kaarten.xlsx, blad Kaartenset, Uitgever: the cell is empty; write a "
                                        "piece of text"]),
    "every mistake at once": ({("Kaarten", "C4"): " ", ("Kaartenset", "B2"): None},
                              ["kaarten.xlsx, blad Kaartenset, rij 2, kolom Tekst: the cell is empty; write a piece "
                               "of text",
                               "kaarten.xlsx, blad Kaarten, rij 4, kolom Titel: the cell is empty; write a piece of "
                               "text"]),
    "another language's column": ({("Kaarten", "D1"): "Summary"},
                                  ["kaarten.xlsx, blad Kaarten, rij 1: the column Summary is not one deck knows: did "
                                   "you mean Samenvatting? the columns are Nummer, Id, Titel, Samenvatting, "
                                   "Uitdagingen, Citaten, Kop suggesties, Suggesties, Bronnen"]),
    "misspelt column": ({("Kaarten", "C1"): "Titels"},
                        ["kaarten.xlsx, blad Kaarten, rij 1: the column Titels is not one deck knows: did you mean "
                         "Titel? the columns are Nummer, Id, Titel, Samenvatting, Uitdagingen, Citaten, Kop "
                         "suggesties, Suggesties, Bronnen"]),  # (not also: there is no column Titel)
    "column twice": ({("Kaarten", "J1"): "Titel"},
                     ["kaarten.xlsx, blad Kaarten, rij 1: there are two columns Titel; keep one"]),
    "misspelt field": ({("Kaartenset", "A3"): "Ondertitels"},
                       ["kaarten.xlsx, blad Kaartenset, rij 3, kolom Veld: 'Ondertitels' is not a field deck knows: "
                        "did you mean Ondertitel? the fields are Titel, Ondertitel, Uitgever, Taal, Kaartlabel, "
                        "Kop uitdagingen, Kop verder lezen, Bijschrift figuur, Inleiding, Kop werkwijze, "
                        "Werkwijze, Afbreken"]),
    "field twice": ({("Kaartenset", "A3"): "Titel"},
                    ["kaarten.xlsx, blad Kaartenset, rij 3, kolom Veld: Titel appears twice; keep one"]),
    "deck sheet headings changed": ({("Kaartenset", "A1"): "Naam"},
                                    ["kaarten.xlsx, blad Kaartenset, rij 1: the first row should read Veld, Tekst"]),
    "a number with a superscript": ({("Kaarten", "A4"): "3³"},
                                    ["kaarten.xlsx, blad Kaarten, rij 4, kolom Nummer: the cell should hold a whole "
                                     "number, not '3³'"]),
    "a column's name deleted": ({("Kaarten", "F1"): None},  # its texts would be lost without a word
                                ["kaarten.xlsx, blad Kaarten, kolom F: it holds texts but has no name in rij 1; write "
                                 "its name back (Nummer, Id, Titel, Samenvatting, Uitdagingen, Citaten, Kop "
                                 "suggesties, Suggesties, Bronnen), or move those texts out of the sheet"]),
    "a quote paragraph pasted with a dash": (
        {("Kaarten", "F4"): "Eerste alinea.\n– Tweede alinea, uit Word geplakt.\nDerde alinea.\n— Ervaring HR-manager"},
        ["kaarten.xlsx, blad Kaarten, rij 4, kolom Citaten: the line '– Tweede alinea, uit Word geplakt.' starts with "
         "a dash, which names who said a quote, but more of the quote follows it; put a blank line after it if it "
         "ends a quote, or take the dash away if it is part of the quote"]),
    "two challenges without the blank line between them": (  # the second would join the first's explanation
        {("Kaarten", "E4"): "Hoe leer je als team?\nDe uitleg bij de eerste vraag.\nWaar loop je vast?\nDe tweede uitleg."},
        ["kaarten.xlsx, blad Kaarten, rij 4, kolom Uitdagingen: the line 'Waar loop je vast?' ends in a question mark "
         "like a challenge's question, but it stands in the explanation of the challenge above it; put a blank line "
         "before it if it starts a new challenge, or join it to the line above if it belongs to the explanation"]),
    "a character the fonts lack": ({("Kaarten", "C4"): "Teamleren 🙂"},
                                   ["kaarten.xlsx, blad Kaarten, rij 4, kolom Titel: the character '🙂' "
                                    "(U+1F642) is not in the font Lato-Regular; remove it"]),
    "a back too long for the card": (
        {("Kaarten", "H5"): "\n".join(["Een lange suggestie die de achterkant van deze kaart te vol maakt, echt."] * 40)},
        ["kaarten.xlsx, blad Kaarten, rij 5, kolom Suggesties: card 4 (Feedbackprocessen stimuleren), back: 38 mm too "
         "long at 8 pt; shorten its texts in the sheet"]),
    "no cards": ({("Kaarten", f"{column}{row}"): None for column in "ABCDEFGHI" for row in range(2, 10)},
                 ["kaarten.xlsx, blad Kaarten: there are no cards; write one card per row below the column names"]),
}


@pytest.mark.parametrize("edits, errors", CELL_MISTAKES.values(), ids=CELL_MISTAKES.keys())
def test_a_mistake_in_a_cell_is_told_at_its_cell_and_nothing_is_written(here, exported, edits, errors):
    edited(exported, here, edits)
    result = deck("import", "kaarten.xlsx", "mijn-deck")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"error: {error}" for error in errors] + [
        f"{problems_found(len(errors))}; nothing was written."]
    assert sorted(p.name for p in here.iterdir()) == ["kaarten.xlsx"]  # no folder, no temporary left


FILE_MISTAKES = {
    "not a workbook": (lambda folder: (folder / "kaarten.xlsx").write_bytes(b"%PDF-1.4 not a workbook"),
                       "kaarten.xlsx is not an Excel workbook deck can read, or it is damaged; open it in your "
                       "spreadsheet program and save it as an Excel workbook (.xlsx)"),
    "damaged workbook": (lambda folder: _damaged(folder / "kaarten.xlsx", "xl/worksheets/sheet1.xml"),
                         "kaarten.xlsx is not an Excel workbook deck can read, or it is damaged; open it in your "
                         "spreadsheet program and save it as an Excel workbook (.xlsx)"),
    "damaged workbook styles": (lambda folder: _damaged(folder / "kaarten.xlsx", "xl/styles.xml"),
                                "kaarten.xlsx is not an Excel workbook deck can read, or it is damaged; open it in "
                                "your spreadsheet program and save it as an Excel workbook (.xlsx)"),
    "a workbook that unpacks to hundreds of MB": (
        lambda folder: _unpacking(folder / "kaarten.xlsx", 210_000_000),
        "kaarten.xlsx unpacks to 210 MB, more than a deck's workbook (at most 200 MB); is this the right file?"),
    "csv that is a pipe": (lambda folder: os.mkfifo(folder / "kaarten.csv"),
                           "kaarten.csv: this is a pipe (FIFO), not a spreadsheet; deck reads only ordinary files: put the "
                           "file itself here"),
    "old Excel format": (lambda folder: (folder / "kaarten.xls").write_bytes(b"\xd0\xcf\x11\xe0"),
                         "deck reads spreadsheets saved as .xlsx or .csv, not .xls; save it as an Excel workbook "
                         "(.xlsx)"),
    "other sheets": (lambda folder: openpyxl.Workbook().save(folder / "kaarten.xlsx"),
                     "kaarten.xlsx should hold the sheets Kaarten and Kaartenset (or, in another language, Cards and "
                     "Deck; Karten and Kartenset; Cartes and Jeu); it holds Sheet"),
    "csv without its second file": (lambda folder: (folder / "kaarten.csv").write_text("Nummer,Id\n", "utf-8"),
                                    "kaarten.csv holds the cards; the deck's own fields (title, publisher, language "
                                    "...) belong in kaarten-kaartenset.csv beside it, and there is no such file. "
                                    "deck export writes both"),
    "csv in no encoding deck reads": (lambda folder: (folder / "kaarten.csv").write_bytes(b"Nummer;Titel\n1;\x81\x8d\n"),
                         "kaarten.csv is not saved as UTF-8 text; save it again as 'CSV UTF-8' (Excel: Save As, "
                         "CSV UTF-8)"),
}


def _damaged(path: Path, part: str) -> None:
    """The workbook deck exports, with one of its parts cut in half (as a copy broken off does)."""
    import zipfile

    assert deck("export", path).exit_code == 0
    whole = zipfile.ZipFile(path)
    parts = {name: whole.read(name) for name in whole.namelist()}
    whole.close()
    with zipfile.ZipFile(path, "w") as broken:
        for name, data in parts.items():
            broken.writestr(name, data[:len(data) // 2] if name == part else data)


def _unpacking(path: Path, size: int) -> None:
    """A small file that unpacks to `size` bytes: a 'zip bomb'."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb, bomb.open("xl/worksheets/sheet1.xml", "w") as part:
        block = b"<c>" * (1 << 18)
        for _ in range(size // len(block)):
            part.write(block)
        part.write(b"<" * (size % len(block)))


@pytest.mark.parametrize("make, error", FILE_MISTAKES.values(), ids=FILE_MISTAKES.keys())
def test_a_file_deck_cannot_read_is_told_plainly(here, make, error):
    make(here)
    source = next(here.iterdir())
    result = deck("import", source.name, "mijn-deck")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: {error}"
    assert "Traceback" not in result.output
    assert not (here / "mijn-deck").exists()


def test_csv_saved_by_excel_with_semicolons_is_read(here):
    assert deck("export", "kaarten.csv").exit_code == 0
    for name in ("kaarten.csv", "kaarten-kaartenset.csv"):
        import csv
        import io

        rows = list(csv.reader(io.StringIO((here / name).read_text(encoding="utf-8-sig"), newline="")))
        stream = io.StringIO(newline="")
        csv.writer(stream, delimiter=";", lineterminator="\r\n").writerows(rows)
        (here / name).write_bytes(stream.getvalue().encode("utf-8"))  # no byte-order mark either
    result = deck("import", "kaarten.csv", "mijn-deck")
    assert result.exit_code == 0, result.output
    assert len(load_deck(here / "mijn-deck").cards) == 8


def test_csv_mistakes_name_the_file_row_and_column(here):
    assert deck("export", "kaarten.csv").exit_code == 0
    text = (here / "kaarten.csv").read_text(encoding="utf-8-sig")
    (here / "kaarten.csv").write_text(text.replace("\n3,teamleren,", "\ndrie,teamleren,"), encoding="utf-8")
    result = deck("import", "kaarten.csv", "mijn-deck")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("error: kaarten.csv, rij 4, kolom Nummer: the cell should hold a whole "
                                             "number, not 'drie'")


# -- files are sacred ---------------------------------------------------------------------------------

def test_import_never_writes_into_a_folder_that_is_not_empty(here, exported):
    shutil.copy(exported, here / "kaarten.xlsx")
    (here / "mijn-deck").mkdir()
    (here / "mijn-deck" / "deck.yaml").write_text("title: mine\n", encoding="utf-8")
    result = deck("import", "kaarten.xlsx", "mijn-deck")
    assert result.exit_code == 1
    assert "already exists and is not empty" in result.stderr
    assert (here / "mijn-deck" / "deck.yaml").read_text(encoding="utf-8") == "title: mine\n"


@pytest.mark.parametrize("name, other", [("kaarten.xlsx", None), ("kaarten.csv", "kaarten-kaartenset.csv")])
def test_export_never_writes_over_a_spreadsheet(here, name, other):
    (here / (other or name)).write_text("my edits", encoding="utf-8")
    result = deck("export", name)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {other or name} already exists and may hold your edits")
    assert (here / (other or name)).read_text(encoding="utf-8") == "my edits"
    assert sorted(p.name for p in here.iterdir()) == [other or name]


def test_export_to_a_format_deck_does_not_write(here):
    result = deck("export", "kaarten.ods")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: deck writes spreadsheets as .xlsx or .csv; name the file kaarten.xlsx")
    assert list(here.iterdir()) == []


def test_the_exported_sheet_is_laid_out_for_people(exported):
    workbook = openpyxl.load_workbook(exported)
    assert workbook.sheetnames == ["Kaarten", "Kaartenset", "Uitleg"] and workbook.active.title == "Kaarten"
    # the guide says what goes in every column's cells, and how to make a deck of the file again
    guide = [[cell.value for cell in row] for row in workbook["Uitleg"].iter_rows()]
    assert guide[0] == ["Kolom", "Wat er in de cel staat"]
    assert [row[0] for row in guide[1:10]] == list(WORDS["nl"].columns.values())
    assert guide[-1][1].endswith(f"deck import {exported.name} NIEUWE-MAP")
    cards = workbook["Kaarten"]
    assert [cell.value for cell in cards[1]] == list(WORDS["nl"].columns.values())
    assert all(cell.font.b for cell in cards[1]) and cards.freeze_panes == "A2"
    assert cards["A4"].value == 3 and cards["C4"].value == "Teamleren en samenwerken bevorderen"
    assert cards["E4"].alignment.wrap_text
    assert cards["F2"].value.splitlines()[-1] == "— Ervaring HR-manager"
    assert [row[0].value for row in workbook["Kaartenset"].iter_rows(min_row=2)] == list(WORDS["nl"].fields.values())


def renders_like_the_readme() -> bool:
    """LibreOffice and the Carlito font are here, which docs/sheet_image.py renders the picture with."""
    if not shutil.which("soffice") or not shutil.which("fc-list"):
        return False
    return "Carlito" in subprocess.run(["fc-list"], capture_output=True, text=True, timeout=30).stdout


@pytest.mark.skipif(not renders_like_the_readme(), reason="needs LibreOffice and the Carlito font")
def test_the_readme_picture_of_the_sheet_is_up_to_date(tmp_path):
    """docs/sheet_image.py renders deck export of a new deck; the README shows what it makes now."""
    import importlib.util

    from PIL import Image, ImageChops, ImageStat

    docs = Path(__file__).resolve().parents[1] / "docs"
    spec = importlib.util.spec_from_file_location("sheet_image", docs / "sheet_image.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.make(tmp_path / "sheet-kaarten.png")
    with Image.open(fresh) as made, Image.open(docs / "images" / "sheet-kaarten.png") as committed:
        assert made.size == committed.size
        difference = ImageStat.Stat(ImageChops.difference(made.convert("L"), committed.convert("L"))).mean[0]
    assert difference < 1.0, "docs/images/sheet-kaarten.png is out of date: run python docs/sheet_image.py"
    assert "docs/images/sheet-kaarten.png" in (docs.parent / "README.md").read_text(encoding="utf-8")
