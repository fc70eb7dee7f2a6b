"""A Deck <-> two tables a person edits in a spreadsheet: the sheet layout and the cell formats.

The sheet "Kaarten" ("Cards") has one row per card and one column per card field; the sheet
"Kaartenset" ("Deck") has one row per field of deck.yaml. Sheet, column and field names are in the
deck's language (Dutch or English). Inside a cell, list items stand one per line:

  Uitdagingen   each challenge a block: the question on its first line, the explanation below it;
                a blank line between challenges
  Citaten       the quote's paragraphs one per line, then its source on a line that starts with a
                dash ("— Ervaring leidinggevende"); a blank line between quotes
  Suggesties    one suggestion per line
  Bronnen       one source per line; a web address on the line below a source (or at the end of
                its line) is its link
  Inleiding, Werkwijze   one paragraph per line

Reading turns cells into the values a YAML file would hold and nothing more: whether they are right
is for the one checker behind `deck check` to say (see deck/exchange.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .content import CARD, Deck
from .errors import DeckError, DeckErrors
from .textcheck import shortened
from .yamlcheck import closest


# The guide sheet of a workbook: what goes in each column's cells, and how a new line is typed in a
# cell ({file} is the workbook's name), in the sheets' language (the README's table says the same).
_GUIDE_NL = (("Kolom", "Wat er in de cel staat"),
             ("Nummer", "De plaats van de kaart in de set: 1, 2, 3 ... zonder gaten."),
             ("Id", "Een korte naam die geen andere kaart heeft: kleine letters, cijfers en '-', bijvoorbeeld "
                    "teamleren. Een nieuwe kaart heeft er ook een nodig."),
             ("Titel", "De titel van de kaart."),
             ("Samenvatting", "De korte beschrijving onder de titel."),
             ("Uitdagingen", "Per uitdaging de vraag op een regel en de toelichting eronder; een lege regel tussen "
                             "twee uitdagingen."),
             ("Citaten", "Per citaat elke alinea op een eigen regel, dan een regel met een streepje en wie het zei "
                         "(— Ervaring HR-manager); een lege regel tussen twee citaten. Zonder aanhalingstekens: deck "
                         "zet ze zelf. Geen citaten: laat de cel leeg."),
             ("Kop suggesties", "De kop boven de suggesties op de achterkant."),
             ("Suggesties", "Een suggestie per regel, zonder opsommingsteken: deck zet ze zelf."),
             ("Bronnen", "Een bron per regel; een webadres (https://...) op de regel eronder of aan het eind van de "
                         "regel. Geen bronnen: laat de cel leeg."),
             ("Een nieuwe regel in een cel", "Alt+Enter in Excel (Control+Option+Return op een Mac), Ctrl+Enter in "
                                             "LibreOffice en Google Sheets."),
             ("Kaartenset", "Het blad Kaartenset bevat de velden van de set zelf (titel, uitgever, taal ...), een per "
                            "rij. Laat je Kop uitdagingen, Kop verder lezen of Bijschrift figuur leeg, dan zet deck "
                            "zijn eigen tekst in de taal van de set."),
             ("Afbreken", "Op het blad Kaartenset: woorden die deck anders moet afbreken, een per regel, met een "
                          "streepje waar het woord mag breken (werk-nemers); zonder streepje breekt het nooit."),
             ("Daarna", "Maak van dit bestand een nieuwe map met de kaartenset: deck import {file} NIEUWE-MAP"))
_GUIDE_EN = (("Column", "What goes in the cell"),
             ("Number", "The card's place in the deck: 1, 2, 3 ... without gaps."),
             ("Id", "A short name no other card has: lowercase letters, digits and '-', for example teamwork. A new "
                    "card needs one too."),
             ("Title", "The card's title."),
             ("Summary", "The short description below the title."),
             ("Challenges", "Each challenge its question on one line and the explanation below it; a blank line "
                            "between two challenges."),
             ("Quotes", "Each paragraph of a quote on a line of its own, then a line with a dash and who said it "
                        "(— A team leader); a blank line between two quotes. No quote marks: deck sets them. No "
                        "quotes: leave the cell empty."),
             ("Suggestions heading", "The heading above the suggestions on the back."),
             ("Suggestions", "One suggestion per line, without bullets: deck sets them."),
             ("Sources", "One source per line; a web address (https://...) on the line below it or at the end of its "
                         "line. No sources: leave the cell empty."),
             ("A new line in a cell", "Alt+Enter in Excel (Control+Option+Return on a Mac), Ctrl+Enter in LibreOffice "
                                      "and Google Sheets."),
             ("Deck", "The sheet Deck holds the deck's own fields (title, publisher, language ...), one per row. A "
                      "Challenges heading, Further reading heading or Figure caption left empty takes deck's own text in the "
                      "deck's language."),
             ("Hyphenation", "On the sheet Deck: words deck should break otherwise, one per line, with a hyphen "
                             "where the word may break (work-place); without one it never breaks."),
             ("Then", "Make a new deck folder of this file: deck import {file} NEW-FOLDER"))

_GUIDE_DE = (("Spalte", "Was in der Zelle steht"),
             ("Nummer", "Der Platz der Karte im Set: 1, 2, 3 ... ohne Lücken."),
             ("Id", "Ein kurzer Name, den keine andere Karte hat: Kleinbuchstaben, Ziffern und '-', zum Beispiel "
                    "teamarbeit. Eine neue Karte braucht auch einen."),
             ("Titel", "Der Titel der Karte."),
             ("Zusammenfassung", "Die kurze Beschreibung unter dem Titel."),
             ("Herausforderungen", "Pro Herausforderung die Frage in einer Zeile und die Erläuterung darunter; eine "
                                   "leere Zeile zwischen zwei Herausforderungen."),
             ("Zitate", "Jeder Absatz eines Zitats in einer eigenen Zeile, dann eine Zeile mit einem Strich und wer "
                        "es gesagt hat (— Eine Teamleiterin); eine leere Zeile zwischen zwei Zitaten. Ohne "
                        "Anführungszeichen: deck setzt sie selbst. Keine Zitate: die Zelle leer lassen."),
             ("Überschrift Vorschläge", "Die Überschrift über den Vorschlägen auf der Rückseite."),
             ("Vorschläge", "Ein Vorschlag pro Zeile, ohne Aufzählungszeichen: deck setzt sie selbst."),
             ("Quellen", "Eine Quelle pro Zeile; eine Webadresse (https://...) in der Zeile darunter oder am Ende der "
                         "Zeile. Keine Quellen: die Zelle leer lassen."),
             ("Eine neue Zeile in einer Zelle", "Alt+Eingabe in Excel (Control+Option+Return auf einem Mac), "
                                                "Strg+Eingabe in LibreOffice und Google Sheets."),
             ("Kartenset", "Das Blatt Kartenset enthält die Felder des Sets selbst (Titel, Herausgeber, Sprache ...), "
                           "eines pro Zeile. Bleiben Überschrift Herausforderungen, Überschrift Weiterlesen oder "
                           "Bildunterschrift leer, setzt deck seinen eigenen Text in der Sprache des Sets."),
             ("Silbentrennung", "Auf dem Blatt Kartenset: Wörter, die deck anders trennen soll, eines pro Zeile, "
                                "mit einem Bindestrich, wo das Wort getrennt werden darf (Deutsch-land); ohne "
                                "Bindestrich wird es nie getrennt."),
             ("Danach", "Machen Sie aus dieser Datei einen neuen Ordner mit dem Set: deck import {file} NEUER-ORDNER"))
_GUIDE_FR = (("Colonne", "Ce que contient la cellule"),
             ("Numéro", "La place de la carte dans le jeu : 1, 2, 3 ... sans trou."),
             ("Id", "Un nom court qu'aucune autre carte n'a : minuscules, chiffres et '-', par exemple "
                    "travail-en-equipe. Une nouvelle carte en a besoin aussi."),
             ("Titre", "Le titre de la carte."),
             ("Résumé", "La courte description sous le titre."),
             ("Défis", "Pour chaque défi, la question sur une ligne et l'explication en dessous ; une ligne vide "
                       "entre deux défis."),
             ("Citations", "Chaque paragraphe d'une citation sur sa propre ligne, puis une ligne avec un tiret et qui "
                           "l'a dit (— Une responsable d'équipe) ; une ligne vide entre deux citations. Sans "
                           "guillemets : deck les met lui-même. Pas de citations : laissez la cellule vide."),
             ("Titre suggestions", "Le titre au-dessus des suggestions, au verso."),
             ("Suggestions", "Une suggestion par ligne, sans puce : deck les met lui-même."),
             ("Sources", "Une source par ligne ; une adresse web (https://...) sur la ligne en dessous ou en fin de "
                         "ligne. Pas de sources : laissez la cellule vide."),
             ("Une nouvelle ligne dans une cellule", "Alt+Entrée dans Excel (Contrôle+Option+Retour sur un Mac), "
                                                     "Ctrl+Entrée dans LibreOffice et Google Sheets."),
             ("Jeu", "La feuille Jeu contient les champs du jeu lui-même (titre, éditeur, langue ...), un par ligne. "
                     "Titre défis, Titre pour aller plus loin ou Légende figure laissés vides prennent le texte de "
                     "deck dans la langue du jeu."),
             ("Césure", "Sur la feuille Jeu : les mots que deck doit couper autrement, un par ligne, avec un trait "
                        "d'union là où le mot peut être coupé (appren-tissage) ; sans trait d'union, il ne l'est "
                        "jamais."),
             ("Ensuite", "Faites de ce fichier un nouveau dossier de jeu : deck import {file} NOUVEAU-DOSSIER"))


@dataclass(frozen=True)
class Words:
    """The words of the sheets in one language: their names, their columns and rows, and the words
    for sheet, row and column in a message."""

    cards: str
    deck: str
    sheet: str
    row: str
    column: str
    field: str
    text: str
    columns: dict[str, str]  # card field -> column name, in the sheet's order
    fields: dict[str, str]   # deck.yaml key (labels.figure for nested ones) -> row name
    guide: str = ""          # the name of the sheet that says what goes in each cell
    guide_rows: tuple = ()   # its rows: (column or subject, what to write); {file} is the workbook's name


WORDS = {
    "nl": Words(
        cards="Kaarten", deck="Kaartenset", sheet="blad", row="rij", column="kolom", field="Veld", text="Tekst",
        guide="Uitleg", guide_rows=_GUIDE_NL,
        columns={"number": "Nummer", "id": "Id", "title": "Titel", "summary": "Samenvatting",
                 "challenges": "Uitdagingen", "quotes": "Citaten", "suggestions_heading": "Kop suggesties",
                 "suggestions": "Suggesties", "sources": "Bronnen"},
        fields={"title": "Titel", "subtitle": "Ondertitel", "publisher": "Uitgever", "language": "Taal",
                "card_label": "Kaartlabel", "labels.challenges": "Kop uitdagingen",
                "labels.further_reading": "Kop verder lezen", "labels.figure": "Bijschrift figuur",
                "intro": "Inleiding", "how_to.heading": "Kop werkwijze", "how_to.text": "Werkwijze",
                "hyphenation": "Afbreken"}),
    "en": Words(
        cards="Cards", deck="Deck", sheet="sheet", row="row", column="column", field="Field", text="Text",
        guide="How to", guide_rows=_GUIDE_EN,
        columns={"number": "Number", "id": "Id", "title": "Title", "summary": "Summary",
                 "challenges": "Challenges", "quotes": "Quotes", "suggestions_heading": "Suggestions heading",
                 "suggestions": "Suggestions", "sources": "Sources"},
        fields={"title": "Title", "subtitle": "Subtitle", "publisher": "Publisher", "language": "Language",
                "card_label": "Card label", "labels.challenges": "Challenges heading",
                "labels.further_reading": "Further reading heading", "labels.figure": "Figure caption",
                "intro": "Introduction", "how_to.heading": "How-to heading", "how_to.text": "How to",
                "hyphenation": "Hyphenation"}),
    "de": Words(
        cards="Karten", deck="Kartenset", sheet="Blatt", row="Zeile", column="Spalte", field="Feld", text="Text",
        guide="Hinweise", guide_rows=_GUIDE_DE,
        columns={"number": "Nummer", "id": "Id", "title": "Titel", "summary": "Zusammenfassung",
                 "challenges": "Herausforderungen", "quotes": "Zitate",
                 "suggestions_heading": "Überschrift Vorschläge",
                 "suggestions": "Vorschläge", "sources": "Quellen"},
        fields={"title": "Titel", "subtitle": "Untertitel", "publisher": "Herausgeber", "language": "Sprache",
                "card_label": "Kartenbezeichnung", "labels.challenges": "Überschrift Herausforderungen",
                "labels.further_reading": "Überschrift Weiterlesen", "labels.figure": "Bildunterschrift",
                "intro": "Einleitung", "how_to.heading": "Überschrift Anleitung", "how_to.text": "Anleitung",
                "hyphenation": "Silbentrennung"}),
    "fr": Words(
        cards="Cartes", deck="Jeu", sheet="feuille", row="ligne", column="colonne", field="Champ", text="Texte",
        guide="Aide", guide_rows=_GUIDE_FR,
        columns={"number": "Numéro", "id": "Id", "title": "Titre", "summary": "Résumé",
                 "challenges": "Défis", "quotes": "Citations", "suggestions_heading": "Titre suggestions",
                 "suggestions": "Suggestions", "sources": "Sources"},
        fields={"title": "Titre", "subtitle": "Sous-titre", "publisher": "Éditeur", "language": "Langue",
                "card_label": "Nom de carte", "labels.challenges": "Titre défis",
                "labels.further_reading": "Titre pour aller plus loin", "labels.figure": "Légende figure",
                "intro": "Introduction", "how_to.heading": "Titre mode d'emploi", "how_to.text": "Mode d'emploi",
                "hyphenation": "Césure"}),
}

GUIDE_WIDTHS = [26, 100]

# Column widths in characters, for spreadsheet programs that honour them.
WIDTHS = {"number": 10, "id": 22, "title": 30, "summary": 60, "challenges": 60, "quotes": 60,
          "suggestions_heading": 22, "suggestions": 70, "sources": 50}
# the line under a quote that names who said it: "— Ervaring HR-manager", "—Ervaring", "- Ervaring"
_SOURCE_LINE = re.compile(r"^(?:[—–]\s*|-\s+|-$)(.*)$")
# a source and the web address at the end of its line, with what people type between them:
# "Artikel https://...", "Artikel (https://...)", "Artikel – https://...", "Site: https://...", or www.
_LINK = re.compile(r"^(.*?)[\s(<–—:-]*((?:https?://|www\.)\S+)$")
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
# a line that is an address alone, written without https:// or www. (example.nl/pagina)
_BARE_ADDRESS = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?$", re.I)


def guide_table(words: Words, file: str) -> list[list[str]]:
    """The guide sheet's rows for a workbook named `file`."""
    return [[name, text.replace("{file}", file)] for name, text in words.guide_rows]


