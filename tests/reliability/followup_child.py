"""Child process for the follow-up kill test: opens the station (keyring secrets on standard
input, held in memory) and sends follow-ups in a loop until it is killed or all are done."""

from __future__ import annotations

import json
import sys

from kiosk.app import Station
from kiosk.sync.sender import Sender
from tests.config_trust import trust_test_key
from tests.conftest import MemoryKeyring


def main() -> None:
    trust_test_key()  # the test configuration is signed with the test key
    data_dir, secret = sys.argv[1], sys.argv[2]
    kr = MemoryKeyring()
    for service, user, value in json.loads(sys.stdin.readline()):
        kr.set_password(service, user, value)
    station = Station.open(data_dir, keyring_backend=kr)
    sender = Sender(station.store, station.config, lambda: secret,
                    lambda cid: b"%PDF-1.7 " + cid.encode(), sleep=lambda s: None)
    print("ready", flush=True)
    while sender.followups.busy():
        sender.run_once()
        with station.store.transaction() as tx:  # no real-time back-off in this test
            tx.execute("UPDATE outbox_followups SET next_attempt_at = 0")
    print("done", flush=True)
    station.close()


if __name__ == "__main__":
    main()
