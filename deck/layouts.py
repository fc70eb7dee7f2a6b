"""Layout YAML (with `extends`) -> a frozen Layout, in points.

A layout holds every visual choice: card size, bleed, margins, fonts, type scale, colours, logo and
which elements show. The rule tree LAYOUT is the one source of truth: what a key accepts, its
default (Field.default, written as a user would write it), the JSON Schema and the starter layout
of `deck new-layout` all come from it. A layout file sets only what it changes; the chain of
`extends` is merged, then every key still unset takes the tree's default, checked by the same rule.
Fonts, colours and logos have modules of their own (fonts.py, colours.py, logos.py).
"""

import copy
from collections import namedtuple
from pathlib import Path

import functools
from typing import TYPE_CHECKING, NamedTuple

from .colours import Colour, Palette, contrast_warnings, hex_of, tint
from .errors import DeckError, DeckErrors
from .fonts import STYLES as FONT_STYLES
from .impose import STANDARD_SHEETS
from .logos import LOGO_DPI, LogoFile
from .pdfx import OUTPUT_CONDITIONS, PDFX, Print, print_settings
from .resources import bundled
from .units import MM, PAPER, Size
from .yamlread import Problems, Spot, checked_file, parse_yaml, yaml

if TYPE_CHECKING:
    from .yamlcheck import Field

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
BAND = "band"  # as a colour: each card's own band colour


# The gaps of a face's vertical rhythm and its gutters, each a multiple of the body size: its default,
# and what it is for (the rule tree's `spacing` section shows both)
GAPS = {
    "paragraph": (0.6, "Between paragraphs of running text."),
    "section": (1.3, "Before a section heading (Uitdagingen, Verder lezen)."),
    "heading": (0.45, "Between a heading and the first item under it."),
    "challenge": (0.8, "Before each challenge question."),
    "answer": (0.2, "Between a question and its explanation."),
    "quotes": (1.3, "Before the first quote."),
    "quote": (1.0, "Between quotes."),
    "attribution": (0.25, "Between a quote and who said it."),
    "item": (0.65, "Between list items: about half a line."),
    "indent": (1.1, "List items and quotes, from the column's edge."),
    "gutter": (1.4, "Between two columns."),
    "band_gap": (0.8, "Between the number, the title and the wheel in the band."),
    "band_padding": (0.8, "Below the band's text, inside the band."),
    "below_band": (1.0, "From the band to the first line of text."),
    "code_gap": (1.2, "Between a QR code and the next one's number: well over a code's quiet zone, so "
                      "that each number plainly belongs to the code after it."),
    "above_codes": (1.0, "Between the text and the row of QR codes."),
    "above_footer": (1.2, "Between what stands above the footer and the footer line."),
}


class Spacing(namedtuple("Spacing", GAPS, defaults=[default for default, _ in GAPS.values()])):
    """The gaps of one layout, each a multiple of the body size (see GAPS)."""

    __slots__ = ()


DEFAULT_BANDS = ["#1f6f8b", "#2d7d46", "#b5531a", "#b03a2e", "#6c3483", "#8a6d0b", "#a0306e", "#5d6d7e"]


