"""HTTPConnection as a state machine, driven in any order against a scripted server.

Strategy: Hypothesis's RuleBasedStateMachine calls putrequest, putheader, endheaders,
send, getresponse, read and close in any order; a model of httplib's three states
(Idle, Request-started, Request-sent) plus "a response is still unread" predicts,
before each call, whether it must succeed or raise which ImproperConnectionState
subclass, and every response read must be the scripted one. The server answers every
request on every connection with the same small response (httpcts.servers). The same
machine runs against the reference and against CPython's http.client.
"""

from __future__ import annotations

import http.client
import types
from typing import Any, List, Optional

import httpcts.reference as reference
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule

servers = pytest.importorskip("httpcts.servers")

BODY = b"ok"
RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n" + BODY
SCENARIO = servers.Scenario(
    id="fuzz.state-machine",
    kind="conformant",
    category="fuzz",
    description="answers every request with the same 200 response, on every connection",
    references=("RFC 9112 9.3",),
    # one answer that keeps the connection: it serves every request (answer_by "request")
    connections=((servers.ExpectRequest(), servers.Send(RESPONSE)),),
    connection_deadline=30.0,
)
IDLE, STARTED, SENT = "Idle", "Request-started", "Request-sent"
_server: List[Any] = []


@pytest.fixture(scope="module", autouse=True)
def server() -> Any:
    with servers.serve(SCENARIO, time_scale=0.1) as running:
        _server[:] = [running]
        yield running
        _server.clear()


class ConnectionMachine(RuleBasedStateMachine):
    impl: types.ModuleType = reference

    def __init__(self) -> None:
        super().__init__()
        host, port = _server[0].address
        self.conn = self.impl.HTTPConnection(host, port, timeout=5)
        self.state = IDLE
        self.unread: Optional[Any] = None  # the response returned and not read yet
        self.body_due = 0  # body bytes the request in progress still has to send
        self.responses: List[Any] = []

    def expect(self, error: Optional[type], call: Any, *args: Any) -> Any:
        if error is None:
            return call(*args)
        with pytest.raises(error):
            call(*args)
        return None

    @rule(method=st.sampled_from(["GET", "POST"]))
    def putrequest(self, method: str) -> None:
        if self.unread is not None and self.unread.isclosed():
            self.unread = None
        error = None if self.state == IDLE else self.impl.CannotSendRequest
        self.expect(error, self.conn.putrequest, method, "/")
        if error is None:
            self.state = STARTED
            if method == "POST":
                self.conn.putheader("Content-Length", "2")
                self.body_due = 2

    @rule(name=st.sampled_from(["X-A", "Accept"]), value=st.sampled_from(["1", "text/plain"]))
    def putheader(self, name: str, value: str) -> None:
        error = None if self.state == STARTED else self.impl.CannotSendHeader
        self.expect(error, self.conn.putheader, name, value)

    @rule()
    def endheaders(self) -> None:
        error = None if self.state == STARTED else self.impl.CannotSendHeader
        self.expect(error, self.conn.endheaders)
        if error is None:
            self.state = SENT

    @precondition(lambda self: self.state == SENT and self.body_due)
    @rule()
    def send(self) -> None:
        self.conn.send(b"hi")
        self.body_due = 0

    @precondition(lambda self: not self.body_due)
    @rule()
    def getresponse(self) -> None:
        if self.unread is not None and self.unread.isclosed():
            self.unread = None
        if self.state != SENT or self.unread is not None:
            self.expect(self.impl.ResponseNotReady, self.conn.getresponse)
            return
        response = self.conn.getresponse()
        assert (response.status, response.reason) == (200, "OK")
        self.state = IDLE
        self.unread = response
        self.responses.append(response)

    @precondition(lambda self: self.unread is not None)
    @rule(amt=st.sampled_from([None, 1, 5]))
    def read(self, amt: Optional[int]) -> None:
        response = self.unread
        got = response.read(amt)
        expected = BODY if amt is None else BODY[:amt]
        rest = b"" if amt is None else response.read()
        assert got + rest == BODY, (got, rest, expected)
        assert response.isclosed()
        self.unread = None

    @rule()
    def close(self) -> None:
        self.conn.close()
        self.state = IDLE
        self.unread = None
        self.body_due = 0

    def teardown(self) -> None:
        for response in self.responses:
            response.close()
        self.conn.close()


_SETTINGS = settings(max_examples=25, stateful_step_count=12, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])
ConnectionMachine.TestCase.settings = _SETTINGS
TestReferenceConnection = ConnectionMachine.TestCase


class HTTPClientMachine(ConnectionMachine):
    impl = http.client

    # http.client's close() keeps a started request's buffered lines, so the next request
    # carries them (test_http_client_close_keeps_a_started_request below): the model does
    # not follow that defect, so the machine closes http.client only between requests.
    @precondition(lambda self: self.state != STARTED)
    @rule()
    def close(self) -> None:
        super().close()


def test_http_client_close_keeps_a_started_request(server: Any) -> None:
    """The defect the http.client machine steps around: after putrequest() and close(),
    the next request's bytes begin with the abandoned request line."""
    host, port = server.address
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.putrequest("GET", "/abandoned")
    conn.close()
    conn.putrequest("GET", "/")
    lines = list(conn._buffer)  # the lines endheaders() would send, in order
    conn.close()
    assert lines[0] == b"GET /abandoned HTTP/1.1"
    assert b"GET / HTTP/1.1" in lines[1:]


HTTPClientMachine.TestCase.settings = _SETTINGS
TestHTTPClientConnection = HTTPClientMachine.TestCase
