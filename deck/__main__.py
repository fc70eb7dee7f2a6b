"""`python -m deck`: the `deck` command, for where its script is not on the PATH (a virtual
environment not activated, Windows)."""
from .command import run

run()
