"""Whole-process measurements: wall time, CPU time and peak memory of one child process per run,
and deck installed as a user installs it.

Each child's CPU time (user + system) and peak resident memory come from os.wait4, which reports
exactly that child and its own children (RUSAGE_CHILDREN would give the maximum over every child
so far). Commands compared with each other run interleaved (A B A B ...), so that whatever else the
machine is doing meanwhile falls on both alike.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Sample:
    """One run of one command."""

    wall: float  # seconds
    cpu: float   # seconds of user + system time of the child and its children
    peak: float  # MB of resident memory at most
    stdout: str
    stderr: str


@dataclass
class Runs:
    """The runs of one command."""

    label: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    failed: str = ""  # why it could not be measured (the command is then reported as n/a)

    @property
    def ok(self) -> bool:
        return bool(self.wall) and not self.failed

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def spread(self) -> str:
        return f"{min(self.wall):.3f}–{max(self.wall):.3f}"

    @property
    def peak(self) -> float:
        return max(self.peak_mb)

    def add(self, sample: Sample) -> None:
        self.wall.append(sample.wall)
        self.cpu.append(sample.cpu)
        self.peak_mb.append(sample.peak)


class CommandFailed(RuntimeError):
    pass


def run_once(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """Run `args` to its end in `cwd`; raises CommandFailed if it exits non-zero."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        command = " ".join([Path(args[0]).name, *map(str, args[1:3])])
        said = " ".join(stderr.split())  # on one line, for a table cell
        raise CommandFailed(f"`{command} ...` exited {process.returncode}: {said[-400:]}")
    # ru_maxrss is in KiB on Linux
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout, stderr)


def held_together(args: list[str], cwd: Path, env: dict[str, str] | None = None, every: float = 0.05) -> float:
    """Run `args` to its end; the most memory it and its child processes held at once, in MB: the
    sum of their proportional set sizes (a page two processes share counts half in each), sampled
    every `every` seconds. os.wait4's peak is the largest single process: deck's helper process
    (deck/cores.py) is not in it. Reading the page tables costs a little time: not for timed runs."""
    process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_pss(pid) for pid in _tree(process.pid)))
        time.sleep(every)
    if process.returncode != 0:
        raise CommandFailed(f"`{Path(args[0]).name} {' '.join(map(str, args[1:3]))} ...` exited {process.returncode}")
    return peak / 1024


def _tree(pid: int) -> list[int]:
    found, index = [pid], 0
    while index < len(found):
        try:
            for task in Path(f"/proc/{found[index]}/task").iterdir():
                found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass  # ended meanwhile
        index += 1
    return found


def _pss(pid: int) -> int:
    """KiB."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


_COMMAND_LOADED = "import deck.command; deck.command.load()"  # what the `deck` script does before its command
# the start of the bare-import floor: the collector off, and deck's package file, which defers Pillow and
# HarfBuzz, and the standard modules the command defers (deferred.py), as they are in a build
_LIBRARIES_LOADED = ("import gc; gc.disable(); import deck; from deck import deferred; "
                     "deferred.defer(deferred.UNUSED_BY_A_BUILD)")

# In a child: the modules the `deck` command has loaded when its command starts ("command": those
# Python's start did not load) and those `deck build` of the bundled deck imports beyond them
# ("build"), by name (those a name imports: not private ones, but deck's compiled modules), a
# module a line after its kind.
_MODULES_A_BUILD_IMPORTS = """
import sys
started = set(sys.modules)
import importlib.util
from pathlib import Path
import deck.command
deck.command.load()
import deck
before = set(sys.modules)
deck.build(None, None, Path(sys.argv[1]))

def importable(name):  # (a module deck deferred and the build never used is not loaded: deferred.py)
    module = sys.modules[name]
    if module is None or type(module).__name__ == "_Deferred":
        return False
    if (name.startswith("_") or "._" in name) and not name.startswith("deck._"):
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False
for kind, names in (("command", before - started), ("build", set(sys.modules) - before)):
    print("\\n".join(f"{kind} {name}" for name in sorted(names) if importable(name)))
