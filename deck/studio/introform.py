"""The intro page's form: deck.yaml's texts (the deck's title, publisher, the intro card's texts, the
hyphenation list) -> form fields; the posted form -> deck.yaml's new text, checked by the same
stages as `deck check` and fitted as the intro card.

The fields and their help come from the content schema (deck.content.DECK); this module adds what
a form needs beyond it: labels, which are long texts, and how a list of paragraphs or words is
typed in one box (paragraphs apart by a blank line, words one a line).
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..content import DECK, deck_from_text
from ..copyfit import fit_deck, overflowing
from ..errors import DeckError
from ..face import INTRO
from .cardform import Entry  # (a field's name here: a deck.yaml key, how_to.heading inside a section)
from .cards import Problem, Result, placed
from .workspace import Workspace
from .yamledit import _LOADER, DELETE, updated

DECK_FILE = "deck.yaml"


# (name, label, long, hint); the paragraphs' and the list's boxes say how they are typed
FIELDS = (
    ("title", "Title", False, "On the intro card, in every card's footer and as the PDF's title."),
    ("subtitle", "Subtitle", False, "Under the title on the intro card; empty for none."),
    ("publisher", "Publisher", False, "Who publishes the deck: in every card's footer and as the PDF's author."),
    ("card_label", "The word for one card", False, "Above each card's title (Ontwikkelkaart); empty for the "
                                                   "language's own word."),
    ("intro", "Introduction", True, "The intro card's front. A blank line starts a new paragraph."),
    ("how_to.heading", "Heading of the instructions", False, "Empty, with the text below, for none."),
    ("how_to.text", "How to work with the cards", True, "Under its heading on the intro card. A blank line "
                                                        "starts a new paragraph."),
    ("hyphenation", "Hyphenation", True, "A word a line, with a hyphen where it may break (Deutsch-land); a word "
                                         "written without one never breaks. For a word the card breaks badly."),
)
PARAGRAPHS = {"intro", "how_to.text"}  # lists of paragraphs, typed apart by blank lines
WORDS = {"hyphenation"}                 # lists of words, typed one a line


def values_of(text: str) -> dict | None:
    """deck.yaml's values as read; None where the file is no YAML mapping (a syntax error: the page
    says so, and the file is mended in a text editor)."""
    try:
        values = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError:
        return None
    return values if isinstance(values, dict) else None


def form(values: dict) -> list[Entry]:
    """deck.yaml's values (as read) -> the form's fields."""
    entries = []
    for name, label, long, hint in FIELDS:
        value = _value(values, name)
        if isinstance(value, list) and name in PARAGRAPHS:
            value = "\n\n".join(map(_text, value))
        elif isinstance(value, list) and name in WORDS:
            value = "\n".join(map(_text, value))
        entries.append(Entry(name, label, _text(value), long, hint))  # (a text where a list belongs: as it is)
    return entries


def as_posted(values: dict) -> dict[str, str]:
    return {entry.name: entry.value for entry in form(values)}


def _value(values: dict, name: str):
    section, _, key = name.partition(".")
    return ((values.get(section) or {}).get(key) if isinstance(values.get(section) or {}, dict) else None) \
        if key else values.get(name)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def changes(posted: dict[str, str], values: dict) -> dict:
    """The posted form -> the changes to deck.yaml (see yamledit.updated); `values`, the file's now."""
    result: dict = {}
    for name, *_ in FIELDS:
        if "." in name or name not in posted:
            continue
        typed = _clean(posted[name])
        value = _paragraphs(typed) if name in PARAGRAPHS else _words(typed) if name in WORDS else typed
        if not value and not DECK.fields[name].required:  # (left out of the file when emptied)
            if name in values:
                result[name] = DELETE
            continue
        result[name] = value
    if "how_to.heading" in posted or "how_to.text" in posted:
        heading, text = _clean(posted.get("how_to.heading", "")), _paragraphs(_clean(posted.get("how_to.text", "")))
        if heading or text:
            result["how_to"] = {"heading": heading, "text": text}
        elif "how_to" in values:
            result["how_to"] = DELETE
    return result


def _clean(text: str) -> str:
    """A browser sends line breaks as CR LF; the file has LF, and no white space at either end."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _paragraphs(text: str) -> list[str]:
    """Paragraphs apart by a blank line, each on one line (a line break inside one is a space)."""
    return [" ".join(line.strip() for line in block.split("\n") if line.strip())
            for block in re.split(r"\n\s*\n", text) if block.strip()]


def _words(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def attempt(workspace: Workspace, posted: dict[str, str]) -> Result:
    """The posted form applied to deck.yaml's text, checked, and the intro card fitted. A file that
    is no YAML mapping is checked as it is (its problem told), as no form can be applied to it."""
    path = workspace.folder / DECK_FILE
    original = workspace.read(path)
    values = values_of(original)
    result = Result(original if values is None else updated(original, changes(posted, values),
                                                                 order=list(DECK.fields)))  # (a key back in its place)
    try:
        cards = workspace.deck().cards
    except DeckError:  # (deck.yaml as it is on disk has a problem, perhaps the one being mended here)
        cards = None
    try:
        result.deck = deck_from_text(workspace.folder, result.text, cards)
        (result.fitted,) = fit_deck(result.deck, workspace.layout(), only=INTRO)
    except DeckError as error:
        result.problems = [_field(problem) for problem in placed(error, result.text, path, posted)]
        if result.deck is not None and all(problem.field in ("front", "back") for problem in result.problems):
            try:  # (a face too long: where its text runs over, as on a card's page)
                result.overflow = overflowing(result.deck, workspace.layout(), INTRO)
            except DeckError:
                pass
    return result


def _field(problem: Problem) -> Problem:
    """A problem at a paragraph or word of a list (intro.1, hyphenation.0) belongs to its box."""
    return Problem(re.sub(r"\.\d+$", "", problem.field), problem.message)


def deck_file(workspace: Workspace) -> Path:
    return workspace.folder / DECK_FILE
