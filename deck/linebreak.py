"""The words of one paragraph + a column width -> its lines, chosen for the paragraph as a whole.

A total-fit line breaker (Knuth and Plass, set ragged right): of all the ways to break the
paragraph it takes the one with the least demerits summed over its lines. A line's demerits grow
with the room it leaves (so lines come out evenly full), with the cost of the hyphen it ends in
(see hyphenate.COSTS: a compound's joint is cheap, a fragment of a member dear), more for a second
hyphen in a row, and a third is never allowed; a paragraph that ends in a single word pays for it
too, and so does display text (titles, questions) that breaks after an article, a preposition or a
conjunction. Widths add up word by word (measure.py), so every line is measured once.
"""

from typing import NamedTuple, Sequence

from .hyphenate import Hyphenator
from .measure import Measure, kerning, prefix_widths
from .textcheck import MAX_WORD
from .text import Style

RAG = 0.22             # the share of the width a line may leave empty before it looks short
LINE_PENALTY = 10      # every line costs something: fewer lines are better
DOUBLE_HYPHEN = 5000   # a second hyphen in a row
MAX_HYPHEN_STACK = 2   # and never a third
ALONE = 2000           # a paragraph that ends in a line of one word of five letters or more: less than a hyphen
ALONE_SHORT = 30_000   # ... of a shorter word ("te.", "is."): more than a hyphen at a compound's joint
ALONE_DISPLAY = 1e6    # display text (a question, a source's title) that ends in one word: worse than a line
                       # half empty ("Hoe ontwikkel je samen / een doorleefde visie?", not "... doorleefde / visie?")
PUNCTUATION = -200_000  # display text broken after a colon, semicolon, comma or dash: where a reader pauses
SENSE = 5e6            # display text broken after an article, preposition or conjunction: worse than a half-empty line
OPENER = 1500          # running text: a line that ends on a word of one or two letters opening a sentence
                       # ('bereikbaar was. Ik / begreep'): about a line a sixth short, less than a hyphen
TOLERANCE = 1e-6       # points
PRETOLERANCE = 100     # the badness (a line RAG short) a paragraph set without hyphens may have

# Words a title or question should not end a line on (it reads as if the sentence stopped there).
FUNCTION_WORDS = {
    "nl": frozenset("de het een en of maar want dus om te van voor met op in aan bij door naar over uit tot "
                    "zonder onder tussen tegen na sinds via per als dan dat die".split()),
    "en": frozenset("a an the and or but nor so for of to in on at by with from into onto over under "
                    "about as than that which".split()),
    "de": frozenset("der die das den dem des ein eine einen einem einer eines und oder aber für von zu mit auf "
                    "in an bei durch nach über aus um ohne unter zwischen gegen als wie dass im am zum zur vom "
                    "beim ins ans wenn weil ob sowie".split()),
    "fr": frozenset("le la les un une des du de à au aux et ou mais donc car ni pour par dans sur sous avec "
                    "sans entre chez vers en que qui dont comme".split()),
    "es": frozenset("el la los las un una unos unas y e o u pero de del a al en con por para sin sobre entre "
                    "que como".split()),
}


class TooNarrow(ValueError):
    """Not even one character fits across the column."""


class SetLine(NamedTuple):
    """A broken line: its text, its width, and the kind of break it ends in ('' at a space)."""

    text: str
    width: float
    kind: str


