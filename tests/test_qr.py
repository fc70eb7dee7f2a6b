"""QR codes drawn by deck: the encoder's matrix, drawn as filled runs, readable by a phone's decoder."""
import io

import pypdfium2
import pytest
import zxingcpp
from reportlab.pdfgen.canvas import Canvas

from deck.layouts import Colour
from deck.qr import dark_runs, draw_qr, qr_matrix
from deck.units import MM, Rect

URL = "https://example.org/leren-in-teams"


def test_the_matrix_has_a_finder_pattern_in_three_corners():
    matrix = qr_matrix(URL)
    size = len(matrix)
    assert size >= 21 and (size - 21) % 4 == 0 and all(len(row) == size for row in matrix)
    for top, left in ((0, 0), (0, size - 7), (size - 7, 0)):
        ring = [matrix[top][left + i] for i in range(7)] + [matrix[top + 6][left + i] for i in range(7)]
        assert all(ring) and not matrix[top + 1][left + 1] and matrix[top + 3][left + 3]


def test_runs_cover_exactly_the_dark_modules():
    matrix = [[True, True, False, True], [False, False, False, False], [False, True, True, True]]
    assert dark_runs(matrix) == [(0, 0, 2), (0, 3, 1), (2, 1, 3)]


def page_with_code(colour: Colour) -> bytes:
    stream = io.BytesIO()
    canvas = Canvas(stream, pagesize=(60 * MM, 60 * MM), invariant=1, pageCompression=0)
    draw_qr(canvas, URL, Rect(10 * MM, 10 * MM, 40 * MM, 40 * MM), colour)
    canvas.showPage()
    canvas.save()
    return stream.getvalue()


@pytest.mark.parametrize("colour", [Colour("cmyk", (0, 0, 0, 0.87)), Colour("rgb", (0.13, 0.13, 0.13))])
def test_a_drawn_code_reads_back_as_its_url(colour):
    pdf = page_with_code(colour)
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    assert [result.text for result in zxingcpp.read_barcodes(image)] == [URL]


def test_a_code_is_one_path_in_the_colour_given_and_no_font():
    pdf = page_with_code(Colour("cmyk", (0, 0, 0, 0.87)))
    content = pdf.split(b"stream")[-2]  # the page's own, uncompressed
    drawn = content.split(b"ET", 1)[1]  # after reportlab's preamble, which sets its initial font
    assert b"0 0 0 .87 k" in drawn and b" re" in drawn and drawn.count(b"\nf*\n") == 1
    assert b"Tf" not in drawn and b"Do" not in drawn
