"""Transport cases: HTTPS, IPv6 loopback and proxy CONNECT tunnels, one row per case.

Strategy: doc rows use HTTPSConnection as documented (key_file and cert_file; a
``context``, which the spec does not name, is passed only where the constructor
takes one); a verifying context must see a bad certificate refused (hardened).
set_tunnel is not in the spec, so tunnel rows are hardened or INFO and an
implementation without it is UNSUPPORTED there.
"""

from __future__ import annotations

from typing import List

from .._model import Case
from ._build import (
    BODY,
    ERRORS,
    FLOOD_BOUND,
    INJECTED,
    LOST,
    TUNNEL,
    accepted,
    bounded,
    case,
    label,
    refused,
    refused_clean,
)
from ._programs import (
    FLOOD_TIMEOUT,
    connect,
    fetch,
    fetch_twice,
    getresponse,
    https,
    read,
    request,
    through_tunnel,
)

HTTPS = ("HTTPSConnection",)
HTTPS_LINES = (64, 66, 67)
HANDSHAKE = ("connection", "connect", "request")
# ssl.CertificateError was a ValueError before Python 3.7 (then an SSLError, an OSError)
BAD_CERTIFICATE_REFUSED = ERRORS + ("CertificateError",)
TUNNEL_SETUP = ("set_tunnel", "connect", "request")
THROUGH_PROXY = ("HTTPConnection.request", "HTTPConnection.connect")
TWO_REQUESTS = ("HTTPConnection.getresponse", "HTTPConnection.request")
EXAMPLE_LINES = (414, 416, 417, 421, 422, 532, 533, 537, 538)
VERIFYING = fetch(conn=https("verify", optional=False))
NO_CONTEXT = fetch(conn=connect("HTTPSConnection"))

BAD_CERTIFICATE = ("with a verifying context (trusting the run's CA) a bad certificate or host "
                   "name fails the handshake")
DEFAULT_CONTEXT = ("observed: HTTPSConnection without a context (2.6 docs: no certificate "
                   "verification; PEP 476 verifies)")
DEFAULT_LABELS = (label("refused (verifies by default)", raises="OSError"),
                  label("accepted (no verification)", status=200))
TUNNEL_LABELS = (label("tunnelled", body="tunnelled"), label("refused", raises="OSError"),
                 label("refused", raises="HTTPException"))
OBSERVED = "observed: how versions take this proxy reply"

