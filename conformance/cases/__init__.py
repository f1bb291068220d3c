"""The case catalogue: one module per area; `all_cases()` lists them in a stable order.

Areas: `api` (constants, responses, exceptions, constructors, state machine),
`request` (bytes the client writes, injection), `wire` (responses over the
catalogue: status, interim, headers, smuggling, framing, chunked, persistence,
timing, abort) and `transport` (TLS, IPv6, tunnels).
"""

from __future__ import annotations

import fnmatch
from functools import cache
from typing import Iterable, List, Optional, Tuple

from .._model import Case, CaseError


@cache
def _all() -> Tuple[Case, ...]:
    from . import api, calls, message, parse_time, request, responses, transport, wire

    cases = api.cases() + request.cases() + wire.cases() + transport.cases()
    cases += message.cases() + calls.cases() + responses.cases() + parse_time.cases()
    seen = set()
    for case in cases:
        if case.id in seen:
            raise CaseError(f"duplicate case id {case.id!r}")
        seen.add(case.id)
    return tuple(cases)


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
