"""``aspinix serve --certfile --keyfile`` terminates TLS itself, and only TLS 1.3."""

from __future__ import annotations

import datetime
import os
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.e2e.deployment import free_port


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def _handshake(port: int, cert_file: Path, newest: ssl.TLSVersion) -> str | None:
    context = ssl.create_default_context(cafile=str(cert_file))
    context.maximum_version = newest
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        context.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        return tls.version()


def test_serve_speaks_tls_1_3_and_refuses_older(tmp_path: Path) -> None:
    cert_file, key_file = _self_signed(tmp_path)
    port = free_port()
    env = {**os.environ, "ASPINIX_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    env.pop("ASPINIX_QUEUE_URL", None)
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "aspinix.cli", "serve", "--port", str(port), "--no-worker"),
            *("--certfile", str(cert_file), "--keyfile", str(key_file)),
        ],
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                trust = ssl.create_default_context(cafile=str(cert_file))
                response = httpx.get(f"https://localhost:{port}/healthz", verify=trust)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert response.status_code == 200
        assert _handshake(port, cert_file, ssl.TLSVersion.TLSv1_3) == "TLSv1.3"
        with pytest.raises(ssl.SSLError):
            _handshake(port, cert_file, ssl.TLSVersion.TLSv1_2)
    finally:
        server.terminate()
        server.wait(30)
