"""Python's cycle collector, paused while deck makes millions of small acyclic objects.

Fitting, reading kept paragraphs and drawing allocate lines, tuples and strings by the million;
none of them form cycles, yet every few thousand allocations the collector walks all that are
alive (a third of the fit at 1000 cards, 0.2 s of drawing them). They are freed by reference
counting all the same; what outlives the pause joins the oldest generation without a collection.
"""
from __future__ import annotations

import contextlib
import gc

_ENDS_AT_ONCE = False
_outliving: tuple = ()  # what the last command made, kept to the end when the process ends at once


@contextlib.contextmanager
def paused():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # what was made meanwhile goes straight to the oldest generation, uncollected: else the
            # first allocation after the pause walks all of it, as young (35 ms after fitting and
            # drawing 1000 cards), though what is garbage already went by reference counting.
            # (freeze, then unfreeze at once: the collector still looks at it in its full collections)
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def ends_at_once() -> None:
    """This process ends by os._exit once its command is done (cli.run), without freeing its objects."""
    global _ENDS_AT_ONCE
    _ENDS_AT_ONCE = True


def outlive(*made) -> None:
    """Keep what a command made (a fitted deck) to the end of a process that ends at once: letting
    go of 1000 fitted cards object by object costs about 20 ms, and the system takes the memory
    back whole. Only the latest is kept (`deck watch` builds again and again), so memory never grows
    by more than one deck; in any other process this does nothing."""
    global _outliving
    if _ENDS_AT_ONCE:
        _outliving = made
