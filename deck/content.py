"""Content folder (deck.yaml + cards/*.yaml) -> a checked, frozen Deck.

The only module that reads content files. Every problem becomes a DeckError with file:line:column;
all problems of all files are gathered and raised together as DeckErrors.
"""

import functools
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator, NamedTuple

from .errors import DeckError, DeckErrors
from .regex import Pattern
from .textcheck import MAX_WORD, long_word, shortened
from .yamlread import Problems, checked_values, read_yaml

MAX_CARDS = 10_000  # cards per deck, numbered 1 to MAX_CARDS (the benchmark builds 5,000)
MAX_CARD_TEXT = 10_000  # characters in one card's texts together: two A5 faces hold about 8,000
# A source's QR code should stay about 15 mm wide. At the module a phone reads comfortably at arm's
# length (0.35 mm, compose.QR_MODULE) that is 42 modules: QR version 6 (41 modules), which carries
# 106 bytes at error correction level M (qr.ERROR_CORRECTION).
MAX_URL_BYTES = 106


class PlacedText(NamedTuple):
    """A printed text and where it stands in its file (line and column 1-based)."""

    path: Path
    line: int
    column: int
    label: str
    text: str


class Challenge(NamedTuple):
    """A challenge on a card's front: the question, in bold, and its explanation."""
    question: str
    text: str


class Quote(NamedTuple):
    """A quote on a card's front: its paragraphs and who said it."""
    paragraphs: tuple[str, ...]
    source: str


class Source(NamedTuple):
    """A source under further reading on a card's back: its title and its url ('' for none)."""
    title: str
    url: str


@dataclass(frozen=True)
class Card:
    """One card as its file gives it, checked: what its front and back print, and where each text is written."""
    id: str
    number: int
    title: str
    summary: str
    challenges: tuple[Challenge, ...]
    quotes: tuple[Quote, ...]
    suggestions_heading: str
    suggestions: tuple[str, ...]
    sources: tuple[Source, ...]
    path: Path
    places: dict = field(default_factory=dict, compare=False, repr=False)  # label -> Place

    def texts(self) -> Iterator[PlacedText]:
        """Every text the card prints, with its place in the card's file."""
        return _placed(self.path, self.places, self.printed())

    @functools.cached_property
    def characters(self) -> str:
        """Every character of every text the card prints, as written, each once, in code point order
        (worked out when its file is checked, and kept with it in deck's cache: _PrintedCard; a
        string, not a set: a set of 60 characters takes 2 KB, 10 MB at 5000 cards)."""
        return "".join(sorted(frozenset().union(*(text for _, text in self.printed()))))

    def printed(self) -> list[tuple[str, str]]:
        """Every text the card prints, with its label (its place in the file, as places names it)."""
        labelled = [("title", self.title), ("summary", self.summary),
                    ("suggestions_heading", self.suggestions_heading)]
        for index, challenge in enumerate(self.challenges, 1):
            labelled += [(f"challenges[{index}].question", challenge.question),
                         (f"challenges[{index}].text", challenge.text)]
        for index, quote in enumerate(self.quotes, 1):
            labelled += [(f"quotes[{index}].text", "\n\n".join(quote.paragraphs)),
                         (f"quotes[{index}].source", quote.source)]
        labelled += [(f"suggestions[{index}]", text) for index, text in enumerate(self.suggestions, 1)]
        labelled += [(f"sources[{index}].title", source.title) for index, source in enumerate(self.sources, 1)]
        return labelled


