"""Response vectors, each run four ways: fed whole, fed byte by byte to ResponseParser,
through HTTPResponse over a socket whose file returns one byte per read, and (for
self-delimited messages) with trailing bytes that must stay untouched.

A vector is (id, bytes, method, strict, expected): expected is the list of events, or
an exception class with a pattern its message must match.
"""

from __future__ import annotations

import dataclasses
from typing import Any, List, NamedTuple, Optional, Tuple, Type, Union

import httpcts.reference as httplib
import pytest
from helpers import events_via_response, parse_bytewise, parse_whole, response_from
from httpcts.reference import (
    CHUNKED,
    LENGTH,
    NO_BODY,
    UNTIL_CLOSE,
    Data,
    EndOfMessage,
    Event,
    Headers,
    InterimResponse,
    StatusLine,
)

Raises = Tuple[Type[httplib.HTTPException], str]
TRAILING = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"  # a pipelined next response


class Vector(NamedTuple):
    id: str
    data: bytes
    expected: Union[List[Event], Raises]
    method: str = "GET"
    strict: bool = False


def response(status: int, reason: str, fields: Tuple[Tuple[str, str], ...], framing: str,
             length: Optional[int], will_close: bool, body: bytes = b"",
             trailers: Tuple[Tuple[str, str], ...] = (), version: int = 11,
             interim: Tuple[InterimResponse, ...] = ()) -> List[Event]:
    events: List[Event] = [*interim, StatusLine(version, status, reason),
                           Headers(fields, framing, length, will_close)]
    if body:
        events.append(Data(body))
    events.append(EndOfMessage(trailers))
    return events


CL5 = (("Content-Length", "5"),)
TE = (("Transfer-Encoding", "chunked"),)

