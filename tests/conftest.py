"""The whole suite keeps deck's per-user cache in a folder of its own, so tests never read or
leave entries in the tester's own cache (and start with an empty one); and fixtures several
modules use."""
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ["DECK_CACHE"] = tempfile.mkdtemp(prefix="deck-test-cache-")


@pytest.fixture
def here(tmp_path, monkeypatch):
    """An empty working folder outside any deck: commands there use the bundled deck."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


LARGE_COPIES = 6  # the bundled deck's eight cards six times over: 48 cards, enough for a helper process


@pytest.fixture(scope="session")
def large_deck(tmp_path_factory):
    """The bundled deck's eight cards six times over, each copy with its own ids and numbers."""
    content = Path(__file__).resolve().parent.parent / "content"
    folder = tmp_path_factory.mktemp("large")
    shutil.copy(content / "deck.yaml", folder / "deck.yaml")
    (folder / "cards").mkdir()
    for path in sorted((content / "cards").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        number = int(re.search(r"^number: (\d+)$", text, re.M).group(1))
        for copy in range(LARGE_COPIES):
            new = copy * 8 + number
            card = re.sub(r"^number: \d+$", f"number: {new}", text, count=1, flags=re.M)
            card = re.sub(r"^id: (\S+)$", rf"id: \1-{copy}", card, count=1, flags=re.M)
            (folder / "cards" / f"{new:02d}-{path.stem[3:]}.yaml").write_text(card, encoding="utf-8")
    return folder
