"""Persistence: keep-alive sequences that a client must follow, and traps in the
rules a client uses to decide whether a connection stays open (research §1.5).

Strategy: ``keep(*responses)`` scripts one request/response pair per response
on a single connection, then waits for the client to hang up (Stall) – which
is what a real keep-alive server does.  Scenarios answer by request (see
`Scenario`), so a client that opens a new connection for a request still gets
the answer meant for it; reconnect cases script the connections they expect.
"""

from __future__ import annotations

from .._scenario import Script
from .._steps import Close, ExpectRequest, Reset, Send, Sleep, Stall, Step
from ._build import (
    CRLF,
    NOT_FOUND,
    Row,
    chunked,
    head,
    notes,
    ok,
    rfc9110,
    rfc9112,
    row,
    spec,
    table,
)  # fmt: skip

CATEGORY = "persistence"
KEEP_REFS = (rfc9112("9.3"), notes("1.5"), spec("HTTPConnection.getresponse"))
# a body whose unread rest is itself a whole response: read as the next response by a
# client that reuses a connection whose previous body it did not read to the end
HIDDEN = ok(b"evil!")
HIDING = ok(b"xx" + HIDDEN)
CHUNKED_HELLO = head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked") + chunked(b"hello")


def keep(*responses: bytes, end: tuple[Step, ...] = (Stall(),)) -> Script:
    """One ExpectRequest/Send pair per response, then ``end``."""
    steps: tuple[Step, ...] = ()
    for response in responses:
        steps += (ExpectRequest(), Send(response))
    return steps + end


def kept(slug: str, description: str, *responses: bytes) -> Row:
    """``responses`` on one kept-alive connection, one per request."""
    return row(slug, description, KEEP_REFS, keep(*responses), client_requests=len(responses))


def http10(body: bytes, *headers: bytes) -> bytes:
    return ok(body, *headers, status=b"HTTP/1.0 200 OK")


def left_open(slug: str, description: str, first: bytes, *references: str) -> Row:
    """``first`` ends its connection by RFC 9112 §9.3/§9.6, yet the server keeps that
    connection open and answers a second request on it with 'stale'; a new
    connection gets 'two'.  A client that reuses the connection reads 'stale'."""
    return row(slug, description + ", then the server keeps the connection open",
               KEEP_REFS + references,
               (ExpectRequest(), Send(first), ExpectRequest(), Send(ok(b"stale")), Close()),
               (ExpectRequest(), Send(ok(b"two")), Close()),
               answer_by="connection", client_requests=2)


