"""The connection's state machine (_state.TRANSITIONS), reuse and reconnection.

States: Idle -> putrequest -> Request-started -> putheader* -> endheaders ->
Request-sent -> getresponse -> Idle. A call the state does not allow raises
CannotSendRequest, CannotSendHeader or ResponseNotReady carrying the state name.
"""

from __future__ import annotations

import httpcts.reference as httplib
import pytest
from helpers import FakeSocket, fake_connection
from httpcts.reference import _state

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope"

CALLS = {
    "putrequest": lambda c: c.putrequest("GET", "/"),
    "putheader": lambda c: c.putheader("X-A", "1"),
    "endheaders": lambda c: c.endheaders(),
    "getresponse": lambda c: c.getresponse(),
}
REACH = {  # the calls that bring a fresh connection into each state
    "Idle": [],
    "Request-started": ["putrequest"],
    "Request-sent": ["putrequest", "endheaders"],
}
# what the documentation's state table allows; everything else raises
EXPECTED = {
    ("Idle", "putrequest"): "Request-started",
    ("Idle", "putheader"): httplib.CannotSendHeader,
    ("Idle", "endheaders"): httplib.CannotSendHeader,
    ("Idle", "getresponse"): httplib.ResponseNotReady,
    ("Request-started", "putrequest"): httplib.CannotSendRequest,
    ("Request-started", "putheader"): "Request-started",
    ("Request-started", "endheaders"): "Request-sent",
    ("Request-started", "getresponse"): httplib.ResponseNotReady,
    ("Request-sent", "putrequest"): httplib.CannotSendRequest,
    ("Request-sent", "putheader"): httplib.CannotSendHeader,
    ("Request-sent", "endheaders"): httplib.CannotSendHeader,
    ("Request-sent", "getresponse"): "Idle",
}


def test_state_names_are_httplibs() -> None:
    assert tuple(REACH) == (_state.IDLE, _state.REQ_STARTED, _state.REQ_SENT)


@pytest.mark.parametrize("state, call", sorted(EXPECTED), ids=[f"{s}-{c}" for s, c in sorted(EXPECTED)])
def test_transition(state: str, call: str) -> None:
    conn, socks = fake_connection(OK)
    for step in REACH[state]:
        CALLS[step](conn)
    expected = EXPECTED[(state, call)]
    if isinstance(expected, str):
        result = CALLS[call](conn)
        assert conn._state == expected
        if call == "getresponse":
            assert result.read() == b"ok"
    else:
        with pytest.raises(expected) as info:
            CALLS[call](conn)
        assert info.value.args[0].startswith(state)
        assert isinstance(info.value, httplib.ImproperConnectionState)
        assert conn._state == state  # a refused call changes nothing
    conn.close()


def test_the_table_and_the_expectations_agree() -> None:
    # every (state, call) pair the test above expects to succeed is in the table
    for (state, call), expected in EXPECTED.items():
        allowed, after, error = _state.TRANSITIONS[call]
        if isinstance(expected, str):
            assert state in allowed and after == expected
        else:
            assert state not in allowed and error is expected


def test_second_getresponse_is_not_ready() -> None:
    conn, _ = fake_connection(OK)
    conn.request("GET", "/")
    conn.getresponse().read()
    with pytest.raises(httplib.ResponseNotReady, match="Idle"):
        conn.getresponse()
    conn.close()


def test_second_request_while_first_response_unread() -> None:
    conn, socks = fake_connection((OK, NOT_FOUND))
    conn.request("GET", "/1")
    first = conn.getresponse()
    conn.request("GET", "/2")  # sending the next request is allowed (pipelining)
    with pytest.raises(httplib.ResponseNotReady, match="previous response"):
        conn.getresponse()
    assert first.read() == b"ok"
    second = conn.getresponse()
    assert (second.status, second.reason, second.read()) == (404, "Not Found", b"nope")
    assert len(socks) == 1
    assert socks[0].sent.count(b"GET /") == 2
    conn.close()


