"""Fitted cards -> each face drawn once as a form XObject, on a second core where the deck is large.

Every sheet that shows a face refers to its one form. A face's text is encoded in the document's
font subsets, whose codes reportlab gives characters as they are first drawn; here every character
the deck can print that ASCII does not hold (ASCII has fixed codes) gets its code before any face is
drawn, in code point order (encode_ahead), so a face's operators depend on that face alone.

A large deck is then drawn by two processes at once: a forked helper draws the later cards (as it
would, in a copy of the document) and hands over each face's operators; the parent draws the
earlier cards and then makes the helper's faces into forms, in deck order, exactly as if it had
drawn them. Where the helper meets a face that would add anything to the document beside its
operators (a character without a code, a colour space, a transparency state), it stops, and the
parent draws the rest itself. The file is byte for byte the same on one core or two.
"""
from __future__ import annotations

import os
import pickle
import signal
import struct
import tempfile
import threading

from reportlab.pdfbase import pdfmetrics

from .copyfit import FittedCard
from .draw import draw_face
from .fonts import register_fonts
from .layouts import Layout
from .pdffile import spool
from .typography import FONTS_USED

HELPER_SHARE = 0.6  # of the cards: making a face drawn elsewhere into a form costs about a fifth of drawing it
SMALLEST_DECK = 40  # cards: a smaller deck is drawn before a second process would pay for its start
FORK_AFTER = 2  # cards the parent draws before the helper starts
_LENGTH = struct.Struct("<Q")


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


def define_forms(canvas, cards: list[FittedCard], layout: Layout, progress=None, release: bool = False,
                 share: bool = False) -> dict[tuple[int, str], str]:
    """Each face drawn once, as a form named for its card and side. With `release`, each card's
    remembered lines are let go once it is drawn (the cards are not set again). `share`: the codes
    were given ahead (encode_ahead), so the later cards may be drawn by a helper process."""
    names: dict[tuple[int, str], str] = {}
    first = len(cards) - int(len(cards) * HELPER_SHARE) if share and _two_cores(len(cards)) else len(cards)
    helper = None
    try:
        for index, card in enumerate(cards):
            if index == min(FORK_AFTER, first) and first < len(cards):
                # forked once the first cards are drawn: what faces share (a logo's image) is in the
                # document before the helper copies it
                helper = _Helper(canvas, cards[first:], layout, release)
            if progress:
                progress("drawing", index + 1, len(cards))
            drawn = helper.next() if helper is not None and index >= first else None
            for side in ("front", "back"):
                name = f"card{card.number}{side}"
                if drawn is None:
                    _draw(canvas, name, getattr(card, side), layout)
                else:
                    _form(canvas, name, drawn[side])
                spool(canvas, name)  # a deck of thousands of faces is not held in memory
                names[(index, side)] = name
            if release:
                card.release()
    finally:
        if helper is not None:
            helper.close()
    return names


def _draw(canvas, name: str, face, layout: Layout) -> None:
    canvas.beginForm(name, 0, 0, face.size.width, face.size.height)
    draw_face(canvas, face, layout)
    canvas.endForm()


def _form(canvas, name: str, drawn: tuple) -> None:
    """A face the helper drew: its operators and the forms it uses, made a form as _draw makes it."""
    width, height, code, forms = drawn
    canvas.beginForm(name, 0, 0, width, height)
    canvas._code.append(code)
    canvas._formsinuse.extend(forms)
    canvas.endForm()


def _two_cores(cards: int) -> bool:
    """A helper process pays: a large deck, a second core, and no other thread in this process (the
    studio's server) that a fork could copy in the middle of something."""
    if cards < SMALLEST_DECK or not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:
        return (os.cpu_count() or 1) > 1


class _Helper:
    """A forked process drawing `cards`' faces; each card's are read back in order by next().

    The helper writes each card's faces to a temporary file and a byte to a pipe when they are there;
    it writes None, and ends, at a face it cannot draw alone. next() gives None from then on, and
    the parent draws those cards itself."""

    def __init__(self, canvas, cards: list[FittedCard], layout: Layout, release: bool):
        self.file = tempfile.TemporaryFile(prefix="deck-faces-")
        self.read_end, write_end = os.pipe()
        self.offset, self.done = 0, False
        self.pid = os.fork()
        if self.pid == 0:  # the helper: never returns, never runs what the parent runs at exit
            status = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent tidies up
                os.close(self.read_end)
                _help(canvas, cards, layout, release, self.file.fileno(), write_end)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)

    def next(self):
        """The next card's faces as {side: (width, height, operators, forms)}, or None: draw it here."""
        if self.done:
            return None
        if not os.read(self.read_end, 1):  # the helper ended early
            self.done = True
            return None
        (length,) = _LENGTH.unpack(os.pread(self.file.fileno(), _LENGTH.size, self.offset))
        record = os.pread(self.file.fileno(), length, self.offset + _LENGTH.size)
        self.offset += _LENGTH.size + length
        drawn = pickle.loads(record)
        if drawn is None:
            self.done = True
        return drawn

    def close(self) -> None:
        if not self.done:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.waitpid(self.pid, 0)
        os.close(self.read_end)
        self.file.close()


def _help(canvas, cards: list[FittedCard], layout: Layout, release: bool, file: int, pipe: int) -> None:
    """The helper's work: each card's faces drawn in this copy of the document, their operators
    written out; None at the first face that would change the document beyond its own form."""
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
            code, forms = "\n".join(canvas._code), list(canvas._formsinuse)
            alone = not (canvas._colorsUsed or canvas._shadingUsed or canvas._annotationrefs
                         or canvas._extgstate._c)
            canvas.endForm()
            del doc.idToObject[xObjectName(name)]  # (the helper's copy of the document only)
            if not alone or doc.objectcounter != objects + 1 or len(doc.fontMapping) != fonts:
                drawn = None
                break
            drawn[side] = (face.size.width, face.size.height, code, forms)
        record = pickle.dumps(drawn, protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(file, _LENGTH.pack(len(record)) + record)
        os.write(pipe, b"\x01")
        if drawn is None:
            return
        if release:
            card.release()


def _write_all(file: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(file, view):]
