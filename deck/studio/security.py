"""Requests -> only those from the person who started the studio, in the browser it opened.

The address the studio prints carries a random token (as Jupyter's does). The first visit with it
sets a cookie for this studio only (SameSite=Strict, so no other site's page can send it); every
request needs the token or the cookie, else 403. The Host must be this studio's own address (a
page that renames itself 127.0.0.1 gets nowhere), a form post must come from the studio's own pages,
and no request body may be larger than the studio accepts.
"""
from __future__ import annotations

import hmac
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

MAX_BODY = 1024 * 1024  # forms of text; an upload may be larger (see Gate.uploads)

REFUSED = ("<!doctype html><meta charset=utf-8><title>deck studio</title>"
           "<body style='font:16px system-ui;margin:4em'><h1>This address needs its key</h1>"
           "<p>Open the studio with the address <code>deck studio</code> printed when it started "
           "(it ends in <code>?token=...</code>).</p>")


class Gate:
    """ASGI middleware in front of the studio's routes."""

    def __init__(self, app, token: str, port: int, uploads: dict[str, int]):
        self.app = app
        self.token = token
        self.cookie = f"deck-studio-{port}"
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.origins = {f"http://{host}" for host in self.hosts}
        self.uploads = uploads  # path -> the largest body it accepts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        if headers.get("host") not in self.hosts:
            return await _respond(send, 403, REFUSED)
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if hmac.compare_digest(query.get("token", ""), self.token):
            return await self._welcome(scope, query, send)
        if not self._known(headers):
            return await _respond(send, 403, REFUSED)
        if scope["method"] not in ("GET", "HEAD") and headers.get("origin", "") not in self.origins:
            return await _respond(send, 403, REFUSED)
        limit = self.uploads.get(scope["path"], MAX_BODY)
        if int(headers.get("content-length") or 0) > limit:
            return await _respond(send, 413, f"That is more than {limit // 1024 // 1024} MB; nothing was saved.")
        return await self.app(scope, _limited(receive, limit), send)

    def _known(self, headers: dict) -> bool:
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header is simply no cookie
            return False
        given = cookie.get(self.cookie)
        return given is not None and hmac.compare_digest(given.value, self.token)

    async def _welcome(self, scope, query: dict, send) -> None:
        """The first visit: set the cookie and show the same page without the token in the address."""
        rest = urlencode([(key, value) for key, value in query.items() if key != "token"])
        location = scope["path"] + (f"?{rest}" if rest else "")
        cookie = f"{self.cookie}={self.token}; Path=/; HttpOnly; SameSite=Strict"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", location.encode("latin-1")), (b"set-cookie", cookie.encode("latin-1")),
                                (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": b""})


def _limited(receive, limit: int):
    """The request body, cut off with an error past `limit` bytes (a body sent without a length)."""
    seen = 0

    async def limited():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge(limit)
        return message
    return limited


class TooLarge(Exception):
    """A request body past its limit; the app answers 413."""

    def __init__(self, limit: int):
        super().__init__(f"the request is larger than {limit} bytes")
        self.limit = limit


async def _respond(send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
