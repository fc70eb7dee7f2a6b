"""Fitted cards -> images of their faces for the browser, each face rendered once per content.

A face's key is a digest of everything its drawing depends on: the composed face (its lines, boxes
and colours), the layout (and the dates of its font and logo files) and the resolution. An edit
renders again only the faces it changed; the rest come from memory.
"""
from __future__ import annotations

import hashlib
import io
from collections import OrderedDict

from ..layouts import FONT_STYLES
from .workspace import files_stamp

PREVIEW_DPI = 120   # the card and brand pages: an A5 face with bleed is 728 px wide
THUMBNAIL_DPI = 40  # the deck page, as `deck preview`


class FaceImages:
    """Rendered faces by key, the most recently used kept (`capacity` of them)."""

    def __init__(self, capacity: int = 800):
        self.capacity = capacity
        self._images: OrderedDict[str, bytes] = OrderedDict()

    def keys(self, deck, layout, cards, dpi: float) -> list[tuple[str, str]]:
        """(front key, back key) of each fitted card; renders the faces not in memory yet."""
        from .. import card_pdf
        from ..preview import render_pages

        brand = _layout_key(layout)
        keys = []
        for card in cards:
            pair = (_key(card.front, brand, dpi), _key(card.back, brand, dpi))
            missing = [index for index, key in enumerate(pair) if key not in self._images]
            if missing:
                for index, image in zip(missing, render_pages(card_pdf(deck, layout, card), dpi, missing)):
                    self._store(pair[index], _jpeg(image))
            for key in pair:
                self._images.move_to_end(key)
            keys.append(pair)
        return keys

    def overflow_keys(self, deck, layout, faces, dpi: float) -> tuple[str, str]:
        """(front key, back key) of a card too long, shown as deck card N --show-overflow shows it:
        each face at the smallest size, its text running on below the card's edge."""
        from .. import card_metadata, overflow_notes
        from ..preview import render_pages
        from ..sheets import render_overflow

        brand = _layout_key(layout)
        pair = tuple(_key(face, f"{brand}|overflow", dpi) for face in faces)
        missing = [index for index, key in enumerate(pair) if key not in self._images]
        if missing:
            pdf = render_overflow(faces, layout, card_metadata(deck, faces[0].card, " (too long)"),
                                  overflow_notes(faces, layout))
            for index, image in zip(missing, render_pages(pdf, dpi, missing)):
                self._store(pair[index], _jpeg(image))
        for key in pair:
            self._images.move_to_end(key)
        return pair

    def image(self, key: str) -> bytes | None:
        return self._images.get(key)

    def _store(self, key: str, image: bytes) -> None:
        self._images[key] = image
        while len(self._images) > self.capacity:
            self._images.popitem(last=False)


def _jpeg(image) -> bytes:
    """An image for the screen: JPEG at high quality without chroma subsampling, so coloured text
    keeps its edges; a tenth of the time of the fastest PNG, at about the same size."""
    stream = io.BytesIO()
    image.save(stream, format="JPEG", quality=92, subsampling=0)
    return stream.getvalue()


def _key(face, brand: str, dpi: float) -> str:
    return hashlib.sha256(f"{face!r}|{brand}|{dpi}".encode()).hexdigest()[:32]


def _layout_key(layout) -> str:
    """The layout as drawn: its values, and its files as they are now (a font replaced in place)."""
    files = [getattr(layout.fonts, style) for style in FONT_STYLES]
    if layout.logo is not None:
        files.append(layout.logo.file.path)
    return f"{layout!r}|{files_stamp(files)!r}"
