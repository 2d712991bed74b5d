"""Which submission a supporting document goes with: with its claim until the claim's
submission is announced, after that as a follow-up (Nachreichung) — also when it was
attached while the sender was announcing — and the follow-up's metadata (schema 1.0.0)."""

from __future__ import annotations

import hashlib
from typing import Any

import jsonschema
import pytest

from kiosk.errors import InvalidInput
from kiosk.store import outbox as ob
from kiosk.store.outbox import Attachment
from kiosk.sync.metadata import build_followup_metadata, sha512_hex
from tests.sync_support import ACTOR, signed_claims


def _add(store: Any, claim_id: str, data: bytes) -> str:
    case_id = store.claims.get_claim(claim_id).case_id
    with store.transaction() as tx:
        attachment_id = store.attachments.add(tx, claim_id, "id_card", "image/png", data,
                                              ACTOR, case_id)
        store.outbox.followups.route_document(tx, claim_id, attachment_id, ACTOR)
    return attachment_id


def _sent_in(store: Any, attachment_id: str) -> str | None:
    (row,) = store.read("SELECT sent_in FROM claim_attachments WHERE id = ?", (attachment_id,))
    return row[0]


def _announce(store: Any, claim_id: str, sources: list[str]) -> None:
    atts = [Attachment(f"00000000-0000-4000-8000-{i:012d}", "attachment", "0" * 128,
                       "image/png", source=s) for i, s in enumerate(sources)]
    store.outbox.announced(claim_id, "dest", "sub-1", "case-1", "kid", atts)


@pytest.fixture
def claim(station: Any) -> str:
    (claim_id,) = signed_claims(station, 1)
    return claim_id


def test_a_document_added_before_announcing_goes_with_the_claim(station, claim):
    store = station.store
    first = _add(store, claim, b"first")
    assert _sent_in(store, first) is None
    assert [s for s, *_ in store.attachments.for_claim_submission(claim)] == [first]
    _announce(store, claim, [first])
    assert _sent_in(store, first) == claim
    assert store.outbox.followups.of_claim(claim) == []


def test_a_document_attached_while_the_sender_announced_becomes_a_follow_up(station, claim):
    """Read by the sender before it was attached, committed before the announce: it is not
    in the announced submission, so it follows — in the announce's own transaction."""
    store = station.store
    early, late = _add(store, claim, b"early"), _add(store, claim, b"late")
    _announce(store, claim, [early])
    (followup,) = store.outbox.followups.of_claim(claim)
    assert followup.state == ob.QUEUED
    assert (_sent_in(store, early), _sent_in(store, late)) == (claim, followup.id)
    assert [s for s, *_ in store.attachments.for_claim_submission(claim)] == [early]
    assert [s for s, *_ in store.attachments.for_followup(followup.id)] == [late]


def test_later_documents_join_the_queued_follow_up_never_an_announced_one(station, claim):
    store = station.store
    _announce(store, claim, [])
    one, two = _add(store, claim, b"one"), _add(store, claim, b"two")
    (followup,) = store.outbox.followups.of_claim(claim)
    assert _sent_in(store, one) == _sent_in(store, two) == followup.id
    # Announced with "one" only ("two" came after the sender read the documents).
    store.outbox.followups.announced(
        followup.id, "dest", "sub-2", "case-1", "kid",
        [Attachment("00000000-0000-4000-8000-000000000009", "attachment", "0" * 128,
                    "image/png", source=one)])
    three = _add(store, claim, b"three")
    first, second = store.outbox.followups.of_claim(claim)
    assert first.id == followup.id and first.state == ob.ANNOUNCED
    assert second.state == ob.QUEUED
    assert _sent_in(store, two) == _sent_in(store, three) == second.id
    # The claim's own state is not the follow-ups' business.
    assert store.claims.get_claim(claim).state == "sending"


def test_removing_documents(station, claim):
    store = station.store
    visit = station.visit(ACTOR)
    sent = _add(store, claim, b"with the claim")
    _announce(store, claim, [sent])
    with pytest.raises(InvalidInput, match="on its way"):
        visit.remove_attachment(sent)
    queued = _add(store, claim, b"follow-up")
    (followup,) = store.outbox.followups.of_claim(claim)
    visit.remove_attachment(queued)  # not announced yet: may go; the empty follow-up too
    assert store.outbox.followups.get(followup.id).state == ob.CANCELLED


