"""Font subsets -> tags derived from what they hold, instead of reportlab's count.

reportlab tags the subsets of a font AAAAAA+, AAAAAB+, ... in every file, so two files carry a
Lato-Regular tagged AAAAAA+ whose code 5 is a different glyph; a print shop that gangs jobs can
draw one file's text with another's subset. Here each subset is renamed, after reportlab made it,
with six letters from a hash of the font file and the subset's characters in code order, as ISO
32000-1 (9.6.4) suggests: equal tags mean equal subsets, and a rebuild gives the same tags.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

TAG_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def subset_tag(font_digest: bytes, codes: list[int]) -> str:
    """Six capital letters from the font file's digest and the subset's characters in code order."""
    digest = hashlib.sha256(font_digest + ",".join(map(str, codes)).encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    return "".join(TAG_LETTERS[number // 26 ** place % 26] for place in range(6))


@functools.lru_cache(maxsize=1)
def _tagged_class():
    """Made on first use, on top of fonts.py's cached font: reportlab is imported only when needed."""
    from reportlab.pdfbase.pdfdoc import PDFName
    from reportlab.pdfbase.ttfonts import makeToUnicodeCMap

    from .fonts import _cached_ttfont

    class TaggedTTFont(_cached_ttfont()):
        """A font registered by deck, its subsets tagged by subset_tag. A subclass used by our own
        registration only: no other user of reportlab is touched."""

        def __init__(self, name: str, path: Path):
            from .cache import content_digest

            super().__init__(name, path)
            self.path = Path(path)
            self.digest = content_digest(path)  # the SHA-256 of the font file, hashed once per process

        def addObjects(self, doc) -> None:
            """reportlab's subsets, renamed: BaseFont, the descriptor's FontName, the ToUnicode map."""
            subsets = [list(codes) for codes in self.state[doc].subsets]  # reportlab drops its state
            names = [self.getSubsetInternalName(number, doc)[1:] for number in range(len(subsets))]
            try:
                super().addObjects(doc)
            except Exception as error:  # (a font whose tables point outside it: reportlab's subsetting
                # reads past its glyphs, though measuring them worked)
                from .errors import DeckError
                from .fonts import DAMAGED_GLYPHS

                raise DeckError(DAMAGED_GLYPHS.format(type(error).__name__), self.path) from None
            fonts = doc.idToObject["BasicFonts"].dict
            for name, codes in zip(names, subsets):
                font = fonts[name]
                counted = font.BaseFont
                tagged = subset_tag(self.digest, codes) + counted[counted.index("+"):]
                font.BaseFont = tagged
                doc.idToObject[font.FontDescriptor.name].dict["FontName"] = PDFName(tagged)
                doc.idToObject[font.ToUnicode.name].content = makeToUnicodeCMap(tagged, codes)

    return TaggedTTFont


def TaggedTTFont(name: str, path: Path):  # noqa: N802 (it makes a font, as a class would)
    """A reportlab font for `path` whose subsets are tagged by what they hold."""
    return _tagged_class()(name, path)
