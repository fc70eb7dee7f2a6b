"""deck studio through HTTP (no browser): the token, a card's preview and its problems beside their
fields, saves that keep comments and never write a bad card, conflicts, reordering, a new card, the
brand and its uploads, downloads, and nothing outside the deck folder."""
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image
from starlette.testclient import TestClient

from deck import default_content
from deck.cli import main
from deck.content import load_deck
from deck.copyfit import fit_deck
from deck.errors import DeckError
from deck.studio.app import create_app
from deck.studio.cardform import as_posted
from deck.colours import parse_colour
from deck.layouts import load_layout
from deck.studio.brand import contrasts
from deck.studio.workspace import Workspace

TOKEN, PORT = "test-token", 5001
ORIGIN = f"http://127.0.0.1:{PORT}"
CARD_3 = "03-teamleren"
LOGO = Path(__file__).resolve().parents[1] / "layouts" / "example-brand-logo.png"
DECK_FILE_START = (Path(__file__).resolve().parents[1] / "content" / "deck.yaml").read_text(encoding="utf-8")[:200]


@pytest.fixture
def folder(tmp_path):
    deck = tmp_path / "deck"
    shutil.copytree(default_content(), deck)
    card = deck / "cards" / f"{CARD_3}.yaml"
    text = card.read_text(encoding="utf-8").replace("number: 3\n", "number: 3        # third in the deck\n")
    card.write_text("# Teamleren: checked with the team in May\n" + text, encoding="utf-8")
    return deck


def studio(folder: Path, layout: str | None = None) -> TestClient:
    client = TestClient(create_app(Workspace(folder, layout), TOKEN, PORT), base_url=ORIGIN)
    assert client.get(f"/?token={TOKEN}").status_code == 200  # sets the cookie, then shows the deck
    client.headers["origin"] = ORIGIN
    return client


@pytest.fixture
def client(folder):
    return studio(folder)


def card_form(folder: Path, stem: str = CARD_3, **changes) -> dict:
    values = yaml.safe_load((folder / "cards" / f"{stem}.yaml").read_text(encoding="utf-8"))
    posted = as_posted(values)
    posted["version"] = Workspace(folder).version(folder / "cards" / f"{stem}.yaml")
    posted.update(changes)
    return posted


def problems(answer: dict) -> dict[str, str]:
    return {problem["field"]: problem["message"] for problem in answer["problems"]}


# -- the gate -----------------------------------------------------------------------------------

def test_without_the_token_every_request_is_refused(folder):
    client = TestClient(create_app(Workspace(folder), TOKEN, PORT), base_url=ORIGIN)
    for path in ("/", f"/card/{CARD_3}", "/brand", "/print/deck", "/static/studio.css"):
        assert client.get(path).status_code == 403, path
    assert client.get("/?token=wrong").status_code == 403
    assert client.post(f"/card/{CARD_3}/save", data={}, headers={"origin": ORIGIN}).status_code == 403
    welcome = client.get(f"/card/{CARD_3}?token={TOKEN}", follow_redirects=False)
    assert welcome.status_code == 303 and welcome.headers["location"] == f"/card/{CARD_3}"
    assert "HttpOnly" in welcome.headers["set-cookie"] and "SameSite=Strict" in welcome.headers["set-cookie"]
    assert client.get(f"/card/{CARD_3}").status_code == 200  # the cookie from now on


def test_other_hosts_and_other_sites_pages_are_refused(client):
    assert client.get("/", headers={"host": f"evil.example:{PORT}"}).status_code == 403
    foreign = client.post(f"/card/{CARD_3}/preview", data={}, headers={"origin": "https://evil.example"})
    assert foreign.status_code == 403


# -- a card -------------------------------------------------------------------------------------

def test_the_preview_follows_an_edit_with_new_faces_and_the_body_size(client, folder):
    before = client.post(f"/card/{CARD_3}/preview", data=card_form(folder)).json()
    after = client.post(f"/card/{CARD_3}/preview", data=card_form(folder, title="Samen leren werkt")).json()
    assert before["problems"] == after["problems"] == []
    assert before["faces"]["front"] != after["faces"]["front"]  # the title is on both faces
    (fitted,) = fit_deck(load_deck(folder), load_layout("default"), only=3)
    assert before["body"] == after["body"] == {"front": fitted.front.body, "back": fitted.back.body}
    image = client.get(after["faces"]["front"])
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(image.content)) as face:
        assert face.size == (728, 1020)  # A5 with 3 mm bleed at the preview's 120 dpi: 154 x 216 mm, rounded
    assert "Samen leren werkt" not in (folder / "cards" / f"{CARD_3}.yaml").read_text(encoding="utf-8")


def test_problems_stand_beside_the_fields_they_come_from(client, folder):
    posted = card_form(folder, summary="", **{"sources.1.url": "www.example.org", "challenges.0.question": "Hoe 🙂?"})
    found = problems(client.post(f"/card/{CARD_3}/preview", data=posted).json())
    assert found["summary"] == "This is empty; write a piece of text here"  # the form's words, not YAML's
    none = {key: value for key, value in card_form(folder).items() if not key.startswith("challenges.")}
    assert problems(client.post(f"/card/{CARD_3}/preview", data=none).json())["challenges"] == \
        "This list needs at least one item"
    assert found["sources.1.url"].startswith("'www.example.org' needs https:// in front")  # no YAML key first
    glyph = problems(client.post(f"/card/{CARD_3}/preview", data=card_form(
        folder, **{"challenges.0.question": "Hoe 🙂?"})).json())
    assert "U+1F642" in glyph["challenges.0.question"]
    longer = card_form(folder)
    for index in range(12, 40):
        longer[f"suggestions.{index}"] = "Nog een suggestie die de achterkant van deze kaart te vol maakt."
    too_long = problems(client.post(f"/card/{CARD_3}/preview", data=longer).json())
    assert too_long["back"].endswith("mm too long at 8 pt; shorten its texts, or choose a larger card on the Brand "
                                     "page")  # (no minimum size to lower in the studio)