def words_for(language: str) -> Words:
    """The sheet words for a deck's language tag; English for a language deck has no words for."""
    return WORDS.get(language.split("-")[0].lower(), WORDS["en"])


def place(file: str, words: Words, sheet: str | None = None, row: int | None = None,
          column: str | None = None) -> str:
    """'kaarten.xlsx, blad Kaarten, rij 4, kolom Titel', as a message names a cell."""
    parts = [file]
    parts += [f"{words.sheet} {sheet}"] if sheet else []
    parts += [f"{words.row} {row}"] if row else []
    parts += [f"{words.column} {column}"] if column else []
    return ", ".join(parts)


# -- a Deck -> the two tables ------------------------------------------------------------------------

def card_table(deck: Deck, words: Words) -> list[list]:
    """The cards sheet: a row of column names, then one row per card (the number as a number)."""
    rows: list[list] = [list(words.columns.values())]
    for card in deck.cards:
        cells = {
            "number": card.number, "id": card.id, "title": card.title, "summary": card.summary,
            "challenges": "\n\n".join(f"{c.question}\n{c.text}" for c in card.challenges),
            "quotes": "\n\n".join("\n".join((*q.paragraphs, f"— {q.source}")) for q in card.quotes),
            "suggestions_heading": card.suggestions_heading,
            "suggestions": "\n".join(card.suggestions),
            "sources": "\n".join(f"{s.title}\n{s.url}" if s.url else s.title for s in card.sources),
        }
        rows.append([cells[key] for key in words.columns])
    return rows