VECTORS = [
    # -- status lines ------------------------------------------------------------
    Vector("cl", b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
           response(200, "OK", CL5, LENGTH, 5, False, b"hello")),
    Vector("http10-cl-closes", b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello",
           response(200, "OK", CL5, LENGTH, 5, True, b"hello", version=10)),
    Vector("http10-keep-alive",
           b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 5\r\n\r\nhello",
           response(200, "OK", (("Connection", "keep-alive"), *CL5), LENGTH, 5, False, b"hello",
                    version=10)),
    Vector("connection-close",
           b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello",
           response(200, "OK", (("Connection", "close"), *CL5), LENGTH, 5, True, b"hello")),
    # "close" is a token, not a substring (2.6 closed on "x-noclose-y")
    Vector("connection-token-not-substring",
           b"HTTP/1.1 200 OK\r\nConnection: x-noclose-y\r\nContent-Length: 0\r\n\r\n",
           response(200, "OK", (("Connection", "x-noclose-y"), ("Content-Length", "0")),
                    LENGTH, 0, False)),
    Vector("connection-other-token-persists",
           b"HTTP/1.1 200 OK\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n",
           response(200, "OK", (("Connection", "Upgrade"), ("Content-Length", "0")),
                    LENGTH, 0, False)),
    Vector("connection-list-with-close",
           b"HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n",
           response(200, "OK", (("Connection", "keep-alive, Close"), ("Content-Length", "0")),
                    LENGTH, 0, True)),
    Vector("http10-keep-alive-in-a-list",
           b"HTTP/1.0 200 OK\r\nConnection: TE, Keep-Alive\r\nContent-Length: 0\r\n\r\n",
           response(200, "OK", (("Connection", "TE, Keep-Alive"), ("Content-Length", "0")),
                    LENGTH, 0, False, version=10)),
    # 2.6 kept an HTTP/1.0 connection open for a Keep-Alive header; RFC 9112 does not
    Vector("http10-keep-alive-header-alone",
           b"HTTP/1.0 200 OK\r\nKeep-Alive: timeout=5\r\nContent-Length: 0\r\n\r\n",
           response(200, "OK", (("Keep-Alive", "timeout=5"), ("Content-Length", "0")),
                    LENGTH, 0, True, version=10)),
    Vector("http10-keep-alive-and-close",
           b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nConnection: close\r\n"
           b"Content-Length: 0\r\n\r\n",
           response(200, "OK", (("Connection", "keep-alive"), ("Connection", "close"),
                                ("Content-Length", "0")), LENGTH, 0, True, version=10)),
    Vector("no-reason", b"HTTP/1.1 204\r\n\r\n", response(204, "", (), NO_BODY, 0, False)),
    Vector("reason-with-spaces", b"HTTP/1.1 404 Not  Found \r\nContent-Length: 0\r\n\r\n",
           response(404, "Not  Found ", (("Content-Length", "0"),), LENGTH, 0, False)),
    Vector("lf-only", b"HTTP/1.1 200 OK\nContent-Length: 5\n\nhello",
           response(200, "OK", CL5, LENGTH, 5, False, b"hello")),
    Vector("empty-reply", b"", (httplib.BadStatusLine, "closed")),
    Vector("http2", b"HTTP/2.0 200 OK\r\n\r\n", (httplib.UnknownProtocol, "HTTP/2.0")),
    Vector("http2-no-minor", b"HTTP/2 200\r\n\r\n", (httplib.UnknownProtocol, "HTTP/2")),
    # 2.6 gave a literal HTTP/0.9 status line version 9 and left the headers unparsed;
    # a real 0.9 server sends no status line, so this is an unknown protocol.
    Vector("http09-literal", b"HTTP/0.9 200 OK\r\n\r\n", (httplib.UnknownProtocol, "HTTP/0.9")),
    Vector("status-99", b"HTTP/1.1 099 Low\r\n\r\n", (httplib.BadStatusLine, "099")),
    Vector("status-4-digits", b"HTTP/1.1 1000 OK\r\n\r\n", (httplib.BadStatusLine, "1000")),
    Vector("status-underscore", b"HTTP/1.1 2_0 OK\r\n\r\n", (httplib.BadStatusLine, "2_0")),
    Vector("status-sign", b"HTTP/1.1 +200 OK\r\n\r\n", (httplib.BadStatusLine, r"\+200")),
    Vector("version-junk", b"HTTP/1.1junk 200 OK\r\n\r\n", (httplib.BadStatusLine, "junk")),
    Vector("version-only", b"HTTP/1.1\r\n\r\n", (httplib.BadStatusLine, "HTTP/1.1")),
    # non-strict: a first line that is not a status line starts an HTTP/0.9 body,
    # and the body is the whole stream including that line
    Vector("http09-simple", b"<html>hi</html>\r\nmore",
           response(200, "", (), UNTIL_CLOSE, None, True, b"<html>hi</html>\r\nmore", version=9)),
    Vector("http09-blank-line", b"\r\nbody",
           response(200, "", (), UNTIL_CLOSE, None, True, b"\r\nbody", version=9)),
    Vector("http09-lowercase", b"http/1.1 200 OK\r\n\r\n",
           response(200, "", (), UNTIL_CLOSE, None, True, b"http/1.1 200 OK\r\n\r\n", version=9)),
    Vector("http09-no-newline", b"ICY 200 OK",
           response(200, "", (), UNTIL_CLOSE, None, True, b"ICY 200 OK", version=9)),
    Vector("strict-garbage", b"<html>hi</html>\r\n", (httplib.BadStatusLine, "html"), strict=True),
    Vector("strict-blank-line", b"\r\nbody", (httplib.BadStatusLine, "^$"), strict=True),
    # -- interim responses ---------------------------------------------------------
    Vector("100-continue",
           b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
           response(200, "OK", CL5, LENGTH, 5, False, b"hello",
                    interim=(InterimResponse(11, 100, "Continue", ()),))),
    Vector("100-with-headers-then-103",
           b"HTTP/1.1 100 Continue\r\nX-A: 1\r\n\r\n"
           b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
           b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
           response(200, "OK", CL5, LENGTH, 5, False, b"hello",
                    interim=(InterimResponse(11, 100, "Continue", (("X-A", "1"),)),
                             InterimResponse(11, 103, "Early Hints", (("Link", "</s.css>"),))))),
    Vector("100-then-eof", b"HTTP/1.1 100 Continue\r\n\r\n", (httplib.BadStatusLine, "closed")),
    # after an HTTP/1.1 interim response no HTTP/0.9 reply can follow, strict or not:
    # the blank line is not taken as the start of a body holding the 404's head
    Vector("100-then-not-a-status-line",
           b"HTTP/1.1 100 Continue\r\n\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
           (httplib.BadStatusLine, "^$")),
    # 101: the connection now speaks another protocol; the bytes after the head are
    # not HTTP and are left alone
    Vector("101-switching", b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n",
           response(101, "Switching Protocols", (("Upgrade", "x"),), NO_BODY, 0, True)),
    # -- bodies that are not there ---------------------------------------------------
    Vector("head-ignores-cl", b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
           response(200, "OK", CL5, NO_BODY, 0, False), method="HEAD"),
    Vector("head-ignores-chunked", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
           response(200, "OK", TE, NO_BODY, 0, False), method="HEAD"),
    Vector("204", b"HTTP/1.1 204 No Content\r\n\r\n",
           response(204, "No Content", (), NO_BODY, 0, False)),
    Vector("304-with-cl", b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n",
           response(304, "Not Modified", CL5, NO_BODY, 0, False)),
    # a 204 that announces a body: no body is read and the connection is not reused
    Vector("204-announcing-body", b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n",
           response(204, "No Content", CL5, NO_BODY, 0, True)),
    Vector("204-cl-zero", b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n",
           response(204, "No Content", (("Content-Length", "0"),), NO_BODY, 0, False)),
    # -- bodies ----------------------------------------------------------------------
    Vector("until-close", b"HTTP/1.1 200 OK\r\n\r\nhello world",
           response(200, "OK", (), UNTIL_CLOSE, None, True, b"hello world")),
    Vector("cl-zero", b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
           response(200, "OK", (("Content-Length", "0"),), LENGTH, 0, False)),
    Vector("cl-short", b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello",
           (httplib.IncompleteRead, "5 more expected")),
    Vector("chunked",
           b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"5\r\nhello\r\n6;name=value\r\n world\r\n0\r\n\r\n",
           response(200, "OK", TE, CHUNKED, None, False, b"hello world")),
    Vector("chunked-trailers",
           b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"A\r\n0123456789\r\n0\r\nX-Sum: 1\r\nX-Two: 2\r\n\r\n",
           response(200, "OK", TE, CHUNKED, None, False, b"0123456789",
                    trailers=(("X-Sum", "1"), ("X-Two", "2")))),
    # a trailer section ended by a bare-LF blank line: with a pipelined response after
    # it, the CRLF CRLF of that response's head must not be taken as the end
    Vector("chunked-trailers-end-in-lf",
           b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"5\r\nhello\r\n0\r\nX-Sum: 1\n\n",
           response(200, "OK", TE, CHUNKED, None, False, b"hello", trailers=(("X-Sum", "1"),))),
    Vector("chunked-lf-only",
           b"HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5\nhello\n0\n\n",
           response(200, "OK", TE, CHUNKED, None, False, b"hello")),
    Vector("chunked-case-insensitive", b"HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n"
           b"5\r\nhello\r\n0\r\n\r\n",
           response(200, "OK", (("transfer-encoding", "Chunked"),), CHUNKED, None, False,
                    b"hello")),
    Vector("chunked-http10", b"HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"5\r\nhello\r\n0\r\n\r\n",
           response(200, "OK", TE, CHUNKED, None, True, b"hello", version=10)),
    Vector("chunked-eof-mid-chunk",
           b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nabc",
           (httplib.IncompleteRead, "2 more expected")),
    Vector("chunked-no-last-chunk",
           b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
           (httplib.IncompleteRead, "bytes read")),
    # CVE-2025-43859 family: the two bytes after chunk data must be CRLF
    Vector("chunked-junk-after-data",
           b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXY0\r\n\r\n",
           (httplib.ProtocolError, "CRLF after chunk data")),
    Vector("chunked-0x", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n",
           (httplib.ProtocolError, "chunk size")),
    Vector("chunked-minus", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n",
           (httplib.ProtocolError, "chunk size")),
    # -- header blocks ---------------------------------------------------------------
    Vector("obs-fold", b"HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\n\tthree\r\nContent-Length: 0\r\n\r\n",
           response(200, "OK", (("X-A", "one two three"), ("Content-Length", "0")),
                    LENGTH, 0, False)),
    Vector("obs-fold-lf-only", b"HTTP/1.1 200 OK\nX-A: one\n two\nContent-Length: 0\n\n",
           response(200, "OK", (("X-A", "one two"), ("Content-Length", "0")), LENGTH, 0, False)),
    Vector("obs-fold-empty-first-value", b"HTTP/1.1 200 OK\r\nX-A:\r\n two\r\n\r\n",
           response(200, "OK", (("X-A", "two"),), UNTIL_CLOSE, None, True)),
    # a fold continues a framing field: the unfolded value decides ("5 6" is no length)
    Vector("obs-fold-in-content-length", b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n 6\r\n\r\nhello",
           (httplib.ProtocolError, "Content-Length")),
    Vector("obs-fold-in-connection", b"HTTP/1.1 200 OK\r\nConnection: keep-alive,\r\n close\r\n"
           b"Content-Length: 0\r\n\r\n",
           response(200, "OK", (("Connection", "keep-alive, close"), ("Content-Length", "0")),
                    LENGTH, 0, True)),
    Vector("obs-fold-in-interim", b"HTTP/1.1 103 Early Hints\r\nLink: </a>;\r\n rel=preload\r\n\r\n"
           b"HTTP/1.1 204 No Content\r\n\r\n",
           response(204, "No Content", (), NO_BODY, 0, False,
                    interim=(InterimResponse(11, 103, "Early Hints", (("Link", "</a>; rel=preload"),)),))),
    Vector("ows-stripped", b"HTTP/1.1 200 OK\r\nX-A: \t 1 \t\r\nContent-Length:0\r\n\r\n",
           response(200, "OK", (("X-A", "1"), ("Content-Length", "0")), LENGTH, 0, False)),
    Vector("empty-value", b"HTTP/1.1 200 OK\r\nX-A:\r\nContent-Length: 0\r\n\r\n",
           response(200, "OK", (("X-A", ""), ("Content-Length", "0")), LENGTH, 0, False)),
    # smuggling: a bare CR would split this into two fields for some parsers
    Vector("bare-cr-in-field", b"HTTP/1.1 200 OK\r\nX-A: 1\rContent-Length: 2\r\n\r\nhi",
           (httplib.ProtocolError, "bare CR")),
    Vector("no-colon", b"HTTP/1.1 200 OK\r\nX-A 1\r\nContent-Length: 0\r\n\r\n",
           (httplib.ProtocolError, "without a colon")),
    Vector("space-before-colon", b"HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nhi",
           (httplib.ProtocolError, "invalid field name")),
    Vector("first-line-whitespace", b"HTTP/1.1 200 OK\r\n X-A: 1\r\n\r\n",
           (httplib.ProtocolError, "whitespace")),
    Vector("nul-in-value", b"HTTP/1.1 200 OK\r\nX-A: a\x00b\r\n\r\n",
           (httplib.ProtocolError, "NUL")),
    # rfc822's mbox "From " line, which 2.6 skipped, is just a line without a colon
    Vector("mbox-from-line", b"HTTP/1.1 200 OK\r\nFrom nobody Mon Jan 1\r\n\r\n",
           (httplib.ProtocolError, "without a colon")),
    Vector("eof-in-headers", b"HTTP/1.1 200 OK\r\nX-A: 1\r\n",
           (httplib.ProtocolError, "inside the header block")),
    Vector("latin-1-value", b"HTTP/1.1 200 OK\r\nX-A: caf\xe9\r\nContent-Length: 0\r\n\r\n",
           response(200, "OK", (("X-A", "caf\xe9"), ("Content-Length", "0")), LENGTH, 0, False)),
]


