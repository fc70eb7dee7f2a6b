"""A YAML file -> PyYAML's node tree, read safely, or the reasons it cannot be read in the user's words.

Only an ordinary file of bounded size is read (files.read_input); control characters, nesting,
list lengths and aliases are checked before any node tree is built, so a small hostile file cannot
exhaust memory or time. A syntax error is told as the slip a user made (a ':' inside a text, a
quote left open, Word's curly quotes used as YAML quotes) at the place where it was made.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from .errors import DeckError
from .files import read_input
from .regex import Pattern
from .textcheck import RAW_CONTROL, control_character

NULL_TAG = "tag:yaml.org,2002:null"


class _LazyYAML:
    """PyYAML, imported when first used (11 ms): a build whose files deck's cache holds checked
    (yamlcheck.load_checked, layouts) never parses YAML. An attribute, once used, is kept on the
    object, so that later uses cost what a module's attribute costs."""

    def __getattr__(self, name: str):
        import yaml as module

        value = getattr(module, name)
        setattr(self, name, value)
        return value


yaml = _LazyYAML()

# Limits, checked before the work they bound (see the README's guarantees).
MAX_FILE_BYTES = 100_000  # per YAML file; the fullest bundled card is 5 KB
MAX_DEPTH = 20            # levels of nesting; deck's files need at most 5
MAX_COLLECTION = 1000     # items in any list or group: ten times what any rule allows, checked before a tree is built


class Place(NamedTuple):
    """Where a checked text stood (1-based), and the comment that follows it on its last line when
    it is written without quotes: YAML ends such a text at ' #', so the comment may be cut text."""

    line: int
    column: int
    comment_line: int | None = None
    comment_column: int | None = None
    comment: str = ""


class Spot(NamedTuple):
    """Where a value stood (0-based, as PyYAML counts), for messages about it once its node is gone:
    it answers `start_mark` as a node does."""

    line: int
    column: int

    @property
    def start_mark(self) -> "Spot":
        return self

    @classmethod
    def of(cls, node) -> "Spot | None":
        return None if node is None else cls(node.start_mark.line, node.start_mark.column)


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
_MISALIGNED = ("this line is not in line with the lines it belongs with; indent it by as many spaces as the "
               "other names of its item (as the line above it, or as its first name after the '- ')")
_SYNTAX = {
    "mapping values are not allowed here": "a ':' followed by a space starts a new key, so it cannot stand "
                                           "inside this text; put the whole text in double quotes",
    "found unexpected end of stream": "the quote that opens here is never closed; add the closing \" at the "
                                      "end of the text",
    "found character '\\t' that cannot start any token": "a tab is used for indentation; indent with spaces",
    "but found another document": "the line '---' starts a second document, and a file holds one card (or one "
                                  "deck, or one layout); remove the '---' line, and put another card in a file "
                                  "of its own",
    "expected <block end>, but found ','": "a list written without brackets; put the items in brackets: "
                                           "[\"first\", \"second\"]",
    # a key or a list item indented by a space more or less than the ones it belongs with
    "expected <block end>, but found '<block mapping start>'": _MISALIGNED,
    "expected <block end>, but found '?'": _MISALIGNED,
    "expected <block end>, but found '<block sequence start>'": "this '- ' is not in line with the list's other "
                                                                "items; start each '- ' of a list at the same column",
    "expected <block end>, but found '-'": "a list item ('- ...') stands here, where a name is expected: the list's "
                                           "name (such as 'suggestions:') may be missing on the line above it, or the "
                                           "item is not in line with the list's other items",
    "expected <block end>, but found '<scalar>'": "this line is a text where a name ('title: ...') or a list item "
                                                  "('- ...') is expected; start it with '- ' if it belongs to the list "
                                                  "above, or indent it as the text above is if it goes on that text",
}


CURLY_QUOTES = "“”„‟‘’‚‛«»"