def deck_table(deck: Deck, words: Words) -> list[list]:
    """The deck sheet: one row per field of deck.yaml that is not about the cards or the layout."""
    values = {
        "title": deck.title, "subtitle": deck.subtitle, "publisher": deck.publisher,
        "language": deck.language, "card_label": deck.card_label,
        **{f"labels.{key}": text for key, text in deck.labels.items()},
        "intro": "\n\n".join(deck.intro), "how_to.heading": deck.how_to_heading,
        "how_to.text": "\n\n".join(deck.how_to), "hyphenation": "\n".join(deck.hyphenation),
    }
    return [[words.field, words.text]] + [[name, values.get(key, "")] for key, name in words.fields.items()]


# -- the two tables -> YAML values ---------------------------------------------------------------------

@dataclass
class Row:
    """One card row read from the sheet: its row number, its values and the column of each key."""

    number: int
    values: dict


def card_rows(rows: list[list[str]], words: Words, where: str, warn=None) -> list[Row]:
    """The cards sheet's rows (cells as text, the column names first) -> one Row per card; empty
    rows are skipped. A sheet whose columns cannot be told apart is a DeckError; a column of one's
    own (notes) is left out, and `warn` hears of it."""
    header = rows[0] if rows else []
    keys, own = _columns(header, words, where)
    if own and warn is not None:
        warn(f"{where}: deck leaves out the column{'s' if len(own) > 1 else ''} "
             f"{', '.join(shortened(header[index].strip(), 40) for index in own)}, which holds no card's field")
    # (a column without a key or a name of its own has no name)
    unnamed = {index for cells in rows[1:] for index, cell in enumerate(cells)
               if cell.strip() and index not in keys and index not in own}
    if unnamed:  # (its texts would be left out without a word: a column whose name was deleted)
        raise DeckErrors([DeckError(f"{where}, {words.column} {column_letters(index)}: it holds texts but has no name in "
                                    f"{words.row} 1; write its name back ({', '.join(words.columns.values())}), "
                                    "or move those texts out of the sheet") for index in sorted(unnamed)])
    cards, problems = [], []
    for number, cells in enumerate(rows[1:], start=2):
        texts = {key: cells[index].strip() if index < len(cells) else "" for index, key in keys.items()}
        linked = {key: getattr(cells[index], "link", "") for index, key in keys.items() if index < len(cells)}
        if any(cell.strip() for cell in cells):
            if linked.get("sources"):
                texts["sources"], problem = _with_link(texts["sources"], linked["sources"])
                if problem:
                    problems.append(DeckError(f"{where}, {words.row} {number}, {words.column} "
                                              f"{words.columns['sources']}: {problem}"))
            cards.append(Row(number, _card_values(texts)))
            for key, check in (("challenges", _challenge_problems), ("quotes", _quote_problems),
                               ("sources", _source_problems)):
                cell = f"{where}, {words.row} {number}, {words.column} {words.columns[key]}"
                problems += [DeckError(f"{cell}: {problem}") for problem in check(texts.get(key, ""))]
    if problems:
        raise DeckErrors(problems)
    if not cards:
        raise DeckError(f"{where}: there are no cards; write one card per row below the column names")
    return cards


