"""Transport variants: TLS (certificates minted at run time) and IPv6 (::1).

Strategy: the HTTP part stays trivial (200 'hello') so only the transport is
under test.  Bad-certificate scenarios are served the same way; whether the
client refuses them is the point of the case (PEP 476).
"""

from __future__ import annotations

from .._steps import Reset
from .._tls import TLSOptions
from ._build import chunked, head, notes, ok, reply, row, spec, table
from .persistence import keep

TLS_REFS = (spec("HTTPSConnection"), notes("1.13"), "RFC 8446")
BAD_CERTIFICATE_REFS = TLS_REFS + ("PEP 476", "CVE-2014-9365")
IPV6_REFS = (notes("1.6"), spec("HTTPConnection"), "RFC 4291")
HELLO = ok(b"hello")
CHUNKED_HELLO = head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked") + chunked(b"hello")
VALID = TLSOptions()

SCENARIOS = table(
    "tls", "conformant",
    row("basic", "200 'hello' over TLS (certificate for 127.0.0.1/::1/localhost)", TLS_REFS,
        HELLO, tls=VALID),
    row("client-cert",
        "200 over TLS; the server requires a client certificate (key_file/cert_file)",
        TLS_REFS + (spec("HTTPSConnection key_file cert_file"),), HELLO,
        tls=TLSOptions(require_client_cert=True)),
    row("keep-alive", "two responses on one TLS connection", TLS_REFS,
        keep(ok(b"one"), ok(b"two")), tls=VALID, client_requests=2),
    row("chunked", "chunked 'hello' over TLS", TLS_REFS, CHUNKED_HELLO, tls=VALID),
) + table(
    "tls", "malicious",
    row("self-signed", "a self-signed certificate (client must refuse when verifying)",
        BAD_CERTIFICATE_REFS, HELLO, tls=TLSOptions("self-signed")),
    row("expired", "a certificate that expired in 2000 (client must refuse when verifying)",
        BAD_CERTIFICATE_REFS, HELLO, tls=TLSOptions("expired")),
    row("wrong-host", "a certificate for wrong.host.invalid only (hostname check must fail)",
        BAD_CERTIFICATE_REFS, HELLO, tls=TLSOptions("wrong-host")),
    row("truncated-body", "Content-Length: 10, 4 bytes, TCP close without close_notify",
        TLS_REFS + (spec("IncompleteRead"),),
        head(b"HTTP/1.1 200 OK", b"Content-Length: 10") + b"abcd", tls=VALID),
    row("garbage-status", "a non-HTTP status line over TLS", TLS_REFS + (notes("1.1"),),
        b"garbage\r\nContent-Length: 2\r\n\r\nhi", tls=VALID),
) + table(
    "ipv6", "conformant",
    row("basic", "200 'hello' on [::1]", IPV6_REFS, HELLO, family="ipv6"),
    row("keep-alive", "two responses on one [::1] connection", IPV6_REFS,
        keep(ok(b"one"), ok(b"two")), family="ipv6", client_requests=2),
    row("chunked", "chunked 'hello' on [::1]", IPV6_REFS, CHUNKED_HELLO, family="ipv6"),
) + table(
    "ipv6", "malicious",
    row("reset-mid-body", "Content-Length: 10, 5 bytes, then an RST, on [::1]", IPV6_REFS,
        reply(head(b"HTTP/1.1 200 OK", b"Content-Length: 10") + b"01234", end=Reset()),
        family="ipv6"),
)  # fmt: skip
