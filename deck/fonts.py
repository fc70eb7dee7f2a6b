"""A Layout's font files -> fonts registered with reportlab under names unique to their files."""
from __future__ import annotations

import functools
import hashlib
from fnmatch import fnmatch
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFont, TTFontFace

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
                pdfmetrics.registerFont(CachedTTFont(name, path))
            except (TTFError, OSError) as error:
                raise DeckError(f"the {style} font {path} is not a usable TrueType font ({error}); "
                                "use a .ttf file", layout.path) from None
        names[style] = name
    return names


class CachedTTFont(TTFont):
    """A reportlab TrueType font whose face (the tables reportlab reads from the file: cmap, widths,
    glyph positions) comes from deck's cache after the first run: reading them costs 15-40 ms a font.

    Sets up exactly what TTFont.__init__ sets up (a test compares the two), with the face given."""

    def __init__(self, name: str, path: Path):
        from weakref import WeakKeyDictionary

        from .cache import remembered

        self.fontName = name
        self.face = _face(path, remembered("font-face", path, lambda: _face_state(path)))
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)


def _face_state(path: Path) -> dict:
    """What reportlab read from the font file, without the file's bytes and the scaling function."""
    face = TTFontFace(str(path))
    return {key: value for key, value in vars(face).items() if key not in ("_ttf_data", "_pdfScale")}


def _face(path: Path, state: dict) -> TTFontFace:
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    face._ttf_data = path.read_bytes()
    face._pdfScale = _Scale(face.unitsPerEm)
    return face


class _Scale:
    """Font units -> 1/1000 em, as reportlab's own scaling function does it (but picklable)."""

    def __init__(self, units_per_em: int):
        self.factor = None if units_per_em == 1000 else 1000 / units_per_em

    def __call__(self, value):
        return value if self.factor is None else value * self.factor
