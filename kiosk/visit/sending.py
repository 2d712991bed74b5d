"""The sending panel's operations: where each signed claim stands on its way to its office,
"Jetzt senden" and "Erneut versuchen" — German, plain words, no more personal data than the
case list shows (family name and visit day).

A pass opens its own station (its own SQLCipher connection, the key from the keyring) on
the thread that runs it, so it never shares the screens' connection, and runs under the
station's sending lock (:mod:`kiosk.sync.runner`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kiosk.i18n import office_label
from kiosk.store import outbox as ob
from kiosk.sync.labels import AWAITING_DE, outbox_label
from kiosk.sync.runner import NOT_SET_UP_DE, PassResult, claim_details, run_pass
from kiosk.sync.status import sending_status
from kiosk.sync.transport import OFFLINE_DE

if TYPE_CHECKING:
    from kiosk.app import Station

log = logging.getLogger(__name__)

#: Finished claims (accepted, rejected, withdrawn before sending) shown below the ones on
#: their way, newest first.
FINISHED_SHOWN = 30
RETRY_LATER_DE = ("Der letzte Versuch ist nicht gelungen; der Versand wird automatisch "
                  "wiederholt.")
STATE_ORDER = {ob.NEEDS_ATTENTION: 0, ob.SUBMITTING: 1, ob.ANNOUNCED: 1, ob.QUEUED: 2,
               ob.SUBMITTED: 3, ob.REJECTED: 4, ob.ACCEPTED: 5, ob.CANCELLED: 6}


@dataclass(frozen=True)
class SendingRow:
    """One claim in the sending panel."""

    claim_id: str
    case_id: str
    family_name: str  # as the case list shows it ("" once the personal data was deleted)
    visit_date: str  # TT.MM.JJJJ
    benefit: str  # German label of the benefit
    office: str  # German name of the office
    state: str  # the outbox state (queued, announced, … accepted)
    state_label: str  # German
    steps_done: int
    steps: int  # announced, each attachment uploaded, submitted, receipt
    problem: str  # the last error or the office's reason, in plain words ("" if none)
    next_attempt: str  # "Nächster Versuch um 14:32 Uhr" ("" when not waiting for one)
    can_retry: bool  # needs attention: "Erneut versuchen" tries it again
    #: A follow-up (Nachreichung: documents sent after their claim): its own id.
    followup_id: str = ""

    @property
    def item_id(self) -> str:
        """What the row is: the follow-up's id, else the claim's."""
        return self.followup_id or self.claim_id

    @property
    def finished(self) -> bool:
        return self.state in (ob.ACCEPTED, ob.REJECTED, ob.CANCELLED)


@dataclass(frozen=True)
class SendingOverview:
    """The panel as a whole: set up or not, online or not, the claims."""

    configured: bool
    online: bool | None  # None: not tried lately
    notice: str  # station-wide words ("kein Versand eingerichtet", offline …) or ""
    rows: list[SendingRow]

    @property
    def waiting(self) -> int:
        return sum(1 for r in self.rows if r.state in ob.WAITING)


def progress(entry: Any) -> tuple[int, int]:
    """Steps done of steps: announced (1), each attachment uploaded, submitted (1), the
    office's receipt (1). Before announcing the attachments are not known yet."""
    atts = entry.attachments
    steps = 3 + len(atts)
    state = entry.state
    if state == ob.NEEDS_ATTENTION:  # stopped where it was
        state = entry.reason if entry.reason in ob.CLAIM_STATE else ob.QUEUED
    uploaded = sum(1 for a in atts if a.uploaded)
    done = {ob.QUEUED: 0, ob.CANCELLED: 0, ob.ANNOUNCED: 1 + uploaded,
            ob.SUBMITTING: 1 + len(atts), ob.SUBMITTED: 2 + len(atts)}.get(state, steps)
    return done, steps


def _when(epoch: float, now: float) -> str:
    try:
        at = datetime.fromtimestamp(epoch)
    except (OverflowError, OSError, ValueError):
        return ""
    if at.date() == datetime.fromtimestamp(now).date():
        return f"Nächster Versuch um {at:%H:%M} Uhr"
    return f"Nächster Versuch am {at:%d.%m.%Y} um {at:%H:%M} Uhr"


