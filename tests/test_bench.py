"""The benchmark reaches into deck's stages; this keeps it working as they change (it times nothing)."""
from bench.inproc import copyfit
from bench.synth import synthetic_cards


def test_the_benchmark_measures_copyfitting_and_its_breakdown():
    result = copyfit(None, 1)
    assert result["faces"] == 18 and len(result["fit"]) == len(result["pass"]) == 1
    assert "breakdown_error" not in result
    assert set(result["breakdown"]) == {"glyphs", "sizes", "spread"}
    assert result["composes"] >= 18


def test_synthetic_decks_are_varied_not_copies():
    cards = synthetic_cards(24)
    assert [card["number"] for card in cards] == list(range(1, 25))
    assert len({(card["title"], card["summary"], tuple(card["suggestions"])) for card in cards}) == 24
