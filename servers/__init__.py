"""httpcts.servers: scripted HTTP servers that do exactly what a case says.

A `Scenario` is data: per connection, a script of steps (`ExpectRequest`,
`Send`, `SendPieces`, `Sleep`, `Stall`, `Close`, `HalfClose`, `Reset`,
`ExpectEOF`, `Flood`), each request answered by the answer for the request it
carries.  `serve()` runs one on 127.0.0.1 or ::1, on an ephemeral port, with
the sent bytes cut as the delivery mode says, records both directions (how a
client met a flood: `Server.flood`), and cleans up on exit.  `CATALOGUE`
holds the conformant and malicious scenarios; `httpcts serve` runs them for
any client.

    with serve("status.garbage-line") as server:
        ...  # connect to server.address
        server.wait_idle()
        assert server.requests[0].method == b"GET"
"""

from ._delivery import DELIVERIES, DELIVERY_NAMES, Delivery
from ._engine import Server, serve
from ._request import RecordedRequest, RequestError
from ._scenario import ANSWER_BY, Answer, Scenario, scenario_from_json
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
from ._transcript import Event, FloodRecord, Transcript
from .catalogue import CATALOGUE, get_scenario

__all__ = [
    "ANSWER_BY",
    "Answer",
    "CATALOGUE",
    "Close",
    "DELIVERIES",
    "DELIVERY_NAMES",
    "Delivery",
    "Event",
    "ExpectEOF",
    "ExpectRequest",
    "Flood",
    "FloodRecord",
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
