"""YAML text -> checked plain Python values, with every problem tied to file:line:column.

Content and layout files both go through here. A schema is a small tree of rules (Text, Integer,
ListOf, Mapping, Custom); checking walks PyYAML's node tree, so every value still knows where it
stood. Problems are collected, not raised one by one, so a user sees all of them at once.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, NamedTuple

import yaml

from .errors import DeckError
from .files import read_input
from .textcheck import MAX_TEXT, control_character, normalise_spaces, shortened

_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_MERGE = "tag:yaml.org,2002:merge"
_KINDS = {yaml.ScalarNode: "a single value", yaml.SequenceNode: "a list", yaml.MappingNode: "a group of keys"}

# Limits, checked before the work they bound (see the README's guarantees).
MAX_FILE_BYTES = 100_000  # per YAML file; the fullest bundled card is 5 KB
MAX_DEPTH = 20            # levels of nesting; deck's files need at most 5
MAX_ITEMS = 100           # items per list, unless a rule allows more
MAX_COLLECTION = 1000     # items in any list or group: ten times what any rule allows, checked before a tree is built


class Place(NamedTuple):
    """Where a checked text stood (1-based), and the comment that follows it on its last line when
    it is written without quotes: YAML ends such a text at ' #', so the comment may be cut text."""

    line: int
    column: int
    comment_line: int | None = None
    comment_column: int | None = None
    comment: str = ""


class Problems:
    """Collects the problems of one file, each with its place; remembers the file's text and the
    place of every text it accepted (label -> Place), for messages and checks that come later."""

    def __init__(self, path: Path):
        self.path = path
        self.errors: list[DeckError] = []
        self.lines: list[str] = []
        self.places: dict[str, Place] = {}

    def add(self, node: yaml.Node | None, message: str) -> None:
        mark = node.start_mark if node is not None else None
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        self.errors.append(DeckError(message, self.path, line, column))

    def add_at(self, line: int, column: int, message: str) -> None:
        self.errors.append(DeckError(message, self.path, line, column))


# PyYAML's words for common slips -> what the user did and how to mend it.
_SYNTAX = {
    "mapping values are not allowed here": "a ':' followed by a space starts a new key, so it cannot stand "
                                           "inside this text; put the whole text in double quotes",
    "found unexpected end of stream": "the quote that opens here is never closed; add the closing \" at the "
                                      "end of the text",
    "found character '\\t' that cannot start any token": "a tab is used for indentation; indent with spaces",
}


_CURLY = "“”„‟‘’‚‛«»"


def _syntax_error(error: yaml.MarkedYAMLError, text: str) -> tuple[str, yaml.Mark | None]:
    problem = error.problem or error.context or "the YAML is not valid"
    curly = _curly_quote(text, error.problem_mark) or _curly_quote(text, error.context_mark)
    if curly:
        return curly
    unclosed = _unclosed_quote(text)
    if unclosed:
        return unclosed
    if problem in _SYNTAX:
        quote = problem == "found unexpected end of stream" and error.context_mark is not None
        return _SYNTAX[problem], error.context_mark if quote else error.problem_mark
    return f"{problem}; check the indentation and the quotes on this line", error.problem_mark or error.context_mark


class _At(NamedTuple):
    line: int
    column: int


def _curly_quote(text: str, mark) -> tuple[str, _At] | None:
    """Word's curly quotes used as YAML quotes: YAML reads them as text, so a ':' inside breaks."""
    if mark is None:
        return None
    lines = text.splitlines()
    if mark.line >= len(lines):
        return None
    match = re.match(rf"^(\s*(?:-\s+)*(?:[^\s:#][^:#]*:\s+)?)([{_CURLY}])", lines[mark.line])
    if not match:
        return None
    return (f"the text starts with {match.group(2)}, a curly quote from a word processor; YAML knows only "
            "straight quotes: put the text between \" and \" (curly quotes inside the text are fine)",
            _At(mark.line, len(match.group(1))))


def _unclosed_quote(text: str) -> tuple[str, yaml.Mark] | None:
    """A quote left open runs on into the next lines and the error shows up lines later; find a
    quoted text that swallowed what looks like the next key or list item, and point at its start."""
    lines = text.splitlines()
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if not isinstance(token, yaml.ScalarToken) or token.style not in ('"', "'"):
                continue
            swallowed = lines[token.start_mark.line + 1: token.end_mark.line + 1]
            if any(re.match(r"^\s*(-\s|[\w-]+:(\s|$))", line) for line in swallowed):
                return (f"the quote that opens here is not closed on its line, so YAML reads on into the next "
                        f"lines; add the closing {token.style} at the end of the text", token.start_mark)
    except yaml.YAMLError:
        pass
    return None


