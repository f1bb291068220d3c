"""The case catalogue: one module per area; `all_cases()` lists them in a stable order.

Areas: `api` (constants, responses, exceptions, constructors, state machine),
`request` (bytes the client writes, injection), the response areas over the
servers' catalogue (`status`, `interim`, `headers`, `framing` with smuggling,
`chunked`, `persistence`, `timing` with aborts) and `transport` (TLS, IPv6,
tunnels).  Each module is a table, one `_build.case(...)` row per case.

Verdicts on framing, chunked bodies, headers, status lines and interim responses
must not depend on how TCP cuts the server's bytes: every normative case of those
areas (floods aside) runs again with the bytes delivered one per segment (id
suffix ``+bytes``) and cut at every CRLF (``+crlf``).
"""

from __future__ import annotations

import fnmatch
from dataclasses import replace
from functools import cache
from typing import Iterable, List, Optional, Tuple

from .._model import Case, CaseError


@cache
def _all() -> Tuple[Case, ...]:
    from . import (
        api,
        calls,
        chunked,
        framing,
        headers,
        interim,
        message,
        parse_time,
        persistence,
        request,
        responses,
        status,
        timing,
        transport,
    )

    modules = (api, request, status, interim, headers, framing, chunked, persistence, timing,
               transport, message, calls, responses, parse_time)
    cases = [case for module in modules for case in module.cases()]
    cases += [piece for case in cases for piece in _in_pieces(case)]
    seen = set()
    for case in cases:
        if case.id in seen:
            raise CaseError(f"duplicate case id {case.id!r}")
        seen.add(case.id)
    return tuple(cases)


# Case groups whose verdicts are computed whole and in pieces: the response areas, and
# read(amt) in steps over each framing.
DELIVERY_AREAS = ("status.", "interim.", "headers.", "smuggling.", "framing.", "chunked.",
                  "calls.read-amt.")
PIECES = ("bytes", "crlf")
PIECE_SLACK = 5.0  # seconds more for the socket timeout and the deadline of a case in pieces
# One byte per segment only for short responses: the servers cut only the first pieces of a
# connection (their PIECE_BUDGET), so a 70,000-byte line would be cut for its start only.
BYTEWISE_MAX = 4096


def _in_pieces(case: Case) -> List[Case]:
    """The case again for each delivery in pieces, if its verdict must not depend on cuts."""
    if case.profile == "info" or case.scenario is None:
        return []
    if not case.id.startswith(DELIVERY_AREAS) or _floods(case.scenario):
        return []
    if any(op.get("length_only") for op in case.program):
        return []  # a 1 MiB body: only its first pieces would be cut, at a high price
    program = tuple(_slower(op) for op in case.program)
    deliveries = PIECES if _sent_bytes(case.scenario) <= BYTEWISE_MAX else ("crlf",)
    return [replace(case, id=f"{case.id}+{delivery}", delivery=delivery, program=program,
                    deadline=case.deadline + PIECE_SLACK)
            for delivery in deliveries]


def _slower(op: dict) -> dict:
    """The constructor with the socket timeout raised by PIECE_SLACK: pieces take longer."""
    timeout = op.get("kwargs", {}).get("timeout")
    if op["op"] != "connection" or timeout is None:
        return op
    return dict(op, kwargs=dict(op["kwargs"], timeout=timeout + PIECE_SLACK))


def _steps(scenario_id: str) -> List[object]:
    from ._scenarios import lookup

    return [step for script in lookup(scenario_id).connections for step in script]


def _floods(scenario_id: str) -> bool:
    from ...servers import Flood

    return any(isinstance(step, Flood) for step in _steps(scenario_id))


def _sent_bytes(scenario_id: str) -> int:
    return sum(len(getattr(step, "data", b"")) for step in _steps(scenario_id))


def all_cases() -> List[Case]:
    return list(_all())


def select(
    *,
    profile: str = "all",
    include: Optional[Iterable[str]] = None,
    exclude: Optional[Iterable[str]] = None,
) -> List[Case]:
    """Cases of ``profile`` ("doc", "hardened", "info" or "all") matching the globs."""
    include = list(include or [])
    exclude = list(exclude or [])
    out = []
    for case in _all():
        if profile != "all" and case.profile != profile:
            continue
        if include and not any(fnmatch.fnmatchcase(case.id, pattern) for pattern in include):
            continue
        if any(fnmatch.fnmatchcase(case.id, pattern) for pattern in exclude):
            continue
        out.append(case)
    return out
