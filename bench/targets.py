"""The measurements (a Report) -> the targets: issue 17's, and issue 8's that still measure something
true, each with its verdict: PASS, FAIL, or n/a and why."""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .__main__ import Plan
    from .report import Report

BUNDLED = 9  # the bundled deck: 8 cards and the intro card
QUICK = "not run with --quick"


@dataclass
class Target:
    what: str
    measured: str
    goal: str
    passed: bool | None  # None: could not be measured (n/a)
    why: str = ""        # why not, for n/a

    @property
    def verdict(self) -> str:
        return "n/a" if self.passed is None else ("PASS" if self.passed else "FAIL")


def judge(report: Report, plan: Plan, no_typst: str = "") -> list[Target]:
    """Every target against `report`; `no_typst` says why Typst was not measured ('' if it was)."""
    judged = _Judge(report, no_typst)
    large, huge = plan.large or 1000, plan.huge or 5000
    typst = report.typst_version.split(" (")[0] or "Typst"
    # a deck is mostly built again after an edit (its paragraphs kept, deck/typecache.py); the first
    # build of a deck sets every paragraph: both are judged
    judged.ratio(f"`deck build` / {typst}, bundled deck ({BUNDLED} cards), wall time", f"build-{BUNDLED}",
                 f"typst-{BUNDLED}", 1)
    judged.ratio("the same, first build of the deck", f"first-{BUNDLED}", f"typst-{BUNDLED}", 1)
    judged.ratio(f"`deck build` / {typst}, {large} cards of unique text, wall time", f"build-{large}",
                 f"typst-{large}", 0.25, "" if plan.large else QUICK)
    judged.ratio("the same, first build of the deck", f"first-{large}", f"typst-{large}", 0.25,
                 "" if plan.large else QUICK)
    judged.peak(f"`deck build`, {huge} cards of unique text, first build, peak memory (max RSS)", f"first-{huge}",
                300, "" if plan.huge else QUICK)
    # issue 11's floor as issue 8 defined it, "importing reportlab, pypdf, click, yaml, PIL and pyphen
    # ... the floor of any deck command": the libraries' imports, nothing done. A build loads its
    # modules when it needs them, so the floor is a process importing the libraries' modules a build
    # imports (row "floor-libraries"); deck's own modules are deck's cost (making them cheaper to load
    # must show), so the process importing those too ("floor-imports") is a note, not the floor
    judged.ratio("`deck build` (bundled deck) / the bare-import floor (the libraries' modules a build imports, "
                 "nothing done), wall time", f"build-{BUNDLED}", "floor-libraries", 1.6)
    judged.ratio("the same, first build of the deck", f"first-{BUNDLED}", "floor-libraries", 1.6)
    judged.seconds(f"`deck build`, {large} cards of unique text, wall time", f"build-{large}", 5.0,
                   "" if plan.large else QUICK)
    judged.seconds("the same, first build of the deck", f"first-{large}", 5.0, "" if plan.large else QUICK)
    judged.seconds("`deck card 3`, bundled deck, wall time", f"card-{BUNDLED}", 0.6)
    judged.per_card(plan.small, large, "" if plan.large else QUICK)
    judged.per_card_process(large, huge, "" if plan.large and plan.huge else QUICK)
    judged.copyfit()
    judged.studio(QUICK if not plan.commands else "")
    judged.single_cards()
    for cards in (BUNDLED, plan.small) if plan.extras else ():
        judged.pdfimpose(cards)
    return judged.targets


