"""What several test modules ask of deck: run a command as a user does, read a PDF's text."""
import importlib
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from deck.cli import main


def deck(*args):
    """`deck ARGS` through the command line, in this process; a traceback fails the test."""
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert result.exc_info is None or result.exc_info[0] is SystemExit, f"uncaught {result.exception!r}"
    return result


def problems_found(count: int) -> str:
    """How deck's last line of errors counts them: "1 problem found", "3 problems found"."""
    return "1 problem found" if count == 1 else f"{count} problems found"


def layout_file(folder: Path, text: str, name: str = "mine.yaml") -> str:
    """A layout file in `folder` that extends the default layout with `text` (its line 2 on)."""
    path = folder / name
    path.write_text("extends: default\n" + text, encoding="utf-8")
    return str(path)


def text_of(pdf: Path) -> str:
    """Every page's text, white space made single."""
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(pdf).pages)


def interrupted_build_leaves_nothing(build, target: Path) -> None:
    """`build()`, interrupted (Ctrl-C) on the way, writes no `target` and leaves no process behind:
    every helper process (deck/cores.py) ended and reaped."""
    import os

    import pytest

    with pytest.raises(KeyboardInterrupt):
        build()
    assert not target.exists()
    with pytest.raises(ChildProcessError):  # no child left, running or a zombie
        os.waitpid(-1, os.WNOHANG)


def compiled(name: str):
    """deck's compiled module `name` (deck/_linebreak.c, deck/_pdftext.c), or a failed test that says
    how to build it: setup.py builds it wherever a C compiler is at hand (CI has one); without it deck
    still works, on the same code in Python, only slower."""
    try:
        return importlib.import_module(f"deck.{name}")
    except ImportError:  # pragma: no cover - the message is the point
        import deck as package

        pytest.fail(f"deck.{name} is missing beside {package.__file__}: the tests import this folder, so install "
                    "it with `pip install -e .`, with a C compiler (gcc or clang) at hand")


def same_deck_in_python(tmp_path: Path, layout: str, in_python) -> None:
    """The bundled deck in `layout` is the same PDF built with deck's compiled code and, after
    `in_python()` takes it away, with the Python it stands for."""
    import os

    import deck as package

    content = Path(__file__).resolve().parent.parent / "content"
    compiled_pdf = package.build(content, layout, tmp_path / "compiled.pdf").read_bytes()
    in_python()
    # in a cache of its own: every paragraph broken and every word measured anew, in Python
    before = os.environ["DECK_CACHE"]
    os.environ["DECK_CACHE"] = str(tmp_path / "python-cache")
    try:
        assert package.build(content, layout, tmp_path / "python.pdf").read_bytes() == compiled_pdf
    finally:
        os.environ["DECK_CACHE"] = before


def text_sizes(pdf: Path) -> set[float]:
    """Every font size the PDF sets text in (Tf), on its pages and in the forms they draw."""
    import pikepdf

    def sizes(holder, seen: set) -> set[float]:
        found = {float(operands[1]) for operands, operator in pikepdf.parse_content_stream(holder)
                 if str(operator) == "Tf"}
        forms = holder.get("/Resources", {}).get("/XObject", {})
        for form in forms.values():
            if form.objgen not in seen and form.get("/Subtype") == "/Form":
                seen.add(form.objgen)
                found |= sizes(form, seen)
        return found
    with pikepdf.open(pdf) as document:
        return set().union(*(sizes(page, set()) for page in document.pages))
