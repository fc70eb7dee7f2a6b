"""A Dutch or German word -> where the members of the compound join ("werk|nemers",
"onderzoeks|gegevens", "Mitarbeiter|entwicklung").

Hyphenation patterns know syllables, not words: pyphen breaks "werkne-mers" as readily as
"werk-nemers", and "Mitarbeite-rentwicklung" as "Mitarbeiter-entwicklung". The joints come from a
word list: a word is split into the fewest members that are words themselves, a member before a
joint may carry a linking element (kwaliteit-s-verbetering, Arbeit-s-platz), the last member an
inflection (leiding|gevend-en). Of equally short analyses the one with the most even members wins
(leiding|gevenden, not leidinggeven|den).

The word lists: for Dutch OpenTaal's (deck/data/nl-words.marisa, see make_nl_words.py there); for
German the 69,000 compounds that the first level of LibreOffice's German hyphenation dictionary
lists with their joints (zypressen1nadel; pyphen installs it): the words, and each member of them,
read once per user and kept in deck's cache.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, NamedTuple

MIN_MEMBER = 3
MAX_LETTERS = 64  # a longer "word" is no word a list knows (and the search would go too deep)
WORDS_FILE = Path(__file__).with_name("data") / "nl-words.marisa"


class Rules(NamedTuple):
    """How one language's compounds are made."""

    links: tuple[str, ...]          # linking elements between members (tussenklanken, Fugenelemente)
    inflections: tuple[str, ...]    # endings the last member may carry beyond the word list's forms
    not_members: frozenset[str]     # prefixes that are words on their own but never a member
    suffixes: tuple[str, ...]       # derivational endings that are words too, but end a derivation:
    #                                 a last member that starts with one is no member (verbeter-ing)
    min_last: int                   # a shorter last member is more often an ending that reads as a word
    lexicon: Callable[[], object]   # the word list, as a marisa trie


@lru_cache(maxsize=1)
def _dutch_lexicon():
    import marisa_trie

    trie = marisa_trie.Trie()
    trie.mmap(str(WORDS_FILE))  # memory-mapped: nothing is read until a word is looked up
    return trie


@lru_cache(maxsize=1)
def _german_lexicon():
    import marisa_trie
    import pyphen

    from .cache import code_stamp, remembered

    path = pyphen.LANGUAGES["de_DE"]
    # (the words depend on this module's reading of the file too: its code is in the entry's kind)
    return marisa_trie.Trie().frombytes(remembered(f"german-words-{code_stamp()}", path,
                                                   lambda: _german_words(path).tobytes(),
                                                   valid=lambda found: type(found) is bytes))


def _german_words(path: Path):
    """The words of the German dictionary's first level and their members, as a marisa trie."""
    import marisa_trie

    with path.open("rb") as stream:
        encoding = stream.readline().decode().strip()
    text = path.read_text(encoding)
    lines = [line.strip() for line in text.split("\n")[1:]]
    words: set[str] = set()
    for line in lines[:lines.index("NEXTLEVEL")] if "NEXTLEVEL" in lines else ():
        if not line or not line[0].isalpha() or not any(char.isdigit() for char in line):
            continue
        words.add(re.sub(r"\d", "", line).lower())
        words.update(re.sub(r"\d", "", member).lower() for member in re.split(r"[13579]", line))
    return marisa_trie.Trie(word for word in words if len(word) >= MIN_MEMBER and word.isalpha())


RULES = {
    "nl": Rules(links=("", "s", "e", "en", "er"),
                inflections=("", "e", "en", "n", "s", "de", "den", "te", "ten", "er", "ers", "ste"),
                not_members=frozenset({"ver", "ont", "her", "mis", "ter", "der", "des", "aan"}),
                suffixes=("ing", "heid", "heden", "lijk", "baar", "bare", "schap", "achtig", "erij", "isch", "ist",
                          "tje", "aar", "ier", "atie", "ming", "ring", "isering", "iteit", "teit", "ment", "ende",
                          "ster"),
                min_last=4, lexicon=_dutch_lexicon),
    "de": Rules(links=("", "s", "es", "n", "en", "e", "er", "ens", "ns"),
                inflections=("", "e", "en", "n", "s", "es", "er", "ern", "em", "ens", "nen", "innen", "in"),
                not_members=frozenset({"ver", "ent", "zer", "ers", "emp", "miss", "ung", "ein", "der", "die", "das",
                                       "den", "dem", "des"}),
                suffixes=("ung", "heit", "keit", "schaft", "lich", "isch", "bar", "sam", "tum", "nis", "ling", "chen",
                          "lein", "ion", "ität", "tät", "ier", "haft", "erei", "ismus", "ist", "enz", "ige", "igen"),
                min_last=4, lexicon=_german_lexicon),
}


def rules_for(language: str) -> Rules | None:
    """The compound rules of a language tag (nl-NL, de-AT ...), None for a language without them."""
    return RULES.get(language.split("-")[0].lower())


def _is_last_member(text: str, rules: Rules, lexicon) -> bool:
    if text.startswith(rules.suffixes):
        return False
    for ending in rules.inflections:
        stem = text[:len(text) - len(ending)] if ending else text
        if text.endswith(ending) and len(stem) >= rules.min_last and stem in lexicon and stem not in rules.not_members:
            return True
    return False


@lru_cache(maxsize=65536)
def joints(word: str, language: str = "nl") -> tuple[int, ...]:
    """The positions in `word` where one member of a compound ends and the next begins; () for a
    word that is not a compound (or that the word list does not know)."""
    lower = word.lower()
    rules = RULES[language]
    if not 2 * MIN_MEMBER <= len(lower) <= MAX_LETTERS or not lower.isalpha():
        return ()
    lexicon = rules.lexicon()
    size = len(lower)
    analysis = _analyse(lower, 0, {}, rules, lexicon)
    if analysis is None:
        return ()
    found = analysis[2]
    # a word the list knows whole is split only into members that are words in their own right, not
    # into short pieces that happen to be words too (ins|trum|enten)
    if lower in lexicon and min(b - a for a, b in zip((0, *found), (*found, size))) < 4:
        return ()
    return found


def _analyse(lower: str, start: int, best: dict, rules: Rules, lexicon):
    """The best analysis of lower[start:]: (members, -evenness, joints), or None; `best` remembers
    those of the word's tails. (A function of the module: nested in joints() it referred to itself,
    a cycle per word that only the collector frees, and fitting pauses the collector.)"""
    if start in best:
        return best[start]
    rest = lower[start:]
    options = []
    if start and _is_last_member(rest, rules, lexicon):
        options.append((1, -len(rest), ()))
    for member in lexicon.prefixes(rest):
        if len(member) < MIN_MEMBER or member in rules.not_members:
            continue
        for link in rules.links:
            joint = start + len(member) + len(link)
            if len(lower) - joint < MIN_MEMBER or not rest.startswith(link, len(member)):
                continue
            tail = _analyse(lower, joint, best, rules, lexicon)
            if tail is not None:
                count, evenness, positions = tail
                options.append((count + 1, evenness * len(member), (joint, *positions)))
    best[start] = min(options) if options else None
    return best[start]


def member_at(word: str, position: int, joints_: tuple[int, ...]) -> tuple[int, int]:
    """The (start, end) of the member that holds `position` (a break inside it, not at a joint)."""
    start, end = 0, len(word)
    for joint in joints_:
        if joint < position:
            start = joint
        elif joint > position:
            end = joint
            break
    return start, end


def is_word(text: str, language: str = "nl") -> bool:
    """True when `text` is a word form on its own in the language's word list."""
    return text.lower() in RULES[language].lexicon()
