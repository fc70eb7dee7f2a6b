"""A Layout's font files -> fonts registered with reportlab under names unique to their files, whose
subsets are tagged by what they hold."""
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
TAG_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def subset_tag(font_digest: bytes, codes: list[int]) -> str:
    """Six capital letters from a hash of the font file and the subset's characters in code order,
    as ISO 32000-1 (9.6.4) suggests: two subsets share a tag only if they are the same subset."""
    digest = hashlib.sha256(font_digest + ",".join(map(str, codes)).encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    return "".join(TAG_LETTERS[number // 26 ** place % 26] for place in range(6))


@functools.lru_cache(maxsize=None)
def register_fonts(layout: Layout) -> dict[str, str]:
    """Register the layout's four fonts; returns style -> registered name."""
    names = {}
    for style in STYLES:
        path: Path = getattr(layout.fonts, style)
        name = f"{path.stem}-{hashlib.sha1(str(path).encode()).hexdigest()[:6]}"
        if name not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(TaggedTTFont(name, path))
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


class TaggedTTFont(CachedTTFont):
    """A TrueType font whose subsets are tagged by subset_tag, not by reportlab's count (AAAAAA+,
    AAAAAB+, ... in every file): a print shop that gangs jobs with equal font names and tags would
    otherwise draw one file's glyphs with another file's subset."""

    def __init__(self, name: str, path: Path):
        super().__init__(name, path)
        self.digest = hashlib.sha256(self.face._ttf_data).digest()

    def addObjects(self, doc) -> None:
        """reportlab's subsets, renamed: BaseFont, the descriptor's FontName and the ToUnicode map."""
        from reportlab.pdfbase.pdfdoc import PDFName
        from reportlab.pdfbase.ttfonts import makeToUnicodeCMap

        subsets = [list(codes) for codes in self.state[doc].subsets]  # reportlab drops its state
        names = [self.getSubsetInternalName(number, doc)[1:] for number in range(len(subsets))]
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for name, codes in zip(names, subsets):
            font = fonts[name]
            counted = font.BaseFont
            tagged = subset_tag(self.digest, codes) + counted[counted.index("+"):]
            font.BaseFont = tagged
            doc.idToObject[font.FontDescriptor.name].dict["FontName"] = PDFName(tagged)
            doc.idToObject[font.ToUnicode.name].content = makeToUnicodeCMap(tagged, codes)


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
