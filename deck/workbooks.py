"""Tables <-> spreadsheet files: Excel workbooks (.xlsx, with openpyxl) and CSV.

A table is a list of rows, the column names first. Reading gives every cell as text, the way it
reads: formatting (bold, colour) is dropped, a number cell becomes its digits, a date its ISO date,
and line breaks are plain newlines. Writing gives bytes, for deck/files.py to put in place.
"""
from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path

from .errors import DeckError

CSV_DELIMITERS = (",", ";", "\t")  # Excel writes ';' where the comma is the decimal sign
LINE_HEIGHT = 15     # points: one line of Calibri 11, the default text of a new workbook
MAX_ROW_HEIGHT = 409  # points: the tallest row Excel allows
LETTERS_PER_DIGIT = 1.2


# -- xlsx --------------------------------------------------------------------------------------------

def read_workbook(path: Path) -> dict[str, list[list[str]]]:
    """Every sheet of an .xlsx workbook by name, each cell as text. openpyxl reads the XML with
    defusedxml, so a workbook from elsewhere cannot blow up memory."""
    import warnings
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # features deck does not read (validation, styles) are no concern
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                return {sheet.title: [[cell_text(cell.value, getattr(cell, "number_format", None)) for cell in row]
                                      for row in sheet.iter_rows()]
                        for sheet in workbook.worksheets}
            finally:
                workbook.close()
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise DeckError(f"{path.name} is not an Excel workbook deck can read; open it in your spreadsheet "
                        "program and save it as an Excel workbook (.xlsx)") from None


def cell_text(value, number_format: str | None = None) -> str:
    """A cell's value as the text it stands for: a percentage and a date as the sheet shows them
    (0.5 formatted 0% is '50%', a date formatted d-m-yyyy '1-3-2024'); other numbers as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)) and number_format and number_format.rstrip().endswith("%"):
        decimals = len(number_format.split(".")[1].rstrip("% ")) if "." in number_format else 0
        return f"{value * 100:.{decimals}f}%"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    shown = _as_formatted_date(value, number_format)
    if shown is not None:
        return shown
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    text = str(value)
    if "_x" in text:  # a control character as the file writes it (_x000D_, Excel's carriage return), read back
        from openpyxl.utils.escape import unescape

        text = unescape(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


_DATE_PARTS = {"yyyy": "{year:04d}", "yy": "{year2:02d}", "mm": "{month:02d}", "m": "{month}", "dd": "{day:02d}",
               "d": "{day}"}
_DATE_FORMAT = re.compile(r"(yyyy|yy|mm|m|dd|d)([-/. ]?)")


def _as_formatted_date(value, number_format: str | None) -> str | None:
    """A date in a plain day-month-year format (d-m-yyyy, dd/mm/yy, yyyy-mm-dd ...) as the sheet
    shows it; None for any other format, or a value that is not a date."""
    if not isinstance(value, (datetime.date, datetime.datetime)) or not number_format:
        return None
    written = number_format.lower().replace("\\", "")
    parts = _DATE_FORMAT.findall(written)
    if not parts or "".join(part + separator for part, separator in parts) != written:
        return None
    if isinstance(value, datetime.datetime) and value.time() != datetime.time():
        return None
    day = value.date() if isinstance(value, datetime.datetime) else value
    return "".join(_DATE_PARTS[part] + separator for part, separator in parts).format(
        year=day.year, year2=day.year % 100, month=day.month, day=day.day)


def workbook_bytes(sheets: dict[str, list[list]], widths: dict[str, list[int]]) -> bytes:
    """An .xlsx workbook with one sheet per table: the first row bold and frozen, every cell wrapped
    and aligned to the top, and every row as tall as its fullest cell, so that lists inside a cell
    read as lists (spreadsheet programs do not grow rows for wrapped text when they open a file)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in sheet[1]:
            cell.font = Font(name=cell.font.name, size=cell.font.size, bold=True)  # the workbook's font, bold
        sheet.freeze_panes = "A2"
        for index, width in enumerate(widths.get(name, []), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for number, row in enumerate(rows, start=1):
            lines = max(_lines(value, width) for value, width in zip(row, widths.get(name, [])))
            if lines > 1:
                sheet.row_dimensions[number].height = min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _lines(value, width: int) -> int:
    """How many lines a cell's text takes in a column `width` wide. A column's width counts digits;
    prose in Calibri sets about 1.3 letters in a digit's width, taken as 1.2 to err on the roomy side."""
    import textwrap

    paragraphs = str(value if value is not None else "").split("\n")
    return sum(max(1, len(textwrap.wrap(paragraph, int(width * LETTERS_PER_DIGIT)))) for paragraph in paragraphs)


# -- csv ---------------------------------------------------------------------------------------------

def read_csv(path: Path) -> list[list[str]]:
    """The rows of a CSV file in UTF-8 (with or without the mark Excel puts in front), separated by
    commas, semicolons or tabs, whichever the first line uses most."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DeckError(f"cannot read {path.name}: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DeckError(f"{path.name} is not saved as UTF-8 text; save it again as 'CSV UTF-8' "
                        "(Excel: Save As, CSV UTF-8)") from None
    first = text.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise DeckError(f"{path.name} is not a CSV file deck can read ({error}); save it again as CSV UTF-8") from None
    return [[cell.replace("\r\n", "\n").replace("\r", "\n") for cell in row] for row in rows]


def csv_bytes(rows: list[list]) -> bytes:
    """A CSV file: UTF-8 with the mark that makes Excel read it as UTF-8, commas, CRLF line ends."""
    stream = io.StringIO(newline="")
    csv.writer(stream, lineterminator="\r\n").writerows(rows)
    return stream.getvalue().encode("utf-8-sig")