def _columns(header: list[str], words: Words, where: str) -> tuple[dict[int, str], list[int]]:
    """Column positions -> card fields, from the column names in the first row; and the columns
    of the sheet's user's own (Opmerkingen): a name close to a field's is taken for a slip."""
    names = {name: key for key, name in words.columns.items()}
    known = {name_key(name): key for name, key in names.items()}
    keys: dict[int, str] = {}
    own: list[int] = []
    problems = []
    hinted: set[str] = set()  # (a name a slip was taken for is not missing too)
    for index, name in enumerate(" ".join(cell.split()) for cell in header):
        if not name:
            continue
        key = known.get(name_key(name))
        if key is None:
            hint = _in_another_language(name, words) or closest(name, list(names))
            if hint is None:
                own.append(index)
                continue
            hinted.add(hint)
            problems.append(f"the column {shortened(name, 40)} is not one deck knows: did you mean {hint}? "
                            f"the columns are {', '.join(names)}")
        elif key in keys.values():
            problems.append(f"there are two columns {name}; keep one")
        else:
            keys[index] = key
    missing = [name for key, name in words.columns.items()
               if key not in keys.values() and CARD.fields[key].required and name not in hinted]
    if missing:
        problems.append(f"there is no column {', '.join(missing)}; the first row names the columns: "
                        f"{', '.join(names)}")
    if problems:
        raise DeckErrors([DeckError(f"{where}, {words.row} 1: {problem}") for problem in problems])
    return keys, own