def test_follow_up_metadata_names_the_original_and_carries_only_documents():
    doc = b"%PDF-1.7 scan"
    att = Attachment("00000000-0000-4000-8000-000000000001", "attachment", sha512_hex(doc),
                     "application/pdf", "id_card.pdf")
    meta = build_followup_metadata(
        leika="99000000000104", service_name="wohngeld", attachments=[att],
        claim_id="claim-1", original_submission_id="00000000-0000-4000-8000-0000000000aa",
        audit_head=None)
    assert "data" not in meta["contentStructure"]
    (only,) = meta["contentStructure"]["attachments"]
    assert only["purpose"] == "attachment"
    assert only["hash"]["content"] == hashlib.sha512(doc).hexdigest()
    assert meta["additionalReferenceInfo"] == {
        "senderReference": "claim-1", "followUpOf": "00000000-0000-4000-8000-0000000000aa"}
    att.sha512 = "not-hex"
    with pytest.raises(jsonschema.ValidationError):
        build_followup_metadata(leika="99000000000104", service_name="wohngeld",
                                attachments=[att], claim_id="c", original_submission_id="s",
                                audit_head=None)


def test_v9_marks_the_documents_of_announced_claims_as_sent_with_them(tmp_path):
    """A station upgraded with claims in flight: their documents went with them (the announce
    read them all); a queued claim's document is still open and will go with it."""
    import os

    from kiosk.store import Store
    from kiosk.store.connection import open_encrypted
    from kiosk.store.migrations import LATEST, migrate

    key, path = os.urandom(32), tmp_path / "v8.db"
    conn = open_encrypted(path, key, create=True)
    migrate(conn, target=8)
    conn.execute("INSERT INTO cases (id, visit_date, state, created_by, created_at, "
                 "updated_at) VALUES ('c1', '2026-01-05', 'sent', 'x', 't', 't')")
    for claim, sub in (("announced", "sub-1"), ("waiting", None)):
        conn.execute("INSERT INTO claims (id, case_id, benefit, form_version, state, "
                     "created_at, updated_at) VALUES (?, 'c1', 'wohngeld', '1', 'sent', 't', "
                     "'t')", (claim,))
        conn.execute("INSERT INTO outbox (claim_id, case_id, office, destination_id, leika, "
                     "state, submission_id, queued_at, updated_at) VALUES (?, 'c1', 'o', 'd', "
                     "'l', 'submitted', ?, 't', 't')", (claim, sub))
        conn.execute("INSERT INTO claim_attachments (id, claim_id, document_id, mime, data, "
                     "size, sha256, created_at, created_by) VALUES (?, ?, 'id_card', "
                     "'image/png', x'00', 1, 'h', 't', 'x')", ("doc-" + claim, claim))
    conn.close()
    store = Store.open(path, key)
    try:
        assert store.schema_version == LATEST
        assert _sent_in(store, "doc-announced") == "announced"
        assert _sent_in(store, "doc-waiting") is None
        assert store.outbox.followups.entries() == []
    finally:
        store.close()


def test_the_sending_panel_and_the_status_bar_count_a_follow_up(station, claim):
    from kiosk.sync.status import sending_status
    from kiosk.visit.sending import sending_overview

    store = station.store
    _announce(store, claim, [])
    store.outbox.submitted(claim)
    before = sending_status(store).waiting
    _add(store, claim, b"later")
    (followup,) = store.outbox.followups.of_claim(claim)
    assert sending_status(store).waiting == before + 1
    rows = {r.item_id: r for r in sending_overview(station).rows}
    row = rows[followup.id]
    assert row.claim_id == claim and row.benefit.endswith("– Nachreichung")
    assert row.case_id == rows[claim].case_id and (row.steps_done, row.state) == (0, "queued")
    store.outbox.followups.needs_attention(followup.id, "Bitte prüfen.")
    again = station.visit(ACTOR).retry_sending(followup.id)
    assert again is not None and again.item_id == followup.id and again.state == "queued"


