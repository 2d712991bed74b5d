"""The FIT-Connect client secret of a station, kept only in the OS keyring."""

from __future__ import annotations

from typing import Any

from kiosk.errors import KioskError
from kiosk.keys.keyring_store import KeyStore

CLIENT_SECRET = "fit-connect-client-secret"  # noqa: S105 - the keyring entry's name


class CredentialsMissing(KioskError):
    """No client secret in the keyring: nothing can be sent until IT stores it (exit 1)."""


class ServiceCredentials:
    """Read and store the OAuth2 client secret (the client id is in the configuration)."""

    def __init__(self, station_id: str, backend: Any = None) -> None:
        self._keys = KeyStore(station_id, backend)

    def client_secret(self) -> str:
        value = self._keys.secret(CLIENT_SECRET)
        if not value:
            raise CredentialsMissing(
                "the FIT-Connect client secret is not in the keyring; store it with "
                "'fvo-kiosk-admin sync credentials --secret-stdin'",
                "Das Zugangsgeheimnis für den Versand (FIT-Connect) fehlt im Schlüsselbund. "
                "Bitte die IT-Betreuung verständigen.",
            )
        return value

    def set_client_secret(self, secret: str) -> None:
        self._keys.set_secret(CLIENT_SECRET, secret)

    def has_client_secret(self) -> bool:
        return bool(self._keys.secret(CLIENT_SECRET))
