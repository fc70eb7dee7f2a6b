"""Regular expressions compiled when first used.

Compiling a pattern costs 20-400 µs; compiling all of deck's module-level patterns as the modules load
cost about 2 ms of every command, while a command uses few of them (a rebuild of the bundled deck
none of those made here: they check and convert what a user wrote, which deck's cache spares).
"""
import re

_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")


class Pattern:
    """re.compile(pattern, flags), compiled when one of its methods is first asked for; from then on
    each method is the compiled pattern's own, kept on this object (no lookup through it).
    `pattern` is the source, as a compiled pattern's is."""

    __slots__ = ("pattern", "_flags", *_METHODS)

    def __init__(self, pattern: str | bytes, flags: int = 0):
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str):  # asked only for what is not set yet: a method, before the first use
        if name not in _METHODS:
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"Pattern({self.pattern!r})"
