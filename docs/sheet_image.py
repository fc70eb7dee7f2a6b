"""The README's picture of the spreadsheet: `deck export` of a new deck, as LibreOffice renders it.

Rendered by a real spreadsheet program, not drawn, so the picture shows what a person sees when
they open the file: needs LibreOffice Calc (Debian/Ubuntu: apt-get install libreoffice-calc-nogui)
and, for Excel's metrics, the Carlito font (fonts-crosextra-carlito), which stands in for Calibri.
"""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from deck.content import load_deck  # noqa: E402  (the path above makes a source checkout work)
from deck.exchange import export_deck  # noqa: E402
from deck.files import write_atomic  # noqa: E402
from deck.folders import new_deck  # noqa: E402
from deck.preview import png_bytes, render_pages  # noqa: E402

DPI = 110
MARGIN = 12  # px of white around the cropped sheet


def make(target: Path = HERE / "images" / "sheet-kaarten.png") -> Path:
    """The sheet Kaarten of `deck new mijn-deck`'s export, its two card rows, as a PNG: columns A to
    E above columns F to I, so that the text stays legible on a screen."""
    from PIL import Image

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("the sheet picture needs LibreOffice: apt-get install libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        new_deck(scratch / "mijn-deck", "nl-NL")
        (workbook,) = export_deck(load_deck(scratch / "mijn-deck"), scratch / "kaarten.xlsx")
        _print_like_the_screen(workbook)
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{scratch / 'profile'}",
                        "--convert-to", "pdf", "--outdir", str(scratch), str(workbook)],
                       check=True, capture_output=True, timeout=120)
        parts = [_cropped(page) for page in render_pages((scratch / "kaarten.pdf").read_bytes(), DPI)]
    picture = Image.new("RGB", (max(p.width for p in parts), sum(p.height for p in parts)), "white")
    top = 0
    for part in parts:
        picture.paste(part, (0, top))
        top += part.height
    write_atomic(target, png_bytes(picture))
    return target


def _cropped(page):
    """A rendered page without the white paper around the printed cells."""
    from PIL import Image, ImageChops

    left, top, right, bottom = ImageChops.difference(page, Image.new("RGB", page.size, "white")).getbbox()
    return page.crop((left - MARGIN, top - MARGIN, right + MARGIN, bottom + MARGIN))


def _print_like_the_screen(workbook: Path) -> None:
    """The cards sheet printed in two parts (columns A to E, F to I) at full size, with the grid and
    the column letters and row numbers a spreadsheet program shows; the cells and their sizes stay
    as deck export wrote them."""
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    sheet = book["Kaarten"]
    sheet.print_area = [f"A1:E{sheet.max_row}", f"F1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"]
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3
    sheet.page_setup.scale = 90  # columns F to I on one page
    sheet.print_options.gridLines = sheet.print_options.headings = True
    for other in ("Kaartenset", "Uitleg"):
        book[other].sheet_state = "hidden"  # only the cards sheet is printed
    book.save(workbook)


if __name__ == "__main__":
    print(f"wrote {make()}")