class _Judge:
    def __init__(self, report: Report, no_typst: str):
        self.report, self.no_typst = report, no_typst
        self.process, self.files = report.process, report.files
        self.targets: list[Target] = []

    def _failed(self, *keys: str) -> str:
        """Why one of `keys` has no measurement: its error, or that it did not run."""
        for key in keys:
            runs = self.process.get(key)
            if runs is None:
                return self.no_typst if key.startswith("typst") and self.no_typst else "not measured"
            if not runs.ok:
                return runs.failed[:300]
        return ""

    def ratio(self, what: str, ours: str, theirs: str, goal: float, skipped: str = "") -> None:
        failed = skipped or self._failed(ours, theirs)
        if failed:
            self.targets.append(Target(what, "n/a", f"≤ {goal:g}×", None, failed))
            return
        a, b = self.process[ours], self.process[theirs]
        value = a.median / b.median
        self.targets.append(Target(what, f"{value:.2f}× ({a.median:.2f} / {b.median:.2f} s; CPU {a.cpu_median:.2f} / "
                                         f"{b.cpu_median:.2f} s)", f"≤ {goal:g}×", value <= goal))

    def peak(self, what: str, key: str, goal: float, skipped: str = "") -> None:
        failed = skipped or self._failed(key)
        if failed:
            self.targets.append(Target(what, "n/a", f"< {goal:g} MB", None, failed))
            return
        runs = self.process[key]
        self.targets.append(Target(what, f"{runs.peak:.0f} MB ({runs.median:.1f} s, CPU {runs.cpu_median:.1f} s)",
                                   f"< {goal:g} MB", runs.peak < goal))

    def seconds(self, what: str, key: str, goal: float, skipped: str = "") -> None:
        failed = skipped or self._failed(key)
        if failed:
            self.targets.append(Target(what, "n/a", f"≤ {goal:g} s", None, failed))
            return
        runs = self.process[key]
        self.targets.append(Target(what, f"{runs.median:.2f} s ({runs.spread}, {len(runs.wall)} runs; CPU "
                                         f"{runs.cpu_median:.2f} s)", f"≤ {goal:g} s", runs.median <= goal))

    def per_card(self, small: int, large: int, skipped: str = "") -> None:
        what = f"cost per card, {small} → {large} cards of unique text (in-process build)"
        stages = self.report.stages
        if skipped or small not in stages or large not in stages:
            self.targets.append(Target(what, "n/a", "≤ 1.5×", None, skipped or "not measured"))
            return
        per_small = sum(stages[small].values()) / small * 1000
        per_large = sum(stages[large].values()) / large * 1000
        self.targets.append(Target(what, f"{per_small:.1f} → {per_large:.1f} ms/card ({per_large / per_small:.2f}×)",
                                   "≤ 1.5×", per_large / per_small <= 1.5))

    def per_card_process(self, large: int, huge: int, skipped: str = "") -> None:
        """Issue 8's flat cost per card carried on to the largest deck, on whole `deck build` processes.
        In CPU time: a deck of up to 2000 cards has a second core's help (deck/cores.py) and a larger
        one not (it would hold twice the memory), so wall time per card compares one core with two."""
        what = f"cost per card, {large} → {huge} cards of unique text (whole `deck build`, first builds, CPU time)"
        # like with like: the large deck's first build follows a warm-up (its card files checked
        # before), so the huge deck's does too (its run with every card file read as YAML is the peak's)
        huge_key = f"first-checked-{huge}"
        failed = skipped or self._failed(f"first-{large}", huge_key)
        if failed:
            self.targets.append(Target(what, "n/a", "≤ 1.5×", None, failed))
            return
        per_large = self.process[f"first-{large}"].cpu_median / large * 1000
        per_huge = self.process[huge_key].cpu_median / huge * 1000
        wall_large = self.process[f"first-{large}"].median / large * 1000
        wall_huge = self.process[huge_key].median / huge * 1000
        self.targets.append(Target(what, f"{per_large:.1f} → {per_huge:.1f} ms/card ({per_huge / per_large:.2f}×; "
                                         f"wall {wall_large:.1f} → {wall_huge:.1f})",
                                   "≤ 1.5×", per_huge / per_large <= 1.5))

    def copyfit(self) -> None:
        for cards, fit in self.report.copyfit.items():
            whole, one = statistics.median(fit["fit"]), statistics.median(fit["pass"])
            self.targets.append(Target(f"copyfitting / one layout pass, {cards} cards (in-process, one core)",
                                       f"{whole / one:.2f}× ({whole * 1000:.0f} / {one * 1000:.0f} ms)", "≤ 2×",
                                       whole / one <= 2.0))

    def studio(self, skipped: str = "") -> None:
        what = "`deck studio`: card 3's preview after an edit (post the form, fetch both faces), warm server, median"
        seconds = sorted(self.report.studio)
        if skipped or not seconds:
            self.targets.append(Target(what, "n/a", "≤ 300 ms", None,
                                       skipped or self.report.studio_failed or "not measured"))
            return
        median = statistics.median(seconds)
        self.targets.append(Target(what, f"{median * 1000:.0f} ms ({seconds[0] * 1000:.0f}–{seconds[-1] * 1000:.0f} "
                                         f"ms, {len(seconds)} edits)", "≤ 300 ms", median <= 0.3))

    def single_cards(self) -> None:
        ours, theirs = self.files.get(f"build-{BUNDLED}"), self.files.get("cards-9")
        if ours and theirs:
            self.targets.append(Target("imposed PDF / the 9 single-card PDFs together, bundled deck",
                                       f"{ours / theirs:.2f} ({kb(ours)} / {kb(theirs)})", "≤ 1.1",
                                       ours / theirs <= 1.1))

    def pdfimpose(self, cards: int) -> None:
        failed = self._failed(f"build-{cards}", f"theirs-{cards}")
        if failed:
            self.targets.append(Target(f"time and size, ours / single + pdfimpose, {cards} cards", "n/a", "< 1", None,
                                       "pdfimpose is not installed" if failed == "not measured" else failed))
            return
        ours, theirs = self.process[f"build-{cards}"], self.process[f"theirs-{cards}"]
        size, size_theirs = self.files[f"build-{cards}"], self.files[f"theirs-{cards}"]
        self.targets.append(Target(f"time, ours / single + pdfimpose, {cards} cards",
                                   f"{ours.median / theirs.median:.2f} ({ours.median:.2f} / {theirs.median:.2f} s)",
                                   "< 1", ours.median < theirs.median))
        self.targets.append(Target(f"size, ours / single + pdfimpose, {cards} cards",
                                   f"{size / size_theirs:.2f} ({kb(size)} / {kb(size_theirs)})", "< 1",
                                   size < size_theirs))


def kb(size: float) -> str:
    return f"{size / 1024:.0f} KB" if size < 10 * 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
