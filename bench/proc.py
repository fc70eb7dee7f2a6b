"""Whole-process measurements: wall time and peak memory of one child process per run."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Runs:
    """The runs of one command: seconds and peak resident memory (MB) of each."""

    label: str
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    failed: str = ""  # the error of a run that failed (the command is then reported as n/a)

    @property
    def ok(self) -> bool:
        return bool(self.seconds) and not self.failed

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def spread(self) -> str:
        return f"{min(self.seconds):.3f}–{max(self.seconds):.3f}"

    @property
    def peak(self) -> float:
        return max(self.peak_mb)


class CommandFailed(RuntimeError):
    pass


def run_once(args: list[str], cwd: Path = ROOT) -> tuple[float, float, str]:
    """Run `args` to the end; (seconds, peak RSS in MB of that child, its stdout).

    os.wait4 gives the rusage of exactly this child (RUSAGE_CHILDREN would be the maximum over
    every child so far).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        raise CommandFailed(f"{' '.join(args)} exited {process.returncode}: {stderr.strip()[-800:]}")
    return seconds, usage.ru_maxrss / 1024, stdout  # ru_maxrss is in KiB on Linux


def deck(*args: str) -> list[str]:
    """The command line of `deck ARGS` as a module of this checkout (not an installed deck)."""
    return [sys.executable, "-m", "deck.cli", *map(str, args)]


def measure(label: str, args: list[str], runs: int, warmup: bool = False) -> Runs:
    result = Runs(label)
    try:
        if warmup:
            run_once(args)
        for _ in range(runs):
            seconds, peak, _ = run_once(args)
            result.seconds.append(seconds)
            result.peak_mb.append(peak)
    except CommandFailed as error:
        result.failed = str(error)
    return result


def measure_chain(label: str, chain: list[list[str]], runs: int) -> Runs:
    """Several commands one after the other, timed as one run (e.g. a build, then an imposition)."""
    result = Runs(label)
    try:
        for _ in range(runs):
            total, peak = 0.0, 0.0
            for args in chain:
                seconds, mb, _ = run_once(args)
                total += seconds
                peak = max(peak, mb)
            result.seconds.append(total)
            result.peak_mb.append(peak)
    except CommandFailed as error:
        result.failed = str(error)
    return result


def has_command(name: str) -> bool:
    """Whether `deck NAME` exists in this checkout (its --help succeeds)."""
    try:
        run_once(deck(name, "--help"))
    except CommandFailed:
        return False
    return True


def has_module(name: str) -> bool:
    try:
        run_once([sys.executable, "-m", name, "--version"])
    except (CommandFailed, OSError):
        return False
    return True
