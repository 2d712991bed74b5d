"""Where a station keeps its data, and the small non-secret identity file beside the database.

``station.json`` holds only the station id (to find the key in the keyring), whether it is a
demo station and when it was provisioned — nothing personal, nothing secret.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from kiosk.errors import AlreadyProvisioned, NotProvisioned, StoreCorrupt
from kiosk.fileio import write_atomic

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

    def read_identity(self) -> StationIdentity:
        if not self.identity_path.exists():
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
        try:
            raw = json.loads(self.identity_path.read_text(encoding="utf-8"))
            if raw.get("format") != IDENTITY_FORMAT:
                raise ValueError(f"unknown format {raw.get('format')!r}")
            return StationIdentity(
                station_id=str(uuid.UUID(raw["station_id"])),
                demo=bool(raw.get("demo", False)),
                created_at=str(raw["created_at"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreCorrupt(
                f"{self.identity_path} is unreadable ({exc}); restore it from the backup",
                f"Die Stationsdatei {IDENTITY_NAME} ist beschädigt. "
                "Bitte aus der Sicherung wiederherstellen.",
            ) from exc

    def write_new_identity(self, demo: bool) -> StationIdentity:
        """Create the identity of a new station; refuses if anything of a station is there."""
        if self.identity_path.exists() or self.database_files():
            raise AlreadyProvisioned(
                f"{self.path} already holds a station; nothing was changed",
                f"In {self.path} ist bereits eine Station eingerichtet; es wurde nichts verändert.",
            )
        self.path.mkdir(parents=True, exist_ok=True, mode=0o700)
        ident = StationIdentity(
            station_id=str(uuid.uuid4()),
            demo=demo,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        body = {
            "format": IDENTITY_FORMAT,
            "station_id": ident.station_id,
            "demo": ident.demo,
            "created_at": ident.created_at,
        }
        write_atomic(self.identity_path, (json.dumps(body, indent=2) + "\n").encode())
        return ident
