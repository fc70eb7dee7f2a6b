"""regex.py: a pattern compiled when first used, then the same as re.compile's."""
import re

import pytest

from deck.regex import Pattern


def test_a_pattern_is_compiled_at_its_first_use():
    broken = Pattern("(unclosed")
    assert broken.pattern == "(unclosed"  # its source, without compiling
    with pytest.raises(re.error):
        broken.search("text")


def test_a_pattern_finds_what_re_finds():
    pattern, compiled = Pattern(r"(\w+)-(\w+)", re.I), re.compile(r"(\w+)-(\w+)", re.I)
    text = "Werk-Nemers en team-leider"
    assert pattern.search(text).groups() == compiled.search(text).groups() == ("Werk", "Nemers")
    assert pattern.sub(r"\2\1", text) == compiled.sub(r"\2\1", text)
    assert pattern.findall(text) == compiled.findall(text)
    assert pattern.fullmatch("a-b") and not pattern.match(" a-b")
    assert pattern.split("x a-b y") == compiled.split("x a-b y")
    assert pattern.search.__self__ is pattern.sub.__self__  # one compiled pattern serves every method
    with pytest.raises(AttributeError):
        pattern.groups_of_nothing
