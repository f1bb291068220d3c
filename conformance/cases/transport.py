"""Transport cases: HTTPS (documented class, verification when a verifying context is
given), IPv6 loopback, and proxy CONNECT tunnels (set_tunnel, where offered).

Strategy: doc cases use HTTPSConnection as documented; a verifying or non-verifying
``context`` is passed where the API takes one and left out where it does not
(``context_optional``), so 2.6-style APIs are certified on what they document.
Verification cases pass a verifying context (the run's CA) and must see the
handshake refused.  Tunnel cases need ``set_tunnel``/``_set_tunnel``;
implementations without it are UNSUPPORTED.
"""

from __future__ import annotations

from typing import List

from .._model import Case, Group
from ._build import ANY_ERROR, REFUSED, label, ok, raises, wire
from ._programs import connect, fetch, fetch_twice, getresponse, read, request

HTTPS = ("HTTPSConnection",)


def _https(context: str = "noverify", optional: bool = True, **extra: object) -> dict:
    return connect("HTTPSConnection", context=context, context_optional=optional, **extra)


def tls_cases() -> List[Case]:
    g = Group("tls", "HTTPS")
    wire(g, "tls.basic", "doc", (ok(status=200, body="hello"),), spec=HTTPS, program=fetch(conn=_https()),
         requirement="HTTPSConnection talks HTTP over SSL")
    wire(g, "tls.chunked", "doc", (ok(body="hello"),), spec=HTTPS + ("HTTPResponse.read",), program=fetch(conn=_https()),
         requirement="a chunked body over TLS")
    wire(g, "tls.keep-alive", "doc", (ok(**{"r1.body": "one", "r2.body": "two"}),), spec=HTTPS,
         program=(_https(), request(), getresponse("r1."), read("r1.body"), request(), getresponse("r2.", name="r2"), read("r2.body", on="r2")),
         requirement="two requests on one TLS connection")
    wire(g, "tls.client-cert", "doc", (ok(body="hello"),), spec=HTTPS, program=fetch(conn=_https(client_cert_files=True)),
         requirement="key_file and cert_file present a client certificate (PEM key and chain)")
    wire(g, "tls.truncated-body", "doc", (raises(["IncompleteRead", "SSLError"]),), spec=HTTPS + ("IncompleteRead",), program=fetch(conn=_https()),
         requirement="a TLS body cut short raises IncompleteRead (or the ssl layer's truncation error)")
    for sid in ("self-signed", "expired", "wrong-host"):
        wire(g, f"tls.{sid}", "hardened", (raises(["SSLError", "OSError", "CertificateError"]),), spec=HTTPS,
             program=fetch(conn=_https("verify", optional=False)), refs=("CVE-2014-9365", "PEP 476"),
             requirement="with a verifying context (trusting the run's CA) a bad certificate or host name fails the handshake")
        wire(g, f"tls.{sid}", "info", (label("refused (verifies by default)", raises="OSError"), label("accepted (no verification)", status=200)),
             slug=f"{sid}-default-context", spec=HTTPS, program=fetch(conn=connect("HTTPSConnection")),
             requirement="observed: HTTPSConnection without a context (2.6 docs: no certificate verification; PEP 476 verifies)")
    wire(g, "tls.garbage-status", "info", (label("HTTP/0.9", version=9), label("BadStatusLine", raises="BadStatusLine")),
         spec=HTTPS, program=fetch(conn=_https()))
    return g.cases


def ipv6_cases() -> List[Case]:
    g = Group("ipv6", "IPv6 loopback")
    wire(g, "ipv6.basic", "doc", (ok(body="hello"),), spec=("HTTPConnection",), requirement="a connection to ::1 works")
    wire(g, "ipv6.chunked", "doc", (ok(body="hello"),), spec=("HTTPResponse.read",), requirement="chunked over IPv6")
    wire(g, "ipv6.keep-alive", "doc", (ok(**{"r1.body": "one", "r2.body": "two"}),), spec=("HTTPConnection.getresponse",),
         program=fetch_twice(), requirement="two requests on one IPv6 connection")
    wire(g, "ipv6.basic", "doc", (ok(body="hello"),), slug="bracketed-host-string", spec=("HTTPConnection",),
         program=fetch(conn=connect(args=["[::1]:$port"])), requirement="HTTPConnection('[::1]:port') parses the bracketed literal and connects")
    wire(g, "ipv6.reset-mid-body", "hardened", (raises(ANY_ERROR),), spec=("HTTPResponse.read",),
         requirement="a reset connection raises")
    return g.cases


def _tunnel(*, headers: list | None = None, host: str = "tunnel.example") -> tuple:
    op: dict = {"op": "set_tunnel", "host": host, "port": 80}
    if headers is not None:
        op["headers"] = headers
    return (connect(), op, request(), getresponse(), read())


def tunnel_cases() -> List[Case]:
    g = Group("tunnel", "Proxy CONNECT tunnels")
    spec = ("HTTPConnection.request", "HTTPConnection.connect")
    wire(g, "tunnel.eof-before-blank-line", "hardened", (raises(ANY_ERROR),), spec=spec, program=_tunnel(), refs=("bpo-13684",),
         requirement="EOF before the end of the proxy's reply ends the CONNECT exchange with an error (2.6 loops forever)")
    wire(g, "tunnel.garbage-reply", "hardened", (raises(ANY_ERROR),), spec=spec, program=_tunnel(),
         requirement="a non-HTTP proxy reply is not taken as a successful CONNECT")
    wire(g, "tunnel.connect-200", "hardened", (raises(["ValueError", "HTTPException"]), ok(wire_in={"$not_contains": "X-Injected"})),
         slug="header-injection", spec=spec, program=_tunnel(headers=[["X-A", "1\r\nX-Injected: 1"]]), refs=("CVE-2026-1502", "gh-146211"),
         requirement="CR/LF in set_tunnel() header values is refused")
    wire(g, "tunnel.connect-200", "hardened", (raises(["ValueError", "HTTPException"]), ok(wire_in={"$not_contains": "X-Injected"})),
         slug="host-injection", spec=spec, program=_tunnel(host="tunnel.example\r\nX-Injected: 1"), refs=("CVE-2026-1502", "gh-146211"),
         requirement="CR/LF in the set_tunnel() host is refused")
    wire(g, "tunnel.endless-headers", "hardened", (raises(REFUSED, raises_not=["BadStatusLine", "IncompleteRead"]),), spec=spec,
         program=_tunnel(), deadline=20.0, refs=("bpo-16037", "gh-150743"),
         requirement="the proxy's reply headers are bounded like a response's")
    wire(g, "tunnel.empty-reply", "hardened", (raises(ANY_ERROR),), spec=spec, program=_tunnel(), refs=("bpo-17849",),
         requirement="a proxy that closes without a reply makes connect() fail")
    wire(g, "tunnel.connect-200", "info", (label("tunnelled", body="tunnelled"),), spec=spec, program=_tunnel())
    wire(g, "tunnel.blank-line-after-connect", "info", (label("404", status=404), label("HTTP/0.9 200", status=200),
                                                         label("refused", raises="HTTPException")), spec=spec, program=_tunnel())
    for sid in ("connect-200-headers", "407", "502", "lf-only-blank-line", "500-header-lines", "200-with-body", "reset-after-200"):
        wire(g, f"tunnel.{sid}", "info", (label("tunnelled", body="tunnelled"), label("refused", raises="OSError"),
                                          label("refused", raises="HTTPException")), spec=spec, program=_tunnel())
    return g.cases


def cases() -> List[Case]:
    return tls_cases() + ipv6_cases() + tunnel_cases()
