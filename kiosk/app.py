"""Composition root: a Station is its data dir + key + store + auth (+ forms and sync later).

Opening never creates anything; provisioning never touches an existing station.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any

from kiosk.auth import Auth
from kiosk.errors import KioskError, NotProvisioned
from kiosk.station_dir import StationDir, StationIdentity, resolve_data_dir
from kiosk.station_setup import open_station, provision_station
from kiosk.store import Store

log = logging.getLogger(__name__)

DEMO_COUNSELLOR = "Demo-Beraterin"
DEMO_PIN = "246810"


@dataclass
class Station:
    dir: StationDir
    identity: StationIdentity
    store: Store
    auth: Auth

    @classmethod
    def open(
        cls, data_dir: str | os.PathLike[str] | None = None, keyring_backend: Any = None
    ) -> Station:
        sdir = StationDir(resolve_data_dir(data_dir))
        ident, store = open_station(sdir, keyring_backend)
        log.info("station %s opened (schema %d)", ident.station_id, store.schema_version)
        return cls(sdir, ident, store, Auth(store))

    @classmethod
    def provision(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        demo: bool = False,
        keyring_backend: Any = None,
    ) -> Station:
        """Create a new station: identity file, key in the keyring, empty database."""
        sdir = StationDir(resolve_data_dir(data_dir))
        ident, store = provision_station(sdir, demo, keyring_backend)
        with store.transaction() as tx:
            store.audit(tx, "station.provisioned" + (":demo" if demo else ""), "admin")
        station = cls(sdir, ident, store, Auth(store))
        if demo:
            station.auth.enrol(DEMO_COUNSELLOR, DEMO_PIN, actor="admin")
        return station

    @classmethod
    def open_or_provision_demo(
        cls, data_dir: str | os.PathLike[str] | None = None, keyring_backend: Any = None
    ) -> Station:
        """`make run`: open the demo station, provisioning it only into an empty data dir."""
        try:
            return cls.open(data_dir, keyring_backend)
        except NotProvisioned:
            return cls.provision(data_dir, demo=True, keyring_backend=keyring_backend)

    def close(self) -> None:
        self.store.close()


__all__ = ["DEMO_COUNSELLOR", "DEMO_PIN", "KioskError", "Station"]
