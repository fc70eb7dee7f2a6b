"""Where the bundled default deck, layouts and fonts are: inside the installed package, or at the
top of a source checkout."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """The folder `content`, `layouts` or `fonts` that ships with deck."""
    for candidate in (_PACKAGE / "bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled folder '{name}' is missing; reinstall deck")
