"""Deck folders on disk: the one a command runs in, where its output goes, and new ones written whole.

A deck folder holds deck.yaml and a folder cards/. A command run anywhere inside one uses it, found
the way git finds its repository: this folder or the nearest parent that is a deck folder. A source
checkout of deck counts its content/ folder as the deck, so `deck build` in the repository builds
content/ as edited (not the copy installed with the package).
"""
from __future__ import annotations

import re

import os
from pathlib import Path
from typing import Callable

from .errors import DeckError
from .files import _umask

DECK_FILE = "deck.yaml"
CARDS = "cards"
OUTPUT = "out"


def is_deck_folder(folder: Path) -> bool:
    return (folder / DECK_FILE).is_file() and (folder / CARDS).is_dir()


# deck.yaml as Notepad, Windows' hidden extensions or a capital letter leave it
DECK_FILE_SLIPS = ("deck.yml", "deck.yaml.txt", "deck.yml.txt", "Deck.yaml", "deck.YAML")


def meant_as_deck_folder(folder: Path) -> bool:
    """A deck folder, or one that is meant as one but has a slip (deck.yaml without cards/, a
    deck.yaml that is a folder, deck.yml beside cards/): commands use it, and loading it says what
    is wrong, rather than quietly building the bundled deck instead."""
    if is_deck_folder(folder):
        return True
    has_deck_file = os.path.lexists(folder / DECK_FILE)
    if not has_deck_file and not any(os.path.lexists(folder / name) for name in DECK_FILE_SLIPS):
        # (most folders: a few stats, no listing) - or cards/ with card files, and deck.yaml deleted
        return (folder / CARDS).is_dir() and any(path.suffix.lower() in (".yaml", ".yml")
                                                 for path in _entries(folder / CARDS))
    if (folder / CARDS).is_dir() or any(path.name.lower() == CARDS for path in _entries(folder)):
        return True
    return has_deck_file and _reads_as_deck_file(folder / DECK_FILE)  # (not another program's deck.yaml: Kong's)


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _reads_as_deck_file(path: Path) -> bool:
    """deck.yaml with the keys of a deck's: a title, and a publisher or a language."""
    import re

    try:
        if not path.is_file():
            return False
        with open(path, "rb") as file:
            text = file.read(100_000).decode("utf-8", "replace")
    except OSError:
        return False
    keys = set(re.findall(r"(?m)^(title|publisher|language):", text))
    return "title" in keys and len(keys) > 1


def find_deck(start: Path | None = None) -> Path | None:
    """The deck folder that `start` (default: the current folder) lies in, or None outside any."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if meant_as_deck_folder(folder):
            return folder
        if is_deck_folder(folder / "content") and _is_source_checkout(folder):
            return folder / "content"
    return None


def _is_source_checkout(folder: Path) -> bool:
    """True in deck's own repository: its pyproject.toml names the project 'deck'. The answer is
    kept in deck's cache for the file's bytes (reading TOML takes 3 ms, most of it importing tomllib)."""
    from .cache import remembered

    pyproject = folder / "pyproject.toml"
    try:
        return remembered("source-checkout", pyproject, lambda: _names_deck(pyproject),
                          valid=lambda found: type(found) is bool)
    except OSError:
        return False


def _names_deck(pyproject: Path) -> bool:
    import tomllib  # here, not above: only a checkout of deck has use for it

    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(project, dict) and project.get("name") == "deck"


def output_folder(deck: Path) -> Path:
    """Where output goes by default: the deck folder's own out/ when working inside it, else out/ here."""
    here, deck = Path.cwd().resolve(), Path(deck).resolve()
    if here == deck:
        return Path(OUTPUT)
    return deck / OUTPUT if deck in here.parents else Path(OUTPUT)


