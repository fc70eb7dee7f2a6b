"""Regular expressions for the JSON Schema, written so editors (ECMA-262, unicode mode) read them:
words in any letter case, and bounds on a decimal number.

JSON Schema can bound a number but not the number inside a text such as "3mm"; a pattern can, if
it is built from the bounds. Written as digits with an optional fraction ("7", "007", "7.25").
JSON Schema patterns have no case-insensitive flag, so a word in any case is spelt out.
"""
from __future__ import annotations

import re
from decimal import Decimal


def any_case(word: str) -> str:
    """A regex for `word` in any letter case (escaping only what needs it: ECMA's unicode mode
    refuses needless escapes such as \\-)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c if c.isdigit() or c in "- " else re.escape(c)
                   for c in word)


def decimal_range(low: Decimal, high: Decimal) -> str:
    """A regex (unanchored, no leading zeros: put 0* before it) for decimals written as digits with
    an optional fraction ("7", "7.25") whose value lies in [low, high]; both bounds have at most
    three decimals and are not negative."""
    low_int, low_frac = _split(low)
    high_int, high_frac = _split(high)
    if low_int == high_int:
        return f"{low_int}{_fraction(low_frac, high_frac)}"
    parts = [f"{low_int}{_fraction(low_frac, None)}"]
    if high_int - low_int > 1:
        parts.append(f"{integer_range(low_int + 1, high_int - 1)}(?:\\.[0-9]+)?")
    parts.append(f"{high_int}{_fraction('', high_frac)}")
    return "(?:" + "|".join(parts) + ")"


def _split(number: Decimal) -> tuple[int, str]:
    whole = int(number)
    return whole, f"{number - whole:.3f}"[2:].rstrip("0")


def _fraction(low: str, high: str | None) -> str:
    """The regex of an optional fraction ".ddd" between .low and .high (None: no upper bound), both
    written without trailing zeros; a missing fraction counts as zero."""
    if high is None:
        body = _at_least(low)
    elif not low:
        body = _at_most(high)
    else:
        body = _between(low, high)
    optional = not low  # zero is allowed, so the number may stop before the point
    group = f"(?:\\.(?=[0-9]){body})"
    return group + "?" if optional else group


def _at_least(digits: str) -> str:
    if not digits:
        return "[0-9]*"
    first = int(digits[0])
    options = [f"{first}{_at_least(digits[1:])}"]
    if first < 9:
        options.append(f"[{first + 1}-9][0-9]*")
    return "(?:" + "|".join(options) + ")"


def _at_most(digits: str) -> str:
    if not digits:
        return "0*"
    first = int(digits[0])
    options = ["", f"{first}{_at_most(digits[1:])}"]
    if first > 0:
        options.append(f"[0-{first - 1}][0-9]*")
    return "(?:" + "|".join(options) + ")"


def _between(low: str, high: str) -> str:
    """Fractions between .low and .high, both without trailing zeros and low < high."""
    if low[0] == high[0]:
        return low[0] + (_between(low[1:], high[1:]) if low[1:] else _at_most(high[1:]))
    a, b = int(low[0]), int(high[0])
    options = [f"{a}{_at_least(low[1:])}", f"{b}{_at_most(high[1:])}"]
    if b - a > 1:
        options.append(f"[{a + 1}-{b - 1}][0-9]*")
    return "(?:" + "|".join(options) + ")"


def integer_range(low: int, high: int) -> str:
    """A regex for the whole numbers low..high written without leading zeros."""
    parts = []
    for length in range(len(str(low)), len(str(high)) + 1):
        start = max(low, 10 ** (length - 1) if length > 1 else 0)
        end = min(high, 10 ** length - 1)
        if start <= end:
            parts.append(_same_length(str(start), str(end)))
    return "(?:" + "|".join(parts) + ")"


def _same_length(low: str, high: str) -> str:
    if not low:
        return ""
    if set(low[1:]) <= {"0"} and set(high[1:]) <= {"9"}:
        head = low[0] if low[0] == high[0] else f"[{low[0]}-{high[0]}]"
        return head + "[0-9]" * (len(low) - 1)
    if low[0] == high[0]:
        return low[0] + _same_length(low[1:], high[1:])
    rest = len(low) - 1
    options = [low[0] + _same_length(low[1:], "9" * rest), high[0] + _same_length("0" * rest, high[1:])]
    if int(high[0]) - int(low[0]) > 1:
        options.insert(1, f"[{int(low[0]) + 1}-{int(high[0]) - 1}]" + "[0-9]" * rest)
    return "(?:" + "|".join(options) + ")"
