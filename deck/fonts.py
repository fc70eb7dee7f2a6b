"""Font files as a brand department delivers them -> TrueType files reportlab can embed, and those
registered with reportlab under names unique to their files.

Accepted: .ttf; .otf with PostScript (CFF) outlines, converted to TrueType outlines with fontTools'
cu2qu; .woff and .woff2; variable fonts, instanced with fontTools' instancer at the weight the
layout names (and at the italic end of an ital or slnt axis for the italic styles), never at the
font's default instance. Conversions are written once to deck's cache folder, keyed by the
source's bytes, what was asked of it and deck's version. A font whose licence bits forbid embedding,
or that lacks the characters deck prints itself, is refused with the reason.
"""

import functools
import hashlib
import io
import re
import struct
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import cache
from .errors import DeckError

if TYPE_CHECKING:
    from .layouts import Layout

STYLES = ("regular", "bold", "italic", "bold_italic")
MAX_FONT_BYTES = 50_000_000  # the largest CJK fonts are about 20 MB
OWN_CHARACTERS = "0123456789/•›‘’·"  # card numbers, bullets, quote marks, the header's separator
_MAGIC = {b"\x00\x01\x00\x00": "ttf", b"true": "ttf", b"OTTO": "otf", b"wOFF": "woff", b"wOF2": "woff2",
          b"ttcf": "collection"}
_WEIGHT_NAMES = {100: "Thin", 200: "ExtraLight", 300: "Light", 400: "Regular", 500: "Medium", 600: "SemiBold",
                 700: "Bold", 800: "ExtraBold", 900: "Black"}


class FontRef(NamedTuple):
    """A font file named by a layout, where it was named, and whether it stands in for a style the
    layout left out (a variable font named for `regular` also gives the bold and the italic)."""

    path: Path
    layout: Path | None = None
    line: int | None = None
    column: int | None = None
    makes: tuple[str, ...] = ()  # for a style left out: what this file must make ("bold", "italic")

    @property
    def implied(self) -> bool:
        return bool(self.makes)

    def error(self, message: str) -> DeckError:
        return DeckError(message, self.layout, self.line, self.column)


def prepared(ref: FontRef, style: str, weight: int, bold_weight: int) -> Path:
    """The TrueType file to embed for `style`; raises DeckError at the place the layout names it."""
    try:
        stamp = ref.path.stat()
        return _prepared(ref.path, (stamp.st_mtime_ns, stamp.st_size), style,
                         weight if style in ("regular", "italic") else bold_weight, ref.makes)
    except (ValueError, OSError) as error:
        raise ref.error(f"'fonts.{style}': {error}") from None


@functools.lru_cache(maxsize=64)
def _prepared(path: Path, stamp: tuple[int, int], style: str, weight: int, makes: tuple[str, ...]) -> Path:
    """(`stamp`, the file's mtime and size, renews the cache when the file changes.)"""
    kind, axes, problem = _facts(path)
    if problem:
        raise ValueError(problem)
    _check_makes(path, makes, axes)
    if kind == "ttf" and not axes:
        target = path  # reportlab reads it as it is
    else:
        target = _converted(path, _coordinates(axes, weight, style in ("italic", "bold_italic"), path))
    if style in _set_in():
        _register(target)  # reading it now reports a damaged file here
    return target


def _set_in() -> tuple[str, ...]:
    """The styles deck sets text in (typography's roles): a layout names a bold italic for a family
    to be whole, but no role sets text in it, so it is checked (_facts) and never registered:
    registering reads the font and its tables, 2 ms of every build."""
    from .typography import FONTS_USED

    return FONTS_USED


class Axis(NamedTuple):
    """A variable font's axis, as instancing needs it."""

    minimum: float
    default: float
    maximum: float


