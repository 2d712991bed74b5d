"""Errors the core raises on purpose.

Every error carries two texts: ``str(err)`` is English for logs and IT, ``err.user_message``
is the German sentence a counsellor or IT admin sees. Neither may contain personal data.
"""

from __future__ import annotations


class KioskError(Exception):
    """Base of all expected failures; anything else is a bug."""

    #: CLI exit code: 1 = the operation failed, 2 = the input was invalid; 3-8 name why a
    #: station could not be opened (see the subclasses and ``fvo-kiosk-admin --help``).
    exit_code = 1

    def __init__(self, message: str, user_message: str | None = None,
                 text_key: str | None = None) -> None:
        super().__init__(message)
        self.user_message = user_message or message
        #: The catalog key of this message where a family may read it (family mode shows
        #: ``translate(text_key, lang)``); ``None`` for texts only staff read.
        self.text_key = text_key


class InvalidInput(KioskError):
    """The caller handed over data that cannot be accepted (nothing was stored)."""

    exit_code = 2


class KeyringUnavailable(KioskError):
    """No usable OS keyring backend (Secret Service, Keychain, Credential Manager)."""

    exit_code = 3


class KeyMissing(KioskError):
    """The station exists but its database key is not in the keyring."""

    exit_code = 4


class StoreLocked(KioskError):
    """The database file exists but cannot be opened with the key we have."""

    exit_code = 5


class NotProvisioned(KioskError):
    """No station has been provisioned in this data directory."""


class AlreadyProvisioned(KioskError):
    """Provisioning was asked for where a station (or a stray database file) already exists."""


class StoreCorrupt(KioskError):
    """The database opened but is damaged or of an unknown (newer) schema version."""


class StorageFull(KioskError):
    """The disk (or the database's size limit) is full; the last change was not saved."""


class StorageFailed(KioskError):
    """The database reported an I/O or locking error; the last change was not saved."""


class StoreDamaged(StoreCorrupt):
    """The database (or station.json) is damaged: empty, truncated, a page that fails its
    checks, no schema. Restore database and key from the backup; nothing was changed."""

    exit_code = 6


class StoreUnreadable(KioskError):
    """The data dir or a station file cannot be read or written (permissions, read-only
    file system, not a regular file). The data itself may be fine; nothing was changed."""

    exit_code = 7


class WalMissing(StoreCorrupt):
    """The write-ahead log of an unclean stop is gone: the last saved changes are missing
    from the database. Restore the WAL file or the backup; nothing was changed."""

    exit_code = 8
