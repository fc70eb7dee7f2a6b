"""Text in the PDF when a font needs more than one subset: reportlab encodes at most 256 characters a
subset, so a deck that uses more of a font's characters has lines that change subset mid-line."""
import shutil
from pathlib import Path

import pypdfium2

from helpers import deck

CONTENT = Path(__file__).resolve().parent.parent / "content"
# Latin-1 and Latin Extended-A letters: with ASCII, more than 256 characters of the regular font
LETTERS = [chr(code) for code in range(0xC0, 0x17F) if chr(code).isalpha() and chr(code) not in "×÷ſ"]


def test_lines_that_change_font_subset_keep_every_character(tmp_path):
    folder = tmp_path / "deck"
    shutil.copytree(CONTENT, folder)
    card = folder / "cards" / "01-gedeelde-visie.yaml"
    words = ["".join(LETTERS[k:k + 6]) for k in range(0, len(LETTERS), 6)]
    text = card.read_text(encoding="utf-8")
    start = text.index("summary:")
    end = text.index("\nchallenges:", start)  # (the whole summary, over its lines)
    card.write_text(text[:start] + "summary: " + " ".join(f"a{word}b" for word in words) + text[end:],
                    encoding="utf-8")
    result = deck("card", "1", "--content", folder, "-o", tmp_path / "one.pdf")
    assert result.exit_code == 0, result.output
    page = pypdfium2.PdfDocument(str(tmp_path / "one.pdf"))[0]
    printed = "".join(page.get_textpage().get_text_range().split())
    assert len(set("".join(words))) + 95 > 256  # the summary alone takes the font past one subset
    for word in words:
        assert f"a{word}b" in printed.replace("-", "")
