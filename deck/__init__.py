"""deck: a deck of cards written as YAML -> print-ready PDFs.

The stages, in order: content (YAML -> Deck) -> layouts (YAML -> Layout) -> faces (fitted, drawn)
-> impose (a plan of sheets) -> sheets (PDF pages) -> files (written atomically).
Heavy modules are imported inside the functions so that `deck --help` and `deck check` start fast.
"""
from __future__ import annotations

import re
from pathlib import Path

__version__ = "0.1.0"


def default_content() -> Path:
    from .resources import bundled

    return bundled("content")


def build(content: Path | None = None, layout: str = "default", output: Path | None = None,
          sheet: str | None = None, flip: str = "long", mode: str = "duplex", warn=None,
          timings: dict[str, float] | None = None) -> Path:
    """Build the whole deck as one imposed PDF; returns the path written.

    `timings`, if given, receives the seconds spent in each stage (for the benchmark).
    """
    from . import impose
    from .content import load_deck
    from .faces import fit_deck
    from .files import write_atomic
    from .layouts import load_layout
    from .sheets import Metadata, render_plan
    from .units import PAPER

    clock = _Clock(timings)
    deck = clock("load", load_deck, content or default_content())
    chosen = clock("load", load_layout, layout)
    for warning in chosen.warnings if warn else ():
        warn(warning)
    cards = clock("fit", fit_deck, deck, chosen)
    sheet_name = sheet or chosen.sheet
    plan = clock("impose", impose.plan, chosen.card, len(cards), sheet=PAPER[sheet_name], bleed=chosen.bleed,
                 printer_margin=chosen.printer_margin, mode=mode, flip=flip,
                 sheet_name=sheet_name.upper() if sheet_name != "letter" else "Letter")
    meta = Metadata(deck.title, deck.publisher, deck.subtitle, deck.language, slug_title=deck.title)
    pdf = clock("draw", render_plan, plan, cards, chosen, meta)
    target = output or Path("out") / f"{slugify(deck.title)}.pdf"
    clock("write", write_atomic, target, pdf)
    return target


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


def build_card(key: str, content: Path | None = None, layout: str = "default", output: Path | None = None,
               bleed: bool = True, warn=None) -> Path:
    """One card (by number, id, or 0/intro for the intro card) as a two-page PDF."""
    from .content import load_deck
    from .faces import INTRO, fit_deck
    from .files import write_atomic
    from .layouts import load_layout
    from .sheets import Metadata, render_card

    deck = load_deck(content or default_content())
    number = INTRO if key in ("0", "intro") else deck.find(key).number
    chosen = load_layout(layout)
    for warning in chosen.warnings if warn else ():
        warn(warning)
    card = fit_deck(deck, chosen, only=number)[0]
    title = deck.title if number == INTRO else f"{deck.card_label} {number}: {card.title}"
    meta = Metadata(title, deck.publisher, deck.subtitle or deck.title, deck.language)
    target = output or Path("out") / f"{slugify(deck.card_label)}-{number}.pdf"
    write_atomic(target, render_card(card, chosen, meta, bleed=bleed))
    return target


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "deck"