def test_a_save_writes_the_card_keeping_its_comments(client, folder):
    path = folder / "cards" / f"{CARD_3}.yaml"
    before = path.read_text(encoding="utf-8")
    answer = client.post(f"/card/{CARD_3}/save", data=card_form(folder, title="Samen leren werkt"))
    assert answer.status_code == 200, answer.text
    after = path.read_text(encoding="utf-8")
    assert after == before.replace('title: "Teamleren en samenwerken bevorderen"', 'title: "Samen leren werkt"')
    assert answer.json()["version"] == Workspace(folder).version(path)
    assert load_deck(folder).find("3").title == "Samen leren werkt"


def test_an_invalid_edit_is_never_written(client, folder):
    path = folder / "cards" / f"{CARD_3}.yaml"
    before = path.read_bytes()
    answer = client.post(f"/card/{CARD_3}/save", data=card_form(folder, title="", id="Teamleren!"))
    assert answer.status_code == 422
    assert {"title", "id"} <= set(problems(answer.json()))
    assert path.read_bytes() == before


def test_two_tabs_editing_one_card_do_not_overwrite_each_other(client, folder):
    path = folder / "cards" / f"{CARD_3}.yaml"
    first, second = card_form(folder, title="Eerste tab"), card_form(folder, title="Tweede tab")
    assert client.post(f"/card/{CARD_3}/save", data=first).status_code == 200
    clash = client.post(f"/card/{CARD_3}/save", data=second)
    assert clash.status_code == 409 and "changed elsewhere" in clash.json()["message"]
    assert "Eerste tab" in path.read_text(encoding="utf-8")


def test_list_items_can_be_added_removed_and_moved(client, folder):
    posted = card_form(folder)
    first, second = posted["challenges.0.question"], posted["challenges.1.question"]
    for part in ("question", "text", "origin"):  # swap the two challenges, as the page does
        posted[f"challenges.0.{part}"], posted[f"challenges.1.{part}"] = \
            posted[f"challenges.1.{part}"], posted[f"challenges.0.{part}"]
    del posted["quotes.1.text"], posted["quotes.1.source"], posted["quotes.1.origin"]
    posted.update({"suggestions.12": "Een nieuwe suggestie.", "suggestions.12.origin": ""})
    assert client.post(f"/card/{CARD_3}/save", data=posted).status_code == 200
    card = load_deck(folder).find("3")
    assert [c.question for c in card.challenges] == [second, first]
    assert len(card.quotes) == 1 and card.suggestions[-1] == "Een nieuwe suggestie."


def test_a_new_card_is_saved_as_a_new_file(client, folder):
    posted = {"number": "9", "version": "", "id": "nieuw", "title": "Een nieuwe kaart",
              "summary": "Waar deze kaart over gaat.", "challenges.0.question": "Wat?",
              "challenges.0.text": "Zo.", "challenges.0.origin": "", "suggestions_heading": "Suggesties",
              "suggestions.0": "Doe het.", "suggestions.0.origin": ""}
    assert client.get("/card/new").status_code == 200
    answer = client.post("/card/new/save", data=posted)
    assert answer.status_code == 200, answer.text
    assert answer.json()["stem"] == "09-nieuw"
    assert load_deck(folder).find("9").title == "Een nieuwe kaart"
    again = client.post("/card/new/save", data=posted)
    assert again.status_code == 422  # the id (and number) are taken now: nothing is overwritten


def test_text_pasted_from_a_word_processor_is_saved_as_the_card_needs_it(client, folder):
    """Quote marks typed around a quote come off (the card sets its own), and a bulleted list pasted
    into one suggestion becomes that many suggestions; the answer says so, and the page reloads."""
    posted = card_form(folder)
    count = sum(1 for name in posted if re.fullmatch(r"suggestions\.\d+", name))
    posted["quotes.0.text"] = "“Samen leren werkt.\r\n\r\nOok in ons team.”"
    posted["suggestions.0"] = "•\tReserveer een vast leeruur.\r\n•\tDeel wat je leerde.\r\n• Maak een leerplan."
    answer = client.post(f"/card/{CARD_3}/save", data=posted)
    assert answer.status_code == 200, answer.text
    assert answer.json()["tidied"] is True
    assert answer.json()["message"] == ("Saved; took the quote marks off quote 1 (the card sets its own); made 3 "
                                        "suggestions of the list pasted into suggestion 1")
    card = load_deck(folder).find("3")
    assert card.quotes[0].paragraphs == ("Samen leren werkt.", "Ook in ons team.")
    assert card.suggestions[:3] == ("Reserveer een vast leeruur.", "Deel wat je leerde.", "Maak een leerplan.")
    assert len(card.suggestions) == count + 2
    # a quote that only opens and closes with quoted words of its own keeps them; plain text is untouched,
    # paragraphs apart by more than one blank line too
    for text in ("\"Ja,\" zei ze, \"graag.\"", "Een alinea.\r\n \r\n\r\nNog een."):
        answer = client.post(f"/card/{CARD_3}/save", data=card_form(folder, **{"quotes.0.text": text}))
        assert answer.status_code == 200 and "tidied" not in answer.json(), answer.text


