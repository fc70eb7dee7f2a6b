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

from . import deferred  # noqa: E402  (before anything imports reportlab)

deferred.defer()


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


class _Run:
    """One command's reading and writing: the files it read (which no output may overwrite) and
    the targets it will write, checked before the work so that a refusal comes at once.

    `layout` None means the layout the deck names (by default the bundled default)."""

    def __init__(self, content: Path | None, layout: str | None, clock: _Clock):
        from .content import load_deck
        from .errors import DeckError, DeckErrors
        from .files import note_input, reading
        from .folders import output_folder
        from .layouts import layout_near, load_layout

        with reading() as self.inputs:
            try:
                self.deck = clock("load", load_deck, content or default_content())
            except DeckError as error:  # the layout's problems are told with the deck's, all at once
                raise DeckErrors(error.errors + _layout_problems(content, layout)) from None
            if layout is not None:
                layout = layout_near(layout, self.deck.folder)
            self.layout = clock("load", load_layout, layout or str(self.deck.layout))
            # the files a layout names but deck reads by other means (a font the layout's fonts were
            # converted from is guarded by check_target's kind test instead)
            for path in (*self.layout.fonts, self.layout.logo and self.layout.logo.file.path):
                if path:
                    note_input(path)
        self.chosen_layout = layout  # None: the deck's own
        self.folder = output_folder(self.deck.folder)  # where outputs go unless -o says otherwise

    def name(self, stem: str, sheet: str | None = None, mode: str = "duplex", flip: str = "long") -> str:
        """An output's default file name: `stem`, and what this command chose that the deck does not
        print by default (another layout, sheet, mode or flip), so that the A4 file for the office
        printer and the print shop's file made after it live side by side:
        ontwikkelkaarten-print-shop-a3-single."""
        parts = [stem]
        if self.chosen_layout is not None and self.layout.path.resolve() != self.deck.layout.resolve():
            parts.append(_layout_label(self.layout.path))
        if sheet is not None and sheet != self.layout.sheet and mode != "single":  # (single: a page a face)
            parts.append(sheet)
        if mode != "duplex":
            parts.append(mode)
        if flip != "long" and mode == "duplex":  # (fold and single turn no sheet)
            parts.append(f"{flip}-edge")
        return "-".join(slugify(part) for part in parts)

    def own_look_left(self) -> list[str]:
        """A warning where --layout names a bundled layout for a deck whose deck.yaml names a layout
        file of its own: its fonts, colours and logo are not in this file (a print shop's file
        made with print-shop-a3 lost the brand, and nothing said so)."""
        if self.chosen_layout is None:  # (the deck's own: nothing to say, nothing to look up)
            return []
        from .layouts import bundled_layouts

        own, chosen = self.deck.layout.resolve(), self.layout.path.resolve()
        bundled = {path.resolve() for path in bundled_layouts().values()}
        if chosen == own or own in bundled or chosen not in bundled:
            return []
        return [f"the bundled layout {self.layout.path.stem} is used, not this deck's own {self.deck.layout.name}: "
                f"its fonts, colours and logo are not in this file; for a print shop in the deck's look, make a "
                f"layout that extends {self.deck.layout.name} with print: {{pdfx: x-1a}} (README, Printing)"]

    def targets(self, *paths: Path, kind: str, example: str = "deck.pdf") -> None:
        """Refuse now the outputs (of `kind`, "PDF" or "PNG") that would destroy something;
        `example` is a file name to suggest when a folder was given instead."""
        from .files import check_target

        for path in paths:
            check_target(path, self.inputs, example, kind)

    def outputs(self):
        from .files import Outputs

        return Outputs(self.inputs)


def _layout_problems(content: Path | None, layout: str | None) -> list:
    """The problems of the layout a command would use, found while the deck itself has problems."""
    from .content import named_layout
    from .errors import DeckError
    from .layouts import load_layout

    name = layout or named_layout(content or default_content())
    try:
        if name:
            load_layout(name)
    except DeckError as error:
        return list(error.errors)
    return []


def _layout_label(path: Path) -> str:
    """A layout as a file name shows it: a bundled one by its name, a brand folder's by the folder."""
    from .layouts import LAYOUT_FILE

    return path.parent.name if path.name == LAYOUT_FILE else path.stem


