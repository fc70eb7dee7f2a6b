"""A word + the deck's language -> the places it may break, each with what the break costs.

Breaks come from pyphen's hyphenation patterns (the Woordenlijst rules for Dutch) and, for Dutch,
from the joints of compound words (deck/compounds.py), which the patterns do not know. A line
breaker weighs the costs against the raggedness of the lines: a break at a compound joint
(werk-nemers) is cheap, one inside a member (werkne-mers) dear, and one that leaves three letters
or fewer of a member (leidinggeven-den) or a fragment that reads as a word of its own almost never
chosen. Language rules apply to their language only: the Dutch diaeresis is dropped at a break
(financi-ele), a German umlaut never is (Ver-änderung).
"""

import os
import re
from typing import TYPE_CHECKING, NamedTuple

from . import compounds
from .regex import Pattern

if TYPE_CHECKING:
    import pyphen

MIN_FRAGMENT = 3       # letters on each side of a hyphenation break: no "ge-" or "-en"
MIN_HYPHENATED = 8     # shorter words move to the next line whole

# What a break costs (a TeX-like penalty, squared into the line breaker's demerits).
COSTS = {
    "explicit": 20,     # after a hyphen or slash the text already has (HR-/manager, team/afdeling)
    "joint": 50,        # between the members of a compound: werk-nemers
    "lexical-joint": 50,  # a joint the patterns do not give, found in the word list: leiderschaps-initiatieven
    "syllable": 200,    # between syllables of a word that is not a compound
    "member": 400,      # between syllables inside one member of a compound: onderzoeksgege-vens
    "misleading": 1500,  # the part before the break reads as a word of its own: leidinggeven-den
    "short": 3000,      # leaves three letters or fewer of a member: werkne-mers, teamlei-der
}
# Added to a break's cost when the break is poor, though allowed:
SHORT_START = 150      # the next line starts with three letters or fewer: formule-ren, samen-hang
HIATUS = 100           # between two vowels: professi-onalisering
SECOND_HYPHEN = 200    # inside a word that already has a hyphen: HR-functio-naris
_VOWELS = frozenset("aeiouyáéíóúàèëïöüäâêîôû")