def break_paragraph(words: Sequence[str], width: float, style: Style, measure: Measure,
                    hyphenator: Hyphenator | None, balance: bool = False,
                    function_words: frozenset[str] = frozenset(), hyphens_next: bool = False,
                    too_wide: Hyphenator | None = None) -> list[SetLine]:
    """The best ragged-right lines of `words` in a column `width` wide (see the module's doc).

    `hyphenator` None: break only between words. `balance`: even lines (titles): the last line is
    held to the same measure as the others. `function_words`: words a line should not end on.
    Like TeX, a paragraph is first set without hyphenation; only if that leaves a line too short
    (PRETOLERANCE) are the hyphenation points tried. `hyphens_next`: set_plain found that so already.
    A word wider than the whole column is hyphenated where it must be, by `hyphenator` or else
    `too_wide` (text never hyphenated otherwise: a title on a narrow card), and cut only where no
    break fits.
    """
    if not words:
        return []
    paragraph = _Paragraph(words, width, style, measure, hyphenator or too_wide)
    if balance and paragraph.prefix[-1] <= width + TOLERANCE:
        # display text that fits on one line stays on one line (the search would choose it too:
        # any break leaves lines so short their badness outweighs what a break after a comma
        # earns; typography.band_depth relies on it to skip setting such titles)
        return [paragraph._line((0, -1), (len(paragraph.tokens), -1))]
    if hyphenator is None or balance:
        return paragraph.best(balance, function_words)
    if not hyphens_next:
        lines, worst = paragraph.best(balance, function_words, tolerance=PRETOLERANCE)
        if lines is not None:
            return lines
        whole_words = paragraph.best(balance, function_words)
        if len(whole_words) <= 2:
            return whole_words  # a hyphen is not worth it in a paragraph of two lines
    paragraph.add_breaks(hyphenator, style, measure)
    return paragraph.best(balance, function_words)


class _Paragraph:
    """The paragraph as tokens with the widths the search needs, and the search itself.

    A node is where a line may start: (token, break index), break -1 for the token's start."""

    def __init__(self, words, width, style, measure, hyphenator=None):
        self.width = width
        tokens, glue, self.cut, self.full = _fitting_tokens(words, width, style, measure, hyphenator)
        self.tokens, self.glue = tokens, glue  # glue: the space before each token (0 inside a cut word)
        self.prefix = prefix = [0.0]
        total = 0.0
        for token_width, space in zip(self.full, glue):
            total += space + token_width
            prefix.append(total)
        self.breaks: list[tuple] = [()] * len(tokens)
        self.heads: list[tuple] = [()] * len(tokens)
        self.tails: list[tuple] = [()] * len(tokens)
        # every token a whole word with a space before it (but the first): a line is its words joined
        self.spaced = not any(self.cut) and all(glue[1:])

    def add_breaks(self, hyphenator: Hyphenator, style: Style, measure: Measure) -> None:
        known = hyphenator.pieces.get(style)  # token -> its breaks, and the widths of the heads and tails there
        if known is None:
            known = hyphenator.pieces[style] = {}
        width = self.width
        for index, token in enumerate(self.tokens[:-1]):  # the last word stays whole: no fragment ends a paragraph
            if self.cut[index]:
                continue
            at = known.get(token)
            if at is None:
                breaks = hyphenator.breaks(token)
                if breaks:
                    pieces = _Pieces(token, style)
                    heads = tuple(pieces.head(brk) for brk in breaks)
                    at = breaks, heads, tuple(pieces.tail(brk, measure) for brk in breaks), max(heads)
                else:
                    at = (), (), (), 0.0
                known[token] = at
            breaks, heads, tails, widest = at
            if not breaks:
                continue
            if widest <= width:  # (nearly always: every head fits the column)
                self.breaks[index], self.heads[index], self.tails[index] = breaks, heads, tails
                continue
            fits = [number for number, head in enumerate(heads) if head <= width]
            self.breaks[index] = tuple(breaks[number] for number in fits)
            self.heads[index] = tuple(heads[number] for number in fits)
            self.tails[index] = tuple(tails[number] for number in fits)

    def best(self, balance: bool, function_words: frozenset[str], tolerance: float | None = None):
        """The least demerits path from the first node to the last, as lines. With `tolerance`:
        (lines, worst badness), lines None when a line would be worse than `tolerance`."""
        tokens, count = self.tokens, len(self.tokens)
        alone = (ALONE_DISPLAY if function_words else _alone(tokens[-1])) if count > 1 else 0.0
        limit = -1.0 if tolerance is None else float(tolerance)
        openers = None if function_words else _openers(tokens)
        if not any(self.breaks):
            # lines break only between words (most paragraphs, and every title): nodes are tokens
            costs = [_sense(token, function_words) for token in tokens[:-1]] + [0.0] if function_words else \
                openers or [0.0] * count
            ends = search_words(self.prefix, self.glue, costs, self.width, self.width * RAG, limit, balance, alone)
            if ends is None:
                return self._unbroken(tolerance)
            lines, start = [], 0
            if self.spaced:  # (_line's common case, inline: whole words with a space between each two)
                full, prefix, new = self.full, self.prefix, tuple.__new__
                for end in ends:
                    width = full[start] + prefix[end] - prefix[start + 1]
                    lines.append(new(SetLine, (" ".join(tokens[start:end]), width, "")))
                    start = end
            else:
                for end in ends:
                    lines.append(self._line((start, -1), (end, -1)))
                    start = end
            return lines if tolerance is None else _tolerated(lines, tolerance)
        if hyphenated is not None and tolerance is None and not balance and not function_words:
            # (break_paragraph's last try, compiled: the nodes below made, searched and set as lines)
            lines = hyphenated(tokens, self.full, self.prefix, self.glue, self.breaks, self.heads, self.tails,
                               self.width, self.width * RAG, alone, SetLine, openers)
            return self._unbroken(tolerance) if lines is None else lines
        nodes = [(index, b) for index in range(count) for b in range(-1, len(self.breaks[index]))]
        nodes.append((count, -1))
        # a line from node s to node e is first[s] + reach[e] wide (for s on an earlier token)
        first = [(self.full[i] if b == -1 else self.tails[i][b]) - self.prefix[i + 1] for i, b in nodes[:-1]]
        first.append(0.0)
        reach = [self.prefix[j] + (self.glue[j] + self.heads[j][b] if b >= 0 else 0.0) for j, b in nodes]
        heads = [self.heads[j][b] if b >= 0 else 0.0 for j, b in nodes]
        costs, hyphens = [], []
        for number, (j, b) in enumerate(nodes):
            if b >= 0:
                brk = self.breaks[j][b]
                costs.append(float(brk.cost ** 2))
                hyphens.append(brk.hyphen or brk.head.endswith("-"))
            else:
                last = number == len(nodes) - 1
                costs.append(_sense(tokens[j - 1], function_words) if function_words and not last and j else
                             openers[j - 1] if openers is not None and not last and j else 0.0)
                hyphens.append(False)
        alone_from = nodes.index((count - 1, -1)) if count > 1 else -1
        path = search([j for j, _ in nodes], [b for _, b in nodes], first, reach, heads, costs, hyphens,
                      self.width, self.width * RAG, limit, balance, alone, alone_from)
        if path is None:
            return self._unbroken(tolerance)
        lines, start = [], 0
        for end in path:
            lines.append(self._line(nodes[start], nodes[end]))
            start = end
        return lines if tolerance is None else _tolerated(lines, tolerance)

    @staticmethod
    def _unbroken(tolerance):
        if tolerance is not None:
            return None, None
        raise AssertionError("no way to break the paragraph; the tokens were cut to fit, so this cannot be")

    def _line(self, start, end) -> SetLine:
        i, bi = start
        j, bj = end
        if i == j:
            brk = self.breaks[j][bj]
            return SetLine(brk.head + ("-" if brk.hyphen else ""), self.heads[j][bj], brk.kind)
        parts = [self.tokens[i] if bi == -1 else self.breaks[i][bi].tail]
        for index in range(i + 1, j):
            parts.append((" " if self.glue[index] else "") + self.tokens[index])
        kind, width = "", (self.full[i] if bi == -1 else self.tails[i][bi]) + self.prefix[j] - self.prefix[i + 1]
        if bj >= 0:
            brk = self.breaks[j][bj]
            parts.append((" " if self.glue[j] else "") + brk.head + ("-" if brk.hyphen else ""))
            kind, width = brk.kind, width + self.glue[j] + self.heads[j][bj]
        return SetLine("".join(parts), width, kind)


