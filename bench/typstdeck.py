"""The same deck set by Typst, for the side-by-side run: a content folder + deck's body sizes -> a
Typst document beside the cards, and the command line that compiles it as a whole process.

The document is bench/cards.typ after a short header that names the card files, the body sizes
deck chose for each card (so both set the same text at the same sizes) and its band colours;
Typst reads the YAML files itself. `typst` is the Python wheel (the optional `bench` extra): it has
no command of its own, so the process is `python -c "import typst; typst.compile(...)"`.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "cards.typ"
FONTS = Path(__file__).resolve().parent.parent / "fonts"
MAIN = "bench-cards.typ"


def available() -> str:
    """'' if the typst wheel is installed here, else why not (without importing it: the benchmark's
    own process stays small, see bench/proc.py)."""
    import importlib.util

    if importlib.util.find_spec("typst") is None:
        return "the typst wheel is not installed (pip install -e '.[bench]')"
    return ""


def version(folder: Path) -> str:
    """'Typst 0.15.1 (typst wheel 0.15.2)': the compiler's own version as Typst reports it
    (sys.version), asked in a child process; `folder` is a scratch folder."""
    import subprocess

    empty = folder / "empty.typ"
    empty.write_text("", encoding="utf-8")
    code = ("import json, sys, typst; print(json.dumps([json.loads(typst.eval(sys.argv[1], 'str(sys.version)')), "
            "typst.__version__]))")
    compiler, wheel = json.loads(subprocess.run([sys.executable, "-c", code, str(empty)], check=True,
                                                capture_output=True, text=True).stdout)
    return f"Typst {compiler} (typst wheel {wheel})"


def write_document(folder: Path, sizes: list[tuple[float, float]], colours: list[str], accent: str,
                   prose: dict[str, dict[str, float]], total_fit: bool = False, name: str = MAIN) -> Path:
    """The Typst document for the deck in `folder` (deck.yaml, cards/*.yaml), written beside it as `name`.

    `sizes`: (front, back) body size in points per card, the intro card first, as deck fitted them;
    `colours`: each card's band colour as #rrggbb, `accent` the intro card's; `prose`: where deck sets
    the running text of the fronts and of the intro's front ({"front": {"columns", "left", "width",
    "gutter"}, "intro": ...}, lengths in points, see bench/inproc.py); `total_fit`: break lines as deck does
    (Typst's "optimized" line breaking) instead of Typst's default for ragged text (first-fit).
    """
    paths = sorted(path.relative_to(folder).as_posix() for path in (folder / "cards").glob("*.yaml"))
    if len(sizes) != len(paths) + 1:
        raise ValueError(f"{len(sizes)} body sizes for {len(paths)} cards and the intro card")
    header = ["// written by bench/typstdeck.py: the deck's card files, deck's body sizes and band colours",
              f"#let paths = ({''.join(json.dumps(path) + ', ' for path in paths)})",
              f"#let sizes = ({''.join(f'({front}pt, {back}pt), ' for front, back in sizes)})",
              f"#let colours = ({''.join(json.dumps(colour) + ', ' for colour in colours)})",
              f"#let accent = rgb({json.dumps(accent)})",
              "#let prose = (" + ", ".join(f"{kind}: ({_lengths(place)})" for kind, place in prose.items()) + ")",
              f"#let linebreaks = {json.dumps('optimized') if total_fit else 'auto'}", ""]
    target = folder / name
    target.write_text("\n".join(header) + TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def _lengths(place: dict[str, float]) -> str:
    return ", ".join(f"{key}: {value}" if key == "columns" else f"{key}: {value:.3f}pt" for key, value in place.items())


def compile_command(document: Path, output: Path, python: str) -> list[str]:
    """The command line that compiles `document` to `output` in a process of its own (`python`, the
    interpreter deck's children run in): Typst sees only the bundled fonts (no system fonts), and
    the deck's folder as its root."""
    code = (f"import typst; typst.compile({str(document)!r}, output={str(output)!r}, "
            f"root={str(document.parent)!r}, font_paths=[{str(FONTS)!r}], ignore_system_fonts=True)")
    return [python, "-c", code]


def import_command(python: str) -> list[str]:
    """A process that only starts Python and imports the wheel: Typst's floor through this wrapper."""
    return [python, "-c", "import typst"]
