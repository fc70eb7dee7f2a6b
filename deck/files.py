"""Files in and out: the users' files are read with care and never destroyed.

In: `read_input(path, limit)` -> the bytes of an ordinary file of bounded size (never a pipe, a
device or a folder, which would hang or fill memory); each file read inside `reading()` is noted,
so that no output of the same run can overwrite it.
Out: `Outputs` writes finished bytes atomically (a temporary file beside the target, fsync, rename,
fsync the folder) and several files all or nothing; a target that is one of the run's inputs, a
folder, a device, a pipe or a link is refused before anything is written. Every OSError becomes a
DeckError that names the file.
"""
from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import re
import stat
import sys
import time
from pathlib import Path

from .errors import DeckError

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be removed there anyway
    fcntl = None

# A temporary of a killed run is removed by a later run only if it is older than that run.
RUN_STARTED = time.time()

_INPUTS: contextvars.ContextVar[set | None] = contextvars.ContextVar("deck_inputs", default=None)

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a pipe (FIFO)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a link"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not an ordinary file")


def _reason(error: OSError) -> str:
    """An OSError in plain words."""
    return {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EFBIG: "the file is larger than this disk or system allows",
        errno.EACCES: "you have no permission for it",
        errno.EPERM: "you have no permission for it",
        errno.EROFS: "the disk is read-only",
        errno.ENOTDIR: "a file stands where a folder should be",
        errno.EISDIR: "it is a folder",
        errno.ENOENT: "it does not exist",
        errno.ENAMETOOLONG: "the name is too long",
    }.get(error.errno, (error.strerror or str(error)).lower())


# -- in ----------------------------------------------------------------------------------------

@contextlib.contextmanager
def reading():
    """Inside this block every file read with `read_input` is noted; yields the set of notes
    (device, inode), to hand to `Outputs` so that no input is ever overwritten."""
    inputs: set = set()
    token = _INPUTS.set(inputs)
    try:
        yield inputs
    finally:
        _INPUTS.reset(token)


def noted_inputs(inputs: set) -> None:
    """Note the inputs another process read for this run (each a (device, inode), as _note makes)."""
    current = _INPUTS.get()
    if current is not None:
        current.update(inputs)


def note_input(path: Path) -> None:
    """Note a file read by other means (a font, a logo) as an input of the current run."""
    with contextlib.suppress(OSError):
        _note(os.stat(path))


def _note(info: os.stat_result) -> None:
    inputs = _INPUTS.get()
    if inputs is not None:
        inputs.add((info.st_dev, info.st_ino))


def read_input(path: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of the ordinary file `path`, at most `limit` of them; a DeckError (naming the
    file) for anything else: a pipe or a device would hang or never end."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise DeckError(f"cannot read the {what}: {_reason(error)}", path) from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise DeckError(f"this is {_kind(info.st_mode)}, not a {what}; deck reads only ordinary "
                            "files: put the file itself here", path)
        data = _read_all(handle, limit + 1) if info.st_size <= limit else b""
    except OSError as error:
        raise DeckError(f"cannot read the {what}: {_reason(error)}", path) from None
    finally:
        os.close(handle)
    if info.st_size > limit or len(data) > limit:
        raise DeckError(f"the {what} is {_size(max(info.st_size, len(data)))}; deck takes at most "
                        f"{_size(limit)} per {what} (is this the right file?)", path)
    _note(info)
    return data


def _read_all(handle: int, most: int) -> bytes:
    """At most `most` bytes from the open file `handle`, to its end (as a file object's read(most)
    gives them, without making one: a deck reads a file per card)."""
    pieces, count = [], 0
    while count < most:
        piece = os.read(handle, min(most - count, 1 << 20))
        if not piece:
            break
        pieces.append(piece)
        count += len(piece)
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


def _size(count: int) -> str:
    """A size in words, rounded up, so a file just over a limit never reads as the limit itself."""
    for unit, name in ((1_000_000, "MB"), (1000, "KB")):
        if count >= unit:
            return f"{count // unit} {name}" if count % unit == 0 else f"{-(-count * 10 // unit) / 10:g} {name}"
    return f"{count} bytes"


