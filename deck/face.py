"""What a face is, as plain geometry in points on the bleed box: the things composed and drawn.

compose.py, band.py and intro.py fill these in; copyfit.py measures and spreads them; draw.py draws
them. Every placed thing carries its own vertical shift per unit of spread (`drop`), so copyfitting
can widen the gaps between sections without setting the face again (see copyfit.respread).
"""

from typing import NamedTuple

from .layouts import Colour, Layout
from .text import Placed
from .units import Rect, Size

INTRO = 0  # the number of the intro card, which comes before card 1
MAX_WHEEL = 12  # more segments than this no longer read as a wheel of dimensions


class Wheel(NamedTuple):
    """The deck's wheel of dimensions: `count` segments, `selected` filled (0 for none)."""

    centre_x: float
    centre_y: float
    radius: float
    count: int
    selected: int
    on_band: bool  # small, on the card's band, its own segment white; else large, in colour, numbered


class Rule(NamedTuple):
    """A vertical rule (beside a quote) from `top` down to `bottom`; each end moves with its text."""

    x: float
    top: float
    bottom: float
    top_drop: float = 0.0
    bottom_drop: float = 0.0


class Code(NamedTuple):
    """A QR code for `url` at `place`, labelled with `number`, the number of its source."""

    url: str
    place: Rect
    number: int


class Link(NamedTuple):
    """A clickable area for screen PDFs: a source's title or its code."""

    url: str
    place: Rect
    drop: float = 0.0


class Flow(NamedTuple):
    """A set column on a face: its height, and how much of it may stretch."""

    height: float
    stretch: float


class Face(NamedTuple):
    """One face, ready to draw: everything positioned in points on the bleed box."""

    card: int
    side: str
    size: Size
    trim: Rect
    safe: Rect
    body: float
    colour: Colour
    band: Rect | None
    lines: tuple[Placed, ...]
    rules: tuple[Rule, ...] = ()
    wheel: Wheel | None = None
    qr_codes: tuple[Code, ...] = ()
    links: tuple[Link, ...] = ()
    logo: Rect | None = None
    flows: tuple[Flow, ...] = ()  # the columns of text that must fit above `available`
    available: float = 0.0

    @property
    def needed(self) -> float:
        return max((flow.height for flow in self.flows), default=0.0)

    @property
    def overflow(self) -> float:
        return self.needed - self.available

    @property
    def room_to_spread(self) -> float:
        """How far the stretchable gaps may grow (as a multiple) before a column runs out of room."""
        rooms = [(self.available - flow.height) / flow.stretch for flow in self.flows if flow.stretch > 0]
        return min(rooms, default=0.0)




def frame(layout: Layout) -> tuple[Size, Rect, Rect]:
    """(bleed box size, trim, safe area) of a face, origin at the bleed box's lower left."""
    size = layout.card.grown(layout.bleed)
    trim = Rect(layout.bleed, layout.bleed, layout.card.width, layout.card.height)
    return size, trim, trim.grown(-layout.safe_margin)
