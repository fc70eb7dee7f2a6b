"""Text + a registered font -> its width, kerned with the font's own kerning data.

Kerning pairs come from the font's GPOS `kern` feature (or its old `kern` table) through HarfBuzz,
asked once per pair of characters and remembered; ligatures stay off, so every character keeps a
glyph of its own (a Dutch "fl" or "fi" may straddle the joint of a compound). Pairs with a space
are not kerned, so a line is exactly as wide as its words and spaces added up, and a line breaker
never has to measure a line twice.
"""
from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase import pdfmetrics

from .text import Style

# Positioning only: the glyphs drawn are the characters' own (reportlab embeds by character).
_FEATURES = {"kern": True, "liga": False, "clig": False, "dlig": False, "calt": False, "rlig": False}
_UNKERNED = frozenset(" \u00a0\t")


class Kerning:
    """The advance widths and kerning pairs of one registered TrueType font, in 1/1000 em.

    The pairs a run shapes, and the heights it measures, are kept in deck's cache for the font file
    (`keep_pairs`, at exit), and the next run starts with them: they depend on the font and HarfBuzz
    only. A run that needs nothing else never loads HarfBuzz."""

    def __init__(self, font_name: str):
        font = pdfmetrics.getFont(font_name)
        self.advances: dict[int, float] = font.face.charWidths
        self._default = font.face.defaultWidth
        self._path = font.face.filename
        self._scale = 1000 / font.face.unitsPerEm
        self._read = None  # HarfBuzz's font: opened for the first pair or height not kept
        self._pairs, self._tops = _kept_pairs(self._path)
        self._kept = len(self._pairs) + len(self._tops)

    @property
    def _hb(self):
        if self._read is None:
            import uharfbuzz

            self._read = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(self._path)))
        return self._read

    @property
    def pairs(self) -> dict[str, float]:
        """The pairs measured so far (and kept from earlier runs), as pair() gives them."""
        return self._pairs

    def pair(self, pair: str) -> float:
        """How much closer (negative) or wider the second character sits after the first."""
        value = self._pairs.get(pair)
        if value is None:
            value = self._pairs[pair] = self._shape(pair)
        return value

    def _shape(self, pair: str) -> float:
        import uharfbuzz

        if pair[0] in _UNKERNED or pair[1] in _UNKERNED:
            return 0.0
        buffer = uharfbuzz.Buffer()
        buffer.add_str(pair)
        buffer.guess_segment_properties()
        uharfbuzz.shape(self._hb, buffer, _FEATURES)
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        if len(infos) != 2:  # composed or decomposed by the font: no pair to kern
            return 0.0
        return round((positions[0].x_advance - self._hb.get_glyph_h_advance(infos[0].codepoint)) * self._scale, 3)

    def top(self, text: str) -> float:
        """How far the highest glyph of `text` reaches above the baseline, in 1/1000 em."""
        found = self._tops.get(text)
        if found is None:
            highest = 0
            for char in set(text):
                extents = self._hb.get_glyph_extents(self._hb.get_nominal_glyph(ord(char)) or 0)
                highest = max(highest, extents.y_bearing)
            found = self._tops[text] = float(highest * self._scale)
        return found

    def advance(self, char: str) -> float:
        return self.advances.get(ord(char), self._default)

    def adjustments(self, text: str) -> list[float]:
        """Per character, the kerning between it and the next one (0.0 after the last)."""
        pair = self.pair
        return [pair(text[i:i + 2]) for i in range(len(text) - 1)] + [0.0]

    def width(self, text: str) -> float:
        """The kerned width at 1000 units per em: the advances added up in order, then the pairs
        (as deck/_measure.c adds them, where the pairs are all measured)."""
        if kerned_width is not None:
            found = kerned_width(text, self.advances, self._default, self._pairs)
            if found is not None:
                return found
        advances, default, pair = self.advances, self._default, self.pair
        total = 0.0
        for char in text:
            total += advances.get(ord(char), default)
        for i in range(len(text) - 1):
            total += pair(text[i:i + 2])
        return total