@functools.lru_cache(maxsize=1)
def _rules():
    """(LAYOUT, Section): the rule tree, made when first asked. A build whose layout files deck's
    cache holds checked never needs it, nor yamlcheck and layout_values (5 ms to import and make)."""
    from .layout_values import CardSize, Choice, Colours, ColourValue, Flag, Length, Number
    from .yamlcheck import Field, Mapping, Text

    class Section(Mapping):
        """A group of keys in a layout; written empty (all its keys commented out) it sets nothing."""

        def check(self, node, label, problems):
            if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
                return {}
            return super().check(node, label, problems)

        def json_schema(self):
            schema = super().json_schema()
            schema["type"] = ["object", "null"]
            return schema

    def _set(rule, default=None) -> Field:
        return Field(rule, required=False, default=default)

    layout = Mapping(what="the layout", doc="A deck layout: card size, type, colours and branding.", fields={
        "description": _set(Text(doc="One line saying what this layout is for, shown by `deck layouts`.")),
        "extends": _set(Text(doc="The layout this one builds on: a bundled name or a path to a .yaml file.")),
        "colours": _set(Section(what="colours", fields={
            "bands": _set(Colours("The band at the top of each card, under white text, and the colour of its "
                                  "challenge questions: one colour for every card, or a list, one per card in card "
                                  "order (more cards than colours: deck adds distinct ones and says so)."),
                          DEFAULT_BANDS),
            "intro": _set(ColourValue("The intro card's band (neutral, so it does not look like card 1); band: the "
                                      "first band colour.", words=(BAND,)), "#34434d"),
            "accent": _set(ColourValue("Headings, quote rules and bullets; band: each card's band colour.",
                                       words=(BAND,)), BAND),
            "text": _set(ColourValue("Body text."), "#222222"),
            "muted": _set(ColourValue("Sources, footer and captions; when not set, the text colour made lighter.")),
            "background": _set(ColourValue("The paper: the card's background, and the text on the bands."),
                               "#ffffff"),
        }, retired={"dimensions": "it is now called 'bands'; rename the key"})),
        "fonts": _set(Section(what="fonts", fields={
            **{style: _set(Text(doc=f"The {style.replace('_', ' ')} font: .ttf, .otf, .woff or .woff2, next to this "
                                    "layout (or in a folder beside it) or one of deck's own."
                                    + (" A variable font named for regular also makes the bold (and the italic, "
                                       "if it has an italic axis)." if style == "regular" else "")),
                       f"Lato-{style.title().replace('_', '')}.ttf")
               for style in FONT_STYLES},
            "weight": _set(Number(1, 1000, "The weight of regular and italic text, for variable fonts (400 is "
                                           "regular).", whole=True, example="400"), 400),
            "bold_weight": _set(Number(1, 1000, "The weight of bold text, for variable fonts (700 is bold).",
                                       whole=True, example="700"), 700),
        })),
        "logo": _set(Section(what="logo", fields={
            "file": Field(Text(doc="SVG, PDF (its first page), PNG or JPEG, next to this layout.")),
            "place": _set(Choice(LOGO_PLACES, "Where the logo sits on every back, above the footer."), "bottom-right"),
            "width": _set(Length(5, 80, doc="The logo's printed width."), "25mm"),
        })),
        "organisation": _set(Text(doc="The organisation's name in the footer, instead of the deck's publisher.")),
        "footer": _set(Text(allow_empty=True, doc="Extra footer text on every back."), ""),
        "card": _set(Section(what="card", fields={
            "size": _set(CardSize(CARD_PRESETS, "a5, a6, tarot (70 x 120 mm), poker (63 x 88 mm), square (70 x 70 mm),"
                                                " or width x height such as 120mm x 180mm."), "a5"),
            "bleed": _set(Length(0, 10, doc="Artwork beyond the cut, cut away: 3mm in Europe, 0.125in in the US."),
                          "3mm"),
            "safe_margin": _set(Length(3, 30, doc="Text stays this far inside the cut."), "5mm"),
        })),
        "sheet": _set(Section(what="sheet", fields={
            "size": _set(Choice(SHEETS, "The default sheet for `deck build`."), "a4"),
            "printer_margin": _set(Length(5, 30, doc="The edge a printer cannot print; crop marks stay inside it."),
                                   "5mm"),
        })),
        "type": _set(Section(what="type", fields={
            "body_min": _set(Length(5, 14, "pt", "Never smaller: a face that does not fit at this size stops the "
                                                 "build."), "8pt"),
            "body_max": _set(Length(5, 24, "pt", "Never larger."), "11pt"),
            "leading": _set(Number(1.0, 2.0, "Line distance as a multiple of the body size."), 1.3),
            "title_ratio": _set(Number(1.0, 4.0, "Card titles, relative to the body size."), 1.6),
            "heading_ratio": _set(Number(1.0, 3.0, "Section headings, relative to the body size."), 1.15),
            "small_ratio": _set(Number(0.6, 1.0, "Sources and footer, relative to the body size."), 0.85),
            "small_min": _set(Length(5, 14, "pt", "Sources, footer and the card label are never smaller (nor larger "
                                                  "than the body text)."), "8pt"),
            "fit": _set(Choice(FIT_MODES, "deck: one body size for every card; sides: one for all fronts and one "
                                          "for all backs; card: each card its own."), "sides"),
            "measure": _set(Number(30, 150, "Characters in a line of running text (66 is comfortable).", whole=True,
                                   example="66"), 66),
            "min_measure": _set(Number(20, 150, "Fewer characters than this and two columns become one.", whole=True,
                                       example="45"), 45),
            "max_measure": _set(Number(40, 200, "More characters than this and a column becomes two.", whole=True,
                                       example="75"), 75),
        })),
        "spacing": _set(Section(what="spacing", doc="Gaps as multiples of the body size.", fields={
            name: _set(Number(0.0, 5.0, doc, example=f"{default:g}"), default)
            for name, (default, doc) in GAPS.items()
        })),
        "show": _set(Section(what="show", fields={
            "wheel": _set(Flag("The wheel of dimensions on every face (decks of up to 12 cards)."), True),
            "qr_codes": _set(Flag("A QR code beside every source that has a url."), True),
            "footer": _set(Flag("The footer line on the backs."), True),
        })),
        "print": _set(Section(what="print", doc="Files for a print shop.", fields={
            "pdfx": _set(Choice(PDFX, "x-1a: PDF/X-1a:2003 in CMYK; x-4: PDF/X-4 with the output profile embedded; "
                                      "none: plain PDF."), "none"),
            "output_condition": _set(Choice(tuple(name.lower() for name in OUTPUT_CONDITIONS),
                                            "The printing condition the print shop prints to (ask them; FOGRA39 "
                                            "if unsure)."), "FOGRA39"),
            "output_profile": _set(Text(doc="The print shop's ICC output profile (.icc) next to this layout: "
                                            "embedded, and used for the CMYK conversion; needed for x-4.")),
            "cmyk": _set(Flag("Convert the RGB colours and the logo to CMYK (PDF/X always does)."), False),
        })),
    })
    return layout, Section