SCENARIOS = table(
    CATEGORY, "conformant",
    kept("keep-alive-two", "two Content-Length responses on one HTTP/1.1 connection",
         ok(b"one"), ok(b"two")),
    kept("keep-alive-mixed", "Content-Length, chunked, then empty responses on one connection",
         ok(b"first"), CHUNKED_HELLO, ok(b"")),
    kept("keep-alive-five", "five responses on one connection",
         *(ok(b"response %d" % number) for number in range(5))),
    kept("http10-keep-alive", "HTTP/1.0 with 'Connection: keep-alive' twice on one connection",
         http10(b"one", b"Connection: keep-alive"), http10(b"two", b"Connection: keep-alive")),
    kept("http10-keep-alive-header",
         "HTTP/1.0 with only 'Keep-Alive: timeout=5, max=100' (2.6 keeps the connection)",
         http10(b"one", b"Keep-Alive: timeout=5, max=100"),
         http10(b"two", b"Keep-Alive: timeout=5, max=100")),
    kept("head-then-get",
         "answer to HEAD (Content-Length: 5, no body) then to GET on the same connection",
         head(b"HTTP/1.1 200 OK", b"Content-Length: 5"), ok(b"hello")),
    kept("204-then-200", "204 No Content then 200 on the same connection",
         head(b"HTTP/1.1 204 No Content"), ok(b"hello")),
    kept("304-then-200", "304 Not Modified then 200 on the same connection",
         head(b"HTTP/1.1 304 Not Modified"), ok(b"hello")),
    kept("100-then-200-twice", "100 Continue + 200, twice on one connection",
         head(b"HTTP/1.1 100 Continue") + ok(b"one"), head(b"HTTP/1.1 100 Continue") + ok(b"two")),
    row("connection-close", "HTTP/1.1 with 'Connection: close', then the server closes",
        KEEP_REFS, keep(ok(b"hello", b"Connection: close"), end=(Close(),))),
    row("http10-close", "HTTP/1.0 response without keep-alive, then the server closes",
        KEEP_REFS, keep(http10(b"hello"), end=(Close(),))),
    row("close-delimited-then-request",
        "first connection: 200 'one' without framing, then close; second connection: 200 'two'",
        KEEP_REFS + (rfc9112("6.3"),), head(b"HTTP/1.1 200 OK") + b"one", ok(b"two"),
        client_requests=2),
    row("close-listed-first",
        "'Connection: close' then 'Connection: keep-alive' on two lines (the list holds close),"
        " then close; a second connection gets 200 'again'",
        KEEP_REFS + (rfc9110("7.6.1"),),
        keep(ok(b"hello", b"Connection: close", b"Connection: keep-alive"), end=(Close(),)),
        keep(ok(b"again")), client_requests=2),
    row("reconnect-after-close",
        "first connection: 'Connection: close' response then close; second connection: 200 'again'",
        KEEP_REFS + (notes("1.9"),),
        keep(ok(b"hello", b"Connection: close"), end=(Close(),)), keep(ok(b"again")),
        client_requests=2),
) + table(
    CATEGORY, "malicious",
    kept("connection-substring-close",
         "'Connection: x-noclose-y' (2.6 matches the substring 'close' and closes)",
         ok(b"one", b"Connection: x-noclose-y"), ok(b"two")),
    kept("proxy-connection-keep-alive-http10",
         "HTTP/1.0 kept open only by 'Proxy-Connection: keep-alive'",
         http10(b"one", b"Proxy-Connection: keep-alive"),
         http10(b"two", b"Proxy-Connection: keep-alive")),
    kept("proxy-connection-close-http11",
         "HTTP/1.1 with 'Proxy-Connection: close' (ignored; the server keeps going)",
         ok(b"one", b"Proxy-Connection: close"), ok(b"two")),
    kept("http10-empty-keep-alive", "HTTP/1.0 with an empty 'Keep-Alive:' value (2.6 closes)",
         http10(b"one", b"Keep-Alive:"), http10(b"two")),
    kept("unsolicited-response",
         "'hi' followed by an unsolicited second response, then the real one",
         ok(b"hi") + ok(b"unsolicited"), ok(b"real")),
    kept("204-leftover",
         "204 that carries 'hello' anyway; the next response follows on the same connection",
         head(b"HTTP/1.1 204 No Content", b"Content-Length: 5") + b"hello", ok(b"second")),
    row("no-length-keep-alive",
        "HTTP/1.1 'Connection: keep-alive' without framing: body, then the server waits 2 s"
        " before closing",
        KEEP_REFS + (rfc9112("6.3"),),
        keep(head(b"HTTP/1.1 200 OK", b"Connection: keep-alive") + b"hello",
             end=(Sleep(2.0), Close()))),
    row("blank-line-after-keep-alive",
        "200 'one' on a kept-alive connection, then for the second request an empty line"
        " and 404 'no such page'",
        KEEP_REFS + (rfc9112("2.2"), notes("1.1")), keep(ok(b"one"), CRLF + NOT_FOUND),
        client_requests=2),
    row("stale-connection",
        "keep-alive response, then the second request on that connection is read and answered"
        " by a close; a new connection gets 200",
        KEEP_REFS + (notes("1.9"), spec("BadStatusLine")),
        keep(ok(b"one"), end=(ExpectRequest(), Close())), keep(ok(b"two")),
        client_requests=2),
    row("reset-on-second-request",
        "keep-alive response, then the second request is answered by an RST;"
        " a new connection gets 200",
        KEEP_REFS + (notes("1.9"),),
        keep(ok(b"one"), end=(ExpectRequest(), Reset())), keep(ok(b"two")),
        client_requests=2),
    row("unread-body-holds-response",
        "200 'xx' + a whole response as its body, the part after 'xx' sent 0.5 s later;"
        " a second request gets 200 'two'",
        KEEP_REFS + (rfc9112("6.3"),),
        (ExpectRequest(), Send(HIDING[:-len(HIDDEN)]), Sleep(0.5), Send(HIDDEN),
         ExpectRequest(), Send(ok(b"two")), Close()),
        client_requests=2),
    left_open("close-in-list", "HTTP/1.1 200 'one' with 'Connection: x-trace, close'",
              ok(b"one", b"Connection: x-trace, close"), rfc9112("9.6")),
    left_open("close-second-field",
              "HTTP/1.1 200 'one' with 'Connection: keep-alive' and 'Connection: close'",
              ok(b"one", b"Connection: keep-alive", b"Connection: close"), rfc9112("9.6")),
    left_open("close-after-304", "304 Not Modified with 'Connection: close'",
              head(b"HTTP/1.1 304 Not Modified", b"Connection: close"), rfc9112("9.6")),
    left_open("close-after-204", "204 No Content with 'Connection: close'",
              head(b"HTTP/1.1 204 No Content", b"Connection: close"), rfc9112("9.6")),
    left_open("close-after-chunked", "chunked 200 'one' with 'Connection: close'",
              head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked", b"Connection: close")
              + chunked(b"one"), rfc9112("9.6")),
    left_open("http10-no-keep-alive", "HTTP/1.0 200 'one' without a Connection field",
              http10(b"one")),
    left_open("http10-other-option", "HTTP/1.0 200 'one' with 'Connection: x-trace'",
              http10(b"one", b"Connection: x-trace")),
    left_open("http10-keep-alive-close", "HTTP/1.0 200 'one' with 'Connection: keep-alive, close'",
              http10(b"one", b"Connection: keep-alive, close"), rfc9112("9.6")),
    left_open("http10-chunked",
              "HTTP/1.0 chunked 200 'one' with 'Connection: keep-alive' (faulty framing)",
              head(b"HTTP/1.0 200 OK", b"Transfer-Encoding: chunked", b"Connection: keep-alive")
              + chunked(b"one"), rfc9112("6.1")),
)  # fmt: skip