try:  # Kerning.width, Measure.widths and linebreak's word prefixes compiled (setup.py builds them where a C
    # compiler is at hand)
    from ._measure import kerned_width, prefix_widths, widths as compiled_widths
except ImportError:
    kerned_width = compiled_widths = prefix_widths = None


@lru_cache(maxsize=None)
def kerning(font_name: str) -> Kerning:
    """One Kerning per registered font for the life of the process: fonts do not change."""
    font = Kerning(font_name)
    if not _IN_USE:
        import atexit

        atexit.register(keep_pairs)
    _IN_USE.append(font)
    return font


_IN_USE: list[Kerning] = []

# Kept pairs and heights: the cache entry's kind names how they are shaped and measured (_FEATURES,
# Kerning._shape, Kerning.top) and by which HarfBuzz; change _PAIRS_VERSION with any of them.
_PAIRS_VERSION = 2  # 2: (pairs, heights); 1 had pairs only
MAX_KEPT_PAIRS = 50_000  # a deck in one script uses a few thousand; a bound on what every run reads


def _pairs_kind() -> str:
    from .cache import library_stamp

    return f"kerning-{_PAIRS_VERSION}-harfbuzz-{library_stamp('uharfbuzz')}"


def _kept_pairs(path: str) -> tuple[dict[str, float], dict[str, float]]:
    from .cache import recall

    kept = recall(_pairs_kind(), path, _valid_kept)
    return (dict(kept[0]), dict(kept[1])) if kept else ({}, {})


def _valid_kept(value) -> bool:
    return type(value) is tuple and len(value) == 2 and type(value[0]) is dict and type(value[1]) is dict \
        and all(type(pair) is str and len(pair) == 2 and type(kern) is float for pair, kern in value[0].items()) \
        and all(type(text) is str and type(top) is float for text, top in value[1].items())


def keep_pairs() -> None:
    """Keep the pairs and heights of every font that measured new ones in this process (at exit)."""
    from .cache import keep

    for font in _IN_USE:
        if font._kept < len(font._pairs) + len(font._tops) and len(font._pairs) <= MAX_KEPT_PAIRS:
            keep(_pairs_kind(), font._path, (dict(font._pairs), dict(font._tops)))
            font._kept = len(font._pairs) + len(font._tops)


class Measure:
    """Kerned widths of words and lines, remembered per font and text at 1 pt and scaled."""

    def __init__(self):
        self._by_font: dict[str, dict[str, float]] = {}

    def forget(self) -> None:
        """Forget the widths measured so far (a deck's vocabulary grows with the deck)."""
        self._by_font.clear()

    def width(self, text: str, style: Style) -> float:
        table = self._by_font.setdefault(style.font, {})
        unit = table.get(text)
        if unit is None:
            unit = table[text] = kerning(style.font).width(text) / 1000
        if style.tracking:  # PDF's Tc adds the letterspacing after every character, spaces included
            return (unit + style.tracking * len(text)) * style.size
        return unit * style.size

    def widths(self, texts: list[str], style: Style) -> list[float]:
        """The widths of many texts in one style (a paragraph's words): width() for each, faster."""
        table = self._by_font.setdefault(style.font, {})
        if compiled_widths is not None:
            font = kerning(style.font)
            measured = compiled_widths(texts, table, font.advances, font._default, font._pairs, style.size,
                                       style.tracking)
            if measured is not None:
                return measured
        found = []
        for text in texts:
            unit = table.get(text)
            if unit is None:
                unit = table[text] = kerning(style.font).width(text) / 1000
            found.append(unit)
        size, tracking = style.size, style.tracking
        if tracking:
            return [(unit + tracking * len(text)) * size for unit, text in zip(found, texts)]
        return [unit * size for unit in found]
