"""A second core put to work: a forked copy of this process does part of a job and sends back what
it made, record by record, while this process does the rest.

The helper starts as an exact copy (fork), so it needs nothing explained: it runs a function on the
data both already hold. What it sends is pickled to a temporary file, and a byte on a pipe says a
record is complete; receive() gives the records in order, and None once the helper has ended (its
work done, or failed: the caller then does that part itself). The helper never returns into the
caller's code and never runs what this process runs at exit (caches written, files closed), and
close() ends it and waits for it, on every path out (an error, Ctrl-C).
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import sys
import tempfile
import threading
from typing import Callable

_LENGTH = struct.Struct("<Q")


SMALLEST_DECK = 40  # cards: a smaller deck is fitted and drawn before a second process would pay for its start
# cards: the helper starts as a copy of this process and, as it works, the pages it copies become its
# own (Python writes to every object it reads), so two processes hold up to twice what one does:
# beyond this many cards that would pass 300 MB (1000 cards: 150 MB together; 3000: 306 MB)
LARGEST_DECK = 2000


def helps(cards: int) -> bool:
    """A helper process pays, and stays within memory, for a deck of `cards` cards (the intro card not
    counted) on this machine."""
    return SMALLEST_DECK <= cards <= LARGEST_DECK and spare_core()


def spare_core() -> bool:
    """A second core to run a helper on, Linux (where forking a process that has loaded system
    libraries is safe; macOS warns against it), and no other thread in this process (the studio's
    server) that a fork could copy in the middle of something."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:
        return (os.cpu_count() or 1) > 1


class Helper:
    """`work(send)` run in a forked copy of this process; each `send(record)` reaches receive().

    With `answers`, the helper can be told something as it works: `work(send, hear)`, where
    `hear()` waits for what tell() sends (None once this process has closed the helper)."""

    def __init__(self, work: Callable[..., None], answers: bool = False):
        self.pid, self.file, self.read_end, self.offset, self.ended = None, None, None, 0, True
        self.tell_end = None
        try:
            self.file = tempfile.TemporaryFile(prefix="deck-helper-")
            self.read_end, write_end = os.pipe()
            hear_end, self.tell_end = os.pipe() if answers else (None, None)
            self.pid = os.fork()
        except OSError:  # no file, pipe or process to be had: the caller does the work itself
            self.close()
            return
        self.ended = False
        if self.pid == 0:  # the helper: never returns
            status = 1
            try:
                for name in ("SIGINT", "SIGTERM", "SIGHUP"):  # Ctrl-C, kill, a closed terminal: the parent tidies up
                    if hasattr(signal, name):
                        signal.signal(getattr(signal, name), signal.SIG_DFL)
                os.close(self.read_end)
                send = lambda record: _send(self.file.fileno(), write_end, record)  # noqa: E731
                if answers:
                    os.close(self.tell_end)
                    work(send, lambda: _heard(hear_end))
                else:
                    work(send)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        if answers:
            os.close(hear_end)

    def waiting(self) -> bool:
        """Whether receive() would answer at once: a record is complete, or the helper has ended."""
        if self.ended:
            return True
        return bool(select.select([self.read_end], [], [], 0)[0])

    def tell(self, message) -> None:
        """Send `message` to the helper's hear()."""
        try:
            _write_record(self.tell_end, message)
        except OSError:  # (the helper has ended: it hears nothing, and says so by ending)
            pass

    def receive(self):
        """The next record the helper sent, waiting for it; None once the helper has ended."""
        if self.ended:
            return None
        if not os.read(self.read_end, 1):
            self.ended = True
            return None
        (length,) = _LENGTH.unpack(os.pread(self.file.fileno(), _LENGTH.size, self.offset))
        record = os.pread(self.file.fileno(), length, self.offset + _LENGTH.size)
        self.offset += _LENGTH.size + length
        return pickle.loads(record)

    def join(self) -> None:
        """Wait for the helper to end by itself (its work done), then close()."""
        if self.pid:
            os.waitpid(self.pid, 0)
            self.pid = None
        self.close()

    def close(self) -> None:
        """End the helper (if it has not ended) and wait for it."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = None
        for end in ("read_end", "tell_end"):
            if getattr(self, end) is not None:
                os.close(getattr(self, end))
                setattr(self, end, None)
        if self.file is not None:
            self.file.close()
            self.file = None
        self.ended = True

    def __enter__(self) -> "Helper":
        return self

    def __exit__(self, *exception) -> None:
        self.close()


def _heard(pipe: int):
    """What tell() sent, waiting for it; None once the other end is closed."""
    head = _read_exactly(pipe, _LENGTH.size)
    if head is None:
        return None
    data = _read_exactly(pipe, _LENGTH.unpack(head)[0])
    return None if data is None else pickle.loads(data)


def _read_exactly(pipe: int, count: int) -> bytes | None:
    data = b""
    while len(data) < count:
        more = os.read(pipe, count - len(data))
        if not more:
            return None
        data += more
    return data


def _send(file: int, pipe: int, record) -> None:
    _write_record(file, record)
    os.write(pipe, b"\x01")


def _write_record(handle: int, record) -> None:
    """`record` pickled, after its length, written whole to `handle` (what receive() and _heard read)."""
    data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(handle, view):]
