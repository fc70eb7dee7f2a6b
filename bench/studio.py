"""The studio's preview, timed as a browser gets it: a `deck studio` process, warmed up, then one
edit after another to card 3's title, each timed from posting the form to having both faces' images.

python -m bench.studio [RUNS] prints the seconds of each run as JSON (`python -m bench` runs it as a
child process with deck installed, in a folder outside the repository).
"""
from __future__ import annotations

import http.cookiejar
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from deck.studio.server import launch

CARD = "03-teamleren"


def preview_times(runs: int) -> list[float]:
    """Seconds from posting an edited card 3 to having both its faces, `runs` times (warm server)."""
    import yaml

    from deck import default_content
    from deck.studio.cardform import as_posted

    with tempfile.TemporaryDirectory(prefix="deck-bench-studio-") as scratch:
        folder = Path(scratch) / "deck"
        shutil.copytree(default_content(), folder)
        values = yaml.safe_load((folder / "cards" / f"{CARD}.yaml").read_text(encoding="utf-8"))
        process, url = _start(folder)
        try:
            base = url.split("/?")[0]
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            opener.open(url).read()  # the token -> the cookie
            opener.open(f"{base}/card/{CARD}").read()  # the page, its first preview: fonts loaded, faces set

            def edit(title: str) -> float:
                form = urllib.parse.urlencode({**as_posted(values), "title": title}).encode()
                request = urllib.request.Request(f"{base}/card/{CARD}/preview", data=form, headers={"Origin": base})
                start = time.perf_counter()
                answer = json.loads(opener.open(request).read())
                for side in ("front", "back"):
                    opener.open(base + answer["faces"][side]).read()
                return time.perf_counter() - start

            edit(f"{values['title']} (warm-up)")
            return [edit(f"{values['title']} {run}") for run in range(runs)]
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
            process.stdout.close()


def _start(folder: Path) -> tuple[subprocess.Popen, str]:
    process, url, _ = launch(folder)
    return process, url


if __name__ == "__main__":
    print(json.dumps(preview_times(int(sys.argv[1]) if len(sys.argv) > 1 else 20)))