def _in_another_language(name: str, words: Words) -> str | None:
    """A card field's name in another language's sheet (Summary in a Dutch one) -> this one's."""
    for other in WORDS.values():
        for key, other_name in other.columns.items():
            if name_key(other_name) == name_key(name):
                return words.columns[key]
    return None


def name_key(name: str) -> str:
    """A column or field name as it is matched: whatever its capitals and its spaces (a no-break
    space, a line break typed into the cell)."""
    return " ".join(name.split()).casefold()


def column_letters(index: int) -> str:
    """A column's letters as spreadsheet programs show them: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _card_values(texts: dict[str, str]) -> dict:
    """A card row's cell texts -> the values a card file would hold, in the schema's order. An empty
    cell becomes an empty value, so that the checker names what is missing."""
    readers = {"number": _number, "challenges": _challenges, "quotes": _quotes, "suggestions": _items,
               "sources": _sources}
    values = {}
    for key in CARD.fields:
        text = texts.get(key, "")
        if key in ("quotes", "sources") and not text:
            continue  # optional lists: an empty cell is no list at all
        values[key] = readers.get(key, _text)(text)
    return values


def deck_values(rows: list[list[str]], words: Words, where: str) -> tuple[dict, dict[str, int]]:
    """The deck sheet's rows -> the values deck.yaml would hold, and the row of each field."""
    header = [name_key(cell) for cell in (rows[0] if rows else [])][:2]
    if header != [name_key(words.field), name_key(words.text)]:
        raise DeckError(f"{where}, {words.row} 1: the first row should read {words.field}, {words.text}")
    keys = {name: key for key, name in words.fields.items()}
    known = {name_key(name): name for name in keys}
    texts: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        name = " ".join(cells[0].split()) if cells else ""
        name = known.get(name_key(name), name)
        text = cells[1].strip() if len(cells) > 1 else ""
        if not name and not text:
            continue
        if name not in keys:
            hint = closest(name, list(keys))
            raise DeckError(f"{place(where, words, row=number, column=words.field)}: '{name}' is not a field "
                            "deck knows: " + (f"did you mean {hint}? " if hint else "")
                            + f"the fields are {', '.join(keys)}")
        if keys[name] in texts:
            raise DeckError(f"{place(where, words, row=number, column=words.field)}: {name} appears twice; keep one")
        texts[keys[name]], lines[keys[name]] = text, number
    return _deck_yaml(texts), lines