def _raises(expected: Any) -> bool:
    return isinstance(expected, tuple)


def _delimited(events: List[Event]) -> bool:
    """True when the message ends by its framing, so bytes after it are not body."""
    headers = [e for e in events if type(e) is Headers]
    return headers[0].framing != UNTIL_CLOSE


@pytest.mark.parametrize("vector", VECTORS, ids=[v.id for v in VECTORS])
def test_vector_whole(vector: Vector) -> None:
    if _raises(vector.expected):
        exc_type, pattern = vector.expected  # type: ignore[misc]
        with pytest.raises(exc_type, match=pattern):
            parse_whole(vector.data, method=vector.method, strict=vector.strict)
    else:
        events, _ = parse_whole(vector.data, method=vector.method, strict=vector.strict)
        assert events == vector.expected


@pytest.mark.parametrize("vector", VECTORS, ids=[v.id for v in VECTORS])
def test_vector_byte_by_byte(vector: Vector) -> None:
    if _raises(vector.expected):
        exc_type, pattern = vector.expected  # type: ignore[misc]
        with pytest.raises(exc_type, match=pattern):
            parse_bytewise(vector.data, method=vector.method, strict=vector.strict)
    else:
        events, _ = parse_bytewise(vector.data, method=vector.method, strict=vector.strict)
        assert events == vector.expected