def _search_words(prefix, glue, costs, width, rag, tolerance, balance, alone):
    """The least demerits breaks of a paragraph that breaks only between words: the tokens' ends
    (1..count) where its lines end, or None when no way stays within `tolerance` (< 0: none).

    prefix[k]: the width of tokens[:k] with their spaces; glue[k]: the space before token k;
    costs[k]: what a line ending after token k pays (display text's sense); alone: what the last
    line pays when it holds one word. deck/_linebreak.c is the same search, compiled; both do the
    same arithmetic in the same order, so they choose the same lines.
    """
    count = len(glue)
    limit = width + TOLERANCE
    totals: list[float | None] = [None] * (count + 1)
    previous = [-1] * (count + 1)
    totals[0] = 0.0
    for e in range(1, count + 1):
        last = e == count
        cost = costs[e - 1]
        best_total, best_start = None, -1
        for start in range(e - 1, -1, -1):
            line = prefix[e] - prefix[start] - glue[start]
            if line > limit:
                break
            total = totals[start]
            if total is None:
                continue
            badness, extra = _line_cost(line, width, rag, last and not balance, start == e - 1 and e > 1, alone)
            if tolerance >= 0 and badness > tolerance:
                continue
            demerits = LINE_PENALTY + badness
            candidate = total + demerits * demerits + cost + extra
            if best_total is None or candidate < best_total:
                best_total, best_start = candidate, start
        totals[e], previous[e] = best_total, best_start
    if totals[count] is None:
        return None
    ends, e = [], count
    while e > 0:
        ends.append(e)
        e = previous[e]
    return ends[::-1]


def _line_cost(line: float, width: float, rag: float, free: bool, alone_here: bool, alone: float
               ) -> tuple[float, float]:
    """A line's badness (how short it falls, cubed) and what it pays besides; a `free` line (the
    last of a paragraph that is not display text) has no badness, but pays `alone` when it holds
    one word (`alone_here`)."""
    if free:
        return 0.0, alone if alone_here else 0.0
    ratio = (width - line) / rag
    return 100.0 * (ratio * ratio * ratio), 0.0


def _search(tokens, breaks, first, reach, heads, costs, hyphens, width, rag, tolerance, balance, alone, alone_from):
    """The least demerits path through a paragraph's nodes (where a line may start: a token's start,
    or one of its hyphenation points), as the node indices where its lines end; None when no way
    stays within `tolerance` (< 0: none). Per node: its token and break (-1: the token's start);
    first[s] + reach[e]: the width of a line from s to e on a later token; heads[e]: a line holding
    only the head of e's token; costs[e]: what a line ending at e pays; hyphens[e]: it ends in a
    hyphen. A line may end in a hyphen twice in a row (the second costs DOUBLE_HYPHEN), never three
    times: each node keeps its best path per count of hyphens in a row (0, 1, 2), tried in that order.
    deck/_linebreak.c is the same search, compiled, with the same arithmetic in the same order.
    """
    count = len(tokens)
    limit = width + TOLERANCE
    states = MAX_HYPHEN_STACK + 1
    best: list[list[tuple[float, int, int] | None]] = [[None] * states for _ in range(count)]
    best[0][0] = (0.0, -1, -1)
    end = count - 1
    for e in range(1, count):
        j, bj = tokens[e], breaks[e]
        cost, hyphen, last, row = costs[e], hyphens[e], e == end, reach[e]
        here = best[e]
        for s in range(e - 1, -1, -1):
            if tokens[s] == j:  # a line holding only the head of this token
                if breaks[s] != -1 or bj < 0:
                    continue
                line = heads[e]
            else:
                line = first[s] + row
                if line > limit:
                    break  # starting earlier only makes the line longer
            if line > limit:
                continue
            reached = best[s]
            if reached[0] is None and reached[1] is None and reached[2] is None:
                continue
            badness, extra = _line_cost(line, width, rag, last and not balance, s == alone_from, alone)
            if tolerance >= 0 and badness > tolerance:
                continue
            penalty = LINE_PENALTY + badness
            demerits = penalty * penalty + cost + extra
            for stack in range(states):
                state = reached[stack]
                if state is None:
                    continue
                grown = stack + 1 if hyphen else 0
                if grown > MAX_HYPHEN_STACK:
                    continue
                candidate = state[0] + demerits + (DOUBLE_HYPHEN if grown == 2 else 0.0)
                if here[grown] is None or candidate < here[grown][0]:
                    here[grown] = (candidate, s, stack)
    stack, found = -1, None
    for number, state in enumerate(best[end]):
        if state is not None and (found is None or state[0] < found):
            stack, found = number, state[0]
    if stack < 0:
        return None
    path, node = [], end
    while node > 0:
        path.append(node)
        _, node, stack = best[node][stack]
    return path[::-1]