def _rows_as_announced(rows: list[Any]) -> list[Attachment]:
    return [Attachment(f"00000000-0000-4000-8000-{i:012d}", "attachment", sha512_hex(data),
                       "image/png", source=source)
            for i, (source, _doc, _mime, data) in enumerate(rows)]


def _remove_document(store: Any, claim_id: str, attachment_id: str) -> None:
    case_id = store.claims.get_claim(claim_id).case_id
    with store.transaction() as tx:
        store.outbox.followups.check_removable(tx, attachment_id)
        store.attachments.remove(tx, attachment_id, ACTOR, case_id)


def test_a_document_removed_while_announcing_makes_the_announce_start_again(station, claim):
    """Read by the sender, removed by the counsellor before the announce was recorded: the
    announce is not recorded (it would name a document that is gone, and every upload
    would fail for good); the claim stays queued and is announced again from what is there."""
    store = station.store
    keep, gone = _add(store, claim, b"keep"), _add(store, claim, b"gone")
    read = store.attachments.for_claim_submission(claim)
    _remove_document(store, claim, gone)
    with pytest.raises(ob.DocumentsChanged) as changed:
        store.outbox.announced(claim, "dest", "sub-1", "case-1", "kid",
                               _rows_as_announced(read))
    assert "neu angemeldet" in changed.value.user_message
    assert store.outbox.get(claim).state == ob.QUEUED and _sent_in(store, keep) is None
    again = store.attachments.for_claim_submission(claim)
    store.outbox.announced(claim, "dest", "sub-2", "case-1", "kid", _rows_as_announced(again))
    assert [a.source for a in store.outbox.get(claim).attachments] == [keep]


def test_a_follow_up_whose_document_was_removed_while_announcing_is_not_recorded(station,
                                                                                  claim):
    store = station.store
    _announce(store, claim, [])
    first, second = _add(store, claim, b"first"), _add(store, claim, b"second")
    (followup,) = store.outbox.followups.of_claim(claim)
    read = store.attachments.for_followup(followup.id)
    _remove_document(store, claim, second)
    with pytest.raises(ob.DocumentsChanged):
        store.outbox.followups.announced(followup.id, "dest", "sub-2", "case-1", "kid",
                                         _rows_as_announced(read))
    assert store.outbox.followups.get(followup.id).state == ob.QUEUED
    assert [s for s, *_ in store.attachments.for_followup(followup.id)] == [first]


def test_a_follow_up_that_needs_help_is_discarded_from_the_command_line(station, claim, cli):
    store = station.store
    _announce(store, claim, [])
    store.outbox.submitted(claim)
    _add(store, claim, b"late")
    (followup,) = store.outbox.followups.of_claim(claim)
    code, _out, err = cli("sync", "discard", followup.id)  # still queued: not this way
    assert code != 0 and "Versandstatus" in err
    store.outbox.followups.needs_attention(followup.id, "Bitte prüfen.")
    code, out, err = cli("sync", "discard", followup.id)
    assert code == 0, err
    assert followup.id in out and "verworfen" in out
    assert store.outbox.followups.get(followup.id).state == ob.CANCELLED
    events = [e for (e,) in store.read("SELECT event FROM audit ORDER BY seq")]
    assert events[-1] == "claim.followup_discarded"


def test_sync_retry_takes_a_claim_or_a_follow_up_by_its_id(station, claim, cli):
    store = station.store
    _announce(store, claim, [])
    store.outbox.submitted(claim)
    _add(store, claim, b"late")
    (followup,) = store.outbox.followups.of_claim(claim)
    store.outbox.followups.needs_attention(followup.id, "Bitte prüfen.")
    code, out, err = cli("sync", "retry", followup.id)
    assert code == 0, err
    assert out.strip() == f"{followup.id}  Wartet auf Versand"
    store.outbox.needs_attention(claim, "Bitte prüfen.")
    code, out, err = cli("sync", "retry", claim)
    assert code == 0, err
    assert out.strip() == f"{claim}  Übermittelt, wartet auf Bestätigung"  # only asked
