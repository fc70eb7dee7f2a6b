"""Tables <-> spreadsheet files: Excel workbooks (.xlsx, with openpyxl) and CSV.

A table is a list of rows, the column names first. Reading gives every cell as text, the way it
reads: formatting (bold, colour) is dropped, a number cell becomes its digits, a date its ISO date,
and line breaks are plain newlines. Writing gives bytes, for deck/files.py to put in place.
"""
from __future__ import annotations

import csv
import datetime
import decimal
import io
import re
from pathlib import Path
from typing import Callable, NamedTuple

from .errors import DeckError
from .files import read_input

CSV_DELIMITERS = (",", ";", "\t")  # Excel writes ';' where the comma is the decimal sign
# A deck of 10,000 cards of a few thousand characters each is a workbook of about 15 MB, 50 MB when
# unpacked: more than these is no deck's workbook, and reading it would take minutes and gigabytes.
MAX_SPREADSHEET_BYTES = 50_000_000
MAX_UNPACKED_BYTES = 200_000_000
LINE_HEIGHT = 15     # points: one line of Calibri 11, the default text of a new workbook
MAX_ROW_HEIGHT = 409  # points: the tallest row Excel allows
LETTERS_PER_DIGIT = 1.2


# -- xlsx --------------------------------------------------------------------------------------------

class CellLocale(NamedTuple):
    """How a spreadsheet program shows numbers and dates in one language."""

    decimal: str
    group: str
    months: tuple[str, ...]        # January first
    short_months: tuple[str, ...]
    days: tuple[str, ...]          # Monday first
    short_days: tuple[str, ...]
    short_date: str = "d mmm yyyy"  # the system's date, which a date typed into a cell is shown in
    long_date: str = "dddd d mmmm yyyy"
    booleans: tuple[str, str] = ("TRUE", "FALSE")


