"""The brand page: the layout's settings as form fields -> the changes to the deck's own layout file,
checked by deck's layout loader; the palette's contrast for display; uploaded fonts and logos.

The form shows each setting as the layout files write it: the layout, then what it extends, then
the default of deck's rule tree (layouts.LAYOUT, which also gives each field its help text). Only
the settings whose value the user changed are written, so the rest go on coming from where they
came from. A new layout key is one more line in FIELDS.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..colours import ACCENT_ON_PAPER, TEXT_ON_PAPER, WHITE_TEXT_ON_BAND, Colour, contrast, hex_of, parse_colour
from ..errors import DeckError
from ..layouts import CARD_PRESETS, FONT_STYLES, LAYOUT, LAYOUT_FILE, LOGO_PLACES, Layout, bundled_layouts, \
    load_layout, resolve_layout
from ..resources import bundled
from .cards import beside
from .workspace import Workspace
from .yamledit import DELETE, updated, value_places

FONT_FILES = (".ttf", ".otf", ".woff", ".woff2")         # the font files deck reads
LOGO_FILES = (".svg", ".pdf", ".png", ".jpg", ".jpeg")   # the logo files deck reads


@dataclass(frozen=True)
class BrandField:
    key: tuple[str, ...]  # where it stands in a layout file: ("colours", "text")
    label: str
    kind: str             # colour, colours, font, logo, choice, number, text (sizes and lengths are text)
    section: str
    choices: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return ".".join(self.key)

    @property
    def hint(self) -> str:
        """The rule tree's own words for the key."""
        spec = LAYOUT.fields[self.key[0]]
        for part in self.key[1:]:
            spec = spec.rule.fields[part]
        return getattr(spec.rule, "doc", "")


FIELDS = (
    BrandField(("card", "size"), "Card size", "text", "Card", tuple(CARD_PRESETS)),
    BrandField(("colours", "bands"), "Band colours", "colours", "Colours"),
    BrandField(("colours", "intro"), "Intro card band", "colour", "Colours"),
    BrandField(("colours", "accent"), "Accent", "colour", "Colours"),
    BrandField(("colours", "text"), "Text", "colour", "Colours"),
    BrandField(("colours", "muted"), "Sources and footer", "colour", "Colours"),
    BrandField(("colours", "background"), "Paper", "colour", "Colours"),
    *(BrandField(("fonts", style), style.replace("_", " ").capitalize(), "font", "Type") for style in FONT_STYLES),
    BrandField(("fonts", "weight"), "Weight", "number", "Type"),
    BrandField(("fonts", "bold_weight"), "Bold weight", "number", "Type"),
    BrandField(("logo", "file"), "Logo", "logo", "Logo"),
    BrandField(("logo", "place"), "Place", "choice", "Logo", LOGO_PLACES),
    BrandField(("logo", "width"), "Width", "text", "Logo"),
    BrandField(("organisation",), "Organisation", "text", "Footer"),
    BrandField(("footer",), "Footer text", "text", "Footer"),
)
SHOWN = {spec.name for spec in FIELDS}


# -- the settings as the files write them ----------------------------------------------------------

def written(path: Path, text: str) -> dict:
    """The settings of the layout `text` (the file `path`) and the layouts it extends, nearest first
    to win, then the rule tree's defaults for what none of them sets; each as a file writes it."""
    chain, seen = [], []
    while path is not None and path not in seen and len(seen) < 20:  # load_layout refuses circles
        values = yaml.safe_load(text) or {}
        chain.append(values if isinstance(values, dict) else {})
        seen.append(path)
        parent = chain[-1].get("extends")
        path = resolve_layout(str(parent), path.parent) if parent else None
        text = path.read_text(encoding="utf-8") if path is not None else ""
    merged: dict = {}
    for values in reversed(chain):
        for key, value in values.items():
            merged[key] = {**merged.get(key, {}), **value} if isinstance(value, dict) else value
    for key, spec in LAYOUT.fields.items():
        section = getattr(spec.rule, "fields", None)
        if section:  # the logo's place and width too, to show even before there is a logo
            merged[key] = {**{name: child.default for name, child in section.items()}, **(merged.get(key) or {})}
        elif key not in merged:
            merged[key] = spec.default
    return merged


def shown(values: dict, spec: BrandField):
    """A setting as the form shows it: text, or a list of texts for a list of colours."""
    value = values
    for part in spec.key:
        value = value.get(part) if isinstance(value, dict) else None
    if spec.kind == "colours":
        return [str(one) for one in (value if isinstance(value, list) else [value])]
    return "" if value is None else str(value)