def test_a_deleted_card_leaves_the_deck_its_file_kept_and_the_cards_after_it_renumbered(client, folder):
    original = (folder / "cards" / f"{CARD_3}.yaml").read_bytes()
    version = Workspace(folder).version(folder / "cards" / f"{CARD_3}.yaml")
    stale = client.post(f"/card/{CARD_3}/delete", data={"version": "an older one"})
    assert stale.status_code == 409 and "nothing was deleted" in stale.json()["message"]
    assert (folder / "cards" / f"{CARD_3}.yaml").read_bytes() == original and not (folder / "deleted").exists()
    answer = client.post(f"/card/{CARD_3}/delete", data={"version": version})
    assert answer.status_code == 200, answer.text
    assert answer.json()["message"] == ("Card 3 is out of the deck and kept as deleted/03-teamleren.yaml; Put back, "
                                        "below the cards, brings it back.")
    assert (folder / "deleted" / f"{CARD_3}.yaml").read_bytes() == original
    assert not (folder / "cards" / f"{CARD_3}.yaml").exists()
    deck = load_deck(folder)
    assert [card.number for card in deck.cards] == list(range(1, 8))
    assert deck.find("3").path.name.startswith("04-")  # the next card moved up; its file keeps its name
    assert "number: 3\n" in deck.find("3").path.read_text(encoding="utf-8")
    # a second card deleted under a name already kept: kept beside it, never over it
    (folder / "deleted" / f"{deck.find('3').path.name}").write_text("mine", encoding="utf-8")
    stem = deck.find("3").path.stem
    assert client.post(f"/card/{stem}/delete", data={"version": Workspace(folder).version(deck.find("3").path)}
                       ).status_code == 200
    assert (folder / "deleted" / f"{stem}.yaml").read_text(encoding="utf-8") == "mine"
    assert (folder / "deleted" / f"{stem}-2.yaml").exists() and len(load_deck(folder).cards) == 6
    assert client.post("/card/99-nothing/delete", data={"version": ""}).status_code == 422


def intro_form(client) -> dict:
    """The intro page's fields as the browser posts them unchanged."""
    import html

    page = client.get("/intro").text
    fields = {name: html.unescape(value) for name, value in re.findall(r'<input name="([^"]+)" value="([^"]*)"', page)}
    fields.update((name, html.unescape(value)) for name, value in
                  re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S))
    fields["version"] = re.search(r'name="version" value="([^"]+)"', page).group(1)
    return fields


def test_the_intro_page_edits_deck_yaml_as_a_card_page_edits_a_card(client, folder):
    """The deck's title, subtitle, publisher, intro texts and hyphenation list, without a text
    editor: an unchanged save leaves the file byte for byte, an edit changes only its own lines."""
    deck_file = folder / "deck.yaml"
    before = deck_file.read_text(encoding="utf-8")
    posted = intro_form(client)
    assert posted["title"] == "Ontwikkelkaarten" and posted["intro"].count("\n\n") == 1
    answer = client.post("/intro/save", data=posted)
    assert answer.status_code == 200 and deck_file.read_text(encoding="utf-8") == before
    posted.update(version=answer.json()["version"], subtitle="Een nieuwe ondertitel",
                  intro="Eerste alinea,\r\nover twee regels.\r\n\r\nTweede alinea.", hyphenation="werk-nemers\r\n")
    preview = client.post("/intro/preview", data=posted).json()
    assert preview["problems"] == [] and preview["faces"]["front"].startswith("/face/")
    assert client.post("/intro/save", data=posted).status_code == 200
    deck = load_deck(folder)
    assert deck.subtitle == "Een nieuwe ondertitel" and deck.intro == ("Eerste alinea, over twee regels.",
                                                                       "Tweede alinea.")
    assert deck.hyphenation == ("werk-nemers",)
    after = deck_file.read_text(encoding="utf-8")
    assert after.split("\nintro:")[0].replace("Een nieuwe ondertitel", "Leidinggeven aan een lerende organisatie, "
                                                "hoe doe je dat?") == before.split("\nintro:")[0]
    assert after.split("how_to:")[1] == before.split("how_to:")[1] + "hyphenation:\n  - werk-nemers\n"


@pytest.mark.parametrize("change, field, said", [
    ({"title": ""}, "title", "This is empty"),
    ({"hyphenation": "werk-nemers\nx-y"}, "hyphenation", ""),
    ({"intro": "Een tekst. " * 400}, "front", "too long"),
])
def test_a_problem_on_the_intro_page_is_shown_beside_its_field_and_nothing_is_saved(client, folder, change, field,
                                                                                   said):
    before = (folder / "deck.yaml").read_bytes()
    answer = client.post("/intro/save", data={**intro_form(client), **change})
    assert answer.status_code == 422
    problems = {problem["field"]: problem["message"] for problem in answer.json()["problems"]}
    assert field in problems and said in problems[field], problems
    assert (folder / "deck.yaml").read_bytes() == before


@pytest.mark.parametrize("written, said", [
    ('title: ""\n', "This is empty"),  # a problem the page mends: typing a title
    ("title: Ontwikkelkaarten\nsubtitel: x\n", "subtitel"),  # a key the page does not show
])
def test_the_intro_page_mends_a_deck_file_that_has_a_problem_now(client, folder, written, said):
    """The deck's own deck.yaml may have the very problem the page is used to mend: the form is
    checked as it would be saved, not against the file as it is."""
    deck_file = folder / "deck.yaml"
    text = deck_file.read_text(encoding="utf-8")
    deck_file.write_text(re.sub(r'^title: .*\n', written, text, count=1, flags=re.M), encoding="utf-8")
    posted = intro_form(client)
    first = client.post("/intro/preview", data=posted).json()["problems"]
    assert any(said in problem["message"] for problem in first), first
    if said == "This is empty":
        answer = client.post("/intro/save", data={**posted, "title": "Ontwikkelkaarten"})
        assert answer.status_code == 200, answer.text
        assert load_deck(folder).title == "Ontwikkelkaarten"


