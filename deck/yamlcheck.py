"""YAML text -> checked plain Python values, with every problem tied to file:line:column.

Content and layout files both go through here. A schema is a small tree of rules (Text, Integer,
ListOf, Mapping, Custom); checking walks PyYAML's node tree, so every value still knows where it
stood. Problems are collected, not raised one by one, so a user sees all of them at once.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from .errors import DeckError

_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_KINDS = {yaml.ScalarNode: "a single value", yaml.SequenceNode: "a list", yaml.MappingNode: "a group of keys"}


class Problems:
    """Collects the problems of one file, each with its place."""

    def __init__(self, path: Path):
        self.path = path
        self.errors: list[DeckError] = []

    def add(self, node: yaml.Node | None, message: str) -> None:
        mark = node.start_mark if node is not None else None
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        self.errors.append(DeckError(message, self.path, line, column))


# PyYAML's words for common slips -> what the user did and how to mend it.
_SYNTAX = {
    "mapping values are not allowed here": "a ':' followed by a space starts a new key, so it cannot stand "
                                           "inside this text; put the whole text in double quotes",
    "found unexpected end of stream": "the quote that opens here is never closed; add the closing \" at the "
                                      "end of the text",
    "found character '\\t' that cannot start any token": "a tab is used for indentation; indent with spaces",
    "expected <block end>, but found ','": "a list written without brackets; put the items in brackets: "
                                           "[\"first\", \"second\"]",
}


def _syntax_error(error: yaml.MarkedYAMLError) -> tuple[str, yaml.Mark | None]:
    problem = error.problem or error.context or "the YAML is not valid"
    if problem in _SYNTAX:
        quote = problem == "found unexpected end of stream" and error.context_mark is not None
        return _SYNTAX[problem], error.context_mark if quote else error.problem_mark
    return f"{problem}; check the indentation and the quotes on this line", error.problem_mark or error.context_mark


def read_yaml(path: Path, problems: Problems, empty: str = "write its contents or delete the file"
              ) -> yaml.Node | None:
    """Read a YAML file safely into a node tree; None (with a problem noted) if that is impossible."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.add(None, f"cannot read the file: {error.strerror}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problems.errors.append(DeckError(
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x}); "
            "save it as UTF-8 in your editor", path, line, column))
        return None
    return parse_yaml(text, problems, empty)


def parse_yaml(text: str, problems: Problems, empty: str = "write its contents or delete the file"
               ) -> yaml.Node | None:
    """YAML text (a file's contents, or what an editor holds before saving) -> its node tree; None
    (with a problem noted against `problems.path`) if it cannot be parsed or is empty."""
    path = problems.path
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        message, mark = _syntax_error(error)
        problems.errors.append(DeckError(f"YAML syntax error: {message}", path,
                                         mark.line + 1 if mark else None, mark.column + 1 if mark else None))
        return None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
        problems.add(None, f"the file is empty; {empty}")
        return None
    return node


def _compose(text: str) -> yaml.Node | None:
    """Safe loading, with libyaml's fast parser where it is installed; a syntax error is parsed
    again by PyYAML's own parser, whose messages and marks the user-facing texts are built on."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.MarkedYAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def closest(word: str, choices: list[str]) -> str | None:
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
            problems.add(node, f"'{label}' should be {self.description}, not {_KINDS[type(node)]}")
            return None
        if node.tag == _NULL:
            problems.add(node, f"'{label}' is empty; write {self.description} {_after(label)}")
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
        value = self._scalar(node, label, problems)
        if value is None:
            return None
        if not value.strip() and not self.allow_empty:
            problems.add(node, f"'{label}' is empty; write {self.description} {_after(label)}")
            return None
        return value.strip()

    def json_schema(self):
        # The checker takes a number or yes/no as the text the user typed; so does the schema.
        schema = {"type": ["string", "number", "boolean"]}
        if not self.allow_empty:
            schema["pattern"] = r"\S"
        else:
            schema["type"].append("null")  # an empty value is the empty text, as the checker reads it
        return _described(schema, self.doc)


@dataclass
class Integer(Rule):
    minimum: int | None = None
    description: str = "a whole number"
    doc: str = ""

    def check(self, node, label, problems):
        value = self._scalar(node, label, problems)
        if value is None:
            return None
        if node.tag != _INT:
            problems.add(node, f"'{label}' should be a whole number, not '{value}'")
            return None
        number = int(value)
        if self.minimum is not None and number < self.minimum:
            problems.add(node, f"'{label}' should be at least {self.minimum}, not {number}")
            return None
        return number

    def json_schema(self):
        schema = {"type": "integer"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        return _described(schema, self.doc)


@dataclass
class Custom(Rule):
    """A single value read by `parse`, which raises ValueError with a reason the user understands."""

    parse: Callable[[str], Any]
    description: str = "a value"
    doc: str = ""
    schema: dict = field(default_factory=lambda: {"type": "string"})

    def check(self, node, label, problems):
        value = self._scalar(node, label, problems)
        if value is None:
            return None
        try:
            return self.parse(value)
        except ValueError as error:
            problems.add(node, f"'{label}': {error}")
            return None

    def json_schema(self):
        return _described(dict(self.schema), self.doc)


@dataclass
class ListOf(Rule):
    item: Rule
    min_items: int = 0
    doc: str = ""

    @property
    def description(self) -> str:
        return "a list (lines that start with '- ')"

    def check(self, node, label, problems):
        if not isinstance(node, yaml.SequenceNode):
            kind = "nothing" if _is_null(node) else _KINDS[type(node)]
            problems.add(node, f"'{label}' should be a list (lines that start with '- '), not {kind}")
            return None
        if len(node.value) < self.min_items:
            problems.add(node, f"'{label}' needs at least {self.min_items} item(s)")
        return [self.item.check(child, f"{label}[{index + 1}]", problems)
                for index, child in enumerate(node.value)]

    def json_schema(self):
        schema = {"type": "array", "items": self.item.json_schema()}
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
            problems.add(node, f"'{label}' should be a group of keys, not {kind}")
            return None
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if self._known_key(key_node, key, seen, problems):
                seen[key] = value_node
        return self._values(node, label, seen, problems)

    def _known_key(self, key_node, key: str, seen: dict, problems: Problems) -> bool:
        if key in seen:
            problems.add(key_node, f"'{key}' appears twice in {self.what}; keep one")
            return False
        if key in self.retired:
            problems.add(key_node, f"'{key}' is no longer read: {self.retired[key]}")
            return False
        if key not in self.fields:
            hint = closest(key, list(self.fields))
            guess = f"did you mean '{hint}'? " if hint else ""
            problems.add(key_node, f"unknown key '{key}' in {self.what}: {guess}"
                                   f"the keys allowed here are {', '.join(self.fields)}")
            return False
        return True

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
                 text: str | None = None) -> Any:
    """Read `path` (or check `text` as if it were that file's contents) against `rule`; None when it
    could not be read at all."""
    node = read_yaml(path, problems, empty) if text is None else parse_yaml(text, problems, empty)
    if node is None:
        return None
    return rule.check(node, "", problems)
