"""Layout YAML (with `extends`, presets and units) -> a frozen Layout, in points.

A layout holds every visual choice: card size, bleed, margins, fonts, type scale, colours, logo and
which elements show. Lengths are parsed here, once; everything downstream works in points.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

from .errors import DeckError, DeckErrors
from .impose import STANDARD_SHEETS
from .resources import bundled
from .units import MM, PAPER, Size, parse_length
from .yamlcheck import Custom, Field, Integer, ListOf, Mapping, Problems, Text, closest, read_yaml, value_node

CARD_PRESETS = {
    "a5": PAPER["a5"],
    "a6": PAPER["a6"],
    "tarot": Size(70 * MM, 120 * MM),
    "poker": Size(63 * MM, 88 * MM),
    "square": Size(70 * MM, 70 * MM),
}
SHEETS = tuple(STANDARD_SHEETS)
FIT_MODES = ("deck", "sides", "card")
LOGO_PLACES = ("bottom-left", "bottom-centre", "bottom-right")
MAX_LOGO_PIXELS = 40_000_000  # a logo needs a few million at most; more is a mistake or a bomb
LOGO_DPI = 300


@dataclass(frozen=True)
class Colour:
    """An RGB (0..1 each) or CMYK (0..1 each) colour, as written in the layout."""

    model: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


@dataclass(frozen=True)
class TypeScale:
    body_min: float
    body_max: float
    leading: float
    title_ratio: float
    heading_ratio: float
    small_ratio: float
    fit: str
    measure: int = 66       # characters in a line of running text: a comfortable measure
    min_measure: int = 45   # narrower than this, two columns would be too narrow
    max_measure: int = 75   # wider than this, a column is split in two (or narrowed)


def _gap(default: float, doc: str):
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class Spacing:
    """The vertical rhythm of a face and its gutters, each a multiple of the body size."""

    paragraph: float = _gap(0.6, "Between paragraphs of running text.")
    section: float = _gap(1.3, "Before a section heading (Uitdagingen, Verder lezen).")
    heading: float = _gap(0.45, "Between a heading and the first item under it.")
    challenge: float = _gap(0.8, "Before each challenge question.")
    answer: float = _gap(0.2, "Between a question and its explanation.")
    quotes: float = _gap(1.3, "Before the first quote.")
    quote: float = _gap(1.0, "Between quotes.")
    attribution: float = _gap(0.25, "Between a quote and who said it.")
    item: float = _gap(0.65, "Between list items: about half a line.")
    indent: float = _gap(1.1, "List items and quotes, from the column's edge.")
    gutter: float = _gap(1.4, "Between two columns.")
    band_gap: float = _gap(0.8, "Between the number, the title and the wheel in the band.")
    band_padding: float = _gap(0.8, "Below the band's text, inside the band.")
    below_band: float = _gap(1.0, "From the band to the first line of text.")
    code_gap: float = _gap(0.6, "Between QR codes.")
    above_codes: float = _gap(1.0, "Between the text and the row of QR codes.")
    above_footer: float = _gap(1.2, "Between what stands above the footer and the footer line.")


@dataclass(frozen=True)
class Logo:
    file: Path
    place: str
    width: float
    height: float  # from the image's proportions


@dataclass(frozen=True)
class Layout:
    path: Path
    card: Size
    bleed: float
    safe_margin: float
    printer_margin: float
    sheet: str
    fonts: Fonts
    type: TypeScale
    spacing: Spacing
    text_colour: Colour
    background: Colour
    accent: Colour
    dimensions: tuple[Colour, ...]
    logo: Logo | None
    organisation: str
    footer: str
    show_wheel: bool
    show_qr_codes: bool
    show_footer: bool
    warnings: tuple[str, ...] = ()

    def dimension_colour(self, number: int) -> Colour:
        """The colour of dimension `number` (1-based); the list repeats for longer decks."""
        return self.dimensions[(number - 1) % len(self.dimensions)]


# -- parsing single values ---------------------------------------------------------------------

def parse_card_size(text: str) -> Size:
    key = text.strip().lower()
    if key in CARD_PRESETS:
        return CARD_PRESETS[key]
    match = re.match(r"^\s*(\S+)\s*x\s*(\S+)\s*$", key)
    if not match:
        raise ValueError(f"'{text}' is not a card size; use a preset ({', '.join(CARD_PRESETS)}) "
                         "or width x height such as 120mm x 180mm")
    width, height = (parse_length(part) for part in match.groups())
    if width <= 0 or height <= 0:
        raise ValueError(f"'{text}': a card needs a positive width and height")
    return Size(width, height)


def _length_between(low_mm: float, high_mm: float):
    def parse(text: str) -> float:
        value = parse_length(text)
        if not low_mm * MM - 1e-5 <= value <= high_mm * MM + 1e-5:
            raise ValueError(f"{text} is outside the sensible range {_mm(low_mm)} to {_mm(high_mm)}")
        return value
    return parse


def _size_between(low_pt: float, high_pt: float):
    def parse(text: str) -> float:
        value = parse_length(text)
        if not low_pt <= value <= high_pt:
            raise ValueError(f"{text} is outside the sensible range {low_pt:g}pt to {high_pt:g}pt")
        return value
    return parse


def _mm(value: float) -> str:
    return f"{value:g}mm"


def _ratio(low: float, high: float):
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"'{text}' should be a plain number such as 1.25") from None
        if not low <= value <= high:
            raise ValueError(f"{text} is outside the sensible range {low:g} to {high:g}")
        return value
    return parse


def parse_colour(text: str) -> Colour:
    """'#1f6f8b' or 'cmyk(0, 60, 100, 0)' (percentages) -> Colour."""
    value = text.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{6}", value):
        return Colour("rgb", tuple(int(value[i:i + 2], 16) / 255 for i in (1, 3, 5)))
    match = re.fullmatch(r"cmyk\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)", value)
    if match:
        parts = tuple(float(part) for part in match.groups())
        if all(0 <= part <= 100 for part in parts):
            return Colour("cmyk", tuple(part / 100 for part in parts))
    raise ValueError(f"'{text}' is not a colour; write hex RGB such as \"#1f6f8b\" "
                     "or CMYK percentages such as \"cmyk(0, 60, 100, 0)\"")


def _choice(options: tuple[str, ...]):
    def parse(text: str) -> str:
        if text.strip().lower() not in options:
            raise ValueError(f"'{text}' is not one of {', '.join(options)}")
        return text.strip().lower()
    return parse


def _boolean(text: str) -> bool:
    value = text.strip().lower()
    if value in ("true", "yes", "on"):
        return True
    if value in ("false", "no", "off"):
        return False
    raise ValueError(f"'{text}' should be true or false")


def _length_schema(doc: str) -> dict:
    return {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*(mm|cm|in|pt)\s*$", "description": doc}


def _length(low_mm, high_mm, doc):
    return Custom(_length_between(low_mm, high_mm), "a length such as 3mm", doc=doc,
                  schema=_length_schema(doc))


def _colour(doc):
    return Custom(parse_colour, "a colour such as \"#1f6f8b\"", doc=doc,
                  schema={"type": "string", "pattern": r"^(#[0-9a-fA-F]{6}|cmyk\(.*\))$"})


def _flag(doc):
    return Custom(_boolean, "true or false", doc=doc, schema={"type": "boolean"})


def _ratio_rule(low, high, doc):
    return Custom(_ratio(low, high), "a number such as 1.25", doc=doc, schema={"type": "number"})


def _pick(options, doc):
    return Custom(_choice(options), f"one of {', '.join(options)}", doc=doc,
                  schema={"type": "string", "enum": list(options)})


def _optional(rule) -> Field:
    return Field(rule, required=False)


LAYOUT = Mapping(what="the layout", doc="A deck layout: card size, type, colours and branding.", fields={
    "extends": _optional(Text(doc="The layout this one builds on: a bundled name or a path.")),
    "description": _optional(Text(doc="One line saying what this layout is for.")),
    "card": _optional(Mapping(what="card", fields={
        "size": _optional(Custom(parse_card_size, "a card size such as a5 or 120mm x 180mm",
                                 doc="a5, a6, tarot, poker, square, or 'W x H' such as 120mm x 180mm.")),
        "bleed": _optional(_length(0, 10, "Artwork beyond the trim, cut away (3mm in Europe).")),
        "safe_margin": _optional(_length(3, 30, "Text stays this far inside the trim (at least 3mm).")),
    })),
    "sheet": _optional(Mapping(what="sheet", fields={
        "size": _optional(_pick(SHEETS, "The default sheet for `deck build`.")),
        "printer_margin": _optional(_length(5, 30, "The edge an office printer cannot print (at least 5mm).")),
    })),
    "fonts": _optional(Mapping(what="fonts", fields={
        style: _optional(Text(doc=f"The {style.replace('_', ' ')} font: a .ttf file, relative to this layout "
                                  "or in the fonts folder."))
        for style in ("regular", "bold", "italic", "bold_italic")
    })),
    "type": _optional(Mapping(what="type", fields={
        "body_min": _optional(Custom(_size_between(5, 14), "a size such as 8pt", doc="Smallest body size.",
                                     schema=_length_schema("Smallest body size."))),
        "body_max": _optional(Custom(_size_between(5, 24), "a size such as 11pt", doc="Largest body size.",
                                     schema=_length_schema("Largest body size."))),
        "leading": _optional(_ratio_rule(1.0, 2.0, "Line distance as a multiple of the body size.")),
        "title_ratio": _optional(_ratio_rule(1.0, 4.0, "Title size as a multiple of the body size.")),
        "heading_ratio": _optional(_ratio_rule(1.0, 3.0, "Heading size as a multiple of the body size.")),
        "small_ratio": _optional(_ratio_rule(0.6, 1.0, "Footer and source size relative to the body.")),
        "fit": _optional(_pick(FIT_MODES, "deck: one body size for all cards; sides: one for all fronts and one "
                                          "for all backs; card: each card its own.")),
        "measure": _optional(Integer(minimum=30, doc="Characters in a line of running text (66 is comfortable).")),
        "min_measure": _optional(Integer(minimum=20, doc="Fewer characters than this and two columns become one.")),
        "max_measure": _optional(Integer(minimum=40, doc="More characters than this and a column becomes two.")),
    })),
    "spacing": _optional(Mapping(what="spacing", doc="Gaps as multiples of the body size.", fields={
        gap.name: _optional(_ratio_rule(0.0, 5.0, gap.metadata["doc"])) for gap in fields(Spacing)
    })),
    "colours": _optional(Mapping(what="colours", fields={
        "text": _optional(_colour("Body text.")),
        "background": _optional(_colour("Card background.")),
        "accent": _optional(_colour("Headings and rules on the intro card.")),
        "dimensions": _optional(ListOf(_colour("One dimension's colour."), min_items=1,
                                       doc="One colour per dimension, in card order.")),
    })),
    "logo": _optional(Mapping(what="logo", fields={
        "file": Field(Text(doc="A PNG or JPEG file, relative to this layout.")),
        "place": _optional(_pick(LOGO_PLACES, "Where the logo sits on every back, above the footer.")),
        "width": _optional(_length(5, 80, "The logo's printed width.")),
    })),
    "organisation": _optional(Text(doc="The organisation's name, shown in the footer.")),
    "footer": _optional(Text(allow_empty=True, doc="Extra footer text on every back.")),
    "show": _optional(Mapping(what="show", fields={
        "wheel": _optional(_flag("The small wheel of dimensions on every face.")),
        "qr_codes": _optional(_flag("A QR code beside every source with a url.")),
        "footer": _optional(_flag("The footer line on the backs.")),
    })),
})


# -- reading, inheritance ----------------------------------------------------------------------

def bundled_layouts() -> dict[str, Path]:
    return {path.stem: path for path in sorted(bundled("layouts").glob("*.yaml"))}


def resolve_layout(name_or_path: str, relative_to: Path | None = None) -> Path:
    """A bundled layout name ('default') or a path to a .yaml file -> the file's path."""
    candidate = Path(name_or_path)
    if relative_to is not None and not candidate.is_absolute():
        candidate = relative_to / candidate
    if candidate.suffix in (".yaml", ".yml") or candidate.is_file():
        if not candidate.is_file():
            raise DeckError(f"there is no layout file {candidate}")
        return candidate.resolve()
    layouts = bundled_layouts()
    if name_or_path in layouts:
        return layouts[name_or_path]
    hint = closest(name_or_path, list(layouts))
    guess = f"did you mean '{hint}'? " if hint else ""
    raise DeckError(f"there is no layout called '{name_or_path}'; {guess}the bundled layouts are "
                    f"{', '.join(layouts)}, or give the path of a .yaml file")


