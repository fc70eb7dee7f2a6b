"""The benchmark reaches into deck's stages and installs deck as a user does; these keep it working as
deck changes. They time nothing: the targets live in `python -m bench`."""
import re
from collections import Counter

import pytest
import yaml
from click.testing import CliRunner

from bench.inproc import copyfit, stage_timings
from bench.typstdeck import available, write_document
from deck.cli import main
from deck.content import load_deck


def test_the_benchmark_measures_copyfitting_and_its_breakdown():
    result = copyfit(None, 1)
    assert result["faces"] == 18 and len(result["fit"]) == len(result["pass"]) == 1
    assert "breakdown_error" not in result
    assert set(result["breakdown"]) == {"glyphs", "sizes", "spread"}
    assert result["composes"] >= 18


def test_the_stage_timings_carry_the_body_sizes_copyfitting_chose(tmp_path):
    result = stage_timings(None, tmp_path / "deck.pdf")
    assert set(result["stages"]) == {"load", "fit", "impose", "draw", "write"}
    # the intro card first, then the 8 cards: the sizes the README gives for the bundled deck
    assert result["sizes"][1:] == [(9.2, 8.9)] * 8 and len(result["sizes"]) == 9
    assert len(result["colours"]) == 8 and result["colours"][0] == "#1f6f8b" and result["accent"].startswith("#")
    # the fronts in one column beside the card's number, the intro's front in two (see the README's measure)
    assert result["prose"]["front"]["columns"] == 1 and result["prose"]["front"]["left"] > 0
    assert result["prose"]["intro"]["columns"] == 2


def test_the_typst_document_names_every_card_and_its_sizes(tmp_path):
    (tmp_path / "cards").mkdir()
    for number in (1, 2):
        (tmp_path / "cards" / f"0{number}-kaart.yaml").write_text("number: 1\n", encoding="utf-8")
    prose = {"front": {"columns": 1, "left": 43.0, "width": 275.1, "gutter": 12.9},
             "intro": {"columns": 2, "left": 0.0, "width": 391.2, "gutter": 12.9}}
    document = write_document(tmp_path, [(9.2, 9.0), (9.2, 8.9), (9.1, 8.8)], ["#1f6f8b", "#2d7d46"], "#34434d",
                              prose, total_fit=True)
    text = document.read_text(encoding="utf-8")
    assert '#let paths = ("cards/01-kaart.yaml", "cards/02-kaart.yaml", )' in text
    assert "#let sizes = ((9.2pt, 9.0pt), (9.2pt, 8.9pt), (9.1pt, 8.8pt), )" in text
    assert '#let linebreaks = "optimized"' in text and "#intro-front(" in text
    assert "front: (columns: 1, left: 43.000pt, width: 275.100pt, gutter: 12.900pt)" in text
    with pytest.raises(ValueError):
        write_document(tmp_path, [(9.2, 9.0)], ["#1f6f8b"], "#34434d", prose)


@pytest.fixture(scope="module")
def synth():
    pytest.importorskip("wordfreq", reason="the synthetic decks need the bench extra: pip install -e '.[bench]'")
    from bench import synth

    return synth


def test_synthetic_decks_have_different_text_on_every_card(synth):
    cards = synth.synthetic_cards(400)
    texts = [text for card in cards for text in synth.paragraphs(card)]
    assert len(texts) == len(set(texts)) > 400 * 20
    assert [card["number"] for card in cards] == list(range(1, 401))
    assert synth.synthetic_cards(20) == cards[:20]  # seeded: the same size gives the same deck


def test_synthetic_cards_hold_as_much_text_as_the_real_ones(synth):
    real = synth.real_cards()
    for card in synth.synthetic_cards(16):
        template = real[(card["number"] - 1) % 8]
        ours, theirs = synth.paragraphs(card), synth.paragraphs(template)
        assert len(ours) == len(theirs)
        # words are replaced by words of the same length: only the rare widened draw adds a word
        assert abs(sum(map(len, ours)) - sum(map(len, theirs))) <= 0.02 * sum(map(len, theirs))
        lengths = Counter(len(word) for text in ours for word in re.findall(r"\w+", text))
        assert lengths == Counter(len(word) for text in theirs for word in re.findall(r"\w+", text))


def test_synthetic_decks_are_valid_decks_that_fit(synth, tmp_path):
    folder = synth.write_deck(tmp_path / "deck", 100)
    deck = load_deck(folder)  # the content schema, as deck check --content reads it
    assert len(deck.cards) == 100 and deck.cards[5].id == "kwaliteitscultuur-6"
    small = synth.write_deck(tmp_path / "small", 9)
    result = CliRunner().invoke(main, ["--verbose", "check", "--content", str(small)])
    assert result.exit_code == 0, result.output
    # as full as the real cards: set at about the sizes of the bundled deck (9.2 pt fronts, 8.9 pt backs)
    sizes = re.findall(r"card [1-9]: body ([\d.]+) pt on the front, ([\d.]+) pt on the back", result.output)
    assert len(sizes) == 9 and all(abs(float(front) - 9.2) <= 0.3 and abs(float(back) - 8.9) <= 0.3
                                   for front, back in sizes)
    card = yaml.safe_load((small / "cards" / "0003-teamleren-3.yaml").read_text(encoding="utf-8"))
    assert card["title"] != "Teamleren en samenwerken bevorderen"


