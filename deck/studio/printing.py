"""The print page's choices -> the deck's PDF, one card's PDF or PNG images, or a picture of the first
sheet: made by deck's own build functions in a scratch folder and handed over as bytes."""
from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from .. import build, build_card, card_images, slugify
from ..errors import DeckError
from ..impose import FLIPS, MODES, STANDARD_SHEETS
from ..layouts import bundled_layouts, resolve_layout
from .workspace import Workspace

SHEET_DPI = 50  # the picture of the first sheet on the print page
DOWNLOADS = ("deck", "card", "png", "sheet")


def layouts(workspace: Workspace) -> list[tuple[str, str]]:
    """(value, label) of the layouts to print with: the deck's own first, then the bundled ones."""
    own = resolve_layout(workspace.layout_name)
    return [(workspace.layout_name, f"This deck's layout ({workspace.layout_label})")] + \
        [(name, name) for name, path in bundled_layouts().items() if path != own]


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
    """(file name, bytes, media type) of one of DOWNLOADS."""
    folder, layout, deck = workspace.folder, chosen["layout"], workspace.deck()
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch)
        if what in ("deck", "sheet"):
            path = build(folder, layout, target / "deck.pdf", sheet=chosen["sheet"], flip=chosen["flip"],
                         mode=chosen["mode"])
            if what == "sheet":
                from ..preview import png_bytes, render_pages

                return "sheet.png", png_bytes(render_pages(path.read_bytes(), SHEET_DPI, [0])[0]), "image/png"
            return f"{slugify(deck.title)}.pdf", path.read_bytes(), "application/pdf"
        name = f"{slugify(deck.card_label)}-{chosen['card']}"
        if what == "card":
            path = build_card(chosen["card"], folder, layout, target / "card.pdf", bleed=chosen["bleed"])
            return f"{name}.pdf", path.read_bytes(), "application/pdf"
        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w") as archive:
            for path in card_images(chosen["card"], target, 300, folder, layout, bleed=chosen["bleed"]):
                archive.writestr(path.name, path.read_bytes())
        return f"{name}-png.zip", stream.getvalue(), "application/zip"
