"""A Dutch word -> where the members of the compound join ("werk|nemers", "onderzoeks|gegevens").

Hyphenation patterns know syllables, not words: pyphen breaks "werkne-mers" as readily as
"werk-nemers". The joints come from OpenTaal's word list (deck/data/nl-words.marisa, see
make_nl_words.py there): a word is split into the fewest members that are words themselves, a
member before a joint may carry a linking -s-, -e- or -en- (kwaliteit-s-verbetering), the last
member an inflection (leiding|gevend-en). Of equally short analyses the one with the most even
members wins (leiding|gevenden, not leidinggeven|den).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MIN_MEMBER = 3
MIN_LAST = 4  # a three-letter last member is more often an ending that reads as a word (actie-ver)
# Linking elements between members (tussenklanken).
_LINKS = ("", "s", "e", "en", "er")
# Endings the last member may carry beyond the word list's forms.
_INFLECTIONS = ("", "e", "en", "n", "s", "de", "den", "te", "ten", "er", "ers", "ste")
# Prefixes that are words on their own ("ver", "mis") but never a member of a compound.
_NOT_MEMBERS = frozenset({"ver", "ont", "her", "mis", "ter", "der", "des", "aan"})
# Derivational endings that are words on their own ("ing", "heden", "ring") but end a derivation, not a
# compound: a last member that starts with one is no member (verbeter-ing, situ-aties, werkzaam-heden).
_SUFFIXES = ("ing", "heid", "heden", "lijk", "baar", "bare", "schap", "achtig", "erij", "isch", "ist", "tje",
             "aar", "ier", "atie", "ming", "ring", "isering", "iteit", "teit", "ment", "ende", "ster")

WORDS_FILE = Path(__file__).with_name("data") / "nl-words.marisa"


@lru_cache(maxsize=1)
def _lexicon():
    import marisa_trie

    trie = marisa_trie.Trie()
    trie.mmap(str(WORDS_FILE))  # memory-mapped: nothing is read until a word is looked up
    return trie


def _is_last_member(text: str, lexicon) -> bool:
    if text.startswith(_SUFFIXES):
        return False
    for ending in _INFLECTIONS:
        stem = text[:len(text) - len(ending)] if ending else text
        if text.endswith(ending) and len(stem) >= MIN_LAST and stem in lexicon and stem not in _NOT_MEMBERS:
            return True
    return False


@lru_cache(maxsize=65536)
def joints(word: str) -> tuple[int, ...]:
    """The positions in `word` where one member of a compound ends and the next begins; () for a
    word that is not a compound (or that the word list does not know)."""
    lower = word.lower()
    if len(lower) < 2 * MIN_MEMBER or not lower.isalpha():
        return ()
    lexicon = _lexicon()
    size = len(lower)
    analysis = _analyse(lower, 0, {}, lexicon)
    if analysis is None:
        return ()
    found = analysis[2]
    # a word the list knows whole is split only into members that are words in their own right, not
    # into short pieces that happen to be words too (ins|trum|enten)
    if lower in lexicon and min(b - a for a, b in zip((0, *found), (*found, size))) < 4:
        return ()
    return found


def _analyse(lower: str, start: int, best: dict, lexicon):
    """The best analysis of lower[start:]: (members, -evenness, joints), or None; `best` remembers
    those of the word's tails. (A function of the module: nested in joints() it referred to itself,
    a cycle per word that only the collector frees, and fitting pauses the collector.)"""
    if start in best:
        return best[start]
    rest = lower[start:]
    options = []
    if start and _is_last_member(rest, lexicon):
        options.append((1, -len(rest), ()))
    for member in lexicon.prefixes(rest):
        if len(member) < MIN_MEMBER or member in _NOT_MEMBERS:
            continue
        for link in _LINKS:
            joint = start + len(member) + len(link)
            if len(lower) - joint < MIN_MEMBER or not rest.startswith(link, len(member)):
                continue
            tail = _analyse(lower, joint, best, lexicon)
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


def is_word(text: str) -> bool:
    """True when `text` is a Dutch word form on its own."""
    return text.lower() in _lexicon()
