"""The print page's choices -> the deck's PDF, one card's PDF or PNG images, or a picture of the first
sheet: made by deck's own build functions in a scratch folder and handed over as bytes."""
from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from .. import build, build_card, card_images, slugify
from ..errors import DeckError
from ..files import write_atomic
from ..impose import FLIPS, MODES, STANDARD_SHEETS
from ..layouts import bundled_layouts, resolve_layout
from .workspace import Workspace

SHEET_DPI = 50  # the picture of the first sheet on the print page
DOWNLOADS = ("deck", "card", "png", "sheet")


def layouts(workspace: Workspace) -> list[tuple[str, str]]:
    """(value, label) of the layouts to print with: the deck's own first, then the same for a print
    shop (print_shop_layout), then the bundled ones."""
    own = resolve_layout(workspace.layout_name)
    return [(workspace.layout_name, f"This deck's layout ({workspace.layout_label})"),
            (print_shop_name(workspace), "This deck's layout, for a print shop (PDF/X-1a, CMYK)")] + \
        [(name, name) for name, path in bundled_layouts().items() if path != own]


def print_shop_name(workspace: Workspace) -> str:
    """The file name of the deck's print-shop layout, beside deck.yaml: huisstijl-print-shop.yaml."""
    return f"{resolve_layout(workspace.layout_name).stem}-print-shop.yaml"


PRINT_SHOP_LAYOUT = """\
# For a print shop: this deck's layout ({own}) as PDF/X-1a:2003, its colours separated to CMYK for
# offset on coated paper (FOGRA39). Made by deck studio, and yours to change: ask the shop which
# printing condition they print to, and send them the file of one face per page (--mode single).
{extends}
print:
  pdfx: x-1a
  output_condition: FOGRA39
"""


def print_shop_layout(workspace: Workspace, scratch: Path | None = None) -> Path:
    """The deck's print-shop layout: the deck's own layout as PDF/X-1a in CMYK, so that the shop's
    file carries the deck's brand. Written beside deck.yaml the first time a file is downloaded with
    it, never over a file of that name (a print-shop layout the user changed is theirs); for a
    picture on the page (`scratch`), in that folder instead, so that a look writes nothing."""
    import yaml

    path = workspace.inside(workspace.folder / print_shop_name(workspace))
    if path.exists():
        return path
    own = resolve_layout(workspace.layout_name)
    if scratch is not None:
        extends, path = str(own), scratch / path.name
    elif own.is_relative_to(workspace.folder):
        extends = own.relative_to(workspace.folder).as_posix()
    else:
        extends = own.stem if bundled_layouts().get(own.stem) == own else str(own)
    line = yaml.safe_dump({"extends": extends}, allow_unicode=True, width=1000)  # (quoted where YAML needs it)
    text = PRINT_SHOP_LAYOUT.format(own=own.name, extends=line)
    if scratch is not None:
        path.write_text(text, encoding="utf-8")
    else:
        write_atomic(path, text.encode("utf-8"))
    return path


def options(query, workspace: Workspace) -> dict:
    """The query of a download link -> checked options; a choice not offered on the page is refused."""
    chosen = query.get("layout", workspace.layout_name)
    if chosen not in dict(layouts(workspace)):
        raise DeckError("choose one of the layouts on the print page")
    return {"sheet": _pick(query.get("sheet"), tuple(STANDARD_SHEETS), None),
            "flip": _pick(query.get("flip"), FLIPS, "long"), "mode": _pick(query.get("mode"), MODES, "duplex"),
            "layout": chosen, "card": query.get("card", "1"), "bleed": query.get("bleed", "yes") == "yes"}


def _pick(value: str | None, allowed: tuple[str, ...], default):
    return value if value in allowed else default


def download(workspace: Workspace, what: str, chosen: dict) -> tuple[str, bytes, str]:
    """(file name, bytes, media type) of one of DOWNLOADS, named as the command line names it."""
    content, layout, deck = workspace.folder, chosen["layout"], workspace.deck()
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch)
        if layout == print_shop_name(workspace):
            layout = str(print_shop_layout(workspace, target if what == "sheet" else None))
        if what in ("deck", "sheet"):
            path = build(content, layout, sheet=chosen["sheet"], flip=chosen["flip"], mode=chosen["mode"],
                         folder=target)
            if what == "sheet":
                from ..preview import png_bytes, render_pages

                return "sheet.png", png_bytes(render_pages(path.read_bytes(), SHEET_DPI, [0])[0]), "image/png"
            return path.name, path.read_bytes(), "application/pdf"
        if what == "card":
            path = build_card(chosen["card"], content, layout, bleed=chosen["bleed"], folder=target)
            return path.name, path.read_bytes(), "application/pdf"
        name = f"{slugify(deck.card_label)}-{chosen['card']}"
        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w") as archive:
            for path in card_images(chosen["card"], target, 300, content, layout, bleed=chosen["bleed"]):
                archive.writestr(path.name, path.read_bytes())
        return f"{name}-png.zip", stream.getvalue(), "application/zip"
