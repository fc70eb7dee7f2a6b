"""Placed lines -> PDF text operators: one text object per face, every line a kerned TJ array.

reportlab embeds a TrueType font as subsets of up to 256 characters and encodes text per document;
the encoding of a word, and its kerning, are remembered per document and word, so a deck of a
thousand cards costs about one encoding per distinct word, not one per line. Only the words used
lately are remembered (a deck's vocabulary grows with the deck): a word met again after that is
encoded again, to the same bytes, as its characters already have their place in the subsets.
"""
from __future__ import annotations

import functools
import sys
import weakref

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics

from .measure import kerning
from .text import Placed

try:  # text_object, the common case of _line and of _run, compiled (deck/_pdftext.c, where setup.py could build it)
    from ._pdftext import kerned_line, text_object as compiled_text_object, word_run
except ImportError:
    kerned_line = compiled_text_object = word_run = None

_WRITERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
ACCENT = "accent"  # the colour role of a line text_object is given as an accent
RECENT_WORDS = 40_000  # per font: a deck of a thousand cards uses fewer; the common ones stay (see _Recent)


def writer(doc) -> "TextWriter":
    """The one TextWriter of a reportlab document (its encodings belong to that document)."""
    found = _WRITERS.get(doc)
    if found is None:
        found = _WRITERS[doc] = TextWriter(doc)
    return found


