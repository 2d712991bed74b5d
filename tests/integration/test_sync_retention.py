"""Retention: the personal data of claims the office accepted goes after retention_days, and
nothing else; afterwards a canary scan of every table finds none of it (sandbox on loopback)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.signature.recorded import recorded_signature
from kiosk.sync.retention import purge
from kiosk.sync.sender import Sender
from tests import households


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
        sandbox_station):
    from sandbox.config import DEMO_CLIENT_SECRET

    store = sandbox_station.store
    # A documents table as the documents work adds one (sealed PDF per claim).
    with store.transaction() as tx:
        tx.execute("CREATE TABLE IF NOT EXISTS claim_pdfs (claim_id TEXT PRIMARY KEY, pdf BLOB)")
    old_case, old_claim = _visit_claim(sandbox_station, "OLDQX")
    _new_case, new_claim = _visit_claim(sandbox_station, "NEWQX")
    pdfs = {old_claim: b"%PDF OLDQXPDF", new_claim: b"%PDF NEWQXPDF"}
    with store.transaction() as tx:
        for cid, pdf in pdfs.items():
            tx.execute("INSERT INTO claim_pdfs VALUES (?, ?)", (cid, pdf))
    sender = Sender(store, sandbox_station.config, lambda: DEMO_CLIENT_SECRET, pdfs.get)
    sender.run_until_idle(max_seconds=60)
    assert store.claims.get_claim(old_claim).state == "accepted"
    assert store.claims.get_claim(new_claim).state == "accepted"
    _waiting_case, waiting_claim = _visit_claim(sandbox_station, "WAITQX")  # not sent yet
    # The first was accepted 31 days ago, the second today.
    long_ago = (datetime.now(UTC) - timedelta(days=31)).isoformat(timespec="microseconds")
    with store.transaction() as tx:
        tx.execute("UPDATE outbox SET accepted_at = ? WHERE claim_id = ?", (long_ago, old_claim))
    before = _everything(store)
    assert all(c in before for c in ("OLDQX", "NEWQX", "WAITQX"))

    listed = purge(store, 30, dry_run=True)
    assert [i.claim_id for i in listed] == [old_claim]
    assert _everything(store) == before  # a dry run changes nothing

    done = purge(store, 30, actor="admin")
    assert [(i.claim_id, i.household_deleted) for i in done] == [(old_claim, True)]
    after = _everything(store)
    assert "OLDQX" not in after  # household, names, IBAN, strokes, PDF: all gone
    assert after.count("NEWQX") == before.count("NEWQX")  # the rest untouched
    assert after.count("WAITQX") == before.count("WAITQX")
    # What stays is non-personal: the case in the list, its claim's state and hash.
    claim = store.claims.get_claim(old_claim)
    assert claim.state == "accepted" and claim.sha256 and claim.canonical is None
    assert store.claims.get_signature(old_claim) is None
    page = store.cases.page_cases(None, "accepted", None, 50, 0)
    assert old_case in [c.id for c in page.cases]
    events = [e["event"] for e in store.audit_events(old_case)]
    assert "claim.personal_data_deleted" in events and "case.personal_data_deleted" in events
    assert store.verify_audit()[1] == []
    assert store.claims.get_claim(waiting_claim).state == "queued"
    assert purge(store, 30) == []  # once is enough
