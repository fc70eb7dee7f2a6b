"""A card's form -> its new YAML text, checked and fitted by deck's own stages, as faces to show or
a file to save; and a new order of the cards.

The same checks as `deck check`, in the same order: the card's YAML (content.check_card), the
deck's numbering (content.with_card), the glyphs and the fitting (copyfit.fit_deck). Nothing is
written unless all of them pass.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..content import Card, Deck, check_card, with_card
from ..copyfit import TOO_LONG_ADVICE, TooLong, fit_deck, overflowing
from ..errors import DeckError
from ..files import Outputs
from . import cardform
from .workspace import Conflict, Workspace
from .yamledit import _LOADER, updated, value_places


@dataclass
class Problem:
    """A problem, and the form field (or 'front', 'back', '' for the card as a whole) it belongs to."""

    field: str
    message: str


@dataclass
class Result:
    text: str                 # the card's YAML as it would be saved
    card: Card | None = None
    deck: Deck | None = None
    fitted: object = None     # the FittedCard, when everything passed
    problems: list[Problem] = field(default_factory=list)
    overflow: list | None = None  # a card too long (and nothing else wrong): its faces at the smallest size
    tidied: list[str] = field(default_factory=list)  # what was taken off pasted text (cardform.tidied), in words


def blank(number: int) -> str:
    """The YAML a new card starts from, before the form's values are set in it."""
    return f"id: kaart-{number}\nnumber: {number}\n"


def new_card(number: int, deck: Deck) -> dict:
    """The values a new card's form starts with: one empty challenge and suggestion to fill in, and
    the suggestions' heading of the card before it."""
    heading = deck.cards[-1].suggestions_heading if deck.cards else ""
    return {"id": "", "number": number, "title": "", "summary": "", "challenges": [{"question": "", "text": ""}],
            "quotes": [], "suggestions_heading": heading, "suggestions": [""], "sources": []}


def attempt(workspace: Workspace, path: Path, original: str, posted: dict[str, str]) -> Result:
    """The posted form applied to the card's text, and every check run on the result."""
    has = set(yaml.load(original, Loader=_LOADER) or {})
    posted, tidied = cardform.tidied(posted)
    text = updated(original, cardform.changes(posted, has))
    result = Result(text, tidied=tidied)
    try:
        result.card = check_card(text, path)
        result.deck = with_card(workspace.deck(), result.card)
        (result.fitted,) = fit_deck(result.deck, workspace.layout(), only=result.card.number)
    except DeckError as error:
        result.problems = placed(error, text, path, posted)
        if result.deck is not None and all(isinstance(problem, TooLong) for problem in error.errors):
            try:  # (to show where the text runs over, as deck card N --show-overflow does)
                result.overflow = overflowing(result.deck, workspace.layout(), result.card.number)
            except DeckError:
                pass
    return result



def placed(error: DeckError, text: str, path: Path, posted: dict[str, str]) -> list[Problem]:
    """Each problem beside the field it comes from: by the face it names (a face too long, placed at
    the face's longest text for the command line), by its line and column in the card's text, or by
    the character it names (a glyph no font has)."""
    places = value_places(text)
    problems = []
    for problem in error.errors:
        if problem.path != path:
            problems.append(Problem("", str(problem)))  # another file: say which, and where
        elif face := _FACE.search(problem.message):  # (the studio has no minimum size to lower: its own advice)
            problems.append(Problem(face[1], problem.message.replace(TOO_LONG_ADVICE, STUDIO_ADVICE)))
        elif problem.line is not None:
            field = places.get((problem.line, problem.column), "")
            problems.append(Problem(field, beside(problem.message) if field else problem.message))
        else:
            problems.extend(Problem(name, problem.message) for name in _fields_named(problem.message, posted))
    return problems


STUDIO_ADVICE = "shorten its texts, or choose a larger card on the Brand page"


def beside(message: str) -> str:
    """A message shown beside its field need not name the field's key first ('sources[1].url': ...),
    and speaks of the form, not of the YAML behind it: what to write goes here, not "after 'title:'"."""
    message = re.sub(r"^'[^']+': ", "", message)
    message = _EMPTY.sub(r"This is empty; write \1 here", message)
    return _TOO_FEW.sub("This list needs at least", message)


_EMPTY = re.compile(r"^'[^']+' is empty; write (.+?) after (?:'[^']*:'|the '- ')")
_TOO_FEW = re.compile(r"^'[^']+' needs at least")


_FACE = re.compile(r", (front|back): ")
_GLYPH = re.compile(r"\(U\+([0-9A-F]{4,6})\)")


def _fields_named(message: str, posted: dict[str, str]) -> list[str]:
    """The fields a message without a place is about: the fields holding the character it names;
    the card as a whole otherwise."""
    glyph = _GLYPH.search(message)
    if glyph:
        names = [name for name, value in posted.items() if chr(int(glyph[1], 16)) in value]
        return names or [""]
    return [""]


