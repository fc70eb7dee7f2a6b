"""Hostile and careless input, run through the real command line: nothing lost, nothing hangs, no
traceback.

Each case makes a workspace (a copy of the bundled content, a previous output out/deck.pdf, HOME
and TMPDIR inside the workspace), spoils it the way an attacker or a careless user would, and runs
`python -m deck.cli` in a subprocess under limits (CPU seconds and address space, set with
setrlimit before the command starts). It is judged on the exit code, the absence of a traceback
and of raw control characters, a message that names the place (file:line:column where the
problem sits in a value), the previous output intact, and nothing written or changed anywhere
else in the workspace. The cases are grouped by kind, the classes of issue 15 and the YAML slips
of issue 13.
"""
from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FONTS = ROOT / "fonts"
PREVIOUS = b"%PDF-1.7\n% the previous output, which no failure may touch\n"
CARD8 = "content/cards/08-voorwaarden.yaml"
C8 = re.escape(CARD8)
MEMORY = 1 << 30   # bytes of address space per case
CPU_SECONDS = 30   # per case; a hang ends at the wall-clock timeout below
WALL_SECONDS = 90


@dataclass(frozen=True)
class Case:
    id: str
    setup: Callable[[Path], None]
    message: str                                  # a regex that stderr must match
    args: tuple[str, ...] = ("build", "-o", "out/deck.pdf")
    code: int = 1
    changes: tuple[str, ...] = ()                 # paths (under the workspace) the command may write
    check: Callable[[Path, subprocess.CompletedProcess], None] | None = None
    file_size_limit: int | None = None            # RLIMIT_FSIZE: a disk that fills up


# -- helpers to spoil a workspace ----------------------------------------------------------------

def write(relative: str, text: str | bytes) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        path = ws / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return setup


def card8(text: str | bytes) -> Callable[[Path], None]:
    return write(CARD8, text)


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        path = ws / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return setup


