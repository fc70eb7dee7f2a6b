"""Fitted faces + a Plan -> a PDF: each face drawn once as a Form XObject, placed on sheets.

The only module that places faces on pages. Page boxes, crop marks, fold lines, the slug, the
viewer hints (print at actual size, duplex flip) and the links of screen PDFs are written here; the
geometry comes from impose, PDF/X's keys and the file's /ID from pdfx.

Which file is for whom: a layout with `print: {pdfx: ...}` makes PDF/X of every print file (sheets
and single faces); a screen PDF (`deck card N --no-bleed`) is never PDF/X and carries the links.
On imposed PDF/X sheets the TrimBox and BleedBox are the sheet itself: the product a print shop
receives is the printed sheet, which it cuts at the marks; one card's trim per page is what
`--mode single` is for.
"""

import io
from typing import Mapping, NamedTuple

from reportlab.pdfgen.canvas import Canvas

from .face import Face
from .copyfit import FittedCard
from .draw import draw_face
from .forms import Forms, encode_ahead
from .fonts import register_fonts
from .impose import Plan, Sheet
from .labels import labels_for
from .layouts import Layout
from .measure import Measure
from .pdffile import binary_streams, spool_page, write
from .pdftext import writer
from .pdfx import Print, check_source_date, conform, pdf_version
from .separation import registration
from .text import Line, Placed, Style
from .units import MM, Rect

CROP_MARK_WEIGHT = 0.25  # pt, ../shared/PRINT.md
SLUG_SIZE = 6.0          # pt
SLUG_MIN = 5.0           # pt: a slug any smaller is shortened instead
SLUG_INK = "0 0 0 1 k"   # black only: the slug is no colour's job


class Metadata(NamedTuple):
    """What a PDF says of itself (its title, author, subject and language) and the words deck prints."""
    title: str
    author: str
    subject: str
    language: str
    labels: Mapping[str, str]  # the deck's own words, over the built-in ones


def _canvas(meta: Metadata, layout: Layout, settings: Print) -> Canvas:
    """A canvas to draw on; pdffile.write writes it out (canvas.save() would hold the whole file)."""
    binary_streams()
    # The initial font must be one of ours: reportlab would otherwise list Helvetica, unembedded.
    check_source_date()  # (reportlab reads it here, and would stop with a traceback on 'abc')
    canvas = Canvas(None, invariant=1, pageCompression=1, lang=meta.language,
                    pdfVersion=pdf_version(settings), initialFontName=register_fonts(layout)["regular"])
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setCreator("deck")
    canvas.setProducer("deck (reportlab)")
    conform(canvas, settings)
    return canvas


def _viewer_hints(canvas: Canvas, settings: Print, flip: str | None) -> None:
    """Print at actual size (PDF 1.6) and, for duplex, the flip (PDF 1.7): each left out where the
    file's PDF/X level caps the version below it; the slug still says both."""
    if settings.pdfx != "x-1a":
        canvas.setViewerPreference("PrintScaling", "None")
    if flip is not None and settings.pdfx == "none":
        canvas.setViewerPreference("Duplex", "DuplexFlipLongEdge" if flip == "long" else "DuplexFlipShortEdge")


def render_plan(plan: Plan, cards: list[FittedCard], layout: Layout, meta: Metadata, progress=None,
                release: bool = False, characters=None) -> bytes:
    """The whole plan as one PDF (see draw_plan)."""
    return _bytes(draw_plan(plan, cards, layout, meta, progress, release, characters))