LOCALES = {
    "en": CellLocale(".", ",", tuple("January February March April May June July August September October November "
                                     "December".split()),
                     tuple("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()),
                     tuple("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()),
                     tuple("Mon Tue Wed Thu Fri Sat Sun".split())),
    "nl": CellLocale(",", ".", tuple("januari februari maart april mei juni juli augustus september oktober november "
                                     "december".split()),
                     tuple("jan feb mrt apr mei jun jul aug sep okt nov dec".split()),
                     tuple("maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split()),
                     tuple("ma di wo do vr za zo".split()), "d-m-yyyy", "dddd d mmmm yyyy", ("WAAR", "ONWAAR")),
    "de": CellLocale(",", ".", tuple("Januar Februar März April Mai Juni Juli August September Oktober November "
                                     "Dezember".split()),
                     tuple("Jan Feb Mrz Apr Mai Jun Jul Aug Sep Okt Nov Dez".split()),
                     tuple("Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split()),
                     tuple("Mo Di Mi Do Fr Sa So".split()), "dd.mm.yyyy", "dddd, d. mmmm yyyy", ("WAHR", "FALSCH")),
    "fr": CellLocale(",", "\u202f", tuple("janvier février mars avril mai juin juillet août septembre octobre "
                                          "novembre décembre".split()),
                     tuple("janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split()),
                     tuple("lundi mardi mercredi jeudi vendredi samedi dimanche".split()),
                     tuple("lun. mar. mer. jeu. ven. sam. dim.".split()), "dd/mm/yyyy", "dddd d mmmm yyyy",
                     ("VRAI", "FAUX")),
}

# What Excel shows for a formula it could not work out; a cell holding one is a mistake to correct.
EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!",
                "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")


class CellProblem(NamedTuple):
    """A cell deck cannot read as its text: its sheet, row (from 1), column (from 0), and why."""

    sheet: str
    row: int
    column: int
    message: str


class Linked(str):
    """A cell's text that links to a web address (Excel's hyperlink, or the HYPERLINK function)."""

    link: str = ""


class Workbook(NamedTuple):
    """A workbook read: every sheet's cells as text, what could not be read, and the rows and
    columns (from 0) each sheet hides."""

    sheets: dict[str, list[list[str]]]
    problems: list[CellProblem]
    hidden_rows: dict[str, list[int]]
    hidden_columns: dict[str, list[int]]


def read_workbook(path: Path, locale_for: Callable[[list[str]], CellLocale] | None = None) -> Workbook:
    """Every sheet of an .xlsx workbook by name, each cell as the text the sheet shows, in the
    locale `locale_for` chooses from the sheets' names. openpyxl reads the XML with defusedxml, so a
    workbook from elsewhere cannot blow up memory. The whole workbook is read (not openpyxl's
    read-only mode): that mode trusts the size the file claims, which a file another program wrote
    may understate (cards were left out), and it knows neither merged cells nor links.
    A formula shows the result the file keeps; with none kept (a file no spreadsheet program saved),
    or an error (#DIV/0!), the cell is a problem, and so is a merged cell, whose text only its first
    cell holds."""
    formulas, formula_cells, results = _opened(path, read_input(path, MAX_SPREADSHEET_BYTES, "spreadsheet"))
    locale = locale_for([sheet.title for sheet in formulas.worksheets]) if locale_for else LOCALES["en"]
    # a file a spreadsheet program saved keeps a result with every formula, an empty text as none: only
    # where no formula has one did a script write the file, and every formula's result is unknown
    saved = any(results[cell.parent.title].cell(cell.row, cell.column).value is not None for cell in formula_cells)
    book = Workbook({}, [], {}, {})
    for sheet in formulas.worksheets:
        shown = results[sheet.title] if results is not None else None
        book.sheets[sheet.title] = [[_cell(cell, shown, locale, book.problems, saved) for cell in row]
                                    for row in sheet.iter_rows()]
        for merged in sheet.merged_cells.ranges:
            book.problems.append(CellProblem(
                sheet.title, merged.min_row, merged.min_col - 1,
                f"the cells {merged.coord} are merged, and only the first holds a text; unmerge them (Excel: "
                "Merge & Center, again) and write each cell's own text in it"))
        book.hidden_rows[sheet.title] = sorted(number for number, row in sheet.row_dimensions.items()
                                               if row.hidden and number <= sheet.max_row)
        book.hidden_columns[sheet.title] = sorted(
            index for column in sheet.column_dimensions.values() if column.hidden
            for index in range(column.min - 1, min(column.max, sheet.max_column)))
    return book


def _opened(path: Path, data: bytes):
    """The workbook read by openpyxl (its formulas; their kept results, where it has formulas), and
    its formula cells. Anything openpyxl or lxml raise on a damaged file (XML, zip, index and value
    errors of many kinds) is the one message; deck's own reading of the cells is not in here."""
    import warnings
    import zipfile

    import openpyxl

    try:
        unpacked = sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(data)).infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise DeckError(f"{path.name} unpacks to {unpacked // 1_000_000} MB, more than a deck's workbook (at "
                            f"most {MAX_UNPACKED_BYTES // 1_000_000} MB); is this the right file?")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # features deck does not read (validation, styles) are no concern
            formulas = openpyxl.load_workbook(io.BytesIO(data))
            formula_cells = [cell for sheet in formulas.worksheets for row in sheet.iter_rows() for cell in row
                             if cell.data_type == "f"]
            results = openpyxl.load_workbook(io.BytesIO(data), data_only=True) if formula_cells else None
    except DeckError:
        raise
    except Exception:
        raise DeckError(f"{path.name} is not an Excel workbook deck can read, or it is damaged; open it in your "
                        "spreadsheet program and save it as an Excel workbook (.xlsx)") from None
    return formulas, formula_cells, results


_HYPERLINK = re.compile(r'^=\s*HYPERLINK\(', re.I)
_LITERAL_LINK = re.compile(r'^=\s*HYPERLINK\(\s*"([^"]+)"\s*[,;)]', re.I)


def _cell(cell, shown, locale: CellLocale, problems: list[CellProblem], saved: bool = True) -> str:
    """One cell as its text, its link kept (Linked); a problem noted in `problems`."""
    value, link = cell.value, None
    if cell.data_type == "f":
        formula = value if isinstance(value, str) else getattr(value, "text", "") or ""
        if _HYPERLINK.match(formula):
            literal = _LITERAL_LINK.match(formula)
            if literal is None:
                problems.append(CellProblem(cell.parent.title, cell.row, cell.column - 1,
                                            "links to a web address its formula works out, which deck cannot read; "
                                            "write the address itself in the HYPERLINK formula, or after the title"))
                return ""
            link = literal.group(1)
        result = shown.cell(cell.row, cell.column) if shown is not None else None
        value = result.value if result is not None else None
        if value is None:
            if saved:
                return ""  # (an empty text: =IF(B3="x";"Citaat";""))
            problems.append(CellProblem(cell.parent.title, cell.row, cell.column - 1,
                                        "holds a formula whose result is not saved in the file (a program that is "
                                        "no spreadsheet wrote it); open the file in Excel or LibreOffice and save "
                                        "it there, or type the text itself"))
            return ""
    if isinstance(value, str) and value.strip() in EXCEL_ERRORS and (cell.data_type in ("e", "f")):
        problems.append(CellProblem(cell.parent.title, cell.row, cell.column - 1,
                                    f"shows the error {value.strip()}; correct its formula, or type the text itself"))
        return ""
    text = cell_text(value, cell.number_format, locale)
    if link is None and cell.hyperlink is not None:
        link = cell.hyperlink.target or ""
        if cell.hyperlink.location:  # (the #part of an address is kept apart in the file)
            link += "#" + cell.hyperlink.location
    if link:
        text = Linked(text)
        text.link = link
    return text


def cell_text(value, number_format: str | None = None, locale: CellLocale = LOCALES["en"]) -> str:
    """A cell's value as the text it stands for, as the sheet shows it in `locale`: a number in its
    format (0.5 formatted 0% is '50%', 12.5 formatted 0.00 is '12,50' in Dutch), a date in its
    format (1-3-2024, 1 maart 2024), or else as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return locale.booleans[0] if value else locale.booleans[1]
    if isinstance(value, (int, float)):
        return _formatted_number(value, number_format or "General", locale)
    if isinstance(value, datetime.timedelta):  # a duration ([h]:mm): its hours and minutes
        minutes, seconds = divmod(round(value.total_seconds()), 60)
        shown = f"{minutes // 60}:{minutes % 60:02d}"
        return shown + f":{seconds:02d}" if number_format and "s" in number_format.lower() else shown
    if isinstance(value, (datetime.date, datetime.time)):
        shown = _formatted_date(value, number_format, locale)
        if shown is not None:
            return shown
        if isinstance(value, datetime.datetime):
            return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
        return value.isoformat()
    text = str(value)
    if "_x" in text:  # a control character as the file writes it (_x000D_, Excel's carriage return), read back
        from openpyxl.utils.escape import unescape

        text = unescape(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# a number format's parts: quoted text, an escaped character, [$€-413] (a currency and locale),
# [Red] and such, a space as wide as a character (_x) or a fill (*x), the digits, and the rest
_NUMBER_TOKEN = re.compile(r'"[^"]*"|\\.|\[\$[^\]]*\]|\[[^\]]*\]|_.|\*.|\.?[0#?][0#?,.]*|.', re.S)


def _formatted_number(value: float, number_format: str, locale: CellLocale) -> str:
    """A number as its cell's format shows it: the digits, decimals, grouping, percent sign and the
    text around them (a currency); a format deck does not follow (a fraction, a scientific one) gives
    the number as it is, with the locale's decimal sign."""
    sections = number_format.split(";")
    section, sign = sections[0], "-" if value < 0 else ""
    if value < 0 and len(sections) > 1:  # the negative numbers' own format, its sign or brackets in it
        section, sign, value = sections[1], "", -value
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    general = re.search(r"general|@", re.sub(r'"[^"]*"', lambda quoted: " " * len(quoted[0]), section), re.I)
    if general and section.strip().lower() not in ("general", "@"):  # "Kaart "General, "Nr. "@: the text around it
        number = _plain_number(value if not sign else -abs(value), locale)
        return _literal(section[:general.start()]) + number + _literal(section[general.end():])
    if section.strip().lower() in ("general", "@", "") \
            or re.search(r'[eE][+-]|/|(?<!\\)[ymdhs]', re.sub(r'"[^"]*"|\[[^\]]*\]', "", section)):
        return _plain_number(value if not sign else -abs(value), locale)
    prefix, suffix, digits, percent = [], [], None, False
    for token in _NUMBER_TOKEN.findall(section):
        if token[0] in "0#?" or token[:1] == "." and len(token) > 1:
            if digits is not None:
                return _plain_number(value, locale)  # (two groups of digits: a fraction or such)
            digits = token
            continue
        percent = percent or token == "%"
        (suffix if digits is not None else prefix).append(_token_text(token))
    if digits is None:  # a section of text alone ("nul" for a zero)
        return "".join(prefix) if "".join(prefix).strip() else _plain_number(value, locale)
    thousands = len(digits) - len(digits.rstrip(","))  # 0.0,, " mln": each trailing comma divides by 1000
    whole, _, decimals = digits.rstrip(",").partition(".")
    places = len(decimals)
    try:
        with decimal.localcontext(prec=60):
            scaled = decimal.Decimal(repr(value)) * (100 if percent else 1) / (decimal.Decimal(1000) ** thousands)
            rounded = scaled.quantize(decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
    except decimal.InvalidOperation:  # (1e30 in 0.00: more digits than a sheet shows anyway)
        return _plain_number(value, locale)
    number = f"{abs(rounded):.{places}f}"
    sign = sign if rounded else ""
    integer, _, fraction = number.partition(".")
    required = len(decimals.rstrip(",").rstrip("#?"))
    fraction = fraction[:required] + fraction[required:].rstrip("0")
    if integer == "0" and "0" not in whole:
        integer = ""
    integer = integer.zfill(whole.count("0"))  # 000: 12 shows as 012
    if "," in whole:
        integer = f"{int(integer or 0):,}".replace(",", locale.group) if integer else integer
    shown = integer + (locale.decimal + fraction if fraction else "")
    return "".join(prefix) + sign + shown + "".join(suffix)


def _literal(part: str) -> str:
    """The text a number format writes around its number ("Kaart ", \\€), without what only steers it."""
    return "".join(map(_token_text, _NUMBER_TOKEN.findall(part)))


def _token_text(token: str) -> str:
    """What one of a number format's tokens (but its digits) prints: quoted text, an escaped
    character, a currency ([$€-413]), nothing for a colour, a space's width or a fill."""
    if token.startswith('"'):
        return token[1:-1]
    if token.startswith("\\"):
        return token[1]
    if token.startswith("[$"):
        return token[2:-1].split("-")[0]
    return "" if token.startswith(("[", "_", "*")) else token


def _plain_number(value: float, locale: CellLocale) -> str:
    """A number as a General cell shows it: a whole number as such, else up to 15 digits."""
    if isinstance(value, int) or float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}".replace(".", locale.decimal).replace("e", "E")


_DATE_TOKEN = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p'
                         r'|\.0+|[-/.,: ]|.', re.I)


def _formatted_date(value, number_format: str | None, locale: CellLocale) -> str | None:
    """A date or time as its cell's format shows it (d-m-yyyy, d mmmm yyyy, dddd d mmm, h:mm ...),
    with the locale's names of months and days; None for a format deck does not follow."""
    if not number_format or number_format.lower() == "general":
        return None
    # Excel's built-in date formats show the system's date, in the sheet's language (a typed date
    # gets the first; openpyxl names them in American order)
    system = {"mm-dd-yy": locale.short_date, "m/d/yy h:mm": locale.short_date + " h:mm"}
    number_format = system.get(number_format, number_format)
    if number_format.lower().startswith("[$-f800]"):
        number_format = locale.long_date
    elif number_format.lower().startswith("[$-f400]"):
        number_format = "h:mm:ss"
    tokens = _DATE_TOKEN.findall(number_format.split(";")[0])
    day = value.date() if isinstance(value, datetime.datetime) else value if isinstance(value, datetime.date) else None
    time = value.time() if isinstance(value, datetime.datetime) else value if isinstance(value, datetime.time) else None
    twelve = any(token.lower() in ("am/pm", "a/p") for token in tokens)
    out = []
    for index, token in enumerate(tokens):
        lower = token.lower()
        # m after h, or before s, is minutes
        before = next((t.lower() for t in reversed(tokens[:index]) if t.strip(" :.-/,")), "")
        after = next((t.lower() for t in tokens[index + 1:] if t.strip(" :.-/,")), "")
        minutes = lower in ("m", "mm") and (before.startswith("h") or after.startswith("s"))
        if lower in ("yyyy", "yy", "mmmmm", "mmmm", "mmm", "dddd", "ddd", "dd", "d") or lower in ("m", "mm") \
                and not minutes:
            if day is None:
                return None
            out.append({"yyyy": f"{day.year:04d}", "yy": f"{day.year % 100:02d}",
                        "mmmmm": locale.months[day.month - 1][:1], "mmmm": locale.months[day.month - 1],
                        "mmm": locale.short_months[day.month - 1], "mm": f"{day.month:02d}", "m": str(day.month),
                        "dddd": locale.days[day.weekday()], "ddd": locale.short_days[day.weekday()],
                        "dd": f"{day.day:02d}", "d": str(day.day)}[lower])
        elif lower in ("hh", "h", "ss", "s") or minutes:
            if time is None:
                time = datetime.time()
            hour = time.hour % 12 or 12 if twelve else time.hour
            number = {"h": hour, "hh": hour, "m": time.minute, "mm": time.minute, "s": time.second,
                      "ss": time.second}[lower]
            out.append(f"{number:02d}" if len(lower) == 2 else str(number))
        elif lower in ("am/pm", "a/p"):
            out.append(("AM" if time is None or time.hour < 12 else "PM")[:2 if lower == "am/pm" else 1])
        elif token.startswith('"'):
            out.append(token[1:-1])
        elif token.startswith("\\"):
            out.append(token[1])
        elif token.startswith("["):
            continue  # [$-413], [Red]: the locale and colour (the locale is the deck's)
        elif token in "-/.,: " or token.startswith(".0"):
            out.append(token if not token.startswith(".0") else "")
        else:
            return None  # a part deck does not know (an era, a duration): the ISO date
    return "".join(out) if out else None


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

def read_csv(path: Path, warn=None) -> list[list[str]]:
    """The rows of a CSV file in UTF-8 (with or without the mark Excel puts in front), or in UTF-16
    with its mark (Excel's 'Unicode text'), or else in Windows-1252 (what Excel on Windows saves as
    plain 'CSV' in Western Europe; `warn` hears of it), separated by commas, semicolons or tabs,
    whichever the first line uses most."""
    raw = read_input(path, MAX_SPREADSHEET_BYTES, "spreadsheet")  # (never a pipe or a device: it would hang)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DeckError(f"{path.name} is cut short or damaged (UTF-16 text); save it again as 'CSV UTF-8' "
                            "(Excel: Save As, CSV UTF-8)") from None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                raise DeckError(f"{path.name} is not saved as UTF-8 text; save it again as 'CSV UTF-8' "
                                "(Excel: Save As, CSV UTF-8)") from None
            if warn is not None:
                warn(f"{path.name} is not UTF-8; deck read it as Windows-1252, as Excel on Windows saves a CSV file: "
                     "check its accented letters, or save it as 'CSV UTF-8' (Excel: Save As, CSV UTF-8)")
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
