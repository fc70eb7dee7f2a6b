"""YAML text -> checked plain Python values, with every problem tied to file:line:column.

Content and layout files both go through here. A schema is a small tree of rules (Text, Integer,
ListOf, Mapping, Custom); checking walks PyYAML's node tree, so every value still knows where it
stood. Problems are collected, not raised one by one, so a user sees all of them at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .regex import Pattern
from .textcheck import MAX_TEXT, control_character, first_control, normalise_spaces, shortened
from .yamlread import NULL_TAG as _NULL
from .yamlread import NO_BREAK_INDENTATION, started_with
from .yamlread import (CURLY_QUOTES, MERGE_KEY, Place, Problems, checked_values, parse_yaml,  # noqa: F401
                       read_yaml, yaml)

MAX_ITEMS = 100  # items per list, unless a rule allows more
_INT = "tag:yaml.org,2002:int"
_MERGE = "tag:yaml.org,2002:merge"


class _Kinds:
    """A node's class -> what it is in a message's words (PyYAML's classes are looked up when used)."""

    def __getitem__(self, kind: type) -> str:
        return {yaml.ScalarNode: "a single value", yaml.SequenceNode: "a list", yaml.MappingNode: "a group of keys"}[kind]


_KINDS = _Kinds()


def closest(word: str, choices: list[str]) -> str | None:
    import difflib  # for messages only: a build with no problem never needs it

    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return match[0] if match else None


class Rule:
    """One expected shape of a YAML value."""

    description = "a value"

    def check(self, node: yaml.Node, label: str, problems: Problems) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError

    def _scalar(self, node: yaml.Node, label: str, problems: Problems) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            curly = _curly_start(node)
            if curly:
                problems.add(node, f"'{label}' starts with {curly}, a curly quote from a word processor, so YAML "
                                   "reads the ': ' in the text as a key; put the text between \" and \" instead")
                return None
            problems.add(node, f"'{label}' should be {self.description}, not {_KINDS[type(node)]}")
            return None
        if node.tag == _NULL:
            problems.add(node, f"'{label}' is empty; write {self.description} {_after(label)}")
            return None
        control = first_control(node.value)
        if control is not None:
            problems.add(node, f"'{label}' holds {control_character(control)} (written as an escape in the "
                               "quoted text); it prints as nothing: delete it")
            return None
        return node.value


@dataclass
class Text(Rule):
    """A piece of text. The text is taken as written: a number stays the digits the user typed."""

    allow_empty: bool = False
    description: str = "a piece of text"
    doc: str = ""

    def check(self, node, label, problems):
        if self.allow_empty and isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return ""
        if isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_TEXT:
            problems.add(node, f"'{label}' is {len(node.value)} characters long; a text may have at most "
                               f"{MAX_TEXT} (a whole card face holds fewer): shorten it")
            return None
        value = self._scalar(node, label, problems)
        if value is None:
            return None
        if not node.style and len(value) > 1 and value[0] in _CURLY_OPENING and value[-1] in _CURLY_CLOSING:
            problems.add(node, f"'{label}' is wrapped in {value[0]}{value[-1]}, curly quotes from a word processor, "
                               "which YAML takes as part of the text, so they would be printed; put the text between "
                               "straight double quotes (\"...\") instead")
            return None
        if not node.style and value.endswith('"') and value.count('"') == 1 and not value[-2:-1].isdigit():  # (27")
            problems.add(node, f"'{label}' ends with a \" that no \" opens, so it would be printed; put a \" at the "
                               "start of the text too, or take the one at its end away")
            return None
        if node.style == "'" and _ELISION.match(value):
            problems.add(node, f"'{label}' starts with an apostrophe ('t, 's), which YAML took for the quote that "
                               "opens the text, so it would not be printed; put the whole text between double quotes: "
                               f"\"'{shortened(value, 30)}\"")
            return None
        escape = _escape_in_double_quotes(node, problems.lines)
        if escape:
            problems.add(node, f"'{label}' holds {escape} inside double quotes, which YAML reads as "
                               f"{_ESCAPES.get(escape[1], 'another character')} (a backslash starts an escape there); "
                               "write a path with forward slashes, or put the text in single quotes")
            return None
        value = normalise_spaces(value).strip()
        if not value and not self.allow_empty:
            problems.add(node, f"'{label}' is empty; write {self.description} {_after(label)}")
            return None
        problems.places[label] = _place(node, problems.lines)
        return value

    def json_schema(self):
        # The checker takes a number or yes/no as the text the user typed; so does the schema.
        schema = {"type": ["string", "number", "boolean"]}
        if not self.allow_empty:
            schema["pattern"] = r"\S"
        else:
            schema["type"].append("null")  # an empty value is the empty text, as the checker reads it
        return _described(schema, self.doc)


_ESCAPES = {"t": "a tab", "n": "a new line", "r": "a line end", "\\": "one backslash", "0": "a NUL character",
            "b": "a backspace", "a": "a bell", "e": "an escape character"}
# the escapes a path's backslash makes by chance (\t, \n, \\ ...); not \" nor those only a program writes
# on purpose (\uFEFF, \x0b, \N ...)
_ESCAPE = Pattern(r'\\([tnr\\0abefv])')
_ESCAPED = Pattern("[\t\n\r\\\\\x00\x07\x08\x1b\x0c\x0b]")  # what those escapes leave in a text
_ELISION = Pattern(r"(t|s|n|k|m|r|ns)\s")  # what a text that began with 't or 's reads after it ('10 tips' is no elision)


def _escape_in_double_quotes(node: yaml.ScalarNode, lines: list[str]) -> str | None:
    """The first backslash escape (other than \\") written inside a double-quoted text: a Windows path
    ("H:\\teams\\notulen") prints with a tab and a new line in it, and check would say ok."""
    if node.style != '"' or not lines or not _ESCAPED.search(node.value):  # (most texts: one search in C)
        return None
    start, end = node.start_mark, node.end_mark
    if end.line >= len(lines):
        return None
    raw = "\n".join([lines[start.line][start.column:]] + lines[start.line + 1:end.line + 1]) if end.line > start.line \
        else lines[start.line][start.column:end.column]
    if end.line > start.line:
        raw = raw[:len(raw) - len(lines[end.line]) + end.column]
    found = _ESCAPE.search(raw)
    return found.group(0) if found else None


_CURLY_OPENING, _CURLY_CLOSING = "“„‘‚«", "”“’‘»"
# the keys' names as a Dutch, German or French user may first write them (the names stay English)
_IN_ENGLISH = {"titel": "title", "samenvatting": "summary", "uitdagingen": "challenges", "vraag": "question",
               "tekst": "text", "citaten": "quotes", "bron": "source", "suggesties": "suggestions",
               "bronnen": "sources", "nummer": "number", "taal": "language", "uitgever": "publisher",
               "zusammenfassung": "summary", "herausforderungen": "challenges", "frage": "question",
               "zitate": "quotes", "quelle": "source", "vorschläge": "suggestions", "quellen": "sources",
               "titre": "title", "résumé": "summary", "défis": "challenges", "citations": "quotes",
               "numéro": "number", "langue": "language"}


def _list_slip(key: str) -> str | None:
    """A 'key' that is a list item typed wrongly (Word's bullet at the line's start, an indentation of
    no-break spaces), or None."""
    stripped = key.lstrip("\u00a0 ")
    if key.startswith("\u00a0"):
        return NO_BREAK_INDENTATION
    if stripped[:1] in "•·▪◦‣–—" and stripped[:1]:
        return started_with(stripped[0], ", indented under its name", "type '- ' instead")
    return None


def _place(node: yaml.ScalarNode, lines: list[str]) -> Place:
    start = (node.start_mark.line + 1, node.start_mark.column + 1)
    end, column = node.end_mark.line, node.end_mark.column
    rest = lines[end][column:] if not node.style and end < len(lines) else ""
    comment = re.match(r"\s+#", rest)
    if comment is None:
        return Place(*start)
    return Place(*start, end + 1, column + comment.end(), rest[comment.end() - 1:].strip())


@dataclass
class Integer(Rule):
    minimum: int | None = None
    maximum: int | None = None
    description: str = "a whole number"
    doc: str = ""

    def check(self, node, label, problems):
        value = self._scalar(node, label, problems)
        if value is None:
            return None
        leading_zero = not node.style and re.fullmatch(r"0[0-9]{1,17}", value)  # 08, as the file names go (01-...)
        if node.tag != _INT and not leading_zero:
            digits = node.style in ("'", '"') and re.fullmatch(r"\s*[-+]?[0-9]{1,18}\s*", value)
            problems.add(node, f"'{label}' should be a whole number, not '{shortened(value)}'"
                               + ("; write the number without quotes" if digits else ""))
            return None
        if not re.fullmatch(r"[-+]?[0-9]{1,18}", value):
            problems.add(node, f"'{label}' should be a whole number written in digits, such as 3, "
                               f"not '{shortened(value)}'")
            return None
        number = int(value)
        if self.minimum is not None and number < self.minimum:
            problems.add(node, f"'{label}' should be at least {self.minimum}, not {number}")
            return None
        if self.maximum is not None and number > self.maximum:
            problems.add(node, f"'{label}' should be at most {self.maximum}, not {number}")
            return None
        return number

    def json_schema(self):
        schema = {"type": "integer"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return _described(schema, self.doc)


@dataclass
class Custom(Rule):
    """A single value read by `parse`, which raises ValueError with a reason the user understands."""

    parse: Callable[[str], Any]
    description: str = "a value"
    doc: str = ""
    schema: dict = field(default_factory=lambda: {"type": "string"})
    placed: bool = False  # whether its place is kept (problems.places) for a later check to point at

    def check(self, node, label, problems):
        value = self._scalar(node, label, problems)
        if value is None:
            return None
        try:
            parsed = self.parse(value)
        except ValueError as error:
            problems.add(node, f"'{label}': {error}")
            return None
        if self.placed and isinstance(node, yaml.ScalarNode):  # (not every card's id and urls: memory)
            problems.places[label] = _place(node, problems.lines)
        return parsed

    def json_schema(self):
        return _described(dict(self.schema), self.doc)


@dataclass
class ListOf(Rule):
    item: Rule
    min_items: int = 0
    doc: str = ""
    max_items: int = MAX_ITEMS

    @property
    def description(self) -> str:
        return "a list (lines that start with '- ')"

    def check(self, node, label, problems):
        if not isinstance(node, yaml.SequenceNode):
            kind = "nothing" if _is_null(node) else _KINDS[type(node)]
            problems.add(node, f"'{label}' should be a list (lines that start with '- '), not {kind}")
            return None
        if len(node.value) < self.min_items:
            items = "one item" if self.min_items == 1 else f"{self.min_items} items"
            problems.add(node, f"'{label}' needs at least {items}")
        if len(node.value) > self.max_items:
            problems.add(node, f"'{label}' has {len(node.value)} items; a list here takes at most "
                               f"{self.max_items}")
            return None
        return [self.item.check(child, f"{label}[{index + 1}]", problems)
                for index, child in enumerate(node.value)]

    def json_schema(self):
        schema = {"type": "array", "items": self.item.json_schema(), "maxItems": self.max_items}
        if self.min_items:
            schema["minItems"] = self.min_items
        return _described(schema, self.doc)


@dataclass
class Field:
    rule: Rule
    required: bool = True
    default: Any = None


@dataclass
class Mapping(Rule):
    """A group of keys. Unknown keys are errors that name the allowed keys and the closest match."""

    fields: dict[str, Field]
    what: str = "this group"
    doc: str = ""
    description: str = "a group of keys"
    retired: dict[str, str] = field(default_factory=dict)  # keys deck no longer reads -> what to do

    def check(self, node, label, problems):
        if not isinstance(node, yaml.MappingNode):
            kind = "nothing" if _is_null(node) else _KINDS[type(node)]
            if not label:  # the whole file: a sentence, a list, a link to a text file
                first = next(iter(self.fields))
                problems.add(node, f"{self.what} should hold names, each on a line of its own with its value "
                                   f"({first}: ...), not {kind}; start from a file deck new makes")
            else:
                names = list(self.fields)[:3]
                problems.add(node, f"'{label}' should be a group of keys, not {kind}: write its "
                                   f"{' and '.join(names)}, each on a line of its own, the first after the '- ' "
                                   f"({names[0]}: \"...\") and the others below it, in line with it")
            return None
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.add(key_node, f"a key in {self.what} should be a single word such as "
                                       f"{next(iter(self.fields))}, not {_KINDS[type(key_node)]}")
                continue
            key = key_node.value
            if self._known_key(key_node, key, seen, problems):
                seen[key] = value_node
        return self._values(node, label, seen, problems)

    def _known_key(self, key_node, key: str, seen: dict, problems: Problems) -> bool:
        if key in seen:
            problems.add(key_node, f"'{key}' appears twice in {self.what}; keep one")
            return False
        if key_node.tag == _MERGE:
            problems.add(key_node, f"'<<' {MERGE_KEY}")
            return False
        if key in self.retired:
            problems.add(key_node, f"'{key}' is no longer read: {self.retired[key]}")
            return False
        if key not in self.fields:
            slip = _list_slip(key)
            if slip:
                problems.add(key_node, slip)
                return False
            key = shortened(key)
            hint = closest(key, list(self.fields)) or _IN_ENGLISH.get(key.lower())
            if hint not in self.fields:
                hint = self._section_of(key)
                if hint:
                    problems.add(key_node, f"'{key}' belongs in the section {hint}: write it indented under "
                                           f"'{hint}:' (remove the '# ' before '{hint}:' too, if it is commented "
                                           "out)")
                    return False
            guess = f"did you mean '{hint}'? " if hint else ""
            problems.add(key_node, f"unknown key '{key}' in {self.what}: {guess}"
                                   f"the keys allowed here are {', '.join(self.fields)}")
            return False
        return True

    def _section_of(self, key: str) -> str | None:
        """The section of this group that has `key` (colours for accent), if one does."""
        for name, spec in self.fields.items():
            rule = getattr(spec, "rule", None)
            if key in (getattr(rule, "fields", None) or {}):
                return name
        return None

    def _values(self, node, label, seen, problems) -> dict:
        values = {}
        for name, spec in self.fields.items():
            if name in seen:
                child_label = name if label == "" else f"{label}.{name}"
                values[name] = spec.rule.check(seen[name], child_label, problems)
            elif spec.required:
                problems.add(node, f"{self.what} has no '{name}'; add it ({spec.rule.description})")
                values[name] = None  # marks the gap, so nothing is built from an incomplete group
            else:
                values[name] = spec.default
        return values

    def json_schema(self):
        schema = {
            "type": "object",
            "additionalProperties": False,
            "properties": {name: _with_default(spec) for name, spec in self.fields.items()},
            "required": [name for name, spec in self.fields.items() if spec.required],
        }
        return _described(schema, self.doc)


def _curly_start(node: yaml.Node) -> str | None:
    """The curly quote a group's first key starts with: ‘Tip: vier successen’ written as a text."""
    if isinstance(node, yaml.MappingNode) and node.value and isinstance(node.value[0][0], yaml.ScalarNode):
        first = node.value[0][0].value[:1]
        return first if first and first in CURLY_QUOTES else None
    return None


def _with_default(spec: Field) -> dict:
    schema = spec.rule.json_schema()
    if spec.default not in (None, [], ""):
        schema["default"] = spec.default
    return schema


def _after(label: str) -> str:
    """Where the missing value goes: after 'key:' or after the '- ' of a list item."""
    if label.endswith("]"):
        return "after the '- '"
    return f"after '{label.rsplit('.', 1)[-1]}:'"


def value_node(node: yaml.Node | None, *keys: str) -> yaml.Node | None:
    """The node of the value at keys[0].keys[1]..., for messages about a checked value."""
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None
        node = next((value for key_node, value in node.value if key_node.value == key), None)
    return node


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL


def _described(schema: dict, doc: str) -> dict:
    if doc:
        schema["description"] = doc
    return schema


def load_checked(path: Path, rule: Rule, problems: Problems, empty: str = "write its contents or delete the file",
                 text: str | None = None, kind: str | None = None) -> Any:
    """Read `path` (or check `text` as if it were that file's contents) against `rule`; None when it
    could not be read at all.

    `kind` names `rule` for deck's cache: a file whose bytes passed this check before, without a
    problem, is not read as YAML again; its values and the places of its texts come from the cache
    (keyed by the bytes, the kind and deck's code: cache.code_stamp)."""
    if text is None and kind is not None:
        return checked_values(path, kind, lambda: rule, problems, empty)
    node = read_yaml(path, problems, empty) if text is None else parse_yaml(text, problems, empty)
    if node is None:
        return None
    return rule.check(node, "", problems)
