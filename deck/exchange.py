"""A deck <-> spreadsheet files: what `deck export` and `deck import` do.

Import grows no second validator: the sheet's values are written as the YAML files of a deck folder
(in a temporary folder), read back by content.load_deck, the checker behind `deck check`, and each
problem it finds is told at the cell it came from ("kaarten.xlsx, blad Kaarten, rij 4, kolom
Titel: ..."). Only a deck that passes takes its place as the new folder.

CSV holds one table per file, so a deck travels as two: kaarten.csv with the cards and
kaarten-kaartenset.csv (cards-deck.csv in English) with the deck's own fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .content import Deck, number_ranges
from .errors import DeckError, DeckErrors
from .folders import CARDS, DECK_FILE, refuse_existing, write_new_folder
from .spreadsheet import (GUIDE_WIDTHS, WIDTHS, WORDS, Row, Words, card_rows, card_table, deck_table, deck_values,
                          guide_table, name_key, place, words_for)

DECK_SHEET_WIDTHS = [26, 100]


def export_deck(deck: Deck, target: Path) -> list[Path]:
    """Write the deck's texts as a workbook (.xlsx) or two CSV files; returns the files written.
    A file that exists is never written over: it may hold someone's edits."""
    from .files import Outputs
    from .workbooks import csv_bytes, workbook_bytes

    target = Path(target)
    words = words_for(deck.language)
    cards, fields = card_table(deck, words), deck_table(deck, words)
    if target.suffix.lower() == ".xlsx":
        widths = {words.cards: [WIDTHS[key] for key in words.columns], words.deck: DECK_SHEET_WIDTHS,
                  words.guide: GUIDE_WIDTHS}
        guide = guide_table(words, target.name)  # (a sheet import leaves alone)
        files = {target: workbook_bytes({words.cards: cards, words.deck: fields, words.guide: guide}, widths)}
    elif target.suffix.lower() == ".csv":
        files = {target: csv_bytes(cards), companion(target, words): csv_bytes(fields)}
    else:
        raise DeckError(f"deck writes spreadsheets as .xlsx or .csv; name the file {target.stem}.xlsx "
                        f"or {target.stem}.csv")
    for path in files:
        if path.exists():
            raise DeckError(f"{path} already exists and may hold your edits; choose another name, or remove "
                            "it first")
    with Outputs() as outputs:  # both CSV files or neither
        for path, data in files.items():
            outputs.write(path, data)
    return list(files)


def companion(cards_csv: Path, words: Words) -> Path:
    """The CSV file beside `cards_csv` that holds the deck's own fields."""
    return cards_csv.with_name(f"{cards_csv.stem}-{words.deck.lower()}.csv")


def import_deck(source: Path, target: Path, warn=None) -> int:
    """Make the new deck folder `target` from a spreadsheet; returns the number of cards. `warn`
    hears of rows and columns the sheet hides (they are imported as any other)."""
    source, target = Path(source), Path(target)
    refuse_existing(target)
    words, (cards_where, cards), (deck_where, fields), cell_problems = _read_tables(source, warn)
    try:  # (what the cells' texts hold is told with what the cells themselves are, in one round)
        rows = card_rows(cards, words, cards_where, warn)
        values, field_rows = deck_values(fields, words, deck_where)
    except DeckError as error:
        raise DeckErrors(cell_problems + error.errors) from None
    if cell_problems:
        raise DeckErrors(cell_problems)

    def fill(folder: Path) -> None:
        origins = {folder / DECK_FILE: _Origin(deck_where, words, _write(folder / DECK_FILE, values), field_rows)}
        (folder / CARDS).mkdir()
        for row in rows:
            path = folder / CARDS / f"row-{row.number:04d}.yaml"
            origins[path] = _Origin(cards_where, words, _write(path, row.values), row=row)
        _check(folder, origins, words, cards_where)

    write_new_folder(target, fill)
    return len(rows)