def __getattr__(name: str):
    """LAYOUT and Section, made on first use (see _rules)."""
    if name == "LAYOUT":
        return _rules()[0]
    if name == "Section":
        return _rules()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- the Layout ----------------------------------------------------------------------------------

class Fonts(NamedTuple):
    """TrueType files ready to embed (converted or instanced ones live in deck's cache)."""

    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


class TypeScale(NamedTuple):
    """The type sizes: the body's range, the leading, and the other sizes as ratios of the body."""
    body_min: float
    body_max: float
    leading: float
    title_ratio: float
    heading_ratio: float
    small_ratio: float
    small_min: float    # the small sizes' floor: 8 pt is the least a card held at arm's length is read at
    fit: str
    measure: int        # characters in a line of running text: a comfortable measure
    min_measure: int    # narrower than this, two columns would be too narrow
    max_measure: int    # wider than this, a column is split in two (or narrowed)




class Logo(NamedTuple):
    """The logo a layout prints: its file, where on the face, and its size in points."""
    file: LogoFile
    place: str
    width: float
    height: float  # from the logo's proportions


class Layout(NamedTuple):
    """A layout, checked and in points: the card, the sheet, the type, the colours, the fonts and the logo."""
    path: Path
    card: Size
    bleed: float
    safe_margin: float
    printer_margin: float
    sheet: str
    fonts: Fonts
    type: TypeScale
    spacing: Spacing
    palette: Palette
    logo: Logo | None
    organisation: str
    footer: str
    show_wheel: bool
    show_qr_codes: bool
    show_footer: bool
    print: Print = Print()
    warnings: tuple[str, ...] = ()

    def dimension_colour(self, number: int) -> Colour:
        """The band colour of card `number` (1-based)."""
        return self.palette.band(number)

    @property
    def accent(self) -> Colour:
        """The intro card's band colour (compose.py's name for it)."""
        return self.palette.intro

    def warnings_for(self, cards: int) -> tuple[str, ...]:
        """The layout's warnings, and the palette's for a deck of `cards` cards."""
        added = self.palette.added(cards)
        if not added:
            return self.warnings
        distinct = list(dict.fromkeys(added))
        shown = ", ".join(hex_of(colour) for colour in distinct[:12]) + (
            f" and {len(distinct) - 12} more" if len(distinct) > 12 else "")
        repeats = ("; no more colours look distinct enough, so from card "
                   f"{len(self.palette.bands) + len(distinct) + 1} on they repeat" if len(distinct) < len(added) else "")
        colours = f"{len(distinct)} distinct colour{'' if len(distinct) == 1 else 's'}"
        if self.path.parent == bundled("layouts"):  # (a file inside deck, which no one edits)
            advice = (f"To choose them yourself, make a layout of your own that extends this one (deck new-layout "
                      f"NAME) and list {cards} colours in its colours.bands.")
            where = f"the layout {self.path.stem}"
        else:
            advice, where = f"List {cards} colours in colours.bands to choose them yourself.", str(self.path)
        return self.warnings + (
            f"{where}: the deck has {cards} cards and colours.bands has {len(self.palette.bands)} colours; "
            f"deck added {colours} for the cards after card {len(self.palette.bands)} ({shown}){repeats}. {advice}",)