@pytest.mark.parametrize("written", ["title: [niet gesloten\n", "- een lijst\n", b"title: \xff\xfe\n"])
def test_a_deck_file_the_intro_page_cannot_read_is_told_not_a_server_error(client, folder, written):
    deck_file = folder / "deck.yaml"
    (deck_file.write_bytes if isinstance(written, bytes) else lambda t: deck_file.write_text(t, "utf-8"))(written)
    page = client.get("/intro")
    assert page.status_code in (200, 422) and "Traceback" not in page.text
    if page.status_code == 200:
        assert "deck.yaml" in page.text
    else:
        assert "UTF-8" in page.text


def test_a_paragraph_list_written_as_one_text_is_shown_as_it_is(client, folder):
    deck_file = folder / "deck.yaml"
    text = deck_file.read_text(encoding="utf-8")
    deck_file.write_text(text.split("\nintro:")[0] + '\nintro: "Een tekst."\n', encoding="utf-8")
    assert intro_form(client)["intro"] == "Een tekst."


def test_an_emptied_subtitle_typed_again_comes_back_under_the_title(client, folder):
    deck_file = folder / "deck.yaml"
    before = deck_file.read_text(encoding="utf-8")
    posted = intro_form(client)
    answer = client.post("/intro/save", data={**posted, "subtitle": ""})
    assert answer.status_code == 200 and "\nsubtitle:" not in deck_file.read_text(encoding="utf-8")
    subtitle = posted["subtitle"]
    answer = client.post("/intro/save", data={**posted, "version": answer.json()["version"]})
    assert answer.status_code == 200
    assert deck_file.read_text(encoding="utf-8") == before  # (its own line again, under the title)
    assert subtitle in before


def test_an_intro_save_over_a_deck_file_changed_elsewhere_is_refused(client, folder):
    posted = intro_form(client)
    (folder / "deck.yaml").write_text((folder / "deck.yaml").read_text(encoding="utf-8") + "# edited\n",
                                      encoding="utf-8")
    answer = client.post("/intro/save", data={**posted, "subtitle": "Anders"})
    assert answer.status_code == 409 and "changed elsewhere" in answer.json()["message"]
    assert (folder / "deck.yaml").read_text(encoding="utf-8").endswith("# edited\n")


def test_the_brand_page_says_what_the_command_line_warns_of_in_its_own_words(client):
    """More cards than band colours: said under the preview, as deck check warns of it; a card
    size too small: advice the page can follow, not a layout key it does not show."""
    fields = {name: value for name, value in brand_form(client).items()
              if not re.fullmatch(r"colours\.bands\.[3-9]", name)}
    answer = client.post("/brand/preview", data=fields).json()
    assert answer["problems"] == [] and answer["summary"].endswith(
        "The deck has 8 cards and 3 band colours: deck chose the colours of cards 4 to 8, in the brand's tone; add "
        "band colours to choose them yourself.")
    answer = client.post("/brand/preview", data={**brand_form(client), "card.size": "poker"}).json()
    messages = [problem["message"] for problem in answer["problems"]]
    assert messages and all("choose a larger card size here, or shorten the card's texts on its page" in message
                            and "type.body_min" not in message for message in messages if "too long" in message)


def test_a_card_changed_elsewhere_is_overwritten_only_when_the_user_says_so(client, folder):
    path = folder / "cards" / f"{CARD_3}.yaml"
    posted = card_form(folder, title="Samen leren, versie B")
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "# tab A was here\ntitle:", 1), encoding="utf-8")
    assert client.post(f"/card/{CARD_3}/save", data=posted).status_code == 409
    assert "# tab A was here" in path.read_text(encoding="utf-8")
    answer = client.post(f"/card/{CARD_3}/save", data={**posted, "overwrite": "yes"})
    assert answer.status_code == 200 and load_deck(folder).find("3").title == "Samen leren, versie B"


def test_a_deleted_card_is_put_back_at_its_number_and_the_deck_still_builds(client, folder):
    """The second pass tried the old advice (move the file back into cards/): two cards numbered 3,
    and a deck the studio could not show. Put back numbers the cards from there on one higher."""
    def delete(stem):
        path = folder / "cards" / f"{stem}.yaml"
        answer = client.post(f"/card/{stem}/delete", data={"version": Workspace(folder).version(path)})
        assert answer.status_code == 200, answer.text
    delete(CARD_3)
    delete("08-voorwaarden")  # (then one more: the deck has 6 cards when card 3 comes back)
    page = client.get("/").text
    assert 'data-put-back="03-teamleren.yaml"' in page and "Teamleren en samenwerken bevorderen" in page
    answer = client.post("/deleted/03-teamleren.yaml/back")
    assert answer.status_code == 200 and answer.json()["message"].startswith("The card is back as card 3")
    deck = load_deck(folder)
    assert [card.number for card in deck.cards] == list(range(1, 8)) and deck.find("3").id == "teamleren"
    assert not (folder / "deleted" / f"{CARD_3}.yaml").exists()
    # a card comes back at the number it had when it was deleted (7: card 3 was out then)
    assert client.post("/deleted/08-voorwaarden.yaml/back").json()["message"] == (
        "The card is back as card 7 (08-voorwaarden.yaml); the cards after it moved down one.")
    assert [card.number for card in load_deck(folder).cards] == list(range(1, 9))
    for name in ("../deck.yaml", "nothing.yaml", "%2e%2e%2fcards%2f01-gedeelde-visie.yaml"):
        assert client.post(f"/deleted/{name}/back").status_code in (404, 422), name


