"""Opening and provisioning a station's files: the steps behind ``Station.open``/``provision``.

Opening tightens the data dir's permissions, reads ``station.json``, fetches the key and opens
the database; each way it can fail has its own error (see ``kiosk.errors``). Provisioning is
the only place a database schema is ever created: under an exclusive lock on
``provision.lock`` in the data dir, only where no station file exists, and a failure takes
back exactly what this run created.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.errors import InvalidInput, KioskError, StoreUnreadable
from kiosk.keys import KeyStore, check_backend
from kiosk.keys.signing import StationSigningKey
from kiosk.station_dir import StationDir, StationIdentity
from kiosk.store import Store
from kiosk.store.anchor import ANCHOR_NAME, AuditAnchor
from kiosk.store.connection import key_check

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the exclusive link of station.json decides
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

LOCK_NAME = "provision.lock"
LOCK_WAIT_S = 60.0


def open_station(sdir: StationDir, keyring_backend: Any = None) -> tuple[StationIdentity, Store]:
    """Identity and open store of an existing station; never creates anything."""
    sdir.tighten()
    ident = sdir.read_identity()
    keys = KeyStore(ident.station_id, keyring_backend)
    store = Store.open(sdir.db_path, keys.database_key(), key_check=ident.key_check)
    AuditAnchor.attach(store, sdir.path, ident.station_id, StationSigningKey(keys))
    return ident, store


def _os_error(path: Path, exc: OSError) -> KioskError:
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return InvalidInput(
            f"cannot provision into {path}: {exc.strerror}",
            f"Die Station kann nicht in {path} eingerichtet werden: ein Teil des Pfads ist "
            "eine Datei, kein Verzeichnis. Es wurde nichts verändert.",
        )
    return StoreUnreadable(
        f"cannot provision into {path}: {exc.strerror}",
        f"Die Station kann nicht in {path} eingerichtet werden ({exc.strerror}). "
        "Bitte die Rechte prüfen lassen. Es wurde nichts verändert.",
    )


@contextlib.contextmanager
def provision_lock(sdir: StationDir) -> Iterator[None]:
    """Hold ``provision.lock`` exclusively; a second provisioning waits here, then finds
    the station and is refused."""
    try:
        sdir.path.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(sdir.path / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise _os_error(sdir.path, exc) from exc
    try:
        if fcntl is not None:
            deadline = time.monotonic() + LOCK_WAIT_S
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreUnreadable(
                            f"another provisioning holds {LOCK_NAME} for over {LOCK_WAIT_S} s",
                            "Eine andere Einrichtung dieser Station läuft noch. "
                            "Bitte warten und erneut versuchen.",
                        ) from None
                    time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock; the empty lock file stays


def provision_station(
    sdir: StationDir, demo: bool, keyring_backend: Any = None
) -> tuple[StationIdentity, Store]:
    """Create identity, key and database of a new station (see the module docstring)."""
    sdir.check_can_provision()
    backend = check_backend(keyring_backend)  # no keyring: fail before writing anything
    sdir.refuse_if_provisioned()  # fast refusal, before the lock
    with provision_lock(sdir):
        sdir.tighten()
        ident = sdir.write_new_identity(demo=demo)  # exclusive: refuses if one exists
        created: list[Path] = [sdir.identity_path]
        keys = KeyStore(ident.station_id, backend)
        key_created = False
        try:
            key = keys.create_database_key()
            key_created = True
            ident = sdir.record_key_check(ident, key_check(key))
            db_was_there = os.path.lexists(sdir.db_path)
            try:
                store = Store.create(sdir.db_path, key)  # O_EXCL: refuses an existing file
            finally:
                if not db_was_there and sdir.db_path.exists():
                    created += sdir.database_files()  # made by this run, WAL/SHM too
            created.append(sdir.path / ANCHOR_NAME)
            AuditAnchor.attach(store, sdir.path, ident.station_id, StationSigningKey(keys),
                               new=True)
        except BaseException:
            # Nothing of this new station is usable: take back what this run created.
            for path in created:
                path.unlink(missing_ok=True)
            if key_created:
                keys.delete_database_key()
            raise
    log.info("station %s provisioned (demo=%s)", ident.station_id, demo)
    return ident, store
