"""Child process for the sending kill tests: opens the station (its keyring secrets come on
standard input, held in memory) and sends in a loop until it is killed or nothing is left:
``python -m tests.reliability.sync_child DATA SECRET claims|followups``."""

from __future__ import annotations

import json
import sys

from kiosk.app import Station
from kiosk.store import outbox as ob
from kiosk.sync.sender import Sender
from tests.config_trust import trust_test_key
from tests.conftest import MemoryKeyring


def main() -> None:
    trust_test_key()  # the test configuration is signed with the test key
    data_dir, secret, what = sys.argv[1], sys.argv[2], sys.argv[3]
    kr = MemoryKeyring()
    for service, user, value in json.loads(sys.stdin.readline()):
        kr.set_password(service, user, value)
    station = Station.open(data_dir, keyring_backend=kr)
    sender = Sender(station.store, station.config, lambda: secret,
                    lambda cid: b"%PDF-1.7 " + cid.encode(), sleep=lambda s: None)
    table = "outbox" if what == "claims" else "outbox_followups"
    print("ready", flush=True)
    while (station.store.outbox.entries(ob.TO_SEND + ob.AWAITING_RECEIPT)
           if what == "claims" else sender.followups.busy()):
        sender.run_once()
        with station.store.transaction() as tx:  # no real-time back-off in this test
            tx.execute(f"UPDATE {table} SET next_attempt_at = 0")  # noqa: S608 - fixed names
    print("done", flush=True)
    station.close()


if __name__ == "__main__":
    main()
