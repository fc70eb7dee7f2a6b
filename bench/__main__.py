"""Issue 17's benchmark: `python -m bench` from the repository root.

deck as a user runs it (installed, its console script; bench/proc.py) against Typst setting the
same cards (bench/typstdeck.py, bench/cards.typ), on the bundled deck and on synthetic decks with
different text on every card (bench/synth.py): whole processes, interleaved, wall and CPU time and
peak memory; the stages inside one build; copyfitting against one layout pass; the alternative
workflow with pdfimpose. One table of targets (bench/report.py), written to bench/results.md.
A few minutes on 2 cores; `--quick` well under one, and it writes nothing.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from . import typstdeck
from .proc import ROOT, CommandFailed, Installed, held_together, run_once
from .report import RESULTS, Report
from .synth import real_cards, vocabulary
from .targets import BUNDLED, judge


@dataclass(frozen=True)
class Plan:
    """What one benchmark run measures: deck sizes (None: left out) and runs per command."""

    small: int = 100           # per-card costs, Typst's total-fit line breaking, pdfimpose
    large: int | None = 1000   # deck against Typst, and 1000 cards within 5 s
    huge: int | None = 5000    # peak memory
    runs: int = 7              # on the bundled deck
    small_runs: int = 3
    large_runs: int = 3
    huge_runs: int = 1         # one run says the peak; the time is beside it
    extras: bool = True        # every card on its own, pdfimpose, copyfitting
    commands: bool = True      # deck --help, check, card 3, preview

    def stage_runs(self, cards: int) -> int:
        """In-process builds per deck: the large deck's stages need one (its time is in the runs above)."""
        return 1 if cards == self.large else min(3, self.runs_for(cards))

    def runs_for(self, cards: int) -> int:
        return {BUNDLED: self.runs, self.small: self.small_runs, self.large: self.large_runs}.get(cards, self.huge_runs)


