"""The one way to write a case: `case(...)`, one call per row, and the outcome builders.

Strategy: a row names the case id, the scenario the server plays (None for API-only
cases), the profile and the level, then keywords: ``lines`` (the spec file's lines
stating the requirement; every doc row cites some), ``spec`` (the spec items the
case is about), ``refs`` (RFC sections, CVEs), ``expect`` (outcomes, the first
match decides) and ``requirement`` (the expectation in words, phrased with the
level's keyword).  Without ``program`` the client is the plain one (construct,
request with the scenario's method, getresponse, read); without ``desc`` the
stimulus is the scenario's own description, which quotes its bytes.

Outcomes say what is acceptable:

  accepted(**match)                  nothing raised and every key matches
  refused(exceptions, at=..., **m)   one of the exceptions, raised by an operation
                                     in ``at`` (a timeout or a hang never counts)
  refused_clean(...)                 refused, and the injected text never reached
                                     the server (request-side cases)
  bounded(limit, at=...)             refused while the server was still flooding,
                                     within ``limit`` bytes (floods stay open)
  label(note, **match)               an INFO case's name for a known behaviour

Example row (a contributor adding a case copies one like it):

    case("status.code-abc", "status.code-abc", "doc", "MUST", lines=BAD_STATUS_LINE,
         spec=("BadStatusLine",), expect=(refused("BadStatusLine", at=HEAD),),
         requirement="a status code that is not three digits raises BadStatusLine")
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence, Tuple, Union

from .._model import Case, Outcome
from .._schema import Verdict
from ._programs import Op, fetch

SPEC_REF = "httplib 2.6 docs"

# Where an exception may come from, by operation name (see _verdicts: "at").
HEAD = ("getresponse",)  # the status line and the header block
BODY = ("getresponse", "read")  # the body: read() or a getresponse() that reads ahead
SENDING = (  # the operations that take a caller's request input
    "connection", "putrequest", "putheader", "endheaders", "request", "send", "set_tunnel",
)  # fmt: skip
EXCHANGE = ("request", "getresponse", "read")  # anything after the request is written
TUNNEL = ("connect", "request", "getresponse")  # connect() reads the proxy's reply
ANYWHERE = ("connection", "connect", "request", "putrequest", "putheader", "endheaders",
            "send", "getresponse", "read", "getheader", "getheaders")  # fmt: skip

# Refusals.  Doc cases name the spec's exception; hardened cases take any
# HTTPException subclass (an implementation's own subclass refuses too).
REFUSED = ("HTTPException",)
LOST = ("HTTPException", "ConnectionError")  # the server went away: EOF or reset
ERRORS = ("HTTPException", "OSError")  # any error but a timeout (never a refusal)
INJECTION_REFUSED = ("HTTPException", "ValueError")  # CPython raises ValueError here
INJECTED = "X-Injected"
# The hardened profile's line limit, and the most an open flood may have sent past
# its start when the client gives up: 4x the line limit (it also covers the ~128 KiB
# the client's socket buffers take in beyond what the client read).
LINE_LIMIT = 65536
FLOOD_BOUND = 4 * LINE_LIMIT  # the text request-side cases try to smuggle onto the wire

Names = Union[str, Sequence[str]]


def _names(exceptions: Names) -> Any:
    return exceptions if isinstance(exceptions, str) else list(exceptions)


def accepted(**match: Any) -> Outcome:
    """PASS when nothing was raised and every key matches."""
    return Outcome(Verdict.PASS, {"raises": None, **match})


def refused(exceptions: Names = REFUSED, *, at: Sequence[str], note: str = "",
            **match: Any) -> Outcome:
    """PASS when one of ``exceptions`` was raised by an operation named in ``at``."""
    return Outcome(Verdict.PASS, {"raises": _names(exceptions), "at": list(at), **match}, note)


def refused_clean(exceptions: Names = INJECTION_REFUSED, *, at: Sequence[str] = SENDING,
                  marker: str = INJECTED) -> Outcome:
    """A request-side refusal: raised while sending, and ``marker`` never reached the server."""
    return refused(exceptions, at=at, wire_in={"$not_contains": marker})


def bounded(limit: int, exceptions: Names = REFUSED, *, at: Sequence[str]) -> Outcome:
    """Refused while the server was still flooding, within ``limit`` bytes of flood.

    The servers keep a flood's connection open and record (``flood.*`` keys) how far
    it had got when the client left: a client that read everything, or waited for
    the deadline, fails whatever it raised.
    """
    return refused(exceptions, at=at, **{"flood.client_left": {"$in": ["close", "reset"]},
                                         "flood.flooding": True,
                                         "flood.past_start": {"$le": limit}})


def label(note: str, **match: Any) -> Outcome:
    """An INFO label naming a known behaviour."""
    return Outcome(Verdict.INFORMATIONAL, match, note)


TITLES = {
    "api.constants": "Status code constants",
    "api.responses": "The responses table",
    "api.exceptions": "The exception hierarchy",
    "api.state": "Connection state machine (no server)",
    "api.constructor": "Constructors and host:port parsing",
    "request.doc": "Requests as the documentation describes them",
    "request.injection": "Request injection and Host rules",
    "request.observed": "Request details versions differ on",
    "status": "Status line (RFC 9112 §4)",
    "interim": "Interim 1xx responses (RFC 9110 §15.2)",
    "headers": "Header block (RFC 9112 §5)",
    "smuggling": "Framing ambiguity (RFC 9112 §6.3, CWE-444)",
    "framing": "Message body length (RFC 9112 §6.3)",
    "chunked": "Chunked transfer coding (RFC 9112 §7.1)",
    "persistence": "Persistent connections (RFC 9112 §9)",
    "timing": "Timeouts and slow servers",
    "abort": "Connections cut short",
    "tls": "HTTPS",
    "ipv6": "IPv6 loopback",
    "tunnel": "Proxy CONNECT tunnels",
    "message.api": "The header object (mimetools.Message)",
    "calls.read-amt": "read(amt): up to the next amt bytes",
    "calls.close": "close() whenever it is called",
    "calls.debuglevel": "The debug level nobody set",
    "api.port-range": "Ports are 0-65535, however they are given",
    "tunnel.refused": "A CONNECT answered with an error forms no tunnel",
    "responses.name": "The responses table: one name per HTTP/1.1 code",
    "parse-time": "Parse-time bombs (a timeout bounds waiting, not parsing)",
}


def _scenario(scenario_id: str) -> Any:
    from ._scenarios import lookup

    return lookup(scenario_id)


def case(
    case_id: str,
    scenario_id: Optional[str],
    profile: str,
    level: str,
    *,
    expect: Sequence[Outcome],
    requirement: str,
    lines: Iterable[int] = (),
    spec: Iterable[str] = (),
    refs: Iterable[str] = (),
    program: Optional[Tuple[Op, ...]] = None,
    desc: Optional[str] = None,
    **fields: Any,
) -> Case:
    """One case (see the module docstring); ``fields`` go to `Case` as they are."""
    references = tuple(refs)
    if scenario_id is not None:
        scenario = _scenario(scenario_id)
        program = program if program is not None else fetch(scenario.client_method)
        desc = desc or scenario.description
        references = tuple(dict.fromkeys(references + tuple(scenario.references)))
    if program is None or desc is None:
        raise ValueError(f"case {case_id!r}: an API-only case needs a program and a desc")
    return Case(
        id=case_id, profile=profile, level=level, spec=tuple(spec), desc=desc,
        requirement=requirement, program=program, expect=tuple(expect),
        scenario=scenario_id, references=references, lines=tuple(lines),
        title=fields.pop("title", None) or _title(case_id), **fields,
    )


def _title(case_id: str) -> str:
    for prefix in (case_id.rsplit(".", 1)[0], case_id.split(".", 1)[0]):
        if prefix in TITLES:
            return TITLES[prefix]
    return ""
