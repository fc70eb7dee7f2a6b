"""The command line's exit codes: 0 success, 1 a problem in the user's files or options (a message,
no traceback), 2 a usage error (click's own)."""
from __future__ import annotations

import re
import shutil
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from deck import __version__
from deck.cli import main
from helpers import deck

REPO = Path(__file__).resolve().parents[1]
CARDS = ["1 (gedeelde-visie)", "2 (leren-op-de-werkvloer)", "3 (teamleren)", "4 (feedbackprocessen)",
         "5 (samenwerken-met-partners)", "6 (kwaliteitscultuur)", "7 (eigenaarschap)", "8 (voorwaarden)"]


def test_version():
    result = deck("--version")
    assert result.exit_code == 0
    assert result.stdout == f"deck, version {__version__}\n"


def test_python_dash_m_deck_is_the_deck_command(tmp_path):
    """(A typographer tried `python -m deck`, as for pip and pytest: 'No module named deck.__main__'.)"""
    done = subprocess.run([sys.executable, "-m", "deck", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, f"deck, version {__version__}\n")
    mistyped = subprocess.run([sys.executable, "-m", "deck", "biuld"], capture_output=True, text=True, cwd=tmp_path)
    assert mistyped.returncode == 2 and "Usage: python -m deck" in mistyped.stderr


@pytest.mark.parametrize("option", ["--help", "-h"])
def test_help(option):
    result = deck(option)
    assert result.exit_code == 0
    assert "Turn a deck of cards written as YAML into print-ready PDFs." in result.stdout
    assert all(name in result.stdout for name in main.commands)


@pytest.mark.parametrize("command", sorted(main.commands))
def test_help_on_every_command(command):
    result = deck(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")
    first_words = " ".join(main.commands[command].help.split()[:5])
    assert first_words in " ".join(result.stdout.split())


@pytest.mark.parametrize("args", [("--frob",), ("check", "--frob"), ("build", "--frob")])
def test_an_unknown_option_is_a_usage_error(args):
    result = deck(*args)
    assert result.exit_code == 2
    assert re.search(r"No such option:? '?--frob'?", result.stderr)  # click 8.1 and 8.2+ word it apart


@pytest.mark.parametrize("args, said", [
    (("watch", "--interval", "nan"), "Invalid value for '--interval': 'nan' is not a number."),
    (("watch", "--interval", "inf"), "Invalid value for '--interval': inf is not in the range 0.1<=x<=3600."),
    (("watch", "--interval", "1e308"), "Invalid value for '--interval': 1e+308 is not in the range 0.1<=x<=3600."),
    (("card", "1", "--png", "--dpi", "nan"), "Invalid value for '--dpi': 'nan' is not a number."),
])
def test_a_number_option_that_is_no_number_in_range_is_a_usage_error(args, said):
    result = deck(*args)
    assert result.exit_code == 2 and said in result.stderr


@pytest.mark.parametrize("given", ["abc", "1e9", "-5", "99999999999999"])
def test_a_source_date_deck_cannot_write_is_told_before_anything_is_done(tmp_path, monkeypatch, given):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", given)
    result = deck("build", "-o", tmp_path / "deck.pdf")
    assert result.exit_code == 1 and not (tmp_path / "deck.pdf").exists()
    assert result.stderr.startswith(f"error: SOURCE_DATE_EPOCH is '{given}'; set it to the date your files should "
                                    "carry, as a whole number of seconds since 1970 (date +%s)")


@pytest.mark.parametrize("args", [("build", "-o", "-"), ("card", "3", "-o", "-"), ("preview", "-o", "-"),
                                  ("card", "3", "--png", "-o", "-")])
def test_standard_output_as_the_output_is_told_not_written_as_a_file_called_dash(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = deck(*args)
    assert result.exit_code == 1 and not (tmp_path / "-").exists()
    assert result.stderr.startswith("error: deck writes files, not to standard output; name the ")


def test_an_unknown_command_is_a_usage_error():
    result = deck("frob")
    assert result.exit_code == 2
    assert "No such command 'frob'" in result.stderr


def test_a_missing_argument_is_a_usage_error():
    result = deck("card")
    assert result.exit_code == 2
    assert "Missing argument 'CARD'" in result.stderr


def test_check_on_the_bundled_deck_is_ok():
    result = deck("check")
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: 8 cards and the layout 'default' are fine")
    assert result.stderr == ""


def test_an_unknown_card_names_the_available_cards(tmp_path):
    target = tmp_path / "card.pdf"
    result = deck("card", "99", "--output", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: there is no card '99' in this deck; choose one of ")
    assert all(card in result.stderr for card in CARDS)
    assert "8 (voorwaarden), or intro for the intro card\n" in result.stderr
    assert "Traceback" not in result.output
    assert not target.exists()


def test_the_intro_card_is_written_by_name(tmp_path, monkeypatch):
    """deck card intro (or 0) writes <card label>-intro.pdf, not -0.pdf."""
    monkeypatch.chdir(tmp_path)
    for key in ("intro", "0"):
        result = deck("card", key)
        assert result.exit_code == 0, result.output
        assert result.stdout == "wrote out/ontwikkelkaart-intro.pdf from the bundled deck\n"
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["ontwikkelkaart-intro.pdf"]


OFFICE = b"%PDF-1.7 the office printer's file"


@pytest.mark.parametrize("args, name", [
    ((), "ontwikkelkaarten.pdf"),
    (("--layout", "default", "--sheet", "a4", "--flip", "long", "--mode", "duplex"), "ontwikkelkaarten.pdf"),
    (("--layout", "print-shop-a3", "--mode", "single"), "ontwikkelkaarten-print-shop-a3-single.pdf"),
    (("--layout", "print-shop-a3", "--sheet", "a3"), "ontwikkelkaarten-print-shop-a3.pdf"),  # its own sheet
    (("--sheet", "a3", "--mode", "fold"), "ontwikkelkaarten-a3-fold.pdf"),
    (("--flip", "short",), "ontwikkelkaarten-short-edge.pdf"),
    (("--flip", "short", "--mode", "single"), "ontwikkelkaarten-single.pdf"),  # no sheet to turn
    (("--flip", "short", "--mode", "fold", "--sheet", "a3"), "ontwikkelkaarten-a3-fold.pdf"),
    (("--mode", "single", "--sheet", "a3"), "ontwikkelkaarten-single.pdf"),  # (a page a face: no sheet to name)
])
def test_a_build_other_than_the_decks_own_is_named_for_what_was_chosen(tmp_path, monkeypatch, args, name):
    """The office printer's A4 file and the print shop's file made after it live side by side: the
    default name says the layout, sheet, mode and flip a command chose that the deck does not."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "ontwikkelkaarten.pdf").write_bytes(OFFICE)
    result = deck("build", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote out/{name} from the bundled deck\n"
    if name != "ontwikkelkaarten.pdf":
        assert (tmp_path / "out" / "ontwikkelkaarten.pdf").read_bytes() == OFFICE
        assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(["ontwikkelkaarten.pdf", name])


def test_options_a_mode_does_not_use_are_warned_about(tmp_path):
    result = deck("build", "--mode", "single", "--sheet", "a3", "--flip", "short", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 0
    assert result.stderr == ("warning: --sheet a3 has no effect with --mode single: each face is a page of its own, "
                             "the card's size\nwarning: --flip short has no effect with --mode single: only duplex "
                             "sheets are turned over\n")


def test_a_card_without_bleed_does_not_take_the_print_files_name(tmp_path, monkeypatch):
    """(deck card 2 --no-bleed wrote over out/kaart-2.pdf, the print file.)"""
    monkeypatch.chdir(tmp_path)
    assert deck("card", "2").stdout.startswith("wrote out/ontwikkelkaart-2.pdf")
    assert deck("card", "2", "--no-bleed").stdout.startswith("wrote out/ontwikkelkaart-2-no-bleed.pdf")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ontwikkelkaart-2-no-bleed.pdf",
                                                                     "ontwikkelkaart-2.pdf"]


def test_choices_are_taken_in_any_case(tmp_path):
    """(--sheet A4 and --mode Single were usage errors.)"""
    target = tmp_path / "deck.pdf"
    result = deck("build", "--sheet", "A4", "--mode", "Single", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert len(pypdf.PdfReader(target).pages) == 18


def test_a_sheet_that_is_not_offered_is_clicks_choice_error(tmp_path):
    target = tmp_path / "deck.pdf"
    result = deck("build", "--sheet", "a5", "--output", str(target))
    assert result.exit_code == 2
    assert "Invalid value for '--sheet': 'a5' is not one of 'a4', 'a3', 'letter'." in result.stderr
    assert not target.exists()


def test_the_real_command_prints_a_message_and_no_traceback(tmp_path):
    """Outside CliRunner: the process itself exits 1 with the message on stderr."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    (tmp_path / "content" / "deck.yaml").unlink()
    done = subprocess.run([sys.executable, "-m", "deck.cli", "check", "--content", str(tmp_path / "content")],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith(f"error: there is no deck.yaml in the folder {tmp_path / 'content'}")
    assert "Traceback" not in done.stderr


def _copies(folder: Path, cards: int) -> Path:
    """The bundled deck's eight cards copied over and over up to `cards` cards, in `folder`."""
    from deck import default_content

    source = default_content()
    (folder / "cards").mkdir(parents=True)
    shutil.copy(source / "deck.yaml", folder / "deck.yaml")
    texts = [path.read_text(encoding="utf-8") for path in sorted((source / "cards").glob("*.yaml"))]
    for number in range(1, cards + 1):
        text = re.sub(r"^number: \d+$", f"number: {number}", texts[(number - 1) % 8], count=1, flags=re.M)
        text = re.sub(r"^id: (\S+)$", rf"id: \1-{number}", text, count=1, flags=re.M)
        (folder / "cards" / f"{number:03d}.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("cards,empty", [(60, False), (61, True)])
def test_a_deck_too_large_for_the_intro_backs_overview_is_told_its_back_is_empty(tmp_path, cards, empty):
    """Past 60 cards the intro card's back has no overview (and past 12 no wheel): deck says so, so
    that the intro's text is not left pointing at an empty back."""
    folder = _copies(tmp_path / "deck", cards)
    result = CliRunner().invoke(main, ["check", "--content", str(folder)])
    assert result.exit_code == 0, result.output
    said = "the intro card's back is left empty" in result.stderr
    assert said == empty
    if empty:
        assert f"{folder / 'deck.yaml'}" in result.stderr and "at most 60" in result.stderr


def test_a_card_read_from_the_cache_still_names_the_line_of_a_problem_found_later(tmp_path, monkeypatch):
    """A card checked before comes from deck's cache with its places unread (yamlread.KeptPlaces);
    a problem found after reading it (a character no font has) still names its file, line and column."""
    from deck import default_content

    monkeypatch.setenv("DECK_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "deck"
    shutil.copytree(default_content(), folder)
    path = next((folder / "cards").glob("03-*.yaml"))
    text = path.read_text(encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), 1) if row.startswith("title:"))
    assert CliRunner().invoke(main, ["check", "--content", str(folder)]).exit_code == 0  # (now in the cache)
    path.write_text(text.replace("title: ", "title: \u4e2d ", 1), encoding="utf-8")  # a character Lato lacks
    first = CliRunner().invoke(main, ["check", "--content", str(folder)])
    again = CliRunner().invoke(main, ["check", "--content", str(folder)])  # (the changed card, cached)
    for result in (first, again):
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert f"{path}:{line}:" in result.stderr and "U+4E2D" in result.stderr, result.stderr


def test_a_damaged_place_in_the_cache_is_a_message_not_a_traceback(tmp_path):
    from deck.errors import DeckError
    from deck.yamlread import KeptPlaces

    places = KeptPlaces(b"not a pickle", tmp_path / "card.yaml")
    with pytest.raises(DeckError, match="damaged entry for this file; delete the folder"):
        places.get("title")


def test_the_real_command_ends_with_its_exit_code_its_output_and_its_caches(tmp_path):
    """cli.run ends the process at once (os._exit): the exit code is main()'s, what it printed is
    there, and the caches kept at exit (the kerning pairs, the hyphenation points) are written."""
    env = {**os.environ, "DECK_CACHE": str(tmp_path / "cache")}

    def deck(*args):
        return subprocess.run([sys.executable, "-m", "deck.cli", *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=120)
    done = deck("build", "-o", "deck.pdf")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("wrote deck.pdf from the bundled deck")
    assert (tmp_path / "deck.pdf").read_bytes().startswith(b"%PDF-")
    kept = {path.name.split("-")[0] for path in (tmp_path / "cache").iterdir()}
    assert {"kerning", "hyphenation"} <= kept
    assert any(path.name.startswith("hyphenation-breaks") for path in (tmp_path / "cache").iterdir())
    usage = deck("buidl")
    assert usage.returncode == 2 and "No such command 'buidl'" in usage.stderr
    assert deck("--version").stdout.startswith("deck, version")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args, said", [
    (("--help",), "error: cannot write deck's output: No space left on device; nothing was written\n"),
    (("card", "1", "-o", "kaart.pdf"), "error: the output is written, but what deck says about it could not be: No "
                                       "space left on device\n"),
])
def test_a_full_disk_behind_standard_output_is_told_without_a_traceback(tmp_path, args, said):
    """(deck --help > file on a full disk gave a traceback; deck card 1 said 'nothing was written'
    of the PDF it had written.)"""
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "deck.cli", *args], cwd=tmp_path, stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120,
                              env={**os.environ, "DECK_CACHE": str(tmp_path / "cache")})
    assert (done.returncode, done.stderr) == (1, said)
    assert (tmp_path / "kaart.pdf").exists() == (args[0] == "card")


def test_a_process_that_ends_at_once_keeps_only_the_last_deck_it_built(tmp_path, monkeypatch):
    """What a build made is not let go of object by object when the process ends at once (cli.run)
    after it; `deck watch` builds again and again in one such process, so only the last is kept."""
    import weakref

    import deck
    import deck.collector as collector

    monkeypatch.setattr(collector, "_ENDS_AT_ONCE", True)
    monkeypatch.setattr(collector, "_outliving", ())
    deck.build(None, None, tmp_path / "one.pdf")
    first = weakref.ref(collector._outliving[0])
    deck.build(None, None, tmp_path / "two.pdf")
    assert first() is None and collector._outliving[0].deck.title == "Ontwikkelkaarten"
    monkeypatch.setattr(collector, "_ENDS_AT_ONCE", False)
    monkeypatch.setattr(collector, "_outliving", ())
    deck.build(None, None, tmp_path / "three.pdf")
    assert collector._outliving == ()


@pytest.fixture
def read_on_two_cores(monkeypatch):
    """A large deck's card files read by a helper process too, on any machine; counts the helpers
    that sent back their cards."""
    import deck.cores

    sent = []
    original = deck.cores.Helper.receive

    def counted(self):
        found = original(self)
        sent.append(found is not None)
        return found
    monkeypatch.setattr(deck.cores, "spare_core", lambda: True)
    monkeypatch.setattr(deck.cores.Helper, "receive", counted)
    return sent


def test_a_large_deck_read_on_two_cores_is_the_deck_read_on_one(tmp_path, monkeypatch, read_on_two_cores):
    from deck.content import load_deck
    import deck.cores

    monkeypatch.setenv("DECK_CACHE", "off")
    folder = _copies(tmp_path / "deck", 50)
    two = load_deck(folder)
    assert read_on_two_cores == [True]  # (the first helper: the cards)
    monkeypatch.setattr(deck.cores, "spare_core", lambda: False)
    one = load_deck(folder)
    assert two.cards == one.cards and [card.path for card in two.cards] == [card.path for card in one.cards]
    assert [card.places for card in two.cards] == [card.places for card in one.cards]


@pytest.mark.parametrize("where", [3, 47])  # a card this process reads, and one the helper reads
def test_a_problem_in_a_deck_read_on_two_cores_is_reported_as_on_one(tmp_path, monkeypatch, read_on_two_cores,
                                                                      where):
    import deck.cores

    folder = _copies(tmp_path / "deck", 50)
    path = folder / "cards" / f"{where:03d}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    two = CliRunner().invoke(main, ["check", "--content", str(folder)])
    monkeypatch.setattr(deck.cores, "spare_core", lambda: False)
    one = CliRunner().invoke(main, ["check", "--content", str(folder)])
    assert two.exit_code == one.exit_code == 1
    assert two.stderr == one.stderr and f"{where:03d}.yaml" in two.stderr


def test_a_card_file_the_helper_read_is_never_written_over(tmp_path, read_on_two_cores):
    """The files the helper process read are inputs of the run like the others: no output goes there."""
    folder = _copies(tmp_path / "deck", 50)
    target = folder / "cards" / "049.yaml"
    before = target.read_bytes()
    result = CliRunner().invoke(main, ["build", "--content", str(folder), "-o", str(target)])
    assert True in read_on_two_cores
    assert result.exit_code == 1 and "one of the files the deck is made from" in result.stderr
    assert target.read_bytes() == before


def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path):
    """`deck layouts | head -1`: the pipe's reader goes away before deck prints; deck ends quietly
    with 141, as a shell reports any command the end of its pipe stopped, not with an error saying
    that nothing was written."""
    read, write = os.pipe()
    os.close(read)  # (gone before deck, still starting, prints a line)
    try:
        done = subprocess.run([sys.executable, "-m", "deck.cli", "layouts"], stdout=write, stderr=subprocess.PIPE,
                              cwd=tmp_path, timeout=60)
    finally:
        os.close(write)
    assert done.returncode == 141
    assert done.stderr == b""


def test_the_command_loads_with_the_collector_paused_and_a_library_import_leaves_it_alone():
    """The console script starts at deck.command: deck.cli and click are loaded with the cycle
    collector paused, then frozen (never walked again), and the collector runs for the command;
    `import deck` as a library changes nothing."""
    from importlib.metadata import entry_points

    (script,) = [point for point in entry_points(group="console_scripts") if point.name == "deck"]
    assert script.value == "deck.command:run"
    probe = ("import gc, sys\n"
             "import deck\n"
             "print(gc.isenabled(), gc.get_freeze_count())\n"
             "import deck.command\n"  # (compiled first where it has no bytecode yet: that may collect)
             "collections = []\n"
             "gc.callbacks.append(lambda phase, info: collections.append(phase))\n"
             "deck.command.load()\n"
             "print('click' in sys.modules, len(collections), gc.isenabled(), gc.get_freeze_count() > 10000)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "0", "True", "0", "True", "True"]


@pytest.mark.parametrize("title, name", [("Übungen für Führungskräfte", "ubungen-fur-fuhrungskrafte"),
                                         ("L’École des équipes", "l-ecole-des-equipes"), ("Große Straße", "grosse-strasse"),
                                         ("Ontwikkelkaarten", "ontwikkelkaarten"), ("漢字", "deck")])
def test_a_title_becomes_a_file_name_without_losing_its_accented_letters(title, name):
    """('Übungen' used to give bungen-f-r-f-hrungskr-fte.pdf.)"""
    from deck import slugify

    assert slugify(title) == name


@pytest.mark.parametrize("args", [("build", "-q"), ("-q", "build"), ("build", "--quiet")])
def test_quiet_is_taken_before_or_after_the_command(tmp_path, args):
    """(deck build -q: "No such option '-q'"; only deck -q build worked.)"""
    result = deck(*args, "-o", tmp_path / "q.pdf")
    assert (result.exit_code, result.stdout) == (0, "")


def test_verbose_after_the_command_prints_the_sizes(tmp_path):
    result = deck("check", "-v")
    assert result.exit_code == 0 and "card 1: body 9.2 pt on the front" in result.stderr


def test_a_bundled_layout_in_place_of_the_decks_own_is_warned_about(tmp_path):
    """A deck in a house style of its own, built for a print shop with print-shop-a3: the file
    loses the brand, and says so (the README walk-through sent it to the shop as it was)."""
    folder = tmp_path / "mijn-deck"
    assert deck("new", folder).exit_code == 0
    result = deck("build", "--content", folder, "--layout", "print-shop-a3", "--mode", "single",
                  "-o", tmp_path / "shop.pdf")
    assert result.exit_code == 0
    assert ("warning: the bundled layout print-shop-a3 is used, not this deck's own huisstijl.yaml: its fonts, "
            "colours and logo are not in this file") in result.stderr
    own = deck("build", "--content", folder, "-o", tmp_path / "own.pdf")
    bundled = deck("card", "3", "--layout", "print-shop-a3", "-o", tmp_path / "kaart.pdf")  # (the bundled deck: its own look)
    assert "is used, not this deck's own" not in own.stderr + bundled.stderr