class TextWriter:
    """Encodes and kerns words for one document, remembering what it has done."""

    def __init__(self, doc):
        self.doc = doc
        # font -> word -> the word's segments (see _word); subset names are interned, compared by identity
        self._words: dict[str, _Recent] = {}
        self._runs: dict[str, _Recent] = {}  # font -> word -> its run (see _run)
        self._codes: dict[str, tuple[dict[int, str], frozenset[str]]] = {}  # font -> codes of subset 0 (_encoded)
        self._names: dict[str, str] = {}  # font -> the name of subset 0, once _segments has asked for it
        self._moves: dict[tuple[float, float], str] = {}  # (x, y) -> its Tm operator (the compiled text_object's)
        self._pairs: dict[str, dict[str, float]] = {}  # font -> its kerning pairs (made with its runs, by _line)

    def text_object(self, lines: tuple[Placed, ...], fill, accents: tuple[str, ...] = ()) -> str:
        """The operators that draw `lines`; `fill(role)` gives the fill operator of a colour role.
        A line whose whole text is one of `accents` (a list's bullet marks) takes the role "accent"
        instead of its style's."""
        if compiled_text_object is not None:  # this loop compiled; the lines it cannot write, by _line
            return compiled_text_object(tuple(lines), fill, fp_str, self._runs, self._line, self._moves,
                                        (self._codes, self._names, self._pairs, _adjustment, RECENT_WORDS),
                                        tuple(accents))
        code = ["q BT"]
        current_font, current_fill = (None, None), None
        tracking = 0.0
        for x, y, line, _ in lines:
            if not line.text:
                continue
            operator = fill(ACCENT if line.text in accents else line.style.colour)
            if operator != current_fill:
                code.append(operator)
                current_fill = operator
            if line.style.tracking != tracking:
                tracking = line.style.tracking
                code.append(f"{fp_str(tracking * line.style.size)} Tc")
            code.append(f"1 0 0 1 {fp_str(x)} {fp_str(y)} Tm")
            current_font = self._line(code, line.text, line.style.font, line.style.size, current_font)
        code.append("ET Q")
        return "\n".join(code)

    def _line(self, code: list[str], text: str, font: str, size: float, current_font):
        """Append the operators of one line; returns the font (name, size) set at its end."""
        runs = self._runs.get(font)
        if runs is None:
            runs = self._runs[font] = _Recent()
            self._pairs[font] = kerning(font).pairs
        space = runs.get(" ") or self._run(font, " ")  # asked first, as _mixed_line does
        done = self._in_one_subset(runs, text, font, space)
        if done is None:
            return self._mixed_line(code, text, font, size, current_font)
        name, operator = done
        if name is not current_font[0] or size != current_font[1]:
            code.append(f"{name} {fp_str(size)} Tf")
            current_font = (name, size)
        code.append(operator)
        return current_font

    def _in_one_subset(self, runs: "_Recent", text: str, font: str, space: tuple) -> tuple[str, str] | None:
        """(subset name, the line's TJ or Tj operator) when every word, and the space, lie in one
        subset (nearly every line: no font changes within); else None."""
        if kerned_line is not None:  # (compiled text_object asks here only for lines with words it lacks)
            for word in text.split(" "):
                if word not in runs.recent:
                    self._run(font, word)
            done = kerned_line(runs.recent, text, space)
            if done is not None:
                return done
        recent = runs.recent  # (the common case inline; _run looks among the older words)
        found = [recent.get(word) or self._run(font, word) for word in text.split(" ")]
        name = found[0][0]
        if name is None or space[0] is not name or not all(run[0] is name for run in found):
            return None
        space = space[1]
        shown: list[str] = []
        open_ = found[0][1] if found[0][2] is None else ""
        if found[0][2] is not None:
            shown.append(f"({found[0][1]}) {found[0][2]}")
            open_ = found[0][3]
        for _, head, middle, tail in found[1:]:
            if middle is None:
                open_ += space + head
            else:
                shown.append(f"({open_}{space}{head}) {middle}")
                open_ = tail
        return name, _operator(shown, open_)

    def _run(self, font: str, word: str) -> tuple:
        """A word that lies in one font subset as (subset name, its escaped text up to its first
        kerning move, the TJ elements from that move on to its last one or None when unkerned, the
        text after its last move); (None, ...) for a word across subsets (see _mixed_line)."""
        runs = self._runs[font]  # made by _line, the one caller
        found = runs.get(word)
        if found is None and word_run is not None:
            found = self._compiled_run(font, word)
            if found is not None:
                runs[word] = found
        if found is None:
            segments = self._segments(font, word)
            if len(segments) != 1 or (len(segments[0][1]) > 1 and segments[0][1][-1] == ""):
                found = (None, None, None, None)
            else:
                name, pieces = segments[0]
                if len(pieces) == 1:
                    found = (name, pieces[0], None, pieces[0])
                else:
                    middle = [pieces[1]]
                    for at in range(2, len(pieces) - 1, 2):
                        middle += [f"({pieces[at]})", pieces[at + 1]]
                    found = (name, pieces[0], " ".join(middle), pieces[-1])
            runs[word] = found
        return found

    def _compiled_run(self, font: str, word: str) -> tuple | None:
        """_run by _pdftext.word_run, for a word in the first subset's codes whose kerning pairs are
        known: what _segments and _run give it, made in one step; else None."""
        codes, name = self._codes.get(font), self._names.get(font)
        if codes is None or name is None or not codes[1].issuperset(word):
            return None
        return word_run(word, word.translate(codes[0]).encode("latin-1"), self._pairs[font], _adjustment, name)

    def _mixed_line(self, code: list[str], text: str, font: str, size: float, current_font):
        """_line for a line whose words lie in more than one font subset (characters beyond the
        first 256 a font is asked for): the font is set anew wherever the subset changes."""
        shown: list[str] = []  # the finished elements of the TJ array
        open_ = ""             # the string being added to
        known = self._words.setdefault(font, _Recent())
        space = known.get(" ") or self._word(font, " ")
        for index, word in enumerate(text.split(" ")):
            segments = known.get(word) or self._word(font, word)
            if index:
                segments = space + segments
            for name, pieces in segments:
                if name is not current_font[0] or size != current_font[1]:
                    if shown or open_:
                        code.append(_operator(shown, open_))
                        shown, open_ = [], ""
                    code.append(f"{name} {fp_str(size)} Tf")
                    current_font = (name, size)
                open_ += pieces[0]
                for at in range(1, len(pieces), 2):
                    shown.append(f"({open_})")
                    shown.append(pieces[at])
                    open_ = pieces[at + 1]
        code.append(_operator(shown, open_))
        return current_font

    def _word(self, font: str, word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The word in this document's encoding: per font subset it uses, the subset's name and the
        escaped text, split where a kerning pair moves the next character: (text, adjustment, text, ...)."""
        known = self._words.setdefault(font, _Recent())
        found = known.get(word)
        if found is None:
            found = known[word] = self._segments(font, word)
        return found

    def _segments(self, font: str, word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """_word, not remembered."""
        adjustments = kerning(font).adjustments(word)
        reportlab_font = pdfmetrics.getFont(font)
        segments, position = [], 0
        for subset, chunk in self._encoded(font, reportlab_font, word):
            pieces, start = [], 0
            for index in range(len(chunk) - 1):
                adjustment = adjustments[position + index]
                if adjustment:
                    pieces += [escapePDF(chunk[start:index + 1]), _adjustment(adjustment)]
                    start = index + 1
            pieces.append(escapePDF(chunk[start:]))
            last = adjustments[position + len(chunk) - 1]
            if last:  # a pair across two subsets: the move ends this one
                pieces += [_adjustment(last), ""]
            name = sys.intern(reportlab_font.getSubsetInternalName(subset, self.doc))
            if subset == 0:
                self._names[font] = name
            segments.append((name, tuple(pieces)))
            position += len(chunk)
        return tuple(segments)


    def _encoded(self, font: str, reportlab_font, word: str) -> list[tuple[int, bytes]]:
        """reportlab's splitString: the word in this document's codes, per subset. A word whose
        characters all have codes in the first subset is translated in one step; any other asks
        reportlab, which gives new characters their codes, and those are learnt."""
        codes = self._codes.get(font)
        if codes is not None and codes[1].issuperset(word):
            return [(0, word.translate(codes[0]).encode("latin-1"))]
        found = reportlab_font.splitString(word, self.doc)
        assignments = reportlab_font.state[self.doc].assignments
        table = {code: chr(number) for code, number in assignments.items() if number < 256}
        if 32 in table:
            table[0xA0] = table[32]  # reportlab sets a no-break space as a space
        self._codes[font] = (table, frozenset(map(chr, table)))
        return found


class _Recent:
    """A word -> what it encodes to, for the words used lately: when RECENT_WORDS are, they become
    the older ones and those before them are forgotten, so a word in use is never forgotten for
    long, and a deck of any size keeps at most twice RECENT_WORDS."""

    __slots__ = ("recent", "older")

    def __init__(self):
        self.recent: dict[str, tuple] = {}
        self.older: dict[str, tuple] = {}

    def get(self, word: str):
        found = self.recent.get(word)
        if found is None:
            found = self.older.get(word)
            if found is not None:
                self[word] = found
        return found

    def __setitem__(self, word: str, value: tuple) -> None:
        if len(self.recent) >= RECENT_WORDS:
            self.older, self.recent = self.recent, {}
        self.recent[word] = value


@functools.lru_cache(maxsize=4096)
def _adjustment(kerning_pair: float) -> str:
    """A kerning pair's adjustment in a TJ array, one string per value: a font has few of them, and
    thousands of remembered words share them."""
    return fp_str(-kerning_pair)


def _operator(shown: list[str], open_: str) -> str:
    """The TJ array of a line's kerned runs, or a plain Tj when nothing was kerned."""
    if not shown:
        return f"({open_}) Tj"
    return f"[{' '.join(shown)} ({open_})] TJ"
