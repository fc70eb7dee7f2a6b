"""Synthetic decks of any size with different text on every card, made from the real Ontwikkelkaarten.

Card k has the shape of real card ((k - 1) mod 8) + 1: the same fields, as many challenges, quotes,
suggestions and sources, and in every text as many words of the same lengths with the same
punctuation, so each face holds about as much as the real one and fits at about the same size.
The words themselves differ: within each sentence a few are swapped, and about half of those of
four letters or more are replaced by a Dutch word of the same length, drawn as often as it occurs
in Dutch (wordfreq's frequencies, limited to the words OpenTaal's list in deck/data/nl-words.marisa
spells, which keeps out names and English). So line breaking meets real Dutch syllables and
compounds, and the hyphenation and word-width caches meet new words as often as they would in a
real deck of that size: the vocabulary grows with the deck as a text's does (Heaps' law), not as
a dictionary's.

Unique: no title, summary, challenge question or text, quote paragraph, suggestion or source title
appears twice in a deck; one that comes out the same as an earlier one is drawn again. The
suggestion headings and the quote attributions ("Ervaring HR-manager") repeat, as they do in the
real deck. deck.yaml is copied as is. Seeded: the same size and seed give the same files.
"""
from __future__ import annotations

import bisect
import random
import re
import shutil
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
WORDS = ROOT / "deck" / "data" / "nl-words.marisa"
REPLACE = 0.5     # the share of words (of MIN_REPLACE letters or more) replaced by another word
MIN_REPLACE = 4   # shorter words (de, het, een, van, en) are the same in every Dutch text
TOP = 200_000     # the most frequent Dutch words that replacements are drawn from
_TOKEN = re.compile(r"^(\W*)(.*?)(\W*)$")
_SENTENCE = re.compile(r"(?<=[.?!])\s+")


def real_cards(content: Path = CONTENT) -> list[dict]:
    paths = sorted((content / "cards").glob("*.yaml"))
    cards = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in paths]
    return sorted(cards, key=lambda card: card["number"])


class Pool(NamedTuple):
    """The Dutch words of one length, most frequent first, with their running total of frequency."""

    words: list[str]
    cumulative: list[float]


@lru_cache(maxsize=1)
def _lexicon() -> dict[int, Pool]:
    """Frequent Dutch words that OpenTaal spells, by length."""
    import marisa_trie
    import wordfreq

    trie = marisa_trie.Trie()
    trie.load(str(WORDS))
    frequencies = wordfreq.get_frequency_dict("nl")
    pools: dict[int, Pool] = {}
    for word in wordfreq.top_n_list("nl", TOP):
        if len(word) >= MIN_REPLACE and word.isalpha() and word.islower() and word in trie:
            pool = pools.setdefault(len(word), Pool([], []))
            pool.words.append(word)
            pool.cumulative.append((pool.cumulative[-1] if pool.cumulative else 0.0) + frequencies[word])
    return pools


