"""The brand page: the layout's values as form fields -> the changes to the deck's own layout file,
checked by deck's layout loader; colour contrast for display; uploaded fonts and logos.

A field lists a layout key, how it is edited and how its current value is written in a layout file.
A new layout key is one more line in FIELDS. Only the fields whose value the user changed are
written, so the rest go on coming from the layout the deck's own one extends.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import DeckError
from ..layouts import CARD_PRESETS, LOGO_PLACES, Colour, Layout, bundled_layouts, load_layout
from ..resources import bundled
from ..units import MM
from .workspace import LAYOUT_FILE, Workspace
from .yamledit import updated, value_places

STYLES = ("regular", "bold", "italic", "bold_italic")


def colour_text(colour: Colour) -> str:
    """A Colour as a layout file writes it: #rrggbb, or cmyk(c, m, y, k) in percent."""
    if colour.model == "rgb":
        return "#" + "".join(f"{round(value * 255):02x}" for value in colour.values)
    return "cmyk(" + ", ".join(f"{round(value * 100, 2):g}" for value in colour.values) + ")"


def _size_text(layout: Layout) -> str:
    for name, size in CARD_PRESETS.items():
        if abs(size.width - layout.card.width) < 0.01 and abs(size.height - layout.card.height) < 0.01:
            return name
    return f"{layout.card.width / MM:.4g}mm x {layout.card.height / MM:.4g}mm"


def _file_text(layout: Layout, path: Path | None) -> str:
    """A font or logo file as the layout names it: relative to the layout, or a bundled font's name."""
    if path is None:
        return ""
    return path.relative_to(layout.path.parent).as_posix() if path.is_relative_to(layout.path.parent) else path.name


@dataclass(frozen=True)
class BrandField:
    key: tuple[str, ...]                # where it stands in a layout file: ("colours", "text")
    label: str
    kind: str                           # colour, colours, font, logo, choice, size, length, text
    value: Callable[[Layout], object]   # the current value, as a layout file writes it
    section: str
    hint: str = ""
    choices: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return ".".join(self.key)


FIELDS = (
    BrandField(("card", "size"), "Card size", "size", _size_text, "Card",
          "a5, a6, tarot, poker, square, or width x height such as 120mm x 180mm", tuple(CARD_PRESETS)),
    BrandField(("colours", "text"), "Text", "colour", lambda l: colour_text(l.text_colour), "Colours"),
    BrandField(("colours", "background"), "Paper", "colour", lambda l: colour_text(l.background), "Colours",
          "The card's background, and the text on the coloured bands."),
    BrandField(("colours", "accent"), "Intro card", "colour", lambda l: colour_text(l.accent), "Colours"),
    BrandField(("colours", "dimensions"), "Card colours", "colours",
          lambda l: [colour_text(c) for c in l.dimensions], "Colours",
          "One per card, in card order; the list repeats for longer decks."),
    *(BrandField(("fonts", style), style.replace("_", " ").capitalize(), "font",
            lambda l, style=style: _file_text(l, getattr(l.fonts, style)), "Type",
            "A TrueType font (.ttf)." if style == "regular" else "") for style in STYLES),
    BrandField(("logo", "file"), "Logo", "logo", lambda l: _file_text(l, l.logo and l.logo.file), "Logo",
          "PNG or JPEG, 300 dpi at its printed width; on every back, above the footer."),
    BrandField(("logo", "place"), "Place", "choice", lambda l: l.logo.place if l.logo else LOGO_PLACES[-1], "Logo",
          choices=LOGO_PLACES),
    BrandField(("logo", "width"), "Width", "length", lambda l: f"{(l.logo.width if l.logo else 25 * MM) / MM:.3g}mm",
          "Logo"),
    BrandField(("organisation",), "Organisation", "text", lambda l: l.organisation, "Footer",
          "In the footer of every back, instead of the publisher."),
    BrandField(("footer",), "Footer text", "text", lambda l: l.footer, "Footer"),
)


def sections(layout: Layout) -> dict[str, list[tuple[BrandField, object]]]:
    """The fields by section, each with its current value."""
    grouped: dict[str, list] = {}
    for spec in FIELDS:
        grouped.setdefault(spec.section, []).append((spec, spec.value(layout)))
    return grouped


def fonts_available(workspace: Workspace) -> list[str]:
    """Font files a layout in the deck folder can name: those beside it, then deck's own."""
    folder = (workspace.own_layout or workspace.folder / LAYOUT_FILE).parent
    return sorted(p.name for p in folder.glob("*.ttf")) + sorted(p.name for p in bundled("fonts").glob("*.ttf"))


