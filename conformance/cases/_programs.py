"""Client programs used by many cases, as small builders of operation lists.

Strategy: a program is a tuple of JSON-able dicts interpreted by driver_main;
these builders keep the case tables short.  ``TIMEOUT`` is the socket timeout
every networked program passes to the constructor (real seconds), so no program
can block for long even against a silent server; timeout cases pass smaller ones.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Optional, Tuple

Op = Dict[str, Any]
TIMEOUT = 3.0


def connect(cls: str = "HTTPConnection", *, args: Optional[list] = None,
            timeout: Optional[float] = TIMEOUT, name: str = "conn", **extra: Any) -> Op:
    """Construct ``cls(*args, timeout=...)`` (host and port by default) as ``name``."""
    op: Op = {"op": "connection", "cls": cls,
              "args": args if args is not None else ["$host", "$port"], "as": name}
    kwargs = dict(extra.pop("kwargs", {}))
    if timeout is not None:
        kwargs["timeout"] = timeout
    if kwargs:
        op["kwargs"] = kwargs
    op.update(extra)
    return op


def request(method: str = "GET", url: str = "/", **extra: Any) -> Op:
    op: Op = {"op": "request", "method": method, "url": url}
    if "headers" in extra:
        extra["headers"] = [list(pair) for pair in extra["headers"]]
    op.update(extra)
    return op


def getresponse(prefix: str = "", name: str = "resp",
                record: Iterable[str] = ("status", "reason", "version")) -> Op:
    return {"op": "getresponse", "prefix": prefix, "as": name, "record": list(record)}


def read(key: str = "body", on: str = "resp", amt: Optional[int] = None, **extra: Any) -> Op:
    op: Op = {"op": "read", "key": key, "on": on}
    if amt is not None:
        op["amt"] = amt
    op.update(extra)
    return op


def headers(key: str = "headers", on: str = "resp") -> Op:
    return {"op": "getheaders", "key": key, "on": on, "lower": True}


def getheader(name: str, key: str, on: str = "resp", **extra: Any) -> Op:
    op: Op = {"op": "getheader", "name": name, "key": key, "on": on}
    op.update(extra)
    return op


def fetch(method: str = "GET", url: str = "/", *, timeout: Optional[float] = TIMEOUT,
          with_headers: bool = False, conn: Optional[Op] = None,
          after: Tuple[Op, ...] = ()) -> Tuple[Op, ...]:
    """construct, request, getresponse, read(): the plain client."""
    ops: Tuple[Op, ...] = (conn or connect(timeout=timeout), request(method, url), getresponse())
    if with_headers:
        ops += (headers(),)
    return ops + (read(),) + after


def fetch_twice(method: str = "GET", *, timeout: Optional[float] = TIMEOUT,
                second_method: str = "GET") -> Tuple[Op, ...]:
    """Two requests on one connection object, each response read in full."""
    return (
        connect(timeout=timeout),
        request(method, "/one"), getresponse("r1."), read("r1.body"),
        request(second_method, "/two"), getresponse("r2.", name="resp2"),
        read("r2.body", on="resp2"),
    )


def https(context: str = "noverify", optional: bool = True, **extra: Any) -> Op:
    """An HTTPSConnection; ``context`` (not in the 2.6 docs) is left out where the
    constructor takes none when ``optional`` (so 2.6-style APIs are certified)."""
    return connect("HTTPSConnection", context=context, context_optional=optional, **extra)


def through_tunnel(*, headers: Optional[list] = None, host: str = "tunnel.example",
                   timeout: float = TIMEOUT) -> Tuple[Op, ...]:
    """The plain client through set_tunnel(host, 80[, headers]) (CONNECT to the server)."""
    op: Op = {"op": "set_tunnel", "host": host, "port": 80}
    if headers is not None:
        op["headers"] = headers
    return (connect(timeout=timeout), op, request(), getresponse(), read())


# Floods stay open: a client that reads on meets no EOF and times out after 1 s.
FLOOD_TIMEOUT = 1.0
FLOOD_FETCH = fetch(timeout=FLOOD_TIMEOUT)