def _prepare(run: _Run, warn, clock: _Clock, only: int | str | None = None, progress=None):
    """The cards of `run` fitted: (deck, layout, fitted cards)."""
    deck, chosen, cards, writing = _prepare_to_keep(run, warn, clock, only, progress)
    writing()
    return deck, chosen, cards


def _prepare_to_keep(run: _Run, warn, clock: _Clock, only: int | str | None = None, progress=None):
    """_prepare(), and the paragraphs to keep still to be written (see fitted_to_keep)."""
    deck, chosen = run.deck, run.layout
    for warning in deck_warnings(deck, chosen) if warn else ():
        warn(warning)
    number = None if only is None else card_number(deck, str(only))
    return deck, chosen, *clock("fit", fitted_to_keep, deck, chosen, only=number, progress=progress)


def deck_warnings(deck, layout) -> tuple[str, ...]:
    """What the user should know before printing `deck` in `layout` (nothing is wrong as such)."""
    from .intro import empty_back

    return layout.warnings_for(len(deck.cards)) + empty_back(deck, layout)


def fitted(deck, layout, only: int | None = None, progress=None):
    """copyfit.fit_deck with the paragraphs typeset in earlier runs of this deck, kept for the
    next (typecache.py)."""
    cards, writing = fitted_to_keep(deck, layout, only, progress)
    writing()
    return cards


def fitted_to_keep(deck, layout, only: int | None = None, progress=None):
    """fitted(), and the paragraphs to keep for the next run not yet written (typecache.Writing:
    call it, or hand it to drawing, which writes it where there is time)."""
    from .copyfit import fit_deck
    from .typecache import open_kept

    kept = open_kept(deck.folder, layout, deck.language, deck.hyphenation)
    cards = fit_deck(deck, layout, only=only, progress=progress, kept=kept)
    return cards, kept.writing(partial=only is not None)


def body_sizes(cards) -> dict[int, tuple[float, float]]:
    """Each fitted card's body sizes, front and back, by its number (the intro card's is 0)."""
    return {card.number: (card.front_body, card.back_body) for card in cards}


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
              progress=None, last: bool = False) -> bytes:
    import io

    stream = io.BytesIO()
    _write_deck_pdf(stream, deck, chosen, cards, clock, sheet, flip, mode, progress, last)
    return stream.getvalue()


def _write_deck_pdf(stream, deck, chosen, cards, clock: _Clock, sheet: str | None, flip: str, mode: str,
                    progress=None, last: bool = False, writing=None) -> None:
    """The deck's PDF written to `stream` as it is made. `last`: the cards are drawn for the last
    time, so what was remembered to set them goes as each is drawn. `writing`: the paragraphs to
    keep (typecache.Writing), written by drawing's helper if there is one, else here."""
    from .collector import paused
    from .glyphs import printed_characters
    from .pdffile import write
    from .sheets import Metadata, draw_plan

    with paused():
        plan = clock("impose", sheet_plan, chosen, len(cards), sheet, mode, flip)
        meta = Metadata(deck.title, deck.publisher, deck.subtitle, deck.language, deck.labels)
        canvas = clock("draw", draw_plan, plan, cards, chosen, meta, progress=progress, release=last,
                       characters=printed_characters(deck, chosen), writing=writing)
        clock("write", write, canvas, stream)