def load_layout(name_or_path: str = "default") -> Layout:
    """Read a layout and everything it extends; raise DeckErrors listing every problem."""
    path = resolve_layout(name_or_path)
    merged: dict = {}
    for values in reversed(_read_chain(path)):
        _merge(merged, values)
    return _build(merged, path)


def _read_chain(path: Path) -> list[dict]:
    """The values of the layout and its ancestors, nearest first."""
    chain: list[dict] = []
    seen: list[Path] = []
    while path is not None:
        values, node = _read_one(path)
        seen.append(path)
        chain.append(values)
        path = _parent(values, node, path, seen)
    return chain


def _parent(values: dict, node, path: Path, seen: list[Path]) -> Path | None:
    """The layout that `path` extends, checked for existence and for circles."""
    if not values.get("extends"):
        return None
    place = value_node(node, "extends")
    try:
        parent = resolve_layout(values["extends"], path.parent)
    except DeckError as error:
        raise _at(path, place, f"'extends': {error.message}") from None
    if parent in seen:
        cycle = " -> ".join(p.name for p in seen + [parent])
        raise _at(path, place, f"the layouts extend each other in a circle ({cycle}); "
                               "remove one of the 'extends' lines", key=True)
    return parent


def _at(path: Path, node, message: str, key: bool = False) -> DeckError:
    """A DeckError at a value's place (or at the start of its line, for messages about the key)."""
    if node is None:
        return DeckError(message, path)
    return DeckError(message, path, node.start_mark.line + 1, 1 if key else node.start_mark.column + 1)


