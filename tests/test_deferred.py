"""deferred.py: Pillow's Image and HarfBuzz load on first use, and so do, in the `deck` command, the standard
library's modules a build never uses; each works as if imported as usual.

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


def test_the_command_defers_the_standard_modules_a_build_never_uses(tmp_path):
    """The `deck` command defers them (deck.command.load), and a rebuild leaves them unloaded."""
    code = """
        import atexit, sys
        from deck import deferred
        import deck.command
        atexit.register(lambda: print("loaded:", *sorted(name for name in deferred.UNUSED_BY_A_BUILD
                                                         if type(sys.modules[name]) is not deferred._Deferred)))
        sys.argv = ["deck", "build"]  # as the bench runs it (a short option makes click load difflib)
        deck.command.run()  # (it ends the process, after the exit functions)
    """
    run(code, tmp_path)  # the first build reads what it has not kept
    assert run(code, tmp_path).splitlines() == ["wrote out/ontwikkelkaarten.pdf from the bundled deck", "loaded:"]
    assert (tmp_path / "out" / "ontwikkelkaarten.pdf").read_bytes().startswith(b"%PDF")


def test_deferred_standard_modules_work_when_used(tmp_path):
    found = run("""
        import sys
        import deck.command
        deck.command.load()
        from deck import deferred
        assert all(type(sys.modules[name]) is deferred._Deferred for name in deferred.UNUSED_BY_A_BUILD)
        import colorsys, heapq, linecache, shutil, signal, textwrap, token, tokenize
        from shutil import which
        queue = [3, 1, 2]
        heapq.heapify(queue)
        print(textwrap.dedent("  a"), which("sh") is not None, heapq.heappop(queue), colorsys.rgb_to_hls(1, 1, 1)[1],
              signal.SIGINT.name, token.NAME == tokenize.NAME, linecache.getline(deck.command.__file__, 1)[:3],
              *sorted({type(sys.modules[name]).__name__ for name in deferred.UNUSED_BY_A_BUILD}))
    """, tmp_path)
    assert found == 'a True 1 1.0 SIGINT True """ module'


def test_import_deck_leaves_the_standard_library_alone_and_load_loads_all(tmp_path):
    found = run("""
        import sys
        import deck
        from deck import deferred
        def deferred_now():
            return sorted(name for name, module in sys.modules.items() if type(module) is deferred._Deferred)
        print("after import deck:", *deferred_now())
        deferred.defer(deferred.UNUSED_BY_A_BUILD)
        print("deferred:", len(deferred_now()))
        deferred.load()  # as the studio does before its threads start
        print("after load:", *deferred_now())
    """, tmp_path)
    assert found.splitlines() == ["after import deck: PIL.Image uharfbuzz", "deferred: 10", "after load:"]
