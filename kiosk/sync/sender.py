"""The outbox worker: moves each queued claim through the FIT-Connect steps, one committed
step per network call, and reads the offices' receipts.

A crash or a dead network at any point resumes from the last committed step. After the
submit call the row says ``submitting`` until the answer is recorded; a resumed row in that
state asks the case's event log whether the submission arrived, and submits (the same
submission, never a new one) only if it did not.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import jsonschema

from kiosk.config import StationConfig
from kiosk.store import outbox as ob
from kiosk.store.outbox import Attachment, OutboxEntry
from kiosk.sync import jwe, receipts
from kiosk.sync.api import FitConnectApi
from kiosk.sync.destinations import Destinations
from kiosk.sync.errors import NotConfigured, Permanent, SyncError, Transient
from kiosk.sync.followups import FollowupReport, FollowupSender
from kiosk.sync.labels import AWAITING_DE
from kiosk.sync.metadata import LEIKA_URN, build_metadata, sha512_hex
from kiosk.sync.oauth import TokenSource
from kiosk.sync.transport import Transport, backoff

if TYPE_CHECKING:
    from kiosk.store.database import Store

log = logging.getLogger(__name__)

DocumentSource = Callable[[str], bytes | None]
CONNECTION_KEY = "connection"


def store_documents(store: Store) -> DocumentSource:
    """The claim PDF kept with the claim (``None`` where there is none)."""

    def get(claim_id: str) -> bytes | None:
        doc = store.documents.get(claim_id)
        return bytes(doc.pdf) if doc is not None else None

    return get


#: How long a claim whose PDF still waits for the station's seal waits between looks.
SEAL_WAIT_S = 300.0


@dataclass
class ClaimReport:
    claim_id: str
    state: str  # the outbox state after this run
    detail: str = ""  # German, plain words, no personal data


@dataclass
class RunReport:
    online: bool | None = None
    claims: list[ClaimReport] = field(default_factory=list)
    #: Documents handed in after their claim left (Nachreichungen), by follow-up id.
    followups: list[FollowupReport] = field(default_factory=list)
    unverified_tokens: int = 0
    problem: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Sender:
    ACTOR = "sync"

    def __init__(self, store: Store, config: StationConfig, secret: Callable[[], str],
                 documents: DocumentSource | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        fc = config.fit_connect
        if fc is None:
            raise NotConfigured("the station configuration has no fit_connect section",
                                "Für diese Station ist kein Versand eingerichtet.")
        self.store = store
        self.outbox = store.outbox
        self.config = config
        self.transport = Transport(fc, sleep=sleep)
        self.tokens = TokenSource(self.transport, fc.token_url, fc.client_id, secret, fc.scope)
        self.api = FitConnectApi(fc, self.transport, self.tokens)
        self.destinations = Destinations(self.api, self.outbox, config.region)
        self.documents = documents or store_documents(store)
        #: The supporting documents (Nachweise) that go with the claim's own submission:
        #: (stored id, document id, MIME type, bytes); later ones travel as follow-ups.
        self.supporting: Callable[[str], list[tuple[str, str, str, bytes]]] = \
            store.attachments.for_claim_submission
        self.followups = FollowupSender(self)

    def close(self) -> None:
        self.transport.close()

    # --- one run ---------------------------------------------------------------------------
    def run_once(self, max_claims: int | None = None, receipts: bool = True) -> RunReport:
        """Send what is due, then (unless ``receipts`` is false) read the offices' receipts;
        stops at the first sign of being offline."""
        with self.store.anchor_batch():  # audit checkpoints: one slot write per commit
            return self._run_once(max_claims, receipts)

    def _run_once(self, max_claims: int | None, receipts: bool) -> RunReport:
        report = RunReport()
        self.destinations.forget()
        sent = 0
        try:
            for entry in self.outbox.entries(ob.TO_SEND, due_before=time.time()):
                if max_claims is not None and sent >= max_claims:
                    break
                sent += 1
                report.claims.append(self._send(entry, report))
                if report.online is False:
                    return self._finish(report)
            self.followups.send_due(report)
            if report.online is False:
                return self._finish(report)
            waiting: list[tuple[str, str]] = []
            for entry in self.outbox.entries(ob.AWAITING_RECEIPT, due_before=time.time()) \
                    if receipts else ():
                claim_report = self._receipt(entry, report)
                report.claims.append(claim_report)
                if claim_report.detail == AWAITING_DE:  # asked, no decision yet
                    waiting.append((entry.claim_id, entry.updated_at))
                if report.online is False:
                    break
            ob.schedule_receipt_checks(self.store, "outbox", "claim_id", waiting)
            if receipts and report.online is not False:
                self.followups.read_receipts(report)
        except NotConfigured as exc:
            report.problem = exc.user_message
        return self._finish(report)

    def run_until_idle(self, max_seconds: float = 60.0, pause: float = 0.05) -> RunReport:
        """Run again and again until nothing is left to send or to wait for (tests, CLI)."""
        end = time.monotonic() + max_seconds
        while True:
            report = self.run_once()
            busy = self.outbox.entries(ob.TO_SEND + ob.AWAITING_RECEIPT) or \
                self.followups.busy()
            if not busy or time.monotonic() > end or report.online is False:
                return report
            nxt = self.outbox.next_due()
            # Only receipts outstanding: ask for them twice a second, not in a tight loop.
            wait = 0.5 if nxt is None else min(max(nxt - time.time(), pause), 5.0)
            time.sleep(wait)

    def _finish(self, report: RunReport) -> RunReport:
        if report.online is None and report.claims:
            report.online = True
        if report.online is not None:
            self.outbox.cache_put(CONNECTION_KEY, {
                "online": report.online, "at": time.time(),
                "error": None if report.online else report.problem})
        return report

    def _offline(self, report: RunReport, exc: Transient) -> None:
        report.online = False
        report.problem = exc.user_message
        log.info("service not reachable (%s); sending paused", exc)

    # --- sending one claim -----------------------------------------------------------------
    def _send(self, entry: OutboxEntry, report: RunReport) -> ClaimReport:
        cid = entry.claim_id
        if entry.state == ob.QUEUED and self.outbox.claim_state(cid) in ("withdrawn",
                                                                          "superseded"):
            self.outbox.cancel(cid)
            return ClaimReport(cid, ob.CANCELLED, "Zurückgezogen, nicht gesendet.")
        try:
            self._advance(entry)
            report.online = True
            return ClaimReport(cid, ob.SUBMITTED, "An die Stelle übermittelt.")
        except Transient as exc:
            if exc.offline:
                self._offline(report, exc)
            else:
                report.online = True
            delay = max(exc.retry_after or 0.0, backoff(entry.attempts, 0.5, 300.0))
            self.outbox.retry_later(cid, str(exc), delay)
            log.info("claim %s: will retry in %.1f s (%s)", cid, delay, exc)
            return ClaimReport(cid, self.outbox.get(cid).state, exc.user_message)
        except (Permanent, jsonschema.ValidationError) as exc:
            message = exc.user_message if isinstance(exc, SyncError) else (
                "Die Angaben zum Versand passen nicht zum FIT-Connect-Schema. Bitte die "
                "IT-Betreuung verständigen.")
            log.warning("claim %s needs attention: %s", cid,
                        exc if isinstance(exc, SyncError) else "metadata schema")
            self.outbox.needs_attention(cid, message)
            report.online = True
            return ClaimReport(cid, ob.NEEDS_ATTENTION, message)

    def _advance(self, entry: OutboxEntry) -> None:
        for _ in range(4):  # at most: restart, announce, upload+submit, resolve
            if entry.state == ob.QUEUED:
                self._announce(entry)
            elif entry.state == ob.ANNOUNCED:
                self._upload_and_submit(entry)
            elif entry.state == ob.SUBMITTING:
                self._resolve_submitting(entry)
            else:
                return
            entry = self.outbox.get(entry.claim_id)
        raise Transient("claim did not settle in one run", "Versand wird fortgesetzt.")

    def _announce(self, entry: OutboxEntry) -> None:
        stored = self.store.documents.get(entry.claim_id)
        if stored is not None and not stored.sealed:
            # Signed on a station without its seal certificate: the office gets the sealed
            # PDF or nothing; `seal import` seals the waiting PDFs, then this claim goes.
            raise Transient("the claim PDF is not sealed yet",
                            "Wartet auf das Siegel der Station (IT: fvo-kiosk-admin seal "
                            "import).", retry_after=SEAL_WAIT_S)
        if not entry.destination_id or not entry.leika:
            raise Permanent(f"no destination or LeiKa id configured for office {entry.office}",
                            "Für diese Stelle ist in der Stationskonfiguration kein "
                            "Empfänger (Zustellpunkt/LeiKa) eingetragen.")
        dest = self.destinations.destination_for(entry.leika, entry.destination_id)
        key = self.destinations.key(dest)
        canonical, benefit, _ = self.outbox.frozen_claim(entry.claim_id)
        del canonical
        attachments = []
        pdf = self.documents(entry.claim_id)
        if pdf is not None:
            attachments.append(Attachment(str(uuid.uuid4()), "form", sha512_hex(pdf),
                                          "application/pdf", "antrag.pdf"))
        for source, document_id, mime, data in self.supporting(entry.claim_id):
            # Named after the document the form asks for, never after the family's file.
            attachments.append(Attachment(str(uuid.uuid4()), "attachment", sha512_hex(data),
                                          mime, _document_filename(document_id, mime),
                                          source=source))
        sub_id, case_id = self.api.create_submission(
            dest, LEIKA_URN + entry.leika, benefit, [a.id for a in attachments])
        try:
            self.outbox.announced(entry.claim_id, dest, sub_id, case_id, key.kid, attachments)
        except ob.DocumentsChanged as exc:  # the service's half-built submission is dropped
            raise Transient(str(exc), exc.user_message, retry_after=0.0) from None

    def _payloads(self, claim_id: str) -> dict[str, bytes]:
        """The claim PDF and every supporting document, by the SHA-512 announced for it."""
        pdf = self.documents(claim_id)
        found = [pdf] if pdf is not None else []
        found += [data for _id, _doc, _mime, data in self.supporting(claim_id)]
        return {sha512_hex(data): data for data in found}

    def _current_key(self, entry: OutboxEntry, refresh: bool = False) -> Any:
        key = self.destinations.key(entry.destination_id, refresh=refresh)
        if key.kid != entry.encryption_kid:
            # The office has a new key: start over with a new submission, encrypted from
            # the local data; the half-built one is never submitted.
            log.info("claim %s: destination key changed; re-encrypting", entry.claim_id)
            self.outbox.restart(entry.claim_id, "Schlüssel der Stelle erneuert")
            return None
        return key

    def _upload_and_submit(self, entry: OutboxEntry) -> None:
        key = self._current_key(entry)
        if key is None:
            return
        assert entry.submission_id is not None
        pub = jwe.public_key(key.jwk)
        try:
            canonical, benefit, signed_at = self.outbox.frozen_claim(entry.claim_id)
            metadata = build_metadata(
                canonical=canonical, leika=entry.leika, service_name=benefit,
                attachments=entry.attachments, claim_id=entry.claim_id, signed_at=signed_at,
                audit_head=self._audit_head())
            meta_jwe = jwe.encrypt(_json_bytes(metadata), pub, key.kid, "application/json")
            data_jwe = jwe.encrypt(canonical, pub, key.kid, "application/json")
            todo = [a for a in entry.attachments if not a.uploaded]
            payloads = self._payloads(entry.claim_id) if todo else {}
            for i, att in enumerate(todo):
                content = payloads.get(att.sha512)
                if content is None:
                    raise Permanent("a document of the claim changed or vanished after "
                                    "announcing", "Ein Dokument dieses Antrags hat sich "
                                    "verändert; bitte prüfen.")
                token = jwe.encrypt(content, pub, key.kid, att.mime_type)
                self.api.upload_attachment(entry.submission_id, att.id, token)
                self.outbox.attachment_uploaded(entry.claim_id, att.id,
                                                then_submitting=i == len(todo) - 1)
        except Permanent as exc:
            if exc.status in (400, 409, 422) and self._current_key(entry, refresh=True) is None:
                return
            raise
        if not todo:
            self.outbox.submitting(entry.claim_id)
        try:
            self.api.submit(entry.submission_id, meta_jwe, data_jwe)
        except Permanent as exc:
            if exc.status in (409, 422):  # perhaps submitted already (an answer was lost)
                self._resolve_submitting(self.outbox.get(entry.claim_id), conflict=exc)
                return
            raise
        self.outbox.submitted(entry.claim_id)

    def _resolve_submitting(self, entry: OutboxEntry, conflict: Permanent | None = None
                            ) -> None:
        """The submit call was made but its answer not recorded: the event log decides."""
        assert entry.fc_case_id is not None
        for event in self._events(entry, RunReport()):
            if event.name == receipts.SUBMIT and event.submission_id == entry.submission_id:
                self.outbox.submitted(entry.claim_id)
                return
            if event.name in (receipts.ACCEPT, receipts.REJECT) and \
                    event.submission_id == entry.submission_id:
                self.outbox.submitted(entry.claim_id)
                return
        if conflict is not None:  # refused, and not because it has it already
            raise conflict
        self.outbox.back_to_announced(entry.claim_id)

    def _audit_head(self) -> dict[str, Any] | None:
        if getattr(self.store, "anchor", None) is None:
            return None
        return self.store.signed_audit_head()

    # --- receipts --------------------------------------------------------------------------
    def _events(self, entry: OutboxEntry, report: RunReport) -> list[receipts.Event]:
        assert entry.fc_case_id is not None
        found = []
        for token in self.api.case_events(entry.fc_case_id):
            try:
                event = receipts.verify(token, lambda kid: self.destinations.signature_key(
                    kid, entry.destination_id))
            except receipts.UnverifiedToken as exc:
                report.unverified_tokens += 1
                log.warning("case %s: event token ignored: %s", entry.fc_case_id, exc)
                continue
            if event.case_id not in (None, entry.fc_case_id):
                report.unverified_tokens += 1
                log.warning("case %s: event token for another case ignored", entry.fc_case_id)
                continue
            found.append(event)
        return found

    def _receipt(self, entry: OutboxEntry, report: RunReport) -> ClaimReport:
        cid = entry.claim_id
        try:
            events = self._events(entry, report)
        except Transient as exc:
            if exc.offline:
                self._offline(report, exc)
            return ClaimReport(cid, entry.state, exc.user_message)  # not asked: next pass
        except Permanent as exc:
            return ClaimReport(cid, entry.state, exc.user_message)
        report.online = True
        for event in events:
            if event.submission_id != entry.submission_id:
                continue
            if event.name == receipts.ACCEPT:
                self.outbox.accepted(cid)
                return ClaimReport(cid, ob.ACCEPTED, "Von der Stelle bestätigt.")
            if event.name == receipts.REJECT:
                reason = receipts.rejection_reason(event)
                self.outbox.rejected(cid, reason)
                return ClaimReport(cid, ob.REJECTED, reason)
        return ClaimReport(cid, entry.state, AWAITING_DE)


def _document_filename(document_id: str, mime: str) -> str:
    """``id_card.png``: the form's document id (``id[child]`` made file-name safe)."""
    ext = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(mime, "bin")
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in document_id) + "." + ext


def _json_bytes(doc: Any) -> bytes:
    import json

    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