def test_keep_alive_reuses_the_socket() -> None:
    conn, socks = fake_connection((OK, NOT_FOUND))
    for expected in (b"ok", b"nope"):
        conn.request("GET", "/")
        assert conn.getresponse().read() == expected
    assert len(socks) == 1
    assert not socks[0].closed
    conn.close()
    assert socks[0].closed


def test_failed_getresponse_leaves_request_sent_until_close() -> None:
    conn, socks = fake_connection(b"", OK)
    conn.request("GET", "/")
    with pytest.raises(httplib.BadStatusLine) as info:
        conn.getresponse()
    assert info.value.line == ""
    with pytest.raises(httplib.CannotSendRequest, match="Request-sent"):
        conn.request("GET", "/")
    conn.close()
    conn.request("GET", "/")  # reconnects
    assert conn.getresponse().read() == b"ok"
    assert len(socks) == 2
    conn.close()


@pytest.mark.parametrize("reply", [
    b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok",
    b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
    b"HTTP/1.1 200 OK\r\n\r\nok",  # read until close
])
def test_reconnect_after_will_close_response(reply: bytes) -> None:
    conn, socks = fake_connection(reply, NOT_FOUND)
    conn.request("GET", "/")
    first = conn.getresponse()
    assert first.will_close
    assert conn.sock is None and socks[0].closed  # the connection forgot its socket
    assert first.read() == b"ok"  # the response still reads from its own file
    conn.request("GET", "/")
    assert conn.getresponse().status == 404
    assert len(socks) == 2
    conn.close()


def test_http10_keep_alive_reuses() -> None:
    reply = b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok"
    conn, socks = fake_connection((reply, NOT_FOUND))
    conn.request("GET", "/")
    assert conn.getresponse().read() == b"ok"
    conn.request("GET", "/")
    assert conn.getresponse().status == 404
    assert len(socks) == 1
    conn.close()


def test_pipelined_responses_arriving_together() -> None:
    # the bytes the first response read past its end start the pipelined second one
    conn, socks = fake_connection(OK + NOT_FOUND)
    conn.request("GET", "/1")
    first = conn.getresponse()
    conn.request("GET", "/2")
    assert first.read() == b"ok"
    second = conn.getresponse()
    assert (second.status, second.read()) == (404, b"nope")
    assert len(socks) == 1
    conn.close()


def test_leftover_bytes_after_a_response_force_a_new_connection() -> None:
    conn, socks = fake_connection(OK + b"GARBAGE", NOT_FOUND)
    conn.request("GET", "/")
    response = conn.getresponse()
    assert response.read() == b"ok"
    assert response.leftover == b"GARBAGE"
    conn.request("GET", "/")  # no request asked for GARBAGE: a new connection
    assert conn.getresponse().status == 404
    assert len(socks) == 2 and socks[0].closed
    conn.close()


def test_response_closed_before_its_end_forces_a_new_connection() -> None:
    conn, socks = fake_connection(OK, NOT_FOUND)
    conn.request("GET", "/")
    response = conn.getresponse()
    assert response.read(1) == b"o"
    response.close()
    conn.request("GET", "/")
    assert conn.getresponse().status == 404
    assert len(socks) == 2
    conn.close()


def test_failed_body_read_forces_a_new_connection() -> None:
    bad = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXY"
    conn, socks = fake_connection(bad, NOT_FOUND)
    conn.request("GET", "/")
    with pytest.raises(httplib.ProtocolError):
        conn.getresponse().read()
    conn.request("GET", "/")
    assert conn.getresponse().status == 404
    assert len(socks) == 2


def test_not_connected_with_auto_open_off() -> None:
    conn, socks = fake_connection(OK)
    conn.auto_open = 0
    with pytest.raises(httplib.NotConnected):
        conn.request("GET", "/")
    assert socks == []
    conn.close()


def test_not_connected_when_closed_between_request_and_response() -> None:
    conn, socks = fake_connection(OK)
    conn.request("GET", "/")
    conn._drop_socket()
    with pytest.raises(httplib.NotConnected):
        conn.getresponse()