@dataclass(frozen=True)
class Deck:
    """The deck as deck.yaml and the card files give it, checked: its texts, its cards in order, its layout."""
    title: str
    subtitle: str
    publisher: str
    language: str
    card_label: str
    intro: tuple[str, ...]
    how_to_heading: str
    how_to: tuple[str, ...]
    labels: dict
    cards: tuple[Card, ...]
    folder: Path
    layout: Path  # the layout file deck.yaml names (by default the bundled default layout)
    hyphenation: tuple[str, ...] = ()  # words with their breaks as the deck's editor wants them: Deutsch-land
    places: dict = field(default_factory=dict, compare=False, repr=False)  # label -> Place, in deck.yaml

    def find(self, key: str) -> Card:
        """A card by its number ("3") or its id ("teamleren")."""
        number = int(key) if re.fullmatch(r"[0-9]{1,6}", key) else None
        for card in self.cards:
            if key == card.id or number == card.number:
                return card
        choices = ", ".join(f"{card.number} ({card.id})" for card in self.cards[:20])
        more = f" (and {len(self.cards) - 20} more)" if len(self.cards) > 20 else ""
        raise DeckError(f"there is no card '{shortened(key, 40)}' in this deck; choose one of {choices}{more}, "
                        "or intro for the intro card")

    def texts(self) -> Iterator[PlacedText]:
        """Every text the deck prints, deck.yaml's first and then each card's, each with its file,
        line and column: for checks that must point at the text (the fonts' glyphs)."""
        yield from _placed(self.folder / "deck.yaml", self.places, self._printed())
        for card in self.cards:
            yield from card.texts()

    def _printed(self) -> list[tuple[str, str]]:
        """deck.yaml's texts, labelled as texts() and places name them."""
        labelled = [(name, getattr(self, name)) for name in ("title", "subtitle", "publisher", "card_label")]
        labelled += [(f"labels.{key}", text) for key, text in self.labels.items()]
        labelled += [(f"intro[{index}]", text) for index, text in enumerate(self.intro, 1)]
        labelled += [("how_to.heading", self.how_to_heading)]
        labelled += [(f"how_to.text[{index}]", text) for index, text in enumerate(self.how_to, 1)]
        return labelled

    @functools.cached_property
    def characters(self) -> frozenset[str]:
        """Every character of every text the deck prints, as written (worked out once per deck)."""
        return frozenset().union(*(text for _, text in self._printed()), *(card.characters for card in self.cards))


def _placed(path: Path, places: dict, labelled: list[tuple[str, str]]) -> Iterator[PlacedText]:
    """The texts that came from the file (a default has no place and prints nothing of the user's)."""
    for label, text in labelled:
        place = places.get(label)
        if place is not None and text:
            yield PlacedText(path, place.line, place.column, label, text)


