"""The single values of a layout file (lengths, numbers, switches, choices, colours) -> checked
Python values, each rule with the JSON Schema that gives the same verdict on every value.

Why a module of its own: the editor's schema and `deck check` must agree, and they only agree if
each rule builds both from the same facts. A bounded length is a pattern with the bounds written
into it (JSON Schema cannot compare the number inside "3mm"), so lengths are compared as decimals
against bounds rounded to three decimals in each unit, and the pattern is built from those bounds.

The decisions, for both the checker and the schema:
- switches take true/false, yes/no or on/off (in lower, Title or UPPER case), quoted or not:
  YAML versions disagree on whether a bare yes is a switch, so both readings are accepted;
- numbers are written bare (1.25); a quoted "1.25" is refused with the fix, since every YAML
  version reads a bare 1.25 as a number;
- lengths, colours and choices are text, quoted or not; names in any letter case.
"""
from __future__ import annotations

import re
from decimal import Decimal

from .colours import parse_colour, schema_pattern
from .schema_patterns import any_case, decimal_range
from .units import UNITS, parse_length
from .yamlcheck import _KINDS, Problems, Rule, _described
from .yamlread import NULL_TAG, yaml

_DECIMAL = r"[0-9]+(?:\.[0-9]+)?"
_WRITTEN_LENGTH = re.compile(rf"\s*(-?{_DECIMAL})\s*([a-z]+)\s*")
FLAG_WORDS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
_FLAG = "|".join(form for word in FLAG_WORDS for form in (word, word.title(), word.upper()))
# The YAML 1.2 core schema's numbers, which is what an editor's YAML server reads.
_YAML_NUMBER = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+")


class Value(Rule):
    """A single value. Subclasses give `parse(node) -> value` (ValueError with the reason) and
    `schema()`; this class reports an empty value, and a colour or list cut off by a # comment."""

    what = "a value"
    example = ""

    def __init__(self, doc: str = ""):
        self.doc = doc

    @property
    def description(self) -> str:
        return self.what

    def check(self, node, label, problems):
        if not isinstance(node, yaml.ScalarNode):
            problems.add(node, f"'{label}' should be {self.what}, not {_KINDS[type(node)]}")
            return None
        if node.tag == NULL_TAG:
            message, column = self._empty(node, label, problems.lines)
            problems.add_at(node.start_mark.line + 1, column + 1, message)
            return None
        try:
            return self.parse(node)
        except ValueError as error:
            problems.add(node, f"'{label}': {error}")
            return None

    def _empty(self, node, label: str, lines: list[str]) -> tuple[str, int]:
        """The message for an empty value, and the column it points at: a # that cut a colour off
        (YAML takes it for a comment) gets the fix."""
        key = label.rsplit(".", 1)[-1]
        line = lines[node.start_mark.line] if node.start_mark.line < len(lines) else ""  # the text as parsed
        rest = line[node.start_mark.column:].strip()
        if not re.match(r"#[0-9a-fA-F]{3}", rest):  # a real comment, not a colour cut off
            example = f", for example {self.example}" if self.example else ""
            return f"'{label}' is empty; write {self.what} after '{key}:'{example}", node.start_mark.column
        column = line.index("#", node.start_mark.column)
        if "," in rest:
            items = ", ".join(f'"{part.strip()}"' for part in rest.split(","))
            return (f"'{label}' is empty: a # starts a comment in YAML, so {rest} was left out; write the list "
                    f"in brackets with each colour in quotes: {key}: [{items}]"), column
        return (f"'{label}' is empty: a # starts a comment in YAML, so {rest} was left out; put the colour in "
                f"quotes: {key}: \"{rest.split()[0]}\""), column

    def parse(self, node):
        raise NotImplementedError

    def schema(self) -> dict:
        raise NotImplementedError

    def json_schema(self):
        return _described(self.schema(), self.doc)


# -- numbers ---------------------------------------------------------------------------------------