def _syntax_error(error: yaml.MarkedYAMLError, text: str) -> tuple[str, yaml.Mark | None]:
    problem = error.problem or error.context or "the YAML is not valid"
    curly = _curly_quote(text, error.problem_mark) or _curly_quote(text, error.context_mark)
    if curly:
        return curly
    unclosed = _unclosed_quote(text)
    if unclosed:
        return unclosed
    if problem.startswith(("found unknown escape character", "expected escape sequence")):  # C:\\Users, D:\\uitleg
        return ("a backslash inside double quotes starts an escape (\\n is a new line), so this one cannot "
                "stand here; write a path with forward slashes (fonts/Lato-Bold.ttf), or put the text in single "
                "quotes", error.problem_mark)
    slip = _slip_near(text, error.problem_mark, problem)
    if slip:
        return slip
    if problem == "mapping values are not allowed here" and _indented_too_far(text, error.problem_mark):
        return _INDENTED_TOO_FAR, _At(error.problem_mark.line, _indent(text.splitlines()[error.problem_mark.line]))
    if _SYNTAX.get(problem) is _MISALIGNED or problem == "expected <block end>, but found '-'":
        section = _commented_section(text, error.problem_mark)
        if section:
            name, line = section
            return (f"this setting belongs to the section {name}, whose name is still commented out: remove the "
                    f"'# ' before '{name}:' on line {line + 1} too", error.problem_mark)
    if problem == "expected <block end>, but found '<block sequence start>'":
        lost = _item_without_dash(text, error.problem_mark)
        if lost:
            return lost
    if problem in _SYNTAX:
        quote = problem == "found unexpected end of stream" and error.context_mark is not None
        return _SYNTAX[problem], error.context_mark if quote else error.problem_mark
    return f"{problem}; check the indentation and the quotes on this line", error.problem_mark or error.context_mark


_COMMENTED_SECTION = Pattern(r"^# ?([a-z_]+):\s*$")


def _item_without_dash(text: str, mark) -> tuple[str, "_At"] | None:
    """A list's item whose '- ' was deleted, right below the list's name and above its other items:
    PyYAML names the next item's '- ' instead."""
    if mark is None:
        return None
    lines = text.splitlines()
    indent = _indent(lines[mark.line])
    # the lines above that hold something, less those indented further (an item's text going on)
    above = [number for number in range(mark.line - 1, -1, -1)
             if lines[number].strip() and not lines[number].lstrip().startswith("#")
             and _indent(lines[number]) <= indent]
    if len(above) < 2:
        return None
    item, name = lines[above[0]], lines[above[1]]
    if _indent(item) == indent and not item.lstrip().startswith("-") and name.split(" #")[0].rstrip().endswith(":"):
        return ("this line is one of the list's items but does not start with '- '; type '- ' before it, as before "
                "the items below it", _At(above[0], indent))
    return None


def _commented_section(text: str, mark) -> tuple[str, int] | None:
    """The section name commented out above an indented setting (a starter layout's '# colours:'
    above '  accent: ...' whose '# ' was removed): (name, its line), or None."""
    if mark is None:
        return None
    lines = text.splitlines()
    if mark.line >= len(lines) or not lines[mark.line].startswith(" "):
        return None
    for number in range(mark.line - 1, -1, -1):
        line = lines[number]
        found = _COMMENTED_SECTION.match(line)
        if found:
            return found.group(1), number
        if line.strip() and not line.startswith(("#", " ")):
            return None
    return None


class _At(NamedTuple):
    line: int
    column: int


NO_BREAK_INDENTATION = ("this line is indented with no-break spaces (from Word, or Option-Space on a Mac), which "
                        "YAML does not count as indentation; indent with ordinary spaces")


def started_with(mark: str, where: str, then: str) -> str:
    """A list item typed with `mark` (Word's bullet, '2.') instead of '- '."""
    return f"this line starts with '{mark}', but a list item starts with '- ' (a hyphen and a space){where}; {then}"


def _dash_followed_by(what: str) -> str:
    return f"this list item's '-' has {what} after it; a list item starts with '- ', a hyphen and an ordinary space"