def shown(path: Path) -> str:
    """A path as a message shows it: relative to the current folder when it lies inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve())) if path.is_absolute() else str(path)
    except ValueError:
        return str(path)


def write_new_folder(target: Path, fill: Callable[[Path], None]) -> None:
    """Make the folder `target` whole or not at all.

    `fill(folder)` writes everything into a temporary folder beside `target`, which then takes its
    place; if `fill` raises, nothing is left behind. An existing folder must be empty.
    """
    import shutil
    import tempfile

    target = Path(target)
    refuse_existing(target)
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_stale_folders(parent, target.resolve().name)
        temporary = Path(tempfile.mkdtemp(prefix=f".{target.resolve().name}.", suffix=".tmp", dir=parent))
    except OSError as error:
        raise DeckError(f"cannot make the folder {target}: {error.strerror}; choose another place") from None
    try:
        fill(temporary)
        os.chmod(temporary, 0o777 & ~_umask())  # mkdtemp makes it private; a deck folder is for sharing
        if target.exists():
            _move_into(temporary, target)
        else:
            os.replace(temporary, target)
    except OSError as error:
        raise DeckError(f"cannot write the folder {target}: {error.strerror}; choose another place") from None
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def remove_stale_folders(parent: Path, name: str) -> None:
    """Remove `.NAME.xxxxxxxx.tmp` folders in `parent` that a run killed while it filled them left
    behind: made by tempfile for this very target (files.remove_left_behind)."""
    import re

    from .files import remove_left_behind

    pattern = re.compile(rf"\.{re.escape(name)}\.[a-z0-9_]{{8}}\.tmp")
    remove_left_behind(parent, lambda entry: pattern.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False))


def refuse_existing(target: Path) -> None:
    """A DeckError unless `target` is free: missing, or an empty folder."""
    if target.is_file():
        raise DeckError(f"{target} is a file; give the name of a new folder")
    if target.is_dir() and any(target.iterdir()):
        raise DeckError(f"the folder {target} already exists and is not empty; deck never writes over "
                        "your files: give the name of a new folder")


def _move_into(source: Path, target: Path) -> None:
    """Move everything in `source` into the empty folder `target` (which may be the current folder,
    so it is kept rather than replaced); on failure, what was moved goes back."""
    moved: list[Path] = []
    try:
        for entry in sorted(source.iterdir()):
            os.replace(entry, target / entry.name)
            moved.append(entry)
    except BaseException:
        for entry in moved:
            os.replace(target / entry.name, entry)
        raise


# -- a new deck folder -------------------------------------------------------------------------

STARTER = Path(__file__).resolve().parent / "starter"
TITLE_MARK = "{{title}}"


def starter_languages() -> tuple[str, ...]:
    """The languages deck new can write a deck in: one starter folder each."""
    return tuple(sorted(path.name for path in STARTER.iterdir() if path.is_dir()))


def starter_for(language: str) -> str | None:
    """The starter a language tag is written from: its own (de-DE), else its language's (fr-BE from
    fr-FR, en-CA from en-GB), else None."""
    starters = {starter.lower(): starter for starter in starter_languages()}
    tag = language.replace("_", "-").lower()
    return starters.get(tag) or next((starter for key, starter in starters.items()
                                      if key.split("-")[0] == tag.split("-")[0]), None)


def new_deck(target: Path, language: str) -> list[str]:
    """A working deck folder at `target`, from the starter for `language` (a tag, as starter_for
    finds it; its deck.yaml then names the tag asked for): deck.yaml, two example cards, the layout
    deck.yaml names (the commented starter layout) and a README. Returns the names written, for the
    message."""
    import json

    import yaml

    from .layouts import starter_layout

    from .hyphenate import normal_tag

    starter = starter_for(language)
    if starter is None:
        raise DeckError(f"there is no starter deck in '{language}'; choose one of {', '.join(starter_languages())}")
    source, language = STARTER / starter, normal_tag(language)
    title = deck_title(Path(target).resolve().name)
    quoted = {".yaml": json.dumps(title, ensure_ascii=False), ".md": title}  # JSON strings are YAML strings
    texts = {path.relative_to(source): path.read_text(encoding="utf-8").replace(TITLE_MARK, quoted[path.suffix])
             for path in sorted(source.rglob("*")) if path.is_file()}
    if language != starter:  # (fr-BE from the fr-FR starter: the deck says what was asked)
        texts[Path(DECK_FILE)] = texts[Path(DECK_FILE)].replace(f"language: {starter} ", f"language: {language} ", 1)
    layout = yaml.safe_load(texts[Path(DECK_FILE)])["layout"]  # the starter's deck.yaml names its layout file

    def fill(folder: Path) -> None:
        for name, text in texts.items():
            (folder / name).parent.mkdir(exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
        (folder / layout).write_text(_on_local_paper(starter_layout(Path(layout).stem), language), encoding="utf-8")

    write_new_folder(target, fill)
    cards = sorted(path.name for path in (source / CARDS).iterdir())
    return [DECK_FILE, f"{CARDS}/ ({', '.join(cards)})", layout, "README.md"]


LETTER_REGIONS = ("US", "CA", "MX")  # where offices print on Letter, not A4


def _on_local_paper(layout: str, language: str) -> str:
    """The starter layout, set to print on Letter where the language's region does (en-US)."""
    if language.split("-")[-1] not in LETTER_REGIONS:
        return layout
    commented = "# sheet:\n#   # The default sheet for `deck build`.\n#   size: a4\n"
    assert commented in layout, "the starter layout's sheet section has changed"
    layout = layout.replace(commented, "sheet:\n  # The default sheet for `deck build`: Letter, as offices here "
                                       "print on.\n  size: letter\n")
    card = re.search(r"^# card:\n(?:#   .*\n)*", layout, re.M)
    assert card and "#   bleed: 3mm\n" in card.group(0), "the starter layout's card section has changed"
    # print shops here ask for 1/8 in of bleed (PRINT.md): the card section, with that
    uncommented = re.sub(r"^#   ", "  ", card.group(0).replace("#   bleed: 3mm\n", "#   bleed: 0.125in\n"), flags=re.M)
    return layout.replace(card.group(0), uncommented.replace("# card:", "card:", 1))


def deck_title(folder_name: str) -> str:
    """A title from a folder's name: 'mijn-deck' -> 'Mijn deck'."""
    words = " ".join(folder_name.replace("-", " ").replace("_", " ").split()) or "Deck"
    return words[0].upper() + words[1:]