def sections(values: dict) -> dict[str, list[tuple[BrandField, object]]]:
    """The fields by section, each with its value."""
    grouped: dict[str, list] = {}
    for spec in FIELDS:
        grouped.setdefault(spec.section, []).append((spec, shown(values, spec)))
    return grouped


def swatch(value: str) -> str:
    """The #rrggbb a colour picker shows for a colour field's text; '' when the text is no single
    RGB colour (empty, 'band', CMYK), which a picker cannot show truthfully."""
    try:
        colour = parse_colour(value)
    except ValueError:
        return ""
    return hex_of(colour) if colour.model == "rgb" else ""


def files_beside(workspace: Workspace, kinds: tuple[str, ...]) -> list[str]:
    return sorted(p.name for p in workspace.brand_folder.iterdir() if p.is_file() and p.suffix.lower() in kinds)


def fonts_available(workspace: Workspace) -> list[str]:
    """Font files a layout in the deck folder can name: those beside it, then deck's own."""
    return files_beside(workspace, FONT_FILES) + sorted(p.name for p in bundled("fonts").glob("*.ttf"))


# -- the form -> the layout file -------------------------------------------------------------------

def layout_file(workspace: Workspace) -> tuple[Path, str]:
    """The deck's own layout file and its text; for a deck whose layout lies elsewhere (a bundled
    one), where its own will be and the text it starts from: extending the layout shown now."""
    own = workspace.own_layout
    if own is not None:
        return own, workspace.read(own)
    path = workspace.folder / LAYOUT_FILE
    if path.exists():
        raise DeckError(f"the deck folder has a {LAYOUT_FILE}, but the deck is shown in the layout "
                        f"'{workspace.layout_name}'; name {LAYOUT_FILE} in deck.yaml (layout: {LAYOUT_FILE}) "
                        "to edit it here", path)
    label = workspace.layout_label
    parent = label if bundled_layouts().get(label) else workspace.layout_name  # bundled: by name, as people write it
    return path, (f"# The look of this deck, made in deck studio. It starts from the layout '{label}'\n"
                  "# and sets only what differs; every key is explained in README.md, Layouts.\n"
                  f"description: {workspace.deck().title}\n"
                  f"extends: {parent}\n")


def changes(posted: dict[str, str], values: dict) -> dict:
    """The fields whose posted value differs from the one shown -> nested changes for yamledit; an
    optional setting emptied is taken out, so it comes from the layout extended again."""
    result: dict = {}
    for spec in FIELDS:
        now = shown(values, spec)
        if spec.kind == "colours":
            names = sorted((name for name in posted if name.startswith(spec.name + ".")),
                           key=lambda name: int(name.rsplit(".", 1)[1]))
            new = [posted[name].strip() for name in names] if names else now
        else:
            new = posted.get(spec.name, now).strip()
        if new == now and not (spec.key[1:2] and spec.key[1] in FONT_STYLES and _fonts_changed(posted, values)):
            continue  # unchanged (the four fonts are written together: a layout names a family)
        if spec.key[0] == "logo" and spec.key[1] != "file" and not posted.get("logo.file"):
            continue  # no logo: its place and width mean nothing
        target = result
        for part in spec.key[:-1]:
            target = target.setdefault(part, {})
        target[spec.key[-1]] = DELETE if new == "" else _number(new) if spec.kind == "number" else new
    if posted.get("logo.file") == "" and values["logo"].get("file"):
        result["logo"] = DELETE  # no logo: the whole group goes (one the layout extends stays)
    return result


def _fonts_changed(posted: dict[str, str], values: dict) -> bool:
    """A layout that names one font but not the others makes them from it (a variable font gives
    its bold): when one font changes, all four are written as chosen."""
    return any(posted.get(f"fonts.{style}", values["fonts"][style]).strip() != str(values["fonts"][style])
               for style in FONT_STYLES)


