"""A Deck + the registered fonts -> nothing, or a DeckError naming a character no font can draw.

Checked before anything is set, so a missing glyph is never a silent gap or an empty box.
"""
from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from .content import Deck
from .errors import DeckError
from .text import smarten
from .layouts import Layout

# Characters the layout adds to the text: bullets, quote marks, the separator in headers.
ADDED = "•›‘’·"
# Characters smarten() may put into a text.
SMART = "‘’“”–"


def _texts(deck: Deck, layout: Layout):
    """(file, what, text) for every text the deck prints, for checking that the fonts can draw it."""
    yield deck.folder / "deck.yaml", "", " ".join((
        deck.title, deck.subtitle, deck.publisher, deck.card_label, *deck.intro, deck.how_to_heading,
        *deck.how_to, *deck.labels.values()))
    yield layout.path, "", f"{layout.organisation} {layout.footer}"
    for card in deck.cards:
        parts = [card.title, card.summary, card.suggestions_heading, *card.suggestions]
        parts += [text for c in card.challenges for text in (c.question, c.text)]
        parts += [text for q in card.quotes for text in (*q.paragraphs, q.source)]
        parts += [source.title for source in card.sources]
        yield card.path, f"card {card.number}: ", " ".join(parts)


def check_deck(deck: Deck, layout: Layout, fonts: dict[str, str]) -> None:
    """Every character the deck prints must be in every font. The whole deck is checked at once;
    only when a character is missing are the files searched for the one to name."""
    texts = list(_texts(deck, layout))
    # the characters as written, and those the typography puts in (quote marks, dashes): the texts
    # themselves are not smartened here, which for a large deck would keep them all twice
    used = set(ADDED + SMART).union(*(text for _, _, text in texts))
    faces = [pdfmetrics.getFont(font).face for font in fonts.values()]
    if all(ord(char) in face.charToGlyph for face in faces for char in used if not char.isspace()):
        return
    for path, what, text in texts:
        for font in fonts.values():
            check_glyphs(smarten(text), font, path, what)


def check_glyphs(text: str, font: str, path, what: str = "") -> None:
    """Every character must exist in the font: no tofu boxes, no silent gaps."""
    face = pdfmetrics.getFont(font).face
    for char in dict.fromkeys(text):  # in reading order, so the first missing one is named
        if char.isspace():  # white space is never drawn
            continue
        if ord(char) not in face.charToGlyph:
            name = face.name.decode() if isinstance(face.name, bytes) else face.name
            raise DeckError(f"{what}the character '{char}' (U+{ord(char):04X}) is not in the font {name}; "
                            "remove it or choose a font that has it", path)
