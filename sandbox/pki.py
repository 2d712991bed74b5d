"""The demo PKI: a root CA, the loopback TLS certificate and the offices' key certificates.

Everything lives in the sandbox dir and is created once; the root certificate (``ca.pem``) is
what a kiosk's station configuration points at, for TLS and for the destination keys' ``x5c``.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_FILE = "ca.pem"
RSA_BITS = 4096


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` atomically, readable by the owner only."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _pem_key(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "FVO Kiosk Sandbox (Demo)"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn[:60])])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class RootCA:
    """The demo root: signs the TLS certificate and every office key certificate."""

    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def issue(self, cn: str, public_key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey, *,
              usage: str, days: int = 730) -> x509.Certificate:
        """A leaf certificate for ``public_key``; usage ``tls``, ``encryption`` or ``signing``."""
        now = _now()
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(cn))
            .issuer_name(self.cert.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                self.key.public_key()), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        )
        if usage == "tls":
            builder = builder.add_extension(x509.SubjectAlternativeName([
                x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
                critical=False).add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=usage in ("tls", "signing"), content_commitment=False,
            key_encipherment=usage in ("tls", "encryption"), data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False,
            decipher_only=False), critical=True)
        signer: CertificateIssuerPrivateKeyTypes = self.key
        return builder.sign(signer, hashes.SHA256())

    def x5c(self, leaf: x509.Certificate) -> list[str]:
        """The chain as a JWK ``x5c``: leaf first, then the root (standard base64 of DER)."""
        return [base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode()
                for c in (leaf, self.cert)]


def load_or_create_root(directory: Path) -> RootCA:
    """The root CA of ``directory``; created on first start (key 0600, cert in ``ca.pem``)."""
    key_path, cert_path = directory / "ca.key.pem", directory / CA_FILE
    if key_path.exists() and cert_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return RootCA(key, x509.load_pem_x509_certificate(cert_path.read_bytes()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    now = _now()
    name = _name("FVO Kiosk Sandbox Demo Root CA")
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    write_private(key_path, _pem_key(key))
    write_private(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    os.chmod(cert_path, 0o644)
    return RootCA(key, cert)


def tls_files(directory: Path, root: RootCA) -> tuple[Path, Path]:
    """(certificate chain, key) for the loopback HTTPS server; renewed when near expiry."""
    cert_path, key_path = directory / "tls.pem", directory / "tls.key.pem"
    if cert_path.exists() and key_path.exists():
        cert = x509.load_pem_x509_certificates(cert_path.read_bytes())[0]
        if cert.not_valid_after_utc - _now() > dt.timedelta(days=7):
            return cert_path, key_path
    key = ec.generate_private_key(ec.SECP256R1())
    cert = root.issue("127.0.0.1", key.public_key(), usage="tls", days=365)
    write_private(key_path, _pem_key(key))
    write_private(cert_path, cert.public_bytes(serialization.Encoding.PEM)
                  + root.cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)


def pem_private(key: rsa.RSAPrivateKey) -> bytes:
    return _pem_key(key)
