"""A Layout + a Deck -> the Typography a face is set with: registered fonts, the typesetter, the
styles of every kind of text at a body size, and the words the layout prints.
"""
from __future__ import annotations

import functools
import math

from .content import Deck
from .face import MAX_WHEEL
from .layouts import Layout, Spacing
from .text import QuoteMarks, Style, quote_marks, smartener
from .typeset import Typesetter

# A stretch of ordinary running text, to learn a font's average character width (spaces included).
_SAMPLE = ("Door de samenwerking tussen medewerkers binnen de teams op verschillende manieren te "
           "bevorderen, wordt er van elkaar geleerd and the expertise of each other is used well.")
LABEL_TRACKING = 0.08  # em between the capitals of the card label in the band
NUMBER_RATIO = 2.8  # the card's number in the band, against the largest body size: about 7 mm high on A5


class Typography:
    """Registered fonts, the measuring tools and the printed labels for one layout and deck.
    (A plain class: a dataclass is made at import by generating its methods, about 0.7 ms.)"""

    def __init__(self, layout: Layout, fonts: dict[str, str], setter: Typesetter, labels: dict[str, str], deck: Deck):
        self.layout = layout
        self.fonts = fonts
        self.setter = setter
        self.labels = labels
        self.deck = deck
        self.marks = _with_thin_space(quote_marks(deck.language), fonts)  # the language's quotation marks
        # `text` with the deck language's typography: quotation marks, dashes, bound spaces (asked
        # some 90 times a card: a cached function of the text alone, no method in between)
        self.smart = smartener(self.marks)
        self.styles: dict[tuple[str, float], Style] = {}
        # fronts and the intro's front in one readable column; two where one cannot hold them (copyfit)
        self.prose_columns: dict[str, int] = {"front": 1, "intro": 1}
        self.prose_asked = False  # set by grid() where prose_columns chose the columns (copyfit._memo)
        self._bands: dict[tuple, float] = {}

    @property
    def spacing(self) -> Spacing:
        return self.layout.spacing

    @property
    def shows_wheel(self) -> bool:
        """Whether the faces carry the wheel of dimensions (shows_wheel)."""
        return shows_wheel(self.layout, len(self.deck.cards))

    def style(self, role: str, body: float) -> Style:
        key = (role, body)
        if key not in self.styles:
            font, ratio, colour = _ROLES[role]
            scale = self.layout.type
            size = body * {"body": 1.0, "title": scale.title_ratio, "heading": scale.heading_ratio,
                           "small": scale.small_ratio}[ratio]
            if ratio == "small":
                size = min(body, max(size, scale.small_min))
            leading = scale.leading if ratio in ("body", "small") else 1.15
            self.styles[key] = Style(self.fonts[font], round(size, 4), round(size * leading, 4), colour,
                                     LABEL_TRACKING if role == "band_label" else 0.0)
        return self.styles[key]

    def number_style(self) -> Style:
        """The card's number in the band: one size on every face of the deck, fronts and backs, and
        no wider than number_room: a deck numbered past 999 sets its numbers smaller, so that the
        widest still stands clear of the band's text and of the column below it."""
        if ("number", 0.0) not in self.styles:
            style = full = self._full_number()
            widest = max((self.setter.measure.width(str(card.number), full) for card in self.deck.cards),
                         default=0.0)
            if widest > self.number_room:
                size = math.floor(full.size * self.number_room / widest * 1e4) / 1e4  # (down: never past the room)
                style = Style(full.font, size, size, full.colour)
            self.styles[("number", 0.0)] = style
        return self.styles[("number", 0.0)]

    @functools.cached_property
    def number_room(self) -> float:
        """The width the card's number takes in the band (grid.number_column): as many figures at
        its full size as the deck's highest number has, two at least (the look of a deck up to 99
        cards) and three at most (beyond, the column below would grow too narrow). Worked out once:
        every face set asks for it."""
        figures = min(max(len(str(max((card.number for card in self.deck.cards), default=0))), 2), 3)
        return self.setter.measure.width("0" * figures, self._full_number())

    def _full_number(self) -> Style:
        size = round(self.layout.type.body_max * NUMBER_RATIO, 4)
        return Style(self.fonts["bold"], size, size, "paper")

    def char_width(self, body: float) -> float:
        """The average width of a character of running text at `body` size."""
        style = self.style("body", body)
        return self.setter.measure.width(_SAMPLE, style) / len(_SAMPLE)

    def band_depth(self, side: str, body: float, width: float, measure, natural) -> float:
        """The depth of the band's text on every `side` face of the deck: the tallest title decides.

        `measure(card)` sets a card's band text; `natural(card)` is its title's width on one line.
        A title that fits on one line is set on one line (linebreak.break_paragraph), so of those
        only the widest is set: at 1000 cards, every size tried would otherwise set 1000 titles."""
        key = (side, body, round(width, 6))
        if key not in self._bands:
            one_line, longer = None, []
            for card in self.deck.cards:
                wide = natural(card)
                if wide > width:
                    longer.append(card)
                elif one_line is None or wide > one_line[0]:
                    one_line = (wide, card)
            cards = longer + ([one_line[1]] if one_line else [])
            self._bands[key] = max((measure(card).height for card in cards), default=0.0)
        return self._bands[key]


NARROW_NBSP = "\u202f"


def _with_thin_space(marks: QuoteMarks, fonts: dict[str, str]) -> QuoteMarks:
    """French marks with the narrow no-break space before ; ! ? where every font has one (Caladea,
    for one, has not: the ordinary no-break space then)."""
    if not marks.spaced:
        return marks
    from reportlab.pdfbase import pdfmetrics

    if all(ord(NARROW_NBSP) in pdfmetrics.getFont(font).face.charToGlyph for font in fonts.values()):
        return marks._replace(thin=NARROW_NBSP)
    return marks


def shows_wheel(layout: Layout, cards: int) -> bool:
    """Whether the faces of a deck of `cards` cards carry the wheel of dimensions: the layout shows it
    and the deck has a wheel's worth of cards (1 to MAX_WHEEL)."""
    return layout.show_wheel and 0 < cards <= MAX_WHEEL


# role -> (font, size, colour role)
_ROLES = {
    "body": ("regular", "body", "text"),
    "question": ("bold", "body", "band"),
    "quote": ("italic", "body", "text"),
    "source": ("regular", "small", "muted"),
    "heading": ("bold", "heading", "accent"),
    "band_label": ("bold", "small", "paper"),
    "band_title": ("bold", "title", "paper"),
    "band_subtitle": ("regular", "heading", "paper"),
    "footer": ("regular", "small", "muted"),
    "overview_title": ("bold", "body", "band"),
}
FONTS_USED = tuple(dict.fromkeys(font for font, _, _ in _ROLES.values()))  # the fonts any role sets text in


def typography(layout: Layout, deck: Deck, kept=None) -> Typography:
    """The fonts, hyphenation and printed labels for setting `deck` in `layout`; `kept`: the
    paragraphs typeset in earlier runs (typecache.Kept), None for none."""
    from .fonts import register_fonts
    from .hyphenate import Hyphenator
    from .measure import Measure

    setter = Typesetter(Hyphenator(deck.language, deck.hyphenation), Measure(), kept=kept.breaks if kept else {})
    if kept:
        kept.take(setter)
    return Typography(layout, register_fonts(layout), setter, _labels(deck), deck)


def _labels(deck: Deck) -> dict[str, str]:
    from .labels import labels_for

    return labels_for(deck.language, deck.labels)
