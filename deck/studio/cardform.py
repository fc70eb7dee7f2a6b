"""The card form, made from the content schema (deck.content.CARD): a card's values -> form fields;
the posted form -> the changes to its YAML file.

The fields, their order, which are lists and their help texts come from the schema; this module
adds only what a form needs beyond it: labels, which fields are long texts and which side of the
card each prints on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..content import CARD
from ..yamlcheck import ListOf, Mapping
from .yamledit import Moved

# Where each field prints, so the form reads like the card: front first, then back. The id and the
# number print nowhere; the number changes by reordering cards on the deck page.
SIDES = {"title": "front", "summary": "front", "challenges": "front", "quotes": "front",
         "suggestions_heading": "back", "suggestions": "back", "sources": "back", "id": "file"}
LABELS = {
    "id": "Short name (id)", "title": "Title", "summary": "Summary", "challenges": "Challenges",
    "challenges.question": "Question", "challenges.text": "Explanation", "quotes": "Quotes",
    "quotes.text": "Quote", "quotes.source": "Who said it", "suggestions_heading": "Heading",
    "suggestions": "Suggestions", "sources": "Further reading", "sources.title": "Title",
    "sources.url": "Web address",
}
ITEM_LABELS = {"challenges": "challenge", "quotes": "quote", "suggestions": "suggestion", "sources": "source"}
HINTS = {
    "id": "Lowercase letters, digits and '-'; it names the card on the command line (deck card teamleren).",
    "quotes.text": "Without quote marks: the card adds them. A blank line starts a new paragraph.",
    "sources.url": "https://… prints a QR code beside the title; leave it empty for none.",
}
LONG = {"summary", "challenges.text", "quotes.text", "suggestions"}


@dataclass
class Entry:
    """One text field of the form (a single value, or one value inside a list item)."""

    name: str   # the form's name for it: title, challenges.0.question, suggestions.2
    label: str
    value: str
    long: bool
    hint: str = ""


@dataclass
class ListField:
    """A list of values or of small groups (a challenge: question and explanation)."""

    name: str
    label: str
    item_label: str
    parts: list[tuple[str, str, bool]]  # (key, label, long) of each item's values; [("", ...)] for plain texts
    items: list[list[Entry]] = field(default_factory=list)
    hint: str = ""

    @property
    def blank(self) -> list[Entry]:
        """The fields of a new, empty item."""
        return item_entries(self.name, self.parts, 0, {} if self.parts[0][0] else "")


def form(values: dict) -> dict[str, list]:
    """The card's values (as read from YAML) -> the form's fields by side: front, back, file."""
    sides: dict[str, list] = {"front": [], "back": [], "file": []}
    for key, spec in CARD.fields.items():
        if key not in SIDES:
            continue
        value = values.get(key)
        if isinstance(spec.rule, ListOf):
            sides[SIDES[key]].append(_list_field(key, spec.rule, value or []))
        else:
            sides[SIDES[key]].append(Entry(key, LABELS[key], _text(value), key in LONG,
                                           HINTS.get(key, "")))
    return sides


def _list_field(key: str, rule: ListOf, items: list) -> ListField:
    parts = ([(part, LABELS[f"{key}.{part}"], f"{key}.{part}" in LONG) for part in rule.item.fields]
             if isinstance(rule.item, Mapping) else [("", LABELS[key], key in LONG)])
    listed = ListField(key, LABELS[key], ITEM_LABELS[key], parts, hint=rule.doc)
    for index, item in enumerate(items):
        listed.items.append(item_entries(key, parts, index, item))
    return listed


def item_entries(key: str, parts, index: int, item) -> list[Entry]:
    entries = []
    for part, label, long in parts:
        value = item.get(part) if part else item
        name = f"{key}.{index}.{part}" if part else f"{key}.{index}"
        hint = HINTS.get(f"{key}.{part}", "")
        entries.append(Entry(name, label, _text(value), long, hint))
    return entries


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def as_posted(values: dict) -> dict[str, str]:
    """A card's values as its form posts them when nothing was changed."""
    fields: dict[str, str] = {}
    for side in form(values).values():
        for entry in side:
            if isinstance(entry, ListField):
                for index, item in enumerate(entry.items):
                    fields[f"{entry.name}.{index}.origin"] = str(index)
                    fields.update({part.name: part.value for part in item})
            else:
                fields[entry.name] = entry.value
    return fields


