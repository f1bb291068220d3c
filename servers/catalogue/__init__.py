"""The scenario catalogue: every module here contributes a table-built tuple.

Strategy: `CATALOGUE` is assembled once at import, in a stable order (module
order below, then each module's table order), and checked for duplicate ids.
Modules are named for their category; ids are ``<category>.<slug>``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from types import MappingProxyType

from .._scenario import Scenario
from . import (
    abort,
    chunked,
    framing,
    headers,
    interim,
    parse_time,
    persistence,
    smuggling,
    status,
    timing,
    transport,
    tunnel,
)

MODULES = (
    status, interim, headers, smuggling, framing, chunked, persistence, tunnel, timing, abort,
    transport, parse_time,
)  # fmt: skip


def _assemble() -> Mapping[str, Scenario]:
    table: dict[str, Scenario] = {}
    for module in MODULES:
        for scenario in module.SCENARIOS:
            if scenario.id in table:
                raise ValueError(f"duplicate scenario id {scenario.id!r} in {module.__name__}")
            table[scenario.id] = scenario
    return MappingProxyType(table)


CATALOGUE: Mapping[str, Scenario] = _assemble()


def get_scenario(scenario_id: str) -> Scenario:
    """The catalogue scenario ``scenario_id``; KeyError names close matches."""
    try:
        return CATALOGUE[scenario_id]
    except KeyError:
        close = difflib.get_close_matches(scenario_id, list(CATALOGUE), n=5, cutoff=0.5)
        hint = f"; close matches: {', '.join(close)}" if close else "; see `httpcts serve --list`"
        raise KeyError(f"unknown scenario id {scenario_id!r}{hint}") from None
