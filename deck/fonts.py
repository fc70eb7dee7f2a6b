"""A Layout's font files -> fonts registered with reportlab under names unique to their files."""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .errors import DeckError
from .layouts import Layout

STYLES = ("regular", "bold", "italic", "bold_italic")


@functools.lru_cache(maxsize=None)
def register_fonts(layout: Layout) -> dict[str, str]:
    """Register the layout's four fonts; returns style -> registered name."""
    names = {}
    for style in STYLES:
        path: Path = getattr(layout.fonts, style)
        name = f"{path.stem}-{hashlib.sha1(str(path).encode()).hexdigest()[:6]}"
        if name not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (TTFError, OSError) as error:
                raise DeckError(f"the {style} font {path} is not a usable TrueType font ({error}); "
                                "use a .ttf file", layout.path) from None
        names[style] = name
    return names