@pytest.mark.parametrize("vector", VECTORS, ids=[v.id for v in VECTORS])
def test_vector_through_response_one_byte_reads(vector: Vector) -> None:
    if _raises(vector.expected):
        exc_type, pattern = vector.expected  # type: ignore[misc]
        with pytest.raises(exc_type, match=pattern):
            events_via_response(vector.data, method=vector.method, strict=vector.strict)
    else:
        events = events_via_response(vector.data, method=vector.method, strict=vector.strict)
        assert events == vector.expected


ACCEPTED = [v for v in VECTORS if not _raises(v.expected)]
DELIMITED = [v for v in ACCEPTED if _delimited(v.expected)]  # type: ignore[arg-type]


@pytest.mark.parametrize("vector", DELIMITED, ids=[v.id for v in DELIMITED])
def test_vector_with_trailing_data(vector: Vector) -> None:
    for parse in (parse_whole, parse_bytewise):
        events, parser = parse(vector.data + TRAILING, method=vector.method,
                               strict=vector.strict, eof=False)
        assert events == vector.expected
        assert parser.trailing_data == TRAILING


@pytest.mark.parametrize("vector", ACCEPTED, ids=[v.id for v in ACCEPTED])
def test_vector_read_in_small_pieces(vector: Vector) -> None:
    """read(3) until b"" gives the same body as read()."""
    resp = response_from(vector.data, method=vector.method, strict=int(vector.strict))
    pieces = []
    while True:
        piece = resp.read(3)
        assert len(piece) <= 3
        if not piece:
            break
        pieces.append(piece)
    body = b"".join(e.data for e in vector.expected if type(e) is Data)  # type: ignore[union-attr]
    assert b"".join(pieces) == body
    assert resp.isclosed()