def _deck_yaml(texts: dict[str, str]) -> dict:
    """Field texts -> deck.yaml's values: the required ones always (empty if empty, for the checker
    to name), the optional ones when they are filled in."""
    values = {key: _text(texts.get(key, "")) for key in ("title", "subtitle", "publisher", "language", "card_label")}
    for optional in ("subtitle", "card_label"):
        if values[optional] is None:
            del values[optional]
    labels = {key.split(".")[1]: _text(text) for key, text in texts.items() if key.startswith("labels.") and text}
    if labels:
        values["labels"] = labels
    if texts.get("intro"):
        values["intro"] = _lines(texts["intro"])
    if texts.get("how_to.heading") or texts.get("how_to.text"):
        values["how_to"] = {"heading": _text(texts.get("how_to.heading", "")),
                            "text": _lines(texts.get("how_to.text", ""))}
    if texts.get("hyphenation"):
        values["hyphenation"] = _lines(texts["hyphenation"])
    return values


# -- cell formats ------------------------------------------------------------------------------------

_WHITE = re.compile(r"[ \t\r\n]+")  # (not str.split(): a no-break space from Word keeps '10 %' together)


def _text(cell: str) -> str | None:
    """One text: line breaks and runs of spaces in the cell become single spaces."""
    return _WHITE.sub(" ", cell).strip() or None


