"""A deck's typeset paragraphs, kept between runs: the lines each paragraph broke into, per width
and style, so that building a deck again after an edit sets only what changed.

Breaking a paragraph (measuring, hyphenating, the total-fit search) is most of fitting; a deck that
is built again unchanged, or with one card edited, would break the same paragraphs the same way.
One entry per deck folder, in the per-user cache folder (deck/cache.py: private, safe to delete,
DECK_CACHE=off keeps nothing). The entry's name is made from everything that decides how a
paragraph breaks besides its own text, width and style: deck's version, its code and data and
pyphen (cache.code_stamp), the contents of the layout's font files, and the language. A
full build keeps only the paragraphs it used, so an entry does not grow with every edit; exporting
one card adds to it. At most KEEP entries are kept, the least recently written go first.
"""
from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path

from . import cache
from .collector import paused

KIND = "typeset"
KEEP = 24  # decks


class Kept:
    """The typeset paragraphs of one deck as read from the cache, and those a run used."""

    def __init__(self, entry: Path | None, breaks: dict):
        self.entry = entry
        self.breaks = breaks
        self.loaded = len(breaks)
        self.used: set = set()

    def store(self, partial: bool) -> None:
        """Write the entry back when the run set anything new (or, after a whole build, when the
        entry holds paragraphs no longer in the deck). `partial`: the run set only some cards, so
        the entry keeps what it had besides."""
        if self.entry is None:
            return
        added = len(self.breaks) > self.loaded
        if partial:
            if added:
                _write(self.entry, self.breaks)
        elif added or len(self.used) < self.loaded:
            _write(self.entry, {key: self.breaks[key] for key in self.used if key in self.breaks})


def open_kept(deck_folder: Path, layout, language: str) -> Kept:
    """The kept paragraphs of the deck in `deck_folder` as `layout` sets them in `language`
    (an empty Kept that stores nothing when caching is off)."""
    place = cache.folder()
    if place is None:
        return Kept(None, {})
    entry = place / KIND / f"{_name(deck_folder, layout, language)}.pickle"
    breaks: dict = {}
    if cache.trusted(entry.parent):
        try:
            with entry.open("rb") as stream, paused():
                found = pickle.load(stream)
            if isinstance(found, dict):
                breaks = found
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError,
                ValueError):
            pass  # missing or unreadable: set everything again
    return Kept(entry, breaks)


def _name(deck_folder: Path, layout, language: str) -> str:
    from . import __version__
    from .fonts import STYLES

    # the code stamp changes with deck's source files and data and with pyphen (cache.code_stamp)
    digest = hashlib.sha256(f"{KIND}\0{__version__}\0{sys.version_info[:2]}\0{cache.code_stamp()}\0"
                            f"{language}\0{Path(deck_folder).resolve()}\0".encode())
    for style in STYLES:
        path = getattr(layout.fonts, style)
        digest.update(f"{style}\0{path}\0{cache.digest(path)}\0".encode())
    return digest.hexdigest()[:32]


def _write(entry: Path, breaks: dict) -> None:
    cache.store(entry, breaks)
    try:
        kept = sorted(entry.parent.glob("*.pickle"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
        for stale in kept[KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # an entry another run removed first
