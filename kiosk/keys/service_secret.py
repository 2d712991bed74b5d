"""The station's FIT-Connect OAuth client secret in the OS keyring, set at provisioning.

Kept under the station's keyring entries (``station:<id>:fit-connect-client-secret``), never
in a file or a log. The sending side reads it with :func:`load_client_secret`.
"""

from __future__ import annotations

import logging

from kiosk.errors import InvalidInput
from kiosk.keys.keyring_store import KeyStore

log = logging.getLogger(__name__)

ENTRY = "fit-connect-client-secret"
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


def store_client_secret(keys: KeyStore, secret: str) -> None:
    keys.set_secret(ENTRY, check_client_secret(secret))
    log.info("FIT-Connect client secret stored for station %s", keys.station_id)


def load_client_secret(keys: KeyStore) -> str | None:
    """The stored secret, or None where the station was provisioned without one."""
    return keys.secret(ENTRY)