def both(*setups: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        for one in setups:
            one(ws)
    return setup


def nothing(ws: Path) -> None:
    pass


def card(place: int = 8, /, **values: str) -> str:
    """A small valid card as YAML text, with `values` (raw YAML) in place of the defaults."""
    fields = {"id": f"kaart-{place}", "number": str(place), "title": "Een titel", "summary": "Een samenvatting.",
              "challenges": '\n  - question: "Een vraag?"\n    text: "Een uitleg."',
              "suggestions_heading": "Suggesties", "suggestions": '\n  - "Een suggestie."'}
    fields.update(values)
    return "".join(f"{key}: {value}\n" for key, value in fields.items())


def layout_with_files(ws: Path) -> None:
    """layouts/brand.yaml extends layouts/base.yaml and uses a font and a logo beside it."""
    from PIL import Image

    folder = ws / "layouts"
    folder.mkdir()
    (folder / "base.yaml").write_text("extends: default\n")
    shutil.copyfile(FONTS / "Lato-Regular.ttf", folder / "Mine.ttf")
    Image.new("RGB", (600, 200), "red").save(folder / "logo.png")
    (folder / "brand.yaml").write_text("extends: base.yaml\nfonts:\n  regular: Mine.ttf\n  bold: Mine.ttf\n"
                                       "  italic: Mine.ttf\n  bold_italic: Mine.ttf\n"
                                       "logo:\n  file: logo.png\n  width: 20mm\n")


def fifo(relative: str) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        os.mkfifo(ws / relative)
    return setup


def symlink(relative: str, target: str) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        path = ws / relative
        if path.exists():
            path.unlink()
        path.symlink_to(target)
    return setup


def folder(relative: str) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        (ws / relative).mkdir(parents=True)
    return setup


def device(relative: str) -> Callable[[Path], None]:
    """A device node like /dev/null, made in the workspace: a regression then replaces this one,
    never the system's."""
    def setup(ws: Path) -> None:
        try:
            os.mknod(ws / relative, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device node needs root")
    return setup


def sparse(relative: str, size: int) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        with open(ws / relative, "wb") as stream:
            stream.truncate(size)
    return setup


def many_cards(count: int) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        for number in range(9, count + 1):
            (ws / "content" / "cards" / f"{number:04}.yaml").write_text(card(number))
    return setup


ALIAS_BOMB = "".join([
    'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n',
    *(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
      f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)),
])


# -- the cases, by kind --------------------------------------------------------------------------

def unchanged(relative: str, kind: Callable[[int], bool] = stat.S_ISREG):
    """A check: the file the output was aimed at is still what it was."""
    def check(ws: Path, result) -> None:
        assert kind(os.lstat(ws / relative).st_mode)
    return check


DESTROYING_OUTPUTS = [
    Case("output-is-deck-yaml", nothing, r"content/deck\.yaml: this is one of the files the deck is made from",
         args=("build", "-o", "content/deck.yaml")),
    Case("output-is-a-card", nothing, rf"{C8}: this is one of the files the deck is made from",
         args=("card", "3", "-o", CARD8)),
    Case("output-is-a-card-by-another-path", nothing, r"this is one of the files the deck is made from",
         args=("build", "-o", "content/cards/../deck.yaml")),
    Case("output-is-a-hard-link-to-a-card", lambda ws: os.link(ws / CARD8, ws / "out" / "card.pdf"),
         r"out/card\.pdf: this is one of the files the deck is made from", args=("build", "-o", "out/card.pdf")),
    Case("output-is-the-layout", layout_with_files, r"layouts/brand\.yaml: this is one of the files",
         args=("build", "--layout", "layouts/brand.yaml", "-o", "layouts/brand.yaml")),
    Case("output-is-the-layout-it-extends", layout_with_files, r"layouts/base\.yaml: this is one of the files",
         args=("build", "--layout", "layouts/brand.yaml", "-o", "layouts/base.yaml")),
    Case("output-is-the-layouts-font", layout_with_files, r"layouts/Mine\.ttf: this is one of the files",
         args=("build", "--layout", "layouts/brand.yaml", "-o", "layouts/Mine.ttf")),
    Case("output-is-the-logo", layout_with_files, r"layouts/logo\.png: this is one of the files",
         args=("preview", "--layout", "layouts/brand.yaml", "-o", "layouts/logo.png")),
    Case("output-is-a-document-of-another-kind", write("out/report.pdf", "Notes for the workshop\n"),
         r"out/report\.pdf: this file is not a PDF", args=("build", "-o", "out/report.pdf")),
    Case("png-output-is-a-pdf", nothing, r"out/deck\.pdf: this file is not a PNG", args=("preview", "-o", "out/deck.pdf")),
    Case("output-is-a-folder", folder("out/folder"), r"out/folder: this is a folder; give the name of a file, for example out/folder/ontwikkelkaarten\.pdf",
         args=("build", "-o", "out/folder"), check=unchanged("out/folder", stat.S_ISDIR)),
    Case("card-output-is-a-folder", nothing, r"out: this is a folder; give the name of a file, for example out/ontwikkelkaart-1\.pdf",
         args=("card", "1", "-o", "out")),
    Case("output-is-a-fifo", fifo("out/pipe"), r"out/pipe: this is a pipe \(FIFO\), not a file",
         args=("build", "-o", "out/pipe"), check=unchanged("out/pipe", stat.S_ISFIFO)),
    Case("output-is-a-link", both(write("elsewhere.txt", "mine"), symlink("out/link.pdf", "../elsewhere.txt")),
         r"out/link\.pdf: this is a link, not a file", args=("build", "-o", "out/link.pdf"),
         check=unchanged("out/link.pdf", stat.S_ISLNK)),
    Case("output-is-a-device", device("out/null"), r"out/null: this is a device, not a file",
         args=("build", "-o", "out/null"), check=unchanged("out/null", stat.S_ISCHR)),
    Case("output-folder-is-a-file", write("out/file", "x"), r"out/file/deck\.pdf: cannot write here: a file "
         "stands where a folder should be", args=("build", "-o", "out/file/deck.pdf")),
    Case("png-back-is-a-folder", folder("out/png/ontwikkelkaart-1-back.png"),
         r"out/png/ontwikkelkaart-1-back\.png: this is a folder", args=("card", "1", "--png", "-o", "out/png"),
         check=lambda ws, result: not (ws / "out/png/ontwikkelkaart-1-front.png").exists()),
    Case("preview-is-an-input", nothing, r"content/deck\.yaml: this is one of the files the deck is made from",
         args=("preview", "-o", "content/deck.yaml")),
]

BOMBS_AND_LIMITS = [
    Case("alias-bomb-as-key", card8(ALIAS_BOMB + "? *i\n: x\n"),
         rf"{C8}:2:\d+: '\*a' repeats a list or group from elsewhere in the file \(a YAML alias\)"),
    Case("alias-bomb-as-value", card8(ALIAS_BOMB + "title: *i\n"), rf"{C8}:2:\d+: '\*a' repeats a list or group"),
    Case("merge-key-with-alias", card8("base: &base {title: x}\n<<: *base\n"),
         rf"{C8}:2:5: '<<: \*base' merges keys from elsewhere in the file \(a YAML merge key\); deck does not "
         "take merge keys"),
    Case("merge-key-inline", card8(card(8) + "<<: {title: y}\n"),
         rf"{C8}:11:1: '<<' merges keys from elsewhere in the file \(a YAML merge key\)"),
    Case("number-enormous", card8(card(8, number="100000000")), rf"{C8}:2:9: 'number' should be at most 10000, "
         "not 100000000"),
    Case("number-with-thousands-of-digits", card8(card(8, number="9" * 5000)),
         rf"{C8}:2:9: 'number' should be a whole number written in digits, such as 3, not '9999"),
    Case("word-of-20000-letters", card8(card(8, summary="A" * 20000)),
         rf"{C8}:4:10: 'summary' is 20000 characters long; a text may have at most 5000"),
    Case("word-of-200-letters", card8(card(8, summary="Lees " + "QmFzZTY0" * 25 + " hier.")),
         rf"{C8}:4:10: 'summary' has a word of 200 characters \('QmFzZTY0QmFz.*'\); a word may have at most 60"),
    Case("card-is-a-fifo", fifo("content/cards/09-pipe.yaml"),
         r"content/cards/09-pipe\.yaml: this is a pipe \(FIFO\), not a file; deck reads only ordinary files"),
    Case("card-links-to-dev-zero", symlink("content/cards/09-zero.yaml", "/dev/zero"),
         r"content/cards/09-zero\.yaml: this is a device, not a file"),
    Case("deck-yaml-is-a-fifo", both(lambda ws: (ws / "content/deck.yaml").unlink(), fifo("content/deck.yaml")),
         r"content/deck\.yaml: this is a pipe \(FIFO\), not a file"),
    Case("card-is-a-folder", folder("content/cards/09-folder.yaml"),
         r"content/cards/09-folder\.yaml: this is a folder, not a file"),
    Case("card-of-50-MB", sparse(CARD8, 50_000_000),
         rf"{C8}: the file is 50 MB; deck takes at most 100 KB per file"),
    Case("card-just-over-the-file-limit", card8(card(8) + "# " + "x" * 100_000 + "\n"),
         rf"{C8}: the file is 100\.[1-9] KB; deck takes at most 100 KB per file"),
    Case("too-many-cards", many_cards(10_001), r"content/cards: there are 10001 card files; a deck has at most 10000"),
    Case("nesting-10000-deep", card8("title: " + "[" * 10000 + "]" * 10000 + "\n"),
         rf"{C8}:1:27: the file nests lists and groups more than 20 levels deep"),
    Case("nesting-deep-in-blocks", card8("".join(f"{'  ' * level}k{level}:\n" for level in range(30)) + "  " * 30
                                         + "x\n"), rf"{C8}:21:\d+: the file nests lists and groups more than 20"),
    Case("list-of-100000-items", card8("suggestions: [" + "a, " * 100_000 + "]\n"),
         rf"{C8}: the file is [\d.]+ KB; deck takes at most 100 KB"),
    Case("list-of-5000-items", card8("suggestions: [" + "a," * 5000 + "]\n"),
         rf"{C8}:1:\d+: this list has more than 1000 items"),
    Case("list-over-its-limit", card8(card(8, suggestions="[" + "a, " * 150 + "]")),
         rf"{C8}:9:14: 'suggestions' has 150 items; a list here takes at most 100"),
    Case("text-over-its-limit", card8(card(8, summary="woord " * 1000)),
         rf"{C8}:4:10: 'summary' is 5999 characters long; a text may have at most 5000"),
    Case("card-text-over-its-limit", card8(card(8, suggestions="".join(f'\n  - "{"woord " * 700}"' for _ in range(3)))),
         rf"{C8}: the texts in this file have 1[0-9],[0-9]+ characters together; a card takes at most 10,000"),
    Case("url-too-long-for-a-qr-code", edit(CARD8, 'url: ""', 'url: "https://www.example.org/' + "a" * 100 + '"'),
         rf"{C8}:\d+:10: 'sources\[1\]\.url': the web address has 124 characters; a QR code of about 15 mm that "
         "scans reliably holds at most 106"),
]

TRACEBACKS_BECOME_MESSAGES = [
    Case("raw-nul-in-text", edit(CARD8, "Een passende", "Een\x00passende"),
         rf"{C8}:4:14: the file holds a control character, U\+0000 \(NUL\) here"),
    Case("raw-vertical-tab-in-text", edit(CARD8, "Een passende", "Een\x0bpassende"),
         rf"{C8}:4:14: the file holds a control character, U\+000B \(vertical tab, a line break in Word\)"),
    Case("raw-form-feed-in-text", edit(CARD8, "Een passende", "Een\x0cpassende"),
         rf"{C8}:4:14: the file holds a control character, U\+000C \(form feed"),
    Case("raw-terminal-escape-in-text", edit(CARD8, "Een passende", "Een\x1b[2Jpassende"),
         rf"{C8}:4:14: the file holds a control character, U\+001B \(escape\)"),
    Case("escaped-nul-in-quoted-text", edit(CARD8, "Een passende", "Een\\0passende"),
         rf"{C8}:4:10: 'summary' holds a control character, U\+0000 \(NUL\) \(written as an escape"),
    Case("escaped-vertical-tab-in-quoted-text", edit(CARD8, "Een passende", "Een\\vpassende"),
         rf"{C8}:4:10: 'summary' holds a control character, U\+000B"),
    Case("escaped-half-surrogate", edit(CARD8, "Een passende", "Een\\ud800passende"),
         rf"{C8}:4:10: 'summary' holds a broken character, U\+D800"),
    Case("terminal-escape-in-a-key", card8(card(8) + '"\\e]0;pwned\\a\\e[2J": x\n'),
         rf"{C8}:11:1: unknown key '\\x1b\]0;pwned\\x07\\x1b\[2J' in the card"),
    Case("number-hexadecimal", card8(card(8, number="0x1")),
         rf"{C8}:2:9: 'number' should be a whole number written in digits, such as 3, not '0x1'"),
    Case("number-binary", card8(card(8, number="0b1")), rf"{C8}:2:9: 'number' should be a whole number written in"),
    Case("number-sexagesimal", card8(card(8, number="1:30")), rf"{C8}:2:9: 'number' should be a whole number written"),
    Case("number-trailing-underscore", card8(card(8, number="3_")), rf"{C8}:2:9: 'number' should be a whole number"),
    Case("key-that-is-a-list", card8(card(8) + "? [a, b]\n: x\n"),
         rf"{C8}:11:3: a key in the card should be a single word such as id, not a list"),
    Case("card-by-a-superscript-digit", nothing, r"there is no card '³' in this deck", args=("card", "³")),
    Case("card-by-an-enormous-number", nothing, r"there is no card '9999.*' in this deck", args=("card", "9" * 5000)),
    Case("disk-full", nothing, r"out/deck\.pdf: cannot write this file: the file is larger than this disk or "
         "system allows; free some room or choose another place with -o", file_size_limit=20_000),
]

TEXT_NEVER_LOST = [
    # Spaces the fonts lack are replaced when the content is read: the words stay apart.
    Case(f"space-U+{ord(space):04X}", edit(CARD8, "Een passende", f"Een{space}passende"), "", code=0,
         args=("card", "8", "-o", "out/card.pdf"), changes=("out/card.pdf",),
         check=lambda ws, result: _pdf_has(ws / "out/card.pdf", "Een passende"))
    for space in ("\u3000", "\u2028")  # the others: tests/test_content.py, in-process
] + [
    Case("narrow-no-break-space", edit(CARD8, "Een passende", "Een\u202fpassende"), "", code=0,
         args=("card", "8", "-o", "out/card.pdf"), changes=("out/card.pdf",),
         check=lambda ws, result: _pdf_has(ws / "out/card.pdf", "Een[\u00a0 ]passende")),
]

YAML_SLIPS = [
    Case("comment-cuts-a-text", card8(card(8, title="Successen vieren met #trots op intranet",
                                           summary="Successen vieren met #trots op intranet")),
         rf"{C8}:4:31: the text of 'summary' stops here, because ' #' starts a comment in YAML: "
         r"'#trots op intranet' would not be printed; put the whole text in double quotes"),
    Case("comment-cuts-a-list-item", card8(card(8, suggestions="\n  - Een suggestie met #hashtag erin")),
         rf"{C8}:10:23: the text of 'suggestions\[1\]' stops here, because ' #' starts a comment"),
    Case("curly-quotes-as-yaml-quotes", card8(card(8, summary="“Door de samenwerking: samen leren”")),
         rf"{C8}:4:10: YAML syntax error: the text starts with “, a curly quote from a word processor; YAML knows "
         "only straight quotes"),
    Case("unclosed-quote-before-the-next-key", card8(card(8, title='"Een titel') + "\n"),
         rf"{C8}:3:8: YAML syntax error: the quote that opens here is not closed on its line"),
    Case("curly-quotes-around-a-list-item", card8(card(8, suggestions="\n  - ‘Tip: vier successen’")),
         rf"{C8}:10:5: 'suggestions\[1\]' starts with ‘, a curly quote from a word processor, so YAML reads the "
         "': ' in the text as a key"),
    Case("an-unrelated-slip-after-a-text-over-two-lines",
         card8(card(8, summary='"Een samenvatting die doorloopt\n  Tip: op de volgende regel."') + "title2 oops\n"),
         rf"{C8}:13:1: YAML syntax error: could not find expected ':'; check the indentation"),
    Case("unclosed-quote-in-a-list", card8(card(8, suggestions='\n  - "Een suggestie\n  - "Nog een"')),
         rf"{C8}:10:5: YAML syntax error: the quote that opens here is not closed on its line"),
]


def _pdf_has(path: Path, text: str) -> None:
    import pypdf

    found = " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    assert re.search(text, found), f"{text!r} not in the card's text"


CASES = DESTROYING_OUTPUTS + BOMBS_AND_LIMITS + TRACEBACKS_BECOME_MESSAGES + TEXT_NEVER_LOST + YAML_SLIPS


# -- running and judging -------------------------------------------------------------------------

def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(CONTENT, ws / "content")
    for name in ("out", "home", "tmp"):
        (ws / name).mkdir()
    (ws / "out" / "deck.pdf").write_bytes(PREVIOUS)
    return ws


def snapshot(ws: Path) -> dict[str, tuple]:
    """Every entry under the workspace: its kind and, for files, its bytes' hash; links not followed."""
    entries = {}
    for path in sorted(ws.rglob("*")):
        info = os.lstat(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if stat.S_ISREG(info.st_mode) else ""
        entries[path.relative_to(ws).as_posix()] = (stat.S_IFMT(info.st_mode), info.st_size, digest)
    return entries


def run_deck(ws: Path, args: tuple[str, ...], file_size_limit: int | None = None,
             timeout: float = WALL_SECONDS) -> subprocess.CompletedProcess:
    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
        if file_size_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write beyond the limit fails instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    env = {**os.environ, "HOME": str(ws / "home"), "TMPDIR": str(ws / "tmp"), "PYTHONPATH": str(ROOT),
           "PYTHONDONTWRITEBYTECODE": "1",
           "COLUMNS": "200"}
    command = [sys.executable, "-m", "deck.cli", *args, "--content", "content"]
    return subprocess.run(command, cwd=ws, env=env, capture_output=True, timeout=timeout, preexec_fn=limits)


def judge(case: Case, ws: Path, before: dict, result: subprocess.CompletedProcess) -> None:
    stdout, stderr = result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stdout + stderr, stderr
    assert "\x1b" not in stdout + stderr and "\x07" not in stdout + stderr, "raw control characters printed"
    assert result.returncode == case.code, f"exit {result.returncode}: {stderr}"
    if case.code == 1:
        assert re.search(case.message, stderr), stderr
        assert stderr.splitlines()[-1].endswith("nothing was written."), stderr
    after = snapshot(ws)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert changed <= set(case.changes), f"written outside the output: {sorted(changed - set(case.changes))}"
    if "out/deck.pdf" not in case.changes:
        assert (ws / "out" / "deck.pdf").read_bytes() == PREVIOUS
    if case.check:
        case.check(ws, result)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input(case: Case, tmp_path: Path):
    ws = workspace(tmp_path)
    case.setup(ws)
    before = snapshot(ws)
    judge(case, ws, before, run_deck(ws, case.args, case.file_size_limit))


def test_every_kind_has_cases():
    kinds = [DESTROYING_OUTPUTS, BOMBS_AND_LIMITS, TRACEBACKS_BECOME_MESSAGES, TEXT_NEVER_LOST, YAML_SLIPS]
    assert all(len(kind) >= 3 for kind in kinds)
    assert len({case.id for case in CASES}) == len(CASES)


# -- deck watch: every error is told, and the watch goes on ---------------------------------------

class Watch:
    """`deck watch` in a subprocess, its output (stdout and stderr together) read as it comes."""

    def __init__(self, ws: Path):
        import threading

        env = {**os.environ, "HOME": str(ws / "home"), "TMPDIR": str(ws / "tmp"), "PYTHONPATH": str(ROOT),
               "PYTHONDONTWRITEBYTECODE": "1"}

        def limits() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

        self.process = subprocess.Popen(
            [sys.executable, "-m", "deck.cli", "watch", "--interval", "0.1", "-o", "out/deck.pdf", "--content", "content"],
            cwd=ws, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, preexec_fn=limits)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.decode("utf-8", "replace"))

    def expect(self, pattern: str, timeout: float = 30) -> str:
        """Wait for a new line matching `pattern`; the lines seen so far are consumed."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while self.lines:
                line = self.lines.pop(0)
                assert "Traceback" not in line, line
                if re.search(pattern, line):
                    return line
            assert self.process.poll() is None, "deck watch ended"
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} within {timeout} s")


# Each spoils the workspace while deck watch runs; `mend` puts it right again.
WATCH_SPOILS = [
    ("half-typed YAML", card8(card(8, title='"Een titel') + "\n"), "not closed on its line"),
    ("a NUL byte", edit(CARD8, "Een passende", "Een\x00passende"), r"U\+0000 \(NUL\)"),
    ("an alias bomb", card8(ALIAS_BOMB + "? *i\n: x\n"), r"repeats a list or group"),
    ("a pipe among the cards", fifo("content/cards/09-pipe.yaml"), r"09-pipe\.yaml: this is a pipe"),
    ("a number with a base", card8(card(8, number="0x8")), r"'number' should be a whole number written in digits"),
]


def test_watch_survives_every_kind_of_error_and_goes_on(tmp_path):
    ws = workspace(tmp_path)
    pristine = (ws / CARD8).read_bytes()
    watch = Watch(ws)
    try:
        watch.expect(r"wrote out/deck\.pdf and out/deck-preview\.png")
        watch.expect(r"watching content")
        for name, spoil, message in WATCH_SPOILS:
            built = (ws / "out" / "deck.pdf").read_bytes()
            spoil(ws)
            watch.expect(message)
            watch.expect(r"nothing was written; the watch goes on")
            assert (ws / "out" / "deck.pdf").read_bytes() == built, name
            (ws / "content/cards/09-pipe.yaml").unlink(missing_ok=True)
            (ws / CARD8).write_bytes(pristine)
            watch.expect(r"wrote out/deck\.pdf and out/deck-preview\.png")
        # an output in the way: the PDF is not written without its preview
        built = (ws / "out" / "deck.pdf").read_bytes()
        (ws / "out" / "deck-preview.png").unlink()
        (ws / "out" / "deck-preview.png").mkdir()
        os.utime(ws / CARD8)
        watch.expect(r"deck-preview\.png: this is a folder")
        assert (ws / "out" / "deck.pdf").read_bytes() == built
        (ws / "out" / "deck-preview.png").rmdir()
        os.utime(ws / CARD8, (1, 1))
        watch.expect(r"wrote out/deck\.pdf and out/deck-preview\.png")
    finally:
        watch.process.send_signal(signal.SIGINT)
        watch.process.wait(timeout=30)
        watch.reader.join(timeout=5)
        watch.process.stdout.close()
    assert watch.process.returncode == 130
    assert any("stopped watching" in line for line in watch.lines)
    assert not any("Aborted" in line or "Traceback" in line for line in watch.lines)


# -- memory stays flat: a preview is written a row of cards at a time ----------------------------

PREVIEW_OF_MANY_CARDS = """
import io, sys
import pypdf
from deck import _Clock, _Run, _deck_pdf, _prepare
from deck.preview import SCREEN_DPI, write_contact_sheet

run = _Run(None, None, _Clock(None))
deck, layout, cards = _prepare(run, None, _Clock(None))
faces = pypdf.PdfReader(io.BytesIO(_deck_pdf(deck, layout, cards, _Clock(None), None, "long", "single")))
writer = pypdf.PdfWriter()
for _ in range(CARDS // len(cards)):
    for page in faces.pages:
        writer.add_page(page)
pdf = io.BytesIO()
writer.write(pdf)
with open(sys.argv[1], "wb") as stream:
    write_contact_sheet(stream, pdf.getvalue(), SCREEN_DPI, [str(n) for n in range(len(writer.pages) // 2)],
                        layout.fonts.regular)
"""


def _peak_of_contact_sheet(cards: int, png: Path) -> int:
    """Peak memory (bytes) of a process that writes the contact sheet of `cards` cards, from its
    own wait4 record."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    script = PREVIEW_OF_MANY_CARDS.replace("CARDS", str(cards))
    with subprocess.Popen([sys.executable, "-c", script, str(png)], env=env,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))) as process:
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0
    return usage.ru_maxrss * 1024  # Linux reports kilobytes


def test_a_preview_of_many_cards_needs_no_more_memory_than_a_small_deck(tmp_path):
    """The contact sheet of 153 cards (the bundled faces repeated) against that of the 9 bundled
    ones: a few MB more (the PDF is larger); holding 306 page images and a 22,000-pixel-tall sheet
    at once took 200 MB more."""
    small = _peak_of_contact_sheet(9, tmp_path / "small.png")
    large = _peak_of_contact_sheet(153, tmp_path / "large.png")
    assert large - small < 50 * 1024 * 1024, (small, large)
    from PIL import Image

    with Image.open(tmp_path / "large.png") as sheet:
        assert sheet.size[1] > 20_000
        sheet.crop((0, sheet.size[1] - 400, sheet.size[0], sheet.size[1])).load()  # complete to its last row
