"""Content and layout files on disk -> a rebuilt deck and preview each time one of them changes.

Polls modification times (no extra dependency, works on every file system); every error is
printed and the watch goes on, so a half-typed YAML file (or a full disk) never ends the session.
Ctrl-C ends it (the CLI turns the KeyboardInterrupt into exit code 130).
"""
from __future__ import annotations

import functools
import time
from pathlib import Path

from .errors import DeckError


def watched_files(content: Path, layout: str | None) -> dict[Path, float]:
    """Every file whose change should trigger a rebuild, with its modification time; `layout` None
    means the layout deck.yaml names."""
    found: dict[Path, float] = {}
    try:
        found.update((path, _mtime(path)) for path in [*content.rglob("*.yaml"), *content.rglob("*.yml")])
        folder = _layout_folder(content, layout, tuple(found.items()))
        found.update((path, _mtime(path)) for path in folder.iterdir()
                     if path.suffix in (".yaml", ".yml", ".png", ".jpg", ".jpeg", ".ttf"))
    except (DeckError, OSError):
        pass  # a missing folder or layout: the rebuild reports it
    return found


@functools.lru_cache(maxsize=1)
def _layout_folder(content: Path, layout: str | None, stamps: tuple) -> Path:
    """The folder of the layout (what it extends, its fonts and logo); looked up again only when a
    file of the content folder changed (`stamps`), not at every look."""
    from .content import load_deck
    from .layouts import resolve_layout

    return (resolve_layout(layout) if layout else load_deck(content).layout).parent


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def rebuild(content: Path, layout: str | None, output: Path | None, out) -> None:
    """One build of the PDF and its preview; a problem is reported and the watch goes on."""
    from . import build, preview_path

    now = time.strftime("%H:%M:%S")
    try:
        pdf = build(content, layout, output, warn=lambda message: out.warn(f"{now} {message}"), with_preview=True)
        out.done(f"{now} wrote {pdf} and {preview_path(pdf)}")
    except DeckError as error:
        for problem in error.errors:
            out.error(f"{now} {problem}")
        out.error(f"{now} nothing was written; the watch goes on")
    except Exception as error:  # a bug in deck must not end the session either; it is told as one
        out.error(f"{now} unexpected {type(error).__name__}: {error} (a bug in deck: please report it with "
                  "the file you changed); nothing was written; the watch goes on")


def watch(content: Path | None, layout: str | None, output: Path | None, interval: float, out,
          rounds: int | None = None) -> None:
    """Rebuild now, then after every change; `rounds` limits the looks (for tests)."""
    from . import default_content

    content = Path(content or default_content())
    seen = watched_files(content, layout)
    rebuild(content, layout, output, out)
    named = f"the layout '{layout}'" if layout else "the layout deck.yaml names"
    out.done(f"watching {content} and {named}; press Ctrl-C to stop")
    looks = 0
    while rounds is None or looks < rounds:
        time.sleep(interval)
        looks += 1
        now = watched_files(content, layout)
        if now != seen:
            seen = now
            rebuild(content, layout, output, out)