def test_the_decks_only_card_is_not_deleted(tmp_path):
    folder = tmp_path / "mijn-deck"
    assert CliRunner().invoke(main, ["new", str(folder)]).exit_code == 0
    client = studio(folder)
    first = sorted((folder / "cards").glob("*.yaml"))[0]
    assert client.post(f"/card/{first.stem}/delete", data={"version": Workspace(folder).version(first)}
                       ).status_code == 200
    only = sorted((folder / "cards").glob("*.yaml"))[0]
    answer = client.post(f"/card/{only.stem}/delete", data={"version": Workspace(folder).version(only)})
    assert answer.status_code == 422 and "the deck's only card" in answer.json()["message"]
    assert only.exists()


def test_a_delete_that_cannot_renumber_the_cards_after_it_leaves_the_deck_as_it_was(client, folder, monkeypatch):
    from deck import files

    before = {path.name: path.read_bytes() for path in (folder / "cards").iterdir()}
    version = Workspace(folder).version(folder / "cards" / f"{CARD_3}.yaml")

    def full(*args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(files.os, "fsync", full)  # (writing the renumbered files; the move itself syncs nothing)
    answer = client.post(f"/card/{CARD_3}/delete", data={"version": version})
    assert answer.status_code == 422 and "the disk is full" in answer.json()["message"]
    assert {path.name: path.read_bytes() for path in (folder / "cards").iterdir()} == before
    assert list((folder / "deleted").iterdir()) == []


def test_a_delete_where_deleted_is_a_file_is_told(client, folder):
    (folder / "deleted").write_text("mine", encoding="utf-8")
    version = Workspace(folder).version(folder / "cards" / f"{CARD_3}.yaml")
    answer = client.post(f"/card/{CARD_3}/delete", data={"version": version})
    assert answer.status_code == 422 and "cannot move it to deleted/" in answer.json()["message"]
    assert (folder / "cards" / f"{CARD_3}.yaml").exists() and (folder / "deleted").read_text(encoding="utf-8") == "mine"


def test_a_source_date_deck_cannot_write_is_told_by_the_studio_too(client, folder, monkeypatch):
    """reportlab reads SOURCE_DATE_EPOCH where a PDF is begun: the studio's previews say what is
    wrong with it, as the commands do, instead of a server error."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    answer = client.post(f"/card/{CARD_3}/preview", data=card_form(folder))
    assert answer.status_code == 422 and answer.text.startswith("SOURCE_DATE_EPOCH is 'abc'")


@pytest.mark.parametrize("pasted, items", [
    ("1.\tMaak een kopie.\r\n2.\tGeef het een nummer.", ["Maak een kopie.", "Geef het een nummer."]),
    ("o\tEen.\r\no\tTwee.", ["Een.", "Twee."]),  # (Word's second level)
    ("\uf0b7\tEen.\r\n\uf0b7\tTwee.", ["Een.", "Twee."]),  # (Symbol's bullet, a private-use character)
    ("a)\tEen.\r\nb)\tTwee.", ["Een.", "Twee."]),
    ("•\tEen item dat\r\nverder loopt.\r\n•\tTwee.", ["Een item dat verder loopt.", "Twee."]),
])
def test_a_list_pasted_from_word_in_any_of_its_marks_becomes_suggestions(client, folder, pasted, items):
    answer = client.post(f"/card/{CARD_3}/save", data=card_form(folder, **{"suggestions.0": pasted}))
    assert answer.status_code == 200 and answer.json()["message"].startswith("Saved; made 2 suggestions"), answer.text
    assert list(load_deck(folder).find("3").suggestions[:2]) == items


def test_a_card_size_too_small_is_answered_with_the_smallest_that_holds_the_texts(client):
    answer = client.post("/brand/preview", data={**brand_form(client), "card.size": "a6"}).json()
    said = {problem["message"] for problem in answer["problems"] if problem["field"] == "card.size"}
    assert "Every card's texts fit on a5 (148 × 210 mm), the smallest of the card sizes a5, a6, tarot, poker, " \
           "square that holds them." in said


def test_a_new_cards_page_knows_the_ids_taken(client):
    page = client.get("/card/new").text
    taken = re.search(r'data-taken="([^"]*)"', page).group(1).split()
    assert "teamleren" in taken and len(taken) == 8
    assert re.search(r'data-taken=""', client.get(f"/card/{CARD_3}").text)


def test_reordering_renumbers_the_cards(client, folder):
    page = client.get("/")
    assert page.status_code == 200
    versions = {f"version.{p.name}": Workspace(folder).version(p) for p in sorted((folder / "cards").glob("*.yaml"))}
    names = sorted(p.name for p in (folder / "cards").glob("*.yaml"))
    order = [names[2], *names[:2], *names[3:]]
    answer = client.post("/order", data={"order": order, **versions})
    assert answer.status_code == 200, answer.text
    deck = load_deck(folder)
    assert [card.path.name for card in deck.cards] == order
    assert [card.number for card in deck.cards] == list(range(1, 9))
    assert "# third in the deck" in (folder / "cards" / names[2]).read_text(encoding="utf-8")
    stale = client.post("/order", data={"order": names, **versions})
    assert stale.status_code == 409


# -- the brand ----------------------------------------------------------------------------------

def brand_form(client) -> dict:
    """The brand page's text fields as the browser would post them unchanged (the selects are left
    out: a field not posted keeps its value)."""
    page = re.sub(r"<template>.*?</template>", "", client.get("/brand").text, flags=re.S)  # a browser sends none
    fields = dict(re.findall(r'<input (?:type="hidden" )?name="([^"]+)" value="([^"]*)"', page))
    assert {"colours.bands.7", "card.size", "version", "deck_version"} <= set(fields)
    return fields


def test_a_brand_edit_makes_the_decks_own_layout_with_only_what_changed(client, folder):
    posted = {**brand_form(client), "colours.text": "#000000", "colours.bands.2": "#b5541a"}
    preview = client.post("/brand/preview", data=posted).json()
    assert preview["problems"] == [] and preview["faces"]
    assert preview["summary"] == "Every card fits: body text 8.9 to 9.2 pt."
    assert preview["contrast"][0] == {"label": "Text on paper", "field": "colours.text", "ratio": 21.0, "goal": 4.5,
                                      "fore": "#000000",
                                      "back": "#ffffff", "ok": True}
    answer = client.post("/brand/save", data=posted)
    assert answer.status_code == 200, answer.text
    layout_file = folder / "layout.yaml"
    values = yaml.safe_load(layout_file.read_text(encoding="utf-8"))
    assert values["extends"] == "default"
    assert set(values) == {"description", "extends", "colours"}
    assert values["colours"]["text"] == "#000000" and values["colours"]["bands"][2] == "#b5541a"
    assert "text" in values["colours"] and "background" not in values["colours"]
    assert "  bands:\n    - '#1f6f8b'\n" in layout_file.read_text(encoding="utf-8")  # lists as deck writes them
    deck_file = (folder / "deck.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(deck_file)["layout"] == "layout.yaml" and deck_file.startswith(DECK_FILE_START)
    check = CliRunner().invoke(main, ["check", "--content", str(folder)])
    assert check.exit_code == 0, check.output
    assert Workspace(folder).layout_name == str(layout_file)  # every command and the next studio use it
    again = client.post("/brand/save", data={**brand_form(client), "colours.text": "#111111"})
    assert again.status_code == 200, again.text  # the second save edits layout.yaml; deck.yaml stays
    assert yaml.safe_load(layout_file.read_text(encoding="utf-8"))["colours"]["text"] == "#111111"
    assert (folder / "deck.yaml").read_text(encoding="utf-8") == deck_file


def test_a_deck_made_with_deck_new_is_branded_in_its_own_layout_file(tmp_path):
    folder = tmp_path / "mijn-deck"
    assert CliRunner().invoke(main, ["new", str(folder)]).exit_code == 0
    deck_file = (folder / "deck.yaml").read_text(encoding="utf-8")
    own = folder / yaml.safe_load(deck_file)["layout"]
    before = own.read_text(encoding="utf-8")
    client = studio(folder)
    answer = client.post("/brand/save", data={**brand_form(client), "colours.accent": "#7a1f3d"})
    assert answer.status_code == 200, answer.text
    after = own.read_text(encoding="utf-8")
    assert yaml.safe_load(after)["colours"]["accent"] == "#7a1f3d"
    # its comments stay, but for the section's name, set where the file showed it commented out, with
    # the new setting under it and the section's commented settings after
    assert [line for line in after.splitlines() if line.startswith("#")] == \
        [line for line in before.splitlines() if line.startswith("#") and line != "# colours:"]
    assert after.index("\ncolours:\n  accent: '#7a1f3d'\n#   # The band at the top") < after.index("\n# fonts:")
    # so the file's own advice still works: a commented setting of that section, its "# " taken off
    uncommented = after.replace('\n#   muted: "#5f5f5f"\n', '\n  muted: "#5f5f5f"\n')
    assert yaml.safe_load(uncommented)["colours"] == {"accent": "#7a1f3d", "muted": "#5f5f5f"}
    # and a setting the studio adds to the section later goes under the first, not to the file's end
    answer = client.post("/brand/save", data={**brand_form(client), "colours.accent": "#7a1f3d",
                                              "colours.text": "#111111", "version": answer.json()["version"]})
    assert answer.status_code == 200, answer.text
    assert "\ncolours:\n  accent: '#7a1f3d'\n  text: '#111111'\n#   # The band" in own.read_text(encoding="utf-8")
    assert (folder / "deck.yaml").read_text(encoding="utf-8") == deck_file and not (folder / "layout.yaml").exists()


def test_a_bad_brand_value_is_shown_and_not_saved(client, folder):
    posted = {**brand_form(client), "colours.accent": "tealish", "card.size": "a6"}
    answer = client.post("/brand/save", data=posted)
    assert answer.status_code == 422
    assert "colour" in problems(answer.json())["colours.accent"]
    assert not (folder / "layout.yaml").exists()
    small = client.post("/brand/preview", data={**brand_form(client), "card.size": "a6"}).json()
    assert any("mm too long" in problem["message"] for problem in small["problems"])
    # each names its card, not the file and line the command line gives: the brand page edits no card
    # (first, beside the card size, the smallest size that holds the texts)
    assert small["problems"][0]["message"].startswith("Every card's texts fit on a5")
    assert all(re.match(r"(card \d+ \(.*\)|the intro card), (front|back): [\d.]+ mm too long", problem["message"])
               for problem in small["problems"][1:]), small["problems"]


def test_a_logo_upload_is_checked_stored_beside_the_layout_and_saved(client, folder):
    logo = client.post("/brand/upload", data={**brand_form(client), "kind": "logo"},
                       files={"file": ("Our Logo.png", LOGO.read_bytes(), "image/png")})
    assert logo.status_code == 200, logo.text
    assert logo.json()["name"] == "Our-Logo.png" and (folder / "Our-Logo.png").read_bytes() == LOGO.read_bytes()
    posted = {**brand_form(client), "logo.file": "Our-Logo.png", "logo.width": "20mm"}
    assert client.post("/brand/save", data=posted).status_code == 200
    assert load_layout(str(folder / "layout.yaml")).logo.file.path == folder / "Our-Logo.png"
    assert Workspace(folder).layout().logo.file.path == folder / "Our-Logo.png"  # deck.yaml names the layout


def test_uploads_that_are_not_fonts_or_too_large_leave_nothing_behind(client, folder):
    before = sorted(os.listdir(folder))
    fake = client.post("/brand/upload", data={**brand_form(client), "kind": "regular"},
                       files={"file": ("Nice.ttf", b"not a font at all", "font/ttf")})
    assert fake.status_code == 422 and fake.json()["message"].startswith("Nice.ttf is not a font file")
    huge = client.post("/brand/upload", data={"kind": "logo"},
                       files={"file": ("big.png", b"0" * (21 * 1024 * 1024), "image/png")})
    assert huge.status_code == 413
    escape = client.post("/brand/upload", data={**brand_form(client), "kind": "logo"},
                         files={"file": ("../../escape.png", LOGO.read_bytes(), "image/png")})
    assert escape.status_code == 200 and escape.json()["name"] == "escape.png"
    assert not (folder.parent / "escape.png").exists() and not (folder.parent.parent / "escape.png").exists()
    assert sorted(os.listdir(folder)) == sorted(before + ["escape.png"])


def test_the_contrast_table_is_deck_s_own_measure_of_the_palette(tmp_path):
    rows = {row["label"]: row for row in contrasts(load_layout("default"))}
    assert list(rows)[:3] == ["Text on paper", "Sources and footer on paper", "Intro card band"]
    assert [label for label in rows if label.startswith("Band ")] == [f"Band {n}" for n in range(1, 9)]
    assert rows["Text on paper"]["ratio"] == 15.9 and rows["Text on paper"]["ok"]
    pale = tmp_path / "pale.yaml"
    pale.write_text("extends: default\ncolours:\n  bands: '#9fd3e6'\n  accent: '#c0c0c0'\n", encoding="utf-8")
    rows = {row["label"]: row for row in contrasts(load_layout(str(pale)))}
    assert not rows["Band"]["ok"] and rows["Band"]["goal"] == 4.5  # white text on a pale band
    assert not rows["Accent headings on paper"]["ok"] and rows["Accent headings on paper"]["goal"] == 3.0
    assert rows["Band"]["back"] == "#9fd3e6" and parse_colour(rows["Band"]["fore"]).values == (1.0, 1.0, 1.0)


# -- printing -----------------------------------------------------------------------------------

def test_downloads_are_the_tools_own_pdfs_and_images(client):
    deck = client.get("/print/deck?sheet=a3&mode=duplex&flip=short")
    assert deck.status_code == 200 and deck.content.startswith(b"%PDF")
    # named as the command line names them, so that two downloads never take the same name
    assert 'attachment; filename="ontwikkelkaarten-a3-short-edge.pdf"' == deck.headers["content-disposition"]
    single = client.get("/print/deck?mode=single&layout=print-shop-a3")
    assert 'filename="ontwikkelkaarten-print-shop-a3-single.pdf"' in single.headers["content-disposition"]
    card = client.get("/print/card?card=3&bleed=no")
    assert card.status_code == 200 and card.content.startswith(b"%PDF")
    assert 'filename="ontwikkelkaart-3-no-bleed.pdf"' in card.headers["content-disposition"]
    images = zipfile.ZipFile(io.BytesIO(client.get("/print/png?card=3").content))
    assert sorted(images.namelist()) == ["ontwikkelkaart-3-back.png", "ontwikkelkaart-3-front.png"]
    # the bleed box unticked: trimmed images, as deck card 3 --png --no-bleed (it sent them with bleed)
    trimmed = zipfile.ZipFile(io.BytesIO(client.get("/print/png?card=3&bleed=no").content))
    assert sorted(trimmed.namelist()) == ["ontwikkelkaart-3-no-bleed-back.png", "ontwikkelkaart-3-no-bleed-front.png"]
    assert client.get("/print/deck?layout=/etc/passwd").status_code == 422


def test_a_print_shops_file_carries_the_decks_own_brand(tmp_path):
    """The print page offers the deck's own layout as PDF/X-1a: the shop's file in the deck's card
    size, fonts and colours (separated to CMYK), from a layout written beside deck.yaml once, as
    the command line would use it."""
    import pypdf

    folder = tmp_path / "werkvormen"
    assert CliRunner().invoke(main, ["new", str(folder)]).exit_code == 0
    client = studio(folder)
    answer = client.post("/brand/save", data={**brand_form(client), "card.size": "a6",
                                              "colours.accent": "#7a1f3d"})
    assert answer.status_code == 200, answer.text
    page = client.get("/print").text
    assert 'value="huisstijl-print-shop.yaml"' in page and "for a print shop (PDF/X-1a, CMYK)" in page
    # the picture on the page, with that choice, writes nothing: only a download makes the layout
    picture = client.get("/print/sheet?mode=single&layout=huisstijl-print-shop.yaml")
    assert picture.status_code == 200 and picture.content.startswith(b"\x89PNG")
    assert not (folder / "huisstijl-print-shop.yaml").exists()
    shop = client.get("/print/deck?mode=single&layout=huisstijl-print-shop.yaml")
    assert shop.status_code == 200, shop.text
    assert 'filename="werkvormen-huisstijl-print-shop-single.pdf"' in shop.headers["content-disposition"]
    written = (folder / "huisstijl-print-shop.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(written) == {"extends": "huisstijl.yaml", "print": {"pdfx": "x-1a",
                                                                              "output_condition": "FOGRA39"}}
    pdf = pypdf.PdfReader(io.BytesIO(shop.content))
    assert pdf.trailer["/Root"]["/OutputIntents"][0]["/S"] == "/GTS_PDFX"
    trim = [float(v) for v in pdf.pages[0].trimbox]
    assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx((105 * 72 / 25.4, 148 * 72 / 25.4), abs=0.01)
    content = b"".join(page.get_contents().get_data() for page in pdf.pages[:3])
    assert b" rg" not in content and b" RG" not in content  # CMYK only
    # a print-shop layout the user has changed since is theirs: used as it is, never written over
    (folder / "huisstijl-print-shop.yaml").write_text(written + "sheet:\n  size: a3\n", encoding="utf-8")
    again = client.get("/print/deck?mode=single&layout=huisstijl-print-shop.yaml")
    assert again.status_code == 200, again.text
    assert (folder / "huisstijl-print-shop.yaml").read_text(encoding="utf-8").endswith("size: a3\n")
    assert 'filename="werkvormen-huisstijl-print-shop-single.pdf"' in again.headers["content-disposition"]


def test_pages_are_never_shown_from_the_browsers_cache(client):
    for path in ("/", f"/card/{CARD_3}", "/brand", "/print"):
        assert client.get(path).headers["cache-control"] == "no-store", path


# -- the deck folder's edges --------------------------------------------------------------------

def test_nothing_outside_the_deck_folder_is_read_or_written(client, folder, tmp_path):
    assert client.get("/card/..%2F..%2Fsecret").status_code == 404
    assert client.get("/static/../app.py").status_code == 404
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("id: x\n", encoding="utf-8")
    workspace = Workspace(folder)
    with pytest.raises(DeckError, match="outside the deck folder"):
        workspace.save(outside, "id: y\n", workspace.version(folder / "deck.yaml"))
    link = folder / "cards" / "09-link.yaml"
    link.symlink_to(outside)
    with pytest.raises(DeckError, match="outside the deck folder"):
        workspace.read(link)
    assert outside.read_text(encoding="utf-8") == "id: x\n"


def test_the_studio_command_refuses_a_folder_that_is_not_a_deck(tmp_path, monkeypatch):
    result = CliRunner().invoke(main, ["studio", str(tmp_path), "--no-browser"])
    assert result.exit_code == 1 and "there is no deck.yaml" in result.output
    monkeypatch.chdir(tmp_path)
    nowhere = CliRunner().invoke(main, ["studio", "--no-browser"])
    assert nowhere.exit_code == 1 and "there is no deck folder here" in nowhere.output


def test_the_benchmark_can_time_the_studios_preview():
    """python -m bench measures the preview through a real `deck studio`; this keeps that working
    (it times nothing)."""
    from bench.studio import preview_times

    seconds = preview_times(1)
    assert len(seconds) == 1 and seconds[0] > 0


def test_the_readme_shows_every_page_of_the_studio():
    """docs/make_studio_images.py makes them (it needs chromium, as the browser test does)."""
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    for page in ("deck", "card", "brand", "print"):
        picture = root / "docs" / "images" / f"studio-{page}.png"
        assert f"docs/images/studio-{page}.png" in readme
        with Image.open(picture) as image:
            assert image.size == (1440, 900)


def test_a_deck_that_does_not_fit_still_lists_its_cards_to_mend(folder):
    card = folder / "cards" / "02-leren-op-de-werkvloer.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("suggestions:\n", "suggestions:\n" + (
        '  - "Een suggestie te veel, die de achterkant van deze kaart overvol maakt en nog langer wordt."\n' * 30)),
        encoding="utf-8")
    page = studio(folder).get("/")
    assert page.status_code == 200
    assert "The deck does not build yet" in page.text and "mm too long" in page.text
    assert 'href="/card/02-leren-op-de-werkvloer"' in page.text


def test_a_font_upload_is_used_in_the_preview_and_saved(client, folder):
    font = Path(__file__).resolve().parents[1] / "fonts" / "Caladea-Regular.ttf"
    before = client.post("/brand/preview", data=brand_form(client)).json()["faces"]["front"]
    upload = client.post("/brand/upload", data={**brand_form(client), "kind": "regular"},
                         files={"file": ("Huisletter.ttf", font.read_bytes(), "font/ttf")})
    assert upload.status_code == 200, upload.text
    posted = {**brand_form(client), "fonts.regular": "Huisletter.ttf"}
    after = client.post("/brand/preview", data=posted).json()
    assert after["problems"] == [] and after["faces"]["front"] != before
    assert client.post("/brand/save", data=posted).status_code == 200
    fonts = yaml.safe_load((folder / "layout.yaml").read_text(encoding="utf-8"))["fonts"]
    assert fonts == {"regular": "Huisletter.ttf", "bold": "Lato-Bold.ttf", "italic": "Lato-Italic.ttf",
                     "bold_italic": "Lato-BoldItalic.ttf"}  # a family is named whole


def test_a_card_too_long_is_shown_running_over_its_edge(client, folder):
    """(The preview stayed on the last good one, and a facilitator could not see what to cut.)"""
    summary = " ".join(["Een lange samenvatting die de kaart te vol maakt, zodat er iets af moet."] * 45)
    answer = client.post(f"/card/{CARD_3}/preview", data=card_form(folder, summary=summary)).json()
    assert "front" in problems(answer) and "too long at 8 pt" in problems(answer)["front"]
    assert answer["overflow"] is True and answer["body"] is None
    image = client.get(answer["faces"]["front"])
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    from PIL import Image
    import io

    front = Image.open(io.BytesIO(image.content))
    usual = Image.open(io.BytesIO(client.get(client.post(
        f"/card/{CARD_3}/preview", data=card_form(folder)).json()["faces"]["front"]).content))
    assert front.width == usual.width and front.height > usual.height  # the page goes on below the card
    assert not (folder / "cards" / f"{CARD_3}.yaml").read_text(encoding="utf-8").count("zodat er iets af moet")
