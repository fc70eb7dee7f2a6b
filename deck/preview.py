"""Face PDF (one face per page, in card order) -> PNG images: a labelled contact sheet, or one image
per face for print-on-demand services. Rendered from the real PDF with pdfium, so what you see is
what prints.
"""
from __future__ import annotations

import io
from pathlib import Path


TILE_GAP = 16      # px between tiles
LABEL_HEIGHT = 22  # px under each tile
CARDS_PER_ROW = 5
SCREEN_DPI = 40    # a whole deck on one screen


def render_pages(pdf: bytes, dpi: float, pages: list[int] | None = None) -> list:
    """Every page of `pdf` (or the pages numbered in `pages`, from 0) as an RGB Pillow image at `dpi`."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        chosen = range(len(document)) if pages is None else pages
        return [document[index].render(scale=dpi / 72).to_pil().convert("RGB") for index in chosen]
    finally:
        document.close()


def contact_sheet(pages: list, labels: list[str], font_file: Path):
    """Fronts above their backs, cards left to right in rows of CARDS_PER_ROW, each tile labelled.

    `pages` alternate front, back, front, back ...; `labels` name the cards in order.
    """
    from PIL import Image, ImageDraw, ImageFont

    tile_w, tile_h = pages[0].size
    cards = len(pages) // 2
    columns = min(CARDS_PER_ROW, cards)
    rows = -(-cards // columns)
    cell_w, cell_h = tile_w + TILE_GAP, 2 * (tile_h + LABEL_HEIGHT) + TILE_GAP
    sheet = Image.new("RGB", (columns * cell_w + TILE_GAP, rows * cell_h + TILE_GAP), (236, 236, 236))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(font_file), 13)
    for index in range(cards):
        x = TILE_GAP + (index % columns) * cell_w
        y = TILE_GAP + (index // columns) * cell_h
        for side, image in enumerate(pages[2 * index: 2 * index + 2]):
            top = y + side * (tile_h + LABEL_HEIGHT)
            sheet.paste(image, (x, top))
            draw.text((x, top + tile_h + 4), f"{labels[index]} · {('front', 'back')[side]}", fill=(60, 60, 60),
                      font=font)
    return sheet


def png_bytes(image, dpi: float | None = None) -> bytes:
    """PNG bytes with the resolution recorded, so print services read the right size."""
    stream = io.BytesIO()
    image.save(stream, format="PNG", dpi=(dpi, dpi) if dpi else None, optimize=False)
    return stream.getvalue()
