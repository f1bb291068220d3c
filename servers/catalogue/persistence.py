"""Persistence: keep-alive sequences that a client must follow, and traps in the
rules a client uses to decide whether a connection stays open (research §1.5).

Strategy: ``keep(*responses)`` scripts one request/response pair per response
on a single connection, then waits for the client to hang up (Stall) – which
is what a real keep-alive server does.  Reconnect cases script several
connections and refuse any further one, so an unexpected extra connection shows
up as ``refused`` in the transcript.
"""

from __future__ import annotations

from .._scenario import Script
from .._steps import Close, ExpectRequest, Reset, Send, Sleep, Stall, Step
from ._build import CRLF, NOT_FOUND, chunked, head, make, notes, ok, rfc9112, spec

CATEGORY = "persistence"
_keep = (rfc9112("9.3"), notes("1.5"), spec("HTTPConnection.getresponse"))


def keep(*responses: bytes, end: tuple[Step, ...] = (Stall(),)) -> Script:
    """One ExpectRequest/Send pair per response, then ``end``."""
    steps: tuple[Step, ...] = ()
    for response in responses:
        steps += (ExpectRequest(), Send(response))
    return steps + end


def _http10(body: bytes, *headers: bytes) -> bytes:
    return ok(body, *headers, status=b"HTTP/1.0 200 OK")


CHUNKED_HELLO = head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked") + chunked(b"hello")

# (slug, description, responses on one connection)
CONFORMANT = (
    ("keep-alive-two", "two Content-Length responses on one HTTP/1.1 connection", (ok(b"one"), ok(b"two"))),
    ("keep-alive-mixed", "Content-Length, chunked, then empty responses on one connection",
     (ok(b"first"), CHUNKED_HELLO, ok(b""))),
    ("keep-alive-five", "five responses on one connection", tuple(ok(b"response %d" % i) for i in range(5))),
    ("http10-keep-alive", "HTTP/1.0 with 'Connection: keep-alive' twice on one connection",
     (_http10(b"one", b"Connection: keep-alive"), _http10(b"two", b"Connection: keep-alive"))),
    ("http10-keep-alive-header", "HTTP/1.0 with only 'Keep-Alive: timeout=5, max=100' (2.6 keeps the connection)",
     (_http10(b"one", b"Keep-Alive: timeout=5, max=100"), _http10(b"two", b"Keep-Alive: timeout=5, max=100"))),
    ("head-then-get", "answer to HEAD (Content-Length: 5, no body) then to GET on the same connection",
     (head(b"HTTP/1.1 200 OK", b"Content-Length: 5"), ok(b"hello"))),
    ("204-then-200", "204 No Content then 200 on the same connection", (head(b"HTTP/1.1 204 No Content"), ok(b"hello"))),
    ("304-then-200", "304 Not Modified then 200 on the same connection", (head(b"HTTP/1.1 304 Not Modified"), ok(b"hello"))),
    ("100-then-200-twice", "100 Continue + 200, twice on one connection",
     (head(b"HTTP/1.1 100 Continue") + ok(b"one"), head(b"HTTP/1.1 100 Continue") + ok(b"two"))),
)  # fmt: skip

HOSTILE = (
    ("connection-substring-close", "'Connection: x-noclose-y' (2.6 matches the substring 'close' and closes)",
     (ok(b"one", b"Connection: x-noclose-y"), ok(b"two"))),
    ("proxy-connection-keep-alive-http10", "HTTP/1.0 kept open only by 'Proxy-Connection: keep-alive'",
     (_http10(b"one", b"Proxy-Connection: keep-alive"), _http10(b"two", b"Proxy-Connection: keep-alive"))),
    ("proxy-connection-close-http11", "HTTP/1.1 with 'Proxy-Connection: close' (ignored; the server keeps going)",
     (ok(b"one", b"Proxy-Connection: close"), ok(b"two"))),
    ("http10-empty-keep-alive", "HTTP/1.0 with an empty 'Keep-Alive:' value (2.6 closes)",
     (_http10(b"one", b"Keep-Alive:"), _http10(b"two"))),
    ("unsolicited-response", "'hi' followed by an unsolicited second response, then the real one",
     (ok(b"hi") + ok(b"unsolicited"), ok(b"real"))),
    ("204-leftover", "204 that carries 'hello' anyway; the next response follows on the same connection",
     (head(b"HTTP/1.1 204 No Content", b"Content-Length: 5") + b"hello", ok(b"second"))),
)  # fmt: skip

SCENARIOS = (
    tuple(
        make(CATEGORY, "conformant", slug, desc, _keep, keep(*responses), client_requests=len(responses))
        for slug, desc, responses in CONFORMANT
    )
    + tuple(
        make(CATEGORY, "malicious", slug, desc, _keep, keep(*responses), client_requests=len(responses))
        for slug, desc, responses in HOSTILE
    )
    + (
        make(
            CATEGORY, "conformant", "connection-close",
            "HTTP/1.1 with 'Connection: close', then the server closes",
            _keep, keep(ok(b"hello", b"Connection: close"), end=(Close(),)),
        ),
        make(
            CATEGORY, "conformant", "http10-close",
            "HTTP/1.0 response without keep-alive, then the server closes",
            _keep, keep(_http10(b"hello"), end=(Close(),)),
        ),
        make(
            CATEGORY, "conformant", "reconnect-after-close",
            "first connection: 'Connection: close' response then close; second connection: 200 'again'",
            _keep + (notes("1.9"),),
            keep(ok(b"hello", b"Connection: close"), end=(Close(),)),
            keep(ok(b"again")),
            client_requests=2,
        ),
        make(
            CATEGORY, "malicious", "no-length-keep-alive",
            "HTTP/1.1 'Connection: keep-alive' without framing: body, then the server waits 2 s before closing",
            _keep + (rfc9112("6.3"),),
            keep(head(b"HTTP/1.1 200 OK", b"Connection: keep-alive") + b"hello", end=(Sleep(2.0), Close())),
        ),
        make(
            CATEGORY, "malicious", "blank-line-after-keep-alive",
            "200 'one' on a kept-alive connection, then for the second request an empty line and 404 'no such page'",
            _keep + (rfc9112("2.2"), notes("1.1")),
            keep(ok(b"one"), CRLF + NOT_FOUND),
            client_requests=2,
        ),
        make(
            CATEGORY, "malicious", "stale-connection",
            "keep-alive response, then the second request on that connection is read and answered by a close; a new connection gets 200",
            _keep + (notes("1.9"), spec("BadStatusLine")),
            keep(ok(b"one"), end=(ExpectRequest(), Close())),
            keep(ok(b"two")),
            client_requests=2,
        ),
        make(
            CATEGORY, "malicious", "reset-on-second-request",
            "keep-alive response, then the second request is answered by an RST; a new connection gets 200",
            _keep + (notes("1.9"),),
            keep(ok(b"one"), end=(ExpectRequest(), Reset())),
            keep(ok(b"two")),
            client_requests=2,
        ),
    )
)  # fmt: skip
