"""Child process for the crash test: saves household cases in a loop until it is killed.

After each save has *returned* it prints "<case id> <index>" — the parent kills it at a
random moment and then checks that every printed case is in the store, whole.
"""

from __future__ import annotations

import sys

from kiosk.store import Store
from tests.reliability.crash_household import expected_household


def main() -> None:
    db_path, start = sys.argv[1], int(sys.argv[2])
    key = bytes.fromhex(sys.stdin.readline().strip())
    store = Store.open(db_path, key)
    print("ready", flush=True)
    i = start
    while True:
        case_id = store.cases.create_case("counsellor:1", expected_household(i))
        store.claims.add_claim(case_id, "kindergeld", "1", None, "counsellor:1")
        print(case_id, i, flush=True)
        i += 1


if __name__ == "__main__":
    main()