def draw_plan(plan: Plan, cards: list[FittedCard], layout: Layout, meta: Metadata, progress=None,
              release: bool = False, characters=None, writing=None) -> Canvas:
    """The whole plan drawn, for pdffile.write to write out; `release`: the cards are drawn only
    here (see forms.Forms). `characters`: all the cards can print (glyphs.printed_characters),
    given their codes before any face is drawn, so that a large deck is drawn on two cores.
    `writing`: the deck's paragraphs to keep for the next run (typecache.Writing), written on the
    way (see forms.Forms)."""
    canvas = _canvas(meta, layout, layout.print)
    _viewer_hints(canvas, layout.print, plan.flip if plan.mode == "duplex" else None)
    if characters is not None:
        encode_ahead(canvas, layout, characters)
    forms = Forms(canvas, cards, layout, progress, release, share=characters is not None, writing=writing)
    font = register_fonts(layout)["regular"]
    whole_sheet = layout.print.pdfx != "none" and plan.mode != "single"
    marks: dict = {}  # (crop marks, fold lines) -> their operators
    measure = Measure()  # the slugs' widths
    try:
        for done, sheet in enumerate(plan.sheets, 1):
            # the faces a sheet shows are drawn just before it: sheets are made while a helper draws
            forms.ready(max((placement.card for placement in sheet.placements), default=-1))
            if progress:
                progress("imposing", done, len(plan.sheets))
            _page(canvas, sheet, forms, whole_sheet)
            _marks(canvas, sheet, marks)
            if sheet.slug is not None:
                _slug(canvas, sheet, _slug_texts(plan, sheet, meta), font, measure)
            canvas.showPage()
            spool_page(canvas)
        forms.finish()
    finally:
        forms.close()
    return canvas


def _bytes(canvas: Canvas) -> bytes:
    stream = io.BytesIO()
    write(canvas, stream)
    return stream.getvalue()


def _page(canvas: Canvas, sheet: Sheet, forms, whole_sheet: bool) -> None:
    """One sheet; with `whole_sheet` its TrimBox and BleedBox are the sheet (PDF/X sheets, above)."""
    canvas.setPageSize((sheet.size.width, sheet.size.height))
    if whole_sheet:
        paper = Rect(0, 0, sheet.size.width, sheet.size.height)
        _boxes(canvas, paper, paper)
    else:
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


def _marks(canvas: Canvas, sheet: Sheet, drawn: dict) -> None:
    """The sheet's crop marks and fold lines. Most sheets of a plan have the same marks: their
    operators, q to Q, are drawn once and then repeated from `drawn` (marks -> operators), with the
    registration colour made a resource of each page as setting it would."""
    key = (sheet.crop_marks, sheet.fold_lines)
    colour = registration()  # the marks show on every plate
    if key in drawn:
        canvas._checkSeparation(colour)
        canvas._code.extend(drawn[key])
        return
    start = len(canvas._code)
    canvas.saveState()
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(CROP_MARK_WEIGHT)
    for mark in sheet.crop_marks:
        canvas.line(mark.x1, mark.y1, mark.x2, mark.y2)
    canvas.setDash(3, 2)
    for fold in sheet.fold_lines:
        canvas.line(fold.x1, fold.y1, fold.x2, fold.y2)
    canvas.restoreState()
    drawn[key] = canvas._code[start:]


def _slug_texts(plan: Plan, sheet: Sheet, meta: Metadata) -> tuple[str, ...]:
    """'Title · sheet 1 / 9, fronts · print at 100 % ...' in the deck's language, and shorter
    wordings of it, for a sheet whose slug is narrow: without the title, then without how to print."""
    words = labels_for(meta.language, meta.labels)
    # a duplex sheet is two pages, its fronts and its backs: count sheets of paper, not pages
    pages_per_sheet = 2 if plan.mode == "duplex" else 1
    number, total = -(-sheet.number // pages_per_sheet), -(-len(plan.sheets) // pages_per_sheet)
    where = words["sheet"].format(number=number, total=total)
    side = {"fronts": words["fronts"], "backs": words["backs"], "both": words["fold"]}.get(sheet.side)
    hint = words["actual_size"]
    if plan.mode == "duplex":
        hint += ", " + words["two_sided"].format(flip=words[plan.flip])
    which = f"{where}{', ' + side if side else ''}"
    return f"{meta.title} · {which} · {hint}", f"{which} · {hint}", which


def _slug(canvas: Canvas, sheet: Sheet, texts: tuple[str, ...], font: str, measure: Measure) -> None:
    """The slug's line, centred across its place at its foot, kerned and encoded as the faces' text is (pdftext.py),
    in black ink only: the longest wording that fits at SLUG_MIN or more (a preflight flags smaller
    text), at the largest size up to SLUG_SIZE."""
    place = sheet.slug
    text, size = slug_line(texts, place.width, place.height,
                           lambda text, size: measure.width(text, Style(font, size, size)))
    style = Style(font, size, size)
    width = measure.width(text, style)
    # at the foot of its place, the same on every sheet of a file: centred in the room under the cards
    # it rose up a part-filled last sheet (19 mm from the edge on full sheets, 51 mm on one of three cards)
    line = Placed(place.x + (place.width - width) / 2, place.y + size * 0.2, Line(text, style, width))
    canvas._code.append(writer(canvas._doc).text_object((line,), lambda role: SLUG_INK))


def slug_line(texts: tuple[str, ...], width: float, height: float, width_at) -> tuple[str, float]:
    """The wording of the slug and its size: the first of `texts` (longest first) that fits `width`
    at SLUG_MIN or more, at the largest size up to SLUG_SIZE (and 0.8 of `height`) that fits;
    `width_at(text, size)` measures. The shortest at SLUG_MIN when none fits."""
    largest = min(SLUG_SIZE, height * 0.8)
    for text in texts:
        size = largest
        while size > SLUG_MIN and width_at(text, size) > width:
            size = max(SLUG_MIN, size - 0.5)
        if width_at(text, size) <= width:
            return text, size
    return texts[-1], min(largest, SLUG_MIN)


def render_card(card: FittedCard, layout: Layout, meta: Metadata, bleed: bool = True) -> bytes:
    """One card as a two-page PDF, front then back. With bleed, a print file (PDF/X if the layout
    says so); without, trim-size pages for screens, every url a link and never PDF/X."""
    settings = layout.print if bleed else layout.print._replace(pdfx="none")
    canvas = _canvas(meta, layout, settings)
    if bleed:  # a print file: at actual size, the back behind the front on a duplex printer
        _viewer_hints(canvas, settings, "long")
    for face in (card.front, card.back):
        _face_page(canvas, face, layout, bleed)
        if not bleed:
            _links(canvas, [(link.url, link.place) for link in face.links], layout.bleed)
        canvas.showPage()
    return _bytes(canvas)


PROOF_ROOM = 14 * MM  # below a proof's card: for its note
PROOF_RED = (0.85, 0.1, 0.1)


def render_overflow(faces: list[Face], layout: Layout, meta: Metadata, notes: list[str]) -> bytes:
    """A proof of faces too long (copyfit.overflowing): each on a page that goes on below the card
    as far as its text runs, the card's edge marked by a red dashed line, and a note under it
    (`notes`, one a face). For the screen: plain RGB PDF, no boxes but the page."""
    canvas = _canvas(meta, layout, layout.print._replace(pdfx="none"))
    for face, note in zip(faces, notes):
        below = max(face.overflow, 0.0) + PROOF_ROOM
        canvas.setPageSize((face.size.width, face.size.height + below))
        canvas.saveState()
        canvas.translate(0, below)
        draw_face(canvas, face, layout)
        canvas.setStrokeColorRGB(*PROOF_RED)
        canvas.setLineWidth(1)
        canvas.setDash(4, 3)
        canvas.line(0, face.trim.bottom, face.size.width, face.trim.bottom)
        canvas.restoreState()
        canvas.setFillColorRGB(*PROOF_RED)
        canvas.setFont(register_fonts(layout)["bold"], 9)
        canvas.drawCentredString(face.size.width / 2, PROOF_ROOM / 2 - 3, note)
        canvas.showPage()
    return _bytes(canvas)


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


def _links(canvas: Canvas, links: list[tuple[str, Rect]], offset: float) -> None:
    """A clickable, borderless link annotation for each (url, place on the face); the face's origin
    lies `offset` left of and below the page's."""
    for url, place in links:
        canvas.linkURL(url, (place.left - offset, place.bottom - offset, place.right - offset, place.top - offset),
                       relative=0, thickness=0)
