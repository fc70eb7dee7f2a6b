"""Fitted cards -> each face drawn once as a form XObject, on a second core where the deck is large.

Every sheet that shows a face refers to its one form. A face's text is encoded in the document's
font subsets, whose codes reportlab gives characters as they are first drawn; here every character
the deck can print that ASCII does not hold (ASCII has fixed codes) gets its code before any face is
drawn, in code point order (encode_ahead), so a face's operators depend on that face alone.

A large deck is then drawn by two processes at once: a helper (cores.py) draws the later cards (as it
would, in a copy of the document) and hands over each face's form object, formatted; the parent
draws the earlier cards and then takes the helper's forms, in deck order, numbered exactly as if
it had drawn them. Where the helper meets a face that would add anything to the document beside its
operators (a character without a code, a colour space, a transparency state), it stops, and the
parent draws the rest itself. The file is byte for byte the same on one core or two.
"""
from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from .copyfit import FittedCard
from .cores import Helper, helps
from .draw import draw_face
from .face import INTRO
from .fonts import register_fonts
from .layouts import Layout
from .pdffile import end_form, formatted_object, spool, spool_formatted
from .typography import FONTS_USED

HELPER_SHARE = 0.61  # of the cards: taking a face the helper drew, and every sheet, are the parent's (measured at 1000 cards)
FORK_AFTER = 2  # cards the parent draws before the helper starts


def encode_ahead(canvas, layout: Layout, characters) -> None:
    """Give `characters` (all the deck can print) their codes in every font the deck sets text in, in
    a fixed order: fonts in style order, characters by code point."""
    doc = canvas._doc
    for style, name in register_fonts(layout).items():
        if style not in FONTS_USED:
            continue
        font = pdfmetrics.getFont(name)
        known = font.face.charToGlyph
        font.splitString("".join(sorted(char for char in set(characters)
                                        if ord(char) > 127 and char != "\xa0" and ord(char) in known)), doc)
        font.getSubsetInternalName(0, doc)  # the fonts' resource names in the same order


class Forms:
    """The faces of `cards`, each drawn once as a form named for its card and side, in card order, as
    the sheets come to need them (forms[index, side] -> its name), so that a sheet is made as soon
    as its cards are drawn. With `release`, each card's remembered lines are let go once it is drawn
    (the cards are not set again). `share`: the codes were given ahead (encode_ahead), so the later
    cards may be drawn by a helper process. close() when done (it ends the helper, if any)."""

    def __init__(self, canvas, cards: list[FittedCard], layout: Layout, progress=None, release: bool = False,
                 share: bool = False, writing=None):
        self.canvas, self.cards, self.layout, self.progress, self.release = canvas, cards, layout, progress, release
        self.names: dict[tuple[int, str], str] = {}
        self.drawn = 0  # cards drawn so far
        helped = share and helps(sum(card.number != INTRO for card in cards))
        self.first = len(cards) - int(len(cards) * HELPER_SHARE) if helped else len(cards)  # the helper's first card
        self.helper = None
        # the paragraphs to keep (typecache.Writing): the helper writes them once its share is drawn
        # (it ends before this process, which makes every sheet); without a helper, written now
        self.writing = writing
        if writing is not None and self.first == len(cards):
            writing()

    def __getitem__(self, key: tuple[int, str]) -> str:
        self.ready(key[0])
        return self.names[key]

    def ready(self, index: int) -> None:
        """Every card up to `index` drawn."""
        while self.drawn <= index:
            self._next()

    def finish(self) -> None:
        """Every card drawn (a sheet shows each, but a form is drawn for every card all the same), and
        the helper, if any, done with what it does after its share (see __init__)."""
        self.ready(len(self.cards) - 1)
        if self.helper is not None:
            self.helper.join()

    def close(self) -> None:
        if self.helper is not None:
            self.helper.close()
            self.helper = None

    def _next(self) -> None:
        index, card, canvas = self.drawn, self.cards[self.drawn], self.canvas
        if index == min(FORK_AFTER, self.first) and self.first < len(self.cards):
            # forked once the first cards are drawn: what faces share (a logo's image) is in the
            # document before the helper copies it
            later, writing = self.cards[self.first:], self.writing or (lambda: None)
            self.helper = Helper(lambda send: (_help(canvas, later, self.layout, self.release, send), writing()))
            if self.writing is not None:
                if self.helper.ended:  # no helper to be had: written here
                    self.writing()
                self.writing.drop()  # the helper has its own copy to write: this process lets go of it
        if self.progress:
            self.progress("drawing", index + 1, len(self.cards))
        drawn = self.helper.receive() if self.helper is not None and index >= self.first else None
        for side in ("front", "back"):
            name = f"card{card.number}{side}"
            if drawn is None:
                _draw(canvas, name, getattr(card, side), self.layout)
                spool(canvas, name)  # a deck of thousands of faces is not held in memory
            else:
                spool_formatted(canvas, name, *drawn[side])
            self.names[(index, side)] = name
        if self.release:
            card.release()
        self.drawn += 1


def _draw(canvas, name: str, face, layout: Layout) -> None:
    canvas.beginForm(name, 0, 0, face.size.width, face.size.height)
    draw_face(canvas, face, layout)
    end_form(canvas)


def _help(canvas, cards: list[FittedCard], layout: Layout, release: bool, send) -> None:
    """The helper's work: each card's faces drawn in this copy of the document, their form objects
    sent; None, and the end, at the first face that would change the document beyond its own form."""
    from reportlab.pdfbase.pdfdoc import PDFError, xObjectName

    doc = canvas._doc
    for font in register_fonts(layout).values():  # a character without a code raises PDFError
        state = pdfmetrics.getFont(font).state.get(doc)
        if state is not None:
            state.frozen = 1
    fonts = len(doc.fontMapping)  # a font first used here would be named here
    for card in cards:
        drawn = {}
        for side in ("front", "back"):
            face = getattr(card, side)
            name = f"card{card.number}{side}"
            objects = doc.objectcounter
            try:
                canvas.beginForm(name, 0, 0, face.size.width, face.size.height)
                draw_face(canvas, face, layout)
            except PDFError:
                drawn = None
                break
            alone = not (canvas._colorsUsed or canvas._shadingUsed or canvas._annotationrefs
                         or canvas._extgstate._c)
            end_form(canvas)
            # formatted as the parent's spool() would: what it refers to was numbered before the fork
            formatted = formatted_object(doc.idToObject.pop(xObjectName(name)), doc)
            if not alone or doc.objectcounter != objects + 1 or len(doc.fontMapping) != fonts:
                drawn = None
                break
            drawn[side] = (face.size.width, face.size.height, formatted)
        send(drawn)
        if drawn is None:
            return
        if release:
            card.release()