def build(content: Path | None = None, layout: str | None = None, output: Path | None = None,
          sheet: str | None = None, flip: str = "long", mode: str = "duplex", warn=None,
          timings: dict[str, float] | None = None, progress=None, with_preview: bool = False,
          sizes: dict[int, tuple[float, float]] | None = None, folder: Path | None = None) -> Path:
    """Build the whole deck as one imposed PDF; returns the path written: `output`, else the
    deck's own file name (Run.name) in `folder`, else in the deck's output folder.

    `timings`, if given, receives the seconds spent in each stage (for the benchmark); `sizes`,
    each card's body sizes, front and back, by its number (the intro card's is 0);
    `progress(stage, done, total)` is called as cards are fitted and sheets drawn; `with_preview`
    also writes the contact sheet of the same fitted cards beside the PDF (for deck watch): both
    files or neither.
    """
    clock = _Clock(timings)
    run = _Run(content, layout, clock)
    for unused in _without_effect(sheet, flip, mode) + run.own_look_left():
        if warn:
            warn(unused)
    name = f"{run.name(run.deck.title, sheet, mode, flip)}.pdf"
    target = output or Path(folder or run.folder) / name
    run.targets(target, kind="PDF", example=name)
    if with_preview:
        run.targets(preview_path(target), kind="PNG", example=name)
    deck, chosen, cards, writing = _prepare_to_keep(run, warn, clock, progress=progress)
    if sizes is not None:
        sizes.update(body_sizes(cards))
    with run.outputs() as outputs:
        with outputs.open(target, "PDF") as stream:  # written as it is made: never whole in memory
            _write_deck_pdf(stream, deck, chosen, cards, clock, sheet, flip, mode, progress, last=not with_preview,
                            writing=writing)
        if with_preview:
            _write_preview(deck, chosen, cards, outputs, preview_path(target), progress)
    from .collector import outlive

    outlive(run, cards)
    return target


def _without_effect(sheet: str | None, flip: str, mode: str) -> list[str]:
    """What a build's options ask that its mode does not do: a sheet for single faces, a flip for
    sheets that are not turned."""
    unused = []
    if mode == "single" and sheet is not None:
        unused.append(f"--sheet {sheet} has no effect with --mode single: each face is a page of its own, the "
                      "card's size")
    if mode != "duplex" and flip != "long":
        unused.append(f"--flip {flip} has no effect with --mode {mode}: only duplex sheets are turned over")
    return unused


def preview_path(pdf: Path) -> Path:
    return pdf.with_name(f"{pdf.stem}-preview.png")


def _card_name(run: _Run, key: str, bleed: bool = True) -> str:
    """The file name of one card's outputs, known before the card is fitted: the card's label and
    number (kaart-3), or for the intro card 'intro' (kaart-intro); trimmed faces say so (kaart-3-no-bleed),
    so that the print file keeps its own name beside them."""
    from .face import INTRO

    number = card_number(run.deck, key)
    name = run.name(f"{run.deck.card_label}-{'intro' if number == INTRO else number}")
    return name if bleed else f"{name}-no-bleed"


def card_number(deck, key: str) -> int:
    """A card as the user names it (its number, its id, or 0/intro for the intro card) -> its number."""
    from .face import INTRO

    return INTRO if key in ("0", "intro") else deck.find(key).number


def _card_pdf(run: _Run, key: str, bleed: bool, warn) -> bytes:
    deck, chosen, (card,) = _prepare(run, warn, _Clock(None), only=key)
    return card_pdf(deck, chosen, card, bleed)


def card_pdf(deck, layout, card, bleed: bool = True) -> bytes:
    """One fitted card of a Deck (read from files or held in memory) as a two-page PDF, front then
    back, with the deck's metadata."""
    from .sheets import render_card

    return render_card(card, layout, card_metadata(deck, card.number), bleed=bleed)


def card_metadata(deck, number: int, note: str = ""):
    """The metadata of one card's file: 'Ontwikkelkaart 3: its title' (the deck's title for the intro
    card), and `note` after it."""
    from .face import INTRO
    from .sheets import Metadata

    title = deck.title if number == INTRO else \
        f"{deck.card_label} {number}: {next(card.title for card in deck.cards if card.number == number)}"
    return Metadata(title + note, deck.publisher, deck.subtitle or deck.title, deck.language, deck.labels)


def build_card(key: str, content: Path | None = None, layout: str | None = None, output: Path | None = None,
               bleed: bool = True, warn=None, folder: Path | None = None) -> Path:
    """One card (by number, id, or 0/intro for the intro card) as a two-page PDF: `output`, else its
    own file name in `folder`, else in the deck's output folder."""
    run = _Run(content, layout, _Clock(None))
    for left in run.own_look_left():
        if warn:
            warn(left)
    name = f"{_card_name(run, key, bleed)}.pdf"
    target = output or Path(folder or run.folder) / name
    run.targets(target, kind="PDF", example=name)
    pdf = _card_pdf(run, key, bleed, warn)
    with run.outputs() as outputs:
        outputs.write(target, pdf)
    return target


