"""Modules that the libraries import as they start but that a build may never use, loaded when first used.

reportlab imports Pillow's Image (for bitmaps) and HarfBuzz (for shaping) at its start. deck draws a
bitmap only for a bitmap logo, and shapes with HarfBuzz only a kerning pair or a height it has not
kept (measure.py): most runs use neither, and loading the two costs about a twentieth of a small
deck's build. defer() puts a module in the place of each that runs the library's own code on the
first attribute asked of it, so everything that uses them works unchanged.

The `deck` command (command.py) also defers Python's own modules that the libraries import at their
start and a build never uses (UNUSED_BY_A_BUILD): about 6 ms of every command. `import deck` leaves
those alone: a program that imports deck as a library keeps its standard library as it loads it.

importlib.util.LazyLoader does not serve here: on Python 3.11 it loads the module as soon as an
`import` statement meets it in sys.modules (the import asks for its __spec__). A deferred module has
its __spec__, __name__ (and a package its __path__) from the start, and loads for any other attribute.
"""
from __future__ import annotations

import importlib.util
import sys
import types

DEFERRED = ("PIL.Image", "uharfbuzz")
# imported at the start of: reportlab.lib.rl_safe_eval (textwrap), tempfile (shutil), inspect (linecache,
# tokenize, token), deck.colours (colorsys, heapq: for the colours a layout adds), deck.cores (signal)
UNUSED_BY_A_BUILD = ("textwrap", "shutil", "linecache", "tokenize", "token", "colorsys", "heapq", "signal")


class _Deferred(types.ModuleType):
    """A module whose code runs when an attribute it does not have yet is asked."""

    def __getattr__(self, attr: str):
        if attr == "__path__":  # asked by an import of a module that is no package: it has none
            raise AttributeError(attr)
        self.__class__ = types.ModuleType  # from now on, an ordinary module
        try:
            self.__spec__.loader.exec_module(self)
        except BaseException:  # gone, as after a failed import: the next import reports the problem anew
            sys.modules.pop(self.__name__, None)
            parent, _, child = self.__name__.rpartition(".")
            if parent and getattr(sys.modules.get(parent), child, None) is self:
                delattr(sys.modules[parent], child)
            raise
        return getattr(self, attr)


def defer(names: tuple[str, ...] | None = None) -> None:
    """Each module of `names` (by default DEFERRED) that is installed and not imported yet loads
    on its first use."""
    for name in DEFERRED if names is None else names:
        if name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)  # (PIL.Image: imports the small PIL package)
        except ImportError:
            continue
        if spec is None or not hasattr(spec.loader, "exec_module"):
            continue  # not installed: whoever needs it says so
        module = importlib.util.module_from_spec(spec)
        module.__class__ = _Deferred
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)


def load() -> None:
    """Load every deferred module now: a process that starts threads (the studio's server) loads
    them first, so that two threads never run a module's code at once."""
    for module in list(sys.modules.values()):
        if isinstance(module, _Deferred):
            getattr(module, "_loaded_now", None)
