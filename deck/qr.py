"""A url -> a QR code drawn as filled rectangles on a reportlab canvas: no widget, no font.

reportlab's QR widget brings a Helvetica that is never embedded, so a deck with urls failed every
"all fonts embedded" check. The matrix comes from reportlab's own encoder; the dark modules of each
row are merged into runs and drawn as one path in the text colour.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import groupby

from .layouts import Colour
from .units import Rect

ERROR_CORRECTION = "M"  # 15 % of the code may be scuffed or covered and it still scans


@lru_cache(maxsize=4096)  # a code is sized when its face is composed and drawn when the face is
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of `url` as rows of modules, top row first; True is dark. No quiet zone."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, ERROR_CORRECTION))
    code.addData(url)
    code.make()
    return tuple(tuple(bool(module) for module in row) for row in code.modules)


def dark_runs(matrix) -> list[tuple[int, int, int]]:
    """(row, first column, length) of every run of dark modules, row by row."""
    runs = []
    for row, modules in enumerate(matrix):
        column = 0
        for dark, group in groupby(modules):
            length = len(list(group))
            if dark:
                runs.append((row, column, length))
            column += length
    return runs


def draw_qr(canvas, url: str, place: Rect, colour: Colour) -> None:
    """The QR code of `url` filling the square `place`, in `colour`; the quiet zone around it is
    the caller's to keep free."""
    matrix = qr_matrix(url)
    module = min(place.width, place.height) / len(matrix)
    path = canvas.beginPath()
    for row, column, length in dark_runs(matrix):
        path.rect(place.x + column * module, place.top - (row + 1) * module, length * module, module)
    canvas.saveState()
    if colour.model == "rgb":
        canvas.setFillColorRGB(*colour.values)
    else:
        canvas.setFillColorCMYK(*colour.values)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
