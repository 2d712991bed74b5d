"""IT's Ed25519 signature over the station configuration, and which keys a station trusts.

The signature is a detached file beside the configuration (``station-config.json.sig``)
over the file's exact bytes (never re-serialised JSON), prefixed with :data:`CONTEXT` so
that a configuration key signs nothing else by accident. Trusted public keys ship inside
the package, each with its key id (SHA-256 of the raw public key) and its use:

* ``resources/trust/config-keys.json`` — the city's keys (``"use": "production"``). Several
  keys may be listed at once: that is how a key is rotated (add the new key, re-sign the
  configurations, then remove the old key with the next package).
* ``resources/trust/demo-config-keys.json`` — the demo key. Its private half is public (in
  ``tests/fixtures``), so it is trusted for one thing only: the packaged demo configuration
  (``resources/station/demo.json``, inside the installed package, not in the data dir) on a
  station that is not a production station. A file in the data dir always needs a
  production key, and a production station never falls back to the demo configuration.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.errors import KioskError
from kiosk.resources import resource_path

log = logging.getLogger(__name__)

CONTEXT = b"fvo-kiosk station configuration v1\n"
SIG_SUFFIX = ".sig"
SIG_FORMAT = "fvo-kiosk-config-signature/1"
KEYS_FORMAT = "fvo-kiosk-config-keys/1"
PRODUCTION_KEYS = ("trust", "config-keys.json")
DEMO_KEYS = ("trust", "demo-config-keys.json")
MAX_SIG_BYTES = 64 * 1024


class ConfigSignatureInvalid(KioskError):
    """The station configuration is unsigned, altered, or signed by a key not trusted here."""


def _refused(source: str, why_en: str, why_de: str) -> ConfigSignatureInvalid:
    return ConfigSignatureInvalid(
        f"station configuration {source} refused: {why_en}",
        f"Die Stationskonfiguration ({source}) wird nicht angenommen: {why_de}. "
        "Bitte die IT-Betreuung verständigen.",
    )


def key_id(public: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, hex."""
    return hashlib.sha256(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()


@dataclass(frozen=True)
class TrustedKey:
    keyid: str
    name: str
    use: str  # "production" or "demo"
    public: Ed25519PublicKey


def key_entry(public: Ed25519PublicKey, name: str, use: str = "production") -> dict[str, str]:
    """The entry for a trust file (what ``config keygen`` prints)."""
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"keyid": key_id(public), "name": name, "use": use,
            "public_key": base64.b64encode(raw).decode("ascii")}


def parse_trust(doc: Any, use: str) -> dict[str, TrustedKey]:
    """Keys of one trust file; a malformed file is a packaging error and raises ValueError."""
    if not isinstance(doc, dict) or doc.get("format") != KEYS_FORMAT:
        raise ValueError("not a config key list")
    keys: dict[str, TrustedKey] = {}
    for entry in doc.get("keys", []):
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(entry["public_key"]))
        if entry.get("use") != use or key_id(public) != entry["keyid"]:
            raise ValueError(f"key {entry.get('keyid')!r}: wrong use or key id")
        keys[entry["keyid"]] = TrustedKey(entry["keyid"], str(entry["name"]), use, public)
    return keys


@cache
def _packaged(parts: tuple[str, str], use: str) -> dict[str, TrustedKey]:
    path = resource_path(*parts)
    if not path.exists():
        return {}
    try:
        return parse_trust(json.loads(path.read_text(encoding="utf-8")), use)
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigSignatureInvalid(
            f"trusted key list {path.name} in the package is damaged: {exc}",
            f"Die Schlüsselliste {path.name} im Installationspaket ist beschädigt. "
            "Bitte das Paket neu installieren.",
        ) from None


def production_keys() -> dict[str, TrustedKey]:
    """The city's configuration keys shipped in the package (may be empty in a dev build)."""
    return _packaged(PRODUCTION_KEYS, "production")


def demo_keys() -> dict[str, TrustedKey]:
    """The demo key: trusted only for the packaged demo configuration on a demo station."""
    return _packaged(DEMO_KEYS, "demo")


def sign(private: Ed25519PrivateKey, raw: bytes, previous: bytes | None = None) -> bytes:
    """The signature file for ``raw``; with ``previous`` (an existing signature file) its
    other signatures are kept (during a key rotation a file carries old and new key's)."""
    kid = key_id(private.public_key())
    sigs = []
    if previous is not None:
        sigs = [s for s in _parse_sig_file(previous, "signature")["signatures"]
                if s.get("keyid") != kid]
    sigs.append({"keyid": kid,
                 "sig": base64.b64encode(private.sign(CONTEXT + raw)).decode("ascii")})
    doc = {"format": SIG_FORMAT, "signatures": sigs}
    return (json.dumps(doc, indent=2) + "\n").encode("utf-8")


