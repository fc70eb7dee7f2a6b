"""The whole suite keeps deck's per-user cache in a folder of its own, so tests never read or
leave entries in the tester's own cache (and start with an empty one)."""
import os
import tempfile

os.environ["DECK_CACHE"] = tempfile.mkdtemp(prefix="deck-test-cache-")
