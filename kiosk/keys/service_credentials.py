"""The FIT-Connect client secret of a station, kept only in the OS keyring
(``station:<id>:fit-connect-client-secret``), never in a file or a log; stored at
provisioning (`provision --config`) or later (`sync credentials`), read by the sender."""

from __future__ import annotations

from typing import Any

from kiosk.errors import InvalidInput, KioskError
from kiosk.keys.keyring_store import KeyStore

CLIENT_SECRET = "fit-connect-client-secret"  # noqa: S105 - the keyring entry's name
MAX_LENGTH = 4096


def check_client_secret(secret: str) -> str:
    """The secret without surrounding blanks; refuses an empty or implausible one."""
    secret = secret.strip()
    if not secret or len(secret) > MAX_LENGTH or not secret.isprintable():
        raise InvalidInput(
            "FIT-Connect client secret is empty, too long or has control characters",
            "Das FIT-Connect-Client-Secret fehlt oder ist ungültig (leer, zu lang oder mit "
            "Steuerzeichen).",
        )
    return secret


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
        self._keys.set_secret(CLIENT_SECRET, check_client_secret(secret))

    def has_client_secret(self) -> bool:
        return bool(self._keys.secret(CLIENT_SECRET))
