"""Child process for the WAL-loss test: a station creating cases until it is SIGKILLed.

Reads the station's keyring entries as JSON from stdin (an in-memory keyring, test only),
prints "ready", then "<case id>" after each case has been saved.
"""

from __future__ import annotations

import json
import sys

from kiosk.app import Station
from tests.conftest import MemoryKeyring


def main() -> None:
    kr = MemoryKeyring()
    for service, user, secret in json.loads(sys.stdin.readline()):
        kr.set_password(service, user, secret)
    station = Station.open(sys.argv[1], keyring_backend=kr)
    print("ready", flush=True)
    while True:
        print(station.store.cases.create_case("counsellor:1", {}), flush=True)


if __name__ == "__main__":
    main()