def _conclude(data: bytes, pieces: int, method: str, strict: bool) -> httplib.Conclusion:
    """The parser's conclusion with `data` fed whole (pieces=0) or in pieces of that size,
    read through the direct interface (receive_head, read_body)."""
    parser = httplib.ResponseParser(method=method, strict=strict)
    body: List[bytes] = []
    try:
        for start in range(0, len(data), pieces or len(data) or 1):
            parser.feed(data[start : start + (pieces or len(data))])
            if parser.receive_head():
                body.append(parser.read_body())
        parser.feed_eof()
        while not parser.message_complete:
            parser.receive_head()
            body.append(parser.read_body())
    except httplib.HTTPException as exc:
        return parser.conclusion(b"".join(body), exc)
    return parser.conclusion(b"".join(body))


@pytest.mark.parametrize("vector", VECTORS, ids=[v.id for v in VECTORS])
def test_fast_and_slow_paths_conclude_the_same(vector: Vector) -> None:
    # fed whole, a head in the common form goes through the one-pass head reader and
    # whole chunks through the chunk fast path; fed a byte at a time, through the
    # line readers and the chunked reader's steps (each is tried only on whole data)
    for data in (vector.data, vector.data + TRAILING):
        whole = _conclude(data, 0, vector.method, vector.strict)
        for pieces in (1, 7):
            split = _conclude(data, pieces, vector.method, vector.strict)
            if whole.error not in (None, "IncompleteRead"):
                # body bytes read before a refusal depend on where the reads stopped
                split = dataclasses.replace(split, body=whole.body)
            assert split == whole
        if whole.error is None:
            assert whole.head_length is not None
            assert data[whole.head_length :].endswith(whole.trailing or b"")