"""


def clean_python(folder: Path) -> str:
    """An interpreter for the children that sees this environment's packages but none of its .pth
    hooks: a virtual environment of its own in `folder` whose one .pth file lists this environment's
    site-packages. A developer's environment holds deck installed editable, whose hook imports
    pathlib, re and importlib.util into every Python process, Typst's as well (about 14 ms here);
    a user's does not. (Folders a .pth file lists are added as they are: their own .pth files are
    not run.)"""
    import venv

    home = folder / "python"
    if not home.exists():
        venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(home)
    python = home / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    ours = dict.fromkeys(sysconfig.get_paths()[kind] for kind in ("purelib", "platlib"))
    (Path(site) / "bench-packages.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return str(python)


def standard_modules_of(ours: list[str], loaded: set[str]) -> list[str]:
    """The modules of Python's standard library that deck's own modules `ours` import (anywhere in
    their source, read from this checkout) and a build loaded (`loaded`): what deck's code would still
    load if no library were there (click, reportlab), for the floor "floor-standard"."""
    import ast

    named = set()
    for module in ours:
        source = ROOT.joinpath(*module.split(".")).with_suffix(".py")
        if not source.exists():
            source = ROOT.joinpath(*module.split("."), "__init__.py")
        if not source.exists():  # (a compiled module of deck's: it imports nothing of its own)
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                named.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                named.add(node.module)
    return sorted(name for name in named
                  if name in loaded and name.partition(".")[0] in sys.stdlib_module_names and name != "__future__")


class FirstBuild(list):
    """A command line to time as a deck's first build: prepare() removes the paragraphs earlier builds
    kept (`kept`, deck/typecache.py) just before it runs, outside the timed process (a shell doing it
    in the process, `sh -c 'rm -rf ... && exec deck ...'`, adds about 3 ms to each run)."""

    def __init__(self, args: list[str], kept: Path):
        super().__init__(args)
        self.kept = kept

    def prepare(self) -> None:
        shutil.rmtree(self.kept, ignore_errors=True)


class Installed:
    """This checkout installed as a user installs it: `pip install` of the package (not editable)
    into a folder of its own, its bytecode compiled, its `deck` console script run in a working
    folder outside the repository (so that commands use the bundled deck, as they do for a user).

    The children run in a clean interpreter (clean_python: this environment's packages without its
    .pth hooks), with PYTHONPATH set to that folder (before the benchmark's environment, where
    the checkout may be installed editable) and without PYTHONDONTWRITEBYTECODE; the in-process
    measurements (bench.inproc) also see the repository, for the bench package.
    """

    def __init__(self, work: Path):
        self.target = work / "installed"
        self.cwd = work
        self.env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        self.env["PYTHONPATH"] = str(self.target)
        # a per-user cache of the benchmark's own: filled by the warm-up builds, never the tester's
        self.cache = work / "cache"
        self.env["DECK_CACHE"] = str(self.cache)
        self.inproc_env = {**self.env, "PYTHONPATH": os.pathsep.join([str(self.target), str(ROOT)])}
        self.script = self.target / "bin" / "deck"
        self.python = clean_python(work)

    def install(self) -> str:
        """Install; returns where deck was imported from in a child (checked to be the installed copy)."""
        if self.target.exists():
            shutil.rmtree(self.target)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile",
                        "--disable-pip-version-check", "--target", str(self.target), str(ROOT)],
                       check=True, capture_output=True, cwd=self.cwd)
        subprocess.run([self.python, "-m", "compileall", "-q", str(self.target / "deck")], check=True,
                       capture_output=True)
        where = self.run([self.python, "-c", "import deck; print(deck.__file__)"]).stdout.strip()
        if not Path(where).resolve().is_relative_to(self.target.resolve()):
            raise RuntimeError(f"the children import deck from {where}, not from the installed copy {self.target}")
        return where

    def deck(self, *args) -> list[str]:
        """The command line of `deck ARGS`: the console script pip wrote, run by the clean interpreter."""
        return [self.python, str(self.script), *map(str, args)]

    def first(self, *args) -> FirstBuild:
        """`deck ARGS` as the first build of a deck: the paragraphs earlier builds typeset and kept
        (deck/typecache.py) removed just before, outside the timed process (every other cache stays
        warm)."""
        return FirstBuild(self.deck(*args), self.cache / "typeset")

    def floor(self) -> list[str]:
        """A process that starts the same interpreter, loads the command line as the `deck` command
        does (deck.command.load) and exits: the least a command can cost."""
        return [self.python, "-c", _COMMAND_LOADED]

    def imports_floors(self) -> dict[str, tuple[list[str], int]]:
        """Processes that load what a build of the bundled deck imports (as a child building it
        in-process finds them) and exit, nothing done, each with its number of modules:
        "floor-imports", the command line loaded as the `deck` command loads it, and every module a
        build imports; "floor-libraries", only the libraries' modules (every one that is not deck's
        own), loaded the cheapest way, with the collector off: the bare-import floor issue 8 named,
        "importing reportlab, ... click, ..., the floor of any deck command" (deck's package file
        first, and the modules a build defers deferred as in a build: _LIBRARIES_LOADED);
        "floor-command-libraries", the same for the libraries the command line loads (click and what
        it imports); "floor-standard", only the standard library's modules deck's own code imports
        (standard_modules_of), with the collector off: what deck would load without click and reportlab."""
        listing = [self.python, "-c", _MODULES_A_BUILD_IMPORTS, str(self.cwd / "imports-floor.pdf")]
        self.run(listing)  # (a build with cold caches imports more: what reads fonts and YAML afresh)
        found = [line.split() for line in self.run(listing).stdout.splitlines()]
        modules = [name for when, name in found if when == "build"]

        def libraries(*kinds: str) -> tuple[list[str], int]:
            names = [name for when, name in found if when in kinds and name != "deck" and not name.startswith("deck.")]
            return [self.python, "-c", f"{_LIBRARIES_LOADED}; import {', '.join(names)}"], len(names)
        ours = standard_modules_of([name for _, name in found if name == "deck" or name.startswith("deck.")],
                                   {name for _, name in found})
        return {"floor-imports": ([self.python, "-c", f"{_COMMAND_LOADED}; import {', '.join(modules)}"], len(modules)),
                "floor-libraries": libraries("command", "build"), "floor-command-libraries": libraries("command"),
                "floor-standard": ([self.python, "-c", f"import gc; gc.disable(); import {', '.join(ours)}"], len(ours))}

    def run(self, args: list[str]) -> Sample:
        if isinstance(args, FirstBuild):
            args.prepare()
        try:
            return run_once(args, self.cwd, self.env)
        except CommandFailed as error:  # the benchmark's scratch folder named as such, not by its path
            raise CommandFailed(str(error).replace(str(self.cwd), "WORK")) from None

    def inproc(self, *args) -> Sample:
        """A run of `python -m bench.inproc ARGS` against the installed deck (its output in stdout)."""
        return self.inproc_module("bench.inproc", *args)

    def inproc_module(self, module: str, *args) -> Sample:
        """A run of `python -m MODULE ARGS`, a module of the bench package, against the installed deck."""
        return run_once([self.python, "-m", module, *map(str, args)], self.cwd, self.inproc_env)

    def measure(self, label: str, args: list[str], runs: int) -> Runs:
        return self.interleaved({"only": (label, args)}, runs)["only"]

    def interleaved(self, commands: dict[str, tuple[str, list[str]]], runs: int) -> dict[str, Runs]:
        """Each command `runs` times, taking turns (A B A B ...); a command that fails is n/a."""
        results = {key: Runs(label) for key, (label, _) in commands.items()}
        for _ in range(runs):
            for key, (_, args) in commands.items():
                if results[key].failed:
                    continue
                try:
                    results[key].add(self.run(args))
                except CommandFailed as error:
                    results[key].failed = str(error)
        return results

    def chain(self, label: str, chain: list[list[str]], runs: int) -> Runs:
        """Several commands one after the other, timed as one run (e.g. a build, then an imposition)."""
        result = Runs(label)
        try:
            for _ in range(runs):
                samples = [self.run(args) for args in chain]
                result.add(Sample(sum(s.wall for s in samples), sum(s.cpu for s in samples),
                                  max(s.peak for s in samples), "", ""))
        except CommandFailed as error:
            result.failed = str(error)
        return result

    def has_command(self, name: str) -> bool:
        """Whether `deck NAME` exists in this checkout (its --help succeeds)."""
        try:
            self.run(self.deck(name, "--help"))
        except CommandFailed:
            return False
        return True