# -- out ---------------------------------------------------------------------------------------

# An existing file is replaced by a PDF or a PNG only if it is one (or empty): a font, a logo, a
# document that happens to bear the name is never lost, whether or not the run read it.
SIGNATURES = {"PDF": b"%PDF-", "PNG": b"\x89PNG\r\n\x1a\n"}


def kind_of(data: bytes) -> str | None:
    """"PDF" or "PNG" for bytes of that kind, else None."""
    return next((kind for kind, signature in SIGNATURES.items() if data.startswith(signature)), None)


def check_target(path: Path, inputs: set = frozenset(), example: str = "deck.pdf", kind: str | None = None) -> None:
    """Refuse to write `path` if that would destroy something: one of the run's inputs, a folder,
    a device, a pipe, a link (which points elsewhere), or, when `kind` ("PDF", "PNG") is given, a
    file of another kind, or a name that says another kind (boek.docx for a PDF). For a folder the
    message suggests a file in it named `example`."""
    refuse_standard_output(path, f"the file, for example -o {example}")
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        _check_name(path, kind)
        return
    except OSError as error:
        raise DeckError(f"cannot write here: {_reason(error)}; choose another place with -o", path) from None
    if stat.S_ISDIR(info.st_mode):
        raise DeckError(f"this is a folder; give the name of a file, for example {Path(path) / example}",
                        path)
    if not stat.S_ISREG(info.st_mode):
        raise DeckError(f"this is {_kind(info.st_mode)}, not a file; deck replaces only ordinary files: "
                        "choose another place with -o", path)
    if (info.st_dev, info.st_ino) in inputs:
        raise DeckError("this is one of the files the deck is made from; writing there would destroy it: "
                        "choose another place with -o", path)
    if kind is not None and info.st_size and not _first_bytes(path).startswith(SIGNATURES[kind]):
        raise DeckError(f"this file is not a {kind}, so deck did not write it before; writing there would "
                        "destroy it: choose another place with -o, or remove the file first", path)
    _check_name(path, kind)


def refuse_standard_output(path: Path, what: str) -> None:
    """'-', which names standard output to other programs: deck would make a file (or folder)
    called '-'; `what` to name instead."""
    if Path(path).name == "-":
        raise DeckError(f"deck writes files, not to standard output; name {what}")


def _check_name(path: Path, kind: str | None) -> None:
    """A name that says another kind than what deck writes there (boek.docx for a PDF) is refused."""
    suffix = Path(path).suffix
    if kind is not None and suffix and suffix.lower() != f".{kind.lower()}" and not suffix[1:].isdigit():
        raise DeckError(f"deck writes a {kind} here, and a file called {Path(path).name} would be taken for "
                        f"another kind; name it {Path(path).stem}.{kind.lower()}", path)


def _first_bytes(path: Path) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read(8)
    except OSError as error:
        raise DeckError(f"cannot write here: {_reason(error)}; choose another place with -o", path) from None


