"""Bad input -> the exact message a workshop facilitator sees, one case per kind of mistake.

Each case copies the bundled content folder into tmp_path, puts files from tests/corpus/ in place
(a card replaces cards/08-voorwaarden.yaml, a layout goes to <tmp>/layouts/ and is passed with
--layout), runs `deck check` and compares stderr with the table, tmp_path written as <tmp>.
Where the message is not yet right, the table holds the wanted message and the case is a strict
xfail whose reason quotes what deck prints today.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deck.cli import main
from helpers import problems_found
from deck.layouts import bundled_layouts

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "corpus"
CONTENT = TESTS.parent / "content"

CARD_8 = "content/cards/08-voorwaarden.yaml"
C8 = f"<tmp>/{CARD_8}"
CARD_KEYS = "id, number, title, summary, challenges, quotes, suggestions_heading, suggestions, sources"
LAYOUTS = "<tmp>/layouts"
BUNDLED_LAYOUTS = ", ".join(bundled_layouts())  # others add layouts; the message lists them all


@dataclass(frozen=True)
class Case:
    id: str
    errors: tuple[str, ...]                           # the wanted "error: ..." lines
    put: dict[str, str] = field(default_factory=dict)  # place under tmp_path -> file in tests/corpus
    remove: tuple[str, ...] = ()                      # globs under tmp_path, deleted after copying
    layout: str | None = None                         # file under <tmp>/layouts given as --layout
    wrong: str = ""                                   # why the message is not right yet
    unclean: str = ""                                 # why deck does not even fail cleanly yet

    def marks(self, reason: str) -> list:
        return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def card(name: str, *errors: str, **options) -> Case:
    """A bad card file from tests/corpus/content/ in place of card 8."""
    return Case(f"content/{name}", errors, put={CARD_8: f"content/{name}.yaml"}, **options)


def layout(name: str, *errors: str, also: tuple[str, ...] = (), files: tuple[str, ...] = (), **options) -> Case:
    """A bad layout from tests/corpus/layouts/ (with the layouts it extends and the files it names)."""
    put = {f"layouts/{file}.yaml": f"layouts/{file}.yaml" for file in (name, *also)}
    put.update({f"layouts/{file}": f"layouts/{file}" for file in files})
    return Case(f"layouts/{name}", errors, put=put, layout=f"{name}.yaml", **options)


CASES = [
    card("syntax-colon-in-text",
         f"error: {C8}:3:11: YAML syntax error: a ':' followed by a space starts a new key, so it cannot "
         "stand inside this text; put the whole text in double quotes"),
    card("syntax-unclosed-quote",
         f"error: {C8}:3:8: YAML syntax error: the quote that opens here is never closed; add the "
         "closing \" at the end of the text"),
    card("unknown-key-close-match",
         f"error: {C8}:11:1: unknown key 'suggestionz' in the card: did you mean 'suggestions'? "
         f"the keys allowed here are {CARD_KEYS}"),
    card("unknown-key-no-match",
         f"error: {C8}:11:1: unknown key 'colour' in the card: the keys allowed here are {CARD_KEYS}"),
    card("missing-key",
         f"error: {C8}:1:1: the card has no 'summary'; add it (a piece of text)"),
    card("text-where-list-belongs",
         f"error: {C8}:9:14: 'suggestions' should be a list (lines that start with '- '), "
         "not a single value"),
    card("list-where-text-belongs",
         f"error: {C8}:4:3: 'title' should be a piece of text, not a list"),
    card("text-where-number-belongs",
         f"error: {C8}:2:9: 'number' should be a whole number, not 'acht'"),
    card("empty-value",
         f"error: {C8}:3:7: 'title' is empty; write a piece of text after 'title:'"),
    card("empty-file",
         f"error: {C8}: the file is empty; write the card in it or delete the file"),
    card("not-utf8",
         f"error: {C8}:7:14: the file is not UTF-8 text (byte 0xe9); save it as UTF-8 in your editor"),
    card("duplicate-id",
         f"error: {C8}:1:1: card id teamleren is used twice: here and in 03-teamleren.yaml; "
         "give every card its own id"),
    card("duplicate-number",
         f"error: {C8}:2:1: card number 3 is used twice: here and in 03-teamleren.yaml; "
         "give every card its own number"),
    card("numbering-gap",
         "error: <tmp>/content/cards: the cards are numbered 1 to 7 and 9: number 8 is missing; "
         "number the cards 1 to 8 without gaps"),
    card("key-twice",
         f"error: {C8}:11:1: 'title' appears twice in the card; keep one"),
    card("invalid-id",
         f"error: {C8}:1:5: 'id': 'Voorwaarden en beleid' is not a usable id; use lowercase letters, "
         "digits and '-', here voorwaarden-en-beleid"),
    card("invalid-url",
         f"error: {C8}:13:10: 'sources[1].url': 'www.example.org/blog' needs https:// in front to be a web "
         "address a QR code opens: write https://www.example.org/blog"),
    Case("content/no-deck-yaml",
         ("error: there is no deck.yaml in the folder <tmp>/content; a content folder holds deck.yaml "
          "and a folder cards/ with one .yaml file per card",),
         remove=("content/deck.yaml",)),
    Case("content/no-cards",
         ("error: there are no cards: add one .yaml file per card in <tmp>/content/cards",),
         remove=("content/cards/*.yaml",)),
    Case("content/middle-card-unreadable",
         ("error: <tmp>/content/cards/03-teamleren.yaml:9:14: 'suggestions' should be a list "
          "(lines that start with '- '), not a single value",),
         put={"content/cards/03-teamleren.yaml": "content/middle-card-unreadable.yaml"}),
    layout("unknown-key",
           f"error: {LAYOUTS}/unknown-key.yaml:3:3: unknown key 'sise' in card: did you mean 'size'? "
           "the keys allowed here are size, bleed, safe_margin"),
    layout("length-without-unit",
           f"error: {LAYOUTS}/length-without-unit.yaml:3:10: 'card.bleed': '3' is not a length; "
           "write a number with a unit, for example 3mm, 0.125in, 9pt or 1cm"),
    layout("length-unknown-unit",
           f"error: {LAYOUTS}/length-unknown-unit.yaml:3:10: 'card.bleed': 'px' is not a unit I know; "
           "use one of mm, cm, in, pt"),
    layout("colour-not-parsed",
           f"error: {LAYOUTS}/colour-not-parsed.yaml:3:11: 'colours.accent': '#12345' is not a colour; "
           "write hex RGB such as \"#1f6f8b\", a CSS colour name such as teal, or CMYK percentages such as "
           "\"cmyk(0, 60, 100, 0)\""),
    layout("font-file-missing",
           f"error: {LAYOUTS}/font-file-missing.yaml:3:12: 'fonts.regular': there is no font file "
           "Lato-Regualr.ttf next to the layout, in its fonts folder or among deck's own fonts; did you mean Lato-Regular.ttf?"),
    layout("extends-itself",
           f"error: {LAYOUTS}/extends-itself.yaml:3:1: the layouts extend each other in a circle "
           "(extends-itself.yaml -> extends-itself.yaml); remove one of the 'extends' lines"),
    layout("extends-each-other-a",
           f"error: {LAYOUTS}/extends-each-other-b.yaml:1:1: the layouts extend each other in a circle "
           "(extends-each-other-a.yaml -> extends-each-other-b.yaml -> extends-each-other-a.yaml); "
           "remove one of the 'extends' lines",
           also=("extends-each-other-b",)),
    layout("length-negative",
           f"error: {LAYOUTS}/length-negative.yaml:3:10: 'card.bleed': -3mm is outside the sensible range "
           "0mm to 10mm"),
    layout("length-absurd",
           f"error: {LAYOUTS}/length-absurd.yaml:3:10: 'card.bleed': 300mm is outside the sensible range "
           "0mm to 10mm"),
    layout("font-corrupt",
           f"error: {LAYOUTS}/font-corrupt.yaml:3:12: 'fonts.regular': not-a-font.ttf is not a font file; "
           "use a .ttf, .otf, .woff or .woff2 font", files=("not-a-font.ttf",)),
    layout("font-outside",
           f"error: {LAYOUTS}/font-outside.yaml:3:9: 'fonts.bold': ../../../fonts/Lato-Bold.ttf lies outside "
           "the layout's folder; put the file next to the layout (or in a folder beside it) and name it "
           "relative to the layout"),
    layout("logo-corrupt",
           f"error: {LAYOUTS}/logo-corrupt.yaml:3:9: 'logo.file': not-an-image.png is not an image I can "
           "read; use an SVG, PDF, PNG or JPEG file", files=("not-an-image.png",)),
    layout("colour-cut-by-comment",
           f"error: {LAYOUTS}/colour-cut-by-comment.yaml:3:11: 'colours.accent' is empty: a # starts a comment "
           "in YAML, so #00616E was left out; put the colour in quotes: accent: \"#00616E\""),
    layout("colours-list-cut-by-comment",
           f"error: {LAYOUTS}/colours-list-cut-by-comment.yaml:3:10: 'colours.bands' is empty: a # starts a "
           "comment in YAML, so #00616E, #F28C28 was left out; write the list in brackets with each colour in "
           "quotes: bands: [\"#00616E\", \"#F28C28\"]"),
    layout("colours-list-without-brackets",
           f"error: {LAYOUTS}/colours-list-without-brackets.yaml:3:10: 'colours.bands': 'teal, orange' looks "
           "like a list written without brackets; write it in brackets, each colour in quotes: "
           "[\"teal\", \"orange\"]"),
    layout("colour-unknown-name",
           f"error: {LAYOUTS}/colour-unknown-name.yaml:3:11: 'colours.accent': 'tael' is not a colour; did you "
           "mean 'teal'? write hex RGB such as \"#1f6f8b\", a CSS colour name such as teal, or CMYK "
           "percentages such as \"cmyk(0, 60, 100, 0)\""),
    layout("colours-old-key",
           f"error: {LAYOUTS}/colours-old-key.yaml:3:3: 'dimensions' is no longer read: it is now called "
           "'bands'; rename the key"),
    layout("font-truncated",
           f"error: {LAYOUTS}/font-truncated.yaml:3:9: 'fonts.bold': truncated-font.ttf is damaged or not a "
           "complete font (the file ends too early: it may not have finished downloading or copying); "
           "download or export the font again", files=("truncated-font.ttf",)),
    layout("logo-svg-with-text",
           f"error: {LAYOUTS}/logo-svg-with-text.yaml:3:9: 'logo.file': logo-with-text.svg holds text in a "
           "font, which would print in another font; convert the text to outlines (paths) in your drawing "
           "program, or use the PDF logo", files=("logo-with-text.svg",)),
    layout("card-larger-than-sheet",
           f"error: {LAYOUTS}/card-larger-than-sheet.yaml: the 400 x 500 mm card does not fit on A4 (210 x 297 mm): with 3 mm bleed, crop marks and "
           "the 5 mm edge a printer cannot print, it needs a sheet of at least 426 x 526 mm. No standard "
           "sheet (Letter, A4, A3) is large enough: order it from a print service (--mode single), or use a "
           "card of at most 184 x 271 mm."),
    layout("extends-unknown-layout",
           f"error: {LAYOUTS}/extends-unknown-layout.yaml:1:10: 'extends': there is no layout called "
           f"'defualt'; did you mean 'default'? the bundled layouts are {BUNDLED_LAYOUTS}, "
           "or give the path of a .yaml file or of a brand folder"),
]


def run(tmp_path: Path, put: dict[str, str] | None = None, remove: tuple[str, ...] = (),
        layout: str | None = None, command: tuple[str, ...] = ("check",)) -> Result:
    shutil.copytree(CONTENT, tmp_path / "content")
    for place, corpus_file in (put or {}).items():
        (tmp_path / place).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / corpus_file, tmp_path / place)
    for pattern in remove:
        for path in tmp_path.glob(pattern):
            path.unlink()
    args = [*command, "--content", str(tmp_path / "content")]
    if layout:
        args += ["--layout", str(tmp_path / "layouts" / layout)]
    return CliRunner().invoke(main, args)


def stderr(result: Result, tmp_path: Path) -> str:
    return result.stderr.replace(str(tmp_path), "<tmp>")


def report(*errors: str) -> str:
    """The whole stderr of a failed check: the errors, then the count line (check writes nothing,
    so it does not say that nothing was written)."""
    return "".join(f"{line}\n" for line in errors) + f"{problems_found(len(errors))}.\n"


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    """tmp_path as the CLI prints it (layouts are resolved)."""
    return tmp_path.resolve()


def params(reason_of) -> list:
    return [pytest.param(case, id=case.id, marks=case.marks(reason_of(case))) for case in CASES]


@pytest.mark.parametrize("case", params(lambda case: case.wrong))
def test_message(case: Case, tmp: Path):
    result = run(tmp, case.put, case.remove, case.layout)
    assert stderr(result, tmp) == report(*case.errors)


@pytest.mark.parametrize("case", params(lambda case: case.unclean))
def test_fails_cleanly(case: Case, tmp: Path):
    result = run(tmp, case.put, case.remove, case.layout)
    assert result.exc_info[0] is SystemExit, f"the user would see a traceback: {result.exception!r}"
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert all(line.startswith("error: ") for line in result.stderr.splitlines()[:-1])
    wanted_place = re.match(r"error: (<tmp>/\S+?):\d+:\d+: ", case.errors[0])
    if wanted_place:
        assert re.search(re.escape(wanted_place.group(1)) + r":\d+:\d+: ", stderr(result, tmp))


def test_check_lists_every_problem_in_every_file(tmp: Path):
    result = run(tmp, {"content/deck.yaml": "content/deck-title-misspelt.yaml",
                       CARD_8: "content/text-where-number-belongs.yaml"})
    assert result.exit_code == 1
    assert stderr(result, tmp) == report(
        "error: <tmp>/content/deck.yaml:1:1: unknown key 'titel' in the deck file: did you mean 'title'? "
        "the keys allowed here are title, subtitle, publisher, language, card_label, layout, labels, intro, how_to, hyphenation",
        "error: <tmp>/content/deck.yaml:1:1: the deck file has no 'title'; add it (a piece of text)",
        f"error: {C8}:2:9: 'number' should be a whole number, not 'acht'",
    )


def test_check_lists_content_and_layout_problems_together(tmp: Path):
    result = run(tmp, {CARD_8: "content/unknown-key-no-match.yaml",
                       "layouts/length-unknown-unit.yaml": "layouts/length-unknown-unit.yaml"},
                 layout="length-unknown-unit.yaml")
    assert result.exit_code == 1
    assert stderr(result, tmp) == report(
        f"error: {C8}:11:1: unknown key 'colour' in the card: the keys allowed here are {CARD_KEYS}",
        f"error: {LAYOUTS}/length-unknown-unit.yaml:3:10: 'card.bleed': 'px' is not a unit I know; "
        "use one of mm, cm, in, pt",
    )


def test_build_reports_the_same_problems_and_writes_nothing(tmp: Path):
    target = tmp / "out" / "deck.pdf"
    result = run(tmp, {CARD_8: "content/unknown-key-close-match.yaml"},
                 command=("build", "--output", str(target)))
    assert result.exit_code == 1
    assert stderr(result, tmp) == report(
        f"error: {C8}:11:1: unknown key 'suggestionz' in the card: did you mean 'suggestions'? "
        f"the keys allowed here are {CARD_KEYS}").replace("found.\n", "found; nothing was written.\n")
    assert not target.exists()


def test_the_not_utf8_corpus_file_really_is_not_utf8():
    """Guards the case against an editor that 'helpfully' re-saves the file as UTF-8."""
    with pytest.raises(UnicodeDecodeError):
        (CORPUS / "content" / "not-utf8.yaml").read_bytes().decode("utf-8")


def test_every_corpus_file_belongs_to_a_case():
    used = {corpus_file for case in CASES for corpus_file in case.put.values()}
    used |= {"content/deck-title-misspelt.yaml"}
    on_disk = {path.relative_to(CORPUS).as_posix() for path in CORPUS.rglob("*") if path.is_file()}
    assert on_disk == used
