"""Issue 8's benchmark: `python -m bench` from the repository root.

Builds synthetic decks of 100 and 1000 cards from the real content (bench/synth.py) next to the
bundled 9-card deck, times `deck` as whole processes and its stages in-process, compares with
`deck build --mode single` + `pdfimpose cards`, and prints one table of targets, also written to
bench/results.md. Takes a few minutes on 2 cores; `--quick` takes well under one.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .proc import ROOT, Runs, deck, has_command, has_module, measure, measure_chain, run_once
from .synth import write_deck

HOW_TO_RUN = "pip install -r bench/requirements.txt && python -m bench   (from the repository root; --quick for a smoke run)"
RESULTS = Path(__file__).resolve().parent / "results.md"
SMALL, LARGE = 100, 1000


@dataclass
class Target:
    what: str
    measured: str
    goal: str
    passed: bool | None  # None: could not be measured (n/a)

    @property
    def verdict(self) -> str:
        return "n/a" if self.passed is None else ("PASS" if self.passed else "FAIL")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, no 1000-card deck (a smoke run)")
    parser.add_argument("--runs", type=int, default=None, help="runs per command on the small decks (default 5)")
    parser.add_argument("--large-runs", type=int, default=None, help="runs per command on 1000 cards (default 3)")
    parser.add_argument("--profile", action="store_true", help="profile a 1000-card build even if every target passes")
    parser.add_argument("--keep", type=Path, default=None, help="keep the decks and PDFs in this folder")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results.md")
    args = parser.parse_args(argv)
    runs = args.runs or (2 if args.quick else 5)
    large_runs = args.large_runs or (1 if args.quick else 3)
    sizes = (9, SMALL) if args.quick else (9, SMALL, LARGE)

    started = time.perf_counter()
    work = Path(args.keep or tempfile.mkdtemp(prefix="deck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        report = Bench(work, sizes, runs, large_runs).run(args.profile)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    report += f"\nThe benchmark took {time.perf_counter() - started:.0f} s.\n"
    print(report)
    if not args.no_write:
        RESULTS.write_text(report, encoding="utf-8")
        log(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


class Bench:
    def __init__(self, work: Path, sizes: tuple[int, ...], runs: int, large_runs: int):
        self.work, self.sizes, self.runs, self.large_runs = work, sizes, runs, large_runs
        self.content: dict[int, Path | None] = {}
        self.process: dict[str, Runs] = {}
        self.stages: dict[int, dict[str, float]] = {}
        self.copyfit: dict[int, dict] = {}
        self.files: dict[str, int] = {}
        self.notes: list[str] = []
        self.profile = ""
        self.studio_seconds: list[float] = []
        self.studio_failed = ""

    def runs_for(self, cards: int) -> int:
        return self.large_runs if cards >= LARGE else self.runs

    def content_args(self, cards: int) -> list[str]:
        return [] if self.content[cards] is None else ["--content", str(self.content[cards])]

    # -- the measurements ------------------------------------------------------------------------

    def run(self, force_profile: bool) -> str:
        self.make_decks()
        run_once(deck("build", "-o", self.work / "warmup.pdf"))  # compiles the .pyc files once
        self.startup()
        for cards in self.sizes:
            self.builds(cards)
            self.in_process(cards)
        self.single_cards()
        self.preview()
        self.studio()
        self.pdfimpose()
        targets = self.targets()
        if force_profile or any(t.passed is False for t in targets):
            self.profile_large()
        return self.render(targets)

    def make_decks(self) -> None:
        self.content[9] = None  # the bundled deck: 8 cards and the intro card
        self.notes.append("The 100- and 1000-card decks reuse the 8 real cards' texts (bench/synth.py), so text "
                          "caches (word widths, hyphenation, smarten) hit more often than with 1000 different "
                          "texts: their per-card costs are a little optimistic.")
        for cards in self.sizes[1:]:
            folder = write_deck(self.work / f"deck-{cards}", cards)
            run_once(deck("check", "--content", folder))  # the synthetic deck must be a valid deck
            self.content[cards] = folder
            log(f"wrote a {cards}-card deck to {folder} (deck check: ok)")

    def startup(self) -> None:
        log("start-up: deck --help, deck check")
        self.process["help"] = measure("`deck --help`", deck("--help"), self.runs)
        self.process["check"] = measure("`deck check`", deck("check"), self.runs)

    def builds(self, cards: int) -> None:
        runs = self.runs_for(cards)
        log(f"{cards} cards: deck build, deck card 3 ({runs} runs each)")
        output = self.work / f"build-{cards}.pdf"
        self.process[f"build-{cards}"] = measure(f"`deck build` ({cards} cards)",
                                                 deck("build", "-o", output, *self.content_args(cards)), runs)
        self.files[f"build-{cards}"] = output.stat().st_size if output.exists() else 0
        self.process[f"card-{cards}"] = measure(f"`deck card 3` ({cards} cards)", deck(
            "card", "3", "-o", self.work / f"card3-{cards}.pdf", *self.content_args(cards)), runs)

    def in_process(self, cards: int) -> None:
        runs = self.runs_for(cards)
        content = str(self.content[cards] or "default")
        log(f"{cards} cards: stage timings ({runs} builds), copyfitting vs one layout pass")
        samples = []
        for _ in range(runs):
            _, _, out = run_once([sys.executable, "-m", "bench.inproc", "build", content,
                                  str(self.work / f"stages-{cards}.pdf")])
            samples.append(json.loads(out))
        self.stages[cards] = {stage: statistics.median(s[stage] for s in samples) for stage in samples[0]}
        _, _, out = run_once([sys.executable, "-m", "bench.inproc", "copyfit", content,
                              str(max(3, runs))])
        self.copyfit[cards] = json.loads(out)

    def single_cards(self) -> None:
        """Every card of the bundled deck as its own PDF (`deck card N`), for the size ratio."""
        log("bundled deck: deck card N for every card, intro included")
        total = 0
        for key in ["intro", *map(str, range(1, 9))]:
            output = self.work / f"single-{key}.pdf"
            run_once(deck("card", key, "-o", output))
            total += output.stat().st_size
        self.files["cards-9"] = total

    def preview(self) -> None:
        if not has_command("preview"):
            self.process["preview"] = Runs("`deck preview -o x.png`", failed="no such command in this checkout")
            log("deck preview: not in this checkout (n/a)")
            return
        log("deck preview -o x.png")
        output = self.work / "preview.png"
        self.process["preview"] = measure("`deck preview -o x.png` (9 cards)", deck("preview", "-o", output),
                                          self.runs)
        self.files["preview"] = output.stat().st_size if output.exists() else 0

    def studio(self) -> None:
        """`deck studio`: one card's preview after an edit on a warm server, as the browser gets it
        (the form posted, then both faces' images)."""
        runs = 4 * self.runs
        log(f"deck studio: {runs} edits of card 3's title, each until both faces are fetched")
        try:
            from .studio import preview_times

            self.studio_seconds = preview_times(runs)
        except Exception as error:  # a studio that cannot start is reported, the rest still measured
            self.studio_failed = str(error)[:200]
            log(f"deck studio: {self.studio_failed}")

    def pdfimpose(self) -> None:
        """The alternative workflow: one face per page, then pdfimpose's flash-card imposition on A4
        with crop marks (fronts and backs on alternate sheets, as ours)."""
        if not has_module("pdfimpose"):
            self.notes.append("pdfimpose is not installed (pip install -r bench/requirements.txt): "
                              "the comparison is n/a.")
            return
        version = subprocess.run([sys.executable, "-m", "pdfimpose", "--version"], capture_output=True,
                                 text=True).stdout.strip()
        self.notes.append(f"Alternative workflow: `deck build --mode single -o faces.pdf` then "
                          f"`pdfimpose cards faces.pdf --format A4 --mark crop` ({version}).")
        for cards in self.sizes[:2]:
            runs = self.runs_for(cards)
            log(f"{cards} cards: deck build --mode single + pdfimpose cards ({runs} runs)")
            faces, imposed = self.work / f"faces-{cards}.pdf", self.work / f"pdfimpose-{cards}.pdf"
            self.process[f"theirs-{cards}"] = measure_chain(f"single + pdfimpose ({cards} cards)", [
                deck("build", "--mode", "single", "-o", faces, *self.content_args(cards)),
                [sys.executable, "-m", "pdfimpose", "cards", str(faces), "--format", "A4", "--mark", "crop",
                 "--output", str(imposed)]], runs)
            self.files[f"theirs-{cards}"] = imposed.stat().st_size if imposed.exists() else 0
            self.files[f"faces-{cards}"] = faces.stat().st_size if faces.exists() else 0
        if self.files.get("faces-9"):
            self.notes.append(f"Imposed PDF / `--mode single` faces PDF, bundled deck: "
                              f"{self.files['build-9'] / self.files['faces-9']:.2f} "
                              f"({_kb(self.files['build-9'])} / {_kb(self.files['faces-9'])}); each single-card "
                              "PDF carries its own font subsets, which is why the target ratio is far below 1.")
        sheet = _page_size(self.work / f"pdfimpose-{self.sizes[0]}.pdf")
        if sheet:
            self.notes.append(f"pdfimpose's sheet is {sheet} pt (A4 is 595 × 842 pt: it adds room for its "
                              "marks); ours is exactly A4.")

    def profile_large(self) -> None:
        cards = self.sizes[-1]
        log(f"profiling a {cards}-card build (cProfile)")
        _, _, self.profile = run_once([sys.executable, "-m", "bench.inproc", "profile",
                                       str(self.content[cards] or "default"), str(self.work / "profile.pdf"), "15"])

    # -- the targets -------------------------------------------------------------------------------

    def targets(self) -> list[Target]:
        p, targets = self.process, []

        def timed(key: str, what: str, goal: float) -> None:
            runs = p.get(key)
            if runs is None or not runs.ok:
                targets.append(Target(what, "n/a", f"≤ {goal:g} s", None))
                return
            targets.append(Target(what, f"{runs.median:.2f} s ({runs.spread}, {len(runs.seconds)} runs)",
                                  f"≤ {goal:g} s", runs.median <= goal))

        timed("build-9", "`deck build`, bundled deck (9 cards, A4 duplex), whole process, median", 1.0)
        timed("card-9", "`deck card 3`, bundled deck, whole process, median", 0.6)
        large = self.sizes[-1]
        if large >= LARGE:
            timed(f"build-{large}", f"`deck build`, {large} cards, whole process, median", 15.0)
            runs = p[f"build-{large}"]
            targets.append(Target(f"`deck build`, {large} cards, peak memory (max RSS)",
                                  f"{runs.peak:.0f} MB" if runs.ok else "n/a", "≤ 300 MB",
                                  runs.peak <= 300 if runs.ok else None))
            small, big = (self.stages[n] for n in (SMALL, large))
            per_small, per_big = sum(small.values()) / SMALL * 1000, sum(big.values()) / large * 1000
            targets.append(Target(f"cost per card, {SMALL} → {large} cards (in-process build)",
                                  f"{per_small:.1f} → {per_big:.1f} ms/card ({per_big / per_small:.2f}x)",
                                  "≤ 1.5x", per_big / per_small <= 1.5))
        for cards in self.sizes:
            fit = self.copyfit[cards]
            ratio = statistics.median(fit["fit"]) / statistics.median(fit["pass"])
            targets.append(Target(f"copyfitting / one layout pass, {cards} cards",
                                  f"{ratio:.2f}x ({statistics.median(fit['fit']) * 1000:.0f} / "
                                  f"{statistics.median(fit['pass']) * 1000:.0f} ms)", "≤ 2x", ratio <= 2.0))
        if self.studio_seconds:
            seconds = sorted(self.studio_seconds)
            median = statistics.median(seconds)
            targets.append(Target("`deck studio`: card 3's preview after an edit (post the form, fetch both faces), "
                                  "warm server, median", f"{median * 1000:.0f} ms (max {seconds[-1] * 1000:.0f} ms, "
                                  f"{len(seconds)} edits)", "≤ 300 ms", median <= 0.3))
        else:
            targets.append(Target("`deck studio`: card 3's preview after an edit, warm server, median",
                                  f"n/a ({self.studio_failed})", "≤ 300 ms", None))
        ratio = self.files["build-9"] / self.files["cards-9"]
        targets.append(Target("imposed PDF / the 9 single-card PDFs together, bundled deck",
                              f"{ratio:.2f} ({_kb(self.files['build-9'])} / {_kb(self.files['cards-9'])})",
                              "≤ 1.1", ratio <= 1.1))
        for cards in self.sizes[:2]:
            ours, theirs = p[f"build-{cards}"], p.get(f"theirs-{cards}")
            if theirs is None or not theirs.ok or not ours.ok:
                targets.append(Target(f"time, ours / single + pdfimpose, {cards} cards", "n/a", "< 1", None))
                targets.append(Target(f"size, ours / single + pdfimpose, {cards} cards", "n/a", "< 1", None))
                continue
            time_ratio = ours.median / theirs.median
            size_ratio = self.files[f"build-{cards}"] / self.files[f"theirs-{cards}"]
            targets.append(Target(f"time, ours / single + pdfimpose, {cards} cards",
                                  f"{time_ratio:.2f} ({ours.median:.2f} / {theirs.median:.2f} s)", "< 1",
                                  time_ratio < 1))
            targets.append(Target(f"size, ours / single + pdfimpose, {cards} cards",
                                  f"{size_ratio:.2f} ({_kb(self.files[f'build-{cards}'])} / "
                                  f"{_kb(self.files[f'theirs-{cards}'])})", "< 1", size_ratio < 1))
        return targets

    # -- the report --------------------------------------------------------------------------------

    def render(self, targets: list[Target]) -> str:
        lines = ["# deck benchmark (issue 8)", "", *machine(), "", f"How to run: `{HOW_TO_RUN}`", "",
                 "## Targets", "", "| target | measured | goal | result |", "| --- | --- | --- | --- |"]
        lines += [f"| {t.what} | {t.measured} | {t.goal} | **{t.verdict}** |" for t in targets]
        failed = [t for t in targets if t.passed is False]
        lines += ["", f"Targets met: {sum(t.passed is True for t in targets)}; missed: {len(failed)}; "
                      f"not measured: {sum(t.passed is None for t in targets)}.", ""]
        lines += ["## Whole processes", "", "`python -m deck.cli ...`, wall time per process; peak = max RSS of "
                  "the child (os.wait4).", "", "| command | runs | median s | min–max s | peak MB | output |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for key, runs in self.process.items():
            size = _kb(self.files[key]) if self.files.get(key) else ""
            if runs.ok:
                lines.append(f"| {runs.label} | {len(runs.seconds)} | {runs.median:.3f} | {runs.spread} | "
                             f"{runs.peak:.0f} | {size} |")
            else:
                lines.append(f"| {runs.label} | – | n/a | | | {runs.failed[:120]} |")
        lines += ["", "## Stages inside one build", "", "`deck.build(..., timings=t)` in a fresh process each run "
                  "(cold, as the CLI); medians in ms.", "",
                  "| cards | load | fit | impose | draw | write | total | per card | PDF | PDF per card |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for cards, stages in self.stages.items():
            total = sum(stages.values())
            size = self.files.get(f"build-{cards}", 0)
            lines.append(f"| {cards} | " + " | ".join(f"{stages.get(s, 0) * 1000:.0f}" for s in
                                                      ("load", "fit", "impose", "draw", "write"))
                         + f" | {total * 1000:.0f} | {total / cards * 1000:.1f} | {_kb(size)} | {_kb(size / cards)} |")
        lines += ["", "## Copyfitting", "", "fit = `fit_deck` (warm fonts, fresh Typography); one pass = every face "
                  "composed once at its final body size via `_faces_to_fit` (fresh Typography); medians, heap collected "
                  "before each. Breakdown of fit by its helpers: glyph check (`_check_glyphs`), choosing the sizes "
                  "(`_body_sizes`), sharing out spare room (`_spreads` + `_final`, or `_spread`).", "",
                  "| cards | faces | fit ms | one pass ms | ratio | glyphs ms | sizes ms | spread ms | composes in fit "
                  "| composes per face |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for cards, fit in self.copyfit.items():
            f, one = statistics.median(fit["fit"]), statistics.median(fit["pass"])
            parts = fit.get("breakdown", {})
            composes = fit.get("composes")
            counted = f"{composes} | {composes / fit['faces']:.2f}" if composes else "? | ?"
            lines.append(f"| {cards} | {fit['faces']} | {f * 1000:.0f} | {one * 1000:.0f} | {f / one:.2f} | "
                         + " | ".join(f"{parts[k] * 1000:.0f}" if k in parts else "?" for k in
                                      ("glyphs", "sizes", "spread")) + f" | {counted} |")
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {note}" for note in self.notes]
        if self.profile:
            lines += ["", f"## Profile of a {self.sizes[-1]}-card build", "", "```", self.profile.strip(), "```"]
        return "\n".join(lines) + "\n"


def machine() -> list[str]:
    cpu, processors = "unknown", 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and cpu == "unknown":
                cpu = line.split(":", 1)[1].strip()
            processors += line.startswith("processor")
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = " (with uncommitted changes)" if _git("status", "--porcelain", "--", "deck", "layouts", "fonts") else ""
    versions = []
    for name in ("reportlab", "pypdf", "pyphen", "pdfimpose"):
        try:
            from importlib.metadata import version
            versions.append(f"{name} {version(name)}")
        except Exception:
            pass
    try:
        from reportlab.lib import rl_accel

        accelerated = "yes" if getattr(rl_accel, "_c_funcs", None) else "no (pure-Python fallbacks)"
    except Exception:
        accelerated = "?"
    return [f"- Machine: {cpu}, {processors or os.cpu_count()} cores ({usable} usable), "
            f"{platform.system()} {platform.release()}",
            f"- Python {platform.python_version()} ({sys.executable}); {', '.join(versions)}",
            f"- reportlab C accelerator (rl_accel): {accelerated}",
            f"- deck at commit {commit or '?'}{dirty}",
            f"- Date: {datetime.datetime.now().astimezone().isoformat(timespec='minutes')}"]


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _page_size(path: Path) -> str:
    try:
        from pypdf import PdfReader

        box = PdfReader(path).pages[0].mediabox
        return f"{float(box.width):.1f} × {float(box.height):.1f}"
    except Exception:
        return ""


def _kb(size: float) -> str:
    return f"{size / 1024:.0f} KB" if size < 10 * 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


if __name__ == "__main__":
    sys.exit(main())
