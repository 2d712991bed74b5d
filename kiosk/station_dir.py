"""Where a station keeps its data, and the small non-secret identity file beside the database.

``station.json`` holds only the station id (to find the key in the keyring), whether it is a
demo station and when it was provisioned — nothing personal, nothing secret.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from kiosk.errors import (
    AlreadyProvisioned,
    InvalidInput,
    NotProvisioned,
    StoreCorrupt,
    StoreDamaged,
    StoreUnreadable,
)
from kiosk.fileio import fsync_dir

log = logging.getLogger(__name__)

ENV_DATA_DIR = "FVO_KIOSK_DATA_DIR"
APP_NAME = "fvo-kiosk"
DB_NAME = "kiosk.db"
IDENTITY_NAME = "station.json"
IDENTITY_FORMAT = 1


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir wins, then $FVO_KIOSK_DATA_DIR, then the platform's user data directory."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class StationIdentity:
    station_id: str
    demo: bool
    created_at: str
    #: fingerprint of the database key (see kiosk.store.connection.key_check); None on
    #: stations provisioned before it existed
    key_check: str | None = None


@dataclass(frozen=True)
class StationDir:
    path: Path

    @property
    def db_path(self) -> Path:
        return self.path / DB_NAME

    @property
    def identity_path(self) -> Path:
        return self.path / IDENTITY_NAME

    def database_files(self) -> list[Path]:
        """The database and its WAL/SHM companions, as far as they exist."""
        names = (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm")
        return [self.path / n for n in names if (self.path / n).exists()]

    def is_provisioned(self) -> bool:
        return self.identity_path.exists()

    def tighten(self) -> None:
        """Data dir 0700, its files 0600 — on every open, not only at creation: a copy, a
        restore or a careless chmod must not leave station files readable by others."""
        try:
            entries = [self.path, *self.path.iterdir()]
        except OSError:
            return  # reading the identity will name the problem
        for p in entries:
            try:
                st = p.lstat()
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode) and p == self.path:
                want = stat.S_IMODE(st.st_mode) & 0o700
            elif stat.S_ISREG(st.st_mode):
                want = stat.S_IMODE(st.st_mode) & 0o600
            else:
                continue
            if want != stat.S_IMODE(st.st_mode):
                try:
                    os.chmod(p, want)
                    log.warning(
                        "tightened data dir entry %s from %o to %o",
                        p.relative_to(self.path),
                        stat.S_IMODE(st.st_mode),
                        want,
                    )
                except OSError as exc:
                    log.warning(
                        "could not tighten data dir entry %s: %s",
                        p.relative_to(self.path),
                        exc.strerror,
                    )

    def _identity_damaged(self, why: str) -> StoreDamaged:
        return StoreDamaged(
            f"{self.identity_path} is damaged ({why}); restore it from the backup — "
            "nothing was changed",
            f"Die Stationsdatei {IDENTITY_NAME} ist beschädigt. "
            "Bitte aus der Sicherung wiederherstellen; es wurde nichts verändert.",
        )

    def read_identity(self) -> StationIdentity:
        if self.path.exists() and not self.path.is_dir():
            raise InvalidInput(
                f"data dir {self.path} is not a directory",
                f"Das Datenverzeichnis {self.path} ist kein Verzeichnis.",
            )
        if not os.path.lexists(self.identity_path):
            if self.db_path.exists():
                raise StoreCorrupt(
                    f"{self.db_path} exists but {IDENTITY_NAME} is missing; "
                    "restore station.json from the backup, the database was left untouched",
                    f"Die Stationsdatei {IDENTITY_NAME} fehlt neben der Datenbank. "
                    "Bitte aus der Sicherung wiederherstellen; "
                    "die Datenbank wurde nicht verändert.",
                )
            raise NotProvisioned(
                f"no station provisioned in {self.path}; run 'fvo-kiosk-admin provision'",
                f"In {self.path} ist keine Station eingerichtet. "
                "Bitte zuerst 'fvo-kiosk-admin provision' ausführen.",
            )
        if not self.identity_path.is_file():
            raise self._identity_damaged("not a regular file")
        try:
            text = self.identity_path.read_text(encoding="utf-8")
        except PermissionError as exc:
            raise StoreUnreadable(
                f"{self.identity_path} is not readable: {exc.strerror}; fix the permissions",
                f"Die Stationsdatei {IDENTITY_NAME} ist nicht lesbar (Rechte). "
                "Bitte die Rechte prüfen lassen; es wurde nichts verändert.",
            ) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise self._identity_damaged(type(exc).__name__) from exc
        try:
            raw = json.loads(text)
            if not isinstance(raw, dict):
                raise ValueError(f"a JSON {type(raw).__name__}, not an object")
            if raw.get("format") != IDENTITY_FORMAT:
                raise ValueError(f"unknown format {raw.get('format')!r}")
            check = raw.get("key_check")
            if check is not None and not isinstance(check, str):
                raise ValueError("key_check is not a string")
            return StationIdentity(
                station_id=str(uuid.UUID(raw["station_id"])),
                demo=bool(raw.get("demo", False)),
                created_at=str(raw["created_at"]),
                key_check=check,
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise self._identity_damaged(str(exc)[:80]) from exc

    def check_can_provision(self) -> None:
        """Refuse (exit 2) a data dir path that is a file, or under one."""
        for p in (self.path, *self.path.parents):
            if p.exists():
                if not p.is_dir():
                    raise InvalidInput(
                        f"cannot provision into {self.path}: {p} is not a directory",
                        f"Die Station kann nicht in {self.path} eingerichtet werden: "
                        f"{p} ist eine Datei, kein Verzeichnis. Es wurde nichts verändert.",
                    )
                return

    def refuse_if_provisioned(self) -> None:
        if os.path.lexists(self.identity_path) or self.database_files():
            raise AlreadyProvisioned(
                f"{self.path} already holds a station; nothing was changed",
                f"In {self.path} ist bereits eine Station eingerichtet; es wurde nichts verändert.",
            )

    def write_new_identity(self, demo: bool) -> StationIdentity:
        """Create the identity of a new station; refuses if anything of a station is there.

        The file appears atomically and exclusively (hard link of a finished temp file):
        of two provisioning runs, only one can create it.
        """
        self.refuse_if_provisioned()
        self.path.mkdir(parents=True, exist_ok=True, mode=0o700)
        ident = StationIdentity(
            station_id=str(uuid.uuid4()),
            demo=demo,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        self._publish(ident, exclusive=True)
        return ident

    def record_key_check(self, ident: StationIdentity, check: str) -> StationIdentity:
        """Add the key fingerprint to the identity this process just created."""
        ident = StationIdentity(ident.station_id, ident.demo, ident.created_at, check)
        self._publish(ident, exclusive=False)
        return ident

    def _publish(self, ident: StationIdentity, *, exclusive: bool) -> None:
        body: dict[str, object] = {
            "format": IDENTITY_FORMAT,
            "station_id": ident.station_id,
            "demo": ident.demo,
            "created_at": ident.created_at,
        }
        if ident.key_check is not None:
            body["key_check"] = ident.key_check
        data = (json.dumps(body, indent=2) + "\n").encode()
        tmp = self.path / f".{IDENTITY_NAME}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if exclusive:
                try:
                    os.link(tmp, self.identity_path)
                except FileExistsError:
                    raise AlreadyProvisioned(
                        f"{self.path} already holds a station; nothing was changed",
                        f"In {self.path} ist bereits eine Station eingerichtet; "
                        "es wurde nichts verändert.",
                    ) from None
            else:
                os.replace(tmp, self.identity_path)
        finally:
            tmp.unlink(missing_ok=True)
        fsync_dir(self.path)
