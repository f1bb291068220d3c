"""The case catalogue: one module per area; `all_cases()` lists them in a stable order.

Areas: `api` (constants, responses, exceptions, constructors, state machine),
`request` (bytes the client writes, injection), the response areas over the
servers' catalogue (`status`, `interim`, `headers`, `framing` with smuggling,
`chunked`, `persistence`, `timing` with aborts) and `transport` (TLS, IPv6,
tunnels).  Each module is a table, one `_build.case(...)` row per case.
"""

from __future__ import annotations

import fnmatch
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
