"""The `deck` command as its console script starts it: the command line (deck.cli, click with it)
loaded with Python's cycle collector paused, then run.

Loading makes tens of thousands of objects that live as long as the process (modules, classes,
functions) and no garbage, yet the collector walks them again and again as they are made: 14
collections while deck.cli loads. Once loaded they are frozen, so that the collector's first run
after does not walk them all as young objects (collector.paused later hands them to its oldest
generation, where they would have been), and it runs as usual for the command itself (cli.run).
The command also defers the standard library's modules that a build never uses (deferred.py,
UNUSED_BY_A_BUILD), before anything imports them.
(Neither is done on `import deck`: a program that imports deck as a library keeps its collector as
it set it, and its standard library as it loads it.)
"""
from __future__ import annotations

import gc


def load():
    """deck.cli, loaded with the collector paused; the collector running after, as it was."""
    from . import deferred

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        deferred.defer(deferred.UNUSED_BY_A_BUILD)  # (finding them allocates too: paused as well)
        from . import cli
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
    return cli


class Stopped(KeyboardInterrupt):
    """The process was asked to stop (SIGTERM: `kill`, a system shutting down; SIGHUP: the terminal
    closed): handled as Ctrl-C is, every temporary removed and nothing half written, then the exit
    code a shell expects for that signal (128 + its number)."""

    def __init__(self, number: int):
        super().__init__(number)
        self.code = 128 + number


def _stop(number, frame):
    raise Stopped(number)


def stop_on_signals(let_pass: bool = False) -> None:
    """SIGTERM and SIGHUP stop deck as Ctrl-C does; with `let_pass`, once the command is over, they
    are let pass (they would only break off the cache writes at exit). (_signal, the signal module's
    own core: the module builds enums a build never needs.)"""
    import _signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(_signal, name):  # (Windows has no SIGHUP)
            _signal.signal(getattr(_signal, name), _signal.SIG_IGN if let_pass else _stop)


def run() -> None:
    try:
        stop_on_signals()
        cli = load()
    except KeyboardInterrupt as stopped:  # Ctrl-C while Python loads deck: nothing has been done yet
        import os
        import sys

        sys.stderr.write("stopped; nothing was written.\n")
        sys.stderr.flush()
        os._exit(getattr(stopped, "code", 130))
    cli.run()


if __name__ == "__main__":
    run()
