"""Every catalogue scenario, exercised by a raw-socket client (one test each).

The client mirrors each script (see _servers_client.play) and asserts the exact
bytes; afterwards the server transcript must show the same bytes sent, one
``request`` per ExpectRequest, the scripted ending, and no error of its own.
Scenarios with delays run with a time_scale that fits them into ~0.2 s.
"""

from __future__ import annotations

import pytest
from _servers_client import play, play_refused, scripted_bytes
from httpcts.servers import CATALOGUE, ExpectRequest, Reset, Scenario, serve
from httpcts.servers.catalogue._build import scripted_seconds

TARGET_SECONDS = 0.2
UNEXPECTED = {"error", "bad-request", "timeout", "aborted", "tls-error", "peer-gone"}


def _time_scale(scenario: Scenario) -> float:
    longest = max(scripted_seconds(script) for script in scenario.connections)
    return 1.0 if longest <= TARGET_SECONDS else TARGET_SECONDS / longest


@pytest.mark.parametrize("scenario_id", list(CATALOGUE))
def test_scenario_bytes_and_ending(scenario_id: str) -> None:
    scenario = CATALOGUE[scenario_id]
    scale = _time_scale(scenario)
    # 5 real seconds per connection, whatever the scale: a slow CI box is not a failure.
    with serve(scenario, time_scale=scale, deadline=None, connection_deadline=5.0 / scale) as server:
        for index in range(len(scenario.connections)):
            play(server, index)
        if scenario.answer_by == "connection":
            play_refused(server)
        assert server.wait_idle(3.0)
        transcripts = server.transcripts

    for index, script in enumerate(scenario.connections):
        transcript = transcripts[index]
        kinds = transcript.kinds()
        assert not UNEXPECTED & set(kinds), transcript.format()
        assert transcript.sent == b"".join(scripted_bytes(step) for step in script)
        assert kinds.count("request") == sum(isinstance(s, ExpectRequest) for s in script)
        ending = "reset" if isinstance(script[-1], Reset) else "close"
        assert ending in kinds, transcript.format()
        assert kinds[-1] == "end"
    if scenario.answer_by == "connection":
        assert transcripts[-1].kinds()[-3:] == ["refused", "reset", "end"]
    assert len(transcripts) == len(scenario.connections) + (scenario.answer_by == "connection")