def _read_one(path: Path) -> tuple[dict, object]:
    problems = Problems(path)
    node = read_yaml(path, problems, "write 'extends: default' and the keys you want to change")
    values = LAYOUT.check(node, "", problems) if node is not None else None
    if not problems.errors:
        _anchor_files(values, node, path, problems)
    if problems.errors:
        raise DeckErrors(problems.errors)
    return _without_unset(values), node


def _without_unset(values: dict) -> dict:
    """The keys a layout sets (the checker fills the others with None), at every level."""
    return {key: _without_unset(value) if isinstance(value, dict) else value
            for key, value in values.items() if value is not None}


def _anchor_files(values: dict, node, path: Path, problems: Problems) -> None:
    """Font and logo names -> existing files, relative to the layout that names them."""
    for style, name in (values.get("fonts") or {}).items():
        place, label = value_node(node, "fonts", style), f"fonts.{style}"
        if name is not None and _confined(name, place, label, problems):
            values["fonts"][style] = _font_path(name, path.parent, place, label, problems)
    logo, place = values.get("logo"), value_node(node, "logo", "file")
    if logo and _confined(logo["file"], place, "logo.file", problems):
        logo["file"] = _existing(path.parent / logo["file"], place, problems,
                                 f"'logo.file': there is no image {logo['file']} next to the layout; "
                                 "check the file name")
        if logo["file"] is not None:
            try:
                logo["pixels"] = _image_size(logo["file"])
            except ValueError as error:
                problems.add(place, f"'logo.file': {error}")


