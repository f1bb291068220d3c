"""HTTPSConnection against a local TLS server (certificates from trustme).

As documented, no certificate verification by default; a `context=` verifies as it is
configured; key_file/cert_file are presented to a server that asks for them.
"""

from __future__ import annotations

import socket
import ssl
from pathlib import Path
from typing import Callable, Optional, Tuple

import httpcts.reference as httplib
import pytest
import trustme
from helpers import Server, read_request, serve

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecret"


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


def tls_server(ca: trustme.CA, *, require_client_cert: bool = False, seen: Optional[list] = None,
               names: Tuple[str, ...] = ("127.0.0.1", "localhost"),
               ) -> Callable[[socket.socket, Server], None]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(*names).configure_cert(context)
    if require_client_cert:
        context.verify_mode = ssl.CERT_REQUIRED
        ca.configure_trust(context)

    def handler(sock: socket.socket, server: Server) -> None:
        try:
            tls = context.wrap_socket(sock, server_side=True)
        except (ssl.SSLError, OSError):
            return  # the client refused the certificate, or we refused the client's
        with tls:
            try:
                server.requests.append(read_request(tls))
            except (ssl.SSLError, OSError):
                return
            if seen is not None:
                seen.append(tls.getpeercert())
            tls.sendall(OK)

    return handler


def test_self_signed_accepted_without_verification(ca: trustme.CA) -> None:
    with serve(tls_server(ca)) as server:
        conn = httplib.HTTPSConnection("127.0.0.1", server.port, timeout=2)
        conn.request("GET", "/")
        response = conn.getresponse()
        assert (response.status, response.read()) == (200, b"secret")
        assert isinstance(conn.sock, ssl.SSLSocket)
        conn.close()
    assert server.requests[0].startswith(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % server.port)


def test_default_context_does_not_verify() -> None:
    conn = httplib.HTTPSConnection("example.com")
    assert conn.context.verify_mode == ssl.CERT_NONE
    assert not conn.context.check_hostname


def test_context_with_the_right_ca_verifies(ca: trustme.CA) -> None:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    with serve(tls_server(ca)) as server:
        conn = httplib.HTTPSConnection("127.0.0.1", server.port, timeout=2, context=context)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"secret"
        assert conn.sock.getpeercert()["subjectAltName"]
        conn.close()


def test_context_with_a_wrong_ca_fails(ca: trustme.CA) -> None:
    context = ssl.create_default_context()
    trustme.CA().configure_trust(context)
    with serve(tls_server(ca)) as server:
        conn = httplib.HTTPSConnection("127.0.0.1", server.port, timeout=2, context=context)
        with pytest.raises(ssl.SSLError):
            conn.request("GET", "/")
        assert conn.sock is None
        conn.close()
    assert server.requests == []


def test_host_name_checked_when_the_context_says_so(ca: trustme.CA) -> None:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    # a certificate for localhost only, reached as 127.0.0.1 (sent as the server name)
    with serve(tls_server(ca, names=("localhost",))) as server:
        conn = httplib.HTTPSConnection("127.0.0.1", server.port, timeout=2, context=context)
        with pytest.raises(ssl.SSLCertVerificationError, match="127.0.0.1"):
            conn.request("GET", "/")
        conn.close()


def test_client_certificate_from_key_file_and_cert_file(ca: trustme.CA, tmp_path: Path) -> None:
    client = ca.issue_cert("client@example.org")
    key_file, cert_file = tmp_path / "key.pem", tmp_path / "cert.pem"
    client.private_key_pem.write_to_path(str(key_file))
    client.cert_chain_pems[0].write_to_path(str(cert_file))
    seen: list = []
    with serve(tls_server(ca, require_client_cert=True, seen=seen)) as server:
        conn = httplib.HTTPSConnection("127.0.0.1", server.port, str(key_file), str(cert_file),
                                       timeout=2)
        assert (conn.key_file, conn.cert_file) == (str(key_file), str(cert_file))
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"secret"
        conn.close()
    assert seen and seen[0]["subjectAltName"]


def test_server_requiring_a_client_certificate_refuses_none(ca: trustme.CA) -> None:
    with serve(tls_server(ca, require_client_cert=True)) as server:
        conn = httplib.HTTPSConnection("127.0.0.1", server.port, timeout=2)
        with pytest.raises((ssl.SSLError, OSError, httplib.HTTPException)):
            conn.request("GET", "/")
            conn.getresponse()
        conn.close()
    assert server.requests == []
