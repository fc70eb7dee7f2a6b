"""A deck's language and its own `labels:` -> the words deck prints around the content.

In:  the deck's language tag (nl-NL, en-GB, ...) and the labels set in deck.yaml.
Out: one dict of words: the word for one card when deck.yaml names none (card), the headings on
     the cards (challenges, further_reading, figure) and the words of the slug line on every sheet
     (sheet, fronts, backs, ...).

Dutch, English, German and French are built in; another language gets the English words until its
deck.yaml names its own headings. The slug words are templates: {number}, {total} and {flip} are filled in.
"""
from __future__ import annotations

BUILT_IN = {
    "nl": {
        "card": "Kaart",
        "intro": "intro",
        "front": "voorkant",
        "back": "achterkant",
        "challenges": "Uitdagingen",
        "further_reading": "Verder lezen",
        "figure": "Figuur 1",
        "sheet": "vel {number} / {total}",
        "fronts": "voorkanten",
        "backs": "achterkanten",
        "fold": "vouwen op de stippellijn",
        "actual_size": "afdrukken op 100 % / ware grootte",
        "two_sided": "dubbelzijdig, omslaan via de {flip} zijde",
        "long": "lange",
        "short": "korte",
    },
    "en": {
        "card": "Card",
        "intro": "intro",
        "front": "front",
        "back": "back",
        "challenges": "Challenges",
        "further_reading": "Further reading",
        "figure": "Figure 1",
        "sheet": "sheet {number} / {total}",
        "fronts": "fronts",
        "backs": "backs",
        "fold": "fold on the dashed line",
        "actual_size": "print at 100 % / actual size",
        "two_sided": "two-sided, flip on the {flip} edge",
        "long": "long",
        "short": "short",
    },
    "de": {
        "card": "Karte",
        "intro": "Einführung",
        "front": "Vorderseite",
        "back": "Rückseite",
        "challenges": "Herausforderungen",
        "further_reading": "Zum Weiterlesen",
        "figure": "Abbildung 1",
        "sheet": "Bogen {number} / {total}",
        "fronts": "Vorderseiten",
        "backs": "Rückseiten",
        "fold": "an der gestrichelten Linie falzen",
        "actual_size": "mit 100 % / in Originalgröße drucken",
        "two_sided": "beidseitig, an der {flip} Kante wenden",
        "long": "langen",
        "short": "kurzen",
    },
    "fr": {
        "card": "Carte",
        "intro": "introduction",
        "front": "recto",
        "back": "verso",
        "challenges": "Défis",
        "further_reading": "Pour aller plus loin",
        "figure": "Figure 1",
        "sheet": "feuille {number} / {total}",
        "fronts": "recto",
        "backs": "verso",
        "fold": "plier sur la ligne pointillée",
        "actual_size": "imprimer à 100 % / taille réelle",
        "two_sided": "recto verso, retourner sur le bord {flip}",
        "long": "long",
        "short": "court",
    },
}
FALLBACK = "en"


def labels_for(language: str, own: dict[str, str] | None = None) -> dict[str, str]:
    """The built-in words for `language` (a tag such as nl-NL), with the deck's own on top."""
    primary = language.split("-")[0].split("_")[0].lower()
    return {**BUILT_IN.get(primary, BUILT_IN[FALLBACK]), **(own or {})}