def _facts(path: Path) -> tuple[str, dict[str, Axis], str]:
    """What deck needs to know of a font file before it uses it: its kind, its variation axes, and
    why it cannot be used ('' when it can). Found with fontTools once per file and kept in deck's
    cache: opening a font with fontTools costs more than the rest of a small build."""
    def find() -> tuple[str, dict[str, Axis], str]:
        data = _read(path)
        kind = _MAGIC.get(data[:4])
        try:
            if kind is None:
                raise ValueError(f"{path.name} is not a font file; use a .ttf, .otf, .woff or .woff2 font")
            if kind == "collection":
                raise ValueError(f"{path.name} is a font collection; use the single font files (.ttf or .otf)")
            font = _open(data, path)
            _check_embedding(font, path)
            _check_characters(font, path)
        except ValueError as error:
            return kind or "", {}, str(error)
        axes = {axis.axisTag: Axis(axis.minValue, axis.defaultValue, axis.maxValue)
                for axis in font["fvar"].axes} if "fvar" in font else {}
        return kind, axes, ""
    return cache.remembered("font-facts", path, find, valid=lambda found: type(found) is tuple and len(found) == 3
                            and type(found[0]) is str and type(found[1]) is dict and type(found[2]) is str)


def _read(path: Path) -> bytes:
    from .files import read_input

    try:
        return read_input(path, MAX_FONT_BYTES, "font")
    except DeckError as error:
        raise ValueError(f"{path.name}: {error.message}") from None


def _open(data: bytes, path: Path):
    import logging

    from fontTools.ttLib import TTFont, TTLibError

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # its notes on odd but harmless tables are not for users

    try:
        font = TTFont(io.BytesIO(data), recalcTimestamp=False)
        for tag in ("cmap", "head", "hmtx", "OS/2", "name"):
            font[tag]  # decompile now, so that a damaged font is reported here and not while drawing
    except (TTLibError, KeyError, AssertionError, ValueError, IndexError, EOFError, ImportError,
            struct.error) as error:
        raise ValueError(f"{path.name} is damaged or not a complete font ({_reason(error)}); "
                         "download or export the font again") from None
    return font


def _reason(error: Exception) -> str:
    """The plain reason behind a font library's error."""
    text = str(error).lower()
    if isinstance(error, (EOFError, struct.error)) or "end" in text or "truncat" in text:
        return "the file ends too early: it may not have finished downloading or copying"
    return "its contents do not follow the font format"


def _check_makes(path: Path, makes: tuple[str, ...], axes: dict) -> None:
    """A style the layout left out comes from a font it names only when that font can make it."""
    if "bold" in makes and "wght" not in axes:
        raise ValueError(f"not set, and {path.name} has one weight only: name the bold font file in fonts.bold "
                         "(or name the regular file again to print bold text in the regular weight)")
    if "italic" in makes and not {"ital", "slnt"} & set(axes):
        raise ValueError(f"not set, and {path.name} has no italic: name the italic font file in fonts.italic "
                         "(and fonts.bold_italic), or name the regular file again to print quotes upright")


def _check_embedding(font, path: Path) -> None:
    """OS/2 fsType: bit 1 forbids embedding, bit 9 allows bitmaps only (OpenType spec, OS/2 table)."""
    fs_type = font["OS/2"].fsType if "OS/2" in font else 0
    if fs_type & 0x0002 and not fs_type & 0x000C:
        raise ValueError(f"{path.name} may not be embedded in documents (its licence bits say 'restricted'); "
                         "ask the foundry for a licence that allows embedding, or choose another font")
    if fs_type & 0x0200:
        raise ValueError(f"{path.name} allows embedding its bitmaps only; choose another font")


def _check_characters(font, path: Path) -> None:
    cmap = font.getBestCmap() or {}
    missing = [char for char in OWN_CHARACTERS if ord(char) not in cmap]
    if missing:
        raise ValueError(f"{path.name} lacks characters deck prints itself ({' '.join(missing)}); "
                         "choose a font that has them")


def _coordinates(axes: dict, weight: int, italic: bool, path: Path) -> dict[str, float]:
    """Where to instance a variable font: the weight asked, the italic end of ital/slnt, every other
    axis at its default."""
    if not axes:
        return {}
    where = {tag: axis.default for tag, axis in axes.items()}
    if "wght" in axes:
        low, high = axes["wght"].minimum, axes["wght"].maximum
        if not low <= weight <= high:
            raise ValueError(f"{path.name} has weights {low:g} to {high:g}, not {weight}; set fonts.weight and "
                             "fonts.bold_weight inside that range")
        where["wght"] = weight
    if "ital" in axes:
        where["ital"] = axes["ital"].maximum if italic else axes["ital"].minimum
    if "slnt" in axes:  # slant is negative for a forward lean
        where["slnt"] = axes["slnt"].minimum if italic else min(max(0, axes["slnt"].minimum), axes["slnt"].maximum)
    return where