def reorder(workspace: Workspace, order: list[str], versions: dict[str, str]) -> None:
    """Number the cards in `order` (file names) 1, 2, 3 ...; every file is checked for a conflict
    before any is written."""
    deck = workspace.deck()
    by_name = {card.path.name: card for card in deck.cards}
    if sorted(order) != sorted(by_name):
        raise DeckError("the cards changed since this page was opened; reload the page and try again")
    texts = {by_name[name].path: updated(workspace.read(by_name[name].path), {"number": number})
             for number, name in enumerate(order, 1) if by_name[name].number != number}
    workspace.save_all(texts, {workspace.folder / "cards" / name: version for name, version in versions.items()})


DELETED = "deleted"  # the folder beside cards/ that a deleted card's file is moved to, to take back


def delete(workspace: Workspace, stem: str, version: str) -> tuple[Card, Path]:
    """Take the card in cards/<stem>.yaml out of the deck: its file moved to deleted/ (under a name
    no file there has), the cards after it numbered one lower. Refused if the card's file changed
    since its page was opened; nothing is changed unless every file can be written. Returns the
    card and where its file is now."""
    deck = workspace.deck()
    card = next((card for card in deck.cards if card.path.stem == stem), None)
    if card is None:
        raise DeckError(f"there is no card file {stem}.yaml in this deck")
    if len(deck.cards) == 1:
        raise DeckError("this is the deck's only card, and a deck needs one; make the card you want first (New "
                        "card), then delete this one")
    if workspace.version(card.path) != version:
        raise Conflict(f"{card.path.name} was changed elsewhere (another tab or an editor) since this page was "
                       "opened; nothing was deleted. Reload the page to see that version.", card.path)
    folder = workspace.inside(workspace.folder / DELETED)
    kept = workspace.free_path(folder, card.path.name)
    later = {other.path: updated(workspace.read(other.path), {"number": other.number - 1})
             for other in deck.cards if other.number > card.number}
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise DeckError(f"cannot move it to {DELETED}/: {error.strerror or error}; nothing was deleted",
                        card.path) from None
    _moved(workspace, card.path, kept, later, f"cannot move it to {DELETED}/: {{}}; nothing was deleted")
    return card, kept


def _moved(workspace: Workspace, source: Path, target: Path, texts: dict[Path, str], refusal: str) -> None:
    """A card's file moved from `source` to `target` in one step (it is in one place or the other,
    never in both), then `texts` written, all or none; if they cannot be (a full disk, Ctrl-C),
    the file moves back and the deck is as it was. `refusal`: what to say where the move itself
    cannot be made ({} for the reason)."""
    try:
        os.replace(source, target)
    except OSError as error:
        raise DeckError(refusal.format(error.strerror or error), source) from None
    try:
        with Outputs() as outputs:
            for path, text in texts.items():
                outputs.write(workspace.inside(path), text.encode("utf-8"))
    except BaseException:
        os.replace(target, source)
        raise


def deleted(workspace: Workspace) -> list[tuple[str, str]]:
    """The cards kept in deleted/, to put back: (file name, title), by name."""
    folder = workspace.folder / DELETED
    found = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            values = yaml.load(workspace.read(path), Loader=_LOADER)
        except (DeckError, yaml.YAMLError):
            values = None
        title = values.get("title") if isinstance(values, dict) else None
        found.append((path.name, str(title) if title else path.stem))
    return found


def put_back(workspace: Workspace, name: str) -> tuple[int, Path, int]:
    """A card kept in deleted/ back in the deck, at the number it had (or last, if the deck has
    fewer cards now), the cards from there on numbered one higher; its file back in cards/ under
    its name (or one no card file has). All or nothing, as delete. Returns its number, its file and
    how many cards moved down one."""
    kept = workspace.inside(workspace.folder / DELETED / name)
    if kept.parent != workspace.folder / DELETED or kept.suffix != ".yaml" or not kept.is_file():
        raise DeckError(f"there is no card {name} in {DELETED}/")
    values = yaml.load(workspace.read(kept), Loader=_LOADER)
    number = values.get("number") if isinstance(values, dict) else None
    deck = workspace.deck()
    at = min(number, len(deck.cards) + 1) if isinstance(number, int) and number >= 1 else len(deck.cards) + 1
    back = workspace.free_path(workspace.folder / "cards", name)
    later = {other.path: updated(workspace.read(other.path), {"number": other.number + 1})
             for other in deck.cards if other.number >= at}
    texts = {back: updated(workspace.read(kept), {"number": at}), **later}
    _moved(workspace, kept, back, texts, "cannot move it back into cards/: {}; nothing was changed")
    return at, back, len(later)