def _number(cell: str) -> int | str | None:
    text = _text(cell)
    if text and re.fullmatch(r"[0-9]{1,3}(?:[.,\u202f\u00a0 ][0-9]{3})+", text):  # 1,000 or 1.000 formatted #,##0
        return int(re.sub(r"\D", "", text))
    whole = re.fullmatch(r"([0-9]+)(?:[.,]0+)?", text) if text else None  # (8 formatted 0.0 shows '8,0')
    return int(whole.group(1)) if whole else text  # ('3³' is for the checker to refuse)


def _lines(cell: str) -> list[str]:
    return [_WHITE.sub(" ", line).strip() for line in cell.splitlines() if line.strip()]


# a list's bullet pasted from Word (the layout sets its own; Symbol's and Wingdings' come as
# private-use characters). A number stays: in a cell of one item a line, it may be the item's own.
PASTED_BULLET = re.compile(r"^[•·‣◦▪∙*–\-§➢➤\uf0b7\uf0a7\uf0d8][ \t\u00a0]+")
# any mark of a list pasted whole into one field (the studio's suggestion): a bullet, Word's
# second-level 'o' before a tab, or a number or letter with . or )
PASTED_LIST_MARK = re.compile(rf"{PASTED_BULLET.pattern}|^o\t+|^(?:\d{{1,2}}|[a-z])[.)][ \t\u00a0]+")


def _items(cell: str) -> list[str]:
    """A list, one item per line, without the bullets a text pasted from a list in Word brings."""
    return [PASTED_BULLET.sub("", line) for line in _lines(cell)]


def _challenges(cell: str) -> list[dict]:
    challenges = []
    for block in re.split(r"\n\s*\n", cell.strip()):
        lines = _lines(block)
        if lines:
            challenges.append({"question": lines[0], "text": " ".join(lines[1:]) or None})
    return challenges


def _challenge_problems(cell: str) -> list[str]:
    """A question mark ends the line of a challenge's question: a line that ends in one below the
    explanation, with more lines after it, is the next challenge without the blank line before it,
    which would make it part of the explanation."""
    problems = []
    for block in re.split(r"\n\s*\n", cell.strip()):
        lines = _lines(block)
        for line in lines[2:-1]:
            if line.endswith(("?", "?”", "?’", '?"')):
                problems.append(f"the line '{line[:40]}' ends in a question mark like a challenge's question, but "
                                "it stands in the explanation of the challenge above it; put a blank line before it "
                                "if it starts a new challenge, or join it to the line above if it belongs to the "
                                "explanation")
    return problems


def _quote_problems(cell: str) -> list[str]:
    """A line that starts with a dash names who said a quote, so it ends the quote: one with more
    lines after it before a blank line is a paragraph pasted with a dash, or two quotes run together."""
    problems = []
    for block in re.split(r"\n\s*\n", cell.strip()):
        lines = _lines(block)
        for line in lines[:-1]:
            if _SOURCE_LINE.match(line):
                problems.append(f"the line '{line[:40]}' starts with a dash, which names who said a quote, but "
                                "more of the quote follows it; put a blank line after it if it ends a quote, or "
                                "take the dash away if it is part of the quote")
    return problems


