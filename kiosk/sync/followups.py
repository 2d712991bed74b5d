"""Sending follow-ups (Nachreichungen): documents handed in after their claim left go to the
office as a new submission in the claim's FIT-Connect case, step by step like a claim.

A follow-up waits until its claim's submission is at the service (submitted or accepted),
then: announce in the claim's case (``caseId``), upload each document (each committed),
``submitting``, submit, and after a crash between submit and recording, the case's events
decide — never a second submit. A follow-up of a withdrawn or superseded claim is not sent;
one of a claim the office rejected waits for the counsellor. The claim's own state is never
changed here: receipts are matched by the follow-up's own submission id.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import jsonschema

from kiosk.errors import InvalidInput
from kiosk.store import outbox as ob
from kiosk.store import states
from kiosk.store.followups import Followup
from kiosk.store.outbox import Attachment
from kiosk.sync import jwe, receipts
from kiosk.sync.errors import Permanent, SyncError, Transient
from kiosk.sync.labels import AWAITING_DE
from kiosk.sync.metadata import LEIKA_URN, build_followup_metadata, sha512_hex
from kiosk.sync.transport import backoff

if TYPE_CHECKING:
    from kiosk.sync.sender import RunReport, Sender

log = logging.getLogger(__name__)



#: The claim's own submission is at the service: a follow-up may join its case.
ORIGINAL_ARRIVED = (ob.SUBMITTED, ob.ACCEPTED)
REJECTED_ORIGINAL = ("Die Stelle hat den Antrag abgelehnt; die Nachreichung wurde nicht "
                     "gesendet. Bitte die Nachweise direkt bei der Stelle einreichen.")


@dataclass
class FollowupReport:
    id: str
    claim_id: str
    state: str  # the follow-up's state after this run
    detail: str = ""  # German, plain words, no personal data


class FollowupSender:
    """The follow-up half of a :class:`~kiosk.sync.sender.Sender` run."""

    def __init__(self, sender: Sender) -> None:
        self.sender = sender
        self.repo = sender.outbox.followups

    # --- what a run does --------------------------------------------------------------------
    def busy(self) -> bool:
        """Whether a follow-up can move now (not merely waiting for its claim)."""
        if self.repo.entries(ob.AWAITING_RECEIPT + (ob.ANNOUNCED, ob.SUBMITTING)):
            return True
        return any(self._gate(f) != "wait" for f in self.repo.entries((ob.QUEUED,)))

    def send_due(self, report: RunReport) -> None:
        for followup in self.repo.entries(ob.TO_SEND, due_before=time.time()):
            report.followups.append(self._send(followup, report))
            if report.online is False:
                return

    def read_receipts(self, report: RunReport) -> None:
        waiting: list[tuple[str, str]] = []
        for followup in self.repo.entries(ob.AWAITING_RECEIPT, due_before=time.time()):
            followup_report = self._receipt(followup, report)
            report.followups.append(followup_report)
            if followup_report.detail == AWAITING_DE:  # asked, no decision yet
                waiting.append((followup.id, followup.updated_at))
            if report.online is False:
                break
        ob.schedule_receipt_checks(self.sender.store, "outbox_followups", "id", waiting)

    # --- one follow-up ----------------------------------------------------------------------
    def _gate(self, followup: Followup) -> str:
        """For a queued follow-up: ``go``, ``wait`` (its claim is not at the office yet),
        ``cancel`` (the claim was withdrawn or superseded) or ``rejected``."""
        claim_state = self.sender.outbox.claim_state(followup.claim_id)
        if claim_state in (states.WITHDRAWN, states.SUPERSEDED):
            return "cancel"
        original = self.sender.outbox.get(followup.claim_id)
        if original.state == ob.CANCELLED:
            return "cancel"
        if original.state == ob.REJECTED:
            return "rejected"
        return "go" if original.state in ORIGINAL_ARRIVED else "wait"

    def _send(self, followup: Followup, report: RunReport) -> FollowupReport:
        fid, cid = followup.id, followup.claim_id
        if followup.state == ob.QUEUED:
            gate = self._gate(followup)
            if gate == "cancel":
                self.repo.cancel(fid, "claim withdrawn")
                return FollowupReport(fid, cid, ob.CANCELLED,
                                      "Antrag zurückgezogen – Nachreichung nicht gesendet.")
            if gate == "rejected":
                self.repo.needs_attention(fid, REJECTED_ORIGINAL)
                return FollowupReport(fid, cid, ob.NEEDS_ATTENTION, REJECTED_ORIGINAL)
            if gate == "wait":
                return FollowupReport(fid, cid, ob.QUEUED,
                                      "Wartet, bis der Antrag bei der Stelle ist.")
        try:
            self._advance(followup)
            report.online = True
            if self.repo.get(fid).state == ob.CANCELLED:  # its documents were all removed
                return FollowupReport(fid, cid, ob.CANCELLED,
                                      "Keine Nachweise mehr – Nachreichung nicht gesendet.")
            return FollowupReport(fid, cid, ob.SUBMITTED,
                                  "Nachreichung an die Stelle übermittelt.")
        except InvalidInput as exc:  # cancelled while it was announced (documents removed)
            log.info("follow-up %s changed while sending: %s", fid, exc)
            report.online = True
            return FollowupReport(fid, cid, self.repo.get(fid).state, exc.user_message)
        except Transient as exc:
            if exc.offline:
                self.sender._offline(report, exc)
            else:
                report.online = True
            delay = max(exc.retry_after or 0.0, backoff(followup.attempts, 0.5, 300.0))
            self.repo.retry_later(fid, str(exc), delay)
            log.info("follow-up %s: will retry in %.1f s (%s)", fid, delay, exc)
            return FollowupReport(fid, cid, self.repo.get(fid).state, exc.user_message)
        except (Permanent, jsonschema.ValidationError) as exc:
            message = exc.user_message if isinstance(exc, SyncError) else (
                "Die Angaben zum Versand passen nicht zum FIT-Connect-Schema. Bitte die "
                "IT-Betreuung verständigen.")
            log.warning("follow-up %s needs attention: %s", fid,
                        exc if isinstance(exc, SyncError) else "metadata schema")
            self.repo.needs_attention(fid, message)
            report.online = True
            return FollowupReport(fid, cid, ob.NEEDS_ATTENTION, message)

    def _advance(self, followup: Followup) -> None:
        for _ in range(4):  # at most: restart, announce, upload+submit, resolve
            if followup.state == ob.QUEUED:
                self._announce(followup)
            elif followup.state == ob.ANNOUNCED:
                self._upload_and_submit(followup)
            elif followup.state == ob.SUBMITTING:
                self._resolve_submitting(followup)
            else:
                return
            followup = self.repo.get(followup.id)
        raise Transient("follow-up did not settle in one run", "Versand wird fortgesetzt.")

    def _announce(self, followup: Followup) -> None:
        from kiosk.sync.sender import _document_filename

        original = self.sender.outbox.get(followup.claim_id)
        assert original.fc_case_id is not None
        key = self.sender.destinations.key(original.destination_id)
        attachments = [
            Attachment(str(uuid.uuid4()), "attachment", sha512_hex(data), mime,
                       _document_filename(document_id, mime), source=source)
            for source, document_id, mime, data in
            self.sender.store.attachments.for_followup(followup.id)]
        if not attachments:
            self.repo.cancel(followup.id, "no documents")
            return
        benefit = self.sender.store.claims.get_claim(followup.claim_id).benefit
        sub_id, case_id = self.sender.api.create_submission(
            original.destination_id, LEIKA_URN + original.leika, benefit,
            [a.id for a in attachments], case_id=original.fc_case_id)
        try:
            self.repo.announced(followup.id, original.destination_id, sub_id, case_id,
                                key.kid, attachments)
        except ob.DocumentsChanged as exc:  # the service's half-built submission is dropped
            raise Transient(str(exc), exc.user_message, retry_after=0.0) from None

    def _current_key(self, followup: Followup, refresh: bool = False) -> object | None:
        key = self.sender.destinations.key(followup.destination_id, refresh=refresh)
        if key.kid != followup.encryption_kid:
            log.info("follow-up %s: destination key changed; re-encrypting", followup.id)
            self.repo.restart(followup.id, "Schlüssel der Stelle erneuert")
            return None
        return key

    def _upload_and_submit(self, followup: Followup) -> None:
        key = self._current_key(followup)
        if key is None:
            return
        assert followup.submission_id is not None
        fid = followup.id
        kid, pub = key.kid, jwe.public_key(key.jwk)  # type: ignore[attr-defined]
        original = self.sender.outbox.get(followup.claim_id)
        assert original.submission_id is not None
        try:
            metadata = build_followup_metadata(
                leika=followup.leika,
                service_name=self.sender.store.claims.get_claim(followup.claim_id).benefit,
                attachments=followup.attachments, claim_id=followup.claim_id,
                original_submission_id=original.submission_id,
                audit_head=self.sender._audit_head())
            from kiosk.sync.sender import _json_bytes

            meta_jwe = jwe.encrypt(_json_bytes(metadata), pub, kid, "application/json")
            todo = [a for a in followup.attachments if not a.uploaded]
            payloads = {sha512_hex(data): data for _s, _d, _m, data in
                        self.sender.store.attachments.for_followup(fid)} if todo else {}
            for i, att in enumerate(todo):
                content = payloads.get(att.sha512)
                if content is None:
                    raise Permanent("a document of the follow-up vanished after announcing",
                                    "Ein Nachweis dieser Nachreichung fehlt; bitte prüfen.")
                token = jwe.encrypt(content, pub, kid, att.mime_type)
                self.sender.api.upload_attachment(followup.submission_id, att.id, token)
                self.repo.attachment_uploaded(fid, att.id, then_submitting=i == len(todo) - 1)
        except Permanent as exc:
            if exc.status in (400, 409, 422) and \
                    self._current_key(followup, refresh=True) is None:
                return
            raise
        if not todo:
            self.repo.submitting(fid)
        try:
            self.sender.api.submit(followup.submission_id, meta_jwe, None)
        except Permanent as exc:
            if exc.status in (409, 422):  # perhaps submitted already (an answer was lost)
                self._resolve_submitting(self.repo.get(fid), conflict=exc)
                return
            raise
        self.repo.submitted(fid)

    def _resolve_submitting(self, followup: Followup, conflict: Permanent | None = None
                            ) -> None:
        """The submit call was made but its answer not recorded: the case's events decide."""
        from kiosk.sync.sender import RunReport

        for event in self.sender._events(followup, RunReport()):
            if event.submission_id == followup.submission_id and event.name in (
                    receipts.SUBMIT, receipts.ACCEPT, receipts.REJECT):
                self.repo.submitted(followup.id)
                return
        if conflict is not None:
            raise conflict
        self.repo.back_to_announced(followup.id)

    def _receipt(self, followup: Followup, report: RunReport) -> FollowupReport:
        fid, cid = followup.id, followup.claim_id
        waiting = FollowupReport(fid, cid, followup.state, AWAITING_DE)
        try:
            events = self.sender._events(followup, report)
        except Transient as exc:
            if exc.offline:
                self.sender._offline(report, exc)
            return FollowupReport(fid, cid, followup.state, exc.user_message)
        except Permanent as exc:
            return FollowupReport(fid, cid, followup.state, exc.user_message)
        report.online = True
        for event in events:
            if event.submission_id != followup.submission_id:
                continue
            if event.name == receipts.ACCEPT:
                self.repo.accepted(fid)
                return FollowupReport(fid, cid, ob.ACCEPTED,
                                      "Nachreichung von der Stelle bestätigt.")
            if event.name == receipts.REJECT:
                reason = receipts.rejection_reason(event)
                self.repo.rejected(fid, reason)
                return FollowupReport(fid, cid, ob.REJECTED, reason)
        return waiting