try:  # the same two searches compiled, and the common cases around them (setup.py builds them where a C compiler is at hand)
    from ._linebreak import hyphenated, search, search_words, set_words
except ImportError:
    search, search_words, set_words, hyphenated = _search, _search_words, None, None


def set_plain(text: str, words: list[str], width: float, style: Style, measure: Measure, hyphenate: bool = True,
              balance: bool = False, function_words: frozenset[str] = frozenset()) -> bytes | bool | None:
    """break_paragraph's common cases, compiled, for a paragraph whose words all fit the column and
    `text` its words joined by spaces: display text (`balance`, `function_words`) and text not to
    hyphenate, and text to hyphenate that the search sets without hyphens (within PRETOLERANCE, not
    ending in a short word alone, or in two lines at most): its lines, packed as typeset._packed
    packs them. False for text to hyphenate that break_paragraph would try hyphens in (it can skip
    to them: hyphens_next). None for any other paragraph, or without the compiled module: then
    break_paragraph sets it."""
    if set_words is None or not words:
        return None
    first_try = hyphenate and not balance  # (break_paragraph's other cases take the best way there is)
    costs = [_sense(word, function_words) for word in words[:-1]] + [0.0] if function_words else _openers(words)
    short, long = (ALONE_DISPLAY, ALONE_DISPLAY) if function_words else (ALONE_SHORT, ALONE)
    return set_words(words, measure.widths(words, style), measure.width(" ", style), width, width * RAG,
                     float(PRETOLERANCE) if first_try else -1.0, float(short), float(long), text, costs, balance)


class _Pieces:
    """The widths of a word's heads and tails at its breaks, from one pass over its characters
    (measuring each piece anew costs the square of the word's length)."""

    def __init__(self, token: str, style: Style):
        self.token, self.font, self.style = token, kerning(style.font), style
        self.scale, self.tracking = style.size / 1000, style.tracking * style.size
        # the width of token[:k], kerned within, letterspacing included
        self.prefix = None if prefix_widths is None else prefix_widths(
            token, self.font.advances, self.font._default, self.font.pairs, self.scale, self.tracking)
        if self.prefix is None:  # (a pair not measured yet: measured here)
            self.prefix = [0.0]
            for k, char in enumerate(token):
                step = self.font.advance(char) + (self.font.pair(token[k - 1:k + 1]) if k else 0.0)
                self.prefix.append(self.prefix[-1] + step * self.scale + self.tracking)

    def head(self, brk) -> float:
        """The width of the text before the break, with the hyphen it adds."""
        k = len(brk.head)
        width = self.prefix[k]
        if brk.hyphen:
            width += (self.font.advance("-") + self.font.pair(self.token[k - 1] + "-")) * self.scale + self.tracking
        return width

    def tail(self, brk, measure: Measure) -> float:
        """The width of the text after the break; measured anew where the spelling changed there."""
        k = len(self.token) - len(brk.tail)
        if self.token[k:] != brk.tail:  # financi-ele: the diaeresis is gone
            return measure.width(brk.tail, self.style)
        pair = self.font.pair(self.token[k - 1:k + 1]) * self.scale if k else 0.0
        return self.prefix[-1] - self.prefix[k] - pair


def _letters(word: str) -> int:
    return sum(char.isalpha() for char in word)


def _sense(ends_on: str, function_words: frozenset[str]) -> float:
    """What display text pays for a line that ends on the word `ends_on` (see SENSE, PUNCTUATION)."""
    if ends_on.lower().strip(",.;:") in function_words:
        return SENSE
    if ends_on.endswith((":", ";", ",", "–")):
        return PUNCTUATION
    return 0.0


_SENTENCE_END = (".", "!", "?", "…", ":")
_CLOSERS = "’”»)]\"'"


def _openers(words: Sequence[str]) -> list[float] | None:
    """Running text's costs per word (see _search_words' costs): OPENER where a line ending after the
    word would leave a sentence's short first word (Ik, In, De) dangling at its end; None where no
    word does (most paragraphs: nothing to pay)."""
    costs = None
    for index in range(1, len(words) - 1):
        word = words[index]
        if len(word) <= 2 and word.isalpha() and word[0].isupper() and \
                words[index - 1].rstrip(_CLOSERS).endswith(_SENTENCE_END):
            if costs is None:
                costs = [0.0] * len(words)
            costs[index] = OPENER
    return costs


