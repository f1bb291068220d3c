"""The servers' own request reader, run h11-style: each vector whole, byte by
byte (None until complete), and with trailing bytes that must stay unread."""

from __future__ import annotations

import pytest
from httpcts.servers import ExpectRequest, RecordedRequest, RequestError
from httpcts.servers._request import parse_request

STEP = ExpectRequest()
TRAILING = b"GET /next HTTP/1.1\r\n\r\n"

# (raw request, expected fields)
VECTORS: tuple[tuple[bytes, dict[str, object]], ...] = (
    (b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
     {"method": b"GET", "target": b"/", "version": b"HTTP/1.1", "headers": ((b"Host", b"a"),), "body": b""}),
    # header order and case are kept exactly
    (b"POST /p?q=1 HTTP/1.1\r\nHost: a\r\nAccept-Encoding: identity\r\ncontent-LENGTH: 5\r\n\r\nhello",
     {"headers": ((b"Host", b"a"), (b"Accept-Encoding", b"identity"), (b"content-LENGTH", b"5")), "body": b"hello"}),
    # chunked body with an extension and a trailer
    (b"PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n1\r\n!\r\n0\r\nX-T: 1\r\n\r\n",
     {"body": b"hello!", "trailers": ((b"X-T", b"1"),), "chunked": True}),
    # legacy HTTP class: HTTP/1.0, obs-folded multi-value header kept verbatim
    (b"GET / HTTP/1.0\r\nX-Multi: a\r\n\tb\r\n\r\n", {"version": b"HTTP/1.0", "headers": ((b"X-Multi", b"a\r\n\tb"),)}),
    # LF-only lines and an HTTP/0.9-style request line
    (b"GET /old\n\n", {"target": b"/old", "version": b""}),
    # CRLF injected by a client into the target ends up in the request line
    (b"GET /a HTTP/1.1\r\nX-Injected: 1 HTTP/1.1\r\n\r\n", {"target": b"/a", "headers": ((b"X-Injected", b"1 HTTP/1.1"),)}),
    # duplicate identical Content-Length is one length
    (b"POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi", {"body": b"hi"}),
)  # fmt: skip


def _parse_all_ways(raw: bytes) -> RecordedRequest:
    whole = parse_request(raw, STEP)
    assert whole is not None and whole[1] == len(raw)
    for end in range(len(raw)):
        assert parse_request(raw[:end], STEP) is None, raw[:end]
    with_tail = parse_request(raw + TRAILING, STEP)
    assert with_tail is not None and with_tail[1] == len(raw)
    return whole[0]


@pytest.mark.parametrize(("raw", "expected"), VECTORS)
def test_request_vectors(raw: bytes, expected: dict[str, object]) -> None:
    request = _parse_all_ways(raw)
    assert request.raw == raw
    for field, value in expected.items():
        assert getattr(request, field) == value, field


def test_header_helpers() -> None:
    request = _parse_all_ways(VECTORS[1][0])
    assert request.header(b"content-length") == b"5"
    assert request.header(b"missing") is None
    assert request.header_names() == (b"Host", b"Accept-Encoding", b"content-LENGTH")


@pytest.mark.parametrize(
    ("raw", "message", "step"),
    [
        (b"GET / HTTP/1.1\r\nno colon here\r\n\r\n", "header line without a colon", None),
        (b"GET\r\n\r\n", "malformed request line", None),
        (b"POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc", "conflicting Content-Length", None),
        (b"POST / HTTP/1.1\r\nContent-Length: -2\r\n\r\n", "invalid Content-Length", None),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "without final chunked", None),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n", "invalid chunk-size", None),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXY0\r\n\r\n", "not followed by CRLF", None),
        (b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 50, "request head longer than 64", ExpectRequest(max_head_bytes=64)),
        (b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 3 + b"\r\n", "more than 2 header fields", ExpectRequest(max_headers=2)),
        (b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n", "body longer than 4", ExpectRequest(max_body_bytes=4)),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n", "body longer than 4", ExpectRequest(max_body_bytes=4)),
    ],
)  # fmt: skip
def test_request_errors_quote_what_was_wrong(raw: bytes, message: str, step: ExpectRequest | None) -> None:
    with pytest.raises(RequestError, match=message):
        parse_request(raw, step or STEP)