def _converted(path: Path, where: dict[str, float]) -> Path:
    from . import __version__
    from .files import write_atomic

    data = _read(path)
    key = hashlib.sha256(data + repr((sorted(where.items()), __version__)).encode()).hexdigest()[:32]
    target = _converted_folder() / f"{key}.ttf"
    if not target.is_file():
        try:
            converted = _to_truetype(_open(data, path), where)
        except Exception as error:  # fontTools raises many kinds; the user needs the file and a reason
            raise ValueError(f"{path.name} could not be converted to TrueType ({_reason(error)}); "
                             "use the .ttf version of the font") from None
        try:
            write_atomic(target, converted)
        except DeckError as error:
            raise ValueError(f"{error.message}; deck keeps converted fonts there (set DECK_CACHE to a "
                             "folder you may write)") from None
    return target


def _converted_folder() -> Path:
    """Where converted fonts go: deck's cache, or with the cache off a folder of this run's own."""
    place = cache.folder()
    return place / "fonts" if place is not None else _private_folder()


@functools.lru_cache(maxsize=1)
def _private_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="deck-fonts-"))


def _to_truetype(font, where: dict[str, float]) -> bytes:
    if where:
        from fontTools.varLib import instancer

        italic = where.get("ital", 0) > 0 or where.get("slnt", 0) < 0 or bool(font["head"].macStyle & 2)
        font = instancer.instantiateVariableFont(font, where, static=True)
        _name_instance(font, round(where.get("wght", 400)), italic)
    if "CFF " in font or "CFF2" in font:
        _cff_to_glyf(font)
    font.flavor = None
    stream = io.BytesIO()
    font.save(stream, reorderTables=True)
    return stream.getvalue()


def _name_instance(font, weight: int, italic: bool) -> None:
    """Name an instance by its weight and style, so a PDF lists SourceSans3-Bold, not the default's name."""
    names = font["name"]
    family = str(names.getDebugName(16) or names.getDebugName(1) or "Font")
    family = re.sub(rf"(\s+({'|'.join(_WEIGHT_NAMES.values())}|Italic|Oblique))+$", "", family) or family
    style = _WEIGHT_NAMES.get(weight, f"W{weight}")
    if italic:
        style = "Italic" if style == "Regular" else f"{style}Italic"
    postscript = re.sub(r"[^A-Za-z0-9]", "", family)[:40] + "-" + style
    for record in list(names.names):
        if record.nameID in (4, 6):
            names.removeNames(nameID=record.nameID)
    names.setName(f"{family} {style}", 4, 3, 1, 0x409)
    names.setName(postscript, 6, 3, 1, 0x409)
    font["OS/2"].usWeightClass = weight


def _cff_to_glyf(font) -> None:
    """PostScript (cubic) outlines -> TrueType (quadratic) ones, as fontTools' otf2ttf does."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["maxp"].tableVersion = 0x00010000
    for attribute in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                      "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(font["maxp"], attribute, 2 if attribute == "maxZones" else 0)
    font["maxp"].maxComponentDepth = 0
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font["post"].glyphOrder = order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


@functools.lru_cache(maxsize=None)
def _register(path: Path) -> str:
    """Register a TrueType file with reportlab once; its name is unique to the file."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    from .subsets import TaggedTTFont

    name = f"{path.stem[:24]}-{hashlib.sha1(str(path).encode()).hexdigest()[:6]}"
    try:
        font = TaggedTTFont(name, path)
        pdfmetrics.registerFont(font)
    except (TTFError, OSError, ValueError, IndexError, KeyError, struct.error) as error:
        raise ValueError(f"{path.name} is damaged or not a usable TrueType font ({_reason(error)}); "
                         "download or export the font again") from None
    if pdfmetrics.getFont(name) is not font:
        # reportlab keeps one font per PostScript name: a second file with the same name (a brand's own
        # Lato-Bold beside deck's, or a font another part of the program registered) would be drawn
        # with the first one's glyphs and widths. Our name belongs to this file alone.
        pdfmetrics._fonts[name] = font
    return name


