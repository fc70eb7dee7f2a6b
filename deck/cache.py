"""Work that every run would repeat (parsing hyphenation patterns, reading a font's tables) -> its
result, kept in a per-user cache folder between runs.

An entry is keyed by the content of the file it was made from, its kind and deck's version, so a
changed file or a new deck never reads a stale entry. The folder is the user's own (created private,
and not trusted when another user could write to it) and safe to delete at any time: whatever is
missing is made again. DECK_CACHE names another folder; DECK_CACHE=off keeps nothing.

Three ways to keep a value:
- `remembered(kind, file, make)`: made once from a file (a font's facts and tables);
- `recall`/`keep`: knowledge that grows as it is used, for a file (the kerning pairs of a font, the
  hyphenated words of a language), kept again at exit when a run added to it;
- `recall_for`/`keep_for`: one entry per file (a checked YAML file), read only while the file's
  bytes are those it was made from.
A kind of entry whose value also depends on deck's own code names `code_stamp()`.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, TypeVar

from .collector import paused

T = TypeVar("T")


def folder() -> Path | None:
    """The cache folder, or None when caching is off."""
    return _folder(os.environ.get("DECK_CACHE"))


@functools.lru_cache(maxsize=4)
def _folder(chosen: str | None) -> Path | None:
    """(Asked once per file a deck reads: platformdirs works it out anew every time.)"""
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_path  # XDG_CACHE_HOME, ~/Library/Caches, %LOCALAPPDATA%

    return user_cache_path("deck", appauthor=False)


def remembered(kind: str, source: Path, make: Callable[[], T], valid: Callable[[object], bool] | None = None) -> T:
    """`make()`'s result for the file `source`, from the cache when it is there (and, where `valid`
    is given, of the shape it judges: an entry damaged on disk is made again, never used)."""
    entry = _file_entry(kind, source)
    if entry is None:
        return make()
    found = read(entry)
    if found is not MISSING and (valid is None or valid(found)):
        return found
    value = make()
    store(entry, value)
    return value


def recall(kind: str, source: Path, valid: Callable[[object], bool]):
    """What `keep` last kept for the file `source`, or None: for knowledge that grows as it is used
    (kerning pairs), where `remembered` keeps what is made once. `valid` judges what is read."""
    entry = _file_entry(kind, source)
    found = MISSING if entry is None else read(entry)
    return found if found is not MISSING and valid(found) else None


def keep(kind: str, source: Path, value) -> None:
    """Keep `value` for the file `source`, replacing what was kept (see `recall`)."""
    entry = _file_entry(kind, source)
    if entry is not None:
        store(entry, value)


def recall_for(kind: str, name: str, data: bytes, valid: Callable[[object], bool]):
    """What `keep_for` last kept under `name` (a file's absolute path, or a name of deck's own) if
    it was made from these bytes (the file's, already read), else None."""
    entry = _name_entry(kind, name)
    found = MISSING if entry is None else read(entry)
    if type(found) is not tuple or len(found) != 2 or found[0] != hashlib.sha256(data).digest():
        return None
    return found[1] if valid(found[1]) else None


def keep_for(kind: str, name: str, data: bytes, value) -> None:
    """Keep `value`, made from `data`, under `name` (see `recall_for`), in place of what was kept
    there before: one entry per file, however often it changes (the studio saves a card at every
    edit)."""
    entry = _name_entry(kind, name)
    if entry is not None:
        store(entry, (hashlib.sha256(data).digest(), value))


def _file_entry(kind: str, source: Path) -> Path | None:
    """The entry of `kind` for the file `source` (keyed by its bytes); None when caching is off (and
    the file is not read)."""
    place = folder()
    return None if place is None else place / kind / f"{_key(kind, source)}.pickle"


def _name_entry(kind: str, name: str) -> Path | None:
    """The entry of `kind` under `name`; None when caching is off."""
    place = folder()
    return None if place is None else place / kind / f"{entry_key(kind, name.encode())}.pickle"


@functools.lru_cache(maxsize=1)
def code_stamp() -> str:
    """Sixteen letters that change with deck's own source files and data (the Dutch word list) and
    with the libraries that decide how a YAML file is read and checked or a word hyphenated (PyYAML;
    pyphen; Pillow, for the colour names): each file's path, size and modification time, Python's
    own test for a changed module. A kind of entry made by code (checked files, defaults,
    hyphenated words) names it, so other code never reads it."""
    import importlib.util

    here = Path(__file__).parent
    files = []
    for folder, ending in ((here, ".py"), (here / "data", ".marisa")):
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            files += sorted(entry.path for entry in entries if entry.name.endswith(ending))
    for name in ("yaml", "pyphen", "PIL"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            files.append(spec.origin)
    return _stamp(files)


@functools.lru_cache(maxsize=None)
def library_stamp(name: str) -> str:
    """Sixteen letters that change with the installed library `name` (a package): the files in its
    folder, as code_stamp stamps them, found without importing it (nor loading it where deferred.py
    deferred it)."""
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec(name)  # on sys.path: a module in sys.modules is not asked
    files = []
    for place in (spec.submodule_search_locations or []) if spec is not None else []:
        with contextlib.suppress(OSError), os.scandir(place) as entries:
            files += sorted(entry.path for entry in entries if entry.is_file())
    return _stamp(files)


def _stamp(files: list[str]) -> str:
    digest = hashlib.sha256()
    for file in files:
        status = os.stat(file)
        digest.update(f"{file}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:16]


MISSING = object()


def read(entry: Path):
    """The value kept in `entry`, or MISSING when it is not there, not readable, or in a folder
    this user does not own alone."""
    if not trusted(entry.parent):
        return MISSING
    try:
        # the collector paused: unpickling makes many small acyclic objects (a font's tables: 2.0 ms
        # with it running, 0.8 ms without)
        with entry.open("rb") as stream, paused():
            return pickle.load(stream)
    except Exception:  # missing, unreadable, or damaged (pickle raises many kinds: OverflowError too): make it again
        return MISSING


def _key(kind: str, source: Path) -> str:
    return entry_key(kind, content_digest(source))


def entry_key(kind: str, *parts: str | bytes) -> str:
    """32 hexadecimal letters that name an entry of `kind` made from `parts` by this version of deck
    on this Python: bytes as they are, each text followed by a NUL."""
    from . import __version__

    digest = hashlib.sha256(f"{kind}\0{__version__}\0{sys.version_info[:2]}\0".encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else f"{part}\0".encode())
    return digest.hexdigest()[:32]


def content_digest(source: Path) -> bytes:
    """The SHA-256 of the file's bytes. A font is hashed for two cache entries, the deck's typeset
    paragraphs and its subset tags (subsets.py): read and hashed once while the file is unchanged
    (its path, size, modification and change times, inode and device the same), and what was hashed
    is kept in deck's cache for the next run (2-4 ms of every build: four fonts of 700 KB). A file
    changed in the last seconds is hashed each time: a change within the file system's clock tick
    would leave its times as they were. (The change time cannot be set back: a file copied over with
    its old modification time is hashed again.)"""
    status = os.stat(source)
    stamp = (os.path.abspath(source), status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino,
             status.st_dev)
    digests = _kept_digests()
    known = digests.get(stamp)
    if known is not None:
        return known
    digest = hashlib.sha256(Path(source).read_bytes()).digest()
    if time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) > _SETTLED:
        if len(digests) >= KEPT_DIGESTS:
            digests.clear()
        digests[stamp] = digest
        _DIGESTS_NEW.append(stamp)
    return digest


_DIGESTS: dict[tuple, bytes] = {}
_DIGESTS_NEW: list[tuple] = []  # hashed in this process: kept at exit
_DIGESTS_READ = False  # whether the kept digests were read (once a process)
_SETTLED = 3_000_000_000  # ns: a file not changed for this long is not being changed now
KEPT_DIGESTS = 256  # files: a deck's fonts, logo and layouts, with room for several brands


def _kept_digests() -> dict[tuple, bytes]:
    """The digests of files hashed before, by this run and the earlier ones (read once a process)."""
    global _DIGESTS_READ
    if not _DIGESTS_READ:
        _DIGESTS_READ = True
        entry = _name_entry("digests", "files")
        found = MISSING if entry is None else read(entry)
        if type(found) is dict and len(found) <= KEPT_DIGESTS and all(
                type(stamp) is tuple and len(stamp) == 6 and type(digest) is bytes and len(digest) == 32
                for stamp, digest in found.items()):
            _DIGESTS.update(found)
        import atexit

        atexit.register(_keep_digests)
    return _DIGESTS


def _keep_digests() -> None:
    """At exit: the digests kept again when this run hashed a file."""
    entry = _name_entry("digests", "files")
    if _DIGESTS_NEW and entry is not None:
        store(entry, dict(_DIGESTS))
        _DIGESTS_NEW.clear()


def trusted(place: Path) -> bool:
    """Only a folder of this user's that nobody else may write to is read from (a pickle is code)."""
    try:
        status = place.stat()
    except OSError:
        return False
    if os.name != "posix":
        return True
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def store(entry: Path, value) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not trusted(entry.parent):
            return
        _sweep(entry.parent)
        handle, temporary = tempfile.mkstemp(prefix=".entry.", dir=entry.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError):
        pass  # a cache that cannot be written is only slower, never an error


_SWEPT: set = set()  # the folders whose left-behind temporaries this process removed


def _sweep(folder: Path) -> None:
    """Remove the `.entry.*` temporaries a run killed while writing left in `folder` (SIGKILL, or a
    helper process killed with its parent), once a process (files.remove_left_behind)."""
    if folder in _SWEPT:
        return
    _SWEPT.add(folder)
    from .files import remove_left_behind

    remove_left_behind(folder, lambda entry: entry.name.startswith(".entry."))


def digest(source: Path) -> str:
    """content_digest as hexadecimal text, for names made of several parts."""
    return content_digest(source).hex()