class Outputs:
    """Several files written all or nothing.

    `write(path, data)` and `open(path)` fill a temporary beside each target; leaving the
    with-block normally renames them all into place, leaving it by an error (or Ctrl-C) removes
    them, so the previous files stay as they were.
    """

    def __init__(self, inputs: set = frozenset()):
        self.inputs = inputs
        self.pending: list[tuple[int, str, Path]] = []  # (locked handle, temporary, target)
        self.made: list[Path] = []  # folders made for the targets, innermost last: removed again if nothing is written

    def __enter__(self) -> "Outputs":
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self._commit()
        else:
            self._discard()

    def write(self, path: Path, data: bytes) -> None:
        with self.open(path, kind_of(data)) as stream:
            stream.write(data)

    @contextlib.contextmanager
    def open(self, path: Path, kind: str | None = None):
        """A binary stream to fill with a file of `kind` ("PDF", "PNG" or None: see check_target);
        its bytes reach `path` when the Outputs block ends well."""
        path = Path(path)
        check_target(path, self.inputs, kind=kind)
        handle, temporary = self._temporary(path)
        self.pending.append((handle, temporary, path))
        stream = os.fdopen(os.dup(handle), "wb")
        try:
            with _as_deck_error(path):
                yield stream
                stream.flush()
                os.fsync(stream.fileno())
        finally:
            # (closing flushes what is still buffered: after an error, a full disk would raise
            # again, and its bare OSError would take the place of the message that names the file)
            with contextlib.suppress(OSError) if sys.exc_info()[0] is not None else _as_deck_error(path):
                stream.close()

    def _temporary(self, path: Path) -> tuple[int, str]:
        import tempfile  # here, not above: `deck --help` and the commands that write nothing never need it

        with _as_deck_error(path):
            missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made += reversed(missing)
            remove_stale_temporaries(path)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        if fcntl is not None:  # a later run leaves a temporary alone while its writer lives
            fcntl.flock(handle, fcntl.LOCK_EX)
        return handle, temporary

    def _commit(self) -> None:
        try:
            for _, temporary, path in self.pending:
                check_target(path, self.inputs)
                with _as_deck_error(path):
                    os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a PDF is for sharing
            for _, temporary, path in self.pending:
                with _as_deck_error(path):
                    os.replace(temporary, path)
            for folder in dict.fromkeys(path.parent for *_, path in self.pending):
                _sync_folder(folder)
        finally:
            self._discard()

    def _discard(self) -> None:
        for handle, temporary, _ in self.pending:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            os.close(handle)
        self.pending = []
        for folder in reversed(self.made):  # (a folder something was written to is not empty: it stays)
            with contextlib.suppress(OSError):
                folder.rmdir()
        self.made = []


def write_atomic(path: Path, data: bytes, inputs: set = frozenset()) -> None:
    """Write `data` to `path` through a temporary beside it, renamed into place when complete."""
    with Outputs(inputs) as outputs:
        outputs.write(path, data)


@contextlib.contextmanager
def _as_deck_error(path: Path):
    try:
        yield
    except DeckError:
        raise
    except OSError as error:
        room = error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
        raise DeckError(f"cannot write this file: {_reason(error)}; {'free some room or ' if room else ''}"
                        "choose another place with -o", path) from None


def _sync_folder(folder: Path) -> None:
    """The rename itself reaches the disk only when the folder is synced (POSIX)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def remove_stale_temporaries(path: Path) -> None:
    """Remove `.NAME.xxxxxxxx.tmp` files beside `path` left by an earlier run that was killed:
    named by tempfile for this very target, older than this run, and locked by no living writer."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.tmp")
    try:
        names = [entry.name for entry in os.scandir(path.parent) if pattern.fullmatch(entry.name)]
    except OSError:
        return
    for name in names:
        temporary = path.parent / name
        with contextlib.suppress(OSError):
            info = os.lstat(temporary)
            if not stat.S_ISREG(info.st_mode) or info.st_mtime >= RUN_STARTED:
                continue
            handle = os.open(temporary, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            try:
                if fcntl is not None:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.unlink(temporary)
            finally:
                os.close(handle)


LEFT_BEHIND_AFTER = 600  # seconds: what a run writes is touched all the time; this long untouched, it was left


def remove_left_behind(folder: Path, left) -> None:
    """Remove what a run killed while writing (SIGKILL, a power cut: no run can tidy up after
    those itself) left in `folder`: the entries `left(entry)` takes for its temporaries, files or
    folders, untouched for LEFT_BEHIND_AFTER seconds."""
    now = time.time()
    try:
        entries = [entry for entry in os.scandir(folder) if left(entry)]
    except OSError:
        return
    for entry in entries:
        try:
            if entry.stat(follow_symlinks=False).st_mtime >= now - LEFT_BEHIND_AFTER:
                continue
            if entry.is_dir(follow_symlinks=False):
                import shutil

                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:
            pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
