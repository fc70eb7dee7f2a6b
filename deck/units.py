"""Lengths and shapes: points inside the program, units only at the edges.

Everything after configuration is read works in PostScript points (1/72 in).
Paper sizes are built from millimetres or inches, never from rounded points.
"""

from typing import NamedTuple

from .regex import Pattern

PT = 1.0
INCH = 72.0
MM = INCH / 25.4
CM = 10 * MM

UNITS = {"mm": MM, "cm": CM, "in": INCH, "pt": PT}

_LENGTH = Pattern(r"^\s*(-?\d+(?:\.\d+)?)\s*([a-z]+)\s*$")


def parse_length(text: str) -> float:
    """'3mm', '0.125in', '9pt', '1cm' -> points. Raises ValueError with a reason."""
    match = _LENGTH.match(str(text).lower())
    if not match:
        raise ValueError(
            f"'{text}' is not a length; write a number with a unit, for example 3mm, 0.125in, 9pt or 1cm"
        )
    number, unit = match.groups()
    if unit not in UNITS:
        raise ValueError(f"'{unit}' is not a unit I know; use one of {', '.join(UNITS)}")
    # rounded so that equal lengths in different units ("3mm", "0.3cm") give identical output
    return round(float(number) * UNITS[unit], 6)


def to_mm(points: float) -> float:
    return points / MM


def mm_text(points: float) -> str:
    """A length for a message, in millimetres: whole ones, tenths below 10 mm ('0.4 mm', where a
    whole number said '0 mm too long')."""
    mm = points / MM
    return f"{mm:.0f} mm" if mm >= 9.95 else f"{max(mm, 0.1):.1f} mm"


class Size(NamedTuple):
    """A width and a height, in points."""
    width: float
    height: float

    @property
    def landscape(self) -> "Size":
        return Size(max(self.width, self.height), min(self.width, self.height))

    @property
    def portrait(self) -> "Size":
        return Size(min(self.width, self.height), max(self.width, self.height))

    def grown(self, amount: float) -> "Size":
        """The size with `amount` added on every side (a trim grown by its bleed)."""
        return Size(self.width + 2 * amount, self.height + 2 * amount)


class Rect(NamedTuple):
    """An axis-aligned rectangle in points, origin at the bottom left (PDF convention)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def left(self) -> float:
        return self.x

    @property
    def bottom(self) -> float:
        return self.y

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    def grown(self, amount: float) -> "Rect":
        """The rectangle with `amount` added on every side (negative shrinks it)."""
        return Rect(self.x - amount, self.y - amount, self.width + 2 * amount, self.height + 2 * amount)

    def contains(self, other: "Rect", tolerance: float = 1e-6) -> bool:
        return (
            other.left >= self.left - tolerance
            and other.bottom >= self.bottom - tolerance
            and other.right <= self.right + tolerance
            and other.top <= self.top + tolerance
        )

    def overlaps(self, other: "Rect") -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.bottom < other.top
            and other.bottom < self.top
        )


PAPER = {
    "a3": Size(297 * MM, 420 * MM),
    "a4": Size(210 * MM, 297 * MM),
    "a5": Size(148 * MM, 210 * MM),
    "a6": Size(105 * MM, 148 * MM),
    "letter": Size(8.5 * INCH, 11 * INCH),
}