# -- reading, inheritance ----------------------------------------------------------------------

def bundled_layouts() -> dict[str, Path]:
    return {path.stem: path for path in sorted(bundled("layouts").glob("*.yaml"))}


LAYOUT_FILE = "layout.yaml"  # the layout inside a brand folder made by `deck new-layout`


def resolve_layout(name_or_path: str, relative_to: Path | None = None) -> Path:
    """A bundled layout name ('default'), a path to a .yaml file, or a brand folder holding
    layout.yaml -> the layout file's path."""
    candidate = Path(name_or_path)
    if relative_to is not None and not candidate.is_absolute():
        candidate = relative_to / candidate
    if candidate.is_dir() and (candidate / LAYOUT_FILE).is_file():
        return (candidate / LAYOUT_FILE).resolve()
    if candidate.suffix in (".yaml", ".yml") or candidate.is_file():
        if not candidate.is_file():
            from .yamlcheck import closest

            near = [path.name for path in candidate.parent.glob("*.y*ml")] if candidate.parent.is_dir() else []
            hint = closest(candidate.name, near)
            raise DeckError(f"there is no layout file {candidate}" + (f"; did you mean {hint}?" if hint else ""))
        return candidate.resolve()
    layouts = bundled_layouts()
    if name_or_path in layouts:
        return layouts[name_or_path]
    from .yamlcheck import closest

    hint = closest(name_or_path, list(layouts))
    guess = f"did you mean '{hint}'? " if hint else ""
    raise DeckError(f"there is no layout called '{name_or_path}'; {guess}the bundled layouts are "
                    f"{', '.join(layouts)}, or give the path of a .yaml file or of a brand folder")


def layout_near(name: str, folder: Path) -> str:
    """A --layout as the user means it: a bundled name or a path from here, else the same found from
    the deck's folder (--layout mijn-huisstijl from its cards/), with .yaml added if it was left out
    (--layout huisstijl); as given when none is found, for load_layout to say so."""
    try:
        resolve_layout(name)
        return name
    except DeckError:
        pass
    for base in (Path.cwd(), Path(folder)):
        for candidate in (base / name, base / f"{name}.yaml"):
            if candidate.is_file() or (candidate.is_dir() and (candidate / LAYOUT_FILE).is_file()):
                return str(candidate)
    return name


def load_layout(name_or_path: str = "default", text: str | None = None) -> Layout:
    """Read a layout and everything it extends; raise DeckErrors listing every problem.

    `text`, if given, is checked as the contents of the layout file `name_or_path` (what an editor
    holds before saving); the layouts it extends are read from disk.
    """
    path = Path(name_or_path).resolve() if text is not None else resolve_layout(name_or_path)
    merged: dict = {}
    for values in reversed(_read_chain(path, text)):
        _merge(merged, values)
    from .separation import separated

    return separated(_build(_with_defaults(merged), path))


def _read_chain(path: Path, text: str | None = None) -> list[dict]:
    """The values of the layout (its `text`, if given) and its ancestors, nearest first."""
    chain: list[dict] = []
    seen: list[Path] = []
    while path is not None:
        values, places = _read_one(path, text)
        text = None
        seen.append(path)
        chain.append(values)
        path = _parent(values, places, path, seen)
    return chain


