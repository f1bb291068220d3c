"""Transport variants: TLS (certificates minted at run time) and IPv6 (::1).

Strategy: the HTTP part stays trivial (200 'hello') so only the transport is
under test.  Bad-certificate scenarios are served the same way; whether the
client refuses them is the point of the case (PEP 476).
"""

from __future__ import annotations

from .._steps import Reset
from .._tls import TLSOptions
from ._build import chunked, head, make, notes, ok, reply, spec
from .persistence import keep

_tls = (spec("HTTPSConnection"), notes("1.13"), "RFC 8446")
_v6 = (notes("1.6"), spec("HTTPConnection"), "RFC 4291")
CHUNKED_HELLO = head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked") + chunked(b"hello")
VALID = TLSOptions()

SCENARIOS = (
    make("tls", "conformant", "basic", "200 'hello' over TLS (certificate for 127.0.0.1/::1/localhost)",
         _tls, reply(ok(b"hello")), tls=VALID),
    make("tls", "conformant", "client-cert", "200 over TLS; the server requires a client certificate (key_file/cert_file)",
         _tls + (spec("HTTPSConnection key_file cert_file"),), reply(ok(b"hello")), tls=TLSOptions(require_client_cert=True)),
    make("tls", "conformant", "keep-alive", "two responses on one TLS connection",
         _tls, keep(ok(b"one"), ok(b"two")), tls=VALID, client_requests=2),
    make("tls", "conformant", "chunked", "chunked 'hello' over TLS", _tls, reply(CHUNKED_HELLO), tls=VALID),
    make("tls", "malicious", "self-signed", "a self-signed certificate (client must refuse when verifying)",
         _tls + ("PEP 476", "CVE-2014-9365"), reply(ok(b"hello")), tls=TLSOptions("self-signed")),
    make("tls", "malicious", "expired", "a certificate that expired in 2000 (client must refuse when verifying)",
         _tls + ("PEP 476", "CVE-2014-9365"), reply(ok(b"hello")), tls=TLSOptions("expired")),
    make("tls", "malicious", "wrong-host", "a certificate for wrong.host.invalid only (hostname check must fail)",
         _tls + ("PEP 476", "CVE-2014-9365"), reply(ok(b"hello")), tls=TLSOptions("wrong-host")),
    make("tls", "malicious", "truncated-body", "Content-Length: 10, 4 bytes, TCP close without close_notify",
         _tls + (spec("IncompleteRead"),), reply(head(b"HTTP/1.1 200 OK", b"Content-Length: 10") + b"abcd"), tls=VALID),
    make("tls", "malicious", "garbage-status", "a non-HTTP status line over TLS",
         _tls + (notes("1.1"),), reply(b"garbage\r\nContent-Length: 2\r\n\r\nhi"), tls=VALID),
    make("ipv6", "conformant", "basic", "200 'hello' on [::1]", _v6, reply(ok(b"hello")), family="ipv6"),
    make("ipv6", "conformant", "keep-alive", "two responses on one [::1] connection", _v6,
         keep(ok(b"one"), ok(b"two")), family="ipv6", client_requests=2),
    make("ipv6", "conformant", "chunked", "chunked 'hello' on [::1]", _v6, reply(CHUNKED_HELLO), family="ipv6"),
    make("ipv6", "malicious", "reset-mid-body", "Content-Length: 10, 5 bytes, then an RST, on [::1]", _v6,
         reply(head(b"HTTP/1.1 200 OK", b"Content-Length: 10") + b"01234", end=Reset()), family="ipv6"),
)  # fmt: skip
