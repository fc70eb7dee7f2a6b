"""The bundled content (content/*.yaml) says word for word what the seed text says.

The seed is the Dutch source text shared/seed/ontwikkelkaarten-bron.txt, kept beside the checkout.
This test parses it, applies the corrections listed in content/CORRECTIONS.md, and checks that
every item (titles, summaries, challenges, quotes, suggestions, sources, intro, how-to) stands in
the right place of the YAML (the seed's overview is checked against the cards it is made from), and that the YAML holds nothing that is not in the seed.

Only the standard library, PyYAML and pytest are used; the deck package is not imported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
CORRECTIONS = CONTENT / "CORRECTIONS.md"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "ontwikkelkaarten-bron.txt"

if not SEED.is_file():
    pytest.skip(f"the seed text {SEED} is not there (it lives in shared/seed/ beside the checkout); "
                "the fidelity of the content cannot be checked without it", allow_module_level=True)

CARD_LABEL = "Ontwikkelkaart"      # the word that stands above every card in the seed
SOURCES_HEADING = "Verder lezen"
CHALLENGES_HEADING = "Uitdagingen"
SPLIT_MARK = "<br>"                # in CORRECTIONS.md 'after': one seed item became several YAML items

OPENING_MARKS = "'“"
CLOSING_MARKS = "'”"

NUMBERED = re.compile(r"^(\d+)\. (.+)$")
CHALLENGE = re.compile(r"^(?:- )?> \*\*(.+)\*\*$")
LINKED_SOURCE = re.compile(r"^- \[(.+)\]\((.*)\)$")
LIST_ITEM = re.compile(r"^- (.+)$")
ENDS_QUOTE = re.compile(f"[{CLOSING_MARKS}]\\.?$")


# --------------------------------------------------------------------------------------------
# The seed, as a flat list of items per content file
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    kind: str      # e.g. "suggestion", "quote", "attribution", "question", "overview_title"
    text: str
    line: int      # where it stands in the seed (1-based)
    group: int = 0  # which challenge, quote or dimension it belongs to


@dataclass
class Seed:
    deck: list[Item] = field(default_factory=list)
    cards: dict[int, list[Item]] = field(default_factory=dict)
    card_label_count: int = 0


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)]


def _parse_deck_part(lines: list[tuple[int, str]]) -> list[Item]:
    filled = [(number, line) for number, line in lines if line]
    items = [Item("title", filled[0][1], filled[0][0]), Item("subtitle", filled[1][1], filled[1][0])]
    rest = filled[2:]
    overview_start = next(i for i, (_, line) in enumerate(rest) if NUMBERED.match(line))
    before, overview = rest[:overview_start], rest[overview_start:]
    # the how-to heading is the one paragraph of the introduction that is not a sentence
    headings = [i for i, (_, line) in enumerate(before) if not line.endswith((".", "?", "!", ":"))]
    assert len(headings) == 1, f"seed parser: expected one how-to heading in the intro, found {headings}"
    h = headings[0]
    items += [Item("intro", line, number, i) for i, (number, line) in enumerate(before[:h])]
    items.append(Item("how_to_heading", before[h][1], before[h][0]))
    items += [Item("how_to", line, number, i) for i, (number, line) in enumerate(before[h + 1:])]
    dimension = 0
    for number, line in overview:
        if match := NUMBERED.match(line):
            dimension = int(match.group(1))
            items.append(Item("overview_title", match.group(2), number, dimension))
        elif match := LIST_ITEM.match(line):
            items.append(Item("overview_question", match.group(1), number, dimension))
        else:
            raise AssertionError(f"seed parser: unexpected overview line {number}: {line!r}")
    return items


def _parse_card(lines: list[tuple[int, str]]) -> tuple[int, list[Item]]:
    filled = [(number, line) for number, line in lines if line]
    first_number, first = filled[0]
    match = NUMBERED.match(first)
    assert match, f"seed parser: a card should start with 'N. title', line {first_number}: {first!r}"
    card_number = int(match.group(1))
    items = [Item("title", match.group(2), first_number)]
    state = "summary"
    challenge = quote = -1
    quote_lines: list[tuple[int, str]] = []

    def close_quote(attribution: tuple[int, str]) -> None:
        paragraphs = [text for _, text in quote_lines]
        assert paragraphs[0][0] in OPENING_MARKS, f"seed parser: quote without opening mark: {paragraphs[0]!r}"
        paragraphs[0] = paragraphs[0][1:]
        if paragraphs[-1][-1] in CLOSING_MARKS:
            paragraphs[-1] = paragraphs[-1][:-1]
        for (number, _), text in zip(quote_lines, paragraphs):
            items.append(Item("quote", text, number, quote))
        items.append(Item("attribution", attribution[1], attribution[0], quote))
        quote_lines.clear()

    for number, line in filled[1:]:
        if state == "summary":
            if line == CHALLENGES_HEADING:
                state = "challenges"
            else:
                items.append(Item("summary", line, number))
        elif state in ("challenges", "quote") and line[0] in OPENING_MARKS and not quote_lines:
            state, quote = "quote", quote + 1
            quote_lines.append((number, line))
        elif state == "challenges":
            if match := CHALLENGE.match(line):
                challenge += 1
                items.append(Item("question", match.group(1), number, challenge))
            else:
                items.append(Item("explanation", line, number, challenge))
        elif state == "quote" and quote_lines:
            if ENDS_QUOTE.search(quote_lines[-1][1]) and not ENDS_QUOTE.search(line):
                close_quote((number, line))       # the line after the last paragraph says who said it
            else:
                quote_lines.append((number, line))
        elif line == SOURCES_HEADING:
            state = "sources"
        elif state == "sources" and (match := LINKED_SOURCE.match(line)):
            items.append(Item("source", match.group(1), number))
            assert match.group(2) in ("", "#"), f"seed parser: a real link on line {number}; add url checks"
        elif state == "sources" and (match := LIST_ITEM.match(line)):
            items.append(Item("source", match.group(1), number))
        elif state == "suggestions" and (match := LIST_ITEM.match(line)):
            items.append(Item("suggestion", match.group(1), number))
        elif not LIST_ITEM.match(line):
            items.append(Item("suggestions_heading", line, number))
            state = "suggestions"
        else:
            raise AssertionError(f"seed parser: unexpected line {number}: {line!r}")
    assert not quote_lines, "seed parser: a quote without attribution at the end of a card"
    return card_number, items


@lru_cache(maxsize=None)
def seed() -> Seed:
    lines = _numbered_lines(SEED.read_text(encoding="utf-8"))
    starts = [i for i, (_, line) in enumerate(lines) if line == CARD_LABEL]
    result = Seed(card_label_count=len(starts))
    result.deck = _parse_deck_part(lines[: starts[0]])
    for start, end in zip(starts, starts[1:] + [len(lines)]):
        number, items = _parse_card(lines[start + 1: end])
        assert number not in result.cards, f"seed parser: card {number} twice"
        result.cards[number] = items
    return result


# --------------------------------------------------------------------------------------------
# The content files
# --------------------------------------------------------------------------------------------

def _load(path: Path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=None)
def deck_file() -> dict:
    return _load(CONTENT / "deck.yaml")


@lru_cache(maxsize=None)
def card_files() -> dict[int, tuple[str, dict]]:
    """Card number -> (path relative to content/, loaded YAML)."""
    cards = {}
    for path in sorted((CONTENT / "cards").glob("*.yaml")):
        data = _load(path)
        cards[data["number"]] = (path.relative_to(CONTENT).as_posix(), data)
    return cards


def card(number: int) -> tuple[str, dict]:
    if number not in card_files():
        pytest.fail(f"seed card {number} has no YAML file in content/cards/ with 'number: {number}'")
    return card_files()[number]


def quote_paragraphs(text: str) -> list[str]:
    """A quote's text -> its paragraphs, as deck/content.py reads them (blank lines separate)."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