_DIAERESIS = str.maketrans("ëïöüäËÏÖÜÄ", "eiouaEIOUA")
# Opening and closing punctuation stay with the first and the last part of a broken word.
_WORD = Pattern(r"^([(\[‘“„‚«‹'\"\u00a0\u202f]*)(.*?)([.,;:!?)\]’”“‘»›'\"…\u00a0\u202f]*)$", re.S)
_TAG = Pattern(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_PARTS = Pattern(r"[-/’']")  # what a word is looked up between
# Words joined to the word before by a hyphen that a line should not start with (dis-moi, est-ce).
_CLITICS = {"fr": frozenset("moi toi lui leur les nous vous eux elle elles ils ici".split())}


class Break(NamedTuple):
    """One place a word may break: the text before it (without the hyphen), the text after it
    (spelling changes applied), whether a hyphen is added, what it costs and why."""

    head: str
    tail: str
    hyphen: bool
    cost: float
    kind: str


def patterns_for(tag: str) -> str:
    """A BCP 47 language tag (nl-NL, fr-BE, de) -> the pyphen dictionary to hyphenate it with.

    Raises ValueError naming close tags when the tag is malformed or has no patterns."""
    tag = tag.replace("_", "-")  # de_DE, as a locale is written, means de-DE
    if not _TAG.match(tag):
        raise ValueError(f"'{tag}' is not a language tag; write one such as nl-NL (Dutch), en-GB (English) "
                         "or de-DE (German)")
    import pyphen

    found = pyphen.language_fallback(tag.replace("-", "_"))
    if found is None:
        import difflib  # for the message only

        available = sorted(code.replace("_", "-") for code in pyphen.LANGUAGES)
        close = difflib.get_close_matches(tag, available, n=4, cutoff=0.4)
        hint = f"close ones: {', '.join(close)}; " if close else ""
        raise ValueError(f"there are no hyphenation patterns for '{tag}'; {hint}deck can hyphenate "
                         f"{', '.join(available)}")
    return found


def _patterns(code: str) -> "pyphen.Pyphen":
    """pyphen's patterns for `code`, parsed once per user and kept (parsing Dutch takes 90 ms a run);
    a dictionary of two levels (German) read as two (Levels)."""
    import pyphen

    from .cache import code_stamp, remembered

    path = pyphen.LANGUAGES[code]
    if path not in pyphen.hdcache:  # (how the file is read is deck's code too: in the entry's kind)
        pyphen.hdcache[path] = remembered(f"hyphenation-2-{code_stamp()}", path, lambda: _read_patterns(path),
                                          valid=lambda found: isinstance(found, (pyphen.HyphDict, Levels)))
    return pyphen.Pyphen(lang=code, left=MIN_FRAGMENT, right=MIN_FRAGMENT)


def _read_patterns(path) -> "pyphen.HyphDict | Levels":
    import pyphen

    with path.open("rb") as stream:
        encoding = stream.readline().decode().strip()
    lines = path.read_text("cp1251" if encoding.lower() == "microsoft-cp1251" else encoding).split("\n")[1:]
    stripped = [line.strip() for line in lines]
    if "NEXTLEVEL" not in stripped:
        return pyphen.HyphDict(path)
    cut = stripped.index("NEXTLEVEL")
    first = [line for line in stripped[:cut] if line and not line.startswith(_DIRECTIVES)]
    if not any(char.isdigit() for line in first if not line.startswith(("%", "#")) for char in line):
        return pyphen.HyphDict(path)  # (French: the first level is empty)
    return Levels(_level(first), _level(stripped[cut + 1:]), _minimum(stripped[:cut], "COMPOUNDLEFTHYPHENMIN"),
                  _minimum(stripped[:cut], "COMPOUNDRIGHTHYPHENMIN"))


_DIRECTIVES = ("LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN", "NOHYPHEN")


def _minimum(lines: list[str], name: str) -> int:
    found = next((line.split()[1] for line in lines if line.startswith(name + " ") and len(line.split()) > 1), "")
    return int(found) if found.isdigit() else 2


def _level(lines: list[str]) -> "pyphen.HyphDict":
    """pyphen's reading of one level's patterns (pyphen.HyphDict reads a file: given these lines)."""
    import pyphen

    class _Lines:
        def open(self, mode: str):
            import io

            return io.BytesIO(b"UTF-8\n")

        def read_text(self, encoding: str) -> str:
            return "UTF-8\n" + "\n".join(lines)

    return pyphen.HyphDict(_Lines())


class Levels:
    """A hyphenation dictionary of two levels, as libhyphen reads one (its NEXTLEVEL), which pyphen
    reads as one (Kozea/Pyphen#24): the first level's patterns find the joints of a compound word
    (German: Karl Zeiler's 69,000 compounds, deutsch1land), the second's the syllables of each
    member, hyphenated as a word of its own. Read as one, the two mix: pyphen offers Deut-schland,
    Projektabsch-lüssen and Vide-odokumentation; read as two, Deutsch-land, Projektab-schlüs-sen,
    Vi-deo-do-ku-men-ta-tion.
    The first level's patterns are not anchored, so they also find joints inside other words
    (berg1ab in überg|abe): a joint between a consonant and a vowel, where a syllable never starts
    but at a joint, is taken only where the second level, read over the whole word, breaks too
    (mit|arbeiter, not überg|abe; libhyphen takes them all).
    Used where pyphen uses its own dictionary (pyphen.hdcache)."""

    def __init__(self, compounds: "pyphen.HyphDict", syllables: "pyphen.HyphDict", left: int, right: int):
        self.compounds, self.syllables, self.left, self.right = compounds, syllables, left, right
        self.cache: dict[str, list[int]] = {}

    def joints(self, word: str) -> list[int]:
        """Where `word`'s members join (the first level's breaks, less the doubtful ones)."""
        lower = word.lower()
        points = [int(point) for point in self.compounds.positions(lower) if 0 < point < len(lower)]
        doubtful = [point for point in points if lower[point - 1] not in _VOWELS and lower[point] in _VOWELS]
        if doubtful:
            syllables = set(self.syllables.positions(lower))
            points = [point for point in points if point not in doubtful or point in syllables]
        return points

    def positions(self, word: str, joints: tuple[int, ...] = ()) -> list[int]:
        """Where `word` may break: the joints (`joints`, from a word list, or else the first
        level's), and the syllables of each member."""
        lower = word.lower()
        found = self.cache.get((lower, joints))
        if found is None:
            bounds = [0, *(joints or self.joints(lower)), len(lower)]
            found = []
            for index, (start, end) in enumerate(zip(bounds, bounds[1:])):
                member = lower[start:end]
                left = self.left if start else 1
                right = self.right if end < len(lower) else 1
                found += [start + int(point) for point in self.syllables.positions(member)
                          if left <= point <= len(member) - right]
                if end < len(lower):
                    found.append(end)
            self.cache[lower, joints] = found
        return list(found)


def normal_tag(tag: str) -> str:
    """nl-nl, NL_nl -> nl-NL: the language lower case, a region upper case."""
    parts = tag.replace("_", "-").split("-")
    return "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p for p in parts[1:]])


class Hyphenator:
    """The break points of words in one language, remembered per word.

    The words a run hyphenates are kept in deck's cache with their breaks (`keep_breaks`, at exit)
    and the next run in the same language starts with them: a word's breaks depend only on the
    word, the language's patterns, the word list and deck's rules (this module's, compounds.py's),
    and the cache entry is keyed by all of them. pyphen is imported, and the patterns are read, for
    the first word it lacks.
    Hyphenators of one language share their words for the life of the process."""

    def __init__(self, language: str | None, words: tuple[str, ...] = ()):
        self.language = normal_tag(language) if language else ""
        self._code = _dictionary(self.language)[0] if language else None
        self._read: pyphen.Pyphen | None = None
        self._dutch = self.language.split("-")[0] == "nl"
        self._german = self.language.split("-")[0] == "de"
        self._compounds = self.language.split("-")[0] if compounds.rules_for(self.language) else None
        # one table per language for the whole process, started from the kept one
        self._breaks: dict[str, tuple[Break, ...]] = _table(self._code) if self._code else {}
        # the deck's own words (deck.yaml's hyphenation), as letters -> where they break; the tokens
        # with one of them in are this hyphenator's own, never in the language's shared table
        self._own = own_breaks(words)
        self._own_tokens: dict[str, tuple[Break, ...]] = {}
        # style -> word -> its breaks, the widths of its heads and tails there, the widest head (linebreak)
        self.pieces: dict[object, dict[str, tuple]] = {}

    @property
    def _patterns(self) -> "pyphen.Pyphen | None":
        if self._read is None and self._code:
            self._read = _patterns(self._code)
        return self._read

    def forget(self) -> None:
        """Forget the words met so far, their breaks and pyphen's points (a deck's vocabulary grows
        with the deck); a word met again is hyphenated anew, the same way. The last MAX_KEPT_WORDS
        wait with the kept words, to be kept at exit (keep_breaks)."""
        if self._code and self._breaks:  # (no word asked: the kept words were not even read)
            _KEPT[self._code] = _with_words(_kept_words(self._code), self._breaks)
        self._breaks.clear()
        self.pieces.clear()
        # pyphen.HyphDict's points, per word (only if the patterns were read: never import pyphen here),
        # and a two-level dictionary's own and its levels'
        hd = getattr(self._read, "hd", None)
        for holder in (hd, getattr(hd, "compounds", None), getattr(hd, "syllables", None)):
            points = getattr(holder, "cache", None)
            if isinstance(points, dict):
                points.clear()

    def breaks(self, word: str) -> tuple[Break, ...]:
        """Every place `word` (a token: punctuation included) may break, left to right."""
        if self._own and self._has_own(word):
            found = self._own_tokens.get(word)
            if found is None:
                found = self._own_tokens[word] = self._find(word)
            return found
        found = self._breaks.get(word)
        if found is None:
            found = _kept(self._code, word) if self._code else None
            if found is None:
                found = self._find(word)
                if self._code:
                    _FOUND[self._code] = _FOUND.get(self._code, 0) + 1
            self._breaks[word] = found
        return found

    def by_patterns(self, word: str) -> tuple[Break, ...]:
        """`word`'s breaks as the patterns give them, whatever the deck's own list says: for a word
        wider than the whole column, which must break somewhere (linebreak._pieces)."""
        return self._find(word, own=False)

    def _find(self, word: str, own: bool = True) -> tuple[Break, ...]:
        lead, core, trail = _WORD.match(word).groups()
        found: list[Break] = []
        start = 0
        # explicit breaks after a hyphen or slash; the parts between are hyphenated on their own, and
        # so are the parts on either side of an apostrophe, where the word does not break
        # (l’appren-tissage, organi-sation’s)
        for index, char in enumerate(core):
            if char in "-/’'" and 0 < index < len(core) - 1:
                found += self._within(core, start, index, own)
                if char in "-/" and self._may_break_after(core, start, index):
                    found.append(Break(core[:index + 1], core[index + 1:], False, COSTS["explicit"], "explicit"))
                start = index + 1
        found += self._within(core, start, len(core), own)
        hyphenated = "-" in core
        return tuple(Break(lead + b.head, b.tail + trail, b.hyphen,
                           b.cost + (SECOND_HYPHEN if hyphenated and b.hyphen else 0), b.kind) for b in found)

    def _within(self, core: str, start: int, end: int, own_words: bool = True) -> list[Break]:
        """Breaks inside core[start:end], a run of letters, as breaks of the whole core."""
        part = core[start:end]
        own = self._own.get(part.lower()) if self._own and own_words else None
        if own is not None:  # where the deck's editor put the hyphens, and nowhere else
            return [Break(core[:start] + part[:position], self._tail(part, position) + core[end:], True,
                          COSTS["joint"], "own") for position in own]
        if self._patterns is None or len(part) < MIN_HYPHENATED or not part.isalpha():
            return []
        joints = compounds.joints(part, self._compounds) if self._compounds else ()
        levels = self._patterns.hd
        if isinstance(levels, Levels):  # (German: each member hyphenated on its own)
            joints = _syllable_joints(part, joints, levels)
            patterned = {position for position in levels.positions(part, joints)
                         if MIN_FRAGMENT <= position <= len(part) - MIN_FRAGMENT}
        else:
            patterned = set(self._patterns.positions(part))
        # a joint the patterns miss (leiderschaps-initiatieven) is added where both members are long
        positions = patterned | {j for j in joints if j not in patterned and _long_members(part, j, joints)}
        if self._german:  # breaks no German syllable makes (Glü-ckwunsch), of those the patterns offer
            positions = _german_breaks(part, positions, keep=joints)
        found = []
        for position in sorted(positions):
            kind = _kind(part, position, joints, self._compounds) if position in patterned else "lexical-joint"
            tail = self._tail(part, position)
            cost = COSTS[kind] + (SHORT_START if len(part) - position <= 3 else 0)
            if part[position - 1].lower() in _VOWELS and part[position].lower() in _VOWELS and kind != "joint":
                cost += HIATUS  # (at a joint the two vowels belong to two words: Führungskräfte-entwicklung)
            found.append(Break(core[:start] + part[:position], tail + core[end:], True, cost, kind))
        return found

    def _may_break_after(self, core: str, start: int, index: int) -> bool:
        """Whether `core` may break after its hyphen or slash at `index` (`start`: where the part
        before it starts): not after one letter (e-/learning), not before two or fewer
        (choisissez-/en), nor before a space (kennis-/ of, bound by text.smarten), nor, in French,
        before a pronoun joined to its verb (séparez-/les)."""
        after = _PARTS.split(core[index + 1:], maxsplit=1)[0]
        if index - start < 2 or len(after) < MIN_FRAGMENT or not after[0].isalnum():  # (kennis-\u00a0of)
            return False
        return after.lower() not in _CLITICS.get(self.language.split("-")[0], ())

    def _tail(self, part: str, position: int) -> str:
        """What follows a break in `part`, spelt as it is after a break."""
        tail = part[position:]
        if self._dutch and tail[:1] in "ëïöüäËÏÖÜÄ":
            tail = tail[:1].translate(_DIAERESIS) + tail[1:]  # financi-ele
        return tail

    def _has_own(self, word: str) -> bool:
        """Whether the token `word` has one of the deck's own words in it, whole or between hyphens."""
        return any(part.lower() in self._own for part in _PARTS.split(_WORD.match(word)[2]))


def own_breaks(words: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """deck.yaml's hyphenation list ('Deutsch-land') -> each word's letters, lower case, and the
    places it may break (deutschland: (7,)); a word written twice counts as written last."""
    own: dict[str, tuple[int, ...]] = {}
    for word in words:
        parts = word.split("-")
        places = tuple(sum(len(part) for part in parts[:count]) for count in range(1, len(parts)))
        own["".join(parts).lower()] = places
    return own


# the consonant pairs a German syllable may start with (Ap-fel, Ge-brauch ...); ck moves over whole
# before a vowel only (Zu-cker, not Glü-ckwunsch), sch before a vowel or r, l, m, n, w (Fort-schritt)
_GERMAN_ONSETS = frozenset("bl br ch dr fl fr gl gn gr kl kn kr pf ph pl pr ps qu sk sl sm sn sp st sw sz th tr "
                           "ts wr zw".split())
_GERMAN_VOWELS = frozenset("aeiouyäöü")
# the endings a joining -s follows (Bildungs-chancen, Arbeits-platz): s|ch is the joint there
_GERMAN_JOINING_S = ("ungs", "heits", "keits", "tions", "schafts", "ings", "tums", "lings")


MIN_JOINED = 4  # letters of a member, on either side of a joint the syllables must confirm


def _syllable_joints(word: str, joints: tuple[int, ...], levels: "Levels") -> tuple[int, ...]:
    """A compound's joints found in a word list, if the patterns, read over the whole word, break a
    syllable at each of them too and every member has MIN_JOINED letters or more; else none (an
    analysis with one doubtful joint has doubtful members). The German list's members include
    pieces (bet, ges, fors, ler) that split Be|triebe as bet|riebe, For|schung as fors|chung and
    Lern|anlässen as ler|nan|lässen; Mitarbeiter|entwicklung and Deutsch|land stay."""
    if not joints:
        return joints
    lower = word.lower()
    syllables = set(levels.syllables.positions(lower))
    bounds = [0, *joints, len(word)]
    members = [lower[a:b] for a, b in zip(bounds, bounds[1:])]
    if all(joint in syllables for joint in joints) and all(
            len(member) >= MIN_JOINED or member in _PARTICLES for member in members):
        return joints
    return ()


# short members of German compounds that are words of their own (Verbesserungs|vor|schläge)
_PARTICLES = frozenset("ab an auf aus bei mit nach um vor zu weg hin her".split())


def _german_breaks(word: str, positions: set[int], keep: tuple[int, ...] = ()) -> set[int]:
    """The breaks of `word` that German rules allow, of those the patterns offer: never inside sch
    or ch (Forts-chritte), never before consonants no German syllable starts with (Mita-rbeiter);
    of two breaks with only consonants between them, the one before a vowel (Zusammen-arbeit, not
    Zusamme-narbeit; Kompetenz-entwicklung). The joints of a compound (`keep`) stay."""
    kept = {position for position in positions if position in keep or _german_syllable_start(word, position)}
    lower = word.lower()
    for position in sorted(kept):
        if position in keep:
            continue
        later = next((other for other in sorted(kept) if other > position), None)
        if later is not None and not _GERMAN_VOWELS.intersection(lower[position:later]) \
                and lower[later:later + 1] in _GERMAN_VOWELS:
            kept.discard(position)
    return kept


def _german_syllable_start(word: str, position: int) -> bool:
    head, tail = word[:position].lower(), word[position:].lower()
    if head.endswith("s") and tail.startswith("ch") and not head.endswith(_GERMAN_JOINING_S):
        return False
    if head.endswith("c") and tail[:1] in ("h", "k"):
        return False
    if tail.startswith("ck"):
        return tail[2:3] in _GERMAN_VOWELS
    if tail.startswith("sch"):
        return tail[3:4] in _GERMAN_VOWELS or tail[3:4] in ("r", "l", "m", "n", "w")
    if head.endswith("sch") and tail[:1] in ("r", "l", "m", "n", "w"):  # Ab-schluss, not Absch-luss
        return False
    pair = tail[:2]
    return not (len(pair) == 2 and not _GERMAN_VOWELS.intersection(pair) and pair not in _GERMAN_ONSETS)


def _long_members(word: str, joint: int, joints: tuple[int, ...]) -> bool:
    before = compounds.member_at(word, joint - 1, joints)
    after = compounds.member_at(word, joint + 1, joints)
    return before[1] - before[0] >= 5 and after[1] - after[0] >= 5  # short members: trust the patterns


def _kind(word: str, position: int, joints: tuple[int, ...], language: str | None = "nl") -> str:
    if position in joints:
        return "joint"
    if not joints:
        return "syllable"
    start, end = compounds.member_at(word, position, joints)
    if position - start <= MIN_FRAGMENT or end - position <= MIN_FRAGMENT:
        return "short"
    head, tail = word[start:position], word[position:end].lower()
    if len(head) >= 4 and compounds.is_word(head, language) and not tail.startswith(_SUFFIXES[language]):
        return "misleading"  # onder-zoeksgegevens reads as "onder" first
    return "member"


# Derivational suffixes: a break before one is a break at a morpheme, not a misreading (mogelijk-heden).
_SUFFIXES = {"nl": ("heid", "heden", "lijk", "ing", "baar", "schap", "isch", "atie", "iteit", "ering", "ische"),
             "de": ("ung", "heit", "keit", "schaft", "lich", "isch", "bar", "ling", "nis", "tum", "chen", "lein",
                    "ität", "ion", "ig")}


# -- breaks kept between runs --------------------------------------------------------------------

_BREAKS_VERSION = 1  # the kept breaks' form
# A kept table is read whole by every run in its language (about 1.6 ms per 1,000 words), a word
# found afresh costs ~0.1 ms: the bound keeps a small deck fast after a large one has been built.
MAX_KEPT_WORDS = 10_000


def _breaks_kind(code: str) -> str:
    """The cache kind of the kept breaks of `code` (pyphen's dictionary code), whose source is its
    patterns file: it names everything else a word's breaks depend on, deck's code and data (the
    word list) and the installed pyphen (cache.code_stamp)."""
    from .cache import code_stamp

    return f"hyphenation-breaks-{_BREAKS_VERSION}-{code}-{code_stamp()}"


def _dictionary(tag: str) -> tuple[str, str]:
    """patterns_for(tag) and the path of its patterns file, kept in deck's cache for the installed
    pyphen and deck (cache.code_stamp): a run whose words are all kept never imports pyphen (5 ms)."""
    from .cache import code_stamp, keep_for, recall_for

    kind = f"hyphenation-languages-{code_stamp()}"
    if not _LANGUAGES:
        _LANGUAGES.update(recall_for(kind, "languages", b"", lambda value: type(value) is dict) or {})
    found = _LANGUAGES.get(tag)
    if type(found) is tuple and len(found) == 2 and all(type(part) is str for part in found) \
            and os.path.isfile(found[1]):
        return found
    import pyphen

    code = patterns_for(tag)
    _LANGUAGES[tag] = found = (code, str(pyphen.LANGUAGES[code]))
    keep_for(kind, "languages", b"", dict(_LANGUAGES))
    return found


_LANGUAGES: dict[str, tuple[str, str]] = {}  # language tag -> (pyphen's code, its patterns file)


def _table(code: str) -> dict[str, tuple[Break, ...]]:
    """The process's table of `code`'s words; the kept words are read when the first word is asked
    (_kept_words): a run that sets no new paragraph (a rebuild: typecache.py) never reads them."""
    if code not in _TABLES:
        if not _TABLES:
            import atexit

            atexit.register(keep_breaks)
        _TABLES[code] = {}
    return _TABLES[code]


def _kept_words(code: str) -> dict:
    """The kept words of `code` not asked yet (word -> plain tuples), read from the cache once."""
    kept = _KEPT.get(code)
    if kept is None:
        kept = _KEPT[code] = _kept_breaks(code)
    return kept


def _patterns_file(code: str) -> str:
    found = next((path for known, path in _LANGUAGES.values() if known == code), None)
    if found is None:
        import pyphen

        found = str(pyphen.LANGUAGES[code])
    return found


def _kept_breaks(code: str) -> dict:
    from .cache import recall

    try:
        return recall(_breaks_kind(code), _patterns_file(code), lambda value: type(value) is dict) or {}
    except OSError:
        return {}


def _kept(code: str, word: str) -> tuple[Break, ...] | None:
    """A kept word's breaks as Breaks (made when first asked: most kept words a run never needs);
    None for a word not kept, or kept in a form this version does not read."""
    kept = _kept_words(code)
    raw = kept.pop(word, None) if kept else None
    if type(raw) is not tuple:
        return None
    try:
        found = tuple(Break._make(brk) for brk in raw)
    except TypeError:  # not five values
        return None
    if all(type(b.head) is str and type(b.tail) is str and type(b.hyphen) is bool and type(b.cost) in (int, float)
           and type(b.kind) is str for b in found):
        return found
    return None


_TABLES: dict[str, dict[str, tuple[Break, ...]]] = {}  # pyphen's code -> word -> its breaks, this process's
_KEPT: dict[str, dict] = {}  # pyphen's code -> the kept words not asked yet (word -> plain tuples), once read
_FOUND: dict[str, int] = {}  # pyphen's code -> how many words this process hyphenated itself


def _with_words(kept: dict, table: dict[str, tuple[Break, ...]]) -> dict:
    """The kept words and `table`'s (as plain tuples; a word in both keeps its place), the most
    recently added MAX_KEPT_WORDS of them."""
    words = {**kept, **{word: tuple(map(tuple, breaks)) for word, breaks in table.items()}}
    return dict(list(words.items())[-MAX_KEPT_WORDS:]) if len(words) > MAX_KEPT_WORDS else words


def keep_breaks() -> None:
    """Keep every language's words if this process hyphenated new ones (at exit): the kept words
    and this process's, the most recently asked last, at most MAX_KEPT_WORDS of them."""
    from .cache import keep

    for code, table in _TABLES.items():
        if not _FOUND.get(code):
            continue
        try:
            keep(_breaks_kind(code), _patterns_file(code), _with_words(_kept_words(code), table))
        except OSError:
            pass  # the patterns file is gone: nothing to keep the words for
        _FOUND[code] = 0