def register_fonts(layout: "Layout") -> dict[str, str]:
    """The layout's fonts that deck sets text in (all but the bold italic: _set_in), registered with
    reportlab: style -> registered name."""
    return {style: _register(getattr(layout.fonts, style)) for style in _set_in()}


def check_subsets(layout: "Layout", characters) -> list:
    """deck check's trial of what a build does last with each font: a subset of the characters the
    deck prints, made as the PDF's will be. A font whose tables point outside it measures well
    enough to fit, and fails only there (subsets.TaggedTTFont says the same, in a build).
    Returns a DeckError per font that fails."""
    from reportlab.pdfbase import pdfmetrics

    from .errors import DeckError

    problems, seen = [], set()
    codes = sorted(ord(char) for char in characters)
    for style, name in register_fonts(layout).items():
        path = getattr(layout.fonts, style)
        if path in seen:
            continue
        seen.add(path)
        face = pdfmetrics.getFont(name).face
        try:
            face.makeSubset([code for code in codes if code in face.charToGlyph] or [32])
        except Exception as error:  # (reportlab's subsetting reads past the glyphs: IndexError and others)
            problems.append(DeckError(DAMAGED_GLYPHS.format(type(error).__name__), path))
    return problems


DAMAGED_GLYPHS = "this font file is damaged: its glyphs cannot be copied into the PDF ({}); use a fresh copy of the font"


def _reportlab_font_class():
    """CachedTTFont is made on first use: reportlab is imported only when fonts are registered."""
    from fnmatch import fnmatch

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

    class CachedTTFont(TTFont):
        """A reportlab TrueType font whose face (the tables reportlab reads from the file: cmap,
        widths, glyph positions) comes from deck's cache after the first run: reading them costs
        15-40 ms a font. Sets up exactly what TTFont.__init__ sets up (a test compares the two)."""

        def __init__(self, name: str, path: Path):
            from weakref import WeakKeyDictionary

            self.fontName = name
            self.face = _face(TTFontFace, path, cache.remembered("font-face", path, lambda: _face_state(path),
                                                                 valid=_face_state_shape))
            self.encoding = TTEncoding()
            self.state = WeakKeyDictionary()
            self._asciiReadable = rl_config.ttfAsciiReadable
            self.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)

    def _face_state(path: Path) -> dict:
        """What reportlab read from the font file, without the file's bytes and the scaling function."""
        face = TTFontFace(str(path))
        return {key: value for key, value in vars(face).items() if key not in ("_ttf_data", "_pdfScale")}

    return CachedTTFont


def _face_state_shape(found) -> bool:
    """Whether a kept font-face entry has the shape _face_state makes (a damaged one is made again)."""
    return type(found) is dict and type(found.get("unitsPerEm")) is int and found["unitsPerEm"] > 0 and \
        type(found.get("charWidths")) is dict and isinstance(found.get("name"), bytes)


def _face(kind, path: Path, state: dict):
    face = kind.__new__(kind)
    face.__dict__.update(state)
    face.filename = str(path)  # the entry is kept for the file's bytes: it may have been made from a copy elsewhere
    face._ttf_data = path.read_bytes()
    face._pdfScale = _Scale(face.unitsPerEm)
    return face


class _Scale:
    """Font units -> 1/1000 em, as reportlab's own scaling function does it (but picklable)."""

    def __init__(self, units_per_em: int):
        self.factor = None if units_per_em == 1000 else 1000 / units_per_em

    def __call__(self, value):
        return value if self.factor is None else value * self.factor


@functools.lru_cache(maxsize=1)
def _cached_ttfont():
    return _reportlab_font_class()


def CachedTTFont(name: str, path: Path):  # noqa: N802 (it makes a font, as a class would)
    """A reportlab TTFont for `path`, its tables read from deck's cache (see _reportlab_font_class)."""
    return _cached_ttfont()(name, path)