def _read_tables(source: Path, warn=None) -> tuple[Words, tuple[str, list], tuple[str, list], list[DeckError]]:
    """The sheet words and the two tables, each with the place a message names it by, and the
    cells that could not be read as their text."""
    from .workbooks import LOCALES, read_csv, read_workbook

    if source.suffix.lower() == ".csv":
        cards = read_csv(source, warn)
        header = {name_key(cells) for cells in (cards[0] if cards else [])}
        words = max(WORDS.values(), key=lambda words: len(header & {name_key(name) for name in words.columns.values()}))
        fields = companion(source, words)
        if not fields.is_file():
            raise DeckError(f"{source.name} holds the cards; the deck's own fields (title, publisher, language ...) "
                            f"belong in {fields.name} beside it, and there is no such file. deck export writes both")
        return words, (source.name, cards), (fields.name, read_csv(fields, warn)), []
    if source.suffix.lower() != ".xlsx":
        raise DeckError(f"deck reads spreadsheets saved as .xlsx or .csv, not {source.suffix or 'this file'}; "
                        "save it as an Excel workbook (.xlsx)")

    def language(titles: list[str]) -> str:  # (the sheets' names as _named_as_deck_names matches them)
        named = {name_key(title) for title in titles}
        return next((code for code, words in WORDS.items() if name_key(words.cards) in named), "en")

    book = read_workbook(source, lambda titles: LOCALES.get(language(titles), LOCALES["en"]))
    book = _named_as_deck_names(book)
    sheets = book.sheets
    words = next((words for words in WORDS.values() if words.cards in sheets), None)
    if words is None or words.deck not in sheets:
        first, *others = (f"{w.cards} and {w.deck}" for w in WORDS.values())
        wanted = f"{first} (or, in another language, {'; '.join(others)})"
        raise DeckError(f"{source.name} should hold the sheets {wanted}; it holds {', '.join(sheets)}")
    cards_where, deck_where = place(source.name, words, words.cards), place(source.name, words, words.deck)
    problems = [DeckError(f"{_cell_place(source.name, words, sheets, problem)}: {problem.message}")
                for problem in book.problems if problem.sheet in (words.cards, words.deck)]
    if warn is not None:
        for sheet, where in ((words.cards, cards_where), (words.deck, deck_where)):
            rows, columns = book.hidden_rows.get(sheet, []), book.hidden_columns.get(sheet, [])
            if rows:
                what = ("to leave a card out, delete its row and number the cards again without gaps"
                        if sheet == words.cards else "to leave a field out, empty its text")
                are = "is" if len(rows) == 1 else "are"
                warn(f"{where}: {words.row} {number_ranges(rows)} {are} hidden in the sheet and imported all the "
                     f"same; {what}")
            if columns:
                names = [_column_name(sheets[sheet], index) for index in columns]
                warn(f"{where}: {words.column} {', '.join(names)} {'is' if len(names) == 1 else 'are'} hidden in the "
                     "sheet and imported all the same")
    return words, (cards_where, sheets[words.cards]), (deck_where, sheets[words.deck]), problems


def _named_as_deck_names(book):
    """The workbook with its sheets named as deck names them, whatever capitals and spaces they
    were given ('kaarten ' is Kaarten)."""
    names = {name_key(name): name for words in WORDS.values() for name in (words.cards, words.deck)}
    rename = {title: names.get(name_key(title), title) for title in book.sheets}
    return book._replace(
        sheets={rename[title]: rows for title, rows in book.sheets.items()},
        problems=[problem._replace(sheet=rename.get(problem.sheet, problem.sheet)) for problem in book.problems],
        hidden_rows={rename.get(title, title): rows for title, rows in book.hidden_rows.items()},
        hidden_columns={rename.get(title, title): columns for title, columns in book.hidden_columns.items()})


def _column_name(rows: list[list[str]], index: int) -> str:
    """A column as a message names it: its name in the first row, or else its letter."""
    from .spreadsheet import column_letters

    header = rows[0] if rows else []
    name = header[index].strip() if index < len(header) else ""
    return name or column_letters(index)


def _cell_place(file: str, words: Words, sheets: dict, problem) -> str:
    """Where a cell problem is: 'kaarten.xlsx, blad Kaarten, rij 4, kolom Titel'."""
    rows = sheets[problem.sheet]
    if problem.sheet == words.deck:
        column = (words.field, words.text)[problem.column] if problem.column < 2 else None
    else:
        column = _column_name(rows, problem.column)
    return place(file, words, problem.sheet, row=problem.row, column=column)


# -- writing the YAML, checking it, telling where a problem is ---------------------------------------

class _Dumper(yaml.SafeDumper):
    """Texts as the starter cards teach: in double quotes, each on a line of its own (so that a ': '
    typed into one later does no harm), of several lines (quotes with paragraphs) as literal blocks;
    the names plain."""