_NO_BREAK_AFTER_NAME = Pattern(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_]*:(\u00a0)")
_BULLET_ITEM = Pattern(r"^(\s*)([•·▪◦‣–—*])\s")
_DASH_SLIP = Pattern(r"^( *)-(\u00a0|(?=[\"'‘“\w]))")  # '-' with a no-break space after it, or none
_NUMBERED_ITEM = Pattern(r"^( *)(\d{1,2}[.)]) ")
_NO_BREAK_INDENT = Pattern(r"^ *\u00a0")
_NAME_WITHOUT_COLON = Pattern(r"^(\s*(?:-\s+)?)([a-z_]+) +[\"'‘“]")
_NO_SPACE_AFTER_NAME = Pattern(r"^(\s*(?:-\s+)?)([a-z_]+):[\"'‘“]")
_AFTER_THE_QUOTE = {f"expected <block end>, but found '{token}'"
                    for token in ("<scalar>", "<tag>", "<alias>", "<anchor>")}
_QUOTED_VALUE = Pattern(r"^\s*(?:-\s+)?(?:[A-Za-z_][A-Za-z0-9_]*:\s+)?([\"'])")


def _slip_near(text: str, mark, problem: str) -> tuple[str, _At] | None:
    """Slips PyYAML reports a line or two later, or in its own words: a no-break space after a
    name's ':' (Word, or Option-Space on a Mac), a list item started with Word's bullet or dash, a
    name without its ':', a double-quoted text that holds a '"' or an apostrophe in single quotes,
    more after the closing quote. Found on the lines up to the one PyYAML names."""
    if mark is None:
        return None
    lines = text.splitlines()
    last = min(mark.line, len(lines) - 1)
    for number in range(last + 1):  # slips never right in YAML, wherever they stand above
        line = lines[number]
        if _NO_BREAK_INDENT.match(line):
            return NO_BREAK_INDENTATION, _At(number, 0)
        found = _DASH_SLIP.match(line)
        if found and found.group(2):
            return _dash_followed_by("a no-break space (from Word)"), _At(number, len(found.group(1)))
    for number in range(last, max(-1, last - 8), -1):  # (a list item may run over lines)
        line = lines[number]
        found = _NO_BREAK_AFTER_NAME.match(line)
        if found:
            return ("the space after the ':' is a no-break space (from Word, or Option-Space on a Mac), which YAML "
                    "does not count as a space; type an ordinary space", _At(number, found.start(1)))
        found = _BULLET_ITEM.match(line)
        if found:
            return started_with(found.group(2), "", "type '- ' instead"), _At(number, len(found.group(1)))
        found = _DASH_SLIP.match(line)
        if found:
            return _dash_followed_by("no space"), _At(number, len(found.group(1)))
        found = _NUMBERED_ITEM.match(line)
        if found:
            return (started_with(found.group(2), "", "deck numbers or bullets the items itself"),
                    _At(number, len(found.group(1))))
    if problem in ("could not find expected ':'", "mapping values are not allowed here"):
        for number in range(last, max(-1, last - 2), -1):
            found = _NO_SPACE_AFTER_NAME.match(lines[number])
            if found:
                name = found.group(2)
                return (f"the name '{name}' needs a space after its ':', before its text ({name}: \"...\")",
                        _At(number, len(found.group(1)) + len(name) + 1))
            found = _NAME_WITHOUT_COLON.match(lines[number]) if ":" not in lines[number] else None
            if found:
                name = found.group(2)
                return (f"the name '{name}' needs a ':' after it, before its text ({name}: \"...\")",
                        _At(number, len(found.group(1)) + len(name)))
    if problem in _AFTER_THE_QUOTE and mark.line < len(lines):
        line = lines[mark.line]
        opened = _QUOTED_VALUE.match(line)
        if opened and opened.end() <= mark.column:
            quote = opened.group(1)
            if quote == "'":
                return ("a text in single quotes ends at its second ', so an apostrophe inside it ends it early; "
                        "write the apostrophe twice ('Auto''s'), or put the text in double quotes",
                        _At(mark.line, mark.column))
            rest = line[mark.column:].split(" #")[0]
            if '"' in rest:
                return ("a text in double quotes ends at its second \", so a \" inside it ends it early; write "
                        "‘…’ or “…” inside the text, or put the whole text in single quotes",
                        _At(mark.line, mark.column))
            return ("there is more after the text's closing quote; move it inside the quotes",
                    _At(mark.line, mark.column))
    return None


_INDENTED_TOO_FAR = ("this line is indented further than the name on the line above it, so YAML reads it as more "
                     "of that line's text; line it up with that name")
