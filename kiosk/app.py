"""Composition root: a Station is its data dir + key + store + auth + configuration + forms
(+ sync later).

Opening never creates anything; provisioning never touches an existing station.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from kiosk.auth import Auth
from kiosk.config import StationConfig, load_config
from kiosk.errors import KioskError, NotProvisioned
from kiosk.keys import KeyStore
from kiosk.station_dir import StationDir, StationIdentity, resolve_data_dir
from kiosk.station_setup import open_station, provision_station
from kiosk.store import Store

if TYPE_CHECKING:
    from kiosk.eligibility import Rules
    from kiosk.forms import FormCatalog, Intake
    from kiosk.visit import Visit

log = logging.getLogger(__name__)

DEMO_COUNSELLOR = "Demo-Beraterin"
DEMO_PIN = "246810"


@dataclass
class Station:
    dir: StationDir
    identity: StationIdentity
    store: Store
    auth: Auth
    #: The keyring the station's secrets came from (None: the OS keyring).
    keyring_backend: Any = None

    @classmethod
    def open(
        cls, data_dir: str | os.PathLike[str] | None = None, keyring_backend: Any = None
    ) -> Station:
        sdir = StationDir(resolve_data_dir(data_dir))
        ident, store = open_station(sdir, keyring_backend)
        log.info("station %s opened (schema %d)", ident.station_id, store.schema_version)
        return cls(sdir, ident, store, Auth(store), keyring_backend)

    @classmethod
    def provision(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        demo: bool = False,
        keyring_backend: Any = None,
        sample_cases: bool = False,
    ) -> Station:
        """Create a new station: identity file, key in the keyring, empty database. A demo
        station gets the demo counsellor, and with ``sample_cases`` three sample families."""
        sdir = StationDir(resolve_data_dir(data_dir))
        ident, store = provision_station(sdir, demo, keyring_backend)
        with store.transaction() as tx:
            store.audit(tx, "station.provisioned" + (":demo" if demo else ""), "admin")
        station = cls(sdir, ident, store, Auth(store), keyring_backend)
        if demo:
            from kiosk.demo import DEMO_CLIENT_SECRET, seed_demo
            from kiosk.keys.seal_key import create_demo_seal
            from kiosk.keys.service_credentials import ServiceCredentials

            create_demo_seal(KeyStore(ident.station_id, keyring_backend), station.config.name)
            # The local sandbox's public demo secret, so a demo station sends to it at once.
            ServiceCredentials(ident.station_id, keyring_backend).set_client_secret(
                DEMO_CLIENT_SECRET)

            counsellor = station.auth.enrol(DEMO_COUNSELLOR, DEMO_PIN, actor="admin")
            if sample_cases:
                seed_demo(station, f"counsellor:{counsellor.id}")
        log.info("station %s provisioned (demo=%s)", ident.station_id, demo)
        return station

    @classmethod
    def open_or_provision_demo(
        cls, data_dir: str | os.PathLike[str] | None = None, keyring_backend: Any = None
    ) -> Station:
        """`make run`: open the demo station, provisioning it only into an empty data dir."""
        try:
            return cls.open(data_dir, keyring_backend)
        except NotProvisioned:
            return cls.provision(data_dir, demo=True, keyring_backend=keyring_backend,
                                 sample_cases=True)

    # --- what the station works with (read once, on first use) ----------------------------
    @cached_property
    def config(self) -> StationConfig:
        """The station configuration (offices, destinations, languages, idle minutes …)."""
        return load_config(self.dir.path)

    @cached_property
    def forms(self) -> FormCatalog:
        """Every benefit form, checked; a broken form file raises ``FormError``."""
        from kiosk.forms import load_catalog

        return load_catalog()

    @cached_property
    def eligibility_rules(self) -> Rules:
        """The eligibility rules and rates, read and checked once (re-reading the YAML files
        for every overview cost ~10 ms of a 5 ms budget: tests/benchmarks/test_bench_visit.py)."""
        from kiosk.eligibility import load_rules

        return load_rules(self.forms.resources)

    @cached_property
    def intake(self) -> Intake:
        """The household intake description (one topic per screen)."""
        from kiosk.forms import load_intake

        return load_intake()

    def visit(self, actor: str) -> Visit:
        """The visit operations for one counsellor (``actor``), over this station."""
        from kiosk.visit import Visit

        return Visit(self, actor)

    def close(self) -> None:
        self.store.close()


__all__ = ["DEMO_COUNSELLOR", "DEMO_PIN", "KioskError", "Station"]
