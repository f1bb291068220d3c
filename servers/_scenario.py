"""The scenario: a named, JSON-serialisable script for every connection.

Strategy: a `Scenario` is plain frozen data, validated when built so a catalogue
typo fails at import with the field and value named.  How connections are
answered is the ``answer_by`` field:

- ``"request"`` (the default): the scripts are read as a list of *answers*, one
  per ExpectRequest (the steps up to the next ExpectRequest), in script order
  across connections.  Every connection reads requests and gives each the answer
  for that request: the n-th request the server receives, over all connections,
  gets the n-th answer, unless its request line does not fit that answer's
  ExpectRequest (``method``/``target``), in which case the first fitting answer
  after it (else before it) is given.  Requests beyond the answers get the last
  fitting one again.  After an answer that does not close (Close, Reset) the
  connection waits for its next request, so one answer without a Close serves
  any number of requests.  A client that opens a new connection per request
  gets the same answers as one that reuses the connection, and every answer is
  recorded (``answer`` event).
- ``"connection"``: ``connections[i]`` is the script of the (i+1)-th accepted
  connection, run literally (for scripts that act before a request arrives);
  connections beyond the scripted ones are reset at once (recorded as a
  ``refused`` event).

Script rules checked here: nothing may follow Close or Reset, and nothing may be
sent after HalfClose.  A script that ends without Close/Reset is closed
gracefully by the engine.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ._steps import (
    Close,
    ExpectRequest,
    Flood,
    HalfClose,
    Reset,
    ScenarioError,
    Send,
    SendPieces,
    Step,
    is_step,
    step_from_json,
    step_to_json,
)
from ._tls import TLSOptions

KINDS = ("conformant", "malicious")
FAMILIES = ("ipv4", "ipv6")
ANSWER_BY = ("request", "connection")
# Dotted lower-case words: "status.garbage-line", "chunked.size.0x-prefix".
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_+-]*)+")

_SENDING = (Send, SendPieces, Flood)
_FINAL = (Close, Reset)

Script = tuple[Step, ...]


@dataclass(frozen=True)
class Answer:
    """One answer of a request-driven scenario: the request it expects, then what
    the server does (the steps up to the next ExpectRequest of the script)."""

    request: ExpectRequest
    steps: Script


@dataclass(frozen=True)
class Scenario:
    """One scripted server behaviour.

    ``client_method`` is a hint for whoever drives a client against the scenario:
    the request method the scripted bytes assume (e.g. "HEAD" for a response that
    carries a body the client must not read).  ``client_requests`` is how many
    requests the scenario expects a client to make in total (keep-alive and
    reconnect cases).  Times (``connection_deadline``) are in seconds before
    time_scale applies.
    """

    id: str
    kind: str
    category: str
    description: str
    references: tuple[str, ...]
    connections: tuple[Script, ...]
    tls: TLSOptions | None = None
    family: str = "ipv4"
    answer_by: str = "request"
    connection_deadline: float = 30.0
    client_method: str = "GET"
    client_requests: int = 1
    # Derived from the scripts: every ExpectRequest with the steps that answer it.
    answers: tuple[Answer, ...] = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        where = f"Scenario {self.id!r}"
        if not isinstance(self.id, str) or not ID_PATTERN.fullmatch(self.id):
            raise ScenarioError(f"Scenario.id must be dotted lower-case words, got {self.id!r}")
        for name, allowed in (
            ("kind", KINDS),
            ("family", FAMILIES),
            ("answer_by", ANSWER_BY),
        ):
            if getattr(self, name) not in allowed:
                raise ScenarioError(f"{where}: {name} must be one of {allowed}, got {getattr(self, name)!r}")
        for name in ("category", "description", "client_method"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise ScenarioError(f"{where}: {name} must be a non-empty string, got {value!r}")
        refs = self.references
        if not isinstance(refs, tuple) or not refs or not all(isinstance(r, str) and r for r in refs):
            raise ScenarioError(f"{where}: references must be a non-empty tuple of strings, got {refs!r}")
        if self.tls is not None and not isinstance(self.tls, TLSOptions):
            raise ScenarioError(f"{where}: tls must be a TLSOptions or None, got {self.tls!r}")
        deadline = self.connection_deadline
        if not isinstance(deadline, (int, float)) or isinstance(deadline, bool) or not deadline > 0:
            raise ScenarioError(f"{where}: connection_deadline must be a number > 0, got {deadline!r}")
        if not isinstance(self.client_requests, int) or self.client_requests < 1:
            raise ScenarioError(f"{where}: client_requests must be an int >= 1, got {self.client_requests!r}")
        if not isinstance(self.connections, tuple) or not self.connections:
            raise ScenarioError(f"{where}: connections must be a non-empty tuple of scripts")
        for number, script in enumerate(self.connections):
            _check_script(f"{where} connection {number}", script)
            if self.answer_by == "request" and not isinstance(script[0], ExpectRequest):
                raise ScenarioError(
                    f"{where}: answer_by 'request' needs every script to start with ExpectRequest,"
                    f" connection {number} starts with {type(script[0]).__name__}"
                )
        answers: list[Answer] = []
        for script in self.connections:
            starts = [i for i, step in enumerate(script) if isinstance(step, ExpectRequest)]
            for begin, end in zip(starts, starts[1:] + [len(script)]):
                request = script[begin]
                assert isinstance(request, ExpectRequest)
                answers.append(Answer(request, script[begin + 1 : end]))
        object.__setattr__(self, "answers", tuple(answers))

    def script_for(self, index: int) -> Script | None:
        """The script of connection ``index`` (0-based) as written; None beyond them."""
        return self.connections[index] if index < len(self.connections) else None

    def answer_for(self, number: int, method: bytes, target: bytes) -> int | None:
        """Which answer the ``number``-th request (0-based, across connections)
        gets, given its method and target; None when no answer fits it."""
        fitting = [i for i, answer in enumerate(self.answers) if answer.request.fits(method, target)]
        if not fitting:
            return None
        return next((i for i in fitting if i >= number), fitting[-1])

    def summary(self) -> dict[str, Any]:
        """The catalogue listing entry (what ``httpcts serve --list`` prints)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "category": self.category,
            "description": self.description,
            "references": list(self.references),
        }

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict; `scenario_from_json` reverses it exactly."""
        out = self.summary()
        out.update(
            connections=[[step_to_json(step) for step in script] for script in self.connections],
            tls=None if self.tls is None else self.tls.to_json(),
            family=self.family,
            answer_by=self.answer_by,
            connection_deadline=self.connection_deadline,
            client_method=self.client_method,
            client_requests=self.client_requests,
        )
        return out

    def dumps(self) -> str:
        return json.dumps(self.to_json())


def _check_script(where: str, script: object) -> None:
    if not isinstance(script, tuple) or not script:
        raise ScenarioError(f"{where}: a script must be a non-empty tuple of steps, got {script!r:.80}")
    half_closed = False
    for position, step in enumerate(script):
        if not is_step(step):
            raise ScenarioError(f"{where} step {position}: not a step: {step!r:.80}")
        if position and isinstance(script[position - 1], _FINAL):
            raise ScenarioError(f"{where} step {position}: {type(step).__name__} after {type(script[position - 1]).__name__}")
        if half_closed and isinstance(step, _SENDING):
            raise ScenarioError(f"{where} step {position}: {type(step).__name__} after HalfClose")
        half_closed = half_closed or isinstance(step, HalfClose)


_SCENARIO_FIELDS = {
    "id", "kind", "category", "description", "references", "connections", "tls", "family",
    "answer_by", "connection_deadline", "client_method", "client_requests",
}  # fmt: skip


def scenario_from_json(obj: Any) -> Scenario:
    """Build a `Scenario` from `Scenario.to_json()` output (or its JSON text)."""
    if isinstance(obj, (str, bytes)):
        obj = json.loads(obj)
    if not isinstance(obj, dict):
        raise ScenarioError(f"a scenario must be a JSON object, got {type(obj).__name__}")
    unknown = set(obj) - _SCENARIO_FIELDS
    if unknown:
        raise ScenarioError(f"Scenario has no field(s) {sorted(unknown)!r}")
    fields = dict(obj)
    scripts = fields.get("connections")
    if not isinstance(scripts, list):
        raise ScenarioError(f"Scenario.connections must be a list of lists, got {scripts!r:.80}")
    fields["connections"] = tuple(
        tuple(step_from_json(step, f"connections[{i}][{j}]") for j, step in enumerate(script))
        if isinstance(script, list)
        else script
        for i, script in enumerate(scripts)
    )
    if isinstance(fields.get("references"), list):
        fields["references"] = tuple(fields["references"])
    if fields.get("tls") is not None:
        fields["tls"] = TLSOptions.from_json(fields["tls"])
    try:
        return Scenario(**fields)
    except TypeError as exc:
        raise ScenarioError(f"Scenario: {exc}") from None
