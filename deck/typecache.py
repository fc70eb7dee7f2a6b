"""A deck's typeset paragraphs, kept between runs: the lines each paragraph broke into, per width
and style, so that building a deck again after an edit sets only what changed.

Breaking a paragraph (measuring, hyphenating, the total-fit search) is most of fitting; a deck that
is built again unchanged, or with one card edited, would break the same paragraphs the same way.
The typesetter takes a kept paragraph's lines as if it had set them (typeset.Typesetter.kept).
One entry per deck folder, in the per-user cache folder (deck/cache.py: private, safe to delete,
DECK_CACHE=off keeps nothing). The entry's name is made from everything that decides how a
paragraph breaks besides its own text, width and style: deck's version, its code and data and
pyphen (cache.code_stamp), the contents of the layout's font files, and the language. A full
build keeps the paragraphs at the sizes it chose (fitting lets go of the others), so an entry does
not grow with every edit; exporting one card adds to it. At most KEEP entries are kept, the least
recently written go first.
"""
from __future__ import annotations

from pathlib import Path

from . import cache

KIND = "typeset"
KEEP = 24  # decks
LET_GO = 50_000  # paragraphs set at sizes fitting tried and left, kept at hand (a few MB at most)


class Kept:
    """The typeset paragraphs of one deck as read from the cache ({where: {text: lines}}, as the
    typesetter keeps them), and what the run sets and lets go of."""

    def __init__(self, entry: Path | None, breaks: dict):
        self.entry = entry
        self.breaks = breaks  # the typesetter takes from here what it lacks (typeset.Typesetter.kept)
        self.setter = None
        self.let_go: dict[tuple, dict[str, bytes | tuple]] = {}
        self.let_go_count = 0

    def take(self, setter) -> None:
        """Keep what `setter` sets, and up to LET_GO of the lines it lets go of while fitting (at sizes
        tried and left): they stay at hand for this run, and the next one tries those sizes again."""
        self.setter = setter
        setter.let_go = self._let_go

    def _let_go(self, where: tuple, text: str, packed) -> None:
        if self.let_go_count < LET_GO:
            self.let_go.setdefault(where, {})[text] = packed
            self.breaks.setdefault(where, {})[text] = packed
            self.let_go_count += 1

    def writing(self, partial: bool) -> Writing:
        """The entry to write back, made now (drawing lets go of the lines for good), written when
        called: when the run set anything new, or (after a whole build) when the entry holds
        paragraphs the deck no longer has: the paragraphs at the sizes the run chose, those it let go
        of, and after `partial` runs (one card) also those it did not ask for."""
        if self.entry is None or self.setter is None:
            return Writing(None, None)
        self.setter.let_go = None  # fitting is done: drawing lets go of lines for good
        unasked = {where: {text: packed for text, packed in table.items() if text not in self.let_go.get(where, ())}
                   for where, table in self.breaks.items()}
        if self.setter.fresh == 0 and (partial or not any(unasked.values())):
            return Writing(None, None)  # nothing new, and nothing to drop
        found: dict[tuple, dict] = {}
        for source in ((unasked, self.let_go, self.setter.breaks) if partial else (self.let_go, self.setter.breaks)):
            for where, table in source.items():
                if table:
                    found.setdefault(where, {}).update(table)
        return Writing(self.entry, found)


class Writing:
    """A deck's kept paragraphs, made and waiting to be written (pickling them is most of the cost:
    20 ms at 1000 cards), so that a process with time to spare writes them: the helper that draws
    the later cards of a large deck, once its share is drawn (forms.Forms). Called, it writes them
    (once); dropped, it lets go of them unwritten."""

    def __init__(self, entry: Path | None, found: dict | None):
        self.entry, self.found = entry, found

    def __call__(self) -> None:
        if self.found is not None:
            found, self.found = self.found, None
            _write(self.entry, found)

    def drop(self) -> None:
        self.found = None


def open_kept(deck_folder: Path, layout, language: str, words: tuple[str, ...] = ()) -> Kept:
    """The kept paragraphs of the deck in `deck_folder` as `layout` sets them in `language`, with
    the deck's own hyphenation `words` (an empty Kept that stores nothing when caching is off)."""
    place = cache.folder()
    if place is None:
        return Kept(None, {})
    entry = place / KIND / f"{_name(deck_folder, layout, language, words)}.pickle"
    found = cache.read(entry)
    valid = isinstance(found, dict) and all(isinstance(table, dict) for table in found.values())
    return Kept(entry, found if valid else {})  # missing or unreadable: set everything again


def _name(deck_folder: Path, layout, language: str, words: tuple[str, ...] = ()) -> str:
    from .fonts import STYLES

    # the code stamp changes with deck's source files and data and with pyphen (cache.code_stamp)
    fonts = [part for style in STYLES for part in (style, getattr(layout.fonts, style),
                                                    cache.digest(getattr(layout.fonts, style)))]
    return cache.entry_key(KIND, cache.code_stamp(), language, Path(deck_folder).resolve(), *fonts, *words)


def _write(entry: Path, breaks: dict) -> None:
    cache.store(entry, breaks)
    try:
        kept = sorted(entry.parent.glob("*.pickle"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
        for stale in kept[KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # an entry another run removed first
