"""Differential: parsers that all accept the same response must agree on where its body ends and which bytes are left on the wire.

Input: a control byte (unused, so corpora are shared with the other targets), then
the server's bytes, read as the response to a GET. Parsers: the reference's sans-IO
core, CPython's http.client, h11 and httptools (llhttp), plus the `--impl` module if
it is none of these. HTTPCTS_FUZZ_PARSERS (e.g. "reference,h11,httptools") narrows
the set, as the ClusterFuzzLite build does so that CPython's known defects do not fail
every CI run. A parser accepts when it reaches the end of the message; a refusal or
an incomplete message is not compared. Accepting parsers that conclude a different
(status, body, leftover) are a finding whose class names the groups, e.g.
`h11+httptools+reference | http.client`; findings are deduplicated by that class.
"""

from __future__ import annotations

import contextlib
import os
import types
from typing import Callable, Dict, Optional, Tuple

from httpcts.fuzz import oracles
from httpcts.fuzz.oracles import Finding

DICTIONARY = "response.dict"
Verdict = Optional[Tuple[int, bytes, bytes]]  # (status, body, leftover); None: not accepted


def reference_verdict(data: bytes) -> Verdict:
    run = oracles.run_core(data)
    if run.error is not None or run.status is None:
        return None
    return run.status, run.body, run.trailing or b""


def module_verdict(impl: types.ModuleType) -> Callable[[bytes], Verdict]:
    def verdict(data: bytes) -> Verdict:
        out = oracles.run_response(impl, data)
        if out.error is not None:
            return None
        return int(out.status or 0), out.body, out.trailing or b""

    return verdict


def h11_verdict(data: bytes) -> Verdict:
    import h11

    conn = h11.Connection(h11.CLIENT, max_incomplete_event_size=1 << 20)
    conn.send(h11.Request(method="GET", target="/", headers=[("Host", "fuzz")]))
    conn.send(h11.EndOfMessage())
    body, status = [], 0
    try:
        conn.receive_data(data)
        conn.receive_data(b"")
        for _ in range(len(data) + 10):
            event = conn.next_event()
            if type(event) is h11.Response:
                status = event.status_code
            elif type(event) is h11.Data:
                body.append(bytes(event.data))
            elif type(event) is h11.EndOfMessage:
                return status, b"".join(body), conn.trailing_data[0]
            elif type(event) is not h11.InformationalResponse:
                return None
    except h11.RemoteProtocolError:
        return None
    return None


class _Llhttp:
    """httptools callbacks: the final response's status and body (1xx skipped)."""

    def __init__(self) -> None:
        import httptools

        self.parser = httptools.HttpResponseParser(self)
        self.body: list = []
        self.status = 0
        self.interim = False
        self.done = False

    def on_message_begin(self) -> None:
        if not self.done:
            self.body = []

    def on_headers_complete(self) -> None:
        if self.done:  # a second message (left on the wire) must not change the first
            return
        self.status = self.parser.get_status_code()
        self.interim = 100 <= self.status < 200 and self.status != 101

    def on_body(self, body: bytes) -> None:
        if not self.done:
            self.body.append(body)

    def on_message_complete(self) -> None:
        if not self.interim and not self.done:
            self.done = True


def _llhttp_run(data: bytes) -> _Llhttp:
    import httptools

    state = _Llhttp()
    with contextlib.suppress(httptools.HttpParserError, httptools.HttpParserUpgrade):
        state.parser.feed_data(data)
    return state


def httptools_verdict(data: bytes) -> Verdict:
    state = _llhttp_run(data)
    if not state.done:
        return None  # refused, or until-close (httptools has no EOF signal)
    low, high = 0, len(data)  # the shortest prefix that completes the message
    while low < high:
        middle = (low + high) // 2
        if _llhttp_run(data[:middle]).done:
            high = middle
        else:
            low = middle + 1
    return state.status, b"".join(state.body), data[low:]


PARSERS_ENV = "HTTPCTS_FUZZ_PARSERS"  # e.g. "reference,h11,httptools": compare only these


def parsers(impl: Optional[types.ModuleType]) -> Dict[str, Callable[[bytes], Verdict]]:
    import http.client

    table: Dict[str, Callable[[bytes], Verdict]] = {
        "reference": reference_verdict,
        "http.client": module_verdict(http.client),
        "h11": h11_verdict,
        "httptools": httptools_verdict,
    }
    if impl is not None:  # a module under its own name (http.client's is the same module)
        table.setdefault(impl.__name__, module_verdict(impl))
    chosen = os.environ.get(PARSERS_ENV)
    if chosen:
        table = {name: run for name, run in table.items() if name in chosen.split(",")}
    return table


def test_one_input(data: bytes, impl: Optional[types.ModuleType] = None) -> None:
    if not data:
        return
    message = data[1:]
    verdicts = {name: run(message) for name, run in parsers(impl).items()}
    groups: Dict[Tuple[int, bytes, bytes], list] = {}
    for name, verdict in verdicts.items():
        if verdict is not None:
            groups.setdefault(verdict, []).append(name)
    if len(groups) > 1:
        cls = " | ".join(sorted("+".join(sorted(names)) for names in groups.values()))
        parts = "; ".join(
            f"{'+'.join(names)}: status {v[0]}, body {len(v[1])}, leftover {len(v[2])}"
            for v, names in groups.items()
        )
        raise Finding("disagreement", f"{cls}; {parts}")

