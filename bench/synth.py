"""Synthetic decks of any size made from the real Ontwikkelkaarten content.

Card k (1..N) takes each of its parts (title, summary, challenges, quotes, suggestions with their
heading, sources) from one of the 8 real cards. Each part has its own seeded shuffle of the 8 real
cards per block of 8, so every real part is used equally often while the combinations vary: no
card is a copy of another. deck.yaml is copied as is (its overview keeps the 8 real dimensions).
"""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
PARTS = (("title",), ("summary",), ("challenges",), ("quotes",), ("suggestions_heading", "suggestions"),
         ("sources",))


def real_cards(content: Path = CONTENT) -> list[dict]:
    paths = sorted((content / "cards").glob("*.yaml"))
    cards = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in paths]
    return sorted(cards, key=lambda card: card["number"])


def synthetic_cards(count: int, seed: int = 8, content: Path = CONTENT) -> list[dict]:
    real = real_cards(content)
    rng = random.Random(seed)
    picks: dict[tuple[str, ...], list[int]] = {part: [] for part in PARTS}
    for part in PARTS:
        while len(picks[part]) < count:
            block = list(range(len(real)))
            rng.shuffle(block)
            picks[part] += block
    _make_distinct(picks, len(real))
    cards = []
    for index in range(count):
        number = index + 1
        card = {"id": f"{real[picks[('title',)][index]]['id']}-{number}", "number": number}
        for part in PARTS:
            source = real[picks[part][index]]
            for key in part:
                if key in source:
                    card[key] = source[key]
        cards.append(card)
    return cards


def write_deck(folder: Path, count: int, seed: int = 8, content: Path = CONTENT) -> Path:
    """A content folder with `count` synthetic cards at `folder`; returns it."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "cards").mkdir(parents=True)
    shutil.copy(content / "deck.yaml", folder / "deck.yaml")
    for card in synthetic_cards(count, seed, content):
        text = yaml.safe_dump(card, allow_unicode=True, sort_keys=False, width=100)
        (folder / "cards" / f"{card['number']:04d}-{card['id']}.yaml").write_text(text, encoding="utf-8")
    return folder


def _make_distinct(picks: dict[tuple[str, ...], list[int]], real: int) -> None:
    """No two synthetic cards with the same parts: a repeated combination gets its last part swapped
    with a later card's (which keeps every real part used equally often)."""
    last = picks[PARTS[-1]]
    count = len(last)
    seen = set()
    for index in range(count):
        for other in range(index + 1, count + 1):
            combination = tuple(picks[part][index] for part in PARTS)
            if combination not in seen or other == count:
                break
            last[index], last[other] = last[other], last[index]
        seen.add(tuple(picks[part][index] for part in PARTS))