def _parent(values: dict, places: dict, path: Path, seen: list[Path]) -> Path | None:
    """The layout that `path` extends, checked for existence and for circles."""
    if not values.get("extends"):
        return None
    place = places.get("extends")
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


# The values that name a file or another layout: where they stand is kept for the messages about
# the files, which are looked for on every run.
_FILE_KEYS = (("extends",), *(("fonts", style) for style in FONT_STYLES), ("logo", "file"),
              ("print", "output_profile"))


def _read_one(path: Path, text: str | None = None) -> tuple[dict, dict]:
    """The values one layout file writes (its `text`, if given), its files found, and the places of
    the values that name a file ('fonts.bold' -> Spot). The values and places of a file checked
    before without a problem come from deck's cache, keyed by its bytes and deck's code: only its
    files are looked for again."""
    from .layout_files import anchor_files

    problems = Problems(path)
    found = _checked(path, text, problems)  # None only with a problem noted
    if found is not None:
        anchor_files(*found, path, problems)
    if found is None or problems.errors:
        raise DeckErrors(problems.errors)
    return found


def _checked(path: Path, text: str | None, problems: Problems) -> tuple[dict, dict] | None:
    empty = "write 'extends: default' and the keys you want to change"
    if text is not None:
        return _values_and_places(parse_yaml(text, problems, empty), problems)
    return checked_file(path, "layout", lambda node: _values_and_places(node, problems), _valid_checked, problems,
                        empty)


def _values_and_places(node, problems: Problems) -> tuple[dict, dict] | None:
    if node is None:
        return None
    from .yamlcheck import value_node

    values = _rules()[0].check(node, "", problems)
    if problems.errors:
        return None
    places = {".".join(keys): Spot.of(value_node(node, *keys)) for keys in _FILE_KEYS}
    return _present(values, node), {label: place for label, place in places.items() if place is not None}


def _valid_checked(value) -> bool:
    return (type(value) is tuple and len(value) == 2 and type(value[0]) is dict and type(value[1]) is dict
            and all(type(place) is Spot for place in value[1].values()))


def _present(values: dict, node) -> dict:
    """Only the keys the file writes (the checker fills in the others), at every level."""
    written = {key.value: child for key, child in node.value} if isinstance(node, yaml.MappingNode) else {}
    return {key: _present(value, written[key]) if isinstance(value, dict) else value
            for key, value in values.items() if key in written}


def _merge(target: dict, values: dict) -> None:
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value


def _with_defaults(values: dict) -> dict:
    """`values` with every key it leaves unset taken from the rule tree's defaults."""
    from .layout_files import default_fonts

    defaults = _defaults()
    result = {key: dict(section) if isinstance(section, dict) else section for key, section in values.items()}
    for key, names in defaults["keys"]:
        if names is not None and key != "logo":
            section = result.setdefault(key, {})
            for name in names:
                if name not in section and f"{key}.{name}" in defaults["values"]:
                    section[name] = default_fonts()[name] if key == "fonts" and name in FONT_STYLES \
                        else _default(f"{key}.{name}")
        elif key not in result and key in defaults["values"]:
            result[key] = _default(key)
    if result.get("logo"):
        for name in dict(defaults["keys"])["logo"]:
            label = f"logo.{name}"
            result["logo"].setdefault(name, _default(label) if label in defaults["values"] else None)
    return result


def _default(label: str):
    """A default, read by the same rule as the user's value: a default the checker refuses is a bug.
    A copy each time, so no caller can change it for the next."""
    return copy.deepcopy(_defaults()["values"][label])


def _defaults() -> dict:
    """The rule tree's keys in order ("keys": (key, the names in its section or None)) and every
    default read by its rule ("values": label -> value): once per process, and kept in deck's cache
    for deck's code (cache.code_stamp), since making them takes the rule tree and PyYAML."""
    if not _DEFAULTS:
        from .cache import code_stamp, keep_for, recall_for

        kind = f"layout-defaults-{code_stamp()}"
        kept = recall_for(kind, "defaults", b"", lambda value: type(value) is dict and set(value) == {"keys", "values"})
        if kept is None:
            kept = _read_defaults()
            keep_for(kind, "defaults", b"", kept)
        _DEFAULTS.update(kept)
    return _DEFAULTS


