"""TLS: minted certificates, client-certificate enforcement, bad-certificate variants."""

from __future__ import annotations

import os
import socket
import ssl

import pytest
from _servers_client import connect, recv_exactly, request_bytes
from httpcts.servers import serve

HELLO = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"


def test_valid_certificate_verifies_against_the_published_ca() -> None:
    with serve("tls.basic") as server:
        assert server.scheme == "https" and server.url.startswith("https://127.0.0.1:")
        ca = server.ca
        assert ca is not None and os.path.exists(ca)
        context = ssl.create_default_context(cafile=ca)
        with socket.create_connection(server.address, timeout=5) as raw, context.wrap_socket(raw, server_hostname="127.0.0.1") as sock:
            sock.sendall(request_bytes())
            assert recv_exactly(sock, 100) == HELLO
        assert server.wait_idle(2.0)
        assert server.transcripts[0].kinds()[:2] == ["accept", "tls"]
    assert not os.path.exists(ca), "certificate files must be removed on exit"


def test_client_certificate_is_required_when_told() -> None:
    with serve("tls.client-cert") as server:
        assert server.client_cert_paths is not None
        with connect(server) as sock:  # presents the minted client certificate
            sock.sendall(request_bytes())
            assert recv_exactly(sock, 100) == HELLO
        with pytest.raises((ssl.SSLError, ConnectionResetError)), connect(server, present_cert=False) as sock:
            sock.sendall(request_bytes())
            sock.recv(100)  # TLS 1.3: the refusal arrives after the handshake
        assert server.wait_idle(2.0, connections=2)
        good, bad = server.transcripts
    assert "client certificate: yes" in next(e.note for e in good.events if e.kind == "tls")
    assert "tls-error" in bad.kinds() and "request" not in bad.kinds()


@pytest.mark.parametrize(
    ("scenario_id", "reason"),
    [
        ("tls.self-signed", "self-signed certificate"),
        ("tls.expired", "certificate has expired"),
        ("tls.wrong-host", "mismatch"),
    ],
)
def test_bad_certificates_fail_verification_but_are_served(scenario_id: str, reason: str) -> None:
    with serve(scenario_id) as server:
        assert server.ca is not None
        context = ssl.create_default_context(cafile=server.ca)
        with socket.create_connection(server.address, timeout=5) as raw, pytest.raises(ssl.SSLCertVerificationError, match=reason):
            context.wrap_socket(raw, server_hostname="127.0.0.1")
        with connect(server, verify=False) as sock:  # a non-verifying client gets the bytes
            sock.sendall(request_bytes())
            assert recv_exactly(sock, 100) == HELLO
        assert server.wait_idle(2.0, connections=2)
        assert "tls-error" in server.transcripts[0].kinds()


def test_client_context_is_only_for_tls_scenarios() -> None:
    with serve("status.ok") as server, pytest.raises(ValueError, match="does not use TLS"):
        server.client_context()
