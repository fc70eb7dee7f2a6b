"""A YAML file's text + new values -> the file's new text, with its comments, key order and the
way each value is written kept.

The values are set in place in ruamel.yaml's round-trip document, which keeps comments, key order
and quoting. ruamel re-wraps every long text it writes, so a value that did not change is then put
back exactly as it stood in the file: an edit of one title changes that title's lines, not the
whole file. The result is read back and compared with what was asked for; should the splice not
give exactly that, ruamel's own text is used.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken

DELETE = object()  # as a new value: remove the key
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where installed: same nodes, far faster
# a token as ruamel writes it, in the style of the value it stands for: plain, quoted, or a block
# and the spaces before a comment after it
_TOKEN = re.compile(r"""(?:[|>][-+]?\d*\n[ ]*)?(["']?)(?P<token>deckstudiokept\d{6})\1(?P<gap>[ ]+(?=#))?""")


@dataclass(frozen=True)
class Moved:
    """A list item and the place it had in the file (None for a new item), so that its comments and
    its text go with it when items are reordered."""

    origin: int | None
    value: Any


def updated(text: str, changes: dict, order: list[str] | None = None) -> str:
    """`text` (a YAML mapping) with `changes` applied: a nested dict of new values by key, lists of
    values or of Moved items, DELETE to remove a key. Keys not named keep their values. A new
    top-level key goes where `order` (the schema's order of keys) puts it, after the key before it
    in the file; else at the end (then where the file shows it commented out: _where_commented)."""
    reader = YAML()
    reader.preserve_quotes = True
    document = reader.load(text)
    tree = yaml.compose(text, Loader=_LOADER)
    editor = _yaml(text, *(_list_indents(tree) or LIST_INDENTS))
    kept: dict[str, tuple[Any, tuple[str, str | None]]] = {}
    written: dict[tuple, tuple[str, str | None]] = {}
    _walk(tree, (), text, written)
    _tokenize(document, (), written, kept)
    new_sections = [key for key in changes if key not in document and changes[key] is not DELETE]
    kept[_FILES_TEXT] = (_first_text(document, kept), None)  # (how a text in a new section is written)
    _merge(document, changes, kept)
    if order:
        new_sections = [key for key in new_sections if not _placed_in_order(document, key, order)]
    spliced = _TOKEN.sub(lambda match: _as_it_was(match, kept), _dump(editor, document))
    _restore(document, kept)
    try:
        if yaml.load(spliced, Loader=_LOADER) == document:
            return _where_commented(spliced, new_sections, document)
    except yaml.YAMLError:
        pass  # an old value that cannot stand where it stands now: ruamel's own text is right
    return _where_commented(_dump(editor, document), new_sections, document)


def _placed_in_order(document: CommentedMap, key: str, order: list[str]) -> bool:
    """Move the new key `key` to just after the last key before it in `order` that the file has
    (subtitle after title); False where there is none (it stays at the end)."""
    if key not in order:
        return False
    before = [other for other in order[:order.index(key)] if other in document and other != key]
    if not before:
        return False
    value = document.pop(key)
    document.insert(list(document).index(before[-1]) + 1, key, value)
    return True


def _where_commented(text: str, keys: list, document) -> str:
    """`text` with each new top-level section (written at the end) moved to where the file shows it
    commented out ('# colours:', as deck's starter layout shows every setting): the section's name
    stands there once, its commented settings under the new ones, so that taking the '# ' off one of
    them later adds it to the section instead of starting the section a second time."""
    for key in keys:
        lines = text.split("\n")
        header = [index for index, line in enumerate(lines) if line.rstrip() == f"# {key}:"]
        starts = [index for index, line in enumerate(lines) if line == f"{key}:"]
        if len(header) != 1 or len(starts) != 1 or starts[0] < header[0]:
            continue
        end = next((index for index in range(starts[0] + 1, len(lines))
                    if lines[index] and not lines[index].startswith((" ", "#"))), len(lines))
        if any(line.strip() for line in lines[end:]):
            continue  # (not the last section: it was not written at the end, so it is left where it is)
        section = lines[starts[0]:end]
        while section and not section[-1].strip():
            section.pop()
        rest = lines[:starts[0]]
        while rest and not rest[-1].strip():
            rest.pop()
        moved = "\n".join(rest[:header[0]] + section + rest[header[0] + 1:]) + "\n"
        try:
            if yaml.load(moved, Loader=_LOADER) == document:
                text = moved
        except yaml.YAMLError:
            pass
    return text


def _as_it_was(match: re.Match, kept: dict) -> str:
    """A token's value as it was written, and the comment after it as far from it as it was."""
    written, gap = kept[match["token"]][1]
    return written + ((gap or " ") if match["gap"] else "")


def _yaml(text: str, item_indent: int, dash_indent: int) -> YAML:
    """A writer that indents lists as the file does (`  - item`: the item 4 in, its dash 2)."""
    editor = YAML()
    editor.preserve_quotes = True
    editor.indent(mapping=2, sequence=item_indent, offset=dash_indent)
    # new texts wrap where the file's own do (a paragraph on one long line does not count)
    lines = [len(line) for line in text.splitlines() if len(line) <= 120]
    editor.width = max(60, max(lines, default=80))
    return editor


def _dump(editor: YAML, document) -> str:
    stream = io.StringIO()
    editor.dump(document, stream)
    return stream.getvalue()


LIST_INDENTS = (4, 2)  # `  - item` under its key, as deck's own files and README write lists


def _list_indents(node) -> tuple[int, int] | None:
    """How the file indents a list under its key: (item text, dash), from the first list in it."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(value, yaml.SequenceNode) and value.value and value.flow_style is False:
                return value.value[0].start_mark.column - key.start_mark.column, \
                    value.start_mark.column - key.start_mark.column
            found = _list_indents(value)
            if found is not None:
                return found
    return None


def _walk(node, path: tuple, text: str, written: dict) -> None:
    """Every value's path (keys and list indexes) -> the value as written in `text`."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _walk(value, path + (key.value,), text, written)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), text, written)
    else:  # a block scalar's span runs on to the next line's indentation
        value = text[node.start_mark.index:node.end_mark.index].rstrip()
        after = re.match(r"[ ]+(?=#)", text[node.start_mark.index + len(value):])
        written[path] = (value, after[0] if after else None)


# -- setting the values --------------------------------------------------------------------------
# Before the changes are set, every text in the document is replaced by a token that stands for it
# as written; a token still there after the changes is a text that did not change, wherever its item
# moved, and goes back as it was written.

def _tokenize(node, path: tuple, written: dict, kept: dict) -> None:
    entries = node.items() if isinstance(node, CommentedMap) else enumerate(node) if isinstance(node, CommentedSeq) else ()
    for key, value in list(entries):
        # a short text on one line ruamel writes as it was; a token would move the comment after it
        if isinstance(value, str) and _rewrapped(written.get(path + (key,), ("", None))[0]):
            token = f"deckstudiokept{len(kept):06d}"
            kept[token] = (value, written[path + (key,)])
            node[key] = token
        else:
            _tokenize(value, path + (key,), written, kept)


def _rewrapped(written: str) -> bool:
    return "\n" in written or len(written) > 60


def _restore(node, kept: dict) -> None:
    """Every token in the document back to its value."""
    entries = node.items() if isinstance(node, CommentedMap) else enumerate(node) if isinstance(node, CommentedSeq) else ()
    for key, value in list(entries):
        if isinstance(value, str) and value in kept:
            node[key] = kept[value][0]
        else:
            _restore(value, kept)


def _merge(mapping: CommentedMap, changes: dict, kept: dict, section: bool = False) -> None:
    """`changes` made in `mapping`; a key new to a `section` (not the file's top level, where a new
    section goes at the end and then where the file has it commented out: _where_commented) goes
    right after the section's last key."""
    for key, new in changes.items():
        if new is DELETE:
            mapping.pop(key, None)
            continue
        trailing = _detach_trailing(mapping) if section and key not in mapping and mapping else None
        mapping[key] = _value(mapping.get(key), new, kept, _text_in(mapping, kept))
        if trailing is not None:
            _attach_trailing(mapping, trailing)


def _last_holder(node):
    """The mapping or list, and its key or index, that holds whatever comment follows `node`'s last
    value (ruamel keeps it with the deepest last item: the last list item of the last key)."""
    holder = None
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        last = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
        holder = (node, last)
        node = node[last]
    return holder


def _slot(node) -> int:
    return 2 if isinstance(node, CommentedMap) else 0  # where ruamel keeps a comment after a value


def _detach_trailing(mapping: CommentedMap):
    """Take the comments after `mapping`'s last value (a file's commented settings that follow the
    section): a key added to the section goes before them, not after them, at the file's end."""
    node, last = _last_holder(mapping)
    entry = node.ca.items.get(last)
    if not entry or len(entry) <= _slot(node) or entry[_slot(node)] is None:
        return None
    token = entry[_slot(node)]
    if not isinstance(token, CommentToken):  # (ruamel keeps other shapes there too: left as they are)
        return None
    if token.value.startswith("\n"):  # comment lines only: they all go
        entry[_slot(node)] = None
        return token
    # a comment at the end of the value's own line stays there; the lines after it go
    own_line, _, after = token.value.partition("\n")
    if not after.strip():
        return None
    token.value = own_line + "\n"
    return CommentToken("\n" + after, token.start_mark, token.end_mark, column=0)


def _attach_trailing(mapping: CommentedMap, token) -> None:
    node, last = _last_holder(mapping)
    entry = node.ca.items.setdefault(last, [None, None, None, None] if isinstance(node, CommentedMap) else [None, None])
    entry[_slot(node)] = token


def _value(old, new, kept: dict, like=None):
    if isinstance(new, dict):
        if isinstance(old, CommentedMap):
            _merge(old, new, kept, section=True)
            return old
        fresh = _shaped_like(like, new, kept) if isinstance(like, CommentedMap) else CommentedMap()
        _merge(fresh, new, kept)
        return fresh
    if isinstance(new, list):
        return _sequence(old if isinstance(old, CommentedSeq) else None, new, kept)
    if old is not None and _plain(old, kept) == new:
        return old
    return _styled(new, _original(old if old is not None else like, kept))


def _sequence(old: CommentedSeq | None, items: list, kept: dict) -> CommentedSeq:
    """A new list of old items (from their origin) and new ones; each old item keeps its comments."""
    result = CommentedSeq()
    like = old[0] if old else None
    for index, item in enumerate(items):
        origin, value = (item.origin, item.value) if isinstance(item, Moved) else (index, item)
        if old is not None and origin is not None and origin < len(old):
            result.append(_value(old[origin], value, kept))
            if origin in old.ca.items:
                result.ca.items[index] = old.ca.items[origin]
        else:
            result.append(_value(None, value, kept, like))
    if old is not None:
        result.ca.comment = old.ca.comment
        if old.fa.flow_style():
            result.fa.set_flow_style()
    return result


def _shaped_like(example: CommentedMap, new: dict, kept: dict) -> CommentedMap:
    """An empty mapping for `new`'s keys, in the order of `example`'s and with its way of quoting."""
    shaped = CommentedMap()
    for key, value in example.items():
        if key in new and not isinstance(value, (CommentedMap, CommentedSeq)):
            shaped[key] = _styled("", _original(value, kept))
    return shaped


def _original(value, kept: dict):
    return kept[value][0] if isinstance(value, str) and value in kept else value


def _plain(value, kept: dict):
    if isinstance(value, CommentedMap):
        return {key: _plain(item, kept) for key, item in value.items()}
    if isinstance(value, CommentedSeq):
        return [_plain(item, kept) for item in value]
    value = _original(value, kept)
    return str(value) if isinstance(value, ScalarString) else value


def _text_in(mapping: CommentedMap, kept: dict):
    """What a new key's text is written like: another text in the same mapping, else the file's
    first quoted text (a new section of a file that writes "#7a1f3d" gets double quotes too)."""
    return next((_original(value, kept) for value in mapping.values()
                 if isinstance(_original(value, kept), ScalarString)), kept.get(_FILES_TEXT, (None,))[0])


_FILES_TEXT = object()  # kept's entry for the way the file writes its texts (not a token: no str)


def _first_text(node, kept: dict):
    """The file's first quoted text, as ruamel read it (its type says how it is quoted); None if none."""
    values = node.values() if isinstance(node, CommentedMap) else node if isinstance(node, CommentedSeq) else ()
    for value in values:
        found = _original(value, kept)
        if isinstance(found, ScalarString) and not isinstance(found, (LiteralScalarString, FoldedScalarString)):
            return found
        found = _first_text(value, kept) if isinstance(value, (CommentedMap, CommentedSeq)) else None
        if found is not None:
            return found
    return None


def _styled(new, like):
    """A new text written the way `like` is (double quotes, a block), and as a block when it holds
    line breaks (paragraphs)."""
    if not isinstance(new, str):
        return new
    if "\n" in new or isinstance(like, (LiteralScalarString, FoldedScalarString)):
        return LiteralScalarString(new)
    if isinstance(like, ScalarString):
        return type(like)(new)
    return new


def value_places(text: str) -> dict[tuple[int, int], str]:
    """(line, column) of every value in a YAML text (1-based, as DeckError gives them) -> its path
    written with dots (challenges.1.question), '' for the whole document: where a problem the
    checker found at that place belongs."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return {}
    places: dict[tuple[int, int], str] = {}
    if node is not None:
        _places(node, (), places)
    return places


def _places(node, path: tuple, places: dict) -> None:
    places.setdefault((node.start_mark.line + 1, node.start_mark.column + 1), ".".join(map(str, path)))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _places(value, path + (key.value,), places)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _places(item, path + (index,), places)
