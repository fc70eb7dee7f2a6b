"""`deck studio`: a deck folder -> the studio served on this machine only, until Ctrl-C.

Binds 127.0.0.1 on a free port (or the one asked for), prints the address with its token and
opens the browser on it.
"""
from __future__ import annotations

import secrets
import socket
import webbrowser
from pathlib import Path


def address(port: int, token: str) -> str:
    return f"http://127.0.0.1:{port}/?token={token}"


def serve(folder: Path, layout: str | None, port: int = 0, open_browser: bool = True, say=print) -> int:
    """Serve the studio for `folder` until interrupted; `say` tells the user where it is. Returns
    the exit code of the way it was stopped: 130 for Ctrl-C, 128 + the signal's number for
    SIGTERM and SIGHUP (command.Stopped)."""
    import uvicorn

    from .app import create_app
    from .workspace import Workspace

    workspace = Workspace(folder, layout)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(("127.0.0.1", port))
    except OSError as error:
        listener.close()
        from ..errors import DeckError

        raise DeckError(f"cannot listen on port {port} ({error.strerror}); leave out --port to take a free one") \
            from None
    listener.listen(64)  # a browser that comes before the server is up waits instead of being refused
    port = listener.getsockname()[1]
    token = secrets.token_urlsafe(24)
    config = uvicorn.Config(create_app(workspace, token, port), log_level="warning", access_log=False,
                            lifespan="off")
    server = uvicorn.Server(config)
    url = address(port, token)
    say(f"deck studio for {workspace.folder}\n  {url}\nOpen that address in your browser; press Ctrl-C to stop.")
    if open_browser:
        webbrowser.open(url)
    code = 130
    try:
        server.run(sockets=[listener])
    except KeyboardInterrupt as stop:  # uvicorn has shut down; it passes the signal on once it has
        code = getattr(stop, "code", 130)
    finally:
        listener.close()
    return code


def launch(folder, wait: float = 30.0):
    """`deck studio FOLDER --no-browser` in a child process, for the tests, the benchmark and the
    README's screenshots: (the process, the address it printed, every line it prints)."""
    import subprocess
    import sys
    import threading
    import time

    process = subprocess.Popen([sys.executable, "-m", "deck.cli", "studio", str(folder), "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    deadline = time.monotonic() + wait
    while not any("?token=" in line for line in lines):
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError(f"deck studio did not start: {''.join(lines)[-800:]}")
        time.sleep(0.05)
    return process, next(line.strip() for line in lines if "?token=" in line), lines