def test_a_small_benchmark_runs_from_install_to_report(synth, tmp_path):
    from bench.__main__ import Plan, benchmark

    plan = Plan(small=12, large=None, huge=None, runs=1, small_runs=1, extras=False, commands=False)
    report = benchmark(plan, keep=tmp_path)
    assert "| `deck build` (bundled deck, 9 cards) | 1 |" in report
    assert "modules a build imports too (deck's own included), nothing done | 1 |" in report  # with its code loaded
    assert "modules of the libraries a build imports (none of deck's), the collector off, nothing done | 1 |" in report
    assert "The bare-import floor of the targets is issue 8's" in report
    assert "## Where the bundled deck's build goes" in report and "| Python's start |" in report
    assert "| `deck build` (12 cards) | 1 |" in report
    assert "not run with --quick" in report and "| 12 | " in report  # the stages of the 12-card deck
    if available():
        assert "Typst is n/a" in report
    else:
        assert "| Typst (12 cards) | 1 |" in report and "Typst is multi-threaded" in report


def test_children_run_without_this_environments_hooks_but_with_its_packages(tmp_path):
    """The children's interpreter: a developer's environment (and CI's) holds deck installed editable,
    whose .pth hook would load its finder, pathlib and re into every timed process, Typst's too."""
    import subprocess

    from bench.proc import clean_python

    code = ("import sys, reportlab, click; print(sorted(name for name in sys.modules "
            "if 'editable' in name or name in ('pathlib', 'urllib.parse')))")
    python = clean_python(tmp_path)
    assert subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"
    assert clean_python(tmp_path) == python  # made once


def test_memory_held_together_counts_the_child_processes(tmp_path):
    """A process and the child it forks, each with 40 MB of its own: together at least 80 MB, where
    os.wait4's peak would say 40 (deck's helper process is such a child)."""
    import sys

    from bench.proc import held_together

    script = ("import os, time\n"
              "pid = os.fork()\n"
              "block = bytearray(os.urandom(1024)) * (40 * 1024)  # 40 MB of its own in each\n"
              "time.sleep(0.6)\n"
              "if pid: os.waitpid(pid, 0)\n")
    assert held_together([sys.executable, "-c", script], tmp_path, every=0.05) >= 80


def test_a_first_build_is_timed_as_deck_alone(tmp_path):
    """The kept paragraphs are removed by the benchmark just before the run, not by a shell inside
    the timed process (which added its own start to every first build)."""
    from bench.proc import FirstBuild

    kept = tmp_path / "typeset"
    kept.mkdir()
    (kept / "entry.pickle").write_bytes(b"")
    command = FirstBuild(["python", "deck", "build"], kept)
    assert list(command) == ["python", "deck", "build"]
    command.prepare()
    assert not kept.exists()
    command.prepare()  # (nothing to remove: no error)


def test_the_cost_per_card_compares_first_builds_made_alike():
    """The large deck's first build follows a warm-up (its card files checked before): the huge deck's
    is taken from its run made the same way, not from the run that read every card file as YAML (the
    one its memory peak comes from)."""
    from bench.proc import Runs
    from bench.report import Report
    from bench.targets import _Judge

    def runs(cpu: float) -> Runs:
        return Runs("", wall=[cpu], cpu=[cpu], peak_mb=[100.0])
    report = Report(process={"first-1000": runs(3.0), "first-5000": runs(22.0), "first-checked-5000": runs(16.0)})
    judge = _Judge(report, "")
    judge.per_card_process(1000, 5000)
    (target,) = judge.targets
    assert target.passed and target.measured.startswith("3.0 → 3.2 ms/card (1.07×")


def test_the_bare_import_floor_is_the_libraries_not_decks_own_modules():
    """Issue 11's floor is issue 8's, importing the libraries: deck's own modules are deck's cost, so
    a build 1.5 times the process that also loads deck's code but 1.7 times the libraries alone fails."""
    from bench.__main__ import Plan
    from bench.proc import Runs
    from bench.report import Report
    from bench.targets import judge

    def runs(wall: float) -> Runs:
        return Runs("", wall=[wall], cpu=[wall], peak_mb=[30.0])
    report = Report(process={"build-9": runs(0.150), "first-9": runs(0.150), "floor-imports": runs(0.100),
                             "floor-libraries": runs(0.088)})
    plan = Plan(small=None, large=None, huge=None, runs=1, small_runs=1, extras=False, commands=False)
    targets = judge(report, plan, "no Typst here")
    (at,) = [index for index, target in enumerate(targets) if "bare-import floor" in target.what]
    assert [(target.measured[:5], target.passed) for target in targets[at:at + 2]] == [("1.70×", False)] * 2