def _parse_sig_file(sig: bytes, source: str) -> dict[str, Any]:
    damaged = _refused(source, "signature file is malformed", "die Signaturdatei ist beschädigt")
    if len(sig) > MAX_SIG_BYTES:
        raise damaged
    try:
        doc = json.loads(sig.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise damaged from None
    if (not isinstance(doc, dict) or doc.get("format") != SIG_FORMAT
            or not isinstance(doc.get("signatures"), list)
            or not all(isinstance(s, dict) for s in doc["signatures"])):
        raise damaged
    return doc


def verify(raw: bytes, sig: bytes | None, trusted: dict[str, TrustedKey],
           source: str, demo_known: dict[str, TrustedKey] | None = None) -> TrustedKey:
    """The trusted key whose valid signature covers ``raw``; else
    :class:`ConfigSignatureInvalid` naming the problem (unsigned, altered, unknown key, demo
    key on a production station). ``demo_known`` only sharpens that last message."""
    if sig is None:
        raise _refused(source, "it is not signed (no .sig file beside it)",
                       f"sie ist nicht signiert (die Datei {source}{SIG_SUFFIX} fehlt)")
    doc = _parse_sig_file(sig, source)
    untrusted: list[str] = []
    for entry in doc["signatures"]:
        kid = entry.get("keyid")
        key = trusted.get(kid) if isinstance(kid, str) else None
        if key is None:
            untrusted.append(str(kid))
            continue
        try:
            key.public.verify(base64.b64decode(str(entry.get("sig")), validate=True),
                              CONTEXT + raw)
        except (InvalidSignature, ValueError):
            raise _refused(source, f"content does not match the signature of key {kid[:16]}",
                           "sie wurde nach dem Signieren verändert (die Signatur passt nicht "
                           "zum Inhalt)") from None
        log.info("station configuration %s signed by key %s", source, kid[:16])
        return key
    if demo_known and any(k in demo_known for k in untrusted):
        raise _refused(source, "signed with the demo key, which a production station refuses",
                       "sie ist nur mit dem Demo-Schlüssel signiert; eine Produktionsstation "
                       "nimmt nur Konfigurationen an, die mit dem Schlüssel der Stadt "
                       "signiert sind")
    if untrusted:
        shown = ", ".join(k[:16] for k in untrusted)
        raise _refused(source, f"signed by untrusted key(s) {shown}",
                       f"sie ist mit einem Schlüssel signiert, dem diese Station nicht "
                       f"vertraut (Schlüssel-ID {shown})")
    raise _refused(source, "the signature file holds no signature",
                   "die Signaturdatei enthält keine Signatur")


def read_signature(path: Path) -> bytes | None:
    """The signature file beside ``path``, or None where there is none."""
    sig_path = path.with_name(path.name + SIG_SUFFIX)
    try:
        return sig_path.read_bytes()
    except FileNotFoundError:
        return None


def _is_production_station(data_dir: Path) -> bool:
    from kiosk.station_dir import StationDir

    sdir = StationDir(data_dir)
    if not sdir.identity_path.exists():
        return False  # no station here (yet): nothing claims production
    return not sdir.read_identity().demo


def require_signature(data_dir: Path, raw: bytes, packaged_demo: bool, source: str) -> None:
    """Refuse a configuration this station must not use (see the module docstring):
    ``packaged_demo`` is the demo file inside the package, else the data dir's own file."""
    if not packaged_demo:
        path = Path(data_dir) / source
        verify(raw, read_signature(path), production_keys(), source, demo_known=demo_keys())
        return
    if _is_production_station(Path(data_dir)):
        raise ConfigSignatureInvalid(
            "production station has no station-config.json; it never uses the demo one",
            "Diese Station hat keine eigene Stationskonfiguration, und die "
            "Demo-Konfiguration gilt nur für Demo-Stationen. Bitte die signierte "
            "Konfiguration der IT mit 'fvo-kiosk-admin config install DATEI' einspielen.",
        )
    demo_path = resource_path("station", "demo.json")
    verify(raw, read_signature(demo_path), demo_keys(), "demo.json")