# -- the posted form -> changes ------------------------------------------------------------------

_ITEM = re.compile(r"^(?P<list>[a-z_]+)\.(?P<index>\d+)(?:\.(?P<part>[a-z_]+))?$")


def changes(posted: dict[str, str], has: set[str]) -> dict:
    """The posted form -> the changes to the card's YAML (see yamledit.updated).

    `has` names the keys the file has now: an empty optional list is left out rather than added.
    """
    result: dict = {}
    lists: dict[str, dict[int, dict]] = {}
    for name, value in posted.items():
        match = _ITEM.match(name)
        if match:
            item = lists.setdefault(match["list"], {}).setdefault(int(match["index"]), {})
            item[match["part"] or ""] = value
        elif name in CARD.fields and name in SIDES:
            result[name] = _clean(value)
    for key, spec in CARD.fields.items():
        if not isinstance(spec.rule, ListOf) or key not in SIDES:
            continue
        items = [lists.get(key, {})[index] for index in sorted(lists.get(key, {}))]
        if items or key in has or spec.required:
            result[key] = [_moved(item, spec.rule) for item in items]
    return result


def tidied(posted: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The posted form with what a text pasted from a word processor brings taken off, as the
    spreadsheet import takes it off, and what was done, in words: quote marks typed around a quote
    (the card sets its own: they would print twice), and a list pasted into one suggestion, its
    bullets and all (each line becomes a suggestion of its own)."""
    from ..spreadsheet import quote_text

    tidy, notes = dict(posted), []
    for name, value in posted.items():
        match = _ITEM.match(name)
        if match and match["list"] == "quotes" and match["part"] == "text":
            typed = "\n\n".join(re.split(r"\n\s*\n", _clean(value)))  # (paragraphs apart as quote_text leaves them)
            bare = quote_text(typed)
            if bare != typed:
                tidy[name] = bare
                notes.append(f"took the quote marks off quote {int(match['index']) + 1} (the card sets its own)")
    suggestions = sorted((int(match["index"]), name) for name in posted
                         if (match := _ITEM.match(name)) and match["list"] == "suggestions" and not match["part"])
    items = []
    for index, name in suggestions:
        lines = [line.strip() for line in _clean(posted[name]).split("\n") if line.strip()]
        origin = posted.get(f"{name}.origin", "")
        texts = _pasted_list(lines)
        if texts:
            notes.append(f"made {len(texts)} suggestions of the list pasted into suggestion {index + 1}"
                         if len(texts) > 1 else f"took the bullet off suggestion {index + 1} (the card sets its own)")
            items += [(text, origin if number == 0 else "") for number, text in enumerate(texts)]
        else:
            items.append((posted[name], origin))
    if notes and suggestions:
        for _, name in suggestions:
            tidy.pop(name, None)
            tidy.pop(f"{name}.origin", None)
        for index, (text, origin) in enumerate(items):
            tidy[f"suggestions.{index}"], tidy[f"suggestions.{index}.origin"] = text, origin
    return tidy, notes


def _pasted_list(lines: list[str]) -> list[str] | None:
    """A suggestion's lines as a list pasted from a word processor -> its items without their
    marks (a line without one goes on the item before it: an item that ran onto a second line);
    None where the text does not start with a list's mark."""
    from ..spreadsheet import PASTED_BULLET, PASTED_LIST_MARK

    if not lines or not PASTED_LIST_MARK.match(lines[0]):
        return None
    if len(lines) == 1 and not PASTED_BULLET.match(lines[0]):
        return None  # (one item with a number of its own keeps it, as in the spreadsheet)
    items: list[str] = []
    for line in lines:
        mark = PASTED_LIST_MARK.match(line)
        if mark:
            items.append(line[mark.end():].strip())
        else:
            items[-1] += " " + line
    return items


def _moved(item: dict, rule: ListOf) -> Moved:
    origin = item.get("origin", "")
    value = ({part: _clean(item.get(part, "")) for part in rule.item.fields}
             if isinstance(rule.item, Mapping) else _clean(item.get("", "")))
    return Moved(int(origin) if origin.isdigit() else None, value)


def _clean(text: str) -> str:
    """A browser sends line breaks as CR LF; the file has LF, and no white space at either end."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
