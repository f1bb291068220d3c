"""Properties over generated input.

1. For any bytes, ResponseParser and HTTPResponse raise nothing but HTTPException
   subclasses.
2. The result does not depend on how the bytes are split into feeds: the same events
   (Data merged) or the same exception type.
3. Well-formed chunked and Content-Length responses decode to the body they frame.
"""

from __future__ import annotations

import os
from typing import List, Tuple, Union

import httpcts.reference as httplib
from helpers import merge_data, response_from
from httpcts.reference import NEED_DATA, Data, EndOfMessage, Event, ResponseParser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# HTTPCTS_FUZZ_EXAMPLES raises the count for a longer local hunt
SETTINGS = settings(max_examples=int(os.environ.get("HTTPCTS_FUZZ_EXAMPLES", "100")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# pieces of responses, so that random sequences reach past the status line often
FRAGMENTS = [
    b"HTTP/1.1 200 OK\r\n", b"HTTP/1.0 404 Not Found\r\n", b"HTTP/1.1 100 Continue\r\n",
    b"HTTP/1.1 204 \r\n", b"HTTP/1.1 101 Up\r\n", b"HTTP/2.0 200 OK\r\n", b"HTTP/1.1 99 x\r\n",
    b"Content-Length: 5\r\n", b"Content-Length: 0\r\n", b"Content-Length: +5\r\n",
    b"Transfer-Encoding: chunked\r\n", b"Transfer-Encoding: gzip\r\n", b"Connection: close\r\n",
    b"Connection: keep-alive\r\n", b"X-A: 1\r\n", b" folded\r\n", b"Bad Name: 1\r\n",
    b"\r\n", b"\n", b"\r", b"5\r\nhello\r\n", b"3;x=y\r\nabc\r\n", b"0\r\n", b"Z\r\n",
    b"hello", b"\x00", b"\xff",
]


@st.composite
def response_like(draw) -> bytes:
    """Sequences of response fragments and random bytes; shrinks toward fewer pieces."""
    pieces = draw(st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=6), max_size=14))
    return b"".join(pieces)


inputs = st.binary(max_size=200) | response_like()


@st.composite
def split(draw, data_strategy=inputs) -> Tuple[bytes, List[bytes]]:
    """Some bytes and a split of them into feeds; shrinks toward fewer cuts."""
    data = draw(data_strategy)
    cuts = sorted(draw(st.lists(st.integers(0, len(data)), max_size=8)))
    bounds = [0, *cuts, len(data)]
    return data, [data[a:b] for a, b in zip(bounds, bounds[1:])]


def body_of(events: List[Event]) -> bytes:
    return b"".join(e.data for e in events if type(e) is Data)  # type: ignore[union-attr]


Outcome = Union[Tuple[str, List[Event], bytes], Tuple[str, type]]


def outcome(pieces: List[bytes], method: str = "GET") -> Outcome:
    """Feed the pieces, draining events after each, then EOF; the events or the error."""
    parser = ResponseParser(method=method)
    events: List[Event] = []

    def drain() -> None:
        while not (events and type(events[-1]) is EndOfMessage):
            event = parser.next_event()
            if event is NEED_DATA:
                return
            events.append(event)  # type: ignore[arg-type]

    try:
        for piece in pieces:
            parser.feed(piece)
            drain()
        if not (events and type(events[-1]) is EndOfMessage):
            parser.feed_eof()
            drain()
    except httplib.HTTPException as exc:
        return ("error", type(exc))
    return ("ok", merge_data(events), parser.trailing_data)


@SETTINGS
@given(split(), st.sampled_from(["GET", "HEAD"]))
def test_parser_result_does_not_depend_on_the_split(case, method: str) -> None:
    data, pieces = case
    whole = outcome([data], method)
    assert outcome(pieces, method) == whole
    assert outcome([bytes([b]) for b in data], method) == whole


def response_outcome(data: bytes, method: str, one_byte: bool) -> object:
    """What HTTPResponse makes of the bytes: (status, body, trailers) or the error type."""
    response = response_from(data, method=method, one_byte=one_byte, begin=False)
    try:
        response.begin()
        body = response.read(7)
        body += response.read()
    except httplib.HTTPException as exc:
        response.close()
        assert response.isclosed()
        return type(exc)
    assert response.isclosed()
    return (response.status, body, response.trailers)


@SETTINGS
@given(inputs, st.sampled_from(["GET", "HEAD", "POST"]))
def test_response_raises_only_http_exceptions(data: bytes, method: str) -> None:
    # any other exception escapes and fails the test
    whole = response_outcome(data, method, one_byte=False)
    assert response_outcome(data, method, one_byte=True) == whole
    if isinstance(whole, tuple):  # the parser's events carry the same body
        result = outcome([data], method)
        assert result[0] == "ok"
        assert body_of(result[1]) == whole[1]  # type: ignore[arg-type]


@SETTINGS
@given(st.binary(max_size=300), st.integers(0, 2**80), st.binary(max_size=30))
def test_content_length_frames_the_body(body: bytes, extra: int, after: bytes) -> None:
    data = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body + after
    kind, events, trailing = outcome([data])  # type: ignore[misc]
    assert kind == "ok"
    assert body_of(events) == body
    assert events[-1] == EndOfMessage()
    assert trailing == after
    response = response_from(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % (len(body) + extra)
                             + body)
    if extra:
        try:
            response.read()
        except httplib.IncompleteRead as exc:
            assert (exc.partial, exc.expected) == (body, extra)
        else:
            raise AssertionError("a short body must raise IncompleteRead")
    else:
        assert response.read() == body


@st.composite
def chunked_bodies(draw, *, max_chunks: int = 6) -> Tuple[bytes, bytes]:
    """RFC 9112 7.1 chunked bodies: (encoded, decoded). Shrinks toward fewer, shorter
    chunks without extensions, lower-case hex and CRLF."""
    chunks = draw(st.lists(st.binary(min_size=1, max_size=40), max_size=max_chunks))
    ext = draw(st.sampled_from([b"", b";a", b";a=b", b';a="q;\\"x"', b" ;a = b"]))
    eol = draw(st.sampled_from([b"\r\n", b"\n"]))
    upper = draw(st.booleans())
    trailers = draw(st.sampled_from([b"", b"X-T: 1" + eol]))
    encoded = b"".join(
        (b"%X" if upper else b"%x") % len(chunk) + ext + eol + chunk + eol for chunk in chunks
    ) + b"0" + ext + eol + trailers + eol
    return encoded, b"".join(chunks)


@SETTINGS
@given(split(chunked_bodies().map(lambda c: c[0])), st.binary(max_size=20))
def test_chunked_bodies_decode_whatever_the_split(case, after: bytes) -> None:
    encoded, pieces = case
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    whole = outcome([head + encoded + after])
    assert whole[0] == "ok"
    assert outcome([head, *pieces, after]) == whole
    assert whole[2] == after


@SETTINGS
@given(chunked_bodies())
def test_chunked_response_reads_the_decoded_body(case) -> None:
    encoded, decoded = case
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    assert response_from(head + encoded, one_byte=True).read() == decoded
    response = response_from(head + encoded)
    got = b""
    while not response.isclosed():
        got += response.read(5)
    assert got == decoded