class Number(Value):
    """A bare number between `low` and `high`; `whole` for whole numbers only."""

    def __init__(self, low: float, high: float, doc: str = "", whole: bool = False, example: str = "1.25"):
        super().__init__(doc)
        self.low, self.high, self.whole, self.example = low, high, whole, example
        self.what = "a whole number" if whole else "a number"

    def parse(self, node):
        text = node.value
        if node.style in ("'", '"'):
            if _YAML_NUMBER.fullmatch(text.strip()):
                raise ValueError(f"write the number without quotes: {text.strip()}")
            raise ValueError(f"'{text}' should be {self.what} such as {self.example}, without quotes")
        value = yaml12_number(text)
        if value is None or (self.whole and not value.is_integer()):
            raise ValueError(f"'{text}' should be {self.what} such as {self.example}")
        if not self.low <= value <= self.high:
            raise ValueError(f"{text} is outside the sensible range {self.low:g} to {self.high:g}")
        return int(value) if self.whole else value

    def schema(self):
        return {"type": "integer" if self.whole else "number", "minimum": self.low, "maximum": self.high}


def yaml12_number(text: str) -> float | None:
    """A bare YAML value read as the YAML 1.2 core schema reads numbers, or None."""
    if not _YAML_NUMBER.fullmatch(text):
        return None
    if text.startswith(("0o", "0x")):
        return float(int(text[2:], 8 if text[1] == "o" else 16))
    return float(text)


# -- switches and choices --------------------------------------------------------------------------