def _read_defaults() -> dict:
    layout, section = _rules()
    keys, values = [], {}
    for key, spec in layout.fields.items():
        if isinstance(spec.rule, section):
            keys.append((key, tuple(spec.rule.fields)))
            for name, child in spec.rule.fields.items():
                if child.default is not None:
                    values[f"{key}.{name}"] = _read_default(child, f"{key}.{name}")
        else:
            keys.append((key, None))
            if spec.default is not None:
                values[key] = _read_default(spec, key)
    return {"keys": keys, "values": values}


def _read_default(field: "Field", label: str):
    problems = Problems(Path("<defaults>"))
    value = field.rule.check(_node(field.default), label, problems)
    assert not problems.errors, problems.errors
    return value


_DEFAULTS: dict[str, object] = {}


def _node(value) -> "yaml.Node":
    """`value` written as YAML and read back as a node, with libyaml where it is installed, as
    yamlread reads the files (PyYAML's own writer and reader took 4 ms for the 52 defaults)."""
    dumper, loader = getattr(yaml, "CSafeDumper", yaml.SafeDumper), getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.compose(yaml.dump(value, Dumper=dumper), Loader=loader)


def _build(values: dict, path: Path) -> Layout:
    from .layout_files import prepared_fonts

    card, sheet, kind, show = values["card"], values["sheet"], values["type"], values["show"]
    scale = TypeScale(**{key: kind[key] for key in TypeScale._fields})
    if scale.body_min > scale.body_max:
        raise DeckError(f"type.body_min ({scale.body_min:g}pt) is larger than type.body_max "
                        f"({scale.body_max:g}pt)", path)
    palette = _palette(values["colours"])
    logo, warnings = _logo(values.get("logo"), path)
    return Layout(
        path=path, card=card["size"], bleed=card["bleed"], safe_margin=card["safe_margin"],
        printer_margin=sheet["printer_margin"], sheet=sheet["size"], fonts=prepared_fonts(values["fonts"]),
        type=scale, spacing=Spacing(**values["spacing"]), palette=palette, logo=logo, organisation=values.get("organisation", ""),
        footer=values["footer"], show_wheel=show["wheel"], show_qr_codes=show["qr_codes"],
        show_footer=show["footer"], print=print_settings(values["print"], path),
        warnings=warnings + contrast_warnings(palette, path),
    )


def _palette(colours: dict) -> Palette:
    bands = colours["bands"]
    text = colours["text"]
    return Palette(bands=bands, intro=bands[0] if colours["intro"] == BAND else colours["intro"],
                   accent=None if colours["accent"] == BAND else colours["accent"], text=text,
                   muted=colours.get("muted") or tint(text, 0.3), paper=colours["background"])


def _logo(logo: dict | None, layout: Path) -> tuple[Logo | None, tuple[str, ...]]:
    """The checked logo and any warning about it (a raster logo below 300 dpi looks soft)."""
    if not logo:
        return None, ()
    source: LogoFile = logo["file"]
    width = logo["width"]
    height = width * source.height / source.width
    warnings = ()
    if source.pixels:
        dpi = source.pixels[0] / (width / 72)
        if dpi < LOGO_DPI:
            warnings = (f"{layout}: the logo {source.path.name} is {source.pixels[0]} pixels wide, which prints at "
                        f"{dpi:.0f} dpi at {width / MM:g} mm; it will look soft. Use an SVG or PDF logo, an image "
                        f"at least {round(width / 72 * LOGO_DPI)} pixels wide, or place it smaller.",)
    return Logo(source, logo["place"], width, height), warnings


def describe(path: Path) -> str:
    """The layout's one-line description, for `deck layouts`."""
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return "(cannot be read; run `deck check --layout` on it)"
    return str(values.get("description", "")) if isinstance(values, dict) else ""


def starter_layout(name: str) -> str:
    """The text of a new layout called `name`: every key with its default, commented out."""
    from .new_layout import starter

    return starter(name)
