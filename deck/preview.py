"""Face PDF (one face per page, in card order) -> PNG images: a labelled contact sheet, or one image
per face for print-on-demand services. Rendered from the real PDF with pdfium, so what you see is
what prints; pages are rendered one at a time and the contact sheet is written a row of cards at a
time, so a deck of 1000 cards needs no more memory than one of ten.
"""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from .errors import DeckError

TILE_GAP = 16      # px between tiles
LABEL_HEIGHT = 22  # px under each tile
CARDS_PER_ROW = 5
SCREEN_DPI = 40    # a whole deck on one screen
MAX_PIXELS = 100_000_000  # per rendered face: an A5 card with bleed at 1200 dpi has 74 million
BACKGROUND = (236, 236, 236)


def check_pixels(layout, dpi: float, bleed: bool = True) -> None:
    """Refuse, before rendering, a face image larger than MAX_PIXELS (300 MB of memory)."""
    around = 2 * layout.bleed if bleed else 0
    width = (layout.card.width + around) / 72 * dpi
    height = (layout.card.height + around) / 72 * dpi
    if width * height > MAX_PIXELS:
        raise DeckError(f"at {dpi:g} dpi a face would be {width:.0f} x {height:.0f} pixels, more than "
                        f"{MAX_PIXELS // 1_000_000} million; choose a lower --dpi")


def render_pages(pdf: bytes, dpi: float, pages: list[int] | None = None) -> list:
    """Every page of `pdf` (or the pages numbered in `pages`, from 0) as an RGB Pillow image at
    `dpi`; for many pages, each_page holds one at a time."""
    return list(each_page(pdf, dpi, pages))


def each_page(pdf: bytes, dpi: float, pages: list[int] | None = None) -> Iterator:
    """Every page of `pdf` (or those in `pages`) as an RGB Pillow image at `dpi`, one at a time."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        for index in range(len(document)) if pages is None else pages:
            page = document[index]
            try:
                image = page.render(scale=dpi / 72).to_pil().convert("RGB")
                # pdfium rounds the bitmap up: an A5 face with bleed at 300 dpi came out 2552 pixels
                # high, its last row mostly off the page; a print service checks the exact size
                width, height = (round(side * dpi / 72) for side in page.get_size())
                yield image.crop((0, 0, width, height)) if image.size != (width, height) else image
            finally:
                page.close()
    finally:
        document.close()


def write_contact_sheet(stream: BinaryIO, pdf: bytes, dpi: float, labels: list[str], font_file: Path,
                        sides: tuple[str, str] = ("front", "back")) -> None:
    """Fronts above their backs, cards left to right in rows of CARDS_PER_ROW, each tile labelled,
    as a PNG written to `stream` one row of cards at a time.

    `pdf` holds the faces in order: front, back, front, back ...; `labels` name the cards in order,
    `sides` the two sides, in the deck's language.
    """
    from PIL import Image, ImageDraw, ImageFont

    pages = each_page(pdf, dpi)
    first = next(pages)
    tile_w, tile_h = first.size
    cards = len(labels)
    columns = min(CARDS_PER_ROW, cards)
    rows = -(-cards // columns)
    cell_w, cell_h = tile_w + TILE_GAP, 2 * (tile_h + LABEL_HEIGHT) + TILE_GAP
    width = columns * cell_w + TILE_GAP
    font = ImageFont.truetype(str(font_file), 13)
    png = _PngStream(stream, width, rows * cell_h + TILE_GAP)
    pending = [first]
    for row in range(rows):
        band = Image.new("RGB", (width, cell_h), BACKGROUND)
        draw = ImageDraw.Draw(band)
        for index in range(row * columns, min(cards, (row + 1) * columns)):
            x = TILE_GAP + (index % columns) * cell_w
            for side in (0, 1):
                image = pending.pop() if pending else next(pages)
                top = TILE_GAP + side * (tile_h + LABEL_HEIGHT)
                band.paste(image, (x, top))
                draw.text((x, top + tile_h + 4), f"{labels[index]} · {sides[side]}",
                          fill=(60, 60, 60), font=font)
        png.rows(band.tobytes(), cell_h)
    png.rows(Image.new("RGB", (width, TILE_GAP), BACKGROUND).tobytes(), TILE_GAP)
    png.close()


class _PngStream:
    """A PNG written as its rows arrive: Pillow can only save a whole image, which for 1000 cards
    is 150,000 pixels tall. RGB, 8 bits, no filter; the same rows give the same bytes."""

    def __init__(self, stream: BinaryIO, width: int, height: int):
        self.stream, self.width = stream, width
        self.packer = zlib.compressobj(6)
        stream.write(b"\x89PNG\r\n\x1a\n")
        self._chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        for kind, data in SRGB_CHUNKS:
            self._chunk(kind, data)

    def rows(self, pixels: bytes, count: int) -> None:
        stride = self.width * 3
        scanlines = b"".join(b"\x00" + pixels[row * stride:(row + 1) * stride] for row in range(count))
        self._data(self.packer.compress(scanlines))

    def close(self) -> None:
        self._data(self.packer.flush())
        self._chunk(b"IEND", b"")

    def _data(self, data: bytes) -> None:
        if data:
            self._chunk(b"IDAT", data)

    def _chunk(self, kind: bytes, data: bytes) -> None:
        self.stream.write(struct.pack(">I", len(data)) + kind + data
                          + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


# The colour space of every image deck renders: sRGB, said as PNG says it (the sRGB chunk, with the
# gAMA a reader that does not know it falls back on), so a print service need not guess. (An
# embedded ICC profile would do the same, but LittleCMS stamps the time into one it makes.)
SRGB_CHUNKS = ((b"sRGB", b"\x00"), (b"gAMA", struct.pack(">I", 45455)))


def png_bytes(image, dpi: float | None = None) -> bytes:
    """PNG bytes with the resolution and the colour space recorded, so print services read the
    right size and colours."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    for kind, data in SRGB_CHUNKS:
        info.add(kind, data)
    stream = io.BytesIO()
    image.save(stream, format="PNG", dpi=(dpi, dpi) if dpi else None, optimize=False, pnginfo=info)
    return stream.getvalue()
