"""Every line break of a deck with its verdict, and the typographic figures of issue 11.

    python -m bench.typography                      # the bundled deck, default layout
    python -m bench.typography --layout example-brand --urls --breaks

Lists every line that ends in a hyphen (or, with --breaks, every break inside a word) with its
kind: `joint` (between the members of a compound: werk-nemers), `lexical-joint` (a joint found in
the word list that the hyphenation patterns do not give: leiderschaps-initiatieven), `member` (inside a member:
onderzoeksgege-vens), `short` (leaves three letters or fewer of a member: werkne-mers),
`misleading`, `syllable` (a word that is not a compound), `explicit` (after a hyphen the text
has). Then the figures: share of lines ending in a hyphen, hyphens in bold text, share of compound
breaks at a joint, characters per line of body text, leading, band heights and body sizes.
`--urls` gives every source a url first (the original deck links every source).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from collections import Counter
from pathlib import Path

COMPOUND_KINDS = ("joint", "lexical-joint", "member", "short", "misleading")
JOINTS = ("joint", "lexical-joint")


def fitted(content: Path, layout: str, urls: bool):
    from deck.content import load_deck
    from deck.copyfit import fit_deck
    from deck.layouts import load_layout

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "content"
        shutil.copytree(content, copy)
        if urls:
            with_urls(copy)
        deck = load_deck(copy)
        return deck, fit_deck(deck, load_layout(layout))


def with_urls(folder: Path) -> None:
    """A url on every source of every card: https://example.org/<card id>/<n>, of a realistic length."""
    import yaml

    for path in sorted((folder / "cards").glob("*.yaml")):
        values = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, source in enumerate(values.get("sources", []), 1):
            source["url"] = f"https://www.kenniscentrumllo.nl/ontwikkelkaarten/{values['id']}/bron-{number}"
        path.write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8")


def body_lines(card):
    """(face, line) for every line of running text in the columns (not band, footer, labels)."""
    for face in (card.front, card.back):
        for placed in face.lines:
            line = placed.line
            if line.style.colour in ("text", "accent") and line.text not in ("•", "›") and not line.text.isdigit():
                yield face, line


def report(deck, cards, show_all: bool) -> str:
    out = []
    kinds: Counter = Counter()
    lines = hyphenated = bold_hyphens = 0
    lengths, leadings = [], set()
    for card in cards:
        for face, line in body_lines(card):
            lines += 1
            if line.style.colour == "text" and line.style.size == face.body:
                lengths.append(len(line.text))
                leadings.add(round(line.style.leading / line.style.size, 3))
            ends = line.kind or ("explicit" if line.text.endswith("-") else "")
            if line.text.endswith("-"):
                hyphenated += 1
                if "Bold" in line.style.font:
                    bold_hyphens += 1
            if ends and (line.text.endswith("-") or show_all):
                kinds[ends] += 1
                out.append(f"  card {card.number} {face.side:5} {ends:10} …{line.text[-40:]}")
    compound = sum(kinds[kind] for kind in COMPOUND_KINDS)
    lengths.sort()
    p95 = lengths[int(len(lengths) * 0.95)] if lengths else 0
    fronts = {round(card.front.band.height, 2) for card in cards if card.number}
    backs = {round(card.back.band.height, 2) for card in cards if card.number}
    out += [
        "",
        f"lines: {lines}; ending in a hyphen: {hyphenated} ({100 * hyphenated / max(lines, 1):.1f} %); "
        f"in bold text: {bold_hyphens}",
        "breaks by kind: " + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())),
        f"breaks inside compounds at a joint: {sum(kinds[k] for k in JOINTS)} of {compound} "
        f"({100 * sum(kinds[k] for k in JOINTS) / max(compound, 1):.0f} %; {kinds['lexical-joint']} of them from the "
        f"word list, not the patterns); leaving 3 letters or fewer of a member: {kinds['short']}",
        f"characters per body line: median {statistics.median(lengths) if lengths else 0:.0f}, 95th percentile {p95}, "
        f"longest {lengths[-1] if lengths else 0}; over 75: {sum(n > 75 for n in lengths)}",
        f"leading (line distance / size) of body text: {', '.join(f'{v:g}' for v in sorted(leadings))}",
        f"band heights, fronts: {', '.join(f'{v / 2.8346:.1f} mm' for v in sorted(fronts))}; "
        f"backs: {', '.join(f'{v / 2.8346:.1f} mm' for v in sorted(backs))}",
        "body sizes: " + ", ".join(f"{'intro' if c.number == 0 else c.number} {c.front.body:g}/{c.back.body:g}"
                                   for c in cards),
    ]
    return "\n".join(out)


def main(argv=None) -> None:
    from deck import default_content

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=None)
    parser.add_argument("--layout", default="default")
    parser.add_argument("--urls", action="store_true", help="give every source a url first")
    parser.add_argument("--breaks", action="store_true", help="list every break inside a word, not only hyphens")
    options = parser.parse_args(argv)
    deck, cards = fitted(options.content or default_content(), options.layout, options.urls)
    print(report(deck, cards, options.breaks))


if __name__ == "__main__":
    main()