_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def read_yaml(path: Path, problems: Problems, empty: str = "write its contents or delete the file"
              ) -> yaml.Node | None:
    """Read a YAML file safely into a node tree; None (with a problem noted) if that is impossible.

    Only an ordinary file of at most MAX_FILE_BYTES is read; its nesting, list lengths and aliases
    are checked on the stream of parser events before any node tree is built.
    """
    try:
        raw = read_input(path, MAX_FILE_BYTES)
    except DeckError as error:
        problems.errors.append(error)
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
    problems.lines = text.splitlines()
    control = _RAW_CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start())
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1)
        problems.add_at(line + 1, column + 1, f"the file holds {control_character(control.group())} here; "
                                              "it prints as nothing (copies from Word or a PDF carry them): delete it")
        return None
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        message, mark = _syntax_error(error, text)
        problems.errors.append(DeckError(f"YAML syntax error: {message}", path,
                                         mark.line + 1 if mark else None, mark.column + 1 if mark else None))
        return None
    except _TooMuch as error:
        problems.add_at(error.mark.line + 1, error.mark.column + 1, error.message)
        return None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
        problems.add(None, f"the file is empty; {empty}")
        return None
    return node


def _compose(text: str) -> yaml.Node | None:
    """Safe loading, with libyaml's fast parser where it is installed; a syntax error is parsed
    again by PyYAML's own parser, whose messages and marks the user-facing texts are built on.
    The limits are checked on the parser's events first: building a tree is recursive, and an
    alias of a list or group can make its walk explode."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            _check_events(yaml.parse(text, Loader=fast))
            return yaml.compose(text, Loader=fast)
        except yaml.MarkedYAMLError:
            pass
    _check_events(yaml.parse(text, Loader=yaml.SafeLoader))
    return yaml.compose(text, Loader=yaml.SafeLoader)


class _TooMuch(Exception):
    def __init__(self, message: str, mark):
        super().__init__(message)
        self.message, self.mark = message, mark


class _Open:
    """A list or group being read: how many events it holds, and its last key."""

    def __init__(self, mapping: bool):
        self.mapping, self.count, self.key = mapping, 0, None

    def item(self, event) -> None:
        if self.mapping and self.count % 2 == 0:
            self.key = getattr(event, "value", None)
        self.count += 1
        items = self.count // 2 if self.mapping else self.count
        if items > MAX_COLLECTION:
            raise _TooMuch(f"this {'group' if self.mapping else 'list'} has more than {MAX_COLLECTION} items; "
                           "deck's files never need that many: check the file", event.start_mark)

    @property
    def at_value(self) -> bool:
        return self.mapping and self.count % 2 == 1


def _check_events(events) -> None:
    """Depth, the number of items and aliases, checked as the parser streams its events."""
    stack: list[_Open] = []
    collections: set[str] = set()  # anchors of lists and groups
    for event in events:
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if stack:
                stack[-1].item(event)
            if event.anchor:
                collections.add(event.anchor)
            stack.append(_Open(isinstance(event, yaml.MappingStartEvent)))
            if len(stack) > MAX_DEPTH:
                raise _TooMuch(f"the file nests lists and groups more than {MAX_DEPTH} levels deep; deck's files "
                               "need at most 5: check the indentation", event.start_mark)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            stack.pop()
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor in collections:
                raise _TooMuch(_alias_message(event.anchor, stack), event.start_mark)
            if stack:
                stack[-1].item(event)
        elif isinstance(event, yaml.ScalarEvent) and stack:
            stack[-1].item(event)


def _alias_message(anchor: str, stack: list[_Open]) -> str:
    if stack and stack[-1].at_value and stack[-1].key == "<<":
        return (f"'<<: *{anchor}' merges keys from elsewhere in the file (a YAML merge key); deck does not "
                "take merge keys: write the keys out here")
    return (f"'*{anchor}' repeats a list or group from elsewhere in the file (a YAML alias); deck takes "
            "aliases only for single values: write the list or group out here")


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
        control = next((char for char in node.value if _is_control(char)), None)
        if control is not None:
            problems.add(node, f"'{label}' holds {control_character(control)} (written as an escape in the "
                               "quoted text); it prints as nothing: delete it")
            return None
        return node.value


def _is_control(char: str) -> bool:
    return bool(_RAW_CONTROL.match(char)) or "\ud800" <= char <= "\udfff"


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
        return _described(schema, self.doc)


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
        if node.tag != _INT:
            problems.add(node, f"'{label}' should be a whole number, not '{shortened(value)}'")
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
            problems.add(node, f"'{label}' needs at least {self.min_items} item(s)")
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
            problems.add(node, f"'{label}' should be a group of keys, not {kind}")
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
            problems.add(key_node, "'<<' merges keys from elsewhere in the file (a YAML merge key); deck does "
                                   "not take merge keys: write the keys out here")
            return False
        if key in self.retired:
            problems.add(key_node, f"'{key}' is no longer read: {self.retired[key]}")
            return False
        if key not in self.fields:
            key = shortened(key)
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
            "properties": {name: spec.rule.json_schema() for name, spec in self.fields.items()},
            "required": [name for name, spec in self.fields.items() if spec.required],
        }
        return _described(schema, self.doc)


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


def load_checked(path: Path, rule: Rule, problems: Problems, empty: str = "write its contents or delete the file"
                 ) -> Any:
    """Read `path` and check it against `rule`; None when the file could not be read at all."""
    node = read_yaml(path, problems, empty)
    if node is None:
        return None
    return rule.check(node, "", problems)