class Rewriter:
    """Rewrites texts word by word (see the module's docstring); remembers every text it gave out."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.words = _lexicon()
        self.seen: set[str] = set()

    def unique(self, text: str) -> str:
        """`text` rewritten into a text not given out before."""
        for attempt in range(1000):
            # a short text (a one-word source title) soon runs out of likely words: widen the draw,
            # and at last let it grow by a word
            grown = text if attempt < 100 else f"{text} {self._replacement('woord', uniform=True)}"
            candidate = self.rewrite(grown, share=min(1.0, REPLACE + attempt * 0.1), uniform=attempt >= 10)
            if candidate not in self.seen:
                self.seen.add(candidate)
                return candidate
        raise RuntimeError(f"no unique rewrite of {text!r} after 1000 draws")

    def rewrite(self, text: str, share: float = REPLACE, uniform: bool = False) -> str:
        """`text` with words swapped and replaced; paragraphs and sentences stay where they are."""
        return "\n\n".join(" ".join(self._sentence(sentence, share, uniform) for sentence in _SENTENCE.split(paragraph))
                           for paragraph in text.split("\n\n"))

    def _sentence(self, sentence: str, share: float, uniform: bool) -> str:
        tokens, movable = _parse(sentence)
        cores = [core for _, core, _ in tokens]
        draw, count = self.rng.random, len(movable)
        for _ in range(count // 4):  # a few swaps: the sentence keeps its rhythm, not its wording
            a, b = movable[int(draw() * count)], movable[int(draw() * count)]
            cores[a], cores[b] = cores[b], cores[a]
        for index, core in enumerate(cores):
            if _replaceable(core) and draw() < share:
                cores[index] = self._replacement(core, uniform)
        return " ".join(before + core + after for (before, _, after), core in zip(tokens, cores))

    def _replacement(self, word: str, uniform: bool = False) -> str:
        """A word as long as `word`, in the same case, drawn by its frequency (or, `uniform`, any
        of them alike)."""
        pool = self.words[len(word)]
        if uniform:
            new = self.rng.choice(pool.words)
        else:
            new = pool.words[bisect.bisect(pool.cumulative, self.rng.random() * pool.cumulative[-1])]
        return new if word.islower() else new[0].upper() + new[1:]


@lru_cache(maxsize=None)
def _replaceable(word: str) -> bool:
    """Whether `word` may be replaced: long enough, letters only, in lower case or with a capital
    first (not in capitals, as MKB), and of a length that has words to draw from."""
    return (len(word) >= MIN_REPLACE and word.isalpha() and (word.islower() or word[1:].islower())
            and not word.isupper() and len(word) in _lexicon())


@lru_cache(maxsize=None)
def _parse(sentence: str) -> tuple[tuple[tuple[str, str, str], ...], list[int]]:
    """A sentence's tokens (punctuation before, the word, punctuation after) and the places of the
    words that may swap (lower-case words after the first)."""
    tokens = tuple(_TOKEN.match(token).groups() for token in sentence.split())
    movable = [index for index, (_, core, _) in enumerate(tokens) if index > 0 and core.isalpha() and core.islower()]
    return tokens, movable


def synthetic_cards(count: int, seed: int = 8, content: Path = CONTENT) -> list[dict]:
    """`count` cards as they would be read from YAML (dicts), numbered 1..count."""
    real = real_cards(content)
    rewriter = Rewriter(seed)
    cards = []
    for index in range(count):
        template, number = real[index % len(real)], index + 1
        card = {"id": f"{template['id']}-{number}", "number": number, "title": rewriter.unique(template["title"]),
                "summary": rewriter.unique(template["summary"]),
                "challenges": [{"question": rewriter.unique(c["question"]), "text": rewriter.unique(c["text"])}
                               for c in template["challenges"]]}
        if "quotes" in template:
            card["quotes"] = [{"text": "\n\n".join(rewriter.unique(p) for p in quote["text"].split("\n\n")),
                               "source": quote["source"]} for quote in template["quotes"]]
        card["suggestions_heading"] = template["suggestions_heading"]
        card["suggestions"] = [rewriter.unique(text) for text in template["suggestions"]]
        if "sources" in template:
            card["sources"] = [{"title": rewriter.unique(source["title"]), "url": source.get("url", "")}
                               for source in template["sources"]]
        cards.append(card)
    return cards


def write_deck(folder: Path, count: int, seed: int = 8, content: Path = CONTENT) -> Path:
    """A content folder with `count` synthetic cards at `folder` (replaced if it exists); returns it."""
    _write(folder, synthetic_cards(count, seed, content), content)
    return folder


def _write(folder: Path, cards: list[dict], content: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "cards").mkdir(parents=True)
    shutil.copy(content / "deck.yaml", folder / "deck.yaml")
    for card in cards:
        text = yaml.dump(card, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)
        (folder / "cards" / f"{card['number']:04d}-{card['id']}.yaml").write_text(text, encoding="utf-8")


def paragraphs(card: dict) -> list[str]:
    """Every text of a card that must be unique in the deck (see the module's docstring)."""
    texts = [card["title"], card["summary"], *(part for c in card["challenges"] for part in (c["question"], c["text"]))]
    texts += [paragraph for quote in card.get("quotes", ()) for paragraph in quote["text"].split("\n\n")]
    return texts + card["suggestions"] + [source["title"] for source in card.get("sources", ())]


def vocabulary(cards: list[dict]) -> tuple[int, int]:
    """(words, distinct words, case aside) in the cards' texts."""
    words = [word.lower() for card in cards for text in paragraphs(card) for word in re.findall(r"\w+", text)]
    return len(words), len(set(words))


def main(argv: list[str]) -> None:
    """python -m bench.synth FOLDER COUNT [SEED]: write the deck; prints its words and distinct words
    as JSON (the benchmark writes its decks in a child process, so that its own memory stays small)."""
    import json

    cards = synthetic_cards(int(argv[1]), int(argv[2]) if len(argv) > 2 else 8)
    _write(Path(argv[0]), cards, CONTENT)
    print(json.dumps(vocabulary(cards)))


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
