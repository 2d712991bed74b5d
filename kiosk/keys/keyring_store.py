"""The station's secrets in the OS keyring (Secret Service, macOS Keychain, Windows Credential
Manager) — never in a file.

Every secret is stored under the service name ``fvo-kiosk`` and a user name that starts with
the station id, so several stations (or test data dirs) on one account do not collide.
"""

from __future__ import annotations

import importlib
import logging
import os
import secrets
import sys

import keyring
import keyring.backend
import keyring.errors

from kiosk.errors import KeyMissing, KeyringUnavailable

log = logging.getLogger(__name__)

SERVICE = "fvo-kiosk"
DB_KEY_BYTES = 32  # 256 bits

# Backends that would put secrets into a file, or nowhere. Refused outside tests.
_REFUSED_MODULE_PREFIXES = (
    "keyring.backends.fail",
    "keyring.backends.null",
    "keyrings.alt",
    "keyrings.cryptfile",
)

_NO_KEYRING_DE = (
    "Kein Schlüsselbund des Betriebssystems verfügbar. Unter Linux muss der Secret Service "
    "laufen (z. B. gnome-keyring-daemon --components=secrets in einer D-Bus-Sitzung); "
    "unter Windows die Anmeldeinformationsverwaltung, unter macOS der Schlüsselbund."
)


def _backends(kr: keyring.backend.KeyringBackend) -> list[keyring.backend.KeyringBackend]:
    inner = getattr(kr, "backends", None)
    return list(inner) if inner else [kr]


# The operating system's own keyring per platform. Naming it directly skips keyring's
# discovery of every installed backend, which costs 60-120 ms at each start. Anything
# unusual — a keyring configured by the user or by PYTHON_KEYRING_BACKEND, or the platform's
# keyring not answering — falls back to keyring's own choice.
_PLATFORM_KEYRINGS = {
    "linux": ("keyring.backends.SecretService", "Keyring"),
    "win32": ("keyring.backends.Windows", "WinVaultKeyring"),
    "darwin": ("keyring.backends.macOS", "Keyring"),
}


def default_backend() -> keyring.backend.KeyringBackend:
    """The platform's OS keyring if it answers, else whatever keyring itself chooses."""
    target = _PLATFORM_KEYRINGS.get(sys.platform)
    if target is not None and not os.environ.get("PYTHON_KEYRING_BACKEND"):
        try:
            from keyring.util import platform_

            if not (platform_.config_root() / "keyringrc.cfg").exists():
                cls = getattr(importlib.import_module(target[0]), target[1])
                cls.priority  # noqa: B018 - raises when this backend cannot work here
                return cls()
        except Exception:  # noqa: BLE001 - any failure: keyring's own discovery decides
            log.debug("platform keyring not usable directly; asking keyring to choose")
    return keyring.get_keyring()


def check_backend(
    kr: keyring.backend.KeyringBackend | None = None,
) -> keyring.backend.KeyringBackend:
    """Return the active keyring backend, or raise KeyringUnavailable naming what is missing."""
    kr = kr or default_backend()
    usable = [
        b for b in _backends(kr) if not type(b).__module__.startswith(_REFUSED_MODULE_PREFIXES)
    ]
    if not usable:
        name = f"{type(kr).__module__}.{type(kr).__qualname__}"
        raise KeyringUnavailable(
            f"no usable OS keyring backend (active: {name}); on Linux start a Secret Service "
            "(e.g. gnome-keyring-daemon --components=secrets in a D-Bus session)",
            _NO_KEYRING_DE,
        )
    return kr


class KeyStore:
    """Secrets of one station."""

    def __init__(self, station_id: str, backend: keyring.backend.KeyringBackend | None = None):
        self.station_id = station_id
        self._kr = check_backend(backend)

    def _user(self, name: str) -> str:
        return f"station:{self.station_id}:{name}"

    def _get(self, name: str) -> str | None:
        try:
            return self._kr.get_password(SERVICE, self._user(name))
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailable(
                f"keyring refused to read secret {name!r}: {type(exc).__name__}",
                "Der Schlüsselbund ist gesperrt oder antwortet nicht. "
                "Bitte den Schlüsselbund entsperren und erneut versuchen.",
            ) from exc

    def _set(self, name: str, value: str) -> None:
        try:
            self._kr.set_password(SERVICE, self._user(name), value)
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailable(
                f"keyring refused to store secret {name!r}: {type(exc).__name__}",
                "Der Schlüsselbund hat das Speichern abgelehnt. "
                "Bitte den Schlüsselbund entsperren und erneut versuchen.",
            ) from exc

    # --- database key -------------------------------------------------------------------
    def create_database_key(self) -> bytes:
        """Create and store a fresh 256-bit key. Refuses to replace an existing one."""
        if self._get("database-key") is not None:
            raise KeyringUnavailable(
                f"station {self.station_id} already has a database key; refusing to replace it",
                "Für diese Station liegt bereits ein Datenbankschlüssel vor; "
                "er wird nicht ersetzt.",
            )
        key = secrets.token_bytes(DB_KEY_BYTES)
        self._set("database-key", key.hex())
        if self._get("database-key") != key.hex():
            raise KeyringUnavailable(
                "keyring did not return the key just stored",
                "Der Schlüsselbund hat den neuen Schlüssel nicht gespeichert.",
            )
        log.info("database key created for station %s", self.station_id)
        return key

    def database_key(self) -> bytes:
        value = self._get("database-key")
        if value is None:
            raise KeyMissing(
                f"database key for station {self.station_id} is not in the keyring "
                f"(service {SERVICE!r}); restore it from the key backup — the database was "
                "left untouched",
                "Der Schlüssel der Datenbank fehlt im Schlüsselbund dieses Kontos. "
                "Bitte den Schlüssel aus der Schlüsselsicherung wiederherstellen "
                "(IT-Betreuung). Die Datenbank wurde nicht verändert.",
            )
        try:
            key = bytes.fromhex(value)
        except ValueError:
            key = b""
        if len(key) != DB_KEY_BYTES:
            raise KeyMissing(
                f"keyring entry for station {self.station_id} is not a 256-bit hex key",
                "Der Eintrag im Schlüsselbund ist kein gültiger Datenbankschlüssel. "
                "Bitte den Schlüssel aus der Schlüsselsicherung wiederherstellen.",
            )
        return key

    def delete_database_key(self) -> None:
        try:
            self._kr.delete_password(SERVICE, self._user("database-key"))
        except keyring.errors.PasswordDeleteError:
            pass

    # --- other secrets (service credentials come with the sync issue) ------------------
    def secret(self, name: str) -> str | None:
        return self._get(name)

    def set_secret(self, name: str, value: str) -> None:
        self._set(name, value)
