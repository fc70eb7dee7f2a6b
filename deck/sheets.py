"""Fitted faces + a Plan -> PDF bytes: each face drawn once as a Form XObject, placed on sheets.

The only module that places faces on pages. Page boxes, crop marks, fold lines, the slug and the
viewer hints (print at actual size, duplex flip) are written here; the geometry comes from impose.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from .compose import Face
from .copyfit import FittedCard
from .draw import draw_face
from .fonts import register_fonts
from .impose import Plan, Sheet
from .layouts import Layout
from .units import Rect

CROP_MARK_WEIGHT = 0.25  # pt, ../shared/PRINT.md
SLUG_SIZE = 6.0          # pt


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    language: str


def _canvas(stream: io.BytesIO, meta: Metadata, layout: Layout) -> Canvas:
    # The initial font must be one of ours: reportlab would otherwise list Helvetica, unembedded.
    # PDF 1.7 for the /Duplex viewer preference.
    canvas = Canvas(stream, invariant=1, pageCompression=1, lang=meta.language, pdfVersion=(1, 7),
                    initialFontName=register_fonts(layout)["regular"])
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setCreator("deck")
    canvas.setProducer("deck (reportlab)")
    return canvas


def _define_forms(canvas: Canvas, cards: list[FittedCard], layout: Layout,
                  progress=None) -> dict[tuple[int, str], str]:
    """Each face drawn once; every sheet that shows it refers to the same form."""
    names = {}
    for index, card in enumerate(cards):
        if progress:
            progress("drawing", index + 1, len(cards))
        for face in (card.front, card.back):
            name = f"card{card.number}{face.side}"
            canvas.beginForm(name, 0, 0, face.size.width, face.size.height)
            draw_face(canvas, face, layout)
            canvas.endForm()
            names[(index, face.side)] = name
    return names


def render_plan(plan: Plan, cards: list[FittedCard], layout: Layout, meta: Metadata, progress=None) -> bytes:
    """The whole plan as one PDF."""
    stream = io.BytesIO()
    canvas = _canvas(stream, meta, layout)
    if plan.mode == "duplex":
        canvas.setViewerPreference("Duplex", "DuplexFlipLongEdge" if plan.flip == "long" else "DuplexFlipShortEdge")
    canvas.setViewerPreference("PrintScaling", "None")
    forms = _define_forms(canvas, cards, layout, progress)
    font = register_fonts(layout)["regular"]
    for done, sheet in enumerate(plan.sheets, 1):
        if progress:
            progress("imposing", done, len(plan.sheets))
        _page(canvas, sheet, forms)
        _marks(canvas, sheet)
        if sheet.slug is not None:
            _slug(canvas, sheet, _slug_text(plan, sheet, meta), font)
        canvas.showPage()
    canvas.save()
    return stream.getvalue()


def _page(canvas: Canvas, sheet: Sheet, forms: dict[tuple[int, str], str]) -> None:
    canvas.setPageSize((sheet.size.width, sheet.size.height))
    _boxes(canvas, sheet.trim_box, sheet.bleed_box)
    for placement in sheet.placements:
        canvas.saveState()
        bleed = placement.bleed
        canvas.translate(bleed.x, bleed.y)
        if placement.rotation == 180:
            canvas.translate(bleed.width, bleed.height)
            canvas.rotate(180)
        canvas.doForm(forms[(placement.card, placement.face)])
        canvas.restoreState()


def _boxes(canvas: Canvas, trim: Rect, bleed: Rect) -> None:
    canvas.setTrimBox(_box(trim))
    canvas.setBleedBox(_box(bleed))


def _box(rect: Rect) -> tuple[float, float, float, float]:
    return (round(rect.left, 4), round(rect.bottom, 4), round(rect.right, 4), round(rect.top, 4))


def _marks(canvas: Canvas, sheet: Sheet) -> None:
    canvas.saveState()
    canvas.setStrokeColorCMYK(1, 1, 1, 1)  # registration: the marks show on every separation
    canvas.setLineWidth(CROP_MARK_WEIGHT)
    for mark in sheet.crop_marks:
        canvas.line(mark.x1, mark.y1, mark.x2, mark.y2)
    canvas.setDash(3, 2)
    for fold in sheet.fold_lines:
        canvas.line(fold.x1, fold.y1, fold.x2, fold.y2)
    canvas.restoreState()


def _slug_text(plan: Plan, sheet: Sheet, meta: Metadata) -> str:
    # a duplex sheet is two pages, its fronts and its backs: count sheets of paper, not pages
    pages_per_sheet = 2 if plan.mode == "duplex" else 1
    number, total = -(-sheet.number // pages_per_sheet), -(-len(plan.sheets) // pages_per_sheet)
    side = {"fronts": ", fronts", "backs": ", backs", "both": ", fold on the dashed line"}.get(sheet.side, "")
    hint = "print at 100 % / actual size"
    if plan.mode == "duplex":
        hint += f", two-sided, flip on {plan.flip} edge"
    return f"{meta.title} · sheet {number} / {total}{side} · {hint}"


def _slug(canvas: Canvas, sheet: Sheet, text: str, font: str) -> None:
    place = sheet.slug
    size = min(SLUG_SIZE, place.height * 0.8)
    while size > 4 and canvas.stringWidth(text, font, size) > place.width:
        size -= 0.5
    canvas.saveState()
    canvas.setFillColorCMYK(0, 0, 0, 1)
    canvas.setFont(font, size)
    canvas.drawCentredString(place.x + place.width / 2, place.y + (place.height - size) / 2 + size * 0.2, text)
    canvas.restoreState()


def render_card(card: FittedCard, layout: Layout, meta: Metadata, bleed: bool = True) -> bytes:
    """One card as a two-page PDF, front then back; trim-size pages when `bleed` is False."""
    stream = io.BytesIO()
    canvas = _canvas(stream, meta, layout)
    for face in (card.front, card.back):
        _face_page(canvas, face, layout, bleed)
    canvas.save()
    return stream.getvalue()


def _face_page(canvas: Canvas, face: Face, layout: Layout, bleed: bool) -> None:
    offset = 0.0 if bleed else layout.bleed
    page = face.size if bleed else layout.card
    canvas.setPageSize((page.width, page.height))
    trim = Rect(face.trim.x - offset, face.trim.y - offset, face.trim.width, face.trim.height)
    _boxes(canvas, trim, Rect(0, 0, page.width, page.height))
    canvas.saveState()
    canvas.translate(-offset, -offset)
    draw_face(canvas, face, layout)
    canvas.restoreState()
    canvas.showPage()