def _german_date(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%d.%m.%Y")
    except ValueError:
        return iso


def _benefit_label(station: Station, benefit: str) -> str:
    from kiosk.forms import text_in

    try:
        return text_in(station.forms.form(benefit).title, "de") or benefit
    except (KeyError, LookupError):
        return benefit


def _problem(entry: Any, details: dict[str, str], offline: bool) -> str:
    if entry.state == ob.REJECTED:
        return f"Abgelehnt: {entry.reason}" if entry.reason else "Von der Stelle abgelehnt."
    if entry.state == ob.NEEDS_ATTENTION:
        return entry.last_error or "Der Versand braucht Hilfe (IT-Betreuung)."
    if entry.state in ob.TO_SEND + ob.AWAITING_RECEIPT:
        # The pass keeps each claim's detail; a follow-up has none of its own there.
        detail = "" if getattr(entry, "id", "") else details.get(entry.claim_id, "")
        if entry.state in ob.TO_SEND and entry.attempts:
            return detail or (OFFLINE_DE if offline else RETRY_LATER_DE)
        if entry.state in ob.AWAITING_RECEIPT:
            return AWAITING_DE
    return ""


def sending_overview(station: Station) -> SendingOverview:
    """Each claim that was queued for sending: the ones on their way (those that need
    attention first), then the finished ones, newest first."""
    store = station.store
    configured = station.config.fit_connect is not None
    status = sending_status(store)
    now = time.time()
    details = claim_details(store)
    entries = store.outbox.entries() + store.outbox.followups.entries()
    # One read for what the case list shows of each case: family name and visit day.
    cases = {cid: (name or "", day) for cid, name, day in store.read(
        "SELECT c.id, c.display_name, c.visit_date FROM cases c "
        "WHERE c.id IN (SELECT case_id FROM outbox)")}
    benefits = dict(store.read(
        "SELECT cl.id, cl.benefit FROM claims cl WHERE cl.id IN (SELECT claim_id FROM outbox)"))
    cases_of = {e.claim_id: e.case_id for e in entries if not getattr(e, "id", "")}
    labels: dict[str, str] = {}
    active = [e for e in entries if e.state not in (ob.ACCEPTED, ob.REJECTED, ob.CANCELLED)]
    finished = sorted((e for e in entries if e not in active),
                      key=lambda e: e.updated_at, reverse=True)[:FINISHED_SHOWN]
    active.sort(key=lambda e: (STATE_ORDER.get(e.state, 9), e.queued_at, e.claim_id))
    rows = []
    for e in active + finished:
        benefit = benefits.get(e.claim_id, "")
        if benefit not in labels:
            labels[benefit] = _benefit_label(station, benefit)
        followup_id = getattr(e, "id", "")
        case_id = cases_of.get(e.claim_id, e.case_id) if followup_id else e.case_id
        name, day = cases.get(case_id, ("", ""))
        done, steps = progress(e)
        waiting = e.state in ob.TO_SEND and e.next_attempt_at > now
        rows.append(SendingRow(
            e.claim_id, case_id, name, _german_date(day),
            labels[benefit] + (" – Nachreichung" if followup_id else ""),
            office_label(e.office, "de"), e.state, outbox_label(e.state), done, steps,
            _problem(e, details, status.online is False),
            _when(e.next_attempt_at, now) if waiting else "", e.state == ob.NEEDS_ATTENTION,
            followup_id))
    if not configured:
        notice = NOT_SET_UP_DE
    elif status.online is False:
        notice = status.last_error or OFFLINE_DE
    else:
        notice = ""
    return SendingOverview(configured, status.online if configured else None, notice, rows)


def retry(station: Station, actor: str, item_id: str) -> SendingRow | None:
    """A claim (or follow-up) that needed attention goes again from where it stopped (what
    `sync retry` does: one already at the office is only asked about, never sent twice);
    returns its row as it is now."""
    station.store.outbox.send_again_item(item_id, actor)
    return next((r for r in sending_overview(station).rows if r.item_id == item_id), None)


def pass_in_own_station(station: Station, until_idle: bool = False) -> PassResult:
    """One sending pass on a station opened for it (its own database connection on the
    calling thread; the key from the station's keyring). A station without a
    ``fit_connect`` section runs nothing."""
    from kiosk.app import Station as StationType

    if station.config.fit_connect is None:
        return PassResult(problem=NOT_SET_UP_DE)
    own = StationType.open(station.dir.path, station.keyring_backend)
    try:
        return run_pass(own, until_idle=until_idle)
    finally:
        own.close()


def pass_summary(result: PassResult) -> str:
    """One German line about a finished pass, for the panel ("2 bestätigt, 1 wartet …")."""
    message = result.message
    report = result.report
    if report is None:
        return message or ""
    if report.online is False:
        return report.problem or OFFLINE_DE
    items: list[Any] = [*report.claims, *report.followups]  # follow-ups count like claims
    if not items:
        return message or "Nichts zu senden."
    counts: dict[str, int] = {}
    for item in items:
        counts[item.state] = counts.get(item.state, 0) + 1
    parts = [f"{n} × {outbox_label(state)}" for state, n in sorted(
        counts.items(), key=lambda kv: STATE_ORDER.get(kv[0], 9))]
    text = "Versand abgeschlossen: " + ", ".join(parts) + "."
    return f"{text} {message}" if message else text
