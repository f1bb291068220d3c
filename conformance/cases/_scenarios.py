"""Scenarios the catalogue lacks, defined here as data with the servers' step types.

Strategy: prefer `httpcts.servers.CATALOGUE`; only the documented example session
(200 then 404 on one connection) and a CONNECT reply that records an injected
tunnel request need their own scripts.  `lookup` searches here, then the catalogue.
"""

from __future__ import annotations

from typing import Dict

from ...servers import CATALOGUE, Close, ExpectRequest, Scenario, Send, Stall, get_scenario

_OK = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
_404 = b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found"

EXTRA: Dict[str, Scenario] = {
    s.id: s
    for s in (
        Scenario(
            id="conformance.example-session",
            kind="conformant",
            category="conformance",
            description=("the documented example session: 200 OK 'hello', then 404 Not Found "
                         "on the same connection"),
            references=("httplib 2.6 docs: Examples",),
            connections=((ExpectRequest(), Send(_OK), ExpectRequest(), Send(_404), Stall()),),
            client_requests=2,
        ),
        Scenario(
            id="conformance.post-echo",
            kind="conformant",
            category="conformance",
            description="reads one request with its body, answers 200 OK 'hello'",
            references=("httplib 2.6 docs: Examples",),
            connections=((ExpectRequest(), Send(_OK), Close()),),
            client_method="POST",
        ),
    )
}


def lookup(scenario_id: str) -> Scenario:
    """A scenario by id: the extra ones here first, then the servers' catalogue."""
    if scenario_id in EXTRA:
        return EXTRA[scenario_id]
    return get_scenario(scenario_id)


def catalogue_ids() -> list:
    return list(CATALOGUE)
