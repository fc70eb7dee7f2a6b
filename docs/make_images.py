"""Regenerate the README's pictures from the tool's own output: python docs/make_images.py"""
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from deck import build, card_images  # noqa: E402  (the path above makes a source checkout work)
from deck.files import write_atomic  # noqa: E402
from deck.preview import png_bytes, render_pages  # noqa: E402

DPI = 60


def make(folder: Path = HERE / "images") -> list[Path]:
    """A front, a back (card 3) and an A4 fronts sheet of the default deck, as PNG."""
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        for path in card_images("3", Path(scratch), DPI):
            side = path.stem.rsplit("-", 1)[1]
            written.append(folder / f"card-{side}.png")
            write_atomic(written[-1], path.read_bytes())
        sheets = build(output=Path(scratch) / "deck.pdf")
        sheet = render_pages(sheets.read_bytes(), DPI / 2)[2]
        written.append(folder / "sheet-a4.png")
        write_atomic(written[-1], png_bytes(sheet))
    return written


if __name__ == "__main__":
    for path in make():
        print(f"wrote {path}")