class _Text(str):
    """A text value (not a name) of a file import writes."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))
_Dumper.add_representer(_Text, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", str(text), style="|" if "\n" in text else '"'))


def _texts(value):
    """`value` with every text in it a _Text, the names left as they are."""
    if isinstance(value, dict):
        return {key: _texts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_texts(item) for item in value]
    return _Text(value) if isinstance(value, str) else value


def _write(path: Path, values: dict) -> str:
    text = yaml.dump(_texts(values), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
    path.write_text(text, encoding="utf-8")
    return text


@dataclass
class _Origin:
    """Where a YAML file written from a sheet came from (its sheet, and its card row or the rows of
    the deck's fields), and its text, whose lines lead back to the keys and so to the columns."""

    where: str
    words: Words
    text: str
    field_rows: dict[str, int] | None = None
    row: Row | None = None

    def place(self, line: int | None) -> str:
        key = self._key_at(line)
        if self.field_rows is None:  # the cards as a whole, or one card's row
            if self.row is None:
                return place(self.where, self.words, column=self.words.columns["number"])
            column = self.words.columns.get(key.split(".")[0]) if key else None
            return place(self.where, self.words, row=self.row.number, column=column)
        if key not in self.words.fields:
            return self.where
        if key not in self.field_rows:
            return f"{self.where}, {self.words.fields[key]}"  # a field the sheet has no row for
        return place(self.where, self.words, row=self.field_rows[key], column=self.words.text)

    def _key_at(self, line: int | None) -> str | None:
        """The key (labels.figure for nested ones) whose value covers 1-based `line`."""
        if line is None:
            return None
        starts = []
        for key_node, value in yaml.compose(self.text, Loader=yaml.SafeLoader).value:
            starts.append((key_node.start_mark.line, key_node.value))
            if isinstance(value, yaml.MappingNode):
                starts += [(inner.start_mark.line, f"{key_node.value}.{inner.value}") for inner, _ in value.value]
        return max((start for start in starts if start[0] < line), default=(0, None))[1]


# "write a piece of text after 'title:'": in a sheet there is no 'title:' to write after.
_YAML_HINT = re.compile(r" after (the )?'[^']*'$")


def _check(folder: Path, origins: dict[Path, _Origin], words: Words, cards_where: str) -> None:
    """Read the written folder with the checker behind `deck check`; every problem is told at its cell.
    A deck that passes gets its card files named as deck new and the bundled deck name them."""
    from .content import load_deck

    try:
        deck = load_deck(folder)
        _fits(deck)
    except DeckError as error:
        # Problems of the whole set of cards (a gap in the numbering) belong to the column Nummer.
        origins[folder / CARDS] = _Origin(cards_where, words, "", row=None)
        raise DeckErrors([_at_cell(problem, origins, words) for problem in error.errors]) from None
    for card in deck.cards:
        card.path.rename(card.path.with_name(f"{card.number:02d}-{card.id}.yaml"))


def _fits(deck) -> None:
    """What deck check asks beyond the checker, asked now so that it is told at its cell and not
    after the import, at a line of a YAML file the sheet's user never wrote: that the fonts have
    every character and that every face fits (in the layout the new deck names, the default)."""
    from .copyfit import fit_deck
    from .layouts import load_layout

    fit_deck(deck, load_layout(str(deck.layout)))


# (a sheet's user mends the text; a larger card is a layout's, which the new folder does not have yet)
_SHEET_ADVICE = "shorten its texts in the sheet"


# The checker names a text by its key in a card file ('challenges[1].text'); the place before the
# message names the cell, so in a sheet the text is named by what it is in that cell.
_LABEL = re.compile(r"^'([a-z_.]+)(?:\[(\d+)\](?:\.([a-z_]+))?)?'(: )?")
_ITEMS = {("challenges", "question"): "challenge {n}'s question",
          ("challenges", "text"): "challenge {n}'s explanation (the lines below its question)",
          ("quotes", "text"): "quote {n}",
          ("quotes", "source"): "quote {n}'s source (a line starting with a dash below the quote, saying who said it)",
          ("sources", "title"): "source {n}'s title", ("sources", "url"): "source {n}'s web address",
          ("suggestions", None): "suggestion {n}", ("intro", None): "paragraph {n}",
          ("how_to.text", None): "paragraph {n}"}


# the glyph check names the card and the text: "card 4, quotes[1].text: the character ..."
_CARD_TEXT = re.compile(r"^(?:card \d+|the intro card), ([a-z_.]+)(?:\[(\d+)\](?:\.([a-z_]+))?)?: ")


def _in_sheet_words(message: str) -> str:
    """'challenges[1].text' is empty -> challenge 1's explanation (...) is empty; 'title' is empty ->
    the cell is empty; 'id': 'X' is not ... -> 'X' is not ...; card 4, quotes[1].text: the character
    ... -> quote 1: the character ..."""
    text = _CARD_TEXT.match(message)
    if text is not None:
        key, index, inner = text.groups()
        rest = message[text.end():].replace(" or choose a font that has it", "")
        return (_ITEMS.get((key, inner), "").format(n=index) + ": " if index else "") + rest
    match = _LABEL.match(message)
    if match is None:
        return message
    key, index, inner, colon = match.groups()
    rest = message[match.end():]
    if colon:
        return rest
    what = _ITEMS.get((key, inner), "the cell").format(n=index) if index else "the cell"
    return what + rest.replace(" should be ", " should hold ", 1) if what == "the cell" else what + rest


def _at_cell(problem: DeckError, origins: dict[Path, _Origin], words: Words) -> DeckError:
    from .copyfit import TOO_LONG_ADVICE

    message = _in_sheet_words(_YAML_HINT.sub("", problem.message)).replace(TOO_LONG_ADVICE, _SHEET_ADVICE)
    for path, origin in origins.items():
        if origin.row is not None:  # "used twice: here and in row-0007.yaml" -> "... and in rij 7"
            message = message.replace(path.name, f"{words.row} {origin.row.number}")
    return DeckError(f"{origins[problem.path].place(problem.line)}: {message}")