_SLUG = Pattern(r"^[a-z0-9][a-z0-9-]*$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        from . import slugify

        suggestion = slugify(value)
        example = f"here {suggestion}" if suggestion != "deck" else "for example team-learning"
        raise ValueError(f"'{value}' is not a usable id; use lowercase letters, digits and '-', {example}")
    if value.isdigit() or value == "intro":  # deck card 2 would mean this card, not card 2
        raise ValueError(f"'{value}' cannot be an id: `deck card {value}` names "
                         f"{'the intro card' if value == 'intro' else f'card number {value}'}; use a word, "
                         "for example team-learning")
    return value


def _language(value: str) -> str:
    from .hyphenate import normal_tag, patterns_for

    patterns_for(value.strip())
    return normal_tag(value.strip())


_HYPHENATED = Pattern(r"^[^\W\d_]+(?:-[^\W\d_]+)*$")


def _hyphenated(value: str) -> str:
    word = value.strip()
    if not _HYPHENATED.match(word):
        raise ValueError(f"'{shortened(word, 40)}' is not one word with its breaks; write a single word of letters "
                         "with a hyphen where it may break, such as Deutsch-land, or none where it may not")
    if len(word) > MAX_WORD:
        raise ValueError(f"the word has {len(word)} characters; a word may have at most {MAX_WORD}")
    if "-" in word and min(len(part) for part in word.split("-")) < 2:
        raise ValueError(f"'{word}' leaves a single letter at a break, where a line would end or start; "
                         "put each hyphen where two letters or more stand on either side")
    return word


def _url(value: str) -> str:
    if value and not re.match(r"^https?://\S+$", value):
        if re.match(r"^[\w-]+(\.[\w-]+)+(/\S*)?$", value):  # www.example.nl/x: the scheme left out
            raise ValueError(f"'{shortened(value)}' needs https:// in front to be a web address a QR code opens: "
                             f"write https://{shortened(value)}")
        if re.match(r"^https?://", value) and re.search(r"\s", value):  # (pasted across a line, or with a space)
            spaced = re.search(r"[^\s/]*/?\s+\S*", value)[0]  # (the part of the address around it)
            raise ValueError(f"the web address has a space in it ('{shortened(spaced)}'); a web address has none: "
                             "take it out (a space that belongs in the address is written %20)")
        raise ValueError(f"'{shortened(value)}' is not a web address; write it as https://... or leave it empty")
    size = len(value.encode("utf-8"))
    if size > MAX_URL_BYTES:
        extra = " (a letter outside a-z counts as two or more)" if size != len(value) else ""
        raise ValueError(f"the web address has {size} characters{extra}; a QR code of about 15 mm that scans "
                         f"reliably holds at most {MAX_URL_BYTES}: use a shorter address for the page")
    return value


@functools.lru_cache(maxsize=1)
def _rules() -> dict:
    """The rule trees of card files and deck.yaml, made when first asked: a build whose files deck's
    cache holds checked never needs them, nor yamlcheck."""
    from .yamlcheck import Custom, Field, Integer, ListOf, Mapping, Text

    PARAGRAPHS = ListOf(Text(doc="One paragraph."), min_items=1)

    CARD = Mapping(what="the card", doc="One card of the deck.", fields={
        "id": Field(Custom(_slug, "a short id such as teamleren", doc="Short unique id: lowercase, digits, '-'.",
                           schema={"type": "string", "pattern": _SLUG.pattern})),
        "number": Field(Integer(minimum=1, maximum=MAX_CARDS,
                                doc="The card's place in the deck: 1, 2, 3 ... without gaps.")),
        "title": Field(Text(doc="The dimension's title.")),
        "summary": Field(Text(doc="The description paragraph under the title.")),
        "challenges": Field(ListOf(Mapping(what="a challenge", fields={
            "question": Field(Text(doc="The challenge as a question.")),
            "text": Field(Text(doc="Its explanation.")),
        }), min_items=1, doc="The card's challenges, each a question and its explanation.")),
        "quotes": Field(ListOf(Mapping(what="a quote", fields={
            "text": Field(Text(doc="The quote without enclosing quote marks; blank lines separate paragraphs.")),
            "source": Field(Text(doc="Who said it, e.g. 'Ervaring leidinggevende'.")),
        }), doc="Quotes from practice."), required=False, default=[]),
        "suggestions_heading": Field(Text(doc="The heading above the suggestions on the back.")),
        "suggestions": Field(ListOf(Text(), min_items=1, doc="Suggestions, one per item.")),
        "sources": Field(ListOf(Mapping(what="a source", fields={
            "title": Field(Text(doc="The title of the reading.")),
            "url": Field(Custom(_url, "a web address or nothing", doc="Web address (https://...); empty for none."),
                         required=False, default=""),
        }), doc="Further reading ('Verder lezen')."), required=False, default=[]),
    })

    DECK = Mapping(what="the deck file", doc="The deck: its title, introduction and overview.", fields={
        "title": Field(Text(doc="The deck's title.")),
        "subtitle": Field(Text(doc="A subtitle."), required=False, default=""),
        "publisher": Field(Text(doc="Who publishes the deck.")),
        "language": Field(Custom(_language, "a language tag such as nl-NL",
                                 doc="Language tag (BCP 47) such as nl-NL, en-GB, de-DE; picks the hyphenation "
                                     "patterns and the PDF's language.")),
        "card_label": Field(Text(doc="The word for one card, e.g. 'Ontwikkelkaart' (default: the deck language's word, "
                                     "Kaart, Card, Karte or Carte)."), required=False, default=""),
        "layout": Field(Text(doc="The deck's layout: a bundled layout's name (see `deck layouts`) or the path of a "
                                 "layout .yaml file, relative to deck.yaml; --layout overrides it."),
                        required=False, default="default"),
        "labels": Field(Mapping(what="labels", fields={
            "challenges": Field(Text(doc="Heading above the challenges (default: the deck language's, 'Uitdagingen' "
                                         "in Dutch)."), required=False),
            "further_reading": Field(Text(doc="Heading above the sources (default: the deck language's, 'Verder "
                                              "lezen' in Dutch)."), required=False),
            "figure": Field(Text(doc="Caption of the wheel on the intro card (default: the deck language's, "
                                     "'Figuur 1' in Dutch)."), required=False),
        }, doc="The words the layout prints as headings, in the deck's language."), required=False, default=None),
        "intro": Field(PARAGRAPHS, required=False, default=[]),
        "how_to": Field(Mapping(what="how_to", fields={
            "heading": Field(Text()),
            "text": Field(PARAGRAPHS),
        }, doc="How to work with the cards."), required=False, default=None),
        "hyphenation": Field(ListOf(Custom(_hyphenated, "a word with a hyphen where it may break",
                                           doc="A word with a hyphen at each place it may break (Deutsch-land); "
                                               "written without one, it is never broken.", placed=True)),
                             required=False, default=[]),
    }, retired={"overview": "the overview on the intro card is made from the cards' titles and challenge "
                           "questions now, so it always agrees with them; delete 'overview' and its list"})
    return {"PARAGRAPHS": PARAGRAPHS, "CARD": CARD, "DECK": DECK}


def __getattr__(name: str):
    """CARD, DECK and PARAGRAPHS, made on first use (see _rules)."""
    if name in ("CARD", "DECK", "PARAGRAPHS"):
        return _rules()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_deck(folder: Path) -> Deck:
    """Read and check a content folder; raise DeckErrors listing every problem found."""
    folder = Path(folder)
    deck_file = folder / "deck.yaml"
    if not os.path.lexists(deck_file):  # a folder, a pipe, a broken link: read_input says which
        from .folders import DECK_FILE_SLIPS

        slip = next((name for name in DECK_FILE_SLIPS if (folder / name).exists()), None)
        if slip:
            raise DeckError(f"the deck file is called {slip}; rename it to deck.yaml", folder / slip)
        raise DeckError(f"there is no deck.yaml in the folder {folder}; a content folder holds "
                        "deck.yaml and a folder cards/ with one .yaml file per card")
    problems: list[DeckError] = []
    deck_values, places, layout = _deck_file(deck_file, problems)
    cards = _load_cards(folder / "cards", problems)
    if problems:
        raise DeckErrors(problems)
    return _checked_deck(_build_deck(deck_values, cards, folder, layout, places))


def deck_from_text(folder: Path, text: str, cards: tuple[Card, ...] | None = None) -> Deck:
    """The deck in `folder` with its deck.yaml read from `text`, as an editor holds it before
    saving, and `cards` (else its card files, read); DeckErrors with the same messages and places
    as load_deck gives for those files."""
    problems: list[DeckError] = []
    values, places, layout = _deck_file(folder / "deck.yaml", problems, text)
    if cards is None:
        cards = _load_cards(folder / "cards", problems)
    if problems:
        raise DeckErrors(problems)
    return _checked_deck(_build_deck(values, list(cards), folder, layout, places))


def _deck_file(deck_file: Path, problems: list[DeckError], text: str | None = None):
    """deck.yaml's checked values (from `text` if given), their places and the layout it names."""
    values, places = _load(deck_file, "deck", problems, "write the deck's title, publisher and language in it", text)
    if values:
        problems += _broken_twice(values["hyphenation"] or [], places, deck_file)
    layout = _layout(values["layout"], deck_file, problems) if values and values["layout"] else None
    return values, places, layout


def _checked_deck(deck: Deck) -> Deck:
    """The deck, once what deck.yaml prints is checked (each card's printed texts were checked with
    its file: _PrintedCard)."""
    problems: list[DeckError] = []
    deck_file = deck.folder / "deck.yaml"
    _check_what_prints(list(_placed(deck_file, deck.places, deck._printed())), deck_file, deck.places, problems)
    if problems:
        raise DeckErrors(problems)
    return deck


def named_layout(folder: Path) -> str | None:
    """The layout a content folder's deck.yaml names (its file's path), if deck.yaml can be read and
    the layout found; None otherwise. For checking the layout too when the deck has problems, so
    that every problem is told at once."""
    deck_file = Path(folder) / "deck.yaml"
    if not deck_file.is_file():
        return None
    problems: list[DeckError] = []
    values, _ = _load(deck_file, "deck", problems, "")
    if problems or not values or not values["layout"]:
        return None
    layout = _layout(values["layout"], deck_file, problems)
    return str(layout) if layout is not None and not problems else None


def _broken_twice(words: list[str], places: dict, path: Path) -> list[DeckError]:
    """A word listed in hyphenation twice with different breaks (werk-nemers, werkne-mers): which one
    counts would not show."""
    errors, seen = [], {}
    for index, word in enumerate(words, 1):
        if not isinstance(word, str):  # (refused already)
            continue
        letters = word.replace("-", "").lower()
        if letters in seen and seen[letters].lower() != word.lower():
            place = places.get(f"hyphenation[{index}]")
            errors.append(DeckError(f"'hyphenation[{index}]': {word} is listed above already, broken otherwise "
                                    f"({seen[letters]}); keep the one you mean", path,
                                    place.line if place else None, place.column if place else None))
        seen.setdefault(letters, word)
    return errors


def _check_text_amount(texts: Iterator[PlacedText], errors: list[DeckError]) -> None:
    """No card can print more than MAX_CARD_TEXT characters; refusing more before fitting keeps a
    deck of 1000 overfull cards from taking minutes to be told so."""
    amounts: dict[Path, int] = {}
    for text in texts:
        amounts[text.path] = amounts.get(text.path, 0) + len(text.text)
    for path, amount in amounts.items():
        if amount > MAX_CARD_TEXT:
            errors.append(DeckError(f"the texts in this file have {amount:,} characters together; a card takes at "
                                    f"most {MAX_CARD_TEXT:,} (its two faces hold about 8,000 at the smallest "
                                    "size): shorten them or split the card", path))


def check_card(text: str, path: Path) -> Card:
    """A card's YAML text, as an editor holds it before saving -> a checked Card, read as if it were
    the file `path`; DeckErrors with the same messages and places as load_deck gives for that file."""
    problems: list[DeckError] = []
    values, places = _load(path, "card", problems, "write the card in it or delete the file", text)
    if problems:
        raise DeckErrors(problems)
    return _card(values, path, places)  # (its printed texts checked with it: _PrintedCard)


def with_card(deck: Deck, card: Card) -> Deck:
    """`deck` with `card` in place of the card read from the same file (or added, for a new file);
    DeckErrors, as load_deck reports them, when numbers or ids then clash or leave a gap."""
    cards = sorted([other for other in deck.cards if other.path != card.path] + [card],
                   key=lambda one: one.number)
    problems: list[DeckError] = []
    _check_numbering(cards, deck.folder / "cards", problems, complete=True)
    if problems:
        raise DeckErrors(problems)
    return replace(deck, cards=tuple(cards))


def _load(path: Path, kind: str, errors: list[DeckError], empty: str, text: str | None = None):
    """The values of one file (or of `text` as that file's contents) checked by the rule tree of its
    `kind` ("card" or "deck"), and the places of its texts; a file checked before without a problem
    comes from deck's cache (yamlread.checked_values)."""
    problems = Problems(path)
    rule = (lambda: _PrintedCard(_rules()["CARD"], path)) if kind == "card" else (lambda: _rules()[kind.upper()])
    if text is None:
        values = checked_values(path, kind, rule, problems, empty)
    else:
        from .yamlcheck import load_checked

        values = load_checked(path, rule(), problems, empty, text)
    errors.extend(problems.errors)
    return values, problems.places


class _PrintedCard:
    """A card file's rule tree, and after it the checks of what the card prints (_check_text_amount,
    _check_printed_texts): part of checking the file, so that a file checked before without a
    problem (deck's cache) is not checked again."""

    def __init__(self, rule, path: Path):
        self.rule, self.path = rule, path

    def check(self, node, where: str, problems: Problems):
        values = self.rule.check(node, where, problems)
        if values is not None and not problems.errors and not _has_gaps(values):
            card = _card(values, self.path, problems.places)
            _check_what_prints(list(card.texts()), self.path, problems.places, problems.errors)
            values[CHARACTERS] = card.characters  # 30 ms a thousand cards, worked out once per file
        return values


# a checked card's values: the characters it prints (Card.characters), under a key no card file can
# have (the rules allow none but their own)
CHARACTERS = "(characters)"


def _check_what_prints(texts: list[PlacedText], path: Path, places: dict, errors: list[DeckError]) -> None:
    """The checks of one file's printed texts: how much text, and each text (_check_printed_texts)."""
    _check_text_amount(texts, errors)
    _check_printed_texts(texts, {path: places}, errors)


def _check_printed_texts(texts: Iterator[PlacedText], places: dict[Path, dict], errors: list[DeckError]) -> None:
    """What only matters for a text that is printed (a layout's path may be one long word):

    - a word longer than MAX_WORD: it cannot be set well, and splitting it costs time;
    - a text written without quotes that ends where ' #' starts a comment: "met #trots op
      intranet" would print as "met", and a card has no reason for a comment there.
    """
    for text in texts:
        place = places[text.path][text.label]
        word = long_word(text.text)
        if word:
            errors.append(DeckError(f"'{text.label}' has a word of {len(word)} characters ('{shortened(word, 30)}'); "
                                    f"a word may have at most {MAX_WORD}: put spaces in it, or give a web address "
                                    "as a source's url", text.path, text.line, text.column))
        if place.comment:
            errors.append(DeckError(
                f"the text of '{text.label}' stops here, because ' #' starts a comment in YAML: "
                f"'{shortened(place.comment, 40)}' would not be printed; put the whole text in double quotes "
                "(a comment goes on a line of its own)", text.path, place.comment_line, place.comment_column))


def _layout(name: str, deck_file: Path, errors: list[DeckError]) -> Path | None:
    """The layout deck.yaml names -> its file; a name relative to deck.yaml, wherever deck runs."""
    from .layouts import resolve_layout

    try:
        return resolve_layout(name, deck_file.parent)
    except DeckError as error:
        problems = Problems(deck_file)
        from .yamlcheck import value_node

        problems.add(value_node(read_yaml(deck_file, problems), "layout"), f"'layout': {error.message}")
        errors.extend(problems.errors)
        return None


def _load_cards(folder: Path, errors: list[DeckError]) -> list[Card]:
    if not folder.is_dir():
        other = next((path for path in folder.parent.iterdir() if path.name.lower() == CARD_FOLDER and path.is_dir()),
                     None) if folder.parent.is_dir() else None
        hint = f"rename the folder {other.name} to {CARD_FOLDER}" if other else (
            f"make a folder {CARD_FOLDER} beside deck.yaml, with one .yaml file per card in it")
        errors.append(DeckError(f"there is no folder {CARD_FOLDER} in {folder.parent}; {hint}"))
        return []
    paths, unread = card_files(folder)
    for path in unread:  # a card the user meant, that would be left out without a word
        errors.append(DeckError(f"this file is not read as a card: its name ends in {''.join(path.suffixes[-2:])}; "
                                f"rename it to {path.name[:path.name.lower().rindex('.y')]}.yaml", path))
    if not paths:
        errors.append(DeckError(f"there are no cards: add one .yaml file per card in {folder}"))
        return []
    if len(paths) > MAX_CARDS:
        errors.append(DeckError(f"there are {len(paths)} card files; a deck has at most {MAX_CARDS} cards", folder))
        return []
    cards = _cards_read_elsewhere(paths)  # every card, or none (then each file is read here)
    for path in () if cards else paths:
        reported = len(errors)
        values, places = _load(path, "card", errors, "write the card in it or delete the file")
        if values is not None and (len(errors) == reported or not _has_gaps(values)):  # (gaps come with a problem)
            cards.append(_card(values, path, places))
    _check_numbering(cards, folder, errors, complete=len(cards) == len(paths))
    return sorted(cards, key=lambda card: card.number)


CARD_FOLDER = "cards"
_CARD_SUFFIXES = (".yaml", ".yml")


def card_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """The card files in `folder`, in order (.yaml and .yml, in any case), and the files meant as
    cards that are not read: a name ending in .yaml.txt (Notepad's, hidden by Windows). Files whose
    names start with a dot are the system's or an editor's (macOS's ._ copies, Emacs's .# locks)."""
    cards, unread = [], []
    for path in folder.iterdir():
        name = path.name.lower()
        if name.startswith((".", "~$")):
            continue
        if name.endswith(_CARD_SUFFIXES):
            cards.append(path)
        elif name.endswith(tuple(suffix + ".txt" for suffix in _CARD_SUFFIXES)):
            unread.append(path)
    return _in_order(cards), sorted(unread)


HELPER_CARDS = 0.45  # of a large deck's card files, read by a helper process (it also pickles them)


def _cards_read_elsewhere(paths: list[Path]) -> list[Card]:
    """A large deck's card files read on two cores: the later ones by a helper process (cores.py)
    while this one reads the first; every card, in file order, each its own file's as if read here
    (and every file an input of the run). An empty list when either part has a problem, the helper
    ended, or none was started: every file is then read here, in order, so that the problems are
    reported as ever. (A file's bytes are hashed and its checked values taken from deck's cache,
    or read as YAML the first time: three tenths of a build's time before fitting, at 1000 cards.)"""
    from .cores import Helper, helps
    from .files import noted_inputs

    later = int(len(paths) * HELPER_CARDS) if helps(len(paths)) else 0
    if not later:
        return []
    with Helper(lambda send: send(_cards_of(paths[-later:]))) as helper:
        mine = _cards_of(paths[:-later])
        theirs = helper.receive() if mine is not None else None
    if mine is None or theirs is None:
        return []
    for _, inputs in (mine, theirs):
        noted_inputs(inputs)
    return mine[0] + theirs[0]


def _cards_of(paths: list[Path]) -> tuple[list[Card], set] | None:
    """The cards of `paths` and the inputs they were read from (files.reading); None at the first
    problem (they are all read again, and it is reported, as one process reads them)."""
    from .files import reading

    cards = []
    with reading() as inputs:
        for path in paths:
            problems: list[DeckError] = []
            values, places = _load(path, "card", problems, "write the card in it or delete the file")
            if problems or values is None:
                return None
            cards.append(_card(values, path, places))
    return cards, inputs


def _in_order(paths) -> list[Path]:
    """Files of one folder in the order sorted() gives paths (by name, as the platform compares
    names), sorted by their names: comparing whole paths part by part took 7 ms at 1000 cards."""
    return sorted(paths, key=lambda path: os.path.normcase(path.name))


def _has_gaps(values) -> bool:
    """True when a value is missing because its problem was already reported."""
    if values is None:
        return True
    if isinstance(values, dict):
        return any(_has_gaps(value) for value in values.values())
    if isinstance(values, list):
        return any(_has_gaps(value) for value in values)
    return False


def _card(values: dict, path: Path, places: dict) -> Card:
    card = Card(
        id=values["id"], number=values["number"], title=values["title"], summary=values["summary"],
        challenges=tuple(Challenge(c["question"], c["text"]) for c in values["challenges"]),
        quotes=tuple(Quote(split_paragraphs(q["text"]), q["source"]) for q in values["quotes"]),
        suggestions_heading=values["suggestions_heading"],
        suggestions=tuple(values["suggestions"]),
        sources=tuple(Source(s["title"], s["url"]) for s in values["sources"]),
        path=path, places=places,
    )
    if CHARACTERS in values:  # (a card changed with dataclasses.replace works them out anew)
        card.__dict__["characters"] = values[CHARACTERS]
    return card


def split_paragraphs(text: str) -> tuple[str, ...]:
    """A text with blank lines between paragraphs -> its paragraphs, each on one line."""
    return tuple(_one_line(part) for part in re.split(r"\n\s*\n", text) if part.strip())


def _one_line(text: str) -> str:
    """YAML folds long texts over several lines; a paragraph is one line of words."""
    return " ".join(text.split())


def _check_numbering(cards: list[Card], folder: Path, errors: list[DeckError], complete: bool) -> None:
    """Duplicate ids and numbers; gaps only when every card could be read (an unreadable card is not
    a missing one)."""
    for attribute in ("id", "number"):
        first: dict = {}
        for card in cards:
            key = getattr(card, attribute)
            if key in first:
                errors.append(DeckError(
                    f"card {attribute} {key} is used twice: here and in {first[key].path.name}; "
                    f"give every card its own {attribute}", card.path, _line_of(card.path, attribute), 1))
            first.setdefault(key, card)
    numbers = sorted({card.number for card in cards})
    missing = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
    if missing and cards and complete:
        which = f"number {missing[0]} is" if len(missing) == 1 else f"numbers {number_ranges(missing)} are"
        errors.append(DeckError(f"the cards are numbered {number_ranges(numbers)}: {which} missing; number the cards "
                                f"1 to {len(cards)} without gaps", folder))


def number_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5, 7, 8] -> '1 to 3, 5, 7 and 8': short, however many cards."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    parts: list[str] = []
    for first, last in runs:
        parts += [str(first)] if first == last else [str(first), str(last)] if last == first + 1 \
            else [f"{first} to {last}"]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _line_of(path: Path, key: str) -> int | None:
    """The line where a top-level key stands, for messages about a whole card."""
    problems = Problems(path)
    node = read_yaml(path, problems)
    for key_node, _ in getattr(node, "value", []):
        if key_node.value == key:
            return key_node.start_mark.line + 1
    return None


def _own_word(language: str, key: str) -> str:
    from .labels import labels_for

    return labels_for(language)[key]


def _build_deck(values: dict, cards: list[Card], folder: Path, layout: Path, places: dict) -> Deck:
    how_to = values["how_to"] or {"heading": "", "text": []}
    return Deck(
        title=values["title"], subtitle=values["subtitle"], publisher=values["publisher"],
        language=values["language"], card_label=values["card_label"] or _own_word(values["language"], "card"),
        intro=tuple(map(_one_line, values["intro"])),
        how_to_heading=how_to["heading"], how_to=tuple(map(_one_line, how_to["text"])),
        labels={key: text for key, text in (values["labels"] or {}).items() if text},
        cards=tuple(cards), folder=folder, layout=layout, hyphenation=tuple(values["hyphenation"]), places=places,
    )