class Flag(Value):
    what = "true or false"
    example = "true"

    def parse(self, node):
        if not re.fullmatch(_FLAG, node.value):
            raise ValueError(f"'{node.value}' should be true or false")
        return FLAG_WORDS[node.value.lower()]

    def schema(self):
        return {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": f"^(?:{_FLAG})$"}]}


class Choice(Value):
    def __init__(self, options: tuple[str, ...], doc: str = ""):
        super().__init__(doc)
        self.options = options
        self.what = f"one of {', '.join(options)}"
        self.example = options[0]

    def parse(self, node):
        value = node.value.strip().lower()
        if value not in self.options:
            raise ValueError(f"'{node.value}' is not one of {', '.join(self.options)}")
        return value

    def schema(self):
        return {"type": "string", "pattern": rf"^\s*(?:{'|'.join(any_case(o) for o in self.options)})\s*$"}


# -- lengths ---------------------------------------------------------------------------------------

class Length(Value):
    """A length with a unit, between `low` and `high` (given in `unit`, shown to the user in it)."""

    what = "a length such as 3mm"

    def __init__(self, low: float, high: float, unit: str = "mm", doc: str = ""):
        super().__init__(doc)
        self.low, self.high, self.unit = low, high, unit
        self.example = f"{low:g}{unit}"

    def parse(self, node):
        return self.length(node.value)

    def length(self, text: str) -> float:
        points = parse_length(text)  # its messages name what is wrong with the way it is written
        match = _WRITTEN_LENGTH.fullmatch(str(text).lower())
        if not match:
            raise ValueError(f"'{text}' is not a length; write a number with a unit, for example 3mm")
        number, unit = Decimal(match.group(1)), match.group(2)
        low, high = self.bounds(unit)
        if not low <= number <= high:
            raise ValueError(f"{text} is outside the sensible range {self.low:g}{self.unit} to "
                             f"{self.high:g}{self.unit}")
        return points

    def bounds(self, unit: str) -> tuple[Decimal, Decimal]:
        """The bounds in `unit`, to three decimals: the same numbers the schema's pattern holds."""
        scale = UNITS[self.unit] / UNITS[unit]
        return (Decimal(self.low * scale).quantize(Decimal("0.001")),
                Decimal(self.high * scale).quantize(Decimal("0.001")))

    def pattern(self) -> str:
        """The regex (unanchored) of every length this rule accepts."""
        return "(?:" + "|".join(rf"{self.numbers(unit)}\s*{any_case(unit)}" for unit in UNITS) + ")"

    def numbers(self, unit: str) -> str:
        """The regex (unanchored) of the numbers this rule accepts in `unit`."""
        low, high = self.bounds(unit)
        number = decimal_range(low, high)
        if low == 0:
            number = f"(?:{number}|-0+(?:\\.0+)?)"  # -0mm is 0
        return rf"0*{number}"

    def schema(self):
        return {"type": "string", "pattern": rf"^\s*{self.pattern()}\s*$"}


class CardSize(Value):
    """A preset name or 'width x height', each side a length between 20 and 1000 mm."""

    what = "a card size such as a5 or 120mm x 180mm"
    example = "a5"

    def __init__(self, presets: dict, doc: str = ""):
        super().__init__(doc)
        self.presets = presets
        self.side = Length(20, 1000)

    def parse(self, node):
        from .units import Size

        key = node.value.strip().lower().replace("×", "x")
        if key in self.presets:
            return self.presets[key]
        # 10 x 15 cm, as sizes are often written: one unit for both sides
        shared = re.fullmatch(r"\s*([\d.]+)\s*x\s*([\d.]+)\s*([a-z]+)\s*", key)
        match = re.fullmatch(r"\s*(\S+?)\s*x\s*(\S+)\s*", key)
        if shared:
            sides = (shared[1] + shared[3], shared[2] + shared[3])
        elif match and all(re.fullmatch(r"[\d.]+", part) for part in match.groups()):
            raise ValueError(f"'{node.value}' needs its unit: {match[1]} x {match[2]} mm, for example")
        elif match:
            sides = match.groups()
        else:
            raise ValueError(f"'{node.value}' is not a card size; use a preset ({', '.join(self.presets)}) "
                             "or width x height such as 120mm x 180mm")
        try:
            width, height = (self.side.length(part) for part in sides)
        except ValueError as error:
            raise ValueError(f"{error} for a side of a card") from None
        return Size(width, height)

    def schema(self):
        presets = "|".join(any_case(name) for name in self.presets)
        side = self.side.pattern()
        shared = "|".join(rf"{self.side.numbers(unit)}\s*[xX×]\s*{self.side.numbers(unit)}\s*{any_case(unit)}"
                          for unit in UNITS)
        return {"type": "string", "pattern": rf"^\s*(?:{presets}|{side}\s*[xX×]\s*{side}|{shared})\s*$"}


# -- colours ---------------------------------------------------------------------------------------

class ColourValue(Value):
    """A colour; with `words`, also one of those words (such as 'band': each card's band colour)."""

    what = "a colour such as \"#1f6f8b\""
    example = "\"#1f6f8b\""

    def __init__(self, doc: str = "", words: tuple[str, ...] = ()):
        super().__init__(doc)
        self.words = words

    def parse(self, node):
        if node.value.strip().lower() in self.words:
            return node.value.strip().lower()
        return parse_colour(node.value)

    def schema(self):
        pattern = schema_pattern()
        if self.words:
            pattern = rf"^\s*(?:{'|'.join(any_case(w) for w in self.words)})\s*$|{pattern}"
        return {"type": "string", "pattern": pattern}


class Colours(Rule):
    """One colour, or a list of colours (at least one)."""

    description = "a colour or a list of colours"

    def __init__(self, doc: str = ""):
        self.doc = doc
        self.one = ColourValue()

    def check(self, node, label, problems: Problems):
        if isinstance(node, yaml.SequenceNode):
            if not node.value:
                problems.add(node, f"'{label}' is an empty list; write at least one colour")
                return None
            colours = [self.one.check(child, f"{label}[{index}]", problems)
                       for index, child in enumerate(node.value, 1)]
            return None if None in colours else tuple(colours)
        colour = self.one.check(node, label, problems)
        return None if colour is None else (colour,)

    def json_schema(self):
        one = self.one.schema()
        return _described({"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}, self.doc)
