"""httpcts.servers: scripted HTTP servers that do exactly what a case says.

A `Scenario` is data: per connection, a script of steps (`ExpectRequest`,
`Send`, `SendPieces`, `Sleep`, `Stall`, `Close`, `HalfClose`, `Reset`,
`ExpectEOF`, `Flood`).  `serve()` runs one on 127.0.0.1 or ::1, on an
ephemeral port, records both directions, and cleans up on exit.  `CATALOGUE`
holds the conformant and malicious scenarios; `httpcts serve` runs them for
any client.

    with serve("status.garbage-line") as server:
        ...  # connect to server.address
        server.wait_idle()
        assert server.requests[0].method == b"GET"
"""

from ._engine import Server, serve
from ._request import RecordedRequest, RequestError
from ._scenario import Scenario, scenario_from_json
from ._steps import (
    Close,
    ExpectEOF,
    ExpectRequest,
    Flood,
    HalfClose,
    Reset,
    ScenarioError,
    Send,
    SendPieces,
    Sleep,
    Stall,
    Step,
)
from ._tls import TLSOptions
from ._transcript import Event, Transcript
from .catalogue import CATALOGUE, get_scenario

__all__ = [
    "CATALOGUE",
    "Close",
    "Event",
    "ExpectEOF",
    "ExpectRequest",
    "Flood",
    "HalfClose",
    "RecordedRequest",
    "RequestError",
    "Reset",
    "Scenario",
    "ScenarioError",
    "Send",
    "SendPieces",
    "Server",
    "Sleep",
    "Stall",
    "Step",
    "TLSOptions",
    "Transcript",
    "get_scenario",
    "scenario_from_json",
    "serve",
]