def images_available(workspace: Workspace) -> list[str]:
    folder = (workspace.own_layout or workspace.folder / LAYOUT_FILE).parent
    return sorted(p.name for p in folder.iterdir() if p.suffix.lower() in (".png", ".jpg", ".jpeg"))


# -- the form -> the layout file -----------------------------------------------------------------

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


def changes(posted: dict[str, str], current: Layout) -> dict:
    """The fields whose posted value differs from the current one -> nested changes for yamledit."""
    result: dict = {}
    for spec in FIELDS:
        now = spec.value(current)
        if spec.kind == "colours":
            names = [name for name in posted if name.startswith(spec.name + ".")]
            new = [posted[name].strip() for name in sorted(names, key=lambda n: int(n.rsplit(".", 1)[1]))] \
                if names else now
        else:
            new = posted.get(spec.name, now)
            new = new.strip() if isinstance(new, str) else new
        if spec.key[0] == "logo" and spec.key[1] != "file" and not posted.get("logo.file"):
            continue  # no logo: its place and width mean nothing
        if new != now:
            target = result
            for part in spec.key[:-1]:
                target = target.setdefault(part, {})
            target[spec.key[-1]] = new
    if "logo" in result and posted.get("logo.file"):
        # a logo newly set needs its file named in this layout, even if it was inherited
        result["logo"].setdefault("file", posted["logo.file"].strip())
    return result


def candidate(workspace: Workspace, posted: dict[str, str]) -> tuple[Path, str, str]:
    """(the layout file, its text now, its text with the posted changes)."""
    path, text = layout_file(workspace)
    return path, text, updated(text, changes(posted, workspace.layout()))


def check(path: Path, text: str) -> Layout:
    """The layout text checked as the file it will be (DeckErrors with places in that text)."""
    return load_layout(str(path), text=text)


def placed(error: DeckError, text: str, path: Path) -> list[dict]:
    """Each problem of the layout beside the field it is about; a problem with a key this page does
    not show, or in another file, keeps its file and line."""
    places = value_places(text)
    shown = {spec.name for spec in FIELDS}
    problems = []
    for problem in error.errors:
        name = places.get((problem.line, problem.column), "") if problem.path == path.resolve() else ""
        known = name in shown or name.rsplit(".", 1)[0] in shown
        problems.append({"field": name if known else "",
                         "message": re.sub(r"^'[^']+': ", "", problem.message) if known else str(problem)})
    return problems


# -- uploads ---------------------------------------------------------------------------------------

MAX_UPLOAD = 20 * 1024 * 1024  # a font family's file is rarely over a few MB; a logo far less


def upload(workspace: Workspace, kind: str, filename: str, data: bytes, posted: dict[str, str]) -> str:
    """Store an uploaded font (kind: a font style) or logo beside the deck's own layout, checked by
    the layout loader as the file it will be named in; returns its name. A file that fails the check
    is removed again; an existing file is never replaced."""
    from ..files import write_atomic

    if kind not in (*STYLES, "logo"):
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
        mine = [problem.message for problem in error.errors if f"'{key}'" in problem.message]
        raise DeckError("; ".join(mine or [problem.message for problem in error.errors])
                        .replace(target.name, Path(filename).name)) from None
    return target.name


# -- contrast, for display -----------------------------------------------------------------------

def _rgb(colour: Colour) -> tuple[float, float, float]:
    """RGB values of a colour; CMYK converted naively, which is close enough to judge contrast."""
    if colour.model == "rgb":
        return colour.values
    c, m, y, k = colour.values
    return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))


def luminance(colour: Colour) -> float:
    """Relative luminance, WCAG 2."""
    def linear(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(value) for value in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: Colour, other: Colour) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


CONTRAST_GOAL = 4.5  # WCAG AA for text; the band's labels and the headings are small text


def contrasts(layout: Layout) -> list[dict]:
    """The colour pairs that carry text on the cards, with their ratios: body text on the paper, and
    each band colour with the paper (the band's text is paper-coloured; the headings on the paper
    are in the band's colour: one ratio for both)."""
    pairs = [("Text on paper", layout.text_colour, layout.background),
             ("Intro card and paper", layout.accent, layout.background)]
    pairs += [(f"Card colour {number} and paper", colour, layout.background)
              for number, colour in enumerate(layout.dimensions, 1)]
    return [{"label": label, "ratio": round(contrast(fore, back), 1), "fore": colour_text(fore),
             "back": colour_text(back), "ok": contrast(fore, back) >= CONTRAST_GOAL}
            for label, fore, back in pairs]