# the marks a quote typed into a cell may be wrapped in (deck sets the deck's own: they would be doubled)
_WRAPPED = re.compile(r'^(?:"(.*)"|“(.*)”|„(.*)[“”]|‘(.*)’|\'(.*)\'|«(.*)»|‹(.*)›|»(.*)«)([.!?…]?)$', re.S)


def unwrapped(paragraph: str) -> str:
    """A paragraph without the quotation marks it was typed in: ‘“Leren ...”’ printed them twice.
    Not one that opens and closes with quoted words of its own ("Ja," zei ze, "graag.")."""
    wrapped = _WRAPPED.match(paragraph)
    if not wrapped:
        return paragraph
    *parts, after = wrapped.groups()
    inner = next(part for part in parts if part is not None).strip()  # (« … »: its no-break spaces)
    marks = {paragraph[0], paragraph[-1 - len(after)]} - {"’"}  # (an apostrophe inside is a word's: ’t)
    if marks & set(inner):
        return paragraph
    return inner if inner.endswith((".", "!", "?", "…")) else inner + after  # ("Leren.". -> Leren.)


def _quotes(cell: str) -> list[dict]:
    quotes, paragraphs = [], []
    for line in _lines(cell):
        source = _SOURCE_LINE.match(line)
        if source:
            quotes.append({"text": quote_text("\n\n".join(paragraphs)) or None, "source": _text(source.group(1) or "")})
            paragraphs = []
        else:
            paragraphs.append(line)
    if paragraphs:
        quotes.append({"text": quote_text("\n\n".join(paragraphs)), "source": None})  # the checker asks for its source
    return quotes


def quote_text(whole: str) -> str:
    """A quote's text (paragraphs apart by a blank line) without the quotation marks typed around
    the whole quote (opening on its first line, closing on its last) or around each paragraph."""
    bare = unwrapped(whole)
    return bare if bare != whole else "\n\n".join(map(unwrapped, re.split(r"\n\s*\n", whole)))


def _address_alone(url: str) -> str:
    """A web address without what a sentence puts after it: 'https://x/a).' -> https://x/a, but
    https://en.wikipedia.org/wiki/Learning_(theory) keeps its bracket."""
    while url and url[-1] in ".,;:!?>)]\"'’”":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _with_link(cell: str, link: str) -> tuple[str, str | None]:
    """A sources cell that links to `link` (Excel's hyperlink, or =HYPERLINK): one source without a
    web address of its own takes the link; in a cell of several, which one is meant cannot be told."""
    lines = _lines(cell)
    if not lines:
        return cell, None  # (a link on an empty cell: no source)
    if not link.lower().startswith(("http://", "https://")):
        return cell, (f"the cell links to {link}, which is no web page (a QR code opens web addresses only); "
                      "remove the link, or link to the page on the web that holds it")
    if len(lines) == 1 and not _ADDRESS.search(lines[0]):
        return f"{lines[0]}\n{link}", None
    if link in cell or all(_ADDRESS.search(line) for line in lines):
        return cell, None
    return cell, (f"the cell links to {link}, but holds several sources; write each source's web address at the "
                  "end of its line (or on the line below it), and remove the cell's link")


def _source_problems(cell: str) -> list[str]:
    """A web address in the middle of a source's line: the line's end is where a link goes."""
    return [f"the line '{shortened(line)}' has a web address in the middle; put the address at the end of the line (or "
            "on the line below it), so that it becomes the source's link"
            for line in _lines(cell) if _ADDRESS.search(line) and not _LINK.match(line)]


def _sources(cell: str) -> list[dict]:
    sources: list[dict] = []
    for line in _lines(cell):
        link = _LINK.match(line) if _ADDRESS.search(line) else None  # (the search first: it is linear)
        title, url = (link.group(1), link.group(2)) if link else \
            ("", line) if _BARE_ADDRESS.match(line) else (line, "")  # (the checker asks for its https://)
        url = _address_alone(url)
        if not title and sources and sources[-1]["title"] and not sources[-1]["url"]:
            sources[-1]["url"] = url  # a link on the line below its source
        else:
            sources.append({"title": title or None, "url": url})
    return sources
