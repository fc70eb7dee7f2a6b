"""deck import of what spreadsheet programs do to cells: formats, formulas, errors, merged cells,
links, hidden rows, and files from other programs; each either read as the sheet shows it or told
at its cell (found by an HR user's review editing the exported workbook)."""
import datetime
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from deck import default_content
from deck.content import load_deck
from helpers import deck

PLACE = "kaarten.xlsx, blad Kaarten, rij {row}, kolom {column}: "


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("exported") / "kaarten.xlsx"
    assert deck("export", "--content", default_content(), target).exit_code == 0
    return target


def workbook_of(exported: Path, folder: Path, change) -> Path:
    """A copy of the exported workbook, `change(workbook)` done to it, saved as kaarten.xlsx."""
    workbook = openpyxl.load_workbook(exported)
    change(workbook)
    workbook.save(folder / "kaarten.xlsx")
    return folder / "kaarten.xlsx"


def with_results(path: Path, results: dict[str, tuple[str, str]]) -> None:
    """The formula cells `results` names given the result a spreadsheet program saves with them
    (openpyxl writes none): cell -> (type, value), e.g. "D3": ("e", "#DIV/0!")."""
    with zipfile.ZipFile(path) as source:
        files = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = files[sheet].decode()
    for cell, (kind, value) in results.items():
        xml, count = re.subn(rf'<c r="{cell}"([^>]*?)(?: t="[^"]*")?([^>]*)><f>(.*?)</f>(?:<v>.*?</v>)?</c>',
                             rf'<c r="{cell}"\1 t="{kind}"\2><f>\3</f><v>{value}</v></c>', xml)
        assert count == 1, cell
    files[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in files.items():
            target.writestr(name, data)


def imported(here: Path):
    result = deck("import", "kaarten.xlsx", "mijn-deck")
    assert result.exit_code == 0, result.output
    return load_deck(here / "mijn-deck"), result


def refused(here: Path) -> list[str]:
    result = deck("import", "kaarten.xlsx", "mijn-deck")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not (here / "mijn-deck").exists()
    return [line.removeprefix("error: ") for line in result.stderr.splitlines()[:-1]]


def test_numbers_and_dates_arrive_as_a_dutch_sheet_shows_them(here, exported):
    """'d-mmm' printed the title '1-033'; 0.125 as 0% gave 12% (Excel: 13%); a decimal point in a
    Dutch sheet; the € of a currency format lost; a time 09:30:00."""
    formats = {"G2": (datetime.datetime(2024, 3, 1), "d-mmm"), "G3": (datetime.datetime(2024, 3, 1), "d mmmm yyyy"),
               "G4": (0.125, "0%"), "G5": (0.125, "0.0%"), "G6": (12.5, '"€" #,##0.00'),
               "G7": (datetime.time(9, 30), "h:mm"), "G8": (1234567.5, "#,##0.00"),
               "G9": (datetime.datetime(2024, 1, 1), "dddd d mmmm")}

    def change(workbook):
        for cell, (value, number_format) in formats.items():
            workbook["Kaarten"][cell] = value
            workbook["Kaarten"][cell].number_format = number_format
    workbook_of(exported, here, change)
    new, _ = imported(here)
    assert [card.suggestions_heading for card in new.cards] == [
        "1-mrt", "1 maart 2024", "13%", "12,5%", "€ 12,50", "9:30", "1.234.567,50", "maandag 1 januari"]


def test_a_merged_cell_is_told_at_its_first_cell(here, exported):
    """Only the first cell of a merged range holds a text: card 3 lost its quotes without a word."""
    workbook_of(exported, here, lambda workbook: workbook["Kaarten"].merge_cells("F3:F4"))
    assert refused(here) == [PLACE.format(row=3, column="Citaten") + "the cells F3:F4 are merged, and only the first "
                             "holds a text; unmerge them (Excel: Merge & Center, again) and write each cell's own text "
                             "in it"]


def test_formulas_without_results_in_a_file_a_script_wrote_are_told_at_their_cells(here, exported):
    workbook_of(exported, here, lambda workbook: workbook["Kaarten"].__setitem__("F4", "=F2"))
    assert refused(here) == [
        PLACE.format(row=4, column="Citaten") + "holds a formula whose result is not saved in the file (a program that "
        "is no spreadsheet wrote it); open the file in Excel or LibreOffice and save it there, or type the text itself"]


def test_an_error_is_told_and_an_empty_result_is_an_empty_cell(here, exported):
    """In a file a spreadsheet program saved, a formula whose result is an empty text has none
    saved: it is an empty cell (=IF(B3="x";"Citaat";"") blocked the import)."""
    def change(workbook):
        workbook["Kaarten"]["D3"] = "=1/0"
        workbook["Kaarten"]["F4"] = '=IF(B4="x","Citaat","")'
    path = workbook_of(exported, here, change)
    with_results(path, {"D3": ("e", "#DIV/0!")})
    assert refused(here) == [
        PLACE.format(row=3, column="Samenvatting") + "shows the error #DIV/0!; correct its formula, or type the text "
                                                     "itself"]


def test_a_formula_with_its_result_gives_the_result(here, exported):
    path = workbook_of(exported, here, lambda workbook: workbook["Kaarten"].__setitem__("G2", '="Doe"&" het"'))
    with_results(path, {"G2": ("str", "Doe het")})
    assert imported(here)[0].cards[0].suggestions_heading == "Doe het"


def test_links_become_the_sources_web_addresses(here, exported):
    """A hyperlink on a source's cell, and the ways people type an address after a title."""
    def change(workbook):
        sheet = workbook["Kaarten"]
        sheet["I2"] = "Onze website"
        sheet["I2"].hyperlink = "https://example.org/onze"
        sheet["I3"] = "Artikel (https://example.org/a)\nSite: https://example.org/s\nBlog – https://example.org/b"
    workbook_of(exported, here, change)
    new, _ = imported(here)
    assert [(s.title, s.url) for s in new.cards[0].sources] == [("Onze website", "https://example.org/onze")]
    assert [(s.title, s.url) for s in new.cards[1].sources] == [
        ("Artikel", "https://example.org/a"), ("Site", "https://example.org/s"), ("Blog", "https://example.org/b")]


def test_an_address_in_the_middle_of_a_line_is_told(here, exported):
    """(It stayed in the title, with no QR code and no word.)"""
    workbook_of(exported, here, lambda workbook: workbook["Kaarten"].__setitem__(
        "I2", "Podcast https://example.org/p - aflevering 3"))
    assert refused(here) == [PLACE.format(row=2, column="Bronnen") + (
        "the line 'Podcast https://example.org/p - aflevering 3' has a web address in the middle; put the address at "
        "the end of the line (or on the line below it), so that it becomes the source's link")]


def test_an_address_without_https_below_its_source_is_told_how_to_write_it(here, exported):
    """('Kennisbank / www.example.nl' made two sources, one titled www.example.nl, without a word.)"""
    workbook_of(exported, here, lambda workbook: workbook["Kaarten"].__setitem__("I3", "Kennisbank\nwww.example.nl"))
    problems = refused(here)
    assert problems == [PLACE.format(row=3, column="Bronnen") + "'www.example.nl' needs https:// in front to be a web address a QR code opens: write https://www.example.nl"]


def test_a_quotes_source_may_follow_its_dash_without_a_space(here, exported):
    workbook_of(exported, here, lambda workbook: workbook["Kaarten"].__setitem__(
        "F2", "Leren doe je samen.\n—Ervaring HR-manager"))
    quote = imported(here)[0].cards[0].quotes[0]
    assert (quote.paragraphs, quote.source) == (("Leren doe je samen.",), "Ervaring HR-manager")


def test_hidden_rows_are_imported_and_said(here, exported):
    workbook_of(exported, here, lambda workbook: setattr(workbook["Kaarten"].row_dimensions[9], "hidden", True))
    new, result = imported(here)
    assert len(new.cards) == 8
    assert "warning: kaarten.xlsx, blad Kaarten: rij 9 is hidden in the sheet and imported all the same; to leave " \
           "a card out, delete its row and number the cards again without gaps" in result.stderr


def test_a_column_of_ones_own_is_left_out_and_said(here, exported):
    """(A notes column stopped the import: 'the column Opmerkingen is not one deck knows'.)"""
    def change(workbook):
        workbook["Kaarten"]["J1"] = "Opmerkingen"
        workbook["Kaarten"]["J3"] = "nog checken met Piet"
    workbook_of(exported, here, change)
    new, result = imported(here)
    assert len(new.cards) == 8 and "Piet" not in (here / "mijn-deck" / "cards" / "02-leren-op-de-werkvloer.yaml"
                                                  ).read_text(encoding="utf-8")
    assert "warning: kaarten.xlsx, blad Kaarten: deck leaves out the column Opmerkingen, which holds no card's " \
           "field" in result.stderr


def test_a_file_that_understates_its_size_loses_no_card(here, exported):
    """A file written by another program may say its sheet is A1:I3; openpyxl's read-only mode
    believed it and imported two cards of eight."""
    path = workbook_of(exported, here, lambda workbook: None)
    with zipfile.ZipFile(path) as source:
        files = {name: source.read(name) for name in source.namelist()}
    files["xl/worksheets/sheet1.xml"] = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:I3"/>',
                                               files["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w") as target:
        for name, data in files.items():
            target.writestr(name, data)
    assert len(imported(here)[0].cards) == 8


def test_column_and_field_names_are_matched_whatever_their_capitals_and_spaces(here, exported):
    """'samenvatting', 'Kop  Suggesties' with a no-break space, a line break typed in a name: refused
    with 'did you mean Kop suggesties?'."""
    def change(workbook):
        workbook["Kaarten"]["D1"] = "samenvatting"
        workbook["Kaarten"]["G1"] = "Kop\u00a0Suggesties"
        workbook["Kaartenset"]["A3"] = "ondertitel"
    workbook_of(exported, here, change)
    new, _ = imported(here)
    bundled = load_deck(default_content())
    assert new.cards[0].summary == bundled.cards[0].summary
    assert new.cards[0].suggestions_heading == bundled.cards[0].suggestions_heading
    assert new.subtitle == bundled.subtitle


def test_a_character_the_font_lacks_is_told_in_the_sheets_words(here, exported):
    """('kolom Citaten: card 4, quotes[1].text: ... choose a font that has it': a card file's key and
    a layout's remedy, to someone editing a cell.)"""
    workbook_of(exported, here, lambda workbook: workbook["Kaarten"].__setitem__("F5", "Met 🚀 erin.\n— Iemand"))
    assert refused(here) == [PLACE.format(row=5, column="Citaten") + "quote 1: the character '🚀' (U+1F680) is not "
                             "in the font Lato-Regular; remove it"]


@pytest.mark.parametrize("typed", ['"Leren doe je samen."', "“Leren doe je samen.”", "‘Leren doe je samen.’",
                                   "« Leren doe je samen. »"])
def test_a_quote_typed_in_quotation_marks_is_not_marked_twice(here, exported, typed):
    """(deck sets the deck's own marks around a quote: it printed ‘“Leren doe je samen.”’.)"""
    workbook_of(exported, here, lambda workbook: workbook["Kaarten"].__setitem__("F2", f"{typed}\n— Iemand"))
    assert imported(here)[0].cards[0].quotes[0].paragraphs == ("Leren doe je samen.",)


def test_a_quote_that_opens_and_closes_with_quoted_words_keeps_them(here, exported):
    workbook_of(exported, here, lambda workbook: workbook["Kaarten"].__setitem__(
        "F2", '"Ja," zei ze, "graag."\n— Iemand'))
    assert imported(here)[0].cards[0].quotes[0].paragraphs == ('"Ja," zei ze, "graag."',)


def test_a_csv_file_excel_saved_in_windows_1252_is_read_and_said(here):
    """Dutch Excel's plain 'CSV' is Windows-1252: it was refused; it is read, with a warning."""
    assert deck("export", "kaarten.csv").exit_code == 0
    for name in ("kaarten.csv", "kaarten-kaartenset.csv"):
        path = here / name
        path.write_bytes(path.read_bytes().decode("utf-8-sig").encode("cp1252"))
    result = deck("import", "kaarten.csv", "mijn-deck")
    assert result.exit_code == 0, result.output
    assert "kaarten.csv is not UTF-8; deck read it as Windows-1252" in result.stderr
    assert load_deck(here / "mijn-deck").cards[1].title == load_deck(default_content()).cards[1].title  # creëren


def test_sheets_are_found_whatever_their_capitals_and_spaces(here, exported):
    def change(workbook):
        workbook["Kaarten"].title = "kaarten "
        workbook["kaarten "]["G2"], workbook["kaarten "]["G2"].number_format = 12.5, "0.00"
    workbook_of(exported, here, change)
    new, _ = imported(here)
    assert len(new.cards) == 8
    assert new.cards[0].suggestions_heading == "12,50"  # a Dutch sheet still, its numbers as it shows them


def test_a_typed_date_shows_in_the_sheets_language_and_order(here, exported):
    """A date typed into a cell takes Excel's built-in short date, which openpyxl names in American
    order (mm-dd-yy): a Dutch 1-3-2024 printed as 03-01-24."""
    def change(workbook):
        workbook["Kaarten"]["G2"] = datetime.datetime(2024, 3, 1)
        workbook["Kaarten"]["G2"].number_format = "mm-dd-yy"
        workbook["Kaarten"]["G3"] = True
    workbook_of(exported, here, change)
    new, _ = imported(here)
    assert [new.cards[0].suggestions_heading, new.cards[1].suggestions_heading] == ["1-3-2024", "WAAR"]


def test_links_that_are_no_web_page_or_worked_out_by_a_formula_are_told(here, exported):
    def change(workbook):
        workbook["Kaarten"]["I2"] = "Beleid"
        workbook["Kaarten"]["I2"].hyperlink = "mailto:hr@example.nl"
        workbook["Kaarten"]["I3"] = '=HYPERLINK("https://example.com/base/"&B3,"Artikel")'
    path = workbook_of(exported, here, change)
    with_results(path, {"I3": ("str", "Artikel")})
    assert refused(here) == [
        PLACE.format(row=3, column="Bronnen") + "links to a web address its formula works out, which deck cannot "
                                                "read; write the address itself in the HYPERLINK formula, or after "
                                                "the title",
        PLACE.format(row=2, column="Bronnen") + "the cell links to mailto:hr@example.nl, which is no web page (a QR "
                                                "code opens web addresses only); remove the link, or link to the page "
                                                "on the web that holds it"]


def test_an_address_keeps_its_anchor_and_loses_the_sentences_punctuation(here, exported):
    def change(workbook):
        workbook["Kaarten"]["I2"] = "Sectie"
        workbook["Kaarten"]["I2"].hyperlink = "https://example.org/pagina#sectie-2"
        workbook["Kaarten"]["I3"] = ("Artikel (https://example.org/a).\nGids <https://example.org/c>\n"
                                     "Wiki (https://en.wikipedia.org/wiki/Learning_(theory))")
    workbook_of(exported, here, change)
    new, _ = imported(here)
    assert new.cards[0].sources[0].url == "https://example.org/pagina#sectie-2"
    assert [(s.title, s.url) for s in new.cards[1].sources] == [
        ("Artikel", "https://example.org/a"), ("Gids", "https://example.org/c"),
        ("Wiki", "https://en.wikipedia.org/wiki/Learning_(theory)")]


def test_a_quote_in_marks_over_several_lines_and_a_number_shown_with_decimals(here, exported):
    def change(workbook):
        workbook["Kaarten"]["F2"] = "“Eerste alinea.\nTweede alinea.”\n— Iemand"
        workbook["Kaarten"]["A9"] = 8
        workbook["Kaarten"]["A9"].number_format = "0.0"  # shows 8,0
    workbook_of(exported, here, change)
    new, _ = imported(here)
    assert new.cards[0].quotes[0].paragraphs == ("Eerste alinea.", "Tweede alinea.")
    assert new.cards[-1].number == 8


def test_a_csv_files_language_is_known_by_its_column_names_whatever_their_capitals(here, tmp_path):
    """An English CSV with lowercase names was taken for Dutch: deck asked for
    cards-kaartenset.csv and refused every column."""
    assert deck("new", "mijn", "--language", "en-GB").exit_code == 0
    assert deck("export", "cards.csv", "--content", "mijn").exit_code == 0
    path = here / "cards.csv"
    header, rest = path.read_text(encoding="utf-8-sig").split("\n", 1)
    path.write_text(header.lower() + "\n" + rest, encoding="utf-8")
    result = deck("import", "cards.csv", "terug")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value, number_format, language, shown", [
    (0.125, "0%", "nl", "13%"), (12.5, '"€" #,##0.00', "nl", "€ 12,50"), (1234.5, "#,##0.00", "de", "1.234,50"),
    (-1234.5, "#,##0.00;(#,##0.00)", "en", "(1,234.50)"), (0, '0.00;-0.00;"nul"', "nl", "nul"),
    (0.5, ".00", "nl", ",50"), (12345678, '0.0,," mln"', "nl", "12,3 mln"), (1e20, "General", "en", "1E+20"),
    (True, "General", "de", "WAHR"), (datetime.datetime(2024, 3, 1), "mm-dd-yy", "fr", "01/03/2024"),
    (datetime.datetime(2024, 3, 1), "d-mmm", "nl", "1-mrt"), (datetime.timedelta(hours=14, minutes=5), "[h]:mm", "nl",
                                                                "14:05"),
    (datetime.datetime(2024, 3, 1), "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy", "nl", "vrijdag 1 maart 2024"),
    (7, '"Kaart "General', "nl", "Kaart 7"), (7, '"Nr. "@', "nl", "Nr. 7"), (12, "000", "nl", "012"),
    (1e30, "0.00", "en", "1000000000000000000000000000000.00"),  # (more digits than decimal's default context)
])
def test_a_cell_reads_as_a_spreadsheet_program_in_the_sheets_language_shows_it(value, number_format, language, shown):
    from deck.workbooks import LOCALES, cell_text

    assert cell_text(value, number_format, LOCALES[language]) == shown


@pytest.mark.parametrize("shown, number", [("8", 8), ("8,0", 8), ("1.000", 1000), ("1,000", 1000), ("Kaart 7", "Kaart 7")])
def test_a_card_number_is_read_as_the_sheet_shows_it(shown, number):
    """(8 formatted 0.0 shows 8,0; 1000 formatted #,##0 shows 1,000 or 1.000, which read as card 1.)"""
    from deck.spreadsheet import _number

    assert _number(shown) == number


def test_a_damaged_utf16_csv_is_told_not_a_traceback(here):
    (here / "kaarten.csv").write_bytes(b"\xff\xfeN\x00u\x00m")  # cut off mid-character
    result = deck("import", "kaarten.csv", "mijn-deck")
    assert result.exit_code == 1 and "kaarten.csv is cut short or damaged (UTF-16 text)" in result.stderr