def _number(text: str):
    """A number as YAML writes one (a quoted "400" would be a text, which the layout refuses)."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text  # the checker says what is wrong with it


def candidate(workspace: Workspace, posted: dict[str, str]) -> tuple[Path, str, str]:
    """(the layout file, its text now, its text with the posted changes)."""
    path, text = layout_file(workspace)
    return path, text, updated(text, changes(posted, written(path, text)))


def check(path: Path, text: str) -> Layout:
    """The layout text checked as the file it will be (DeckErrors with places in that text)."""
    return load_layout(str(path), text=text)


def placed(error: DeckError, text: str, path: Path) -> list[dict]:
    """Each problem of the layout beside the field it is about; a problem with a key this page does
    not show, or in another file, keeps its file and line."""
    places = value_places(text)
    problems = []
    for problem in error.errors:
        name = places.get((problem.line, problem.column), "") if problem.path == path.resolve() else ""
        known = name in SHOWN or name.rsplit(".", 1)[0] in SHOWN
        problems.append({"field": name if known else "",
                         "message": beside(problem.message) if known else str(problem)})
    return problems


def save(workspace: Workspace, text: str, posted: dict[str, str]) -> Path:
    """Write the layout text; a new layout file is named in deck.yaml too (its comments kept), so
    every command uses it. Both files are checked for conflicts before either is written."""
    path, _ = layout_file(workspace)
    texts, versions = {path: text}, {path: posted.get("version", "")}
    if workspace.own_layout is None:
        deck_file = workspace.folder / "deck.yaml"
        texts[deck_file] = updated(workspace.read(deck_file), {"layout": path.name})
        versions[deck_file] = posted.get("deck_version", "")
    workspace.save_all(texts, versions)
    if len(texts) > 1:
        workspace.follow_deck_layout()
    return path


# -- uploads ---------------------------------------------------------------------------------------

MAX_UPLOAD = 20 * 1024 * 1024  # a font family's file is rarely over a few MB; a logo far less


def upload(workspace: Workspace, kind: str, filename: str, data: bytes, posted: dict[str, str]) -> str:
    """Store an uploaded font (kind: a font style) or logo beside the deck's own layout, checked by
    the layout loader as the file it will be named in; returns its name. A file that fails the check
    is removed again; an existing file is never replaced."""
    from ..files import write_atomic

    if kind not in (*FONT_STYLES, "logo"):
        raise DeckError(f"'{kind}' is not something to upload; upload a font or a logo")
    if len(data) > MAX_UPLOAD:
        raise DeckError(f"{filename} is larger than {MAX_UPLOAD // 1024 // 1024} MB; that is not a font or logo")
    target = workspace.free_name(filename)
    write_atomic(target, data)
    key = "logo.file" if kind == "logo" else f"fonts.{kind}"
    path, _, text = candidate(workspace, {**posted, key: target.name})
    try:
        check(path, text)
    except DeckError as error:
        target.unlink(missing_ok=True)
        mine = [beside(problem.message) for problem in error.errors
                if problem.message.startswith(f"'{key}'")]
        raise DeckError("; ".join(mine or [problem.message for problem in error.errors])
                        .replace(target.name, Path(filename).name)) from None
    return target.name


# -- contrast, as deck's colours module measures it -------------------------------------------------

def contrasts(layout: Layout) -> list[dict]:
    """The colour pairs that carry text on the cards, each with its ratio and the ratio its use
    needs: text and sources on the paper, the paper-coloured text on every band, the accent's
    headings on the paper."""
    palette = layout.palette
    # (label, the field whose colour it is about, text colour, its background, the ratio it needs)
    rows = [("Text on paper", "colours.text", palette.text, palette.paper, TEXT_ON_PAPER),
            ("Sources and footer on paper", "colours.muted", palette.muted, palette.paper, TEXT_ON_PAPER),
            ("Intro card band", "colours.intro", palette.paper, palette.intro, WHITE_TEXT_ON_BAND)]
    rows += [(f"Band {number}" if len(palette.bands) > 1 else "Band", f"colours.bands.{number - 1}", palette.paper,
              band, WHITE_TEXT_ON_BAND) for number, band in enumerate(palette.bands, 1)]
    if palette.accent is not None:
        rows.append(("Accent headings on paper", "colours.accent", palette.accent, palette.paper, ACCENT_ON_PAPER))
    return [{"label": label, "field": field, "ratio": round(contrast(fore, back), 1), "goal": goal,
             "fore": _css(fore), "back": _css(back), "ok": contrast(fore, back) >= goal}
            for label, field, fore, back, goal in rows]


def _css(colour: Colour) -> str:
    """The colour for the page's swatch: RGB as written, CMYK by its naive RGB."""
    if colour.model == "rgb":
        return hex_of(colour)
    from ..colours import rgb_of

    return "#" + "".join(f"{round(value * 255):02x}" for value in rgb_of(colour))
