"""A Face -> drawing operations on a reportlab canvas. The only module that draws a face."""
from __future__ import annotations

import math

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics

from .compose import Face, Wheel
from .fonts import register_fonts
from .layouts import Colour, Layout
from .measure import kerning
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
    _draw_text(canvas, face, layout)
    if face.wheel is not None:
        _draw_wheel(canvas, face.wheel, face, layout)
    for code in face.qr_codes:
        _draw_qr(canvas, code.url, code.place, layout)
    if face.logo is not None:
        # drawImage keys images by their content: the logo is embedded once however often it is drawn
        canvas.drawImage(str(layout.logo.file), face.logo.x, face.logo.y, face.logo.width, face.logo.height,
                         mask="auto")
    canvas.restoreState()


def _draw_text(canvas, face: Face, layout: Layout) -> None:
    """Every line of the face in one text object: each line a TJ array kerned with the font's own
    pairs (see measure.py), fonts and colours set only when they change."""
    doc = canvas._doc
    code = ["q BT"]
    current_font = current_colour = None
    for x, y, line, _ in face.lines:
        style = line.style
        colour = _colour(style.colour, face, layout)
        if colour != current_colour:
            code.append(_fill_operator(colour))
            current_colour = colour
        code.append(f"1 0 0 1 {fp_str(x)} {fp_str(y)} Tm")
        font = pdfmetrics.getFont(style.font)
        adjustments = kerning(style.font).adjustments(line.text)
        position = 0
        for subset, chunk in font.splitString(line.text, doc):
            name = (font.getSubsetInternalName(subset, doc), style.size)
            if name != current_font:
                code.append(f"{name[0]} {fp_str(style.size)} Tf")
                current_font = name
            code.append(_kerned(canvas, chunk, adjustments[position:position + len(chunk)]))
            position += len(chunk)
    code.append("ET Q")
    canvas._code.append("\n".join(code))


def _kerned(canvas, chunk: bytes, adjustments: list[float]) -> str:
    """A TJ operator: runs of bytes, with each kerning pair's adjustment between them."""
    parts, start = [], 0
    for index, adjustment in enumerate(adjustments[:-1]):
        if adjustment:
            parts.append(f"({canvas._escape(chunk[start:index + 1])})")
            parts.append(fp_str(-adjustment))
            start = index + 1
    parts.append(f"({canvas._escape(chunk[start:])})")
    return f"[{' '.join(parts)}] TJ" if len(parts) > 1 else f"{parts[0]} Tj"


def _fill_operator(colour: Colour) -> str:
    values = " ".join(fp_str(value) for value in colour.values)
    return f"{values} rg" if colour.model == "rgb" else f"{values} k"


def _colour(role: str, face: Face, layout: Layout) -> Colour:
    if role.startswith("dimension:"):
        return layout.dimension_colour(int(role.split(":")[1]))
    return {"text": layout.text_colour, "accent": face.colour, "paper": layout.background,
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


WHEEL_CONTRAST = 3.0  # the card's own segment against the others: what graphics need (WCAG 1.4.11)


def _segment_colour(wheel: Wheel, number: int, face: Face, layout: Layout) -> Colour:
    if not wheel.on_band:
        return layout.dimension_colour(number)
    if number == wheel.selected:
        return layout.background
    return _other_segments(face.colour, layout.background)


def _other_segments(band: Colour, paper: Colour) -> Colour:
    """The band's colour lightened as far as it can be while the paper-coloured segment of this
    card still stands out from it by WHEEL_CONTRAST; darkened when the band itself is too light."""
    for step in range(45, -1, -1):
        candidate = tint(band, step / 100)
        if contrast(paper, candidate) >= WHEEL_CONTRAST:
            return candidate
    for step in range(1, 101):
        candidate = shade(band, step / 100)
        if contrast(paper, candidate) >= WHEEL_CONTRAST:
            return candidate
    return shade(band, 1.0)


def shade(colour: Colour, amount: float) -> Colour:
    """`colour` moved `amount` (0..1) of the way to black."""
    if colour.model == "rgb":
        return Colour("rgb", tuple(round(v * (1 - amount), 4) for v in colour.values))
    c, m, y, k = colour.values
    return Colour("cmyk", (c, m, y, round(k + (1 - k) * amount, 4)))


def contrast(first: Colour, second: Colour) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: Colour) -> float:
    if colour.model == "rgb":
        red, green, blue = colour.values
    else:  # a naive CMYK -> RGB, good enough to judge lightness
        c, m, y, k = colour.values
        red, green, blue = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))

    def linear(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


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
