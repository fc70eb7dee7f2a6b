"""A Face -> drawing operations on a reportlab canvas. The only module that draws a face."""
from __future__ import annotations

import math

from .compose import Face, Wheel
from .fonts import register_fonts
from .layouts import Colour, Layout
from .units import Rect

def draw_face(canvas, face: Face, layout: Layout) -> None:
    """Draw `face` with its bleed box's lower left at the canvas origin."""
    canvas.saveState()
    _fill(canvas, layout.background)
    canvas.rect(0, 0, face.size.width, face.size.height, stroke=0, fill=1)
    if face.band is not None:
        _fill(canvas, face.colour)
        canvas.rect(face.band.x, face.band.y, face.band.width, face.band.height, stroke=0, fill=1)
    for rule in face.rules:
        _stroke(canvas, face.colour)
        canvas.setLineWidth(1.2)
        canvas.line(rule.x, rule.top, rule.x, rule.bottom)
    for x, y, line, _ in face.lines:
        _fill(canvas, _colour(line.style.colour, face, layout))
        canvas.setFont(line.style.font, line.style.size)
        canvas.drawString(x, y, line.text)
    if face.wheel is not None:
        _draw_wheel(canvas, face.wheel, face, layout)
    for code in face.qr_codes:
        _draw_qr(canvas, code.url, code.place, layout)
    if face.logo is not None:
        # drawImage keys images by their content: the logo is embedded once however often it is drawn
        canvas.drawImage(str(layout.logo.file), face.logo.x, face.logo.y, face.logo.width, face.logo.height,
                         mask="auto")
    canvas.restoreState()


def _colour(role: str, face: Face, layout: Layout) -> Colour:
    if role.startswith("dimension:"):
        return layout.dimension_colour(int(role.split(":")[1]))
    return {"text": layout.text_colour, "dimension": face.colour, "paper": layout.background,
            "muted": tint(layout.text_colour, 0.3)}[role]


def tint(colour: Colour, amount: float) -> Colour:
    """`colour` moved `amount` (0..1) of the way to white (paper), in its own colour model."""
    if colour.model == "rgb":
        return Colour("rgb", tuple(round(v + (1 - v) * amount, 4) for v in colour.values))
    return Colour("cmyk", tuple(round(v * (1 - amount), 4) for v in colour.values))


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
        _stroke(canvas, layout.background)
        canvas.setLineWidth(max(0.75, wheel.radius * 0.04))  # thinner knock-outs fill in on press
        path = canvas.beginPath()
        path.arc(wheel.centre_x - wheel.radius, wheel.centre_y - wheel.radius,
                 wheel.centre_x + wheel.radius, wheel.centre_y + wheel.radius, start, step)
        path.arcTo(wheel.centre_x - inner, wheel.centre_y - inner, wheel.centre_x + inner,
                   wheel.centre_y + inner, start + step, -step)
        path.close()
        canvas.drawPath(path, stroke=1, fill=1)
        if not wheel.on_band:
            _segment_label(canvas, wheel, number, start + step / 2, inner, layout)


def _segment_colour(wheel: Wheel, number: int, face: Face, layout: Layout) -> Colour:
    if not wheel.on_band:
        return layout.dimension_colour(number)
    return layout.background if number == wheel.selected else tint(face.colour, 0.45)


def _segment_label(canvas, wheel: Wheel, number: int, angle: float, inner: float, layout: Layout) -> None:
    middle = (wheel.radius + inner) / 2
    x = wheel.centre_x + middle * math.cos(math.radians(angle))
    y = wheel.centre_y + middle * math.sin(math.radians(angle))
    size = wheel.radius * 0.16
    font = register_fonts(layout)["bold"]
    _fill(canvas, layout.background)
    canvas.setFont(font, size)
    canvas.drawCentredString(x, y - size * 0.35, str(number))


def _draw_qr(canvas, url: str, place: Rect, layout: Layout) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barLevel="M", barBorder=0)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(place.width, place.height,
                      transform=[place.width / (right - left), 0, 0, place.height / (top - bottom), 0, 0])
    widget.barFillColor = _reportlab_colour(layout.text_colour)
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, place.x, place.y)


def _reportlab_colour(colour: Colour):
    from reportlab.lib.colors import CMYKColor, Color

    return Color(*colour.values) if colour.model == "rgb" else CMYKColor(*colour.values)