CASES = (
    case("tls.basic", "tls.basic", "doc", "MUST", lines=HTTPS_LINES, spec=HTTPS,
         program=fetch(conn=https()), expect=(accepted(status=200, body="hello"),),
         requirement="HTTPSConnection talks HTTP over SSL"),
    case("tls.chunked", "tls.chunked", "doc", "MUST", lines=HTTPS_LINES + (485, 487),
         spec=HTTPS + ("HTTPResponse.read",), program=fetch(conn=https()),
         expect=(accepted(body="hello"),), requirement="a chunked body over TLS is read"),
    case("tls.keep-alive", "tls.keep-alive", "doc", "MUST", lines=HTTPS_LINES + EXAMPLE_LINES,
         spec=HTTPS + TWO_REQUESTS,
         program=(https(), request(), getresponse("r1."), read("r1.body"), request(),
                  getresponse("r2.", name="r2"), read("r2.body", on="r2")),
         expect=(accepted(**{"r1.body": "one", "r2.body": "two"}),),
         requirement="two requests on one HTTPSConnection, each answered"),
    case("tls.client-cert", "tls.client-cert", "doc", "MUST", lines=HTTPS_LINES + (68, 69),
         spec=HTTPS, program=fetch(conn=https(client_cert_files=True)),
         expect=(accepted(body="hello"),),
         requirement="key_file and cert_file present a client certificate (PEM key and chain)"),
    case("tls.truncated-body", "tls.truncated-body", "hardened", "MUST", spec=HTTPS,
         refs=("RFC 9112 §8",), program=fetch(conn=https()),
         expect=(refused(LOST + ("SSLError",), at=BODY),),
         requirement=("a TLS body cut short is an incomplete response (RFC 9112 §8): the client "
                      "raises an HTTPException, a connection or an ssl truncation error")),
    case("tls.self-signed", "tls.self-signed", "hardened", "MUST", spec=HTTPS,
         program=VERIFYING, expect=(refused(BAD_CERTIFICATE_REFUSED, at=HANDSHAKE),),
         requirement=BAD_CERTIFICATE),
    case("tls.self-signed-default-context", "tls.self-signed", "info", "INFO", spec=HTTPS,
         program=NO_CONTEXT, expect=DEFAULT_LABELS, requirement=DEFAULT_CONTEXT),
    case("tls.expired", "tls.expired", "hardened", "MUST", spec=HTTPS, program=VERIFYING,
         expect=(refused(BAD_CERTIFICATE_REFUSED, at=HANDSHAKE),), requirement=BAD_CERTIFICATE),
    case("tls.expired-default-context", "tls.expired", "info", "INFO", spec=HTTPS,
         program=NO_CONTEXT, expect=DEFAULT_LABELS, requirement=DEFAULT_CONTEXT),
    case("tls.wrong-host", "tls.wrong-host", "hardened", "MUST", spec=HTTPS, program=VERIFYING,
         expect=(refused(BAD_CERTIFICATE_REFUSED, at=HANDSHAKE),), requirement=BAD_CERTIFICATE),
    case("tls.wrong-host-default-context", "tls.wrong-host", "info", "INFO", spec=HTTPS,
         program=NO_CONTEXT, expect=DEFAULT_LABELS, requirement=DEFAULT_CONTEXT),
    case("tls.garbage-status", "tls.garbage-status", "info", "INFO", spec=HTTPS,
         program=fetch(conn=https()),
         expect=(label("HTTP/0.9", version=9), label("BadStatusLine", raises="BadStatusLine")),
         requirement="observed: a first line that is not a status line, over TLS"),
    case("ipv6.basic", "ipv6.basic", "doc", "MUST", lines=(37, 39, 40, 41),
         spec=("HTTPConnection",), expect=(accepted(body="hello"),),
         requirement="an HTTPConnection to ::1 works"),
    case("ipv6.chunked", "ipv6.chunked", "doc", "MUST", lines=(485, 487),
         spec=("HTTPResponse.read",), expect=(accepted(body="hello"),),
         requirement="a chunked body over IPv6 is read"),
    case("ipv6.keep-alive", "ipv6.keep-alive", "doc", "MUST", lines=EXAMPLE_LINES,
         spec=TWO_REQUESTS, program=fetch_twice(),
         expect=(accepted(**{"r1.body": "one", "r2.body": "two"}),),
         requirement="two requests on one HTTPConnection to ::1, each answered"),
    case("ipv6.bracketed-host-string", "ipv6.basic", "doc", "MUST", lines=(37, 40, 41, 42),
         spec=("HTTPConnection",),
         program=fetch(conn=connect(args=["[::1]:$port"])), expect=(accepted(body="hello"),),
         requirement="HTTPConnection('[::1]:port') takes the port from the host string"),
    case("ipv6.reset-mid-body", "ipv6.reset-mid-body", "hardened", "MUST",
         spec=("HTTPResponse.read",), refs=("RFC 9112 §8",), expect=(refused(ERRORS, at=BODY),),
         requirement="a reset connection raises an error (RFC 9112 §8)"),
    case("tunnel.eof-before-blank-line", "tunnel.eof-before-blank-line", "hardened", "MUST",
         spec=THROUGH_PROXY, program=through_tunnel(), expect=(refused(ERRORS, at=TUNNEL),),
         requirement=("EOF before the end of the proxy's reply ends the CONNECT exchange with an "
                      "error (2.6 loops forever)")),
    case("tunnel.garbage-reply", "tunnel.garbage-reply", "hardened", "MUST", spec=THROUGH_PROXY,
         program=through_tunnel(), expect=(refused(ERRORS, at=TUNNEL),),
         requirement="a non-HTTP proxy reply is not taken as a successful CONNECT"),
    case("tunnel.header-injection", "tunnel.connect-200", "hardened", "MUST", spec=THROUGH_PROXY,
         refs=("CVE-2026-1502", "gh-146211"),
         program=through_tunnel(headers=[["X-A", f"1\r\n{INJECTED}: 1"]]),
         expect=(refused_clean(at=TUNNEL_SETUP), accepted(wire_in={"$not_contains": INJECTED})),
         requirement="CR/LF in set_tunnel() header values never reaches the proxy"),
    case("tunnel.host-injection", "tunnel.connect-200", "hardened", "MUST", spec=THROUGH_PROXY,
         refs=("CVE-2026-1502", "gh-146211"),
         program=through_tunnel(host=f"tunnel.example\r\n{INJECTED}: 1"),
         expect=(refused_clean(at=TUNNEL_SETUP), accepted(wire_in={"$not_contains": INJECTED})),
         requirement="CR/LF in the set_tunnel() host never reaches the proxy"),
    case("tunnel.endless-headers", "tunnel.endless-headers", "hardened", "MUST",
         spec=THROUGH_PROXY, refs=("bpo-16037",), program=through_tunnel(timeout=FLOOD_TIMEOUT),
         expect=(bounded(FLOOD_BOUND, ERRORS, at=TUNNEL),),
         requirement=(f"the proxy's reply headers are bounded like a response's: refused before "
                      f"the proxy has sent {FLOOD_BOUND} bytes")),
    case("tunnel.empty-reply", "tunnel.empty-reply", "hardened", "MUST", spec=THROUGH_PROXY,
         program=through_tunnel(), expect=(refused(ERRORS, at=TUNNEL),),
         requirement="a proxy that closes without a reply makes the CONNECT fail"),
    case("tunnel.blank-line-after-connect", "tunnel.blank-line-after-connect", "hardened", "MUST",
         spec=THROUGH_PROXY, refs=("RFC 9110 §9.3.6",), program=through_tunnel(),
         expect=(accepted(status=404), refused(at=TUNNEL)),
         requirement=("after the proxy's HTTP/1.x reply to CONNECT, the tunnelled answer is the "
                      "real 404 or refused, never an HTTP/0.9 200 whose body is the 404's head")),
    case("tunnel.connect-200", "tunnel.connect-200", "info", "INFO", spec=THROUGH_PROXY,
         program=through_tunnel(), expect=(label("tunnelled", body="tunnelled"),),
         requirement="observed: a request through a CONNECT tunnel"),
    case("tunnel.connect-200-headers", "tunnel.connect-200-headers", "info", "INFO",
         spec=THROUGH_PROXY, program=through_tunnel(), expect=TUNNEL_LABELS, requirement=OBSERVED),
    case("tunnel.407", "tunnel.407", "info", "INFO", spec=THROUGH_PROXY, program=through_tunnel(),
         expect=TUNNEL_LABELS, requirement=OBSERVED),
    case("tunnel.502", "tunnel.502", "info", "INFO", spec=THROUGH_PROXY, program=through_tunnel(),
         expect=TUNNEL_LABELS, requirement=OBSERVED),
    case("tunnel.lf-only-blank-line", "tunnel.lf-only-blank-line", "info", "INFO",
         spec=THROUGH_PROXY, program=through_tunnel(), expect=TUNNEL_LABELS, requirement=OBSERVED),
    case("tunnel.500-header-lines", "tunnel.500-header-lines", "info", "INFO", spec=THROUGH_PROXY,
         program=through_tunnel(), expect=TUNNEL_LABELS, requirement=OBSERVED),
    case("tunnel.200-with-body", "tunnel.200-with-body", "info", "INFO", spec=THROUGH_PROXY,
         program=through_tunnel(), expect=TUNNEL_LABELS, requirement=OBSERVED),
    case("tunnel.reset-after-200", "tunnel.reset-after-200", "info", "INFO", spec=THROUGH_PROXY,
         program=through_tunnel(), expect=TUNNEL_LABELS, requirement=OBSERVED),
)


def cases() -> List[Case]:
    return list(CASES)