def _is_truetype(path: Path, node, label: str, problems: Problems) -> bool:
    """Only TrueType outlines can be embedded as subsets by reportlab; tell the user early."""
    try:
        with path.open("rb") as stream:
            magic = stream.read(4)
    except OSError as error:
        problems.add(node, f"'{label}': cannot read {path.name} ({error.strerror})")
        return False
    if magic in (b"\x00\x01\x00\x00", b"true"):
        return True
    if magic == b"OTTO":
        problems.add(node, f"'{label}': {path.name} is an OpenType font with PostScript outlines (.otf); "
                           "deck needs the TrueType version of the font (.ttf)")
    else:
        problems.add(node, f"'{label}': {path.name} is not a TrueType font file; use a .ttf font")
    return False


def _confined(name: str, node, label: str, problems: Problems) -> bool:
    """A layout may only use files in its own folder (or below it): it can never make deck read
    elsewhere, whoever wrote it."""
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts:
        problems.add(node, f"'{label}': {name} lies outside the layout's folder; put the file next to the "
                           "layout (or in a folder beside it) and name it relative to the layout")
        return False
    return True


def _font_path(name: str, folder: Path, node, label: str, problems: Problems) -> Path | None:
    for candidate in (folder / name, bundled("fonts") / name):
        if candidate.is_file():
            return candidate if _is_truetype(candidate, node, label, problems) else None
    known = sorted({p.name for d in (folder, bundled("fonts")) for p in d.glob("*.ttf")})
    hint = closest(name, known)
    problems.add(node, f"'{label}': there is no font file {name} next to the layout or in the fonts folder; "
                       + (f"did you mean {hint}?" if hint else "check the file name"))
    return None


