"""The deck folder on disk -> the checked Deck and Layout the studio shows, and the only place the
studio writes: card files, the deck's own layout file and uploaded fonts and logos.

Everything read or written is confined to the deck folder (real paths, so a link cannot lead out).
A save names the version of the file it was made from; if the file changed since (another tab, a
text editor), nothing is written and the save is refused as a conflict.
"""
from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path

from ..content import Deck, load_deck
from ..errors import DeckError
from ..files import Outputs, write_atomic
from ..layouts import LAYOUT_FILE, Layout, bundled_layouts, load_layout, resolve_layout



class Conflict(DeckError):
    """The file changed on disk since the page that wants to save it was opened."""


class Workspace:
    """One deck folder and the layout it is shown in; the lock serialises everything that reads
    fonts or draws (reportlab's font registry and pdfium are not made for threads)."""

    def __init__(self, folder: Path, layout: str | None = None):
        self.folder = Path(folder).resolve()
        if not (self.folder / "deck.yaml").is_file():
            load_deck(self.folder)  # says what a deck folder holds: a folder without one stops the studio
        if layout is not None:
            resolve_layout(layout)  # a --layout that does not exist stops it too
        self.chosen_layout = layout  # --layout, over the one deck.yaml names
        self.lock = threading.RLock()
        self._deck: tuple[tuple, Deck] | None = None
        self._layout: tuple[tuple, Layout] | None = None

    # -- reading ----------------------------------------------------------------------------------

    def deck(self) -> Deck:
        """The deck as its files are now (read again only when a file changed)."""
        stamp = files_stamp([self.folder / "deck.yaml", *self.card_files()])
        if self._deck is None or self._deck[0] != stamp:
            self._deck = (stamp, load_deck(self.folder))
        return self._deck[1]

    def card_files(self) -> list[Path]:
        cards = self.folder / "cards"
        return sorted(cards.glob("*.yaml")) + sorted(cards.glob("*.yml"))

    @property
    def layout_name(self) -> str:
        """The layout the deck is shown in: --layout, else the one deck.yaml names (as it is now)."""
        if self.chosen_layout is not None:
            return self.chosen_layout
        try:
            return str(self.deck().layout)
        except DeckError:
            return "default"  # the deck page names what is wrong with deck.yaml

    @property
    def layout_label(self) -> str:
        """The layout as people name it: a bundled one by its name, a file by its name."""
        path = resolve_layout(self.layout_name)
        return path.stem if bundled_layouts().get(path.stem) == path else path.name

    def layout(self) -> Layout:
        """The layout as its files are now: the layout, what it extends, its fonts and logo."""
        path = resolve_layout(self.layout_name)
        stamp = files_stamp([path, *sorted(path.parent.iterdir())])
        if self._layout is None or self._layout[0] != stamp:
            self._layout = (stamp, load_layout(self.layout_name))
        return self._layout[1]

    @property
    def own_layout(self) -> Path | None:
        """The layout file inside the deck folder that brand edits go to, if the deck has one."""
        path = resolve_layout(self.layout_name)
        return path if path.is_relative_to(self.folder) else None

    def read(self, path: Path) -> str:
        """The text of a deck file the studio edits; a DeckError where it is no UTF-8 text (the
        commands read it so: they say the same, with the place)."""
        try:
            return self.inside(path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise DeckError("this file is not saved as UTF-8 text; open it in a text editor and save it as UTF-8",
                            path) from None

    def version(self, path: Path) -> str:
        """A fingerprint of the file as it is now ('' when it does not exist yet)."""
        try:
            return hashlib.sha256(self.inside(path).read_bytes()).hexdigest()[:16]
        except FileNotFoundError:
            return ""

    def inside(self, path: Path) -> Path:
        """`path`, resolved, if it lies in the deck folder; a DeckError otherwise."""
        real = Path(path).resolve()
        if not real.is_relative_to(self.folder):
            raise DeckError(f"{path} lies outside the deck folder {self.folder}; the studio reads and writes "
                            "only inside it")
        return real

    # -- writing ----------------------------------------------------------------------------------

    def save(self, path: Path, text: str, version: str) -> str:
        """Write `text` to `path` if the file is still at `version`; returns the new version."""
        if self.version(path) != version:
            raise Conflict(f"{path.name} was changed elsewhere (another tab or an editor) since this page "
                           "was opened; nothing was saved. Reload the page to see that version.", path)
        write_atomic(self.inside(path), text.encode("utf-8"))
        return self.version(path)

    def save_all(self, texts: dict[Path, str], versions: dict[Path, str]) -> None:
        """Several files that change together (a new order): all checked for conflicts first."""
        for path in texts:
            if self.version(path) != versions.get(path):
                raise Conflict(f"{path.name} was changed elsewhere since this page was opened; nothing was "
                               "saved. Reload the page and try again.", path)
        with Outputs() as outputs:  # all of them or none
            for path, text in texts.items():
                outputs.write(self.inside(path), text.encode("utf-8"))

    def new_card_path(self, number: int, card_id: str) -> Path:
        """A file name for a new card that no card uses: 09-its-id.yaml."""
        path = self.inside(self.folder / "cards" / f"{number:02d}-{card_id}.yaml")
        if path.exists():
            raise DeckError(f"there is already a file {path.name}; give the card another id", path)
        return path

    def follow_deck_layout(self) -> None:
        """From now on show the layout deck.yaml names (the brand page has just named one)."""
        self.chosen_layout = None
        self._layout = None

    @property
    def brand_folder(self) -> Path:
        """The folder of the deck's own layout (or where the brand page makes one): its fonts and logo."""
        return (self.own_layout or self.folder / LAYOUT_FILE).parent

    def free_name(self, name: str) -> Path:
        """A place beside the deck's own layout for an uploaded file, never over an existing one."""
        stem, suffix = _safe(Path(name).stem) or "upload", Path(name).suffix.lower()
        suffix = f".{_safe(suffix[1:])}" if _safe(suffix[1:]) else ""
        return self.free_path(self.brand_folder, f"{stem}{suffix}")

    def free_path(self, folder: Path, name: str) -> Path:
        """`folder`/`name`, or, where a file has that name, NAME-2, NAME-3 ...: never an existing file."""
        stem, suffix = Path(name).stem, Path(name).suffix
        candidate, count = folder / name, 1
        while candidate.exists():
            count += 1
            candidate = folder / f"{stem}-{count}{suffix}"
        return self.inside(candidate)


def _safe(text: str) -> str:
    """Letters, digits, '.', '-' and '_' only, never a leading dot: a name that is only a name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).lstrip(".-")[:80]


def files_stamp(paths: list[Path]) -> tuple:
    """What changes when any of the files change."""
    stamp = []
    for path in paths:
        try:
            status = path.stat()
            stamp.append((str(path), status.st_mtime_ns, status.st_size))
        except OSError:
            stamp.append((str(path), None, None))
    return tuple(stamp)
