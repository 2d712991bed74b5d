"""The station's seal: its EC P-256 key and certificate chain, kept in the OS keyring — a
demo CA and station certificate for a demo station, IT's certificate (PKCS#12) otherwise."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk.errors import InvalidInput
from kiosk.keys.keyring_store import KeyStore

log = logging.getLogger(__name__)

KEY_ENTRY = "seal-key"
CERTS_ENTRY = "seal-certs"
DEMO_VALIDITY = dt.timedelta(days=3 * 365)


@dataclass(frozen=True)
class SealMaterial:
    """The seal key (PKCS#8 PEM) and its chain (PEM, the station's certificate first)."""

    key_pem: bytes
    chain_pem: bytes

    @property
    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificates(self.chain_pem)[0]

    @property
    def trust_anchor_pem(self) -> bytes:
        """The certificate(s) an office trusts for ``verify-pdf --trust``: the issuers above
        the station's certificate (the certificate itself only where it is self-signed)."""
        certs = x509.load_pem_x509_certificates(self.chain_pem)
        anchors = certs[1:] or certs
        return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in anchors)

    @property
    def subject(self) -> str:
        return self.certificate.subject.rfc4514_string()


def load_seal(keys: KeyStore) -> SealMaterial | None:
    """The station's seal, or None where none was provisioned or imported."""
    key, certs = keys.secret(KEY_ENTRY), keys.secret(CERTS_ENTRY)
    if not key or not certs:
        return None
    return SealMaterial(key.encode("ascii"), certs.encode("ascii"))


def store_seal(keys: KeyStore, seal: SealMaterial) -> None:
    keys.set_secret(CERTS_ENTRY, seal.chain_pem.decode("ascii"))
    keys.set_secret(KEY_ENTRY, seal.key_pem.decode("ascii"))
    log.info("seal certificate stored for station %s", keys.station_id)


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "FVO Kiosk Demo"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def make_demo_seal(station_id: str, station_name: str) -> SealMaterial:
    """A throwaway demo CA (its key is discarded) and an EC P-256 seal certificate for the
    station, issued by it. Only ever for demo stations."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("FVO Kiosk Demo-CA (nicht für echte Anträge)")
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now).not_valid_after(now + DEMO_VALIDITY)
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                       False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                         critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(_name(f"{station_name[:40].strip()} ({station_id[:8]})"))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + DEMO_VALIDITY)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    chain = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (cert, ca))
    return SealMaterial(_pem_key(key), chain)


def create_demo_seal(keys: KeyStore, station_name: str) -> SealMaterial:
    """Provision a demo station's seal into the keyring."""
    seal = make_demo_seal(keys.station_id, station_name)
    store_seal(keys, seal)
    return seal


def _refused(why: str, german: str) -> InvalidInput:
    return InvalidInput(f"seal certificate refused: {why}", german)


def seal_from_p12(data: bytes, password: bytes | None) -> SealMaterial:
    """IT's PKCS#12 (key + certificate + chain), checked: a key that matches the
    certificate, EC P-256 or RSA ≥ 2048, the certificate valid today."""
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password)
    except ValueError:
        raise _refused(
            "not a PKCS#12 file or wrong password",
            "Die Datei ist kein PKCS#12-Container oder das Passwort ist falsch.") from None
    if key is None or cert is None:
        raise _refused("no key or certificate in the PKCS#12 file",
                       "Die PKCS#12-Datei enthält keinen Schlüssel oder kein Zertifikat.")
    if isinstance(key, ec.EllipticCurvePrivateKey):
        if key.curve.name != "secp256r1":
            raise _refused(f"curve {key.curve.name}",
                           "Der Schlüssel muss EC P-256 (oder RSA ab 2048 Bit) sein.")
    elif not (isinstance(key, rsa.RSAPrivateKey) and key.key_size >= 2048):
        raise _refused("key type", "Der Schlüssel muss EC P-256 (oder RSA ab 2048 Bit) sein.")
    pub = serialization.PublicFormat.SubjectPublicKeyInfo
    if (key.public_key().public_bytes(serialization.Encoding.DER, pub)
            != cert.public_key().public_bytes(serialization.Encoding.DER, pub)):
        raise _refused("key does not match certificate",
                       "Schlüssel und Zertifikat in der Datei gehören nicht zusammen.")
    now = dt.datetime.now(dt.UTC)
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise _refused("certificate not valid today",
                       "Das Zertifikat ist heute nicht gültig (abgelaufen oder noch nicht "
                       "gültig).")
    chain = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (cert, *extra))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return SealMaterial(key_pem, chain)