def _alone(word: str) -> float:
    """What a paragraph pays for ending in a line of the one word `word`."""
    return ALONE if _letters(word) >= 5 else ALONE_SHORT


def _tolerated(lines: list[SetLine], tolerance: float):
    """The result of a search with a tolerance: (lines, tolerance), or (None, None) when the paragraph
    ends in a short word alone (worth trying hyphens to avoid)."""
    last_words = lines[-1].text.split(" ")
    alone = len(lines) > 1 and len(last_words) == 1 and _letters(last_words[0]) < 5
    return (None, None) if alone else (lines, tolerance)


def _fitting_tokens(words, width, style, measure, hyphenator=None
                    ) -> tuple[list[str], list[float], list[bool], list[float]]:
    """The words, with a word wider than the whole column in pieces that fit: hyphenated at its
    breaks (by `hyphenator`), else cut (in one pass over its characters); the space before each
    token (none between the pieces of a word); whether each token is such a piece (a piece is not
    hyphenated again); and each token's width."""
    space = measure.width(" ", style)
    widths = measure.widths(words, style)
    if max(widths) <= width:  # the common case: every word fits the column
        return list(words), [0.0] + [space] * (len(words) - 1), [False] * len(words), widths
    tokens, glue, cut, full = [], [], [], []
    for word, word_width in zip(words, widths):
        if word_width <= width:
            tokens.append(word)
            glue.append(space if tokens[:-1] else 0.0)
            cut.append(False)
            full.append(word_width)
            continue
        for number, piece in enumerate(_pieces(word, width, style, measure, hyphenator)):
            tokens.append(piece)
            glue.append(space if number == 0 and len(tokens) > 1 else 0.0)
            cut.append(True)
            full.append(measure.width(piece, style))
    return tokens, glue, cut, full


def _pieces(word: str, width: float, style: Style, measure: Measure, hyphenator: Hyphenator | None) -> list[str]:
    """`word`, wider than the column, in pieces that fit: each the cheapest and then the longest head
    of a hyphenation break that fits (Führungskräfte- / entwicklung), hyphen and all; a rest that no
    break makes fit is cut (_cut). Two pieces never fit on one line together: a longer head would
    have been taken."""
    pieces: list[str] = []
    rest = word
    while hyphenator is not None and len(rest) <= MAX_WORD and measure.width(rest, style) > width:
        # the breaks the word may take; where none fits (a word the deck's own list says never to
        # break, or to break where it does not fit), the patterns': better than a cut
        fitting = [(brk.cost, -len(brk.head), brk) for brk in hyphenator.breaks(rest)
                   if measure.width(brk.head + ("-" if brk.hyphen else ""), style) <= width] or \
            [(brk.cost, -len(brk.head), brk) for brk in hyphenator.by_patterns(rest)
             if measure.width(brk.head + ("-" if brk.hyphen else ""), style) <= width]
        if not fitting:
            break
        brk = min(fitting, key=lambda found: found[:2])[2]
        pieces.append(brk.head + ("-" if brk.hyphen else ""))
        rest = brk.tail
    return pieces + _cut(rest, width, style, measure)


def _cut(word: str, width: float, style: Style, measure: Measure) -> list[str]:
    """`word` in pieces no wider than `width`, each as wide as fits, in one pass over its characters."""
    font = kerning(style.font)
    scale, tracking = style.size / 1000, style.tracking * style.size
    pieces, start, used = [], 0, 0.0
    for index, char in enumerate(word):
        alone = font.advance(char) * scale + tracking
        if alone > width:
            raise TooNarrow(f"'{char}' is wider than the column ({width:.1f} pt)")
        step = alone + (font.pair(word[index - 1:index + 1]) * scale if index > start else 0.0)
        if used + step > width and index > start:
            pieces.append(word[start:index])
            start, step, used = index, alone, 0.0
        used += step
    pieces.append(word[start:])
    return pieces
