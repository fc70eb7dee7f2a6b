"""A Deck + the registered fonts -> nothing, or a DeckError naming a character no font can draw.

Checked before anything is set, so a missing glyph is never a silent gap or an empty box.
"""
from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from .content import Deck
from .errors import DeckError, DeckErrors
from .labels import labels_for
from .text import quote_marks, smarten
from .layouts import Layout

# Characters the layout adds to the text: bullets, quote marks, the separator in headers.
ADDED = "•›‘’·"
# Characters smarten() may put into a text.
SMART = "‘’“”–"


def _texts(deck: Deck, layout: Layout):
    """(file, line, column, what, text) for every text the deck prints, for checking that the fonts
    can draw it; the line and column are the text's own in its file."""
    numbers = {card.path: card.number for card in deck.cards}
    for placed in deck.texts():
        number = numbers.get(placed.path)
        what = f"card {number}, {placed.label}: " if number is not None else f"{placed.label}: "
        yield placed.path, placed.line, placed.column, what, placed.text
    for key in ("organisation", "footer"):
        yield layout.path, None, None, f"{key}: ", getattr(layout, key)


def printed_characters(deck: Deck, layout: Layout) -> set[str]:
    """Every character the deck's cards can print: the characters as written, those the typography
    puts in (quote marks, dashes) and the headings' (the texts themselves are not smartened here,
    which for a large deck would keep them all twice), the deck's and the layout's own."""
    marks = quote_marks(deck.language)
    return deck.characters.union(ADDED, SMART, *marks.double, *marks.single, *marks.block, layout.organisation,
                                 layout.footer,
                                 *labels_for(deck.language, deck.labels).values())


def check_deck(deck: Deck, layout: Layout, fonts: dict[str, str]) -> None:
    """Every character the deck prints must be in every font. The whole deck is checked at once;
    only when a character is missing are the texts searched, and the texts with a missing character
    are named (DeckErrors), each character once per text and in reading order: the first
    NAMED_TEXTS texts for each character, the rest counted in one more problem that names the font
    (a font without the language's 'ë' is one thing to mend, not forty)."""
    used = printed_characters(deck, layout)
    faces = [pdfmetrics.getFont(font).face for font in fonts.values()]
    if all(ord(char) in face.charToGlyph for face in faces for char in used if not char.isspace()):
        return
    marks = quote_marks(deck.language)
    problems: list[DeckError] = []
    texts: dict[tuple[str, str], int] = {}  # (char, font) -> how many texts use it
    for path, line, column, what, text in _texts(deck, layout):
        named: set[str] = set()
        for font in fonts.values():
            for char, problem in missing_glyphs(smarten(text, marks), font, path, what, line, column):
                if char not in named:
                    named.add(char)
                    key = char, font_name(font)
                    texts[key] = texts.get(key, 0) + 1
                    if texts[key] <= NAMED_TEXTS:
                        problems.append(problem)
    for (char, font), count in texts.items():
        if count > NAMED_TEXTS:  # a font that lacks a letter of the language: the font is to change, not 40 texts
            rest = count - NAMED_TEXTS
            problems.append(DeckError(f"the character '{char}' (U+{ord(char):04X}) is also in {rest} more "
                                      f"text{'s' if rest > 1 else ''}; the font {font} lacks it: choose a font "
                                      "that has it (fonts: in the layout)"))
    if problems:
        raise DeckErrors(problems)


NAMED_TEXTS = 3  # the texts named for each character a font lacks; the rest are counted


def font_name(font: str) -> str:
    face = pdfmetrics.getFont(font).face
    return face.name.decode() if isinstance(face.name, bytes) else face.name


def _advice(char: str, name: str) -> str:
    return (f"the character '{char}' (U+{ord(char):04X}) is not in the font {name}; remove it or choose a font "
            "that has it")


def check_glyphs(text: str, font: str, path, what: str = "", line: int | None = None,
                 column: int | None = None) -> None:
    """Every character must exist in the font: no tofu boxes, no silent gaps (the first missing one
    is named)."""
    for _, problem in missing_glyphs(text, font, path, what, line, column):
        raise problem


def missing_glyphs(text: str, font: str, path, what: str = "", line: int | None = None,
                   column: int | None = None) -> list[tuple[str, DeckError]]:
    """Each character of `text` the font lacks, in reading order, with the DeckError that names it."""
    face = pdfmetrics.getFont(font).face
    problems = []
    for char in dict.fromkeys(text):
        if char.isspace():  # white space is never drawn
            continue
        if ord(char) not in face.charToGlyph:
            problems.append((char, DeckError(f"{what}{_advice(char, font_name(font))}", path, line, column)))
    return problems
