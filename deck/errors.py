"""The one error type for a user's mistakes: a message and, where known, the place in a file."""
from __future__ import annotations

from pathlib import Path


class DeckError(Exception):
    """A problem in the user's files or options, told in words a workshop facilitator understands.

    `line` and `column` are 1-based, as editors show them.
    """

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None,
                 column: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column

    @property
    def place(self) -> str:
        if self.path is None:
            return ""
        parts = [str(self.path)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message

    @property
    def errors(self) -> list["DeckError"]:
        """The problems this error stands for: itself, or, for DeckErrors, each one."""
        return [self]


class DeckErrors(DeckError):
    """Several problems found in one pass, so the user can fix them all at once."""

    def __init__(self, errors: list[DeckError]):
        self._errors = [one for error in errors for one in error.errors]
        super().__init__("\n".join(str(error) for error in self._errors))

    @property
    def errors(self) -> list[DeckError]:
        return self._errors

    def __str__(self) -> str:
        return self.message
