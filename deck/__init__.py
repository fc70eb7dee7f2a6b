"""deck: a deck of cards written as YAML -> print-ready PDFs.

The stages, in order: content (YAML -> Deck) -> layouts (YAML -> Layout) -> faces (composed, fitted, drawn)
-> impose (a plan of sheets) -> sheets (PDF pages) -> files (written atomically); preview turns
the pages into PNG images. Heavy modules (reportlab, pypdfium2, Pillow) are imported inside the
functions that need them, so that `deck --help` starts in a few hundredths of a second.
"""
from __future__ import annotations

import re
from pathlib import Path

__version__ = "0.1.0"


def default_content() -> Path:
    from .resources import bundled

    return bundled("content")


class _Clock:
    """Runs a stage and adds its time to `timings` under the stage's name."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings = timings

    def __call__(self, stage: str, function, *args, **kwargs):
        if self.timings is None:
            return function(*args, **kwargs)
        import time

        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start


def _prepare(content: Path | None, layout: str | None, warn, clock: _Clock, only: int | str | None = None,
             progress=None):
    """Content and layout read and checked, the cards fitted: (deck, layout, fitted cards).

    `layout` None means the layout the deck names (by default the bundled default)."""
    from .content import load_deck
    from .compose import INTRO
    from .copyfit import fit_deck
    from .layouts import load_layout

    deck = clock("load", load_deck, content or default_content())
    chosen = clock("load", load_layout, layout or str(deck.layout))
    for warning in chosen.warnings_for(len(deck.cards)) if warn else ():
        warn(warning)
    number = None if only is None else INTRO if only in ("0", "intro") else deck.find(str(only)).number
    return deck, chosen, clock("fit", fit_deck, deck, chosen, only=number, progress=progress)


def sheet_plan(layout, count: int, sheet: str | None = None, mode: str = "duplex", flip: str = "long"):
    """The imposition of `count` cards of `layout` on `sheet` (default: the layout's own); a card
    that does not fit is the layout's problem, so the error points at the layout file."""
    from . import impose
    from .errors import DeckError
    from .units import PAPER

    name = sheet or layout.sheet
    try:
        return impose.plan(layout.card, count, sheet=PAPER[name], bleed=layout.bleed,
                           printer_margin=layout.printer_margin, mode=mode, flip=flip,
                           sheet_name=impose.STANDARD_SHEETS[name])
    except DeckError as error:
        raise DeckError(error.message, layout.path) from None


def _deck_pdf(deck, chosen, cards, clock: _Clock, sheet: str | None, flip: str, mode: str,
              progress=None) -> bytes:
    from .sheets import Metadata, render_plan

    plan = clock("impose", sheet_plan, chosen, len(cards), sheet, mode, flip)
    meta = Metadata(deck.title, deck.publisher, deck.subtitle, deck.language, deck.labels)
    return clock("draw", render_plan, plan, cards, chosen, meta, progress=progress)


def build(content: Path | None = None, layout: str | None = None, output: Path | None = None,
          sheet: str | None = None, flip: str = "long", mode: str = "duplex", warn=None,
          timings: dict[str, float] | None = None, progress=None, with_preview: bool = False) -> Path:
    """Build the whole deck as one imposed PDF; returns the path written.

    `timings`, if given, receives the seconds spent in each stage (for the benchmark);
    `progress(stage, done, total)` is called as cards are fitted and sheets drawn; `with_preview`
    also writes the contact sheet of the same fitted cards beside the PDF (for deck watch).
    """
    from .files import write_atomic
    from .folders import output_folder

    clock = _Clock(timings)
    deck, chosen, cards = _prepare(content, layout, warn, clock, progress=progress)
    pdf = _deck_pdf(deck, chosen, cards, clock, sheet, flip, mode, progress)
    target = output or output_folder(deck.folder) / f"{slugify(deck.title)}.pdf"
    clock("write", write_atomic, target, pdf)
    if with_preview:
        _write_preview(deck, chosen, cards, preview_path(target), progress)
    return target


def preview_path(pdf: Path) -> Path:
    return pdf.with_name(f"{pdf.stem}-preview.png")


def _card_pdf(key: str, content: Path | None, layout: str | None, bleed: bool, warn):
    from .folders import output_folder

    deck, chosen, (card,) = _prepare(content, layout, warn, _Clock(None), only=key)
    name = f"{slugify(deck.card_label)}-{card.number}"
    return name, card_pdf(deck, chosen, card, bleed), output_folder(deck.folder)


def card_pdf(deck, layout, card, bleed: bool = True) -> bytes:
    """One fitted card of a Deck (read from files or held in memory) as a two-page PDF, front then
    back, with the deck's metadata."""
    from .compose import INTRO
    from .sheets import Metadata, render_card

    title = deck.title if card.number == INTRO else f"{deck.card_label} {card.number}: {card.title}"
    meta = Metadata(title, deck.publisher, deck.subtitle or deck.title, deck.language, deck.labels)
    return render_card(card, layout, meta, bleed=bleed)


def build_card(key: str, content: Path | None = None, layout: str | None = None, output: Path | None = None,
               bleed: bool = True, warn=None) -> Path:
    """One card (by number, id, or 0/intro for the intro card) as a two-page PDF."""
    from .files import write_atomic

    name, pdf, folder = _card_pdf(key, content, layout, bleed, warn)
    target = output or folder / f"{name}.pdf"
    write_atomic(target, pdf)
    return target


def card_images(key: str, folder: Path | None = None, dpi: float = 300, content: Path | None = None,
                layout: str | None = None, warn=None) -> list[Path]:
    """One card's faces as PNG images with bleed, for print services that take images; `folder`
    None means the deck's output folder."""
    from .files import write_atomic
    from .preview import png_bytes, render_pages

    name, pdf, default_folder = _card_pdf(key, content, layout, True, warn)
    pages = render_pages(pdf, dpi)
    targets = [Path(folder or default_folder) / f"{name}-{side}.png" for side in ("front", "back")]
    for target, image in zip(targets, pages):
        write_atomic(target, png_bytes(image, dpi))
    return targets


def build_preview(content: Path | None = None, layout: str | None = None, output: Path | None = None,
                  warn=None, progress=None) -> Path:
    """A PNG contact sheet of every face, fronts above their backs, rendered from the real PDF."""
    from .folders import output_folder

    deck, chosen, cards = _prepare(content, layout, warn, _Clock(None), progress=progress)
    target = output or output_folder(deck.folder) / f"{slugify(deck.title)}-preview.png"
    _write_preview(deck, chosen, cards, target, progress)
    return target


def _write_preview(deck, chosen, cards, target: Path, progress=None) -> None:
    from .compose import INTRO
    from .files import write_atomic
    from .preview import SCREEN_DPI, contact_sheet, png_bytes, render_pages

    pages = render_pages(_deck_pdf(deck, chosen, cards, _Clock(None), None, "long", "single", progress), SCREEN_DPI)
    labels = ["intro" if card.number == INTRO else str(card.number) for card in cards]
    write_atomic(target, png_bytes(contact_sheet(pages, labels, chosen.fonts.regular)))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "deck"
