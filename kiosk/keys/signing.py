"""The station's Ed25519 signing key (it signs the audit anchor), kept in the OS keyring."""

from __future__ import annotations

import logging

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.errors import KeyMissing, KeyringUnavailable
from kiosk.keys.keyring_store import KeyStore

log = logging.getLogger(__name__)

SIGNING_KEY_NAME = "audit-signing-key"


class StationSigningKey:
    """Loads or creates the signing key of one station (user ``station:<id>:audit-signing-key``)."""

    def __init__(self, keys: KeyStore) -> None:
        self._keys = keys

    def load(self) -> Ed25519PrivateKey | None:
        """The key, or None if this station has none yet (provisioned before anchoring)."""
        value = self._keys.secret(SIGNING_KEY_NAME)
        if value is None:
            return None
        try:
            return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(value))
        except ValueError as exc:
            raise KeyMissing(
                f"keyring entry {SIGNING_KEY_NAME!r} of station {self._keys.station_id} is not "
                "an Ed25519 key; restore it from the key backup",
                "Der Signaturschlüssel der Station im Schlüsselbund ist ungültig. "
                "Bitte aus der Schlüsselsicherung wiederherstellen (IT-Betreuung).",
            ) from exc

    def create(self) -> Ed25519PrivateKey:
        """Create and store a fresh key. Refuses to replace an existing one."""
        if self._keys.secret(SIGNING_KEY_NAME) is not None:
            raise KeyringUnavailable(
                f"station {self._keys.station_id} already has a signing key; refusing to "
                "replace it",
                "Für diese Station liegt bereits ein Signaturschlüssel vor; er wird nicht ersetzt.",
            )
        # Imported here: the serialization module costs ~10 ms, which start-up need not pay.
        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            NoEncryption,
            PrivateFormat,
        )

        key = Ed25519PrivateKey.generate()
        raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()
        self._keys.set_secret(SIGNING_KEY_NAME, raw)
        if self._keys.secret(SIGNING_KEY_NAME) != raw:
            raise KeyringUnavailable(
                "keyring did not return the signing key just stored",
                "Der Schlüsselbund hat den neuen Signaturschlüssel nicht gespeichert.",
            )
        log.info("audit signing key created for station %s", self._keys.station_id)
        return key