def card_overflow(key: str, content: Path | None = None, layout: str | None = None, output: Path | None = None,
                  warn=None) -> tuple[Path | None, list[str]]:
    """A proof of one card too long (copyfit.overflowing): its faces at the smallest size, each going
    on below the card as far as its text runs. (None, what each face says) when both fit: nothing
    is written then. The proof is for the screen, never for print."""
    from .copyfit import overflowing
    from .sheets import render_overflow

    run = _Run(content, layout, _Clock(None))
    number = card_number(run.deck, key)
    name = f"{_card_name(run, key)}-overflow.pdf"
    target = output or run.folder / name
    run.targets(target, kind="PDF", example=name)
    for message in deck_warnings(run.deck, run.layout) if warn else ():
        warn(message)
    faces = overflowing(run.deck, run.layout, number)
    notes = overflow_notes(faces, run.layout)
    if all(face.overflow <= 1e-6 for face in faces):
        return None, notes
    pdf = render_overflow(faces, run.layout, card_metadata(run.deck, number, " (too long)"), notes)
    with run.outputs() as outputs:
        outputs.write(target, pdf)
    return target, notes


def overflow_notes(faces, layout) -> list[str]:
    """What each face of an overflow proof says under it: how far it runs over, or that it fits."""
    from .units import mm_text

    body = layout.type.body_min
    return [f"{face.side}: {mm_text(face.overflow)} more than the card holds at {body:g} pt, the smallest size"
            if face.overflow > 1e-6 else f"{face.side}: fits at {body:g} pt" for face in faces]


def card_images(key: str, folder: Path | None = None, dpi: float = 300, content: Path | None = None,
                layout: str | None = None, warn=None, bleed: bool = True) -> list[Path]:
    """One card's faces as PNG images, with bleed for print services that take images, or
    trimmed (`bleed` False) for slides and e-mail; `folder` None means the deck's output folder.
    Both or neither are written, each face rendered and encoded in turn."""
    from .preview import check_pixels, each_page, png_bytes

    if folder is not None:
        from .files import refuse_standard_output

        refuse_standard_output(folder, "the folder for the images, for example -o images")
    run = _Run(content, layout, _Clock(None))
    name = _card_name(run, key, bleed)
    targets = [Path(folder or run.folder) / f"{name}-{side}.png" for side in ("front", "back")]
    run.targets(*targets, kind="PNG")
    check_pixels(run.layout, dpi, bleed)
    pdf = _card_pdf(run, key, bleed, warn)
    with run.outputs() as outputs:
        for target, image in zip(targets, each_page(pdf, dpi)):
            outputs.write(target, png_bytes(image, dpi))
    return targets


def build_preview(content: Path | None = None, layout: str | None = None, output: Path | None = None,
                  warn=None, progress=None) -> Path:
    """A PNG contact sheet of every face, fronts above their backs, rendered from the real PDF."""
    run = _Run(content, layout, _Clock(None))
    name = f"{run.name(run.deck.title)}-preview.png"
    target = output or run.folder / name
    run.targets(target, kind="PNG", example=name)
    deck, chosen, cards = _prepare(run, warn, _Clock(None), progress=progress)
    with run.outputs() as outputs:
        _write_preview(deck, chosen, cards, outputs, target, progress)
    return target


def _write_preview(deck, chosen, cards, outputs, target: Path, progress=None) -> None:
    """The contact sheet streamed into `outputs`, a row of cards at a time: memory stays flat."""
    from .face import INTRO
    from .preview import SCREEN_DPI, write_contact_sheet

    pdf = _deck_pdf(deck, chosen, cards, _Clock(None), None, "long", "single", progress, last=True)
    from .labels import labels_for

    words = labels_for(deck.language, deck.labels)
    labels = [words["intro"] if card.number == INTRO else str(card.number) for card in cards]
    with outputs.open(target, "PNG") as stream:
        write_contact_sheet(stream, pdf, SCREEN_DPI, labels, chosen.fonts.regular, (words["front"], words["back"]))


_UNDECOMPOSED = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d",
                               "þ": "th", "ı": "i"})


def slugify(text: str) -> str:
    """A title as a file name: 'Übungen für Führungskräfte' -> ubungen-fur-fuhrungskrafte (the
    letters' accents dropped, not the letters)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.lower().translate(_UNDECOMPOSED))
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "deck"
