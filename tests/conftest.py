"""The whole suite keeps deck's per-user cache in a folder of its own, so tests never read or
leave entries in the tester's own cache (and start with an empty one); and fixtures several
modules use."""
import os
import tempfile

import pytest

os.environ["DECK_CACHE"] = tempfile.mkdtemp(prefix="deck-test-cache-")


@pytest.fixture
def here(tmp_path, monkeypatch):
    """An empty working folder outside any deck: commands there use the bundled deck."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder
