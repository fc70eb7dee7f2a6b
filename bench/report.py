"""The benchmark's measurements -> bench/results.md: the machine, the targets, the tables, the notes."""
from __future__ import annotations

import datetime
import os
import platform
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .proc import ROOT, Runs
from .targets import BUNDLED, Target, kb

RESULTS = Path(__file__).resolve().parent / "results.md"
HOW_TO_RUN = "pip install -e \".[bench]\" && python -m bench   (from the repository root; --quick for a smoke run)"
STAGES = ("load", "fit", "impose", "draw", "write")


@dataclass
class Report:
    process: dict[str, Runs] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)      # key -> bytes of its output
    pages: dict[str, int] = field(default_factory=dict)      # key -> pages of its output
    stages: dict[int, dict[str, float]] = field(default_factory=dict)
    stage_processes: dict[int, tuple[float, float, int]] = field(default_factory=dict)  # wall, CPU, runs
    body_sizes: dict[int, list[tuple[float, float]]] = field(default_factory=dict)
    bands: dict[int, tuple[list[str], str]] = field(default_factory=dict)  # cards -> each card's colour, the intro's
    prose: dict[int, dict] = field(default_factory=dict)  # cards -> where the fronts' running text stands
    copyfit: dict[int, dict] = field(default_factory=dict)
    studio: list[float] = field(default_factory=list)  # seconds per edit
    studio_failed: str = ""
    targets: list[Target] = field(default_factory=list)
    how: list[str] = field(default_factory=list)    # how deck and Typst were run, under the machine
    notes: list[str] = field(default_factory=list)
    typst_version: str = ""
    profile: tuple[int, str] | None = None

    def render(self, seconds: float) -> str:
        lines = ["# deck benchmark (issue 17)", "", *machine(self.typst_version), *(f"- {how}" for how in self.how), "",
                 f"How to run: `{HOW_TO_RUN}`", ""]
        lines += (self._targets() + self._typst() + self._processes() + self._budget() + self._stages()
                  + self._copyfit())
        lines += ["## Notes", ""] + [f"- {note}" for note in self.notes]
        if self.profile:
            cards, text = self.profile
            lines += ["", f"## Profile of a {cards}-card build (in-process, cProfile)", "", "```", text.strip(), "```"]
        lines += ["", f"The benchmark took {seconds:.0f} s."]
        return "\n".join(lines) + "\n"

    def _targets(self) -> list[str]:
        lines = ["## Targets", "", "| target | measured | goal | result |", "| --- | --- | --- | --- |"]
        for t in self.targets:
            measured = f"n/a: {t.why}" if t.passed is None and t.why else t.measured
            lines.append(f"| {t.what} | {measured} | {t.goal} | **{t.verdict}** |")
        failed = sum(t.passed is False for t in self.targets)
        return lines + ["", f"Targets met: {sum(t.passed is True for t in self.targets)}; missed: {failed}; "
                            f"not measured: {sum(t.passed is None for t in self.targets)}.", ""]

    def _typst(self) -> list[str]:
        if not self.typst_version:
            return []
        lines = ["## Typst side by side", "",
                 f"{self.typst_version}, through its Python wheel (`python -c \"import typst; typst.compile(...)\"`: "
                 "the wheel has no command of its own, so Python's start and the wheel's import are part of Typst's "
                 "time; the row `import typst` shows how much). Typst reads the same YAML files (bench/cards.typ) "
                 "and sets every card as deck's default layout does, roughly: A5 with 3 mm bleed, the same Lato "
                 "files (fonts/, no system fonts), Dutch hyphenation (`text(lang: \"nl\", hyphenate: true)`), "
                 "leading 1.3, the running text where deck puts it (fronts in one column beside the number unless "
                 "deck chose two; suggestions and sources in two), at the body sizes deck chose for that deck "
                 "(below). Its line breaking is "
                 "Typst's default for ragged text (first-fit); deck breaks each paragraph as a whole (total-fit), "
                 "which Typst does with `linebreaks: \"optimized\"` (the row \"total-fit\", for comparison). deck's "
                 "PDF is more: its faces imposed on A4 sheets with crop marks.", "",
                 "**Typst is multi-threaded** (it runs worker threads beside its main one): on a multi-core machine "
                 "with cores to spare its CPU time exceeds its wall time. The ratios are quoted on wall time, what a "
                 "user waits for, with CPU time beside them; deck runs on one core.", ""]
        for cards, sizes in self.body_sizes.items():
            fronts = sorted({front for front, _ in sizes[1:]})
            backs = sorted({back for _, back in sizes[1:]})
            lines.append(f"- Body sizes deck chose for {cards} cards: fronts {_points(fronts)}, "
                         f"backs {_points(backs)}; "
                         f"the intro card {sizes[0][0]:g} / {sizes[0][1]:g} pt.")
        for key, pages in self.pages.items():
            cards = int(key.rsplit("-", 1)[1])
            faces = 2 * len(self.body_sizes.get(cards, ()))
            if key.startswith("typst") and faces and pages != faces:
                lines.append(f"- {self.process[key].label}: {pages} pages for {faces} faces: Typst's text of "
                             f"{pages - faces} face(s) ran over onto a page of its own.")
        return lines + [""]

    def _processes(self) -> list[str]:
        lines = ["## Whole processes", "", "Wall time and CPU time (user + system, os.wait4) per process, medians; "
                 "peak = max RSS of the child. Commands of one group ran interleaved.", "",
                 "| command | runs | wall s | min–max s | CPU s | peak MB | output |",
                 "| --- | --- | --- | --- | --- | --- | --- |"]
        for key, runs in self.process.items():
            output = ""
            if self.files.get(key):
                output = kb(self.files[key]) + (f", {self.pages[key]} pages" if key in self.pages else "")
            if runs.ok:
                lines.append(f"| {runs.label} | {len(runs.wall)} | {runs.median:.3f} | {runs.spread} | "
                             f"{runs.cpu_median:.3f} | {runs.peak:.0f} | {output} |")
            else:
                lines.append(f"| {runs.label} | – | n/a | | | | {runs.failed[:300]} |")
        return lines + [""]

    def _budget(self) -> list[str]:
        """Where the bundled deck's build spends its time, from the floors measured beside it."""
        keys = ("python", "floor-command-libraries", "floor-libraries", "floor-imports", f"build-{BUNDLED}",
                f"first-{BUNDLED}")
        if not all(key in self.process and self.process[key].ok for key in keys):
            return []
        start, command, libraries, loaded, build, first = (self.process[key].median * 1000 for key in keys)
        parts = [("Python's start", start, start, "`python -c pass`"),
                 ("click, and the modules it imports", command - start, command - start,
                  "the command line's libraries loaded, less Python's start"),
                 ("reportlab, and the other libraries' modules a build imports", libraries - command,
                  libraries - command, "the bare-import floor, less the command line's libraries"),
                 ("deck's own modules", loaded - libraries, loaded - libraries,
                  "every module a build imports, loaded as the command loads them, less the bare-import floor"),
                 ("deck's work: reading, fitting, drawing, writing", build - loaded, first - loaded,
                  "the build, less every module it imports"),
                 ("the whole `deck build`", build, first, "")]
        typst = self.process.get(f"typst-{BUNDLED}")
        if typst is not None and typst.ok:
            parts.append(("Typst's whole run, for comparison", typst.median * 1000, typst.median * 1000, ""))
        lines = ["## Where the bundled deck's build goes", "",
                 "Each part the difference between two processes of the table above, each loading what the one "
                 "before it did and more (medians of separate runs: a part is only roughly that, and a small one "
                 "may read a few ms either way). ms of wall time.", "",
                 "| part | rebuild | first build | measured as |", "| --- | --- | --- | --- |"]
        lines += [f"| {what} | {ours:.0f} | {first_build:.0f} | {how} |" for what, ours, first_build, how in parts]
        return lines + [""] + self._without_libraries(loaded - libraries, build - loaded, first - loaded, typst)

    def _without_libraries(self, modules: float, work: float, first_work: float,
                           typst: Runs | None) -> list[str]:
        """What the build would cost if click and reportlab were gone and deck's code did their part
        for nothing: Python's start, the standard modules deck's own code imports, deck's modules and
        deck's work as measured. A bound from below (deck's work today includes reportlab's drawing
        and formatting, which a replacement would still do), for deciding whether leaving the
        libraries could meet the target against Typst."""
        standard = self.process.get("floor-standard")
        if standard is None or not standard.ok:
            return []
        loaded = standard.median * 1000
        rebuild, first = loaded + modules + work, loaded + modules + first_work
        rows = [("Python's start and the standard modules deck's own code imports", loaded, loaded),
                ("deck's own modules", modules, modules),
                ("deck's work: reading, fitting, drawing, writing", work, first_work),
                ("the whole build, at least", rebuild, first)]
        if typst is not None and typst.ok:
            rows.append(("the same / Typst's whole run", rebuild / (typst.median * 1000),
                         first / (typst.median * 1000)))
        lines = ["Without click and reportlab, at least (their own modules gone, their work done by deck for "
                 "nothing: the standard modules deck's own code imports, measured as a process of its own, and "
                 "deck's part of the table above):", "", "| part | rebuild | first build |", "| --- | --- | --- |"]
        lines += [f"| {what} | {ours:.2f}× | {first_build:.2f}× |" if what.startswith("the same")
                  else f"| {what} | {ours:.0f} | {first_build:.0f} |" for what, ours, first_build in rows]
        return lines + [""]

    def _stages(self) -> list[str]:
        lines = ["## Stages inside one build", "", "`deck.build(..., timings=t)` of the installed deck, in a fresh "
                 "process each run (cold, as the command); medians in ms. The 9 cards are the bundled deck, the "
                 "others unique text. The last columns are the whole child process (Python's start, imports, the "
                 "build): a wall time well above its CPU time means the machine was busy with other work.", "",
                 "| cards | runs | load | fit | impose | draw | write | total | per card | PDF "
                 "| process wall / CPU s |",
                 "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for cards, stages in self.stages.items():
            total, size = sum(stages.values()), self.files.get(f"build-{cards}", 0)
            wall, cpu, runs = self.stage_processes[cards]
            lines.append(f"| {cards} | {runs} | " + " | ".join(f"{stages.get(s, 0) * 1000:.0f}" for s in STAGES)
                         + f" | {total * 1000:.0f} | {total / cards * 1000:.1f} | {kb(size)} "
                         f"| {wall:.2f} / {cpu:.2f} |")
        return lines + [""]

    def _copyfit(self) -> list[str]:
        if not self.copyfit:
            return []
        lines = ["## Copyfitting", "", "fit = `fit_deck` (warm fonts, fresh Typography); one pass = every face "
                 "composed once at its final body size (fresh Typography); medians, heap collected before each. fit "
                 "by its helpers: the glyph check, choosing the sizes, sharing out spare room.", "",
                 "| cards | faces | fit ms | one pass ms | ratio | glyphs ms | sizes ms | spread ms | composes in fit "
                 "| composes per face |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for cards, fit in self.copyfit.items():
            f, one = statistics.median(fit["fit"]), statistics.median(fit["pass"])
            parts, composes = fit.get("breakdown", {}), fit.get("composes")
            counted = f"{composes} | {composes / fit['faces']:.2f}" if composes else "? | ?"
            lines.append(f"| {cards} | {fit['faces']} | {f * 1000:.0f} | {one * 1000:.0f} | {f / one:.2f} | "
                         + " | ".join(f"{parts[k] * 1000:.0f}" if k in parts else "?" for k in
                                      ("glyphs", "sizes", "spread")) + f" | {counted} |")
        return lines + [""]


def machine(typst_version: str = "") -> list[str]:
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
    for name in ("reportlab", "pypdf", "pyphen", "uharfbuzz", "pdfimpose", "typst"):
        try:
            from importlib.metadata import version

            versions.append(f"{name} {version(name)}")
        except Exception:
            pass
    return [f"- Machine: {cpu}, {processors or os.cpu_count()} cores ({usable} usable), "
            f"{platform.system()} {platform.release()}",
            f"- Python {platform.python_version()} ({sys.executable}); {', '.join(versions)}",
            f"- Typst: {typst_version or 'not measured'}",
            f"- deck at commit {commit or '?'}{dirty}",
            f"- Date: {datetime.datetime.now().astimezone().isoformat(timespec='minutes')}"]


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _points(values: list[float]) -> str:
    return " to ".join(f"{v:g}" for v in (values[0], values[-1])) + " pt" if len(values) > 1 else f"{values[0]:g} pt"