def test_the_libraries_floor_loads_none_of_decks_modules(tmp_path):
    """The bare-import floor's process: the libraries a build imports (click, reportlab), deck's package
    file (which defers Pillow's images and HarfBuzz, as a build does) and none of deck's own modules."""
    import os
    import subprocess
    import sys

    from bench.proc import Installed

    installed = Installed.__new__(Installed)  # (its commands only: deck as this environment has it)
    installed.python, installed.cwd = sys.executable, tmp_path
    installed.env = {**os.environ, "DECK_CACHE": str(tmp_path / "cache")}
    floors = installed.imports_floors()
    (imports, modules), (libraries, library_modules) = floors["floor-imports"], floors["floor-libraries"]
    command_libraries, command_modules = floors["floor-command-libraries"]
    assert imports[-1].startswith("import deck.command; deck.command.load(); import ") and modules > 30
    assert "click" in command_libraries[-1] and "reportlab" not in command_libraries[-1]
    assert 20 < command_modules < library_modules
    probe = (libraries[-1] + "; import sys; print(*sorted(name for name in sys.modules if name.startswith('deck')), "
             "type(sys.modules['PIL.Image']).__name__, type(sys.modules['textwrap']).__name__, 'click' in sys.modules, "
             "'reportlab.pdfgen.canvas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # (deferred as in a build: Pillow's Image by deck's package file, textwrap as the command defers it)
    assert done.stdout.split() == ["deck", "deck.deferred", "_Deferred", "_Deferred", "True", "True"]
    assert library_modules > 50
    # the standard library deck's own code imports: no library's module, none of deck's, and loadable alone
    standard, standard_modules = floors["floor-standard"]
    named = standard[-1].split("import gc; gc.disable(); import ")[1].split(", ")
    assert {"dataclasses", "hashlib"} <= set(named) and len(named) == standard_modules
    assert not [name for name in named if name.partition(".")[0] in ("click", "reportlab", "deck", "yaml", "PIL")]
    probe = standard[-1] + "; import sys; print('click' in sys.modules, 'reportlab' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.split() == ["False", "False"], done.stderr


def test_standard_modules_of_reads_every_import_of_decks_modules_that_a_build_loaded():
    from bench.proc import standard_modules_of

    found = standard_modules_of(["deck.cli", "deck.pdffile"], {"gc", "atexit", "weakref", "tempfile", "click",
                                                                "collections", "reportlab.pdfbase.pdfdoc"})
    # cli imports gc and atexit at its top, unicodedata in a function (not loaded here: left out);
    # pdffile imports tempfile, weakref and collections; click and reportlab are libraries
    assert found == ["atexit", "collections", "gc", "tempfile", "weakref"]


def test_where_the_bundled_decks_time_goes_is_each_floor_less_the_one_below():
    from bench.proc import Runs
    from bench.report import Report

    def runs(ms: float) -> Runs:
        return Runs("", wall=[ms / 1000], cpu=[ms / 1000], peak_mb=[30.0])
    measured = {"python": 10, "floor-command-libraries": 40, "floor-libraries": 77, "floor-imports": 95,
                "build-9": 142, "first-9": 160, "typst-9": 101}
    lines = Report(process={key: runs(ms) for key, ms in measured.items()})._budget()
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ")[1:3] for line in lines if line.startswith("| ")}
    assert rows["Python's start"] == ["10", "10"]
    assert rows["click, and the modules it imports"] == ["30", "30"]
    assert rows["reportlab, and the other libraries' modules a build imports"] == ["37", "37"]
    assert rows["deck's own modules"] == ["18", "18"]
    assert rows["deck's work: reading, fitting, drawing, writing"] == ["47", "65"]
    assert rows["the whole `deck build`"] == ["142", "160"]
    assert rows["Typst's whole run, for comparison"] == ["101", "101"]
    assert "the whole build, at least" not in rows  # (no standard floor measured: no estimate)
    measured["floor-standard"] = 35
    lines = Report(process={key: runs(ms) for key, ms in measured.items()})._budget()
    rows = {line.strip("| ").split(" | ")[0]: line.strip("| ").split(" | ")[1:3] for line in lines if line.startswith("| ")}
    # 35 + 18 + 47 and 35 + 18 + 65, against Typst's 101
    assert rows["the whole build, at least"] == ["100", "118"]
    assert rows["the same / Typst's whole run"] == ["0.99×", "1.17×"]
    assert Report(process={"python": runs(10)})._budget() == []  # (a floor not measured: no table)