# --------------------------------------------------------------------------------------------
# CORRECTIONS.md, applied to the seed
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Correction:
    file: str
    before: str
    after: str
    why: str
    line: int   # in CORRECTIONS.md

    @property
    def after_parts(self) -> list[str]:
        return self.after.split(SPLIT_MARK)


@lru_cache(maxsize=None)
def corrections() -> tuple[Correction, ...]:
    rows = [(number, line) for number, line in _numbered_lines(CORRECTIONS.read_text(encoding="utf-8"))
            if line.startswith("|")]
    assert rows, "CORRECTIONS.md has no table"
    header = [cell.strip() for cell in rows[0][1].strip("|").split("|")]
    assert header == ["file", "before", "after", "why"], f"CORRECTIONS.md table header is {header}"
    assert set(rows[1][1].replace("|", "").replace(" ", "")) <= set("-:"), "CORRECTIONS.md: no separator row"
    result = []
    for number, line in rows[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert len(cells) == 4, f"CORRECTIONS.md line {number} has {len(cells)} cells, not 4: {line!r}"
        assert all(cells), f"CORRECTIONS.md line {number} has an empty cell: {line!r}"
        result.append(Correction(*cells, line=number))
    return tuple(result)


def file_key(relative: str):
    """'deck.yaml' -> 'deck'; 'cards/02-....yaml' -> 2."""
    if relative == "deck.yaml":
        return "deck"
    for number, (path, _) in card_files().items():
        if path == relative:
            return number
    return None


@dataclass
class Corrected:
    deck: list[Item]
    cards: dict[int, list[Item]]
    problems: list[str]


@lru_cache(maxsize=None)
def corrected() -> Corrected:
    raw = seed()
    files = {"deck": list(raw.deck), **{n: list(items) for n, items in raw.cards.items()}}
    problems = []
    for row in corrections():
        key = file_key(row.file)
        if key not in files:
            problems.append(f"CORRECTIONS.md line {row.line}: no content file {row.file!r}")
            continue
        items = files[key]
        hits = [i for i, item in enumerate(items) if row.before in item.text]
        count = sum(items[i].text.count(row.before) for i in hits)
        if count != 1:
            problems.append(f"CORRECTIONS.md line {row.line}: 'before' {row.before!r} occurs {count} times "
                            f"in the seed items of {row.file} (after the rows above it); it must occur once")
            continue
        old = items[hits[0]]
        new_text = old.text.replace(row.before, row.after)
        items[hits[0]: hits[0] + 1] = [replace(old, text=part) for part in new_text.split(SPLIT_MARK)]
    return Corrected(files.pop("deck"), files, problems)


def expected(number, kind: str) -> list[Item]:
    items = corrected().deck if number == "deck" else corrected().cards[number]
    return [item for item in items if item.kind == kind]


def texts(items: list[Item]) -> list[str]:
    return [item.text for item in items]


def groups(items: list[Item]) -> list[int]:
    return [item.group for item in items]


# --------------------------------------------------------------------------------------------
# The seed parser itself
# --------------------------------------------------------------------------------------------

# counts in the seed as it is (before corrections): challenges, quotes, suggestions, sources
SEED_COUNTS = {1: (2, 2, 16, 6), 2: (2, 2, 16, 6), 3: (2, 2, 12, 7), 4: (2, 2, 15, 8),
               5: (2, 2, 9, 7), 6: (2, 2, 15, 6), 7: (2, 2, 13, 5), 8: (2, 2, 12, 7)}


def test_seed_parser_finds_everything():
    raw = seed()
    assert raw.card_label_count == 8 and sorted(raw.cards) == list(range(1, 9))
    for number, (challenges, quotes, suggestions, sources) in SEED_COUNTS.items():
        items = raw.cards[number]
        found = {kind: len([i for i in items if i.kind == kind])
                 for kind in ("question", "explanation", "attribution", "suggestion", "source",
                              "summary", "suggestions_heading")}
        assert found == {"question": challenges, "explanation": challenges, "attribution": quotes,
                         "suggestion": suggestions, "source": sources, "summary": 1,
                         "suggestions_heading": 1}, f"card {number}: {found}"
    kinds = [item.kind for item in raw.deck]
    assert kinds.count("intro") == 2 and kinds.count("how_to") == 1
    assert kinds.count("overview_title") == 8 and kinds.count("overview_question") == 16


# --------------------------------------------------------------------------------------------
# The deck file
# --------------------------------------------------------------------------------------------

def test_corrections_apply_unambiguously():
    assert not corrected().problems, "\n".join(corrected().problems)


def test_deck_title_subtitle_and_card_label():
    deck = deck_file()
    assert deck["title"] == texts(expected("deck", "title"))[0]
    assert deck["subtitle"] == texts(expected("deck", "subtitle"))[0]
    assert deck["card_label"] == CARD_LABEL


def test_intro_paragraphs():
    intro = deck_file()["intro"]
    for item in expected("deck", "intro"):
        assert item.text in intro, f"deck.yaml intro lacks the seed paragraph of line {item.line}:\n{item.text}"
    for paragraph in intro:
        assert paragraph in texts(expected("deck", "intro")), f"deck.yaml intro paragraph not in the seed:\n{paragraph}"
    assert intro == texts(expected("deck", "intro")), "deck.yaml intro paragraphs are not in the seed's order"


def test_how_to():
    how_to = deck_file()["how_to"]
    assert how_to["heading"] == texts(expected("deck", "how_to_heading"))[0]
    for item in expected("deck", "how_to"):
        assert item.text in how_to["text"], f"deck.yaml how_to.text lacks seed line {item.line}:\n{item.text}"
    assert how_to["text"] == texts(expected("deck", "how_to")), "deck.yaml how_to.text differs from the seed"


def test_no_overview_is_kept_in_deck_yaml():
    assert "overview" not in deck_file(), "the overview is made from the cards; deck.yaml should not repeat it"


def test_the_seeds_overview_titles_are_the_card_titles():
    """The intro card's overview is made from the cards: the seed's overview (corrected) must say
    what the cards say."""
    items = expected("deck", "overview_title")
    assert groups(items) == sorted(card_files()), "the seed's overview does not list the cards in order"
    for item in items:
        _, data = card(item.group)
        assert data["title"] == item.text, f"card {item.group} title differs from the overview (seed line {item.line})"


def test_the_seeds_overview_questions_are_the_card_questions():
    for number in sorted(card_files()):
        _, data = card(number)
        seed_questions = [i.text for i in expected("deck", "overview_question") if i.group == number]
        assert [c["question"] for c in data["challenges"]] == seed_questions, (
            f"card {number}: its challenge questions differ from the seed's overview")


# --------------------------------------------------------------------------------------------
# The cards
# --------------------------------------------------------------------------------------------

CARDS = sorted(seed().cards)


def test_one_card_file_per_seed_card():
    assert sorted(card_files()) == CARDS
    ids = [data["id"] for _, data in card_files().values()]
    assert len(set(ids)) == len(ids), f"card ids are not unique: {ids}"
    for number, (path, data) in card_files().items():
        assert re.fullmatch(r"[a-z0-9-]+", data["id"]), f"{path}: id {data['id']!r} is not a lowercase slug"
        assert Path(path).name.startswith(f"{number:02d}-"), f"{path} should start with {number:02d}-"
        assert list(data) == ["id", "number", "title", "summary", "challenges", "quotes",
                              "suggestions_heading", "suggestions", "sources"], f"{path}: keys {list(data)}"


@pytest.mark.parametrize("number", CARDS)
def test_card_title_and_summary(number):
    path, data = card(number)
    assert data["title"] == texts(expected(number, "title"))[0], f"{path}: title differs from the seed"
    assert data["summary"] == " ".join(texts(expected(number, "summary"))), (
        f"{path}: summary should be:\n{' '.join(texts(expected(number, 'summary')))}")


def assert_same_items(path, found: list[str], seed: list[Item], what: str) -> None:
    """Every seed item is in the YAML, nothing in the YAML is invented, and the order is the seed's."""
    for item in seed:
        assert item.text in found, f"{path}: the {what} of seed line {item.line} is missing:\n{item.text}"
    for text in found:
        assert text in texts(seed), f"{path}: {what} not in the seed:\n{text}"
    assert len(found) == len(seed), f"{path}: {len(found)} {what}s, the seed has {len(seed)}"
    assert found == texts(seed), f"{path}: the {what}s are not in the seed's order"


@pytest.mark.parametrize("number", CARDS)
def test_challenge_questions(number):
    path, data = card(number)
    found = [challenge["question"] for challenge in data["challenges"]]
    assert_same_items(path, found, expected(number, "question"), "challenge question")


@pytest.mark.parametrize("number", CARDS)
def test_challenge_explanations(number):
    path, data = card(number)
    by_question = {challenge["question"]: challenge["text"] for challenge in data["challenges"]}
    for item in expected(number, "explanation"):
        question = expected(number, "question")[item.group].text
        assert by_question.get(question) == item.text, (
            f"{path}: the explanation of {question!r} should be (seed line {item.line}):\n{item.text}")
    assert len(by_question) == len(expected(number, "explanation"))


def seed_quotes(number: int) -> list[tuple[list[Item], Item]]:
    """The card's quotes in the seed: (paragraphs, attribution)."""
    attributions = expected(number, "attribution")
    return [([i for i in expected(number, "quote") if i.group == a.group], a) for a in attributions]


@pytest.mark.parametrize("number", CARDS)
def test_quote_paragraphs(number):
    path, data = card(number)
    yaml_quotes = [quote_paragraphs(quote["text"]) for quote in data["quotes"]]
    for paragraphs, _ in seed_quotes(number):
        for item in paragraphs:
            assert any(item.text in quote for quote in yaml_quotes), (
                f"{path}: the quote paragraph of seed line {item.line} is in none of the quotes:\n{item.text}")
    assert yaml_quotes == [texts(paragraphs) for paragraphs, _ in seed_quotes(number)], (
        f"{path}: quotes are not split into the seed's quotes and paragraphs, in order")


@pytest.mark.parametrize("number", CARDS)
def test_quote_attributions(number):
    path, data = card(number)
    for paragraphs, attribution in seed_quotes(number):
        matching = [q for q in data["quotes"] if quote_paragraphs(q["text"]) == texts(paragraphs)]
        assert matching, f"{path}: no quote reads as seed lines {paragraphs[0].line}-{paragraphs[-1].line}"
        assert matching[0]["source"] == attribution.text, (
            f"{path}: the quote of seed line {paragraphs[0].line} should have source "
            f"{attribution.text!r} (seed line {attribution.line}), not {matching[0]['source']!r}")


@pytest.mark.parametrize("number", CARDS)
def test_quotes_hold_no_invented_text(number):
    path, data = card(number)
    seed_paragraphs = texts(expected(number, "quote"))
    for quote in data["quotes"]:
        assert quote["source"] in texts(expected(number, "attribution")), f"{path}: source not in the seed: {quote['source']!r}"
        for paragraph in quote_paragraphs(quote["text"]):
            assert paragraph in seed_paragraphs, f"{path}: quote paragraph not in the seed:\n{paragraph}"
        assert not quote["text"].startswith(tuple(OPENING_MARKS)), f"{path}: quote keeps its opening mark"
        assert not quote["text"].endswith(tuple(CLOSING_MARKS)), f"{path}: quote keeps its closing mark"
    assert len(data["quotes"]) == len(seed_quotes(number)), f"{path}: number of quotes differs from the seed"


@pytest.mark.parametrize("number", CARDS)
def test_suggestions_heading(number):
    path, data = card(number)
    assert data["suggestions_heading"] == texts(expected(number, "suggestions_heading"))[0], (
        f"{path}: suggestions_heading should be {texts(expected(number, 'suggestions_heading'))[0]!r}")


@pytest.mark.parametrize("number", CARDS)
def test_suggestions(number):
    path, data = card(number)
    assert_same_items(path, data["suggestions"], expected(number, "suggestion"), "suggestion")


@pytest.mark.parametrize("number", CARDS)
def test_sources(number):
    path, data = card(number)
    found = [source["title"] for source in data["sources"]]
    assert_same_items(path, found, expected(number, "source"), "source")
    for source in data["sources"]:
        assert source.get("url", "") == "", f"{path}: the seed gives no web address for {source['title']!r}"


def test_card_label_count_matches_cards():
    assert seed().card_label_count == len(card_files())


# --------------------------------------------------------------------------------------------
# The corrections list cannot go stale
# --------------------------------------------------------------------------------------------

def _row_id(row: Correction) -> str:
    return f"{row.file}:{row.before[:30]}"


@pytest.mark.parametrize("row", corrections(), ids=_row_id)
def test_correction_before_is_in_the_seed(row):
    assert row.before in SEED.read_text(encoding="utf-8"), (
        f"CORRECTIONS.md line {row.line}: 'before' is not in the seed:\n{row.before}")


@pytest.mark.parametrize("row", corrections(), ids=_row_id)
def test_correction_after_is_in_the_content(row):
    path = CONTENT / row.file
    assert path.is_file(), f"CORRECTIONS.md line {row.line}: there is no content file {row.file}"
    values = strings_in(_load(path))
    if row.file == "deck.yaml":  # the seed's deck part holds the overview, which is printed from the cards
        values += [text for _, data in card_files().values()
                   for text in (data["title"], *(c["question"] for c in data["challenges"]))]
    for part in row.after_parts:
        assert any(part in value for value in values), (
            f"CORRECTIONS.md line {row.line}: 'after' is not in {row.file}:\n{part}")
    assert not any(row.before in value for value in values) or row.before in row.after, (
        f"CORRECTIONS.md line {row.line}: {row.file} still has the uncorrected text:\n{row.before}")