FULL = Plan()
QUICK = Plan(small=60, large=None, huge=None, runs=3, small_runs=2, extras=False)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: fewer runs, no 1000- and 5000-card decks; prints, writes nothing")
    parser.add_argument("--runs", type=int, default=None, help="runs per command on the bundled deck")
    parser.add_argument("--profile", action="store_true", help="profile a build even if every target passes")
    parser.add_argument("--keep", type=Path, default=None, help="keep the decks and PDFs in this folder")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results.md")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("wordfreq") is None:
        print("python -m bench: the synthetic decks need wordfreq, from the bench extra: "
              "pip install -e \".[bench]\" (it also brings Typst and pdfimpose, to compare with)", file=sys.stderr)
        return 1
    plan = QUICK if args.quick else FULL
    if args.runs:
        plan = replace(plan, runs=args.runs)
    report = benchmark(plan, args.keep, args.profile)
    print(report)
    if not (args.no_write or args.quick):
        RESULTS.write_text(report, encoding="utf-8")
        log(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


def benchmark(plan: Plan, keep: Path | None = None, profile: bool = False) -> str:
    """Run `plan`; returns the report (Markdown)."""
    started, load = time.perf_counter(), os.getloadavg()
    work = Path(keep or tempfile.mkdtemp(prefix="deck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        bench = Bench(work, plan)
        report = bench.run(profile)
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    report.notes.append(f"Load average (1, 5, 15 min) of the machine at the start: {_load(load)}; at the end: "
                        f"{_load(os.getloadavg())} (other work on the machine slows both sides; the "
                        "interleaving shares it out).")
    return report.render(time.perf_counter() - started)


class Bench:
    def __init__(self, work: Path, plan: Plan):
        self.work, self.plan = work, plan
        self.out = work / "out"
        self.out.mkdir(exist_ok=True)
        self.deck = Installed(work)
        self.report = Report()
        self.folders: dict[int, Path] = {}
        self.sizes = [n for n in (BUNDLED, plan.small, plan.large, plan.huge) if n]
        self.typst = typstdeck.available()

    def content(self, cards: int) -> list[str]:
        """deck's options for a deck: none for the bundled one, as a user runs `deck build` outside
        a deck folder."""
        return [] if cards == BUNDLED else ["--content", str(self.folders[cards])]

    def run(self, profile: bool) -> Report:
        log("installing this checkout (pip install --target, bytecode compiled)")
        where = self.deck.install()
        self.report.how.append(
            f"How deck ran, as a user runs it: `pip install --no-deps --target DIR .` of this checkout (not "
            f"editable), its bytecode compiled (compileall), then its `deck` console script run in a folder outside "
            f"the repository by a clean interpreter (a virtual environment that sees this one's packages but runs "
            f"none of its .pth hooks, such as an editable install's; Typst runs in it too) with PYTHONPATH=DIR "
            f"(deck imported from DIR/{Path(where).parent.name}) and "
            f"PYTHONDONTWRITEBYTECODE unset, with a per-user cache of the benchmark's own (DECK_CACHE). Each deck "
            f"is built once before its runs are timed, so `deck build` rows are rebuilds, as after an edit "
            f"(deck keeps a deck's typeset paragraphs between runs); the rows \"first build\" remove those just "
            f"before each run, as for a deck never built before (every other cache stays warm). "
            f"The floors are the same interpreter loading deck's command line as the `deck` script does; that and "
            f"every module a build imports; and only the libraries' modules a build imports (the bare-import floor).")
        self.make_decks()
        self.deck.run(self.deck.deck("build", "-o", self.out / "warmup.pdf"))
        for cards in self.sizes[:3]:
            self.stages(cards)
        self.typst_documents()
        self.bundled()
        for cards in self.sizes[1:]:
            self.against_typst(cards)
        if self.plan.commands:
            self.commands()
            self.studio()
        if self.plan.extras:
            self.single_cards()
            self.pdfimpose()
            for cards in self.sizes[:2]:
                self.copyfit(cards)
        self.count_pages()
        self.report.targets = judge(self.report, self.plan, self.typst)
        if profile or (self.plan.large and any(t.passed is False for t in self.report.targets)):
            self.profile()
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.report.notes.append(
            f"Peak memory is the child's max RSS from os.wait4. Linux counts in it the memory of the benchmark's own "
            f"process that the child was forked from ({own:.0f} MB at most here), so a peak at that figure or "
            "below means \"no more than that\". It is the largest single process: a deck of 40 to 2000 cards is "
            "fitted and drawn with a helper process on the second core (deck/cores.py), whose memory it leaves out."
            + self.together())
        return self.report

    def together(self) -> str:
        """What a first build of the large deck, helper and all, holds at once (one more run, untimed)."""
        cards = self.plan.large
        if not cards:
            return ""
        args = self.deck.first("build", "-o", self.out / f"together-{cards}.pdf", *self.content(cards))
        log(f"{cards} cards: memory of deck and its helper together (one untimed first build)")
        args.prepare()
        held = held_together(args, self.deck.cwd, self.deck.env)
        return (f" A first build of {cards} cards, its helper included, holds at most {held:.0f} MB at once (the "
                "sum of the processes' proportional set sizes, sampled every 50 ms); above 2000 cards there is "
                "no helper, and the 5000-card peak is the whole build's.")

    # -- the decks -------------------------------------------------------------------------------

    def make_decks(self) -> None:
        shutil.rmtree(self.work / f"deck-{BUNDLED}", ignore_errors=True)
        self.folders[BUNDLED] = shutil.copytree(ROOT / "content", self.work / f"deck-{BUNDLED}")
        words = {BUNDLED: vocabulary(real_cards(self.folders[BUNDLED]))}
        for cards in self.sizes[1:]:
            start, folder = time.perf_counter(), self.work / f"deck-{cards}"
            written = run_once([sys.executable, "-m", "bench.synth", str(folder), str(cards)], ROOT)
            words[cards] = json.loads(written.stdout)
            self.folders[cards] = folder
            log(f"wrote a {cards}-card deck with different text on every card ({time.perf_counter() - start:.1f} s)")
        self.report.notes.append(
            "Synthetic decks (bench/synth.py): card k has the shape of real card ((k - 1) mod 8) + 1 (as many "
            "paragraphs, words of the same lengths, the same punctuation), its words swapped within sentences and "
            "about half of them replaced by Dutch words of the same length drawn by their frequency; no title, "
            "summary, challenge, quote paragraph, suggestion or source title appears twice. Words (distinct): "
            + "; ".join(f"{cards} cards {total} ({distinct})" for cards, (total, distinct) in words.items())
            + f" ({BUNDLED} = the bundled deck).")

    def stages(self, cards: int) -> None:
        """The stages inside deck.build(), each run in a fresh process; also deck's body sizes."""
        runs = self.plan.stage_runs(cards)
        log(f"{cards} cards: stages of deck.build() in-process ({runs} runs)")
        content = "default" if cards == BUNDLED else self.folders[cards]
        self.warm(cards)
        samples = [self.deck.inproc("build", content, self.out / f"stages-{cards}.pdf") for _ in range(runs)]
        results = [json.loads(sample.stdout) for sample in samples]
        self.report.stages[cards] = {stage: statistics.median(r["stages"][stage] for r in results)
                                     for stage in results[0]["stages"]}
        self.report.stage_processes[cards] = (statistics.median(s.wall for s in samples),
                                              statistics.median(s.cpu for s in samples), runs)
        self.report.body_sizes[cards] = results[0]["sizes"]
        self.report.bands[cards] = (results[0]["colours"], results[0]["accent"])
        self.report.prose[cards] = results[0]["prose"]

    def warm(self, cards: int) -> None:
        """One build of the deck, so that the runs timed after it are all rebuilds (typecache.py)."""
        self.deck.run(self.deck.deck("build", "-o", self.out / "warmup.pdf", *self.content(cards)))

    def typst_documents(self) -> None:
        if self.typst:
            self.report.notes.append(f"Typst is n/a: {self.typst}.")
            return
        self.report.typst_version = typstdeck.version(self.work)
        self.report.how.append(
            f"How Typst ran: {self.report.typst_version} as `python -c \"import typst; typst.compile(...)\"`, a "
            "process of its own for each run, taking turns with deck's (A B A B ...); see \"Typst side by side\".")
        for cards in self.sizes[:3]:
            sizes, folder = self.report.body_sizes[cards], self.folders[cards]
            colours, accent = self.report.bands[cards]
            prose = self.report.prose[cards]
            typstdeck.write_document(folder, sizes, colours, accent, prose)
            if cards == self.plan.small:
                typstdeck.write_document(folder, sizes, colours, accent, prose, total_fit=True, name="total-fit.typ")

    # -- whole processes ---------------------------------------------------------------------------

    def typst_command(self, key: str, cards: int, name: str = typstdeck.MAIN) -> list[str]:
        return typstdeck.compile_command(self.folders[cards] / name, self.out / f"{key}.pdf", self.deck.python)

    def bundled(self) -> None:
        """The floor, `deck build` and Typst on the bundled deck, taking turns."""
        runs = self.plan.runs
        log(f"bundled deck: import floor, deck build, Typst, interleaved ({runs} runs each)")
        commands = {"floor": ("`deck`'s command line loaded, nothing done (the floor of a command)", self.deck.floor()),
                    f"build-{BUNDLED}": (f"`deck build` (bundled deck, {BUNDLED} cards)",
                                         self.deck.deck("build", "-o", self.out / f"build-{BUNDLED}.pdf")),
                    f"first-{BUNDLED}": (f"`deck build`, first build (bundled deck, {BUNDLED} cards)",
                                         self.deck.first("build", "-o", self.out / f"first-{BUNDLED}.pdf"))}
        floors = self.deck.imports_floors()
        (imports, modules), (libraries, library_modules) = floors["floor-imports"], floors["floor-libraries"]
        command_libraries, command_modules = floors["floor-command-libraries"]
        commands["floor-imports"] = ((f"the same, and the {modules} modules a build imports too (deck's own "
                                      "included), nothing done"), imports)
        commands["floor-libraries"] = ((f"the bare-import floor: the {library_modules} modules of the libraries "
                                        "a build imports (none of deck's), the collector off, nothing done"),
                                       libraries)
        commands["floor-command-libraries"] = ((f"the {command_modules} of them the command line loads (click and "
                                                "what it imports), the same way"), command_libraries)
        standard, standard_modules = floors["floor-standard"]
        commands["floor-standard"] = ((f"the {standard_modules} modules of Python's standard library that deck's own "
                                       "code imports (none of click's or reportlab's), the same way"), standard)
        commands["python"] = ("`python -c pass` (Python's start)", [self.deck.python, "-c", "pass"])
        if not self.typst:
            commands["typst-floor"] = ("`python -c \"import typst\"` (Typst's wrapper, nothing set)",
                                       typstdeck.import_command(self.deck.python))
            commands[f"typst-{BUNDLED}"] = (f"Typst (bundled deck, {BUNDLED} cards)",
                                            self.typst_command(f"typst-{BUNDLED}", BUNDLED))
        self.measured(commands, runs)
        found = self.report.process
        if all(found.get(key) is not None and found[key].ok for key in ("floor", "floor-imports", f"build-{BUNDLED}",
                                                                          f"first-{BUNDLED}")):
            build, first = found[f"build-{BUNDLED}"].median, found[f"first-{BUNDLED}"].median
            floor, loaded = found["floor"].median, found["floor-imports"].median
            self.report.notes.append(
                f"The bare-import floor of the targets is issue 8's, \"importing reportlab, pypdf, click, yaml, PIL "
                "and pyphen ... the floor of any deck command\": a process importing the modules of the libraries "
                f"a build of the bundled deck imports ({library_modules}: click, reportlab's, Python's own that "
                "they and deck use; a build no longer loads pypdf, yaml, Pillow or pyphen), with the collector "
                "off, and doing nothing. deck's own modules are deck's cost, not the floor's. Against the "
                f"command line loaded alone ({floor:.3f} s) `deck build` takes {build / floor:.2f}× (first build "
                f"{first / floor:.2f}×); against every module a build imports, deck's own included "
                f"({loaded:.3f} s), {build / loaded:.2f}× (first build {first / loaded:.2f}×).")

    def against_typst(self, cards: int) -> None:
        runs = self.plan.runs_for(cards)
        first = (f"first-{cards}", f"`deck build`, first build ({cards} cards)",
                 self.deck.first("build", "-o", self.out / f"first-{cards}.pdf", *self.content(cards)))
        if cards == self.plan.huge:
            # one run: the first build of a deck never built before (its card files read as YAML), the
            # peak; then one as the other decks' first builds are timed (their card files checked
            # before, by the warm-up), for the cost per card
            self.measured({first[0]: first[1:]}, runs)
            commands = {f"first-checked-{cards}": (
                f"`deck build`, first build ({cards} cards, its card files checked before)",
                self.deck.first("build", "-o", self.out / f"first-checked-{cards}.pdf", *self.content(cards)))}
        else:
            self.warm(cards)
            commands = {f"build-{cards}": (f"`deck build` ({cards} cards)", self.deck.deck(
                "build", "-o", self.out / f"build-{cards}.pdf", *self.content(cards))), first[0]: first[1:]}
        if not self.typst and cards != self.plan.huge:
            commands[f"typst-{cards}"] = (f"Typst ({cards} cards)", self.typst_command(f"typst-{cards}", cards))
            if cards == self.plan.small:
                commands[f"typst-total-{cards}"] = (f"Typst, total-fit line breaking ({cards} cards)",
                                                    self.typst_command(f"typst-total-{cards}", cards, "total-fit.typ"))
        log(f"{cards} cards: {', '.join(label for label, _ in commands.values())} ({runs} runs each)")
        self.measured(commands, runs)

    def measured(self, commands: dict[str, tuple[str, list[str]]], runs: int) -> None:
        """Run `commands` interleaved; each writes ITS KEY.pdf in the output folder, whose size and
        pages go into the report."""
        self.report.process.update(self.deck.interleaved(commands, runs))
        for key in commands:
            output = self.out / f"{key}.pdf"
            if output.exists():
                self.report.files[key] = output.stat().st_size

    def count_pages(self) -> None:
        """The pages of every PDF the builds wrote (in a child: pypdf would grow this process)."""
        keys = list(self.report.files)
        paths = [str(self.out / f"{key}.pdf") for key in keys if (self.out / f"{key}.pdf").exists()]
        code = "import json, sys, pypdf; print(json.dumps([len(pypdf.PdfReader(p).pages) for p in sys.argv[1:]]))"
        pages = json.loads(run_once([sys.executable, "-c", code, *paths], ROOT).stdout)
        self.report.pages.update(zip([Path(p).stem for p in paths], pages))

    def commands(self) -> None:
        log("deck --help, deck check, deck card 3, deck preview")
        self.report.process.update(self.deck.interleaved({
            "help": ("`deck --help`", self.deck.deck("--help")),
            "check": ("`deck check` (bundled deck)", self.deck.deck("check")),
            f"card-{BUNDLED}": ("`deck card 3` (bundled deck)",
                                self.deck.deck("card", "3", "-o", self.out / "card3.pdf")),
        }, self.plan.runs))
        if self.deck.has_command("preview"):
            self.report.process["preview"] = self.deck.measure(
                "`deck preview -o x.png` (bundled deck)", self.deck.deck("preview", "-o", self.out / "preview.png"),
                self.plan.runs)

    def studio(self) -> None:
        """`deck studio`: one card's preview after an edit on a warm server, as the browser gets it
        (the form posted, then both faces' images); bench/studio.py in a child process."""
        runs = 4 * self.plan.runs
        log(f"deck studio: {runs} edits of card 3's title, each until both faces are fetched")
        try:
            self.report.studio = json.loads(self.deck.inproc_module("bench.studio", runs).stdout)
        except CommandFailed as error:  # a studio that cannot start is reported, the rest still measured
            self.report.studio_failed = str(error)[:200]

    def single_cards(self) -> None:
        """Every card of the bundled deck as its own PDF (`deck card N`), for the size ratio."""
        log("bundled deck: deck card N for every card, intro included")
        total = 0
        for key in ["intro", *map(str, range(1, 9))]:
            output = self.out / f"single-{key}.pdf"
            self.deck.run(self.deck.deck("card", key, "-o", output))
            total += output.stat().st_size
        self.report.files["cards-9"] = total

    def pdfimpose(self) -> None:
        """The alternative workflow: one face per page, then pdfimpose's flash-card imposition on A4
        with crop marks (fronts and backs on alternate sheets, as ours)."""
        try:
            version = self.deck.run([self.deck.python, "-m", "pdfimpose", "--version"]).stdout.strip()
        except (CommandFailed, OSError):
            self.report.notes.append("pdfimpose is not installed (pip install -e '.[bench]'): the comparison is n/a.")
            return
        self.report.notes.append(f"Alternative workflow: `deck build --mode single -o faces.pdf` then "
                                 f"`pdfimpose cards faces.pdf --format A4 --mark crop` ({version}).")
        for cards in self.sizes[:2]:
            runs = min(3, self.plan.runs_for(cards))
            log(f"{cards} cards: deck build --mode single + pdfimpose cards ({runs} runs)")
            faces, imposed = self.out / f"faces-{cards}.pdf", self.out / f"pdfimpose-{cards}.pdf"
            self.report.process[f"theirs-{cards}"] = self.deck.chain(f"single + pdfimpose ({cards} cards)", [
                self.deck.deck("build", "--mode", "single", "-o", faces, *self.content(cards)),
                [self.deck.python, "-m", "pdfimpose", "cards", str(faces), "--format", "A4", "--mark", "crop",
                 "--output", str(imposed)]], runs)
            for key, path in ((f"theirs-{cards}", imposed), (f"faces-{cards}", faces)):
                self.report.files[key] = path.stat().st_size if path.exists() else 0

    def copyfit(self, cards: int) -> None:
        log(f"{cards} cards: copyfitting against one layout pass")
        content = "default" if cards == BUNDLED else self.folders[cards]
        try:
            self.report.copyfit[cards] = json.loads(self.deck.inproc("copyfit", content, 3).stdout)
        except CommandFailed as error:
            self.report.notes.append(f"Copyfitting could not be measured on {cards} cards: {error}")

    def profile(self) -> None:
        """cProfile of a build of the small deck: its cost per card is the large deck's (see the stages)."""
        cards = self.plan.small
        log(f"profiling a {cards}-card build (cProfile)")
        run = self.deck.inproc("profile", self.folders[cards], self.out / "profile.pdf", 15)
        self.report.profile = (cards, run.stdout)


def _load(load: tuple[float, float, float]) -> str:
    return ", ".join(f"{value:.2f}" for value in load)


if __name__ == "__main__":
    sys.exit(main())