def test_explicit_connect_and_close() -> None:
    conn, socks = fake_connection(OK, OK)
    conn.connect()
    assert len(socks) == 1
    conn.request("GET", "/")  # uses the connected socket
    assert len(socks) == 1
    response = conn.getresponse()
    conn.close()  # closes the socket and the current response, back to Idle
    assert socks[0].closed and response.isclosed()
    assert conn._state == "Idle"
    conn.close()  # closing twice is harmless
    conn.request("GET", "/")
    assert len(socks) == 2
    conn.close()


def test_close_in_the_middle_of_a_request_returns_to_idle() -> None:
    conn, socks = fake_connection(OK)
    conn.putrequest("GET", "/")
    conn.close()
    conn.putrequest("GET", "/")  # no CannotSendRequest
    conn.close()


def test_response_class_and_strict_are_passed_on() -> None:
    seen = []

    class Recording(httplib.HTTPResponse):
        def __init__(self, sock, debuglevel=0, strict=0, method=None):
            seen.append((debuglevel, strict, method))
            super().__init__(sock, debuglevel, strict, method)

    conn, _ = fake_connection(b"not http\r\n", strict=True)
    conn.response_class = Recording
    conn.request("HEAD", "/")
    with pytest.raises(httplib.BadStatusLine):
        conn.getresponse()
    assert seen == [(0, True, "HEAD")]
    conn.close()


def test_strict_class_attribute_default() -> None:
    assert httplib.HTTPConnection.strict == 0
    assert httplib.HTTPConnection("h").strict == 0
    assert httplib.HTTPConnection("h", strict=1).strict == 1
    conn, _ = fake_connection(b"not http\r\n")
    conn.request("GET", "/")
    response = conn.getresponse()
    assert response.version == 9
    assert response.read() == b"not http\r\n"
    conn.close()


def test_no_http09_reply_after_a_kept_alive_response() -> None:
    # the server has spoken HTTP/1.1 on this connection: a second reply that is not
    # a status line is BadStatusLine, not a 200 whose body is whatever comes next
    conn, socks = fake_connection((OK, b"\r\nHTTP/1.1 404 Not Found\r\n\r\n"))
    conn.request("GET", "/")
    assert conn.getresponse().read() == b"ok"
    conn.request("GET", "/")
    with pytest.raises(httplib.BadStatusLine):
        conn.getresponse()
    conn.close()
    # a new connection may be an HTTP/0.9 server again
    conn, socks = fake_connection((OK,), b"not http\r\n")
    conn.request("GET", "/")
    conn.getresponse().read()
    conn.close()
    conn.request("GET", "/")
    assert conn.getresponse().version == 9
    conn.close()


def test_send_on_a_fake_socket_set_by_hand() -> None:
    # CPython's tests assign conn.sock directly; no connect() happens then
    conn = httplib.HTTPConnection("example.com")
    conn.sock = sock = FakeSocket(OK)
    conn.request("GET", "/")
    assert conn.getresponse().read() == b"ok"
    assert sock.sent.startswith(b"GET / HTTP/1.1\r\n")
    conn.close()


def test_broken_pipe_propagates_without_a_resend() -> None:
    # 2.6 resent the whole request once on EPIPE, which can repeat a POST
    conn, socks = fake_connection(OK, OK)
    conn.connect()

    def broken(data: bytes) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    socks[0].sendall = broken  # type: ignore[method-assign]
    with pytest.raises(BrokenPipeError):
        conn.request("POST", "/", b"once")
    assert len(socks) == 1
    conn.close()


@pytest.mark.parametrize("body, headers", [
    ("caf\u00e9 \u20ac", {}),  # not ISO-8859-1
    (b"x", {"X-Bad": "a\r\nInjected: 1"}),
    (b"x", {"Bad Name": "v"}),
])
def test_a_refused_request_leaves_the_connection_idle(body: object, headers: dict) -> None:
    conn, socks = fake_connection(OK)
    with pytest.raises(ValueError):
        conn.request("POST", "/", body, headers)  # type: ignore[arg-type]
    assert not socks or socks[0].sent == b""
    conn.request("GET", "/")  # no CannotSendRequest: nothing was started
    assert conn.getresponse().read() == b"ok"
    conn.close()
