"""Retention: the personal data of claims the office accepted goes after retention_days, and
nothing else; afterwards a canary scan of every table finds none of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.signature.recorded import recorded_signature
from kiosk.sync.retention import purge
from tests import households
from tests.integration.fake_fit_connect import CLIENT_SECRET
from tests.integration.sync_support import make_sender


def _visit_claim(station: Any, canary: str) -> tuple[str, str]:
    visit = station.visit("counsellor:1")
    case_id = visit.create_case(households.with_canaries(households.load(), canary))
    claim_id = visit.add_claim(case_id, "kindergeld")
    visit.sign(claim_id, recorded_signature(1), visit.summary(claim_id, "de").sha256)
    return case_id, claim_id


def _everything(store: Any) -> str:
    """Every value of every table, decrypted (what a thief with the key would see)."""
    out = []
    for (table,) in store.read("SELECT name FROM sqlite_master WHERE type = 'table'"):
        out += [repr(row) for row in store.read(f"SELECT * FROM {table}")]
    return "\n".join(out)


def test_purge_deletes_personal_data_of_accepted_claims_after_retention_and_nothing_else(
        sending_station, fake):
    store = sending_station.store
    # A documents table as the documents work adds one (sealed PDF per claim).
    with store.transaction() as tx:
        tx.execute("CREATE TABLE IF NOT EXISTS claim_pdfs (claim_id TEXT PRIMARY KEY, pdf BLOB)")
    old_case, old_claim = _visit_claim(sending_station, "OLDQX")
    new_case, new_claim = _visit_claim(sending_station, "NEWQX")
    rej_case, rej_claim = _visit_claim(sending_station, "REJQX")
    with store.transaction() as tx:
        for cid, tag in ((old_claim, "OLDQX"), (new_claim, "NEWQX"), (rej_claim, "REJQX")):
            tx.execute("INSERT INTO claim_pdfs VALUES (?, ?)", (cid, f"%PDF {tag}PDF".encode()))
    sender = make_sender(sending_station, CLIENT_SECRET)
    sender.run_until_idle(max_seconds=30)  # all three accepted …
    fake.answer = "reject"
    # … except the third, which the office rejects (sent again as a fresh station's claim):
    with store.transaction() as tx:
        tx.execute("UPDATE outbox SET state = 'submitted', accepted_at = NULL "
                   "WHERE claim_id = ?", (rej_claim,))
        tx.execute("UPDATE claims SET state = 'sent' WHERE id = ?", (rej_claim,))
    sub = fake.submissions[store.outbox.get(rej_claim).submission_id]
    fake.events[sub.case_id][1:] = [fake.event(sub, "reject-submission", {"problems": []})]
    sender.run_once()
    assert store.claims.get_claim(rej_claim).state == "rejected"
    assert store.claims.get_claim(old_claim).state == "accepted"
    assert store.claims.get_claim(new_claim).state == "accepted"
    # The first was accepted 31 days ago, the second today.
    long_ago = (datetime.now(UTC) - timedelta(days=31)).isoformat(timespec="microseconds")
    with store.transaction() as tx:
        tx.execute("UPDATE outbox SET accepted_at = ? WHERE claim_id = ?", (long_ago, old_claim))
    before = _everything(store)
    assert "OLDQX" in before and "NEWQX" in before and "REJQX" in before

    listed = purge(store, 30, dry_run=True)
    assert [i.claim_id for i in listed] == [old_claim]
    assert _everything(store) == before  # a dry run changes nothing

    done = purge(store, 30, actor="admin")
    assert [(i.claim_id, i.household_deleted) for i in done] == [(old_claim, True)]
    after = _everything(store)
    assert "OLDQX" not in after  # household, names, IBAN, strokes, PDF: all gone
    assert after.count("NEWQX") == before.count("NEWQX")  # the rest untouched
    assert after.count("REJQX") == before.count("REJQX")
    # What stays is non-personal: the case in the list, its claim's state and hash.
    claim = store.claims.get_claim(old_claim)
    assert claim.state == "accepted" and claim.sha256 and claim.canonical is None
    assert store.claims.get_signature(old_claim) is None
    page = store.cases.page_cases(None, "accepted", None, 50, 0)
    assert old_case in [c.id for c in page.cases]
    events = [e["event"] for e in store.audit_events(old_case)]
    assert "claim.personal_data_deleted" in events and "case.personal_data_deleted" in events
    assert store.verify_audit()[1] == []
    assert purge(store, 30) == []  # once is enough
