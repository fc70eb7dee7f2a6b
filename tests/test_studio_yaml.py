"""The studio writes YAML back as people wrote it: comments, key order, quoting and line breaks of
every value it did not change stay as they were; what it changes is written like its neighbours."""
import difflib
from pathlib import Path

import pytest
import yaml

from deck.studio.yamledit import DELETE, Moved, updated, value_places

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "content" / "cards").glob("*.yaml")) + [ROOT / "content" / "deck.yaml"] + \
    sorted((ROOT / "layouts").glob("*.yaml"))
CARD = (ROOT / "content" / "cards" / "03-teamleren.yaml").read_text(encoding="utf-8")
COMMENTED = """\
# A card with comments, as a person writes it
id: proef                # short
number: 1
title: "Oude titel"
summary: "Een lange samenvatting die over twee regels loopt, zoals in de echte kaarten van
  dit deck, met de tweede regel ingesprongen."
suggestions:
  # the most important first
  - "Eerste suggestie"
  - "Tweede suggestie, die ook lang is en daarom door de schrijver over twee regels is
    verdeeld."   # keep this one
  - "Derde"
sources:
  - title: "Bron"
    url: ""              # add https://... for a QR code
"""


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_writing_the_same_values_gives_the_same_bytes(path):
    text = path.read_text(encoding="utf-8")
    assert updated(text, yaml.safe_load(text)) == text


def test_a_new_title_changes_only_its_line():
    after = updated(CARD, {"title": "Samen leren"})
    assert changed_lines(CARD, after) == ['-title: "Teamleren en samenwerken bevorderen"', '+title: "Samen leren"']


def test_comments_stay_beside_what_they_are_about():
    after = updated(COMMENTED, {"title": "Nieuwe titel", "summary": "Kort."})
    assert after.startswith("# A card with comments, as a person writes it\nid: proef                # short\n")
    assert 'title: "Nieuwe titel"\nsummary: "Kort."\n' in after
    assert '  # the most important first\n  - "Eerste suggestie"' in after
    assert 'verdeeld."   # keep this one' in after
    assert 'url: ""              # add https://... for a QR code' in after


def test_moved_items_take_their_text_and_comments_along():
    items = yaml.safe_load(COMMENTED)["suggestions"]
    order = [Moved(1, items[1]), Moved(0, items[0]), Moved(None, "Nieuw"), Moved(2, "Derde, anders")]
    after = updated(COMMENTED, {"suggestions": order})
    assert yaml.safe_load(after)["suggestions"] == [items[1], items[0], "Nieuw", "Derde, anders"]
    assert ('  - "Tweede suggestie, die ook lang is en daarom door de schrijver over twee regels is\n'
            '    verdeeld."   # keep this one\n') in after
    assert '  - "Nieuw"\n' in after  # written in the quotes of the items beside it


def test_a_new_item_of_a_group_is_written_like_the_others():
    after = updated(COMMENTED, {"sources": [Moved(0, {"title": "Bron", "url": ""}),
                                            Moved(None, {"title": "Nog een", "url": "https://example.org"})]})
    assert after.endswith('  - title: "Nog een"\n    url: "https://example.org"\n')


def test_paragraphs_become_a_block_and_keys_can_go_or_be_added():
    after = updated(COMMENTED, {"quotes": [{"text": "Eén.\n\nTwee.", "source": "Iemand"}], "sources": DELETE})
    values = yaml.safe_load(after)
    assert values["quotes"] == [{"text": "Eén.\n\nTwee.", "source": "Iemand"}] and "sources" not in values
    assert "  - text: |-\n      Eén.\n\n      Twee.\n" in after


def test_a_new_nested_key_in_a_layout():
    text = "# mine\nextends: default\ncolours:\n  text: '#000000'   # almost black\n"
    after = updated(text, {"colours": {"accent": "#7a1f3d"}, "logo": {"file": "logo.png", "width": "20mm"}})
    assert yaml.safe_load(after) == {"extends": "default", "colours": {"text": "#000000", "accent": "#7a1f3d"},
                                     "logo": {"file": "logo.png", "width": "20mm"}}
    assert after.startswith("# mine\nextends: default\ncolours:\n  text: '#000000'   # almost black\n")


def test_value_places_name_the_value_at_a_line_and_column():
    places = value_places(COMMENTED)
    assert places[(4, 8)] == "title"
    assert places[(9, 5)] == "suggestions.0"
    assert places[(14, 5)] == "sources.0"  # the group as a whole: where a missing key is reported
    assert places[(15, 10)] == "sources.0.url"


def test_a_text_in_a_new_section_is_quoted_as_the_file_quotes_its_texts():
    """A layout that writes its colours in double quotes gets a new section's colour in double
    quotes too (ruamel would write '#7a1f3d')."""
    text = 'description: "Huisstijl"\nextends: default\n'
    assert updated(text, {"colours": {"accent": "#7a1f3d"}}).endswith('colours:\n  accent: "#7a1f3d"\n')
    plain = "description: huisstijl\nextends: default\n"  # (no quoted text to follow: ruamel's own way)
    assert yaml.safe_load(updated(plain, {"colours": {"accent": "#7a1f3d"}}))["colours"] == {"accent": "#7a1f3d"}
