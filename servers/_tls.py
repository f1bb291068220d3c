"""TLS for scripted servers: options as data, certificates minted at run time.

Strategy: a scenario only says *what kind* of TLS it wants (`TLSOptions`); the
certificates are minted by trustme when a server starts, written to a private
temporary folder that the server removes on exit, and never stored in the repo.
Minting is cached per process (ECDSA keys are cheap, but a test run starts many
servers) – the cached objects are immutable PEM bytes, the files are per server.

Certificate variants (``certificate``):

* ``valid``      – issued by the run's CA for 127.0.0.1, ::1 and localhost;
* ``self-signed`` – a self-signed certificate (a second trustme root presented as
  the leaf), unknown to the client's trust store;
* ``expired``    – issued by the run's CA, valid from 2000-01-01 to 2000-12-31;
* ``wrong-host`` – issued by the run's CA for ``wrong.host.invalid`` only.
"""

from __future__ import annotations

import datetime
import functools
import os
import ssl
import tempfile
from dataclasses import dataclass

from ._steps import ScenarioError

CERTIFICATE_VARIANTS = ("valid", "self-signed", "expired", "wrong-host")
SERVER_IDENTITIES = ("127.0.0.1", "::1", "localhost")
CLIENT_IDENTITY = "client@httpcts.invalid"


@dataclass(frozen=True)
class TLSOptions:
    """How a scenario's connections are wrapped in TLS."""

    certificate: str = "valid"
    require_client_cert: bool = False

    def __post_init__(self) -> None:
        if self.certificate not in CERTIFICATE_VARIANTS:
            raise ScenarioError(
                f"TLSOptions.certificate must be one of {CERTIFICATE_VARIANTS}, got {self.certificate!r}"
            )
        if not isinstance(self.require_client_cert, bool):
            raise ScenarioError(
                f"TLSOptions.require_client_cert must be a bool, got {self.require_client_cert!r}"
            )

    def to_json(self) -> dict[str, object]:
        return {"certificate": self.certificate, "require_client_cert": self.require_client_cert}

    @classmethod
    def from_json(cls, obj: object) -> TLSOptions:
        if not isinstance(obj, dict):
            raise ScenarioError(f"Scenario.tls must be an object or null, got {obj!r}")
        unknown = set(obj) - {"certificate", "require_client_cert"}
        if unknown:
            raise ScenarioError(f"TLSOptions has no field(s) {sorted(unknown)!r}")
        return cls(**obj)


@dataclass(frozen=True)
class _Minted:
    ca_pem: bytes
    server_chain_pem: bytes  # leaf certificate (+ chain) followed by its key
    client_chain_pem: bytes


@functools.cache
def _mint(certificate: str) -> _Minted:
    import trustme  # dev extra; imported here so plain-HTTP use never needs it

    ca = trustme.CA(organization_name="httpcts test CA")
    if certificate == "self-signed":
        stranger = trustme.CA(organization_name="httpcts self-signed")
        server_pem = stranger.cert_pem.bytes() + stranger.private_key_pem.bytes()
    else:
        expired = certificate == "expired"
        identities = ("wrong.host.invalid",) if certificate == "wrong-host" else SERVER_IDENTITIES
        leaf = ca.issue_cert(
            *identities,
            not_before=datetime.datetime(2000, 1, 1) if expired else None,
            not_after=datetime.datetime(2000, 12, 31) if expired else None,
        )
        server_pem = leaf.private_key_and_cert_chain_pem.bytes()
    client = ca.issue_cert(CLIENT_IDENTITY)
    return _Minted(
        ca_pem=ca.cert_pem.bytes(),
        server_chain_pem=server_pem,
        client_chain_pem=client.private_key_and_cert_chain_pem.bytes(),
    )


class TLSMaterial:
    """Certificates for one running server, as files in a private folder.

    ``ca_path`` is the PEM of the CA a client should trust; ``client_cert_paths``
    is (certificate file, key file) a client can present (both name one PEM file
    that holds the key and the chain, as ssl.load_cert_chain accepts).
    """

    def __init__(self, options: TLSOptions) -> None:
        self.options = options
        minted = _mint(options.certificate)
        self._folder = tempfile.TemporaryDirectory(prefix="httpcts-tls-")
        self.ca_path = self._write("ca.pem", minted.ca_pem)
        server_path = self._write("server.pem", minted.server_chain_pem)
        client_path = self._write("client.pem", minted.client_chain_pem)
        self.client_cert_paths: tuple[str, str] = (client_path, client_path)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(server_path)
        # A client that closes without close_notify is ordinary for a test server;
        # without this OpenSSL 3 answers the EOF with a decode_error alert that
        # would land in the client's read as if the script had sent it.
        self.context.options |= getattr(ssl, "OP_IGNORE_UNEXPECTED_EOF", 0)
        if options.require_client_cert:
            self.context.verify_mode = ssl.CERT_REQUIRED
            self.context.load_verify_locations(cafile=self.ca_path)

    def _write(self, name: str, data: bytes) -> str:
        path = os.path.join(self._folder.name, name)
        with open(path, "wb") as handle:
            handle.write(data)
        return path

    def client_context(self, *, present_cert: bool | None = None) -> ssl.SSLContext:
        """An ssl context that trusts this server's CA (and presents the client cert
        when the scenario requires one, unless ``present_cert`` says otherwise)."""
        context = ssl.create_default_context(cafile=self.ca_path)
        wanted = self.options.require_client_cert if present_cert is None else present_cert
        if wanted:
            context.load_cert_chain(self.client_cert_paths[0])
        return context

    def cleanup(self) -> None:
        self._folder.cleanup()