def _existing(path: Path, node, problems: Problems, message: str) -> Path | None:
    if path.is_file():
        return path
    problems.add(node, message)
    return None


def _merge(target: dict, values: dict) -> None:
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value


# Every layout chain must set these; the rest (sheet, logo, show, ...) have defaults.
REQUIRED = ("card", "fonts", "type", "colours")


def _missing(values: dict) -> list[str]:
    return [f"{section}.{key}" for section in REQUIRED for key in LAYOUT.fields[section].rule.fields
            if key not in values.get(section, {})]


def _build(values: dict, path: Path) -> Layout:
    missing = _missing(values)
    if missing:
        raise DeckError(f"the layout sets no {', '.join(missing)} and extends no layout that does; "
                        "add 'extends: default' at the top, or set them", path, 1, 1)
    card, sheet, kind = values["card"], values.get("sheet", {}), values["type"]
    colours, show = values["colours"], values.get("show", {})
    fonts = Fonts(**values["fonts"])
    scale = TypeScale(**{key: kind[key] for key in TypeScale.__dataclass_fields__ if key in kind})
    if scale.body_min > scale.body_max:
        raise DeckError(f"type.body_min ({scale.body_min:g}pt) is larger than type.body_max "
                        f"({scale.body_max:g}pt)", path)
    logo, warnings = _logo(values.get("logo"), path)
    return Layout(
        path=path, card=card["size"], bleed=card["bleed"], safe_margin=card["safe_margin"],
        printer_margin=sheet.get("printer_margin", 5 * MM), sheet=sheet.get("size", "a4"),
        fonts=fonts, type=scale, spacing=Spacing(**values.get("spacing", {})), text_colour=colours["text"], background=colours["background"],
        accent=colours["accent"], dimensions=tuple(colours["dimensions"]), logo=logo,
        organisation=values.get("organisation", ""), footer=values.get("footer", ""),
        show_wheel=show.get("wheel", True), show_qr_codes=show.get("qr_codes", True),
        show_footer=show.get("footer", True), warnings=warnings,
    )