_KEY_LINE = Pattern(r"[A-Za-z_][A-Za-z0-9_]*:(?: |$)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indented_too_far(text: str, mark) -> bool:
    """A 'name: value' line indented further than the 'name: value' line above it: not a text with a
    ': ' inside (YAML's words for both are the same)."""
    lines = text.splitlines()
    if mark is None or not 0 < mark.line < len(lines):
        return False
    line = lines[mark.line]
    # the line above that holds something (blank lines and comments between: a section uncommented
    # with the space after its '#' left in front, below 'extends: default')
    above = next((lines[number] for number in range(mark.line - 1, -1, -1)
                  if lines[number].strip() and not lines[number].lstrip().startswith("#")), "")
    name = above.lstrip(" ")
    column = _indent(above) + (2 if name.startswith("- ") else 0)  # where the name on the line above starts
    return bool(_KEY_LINE.match(line.lstrip(" ")) and _KEY_LINE.match(name.removeprefix("- "))
                and not above.rstrip().endswith(":") and _indent(line) > column)


def _curly_quote(text: str, mark) -> tuple[str, _At] | None:
    """Word's curly quotes used as YAML quotes: YAML reads them as text, so a ':' inside breaks."""
    if mark is None:
        return None
    lines = text.splitlines()
    if mark.line >= len(lines):
        return None
    match = re.match(rf"^(\s*(?:-\s+)*(?:[^\s:#][^:#]*:\s+)?)([{CURLY_QUOTES}])", lines[mark.line])
    if not match:
        return None
    return (f"the text starts with {match.group(2)}, a curly quote from a word processor; YAML knows only "
            "straight quotes: put the text between \" and \" (curly quotes inside the text are fine)",
            _At(mark.line, len(match.group(1))))


_ELIDED = re.compile(r"'(t|s|n|k|m|r|ns)\b")  # 't, 's, 'n: an apostrophe, not a quote


def _unclosed_quote(text: str) -> tuple[str, yaml.Mark] | None:
    """A quote left open runs on into the next lines and the error shows up lines later; find a
    quoted text that swallowed what looks like the next key or list item (no further indented than
    the line the quote opens on, where a text that goes on over lines is indented more), and point
    at its start."""
    lines = text.splitlines()
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if not isinstance(token, yaml.ScalarToken) or token.style not in ('"', "'"):
                continue
            opening = lines[token.start_mark.line]
            indent = len(opening) - len(opening.lstrip())
            swallowed = lines[token.start_mark.line + 1: token.end_mark.line + 1]
            if any(re.match(rf"^ {{0,{indent}}}(-\s|[\w-]+:(\s|$))", line) for line in swallowed):
                if token.style == "'" and _ELIDED.match(opening, token.start_mark.column):
                    return ("the text starts with an apostrophe ('t, 's, zo'n), which YAML takes for an opening "
                            "quote; put the whole text between double quotes: \"'t ...\"", token.start_mark)
                return (f"the quote that opens here is not closed on its line, so YAML reads on into the next "
                        f"lines; add the closing {token.style} at the end of the text", token.start_mark)
    except yaml.YAMLError:
        pass
    return None


def read_yaml(path: Path, problems: Problems, empty: str = "write its contents or delete the file"
              ) -> yaml.Node | None:
    """Read a YAML file safely into a node tree; None (with a problem noted) if that is impossible.

    Only an ordinary file of at most MAX_FILE_BYTES is read; its nesting, list lengths and aliases
    are checked on the stream of parser events before any node tree is built.
    """
    raw = read_source(path, problems)
    text = as_text(raw, path, problems) if raw is not None else None
    return parse_yaml(text, problems, empty) if text is not None else None


def read_source(path: Path, problems: Problems) -> bytes | None:
    """The bytes of a YAML file, an ordinary file of at most MAX_FILE_BYTES; None (with the problem
    noted) if it cannot be read."""
    try:
        return read_input(path, MAX_FILE_BYTES)
    except DeckError as error:
        problems.errors.append(error)
        return None


def as_text(raw: bytes, path: Path, problems: Problems) -> str | None:
    """A file's bytes as UTF-8 text; None (with the place of the first wrong byte) if they are not."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problems.errors.append(DeckError(
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x}); "
            "save it as UTF-8 in your editor", path, line, column))
        return None


def parse_yaml(text: str, problems: Problems, empty: str = "write its contents or delete the file"
               ) -> yaml.Node | None:
    """YAML text (a file's contents, or what an editor holds before saving) -> its node tree; None
    (with a problem noted against `problems.path`) if it cannot be parsed, breaks a limit, or is
    empty."""
    path = problems.path
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        problems.add(None, f"the text is {-(-size // 1000)} KB; deck takes at most {MAX_FILE_BYTES // 1000} KB "
                           "per file (is this the right text?)")
        return None
    problems.lines = text.splitlines()
    control = RAW_CONTROL.search(text)
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
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG):
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


MERGE_KEY = ("merges keys from elsewhere in the file (a YAML merge key); deck does not take merge keys: "
             "write the keys out here")


def _alias_message(anchor: str, stack: list[_Open]) -> str:
    if stack and stack[-1].at_value and stack[-1].key == "<<":
        return f"'<<: *{anchor}' {MERGE_KEY}"
    return (f"'*{anchor}' repeats a list or group from elsewhere in the file (a YAML alias); deck takes "
            "aliases only for single values: write the list or group out here")


def checked_file(path: Path, kind: str, check, valid, problems: Problems, empty: str):
    """What `check(node)` makes of the YAML file `path` (None when it finds a problem); None when
    the file could not be read at all.

    `kind` names the check for deck's cache: what a file's bytes made before, without a problem, is
    taken from the cache (if `valid` accepts it) instead of reading the file as YAML again (one
    entry per file and kind, for its bytes and deck's code: cache.code_stamp). The file itself is
    read all the same (read_input: an ordinary file, within the limit, noted as an input of the run)."""
    import os

    from .cache import code_stamp, keep_for, recall_for

    raw = read_source(path, problems)
    if raw is None:
        return None
    kind = f"checked-{kind}-{code_stamp()}"
    name = os.path.abspath(path)
    kept = recall_for(kind, name, raw, valid)
    if kept is not None:
        return kept
    text = as_text(raw, path, problems)
    node = parse_yaml(text, problems, empty) if text is not None else None
    if node is None:
        return None
    made = check(node)
    if made is not None and not problems.errors:
        keep_for(kind, name, raw, made)
    return made


def checked_values(path: Path, kind: str, rule, problems: Problems, empty: str):
    """The values of the YAML file `path` checked by `rule()` (a yamlcheck Rule, asked for only when
    the file has to be read as YAML), through checked_file: the places of its texts are kept with
    them and come back into `problems`. None when it could not be read at all.

    The places are kept pickled on their own, and a file taken from deck's cache gets them as
    KeptPlaces, read only when a message needs one: most builds never do, and reading a thousand
    cards' places (27,000 of them) took 40 of the 70 ms their cached values take."""
    import pickle

    found = checked_file(path, kind, lambda node: (rule().check(node, "", problems), pickle.dumps(
        problems.places, protocol=pickle.HIGHEST_PROTOCOL)), _valid_checked, problems, empty)
    if found is None:
        return None
    values, places = found
    if not problems.places:  # (checked here, the file's places are there already)
        problems.places = KeptPlaces(places, path)
    return values


def _valid_checked(value) -> bool:
    return type(value) is tuple and len(value) == 2 and type(value[1]) is bytes


class KeptPlaces(Mapping):
    """A file's places (label -> Place) as deck's cache keeps them, unpickled when first asked."""

    __slots__ = ("_pickled", "_path", "_places")

    def __init__(self, pickled: bytes, path: Path):
        self._pickled, self._path, self._places = pickled, path, None

    def _read(self) -> dict[str, Place]:
        if self._places is None:
            import pickle

            try:
                places = pickle.loads(self._pickled)
            except Exception:
                places = None
            if type(places) is not dict or not all(type(place) is Place for place in places.values()):
                from .cache import folder

                raise DeckError(f"deck's cache holds a damaged entry for this file; delete the folder {folder()} "
                                "(deck's cache: it is made again) and run the command again", self._path)
            self._places = places
        return self._places

    def __getitem__(self, label: str) -> Place:
        return self._read()[label]

    def __iter__(self):
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())

    def __reduce__(self):
        return KeptPlaces, (self._pickled, self._path)
