"""deferred.py: Pillow's Image and HarfBuzz load on first use, and work as if imported as usual.

Each test runs in a process of its own: what a process has imported cannot be undone in this one.
"""
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(code: str, tmp_path: Path, **env) -> str:
    import os

    environment = {**os.environ, "DECK_CACHE": str(tmp_path / "cache"), **env}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=tmp_path, env=environment, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_rebuild_loads_neither_pillow_nor_harfbuzz(tmp_path):
    code = """
        import sys
        from pathlib import Path
        import deck
        deck.build(output=Path("out.pdf"))
        print(*(type(sys.modules[name]).__name__ for name in ("PIL.Image", "uharfbuzz")))
    """
    first = run(code, tmp_path)
    built = (tmp_path / "out.pdf").read_bytes()
    assert first == "_Deferred module"  # the first build shapes kerning pairs and measures heights
    assert run(code, tmp_path) == "_Deferred _Deferred"  # everything it needs is kept
    assert (tmp_path / "out.pdf").read_bytes() == built


def test_deferred_libraries_work_however_they_are_imported(tmp_path):
    found = run("""
        import sys
        import deck
        import uharfbuzz
        import PIL.Image
        from PIL import Image
        from PIL.Image import new
        assert type(sys.modules["uharfbuzz"]).__name__ == "_Deferred"
        assert Image is sys.modules["PIL.Image"] is PIL.Image
        buffer = uharfbuzz.Buffer()
        buffer.add_str("Vo")
        print(Image.new("RGB", (3, 2)).size, new is Image.new, len(buffer.glyph_infos),
              *(type(sys.modules[name]).__name__ for name in ("PIL.Image", "uharfbuzz")))
    """, tmp_path)
    assert found == "(3, 2) True 2 module module"


def test_a_library_that_fails_to_load_says_so_each_time(tmp_path):
    package = tmp_path / "broken_library"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "core.py").write_text("raise RuntimeError('damaged install')\n")
    found = run("""
        import sys
        from deck import deferred
        deferred.DEFERRED = ("broken_library.core", "no_such_library_here")
        deferred.defer()
        assert "no_such_library_here" not in sys.modules
        for attempt in range(2):  # deferred, then imported as usual
            try:
                from broken_library import core
                core.anything
            except RuntimeError as error:
                print(error, "broken_library.core" in sys.modules, hasattr(sys.modules["broken_library"], "core"))
    """, tmp_path, PYTHONPATH=str(tmp_path))
    assert found == "damaged install False False\ndamaged install False False"