def _logo(logo: dict | None, layout: Path) -> tuple[Logo | None, tuple[str, ...]]:
    """The checked logo and any warning about it (a logo printed below 300 dpi looks soft)."""
    if not logo:
        return None, ()
    path, width, pixels = logo["file"], logo.get("width") or 25 * MM, logo["pixels"]
    height = width * pixels[1] / pixels[0]
    dpi = pixels[0] / (width / 72)
    warnings = ()
    if dpi < LOGO_DPI:
        warnings = (f"{layout}: the logo {path.name} is {pixels[0]} pixels wide, which prints at {dpi:.0f} dpi "
                    f"at {width / MM:g} mm; it will look soft. Use an image at least "
                    f"{round(width / 72 * LOGO_DPI)} pixels wide, or place it smaller.",)
    return Logo(path, logo.get("place") or "bottom-right", width, height), warnings


def _image_size(path: Path) -> tuple[int, int]:
    """The pixel size of a PNG or JPEG, read from its header only, refusing decompression bombs."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, size = image.format, image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValueError(_TOO_MANY_PIXELS.format(name=path.name)) from None
    except (UnidentifiedImageError, OSError):
        raise ValueError(f"{path.name} is not an image I can read; use a PNG or JPEG file") from None
    if kind not in ("PNG", "JPEG"):
        raise ValueError(f"{path.name} is a {kind} image; use a PNG or JPEG file")
    if size[0] * size[1] > MAX_LOGO_PIXELS:
        raise ValueError(_TOO_MANY_PIXELS.format(name=path.name))
    return size


_TOO_MANY_PIXELS = (f"{{name}} has more than {MAX_LOGO_PIXELS // 1_000_000} million pixels, too many for a "
                    "logo (it may be a decompression bomb); scale it down")


STARTER = """\
# yaml-language-server: $schema=layout.schema.json
# A layout of your own: it starts from the default and changes only what you set here.
# Make the schema for your editor with:  deck schema layout > layout.schema.json
# Check it with:  deck check --layout {name}.yaml
description: {name}
extends: default

# card:
#   size: a5                 # a5, a6, tarot, poker, square, or "120mm x 180mm"
#   bleed: 3mm
#   safe_margin: 5mm         # text stays this far inside the cut (at least 3mm)
# sheet:
#   size: a4                 # a4, a3 or letter
#   printer_margin: 5mm
# fonts:                     # .ttf files next to this layout, or in deck's fonts folder
#   regular: MyFont-Regular.ttf
#   bold: MyFont-Bold.ttf
#   italic: MyFont-Italic.ttf
#   bold_italic: MyFont-BoldItalic.ttf
# type:
#   body_min: 8pt
#   body_max: 11pt
#   leading: 1.25
#   title_ratio: 1.6
#   heading_ratio: 1.15
#   small_ratio: 0.85
#   fit: sides               # deck: one size for all cards; sides: one for the fronts, one for the
#                            # backs; card: each card its own
# colours:                   # "#1f6f8b" or "cmyk(0, 60, 100, 0)"
#   text: "#222222"
#   background: "#ffffff"
#   accent: "#34434d"
#   dimensions: ["#1f6f8b", "#2d7d46", "#b5531a", "#b03a2e", "#6c3483", "#8a6d0b", "#a0306e", "#5d6d7e"]
# logo:
#   file: logo.png           # PNG or JPEG, next to this layout; 300 dpi at its printed width
#   place: bottom-right      # bottom-left, bottom-centre or bottom-right, on every back
#   width: 25mm
# organisation: My Organisation
# footer: www.example.org
# show:
#   wheel: true
#   qr_codes: true
#   footer: true
"""


def starter_layout(name: str) -> str:
    return STARTER.format(name=name)


def describe(path: Path) -> str:
    """The layout's one-line description, for `deck layouts`."""
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return "(cannot be read; run `deck check --layout` on it)"
    return str(values.get("description", "")) if isinstance(values, dict) else ""
