"""A Face -> drawing operations on a reportlab canvas. The only module that draws a face."""
from __future__ import annotations

import functools
import math

from reportlab.lib.rl_accel import fp_str

from .colours import Colour, contrast, shade, tint
from .face import Face, Wheel
from .fonts import register_fonts
from .layouts import Layout
from .pdftext import writer
from .qr import draw_qr
from .separation import draw_printed_logo

BULLETS = ("•", "›")  # set as lines of their own, in the paragraph's style; drawn in the accent


def draw_face(canvas, face: Face, layout: Layout) -> None:
    """Draw `face` with its bleed box's lower left at the canvas origin."""
    canvas.saveState()
    palette = layout.palette
    _fill(canvas, palette.paper)
    canvas.rect(0, 0, face.size.width, face.size.height, stroke=0, fill=1)
    if face.band is not None:
        _fill(canvas, face.colour)
        canvas.rect(face.band.x, face.band.y, face.band.width, face.band.height, stroke=0, fill=1)
    for rule in face.rules:
        _stroke(canvas, palette.accent_on(face.colour))
        canvas.setLineWidth(1.2)
        canvas.line(rule.x, rule.top, rule.x, rule.bottom)
    _draw_text(canvas, face, layout)
    if face.wheel is not None:
        _draw_wheel(canvas, face.wheel, face, layout)
    for code in face.qr_codes:
        draw_qr(canvas, code.url, code.place, layout.palette.text)
    if face.logo is not None:
        draw_printed_logo(canvas, layout, face.logo)
    canvas.restoreState()


def _draw_text(canvas, face: Face, layout: Layout) -> None:
    """Every line of the face in one text object, kerned (see pdftext.py); bullet marks, set as lines
    of their own in their paragraph's style, take the accent."""
    fills: dict[str, str] = {}

    def fill(role: str) -> str:
        if role not in fills:
            fills[role] = _fill_operator(_colour(role, face, layout))
        return fills[role]

    canvas._code.append(writer(canvas._doc).text_object(face.lines, fill, accents=BULLETS))


def _fill_operator(colour: Colour) -> str:
    values = " ".join(fp_str(value) for value in colour.values)
    return f"{values} rg" if colour.model == "rgb" else f"{values} k"


def _colour(role: str, face: Face, layout: Layout) -> Colour:
    """A style's colour role (typography.py's _ROLES) -> the layout's colour for it on this face."""
    palette = layout.palette
    if role.startswith("dimension:"):  # another card's band colour, in the intro's overview
        return palette.band(int(role.split(":")[1]))
    return {"text": palette.text, "muted": palette.muted, "paper": palette.paper, "band": face.colour,
            "accent": palette.accent_on(face.colour)}[role]


def _fill(canvas, colour: Colour) -> None:
    if colour.model == "rgb":
        canvas.setFillColorRGB(*colour.values)
    else:
        canvas.setFillColorCMYK(*colour.values)


def _stroke(canvas, colour: Colour) -> None:
    if colour.model == "rgb":
        canvas.setStrokeColorRGB(*colour.values)
    else:
        canvas.setStrokeColorCMYK(*colour.values)


def _draw_wheel(canvas, wheel: Wheel, face: Face, layout: Layout) -> None:
    """The seed's Figure 1: a ring of segments, one per dimension, the first at twelve o'clock."""
    step = 360.0 / wheel.count
    inner = wheel.radius * 0.42
    for index in range(wheel.count):
        number = index + 1
        start = 90 - index * step - step
        _fill(canvas, _segment_colour(wheel, number, face, layout))
        _stroke(canvas, layout.palette.paper)
        canvas.setLineWidth(max(0.75, wheel.radius * 0.04))  # thinner knock-outs fill in on press
        canvas.drawPath(_segment_path(wheel.centre_x, wheel.centre_y, wheel.radius, inner, start, step),
                        stroke=1, fill=1)
        if not wheel.on_band:
            _segment_label(canvas, wheel, number, start + step / 2, inner, layout)


@functools.lru_cache(maxsize=256)
def _segment_path(x: float, y: float, radius: float, inner: float, start: float, step: float):
    """One segment of a wheel as a path: the same on every face with its wheel in the same place,
    so its arcs are worked out once (drawing does not change a path)."""
    from reportlab.pdfgen.pathobject import PDFPathObject

    path = PDFPathObject()
    path.arc(x - radius, y - radius, x + radius, y + radius, start, step)
    path.arcTo(x - inner, y - inner, x + inner, y + inner, start + step, -step)
    path.close()
    return path


WHEEL_CONTRAST = 3.0  # the card's own segment against the others: what graphics need (WCAG 1.4.11)


def _segment_colour(wheel: Wheel, number: int, face: Face, layout: Layout) -> Colour:
    if not wheel.on_band:
        return layout.palette.band(number)
    # the card's own segment in the paper colour on every card, whatever the accent: an accent of
    # the brand's was white on the card whose band it is and a dark hole on the others
    own = layout.palette.paper
    return own if number == wheel.selected else _other_segments(face.colour, own)


@functools.lru_cache(maxsize=256)
def _other_segments(band: Colour, own: Colour) -> Colour:
    """The band's colour lightened as far as it can be while the card's own segment still stands out
    from it by WHEEL_CONTRAST; darkened when that is not enough. Worked out once per pair of colours:
    each small wheel asks it for every segment but one, up to 150 contrasts each time."""
    for step in range(45, -1, -1):
        candidate = tint(band, step / 100)
        if contrast(own, candidate) >= WHEEL_CONTRAST:
            return candidate
    for step in range(1, 101):
        candidate = shade(band, step / 100)
        if contrast(own, candidate) >= WHEEL_CONTRAST:
            return candidate
    return shade(band, 1.0)


def _segment_label(canvas, wheel: Wheel, number: int, angle: float, inner: float, layout: Layout) -> None:
    middle = (wheel.radius + inner) / 2
    x = wheel.centre_x + middle * math.cos(math.radians(angle))
    y = wheel.centre_y + middle * math.sin(math.radians(angle))
    # never smaller than the small text (type.small_min): a wheel on a small card had 5.4 pt numbers;
    # the ring, 0.58 of the radius wide, holds a digit's height up to 0.6 of its width
    size = min(max(wheel.radius * 0.16, layout.type.small_min), (wheel.radius - inner) * 0.6)
    font = register_fonts(layout)["bold"]
    _fill(canvas, layout.palette.paper)
    canvas.setFont(font, size)
    canvas.drawCentredString(x, y - size * 0.35, str(number))
