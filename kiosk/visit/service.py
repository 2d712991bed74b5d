"""The visit operations: the only entry the screens and the admin command line use for case
work. Each operation is one short call that does the work in the core and returns what the
caller shows; nothing above this module projects, hashes, checks a value or writes SQL.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.errors import InvalidInput
from kiosk.forms import SubjectError, project, subjects
from kiosk.model.lifecycle import IllegalTransition, allowed
from kiosk.signature import Signature
from kiosk.store import states
from kiosk.sync.queue import queue_signed_claim
from kiosk.validation import InvalidDate, parse_date
from kiosk.visit import attachments as supporting
from kiosk.visit import scanner_inbox, takeaway
from kiosk.visit.attachments import Attachment
from kiosk.visit.claim_documents import file_claim_pdf
from kiosk.visit.intake import COUNSELLOR_LANG, FieldChange, IntakeSession
from kiosk.visit.overview import CaseOverview, build_overview
from kiosk.visit.questions import ClaimQuestions, answered, claim_questions
from kiosk.visit.summary import ClaimSummary, claim_summary

if TYPE_CHECKING:
    from kiosk.app import Station
    from kiosk.store import Case, CaseSummary, Claim
    from kiosk.store.records import CasePage
    from kiosk.sync.runner import PassResult
    from kiosk.visit.sending import SendingOverview, SendingRow


class Visit:
    """Case work of one counsellor (``actor``, e.g. ``counsellor:3``) on one station."""

    def __init__(self, station: Station, actor: str) -> None:
        self.station = station
        self.actor = actor
        self._store = station.store
        self._intake: IntakeSession | None = None

    # --- cases -----------------------------------------------------------------------------
    def create_case(self, household: dict[str, Any] | None = None,
                    visit_date: date | None = None) -> str:
        return self._store.cases.create_case(self.actor, household, visit_date)

    def case(self, case_id: str) -> Case:
        return self._store.cases.get_case(case_id)

    def list_cases(self, search: str | None = None, state: str | None = None,
                   visit_date: str | None = None) -> list[CaseSummary]:
        return self._store.cases.list_cases(search=search, state=state, visit_date=visit_date)

    def page_cases(self, search: str | None = None, state: str | None = None,
                   visit_date: str | None = None, limit: int = 50, offset: int = 0) -> CasePage:
        """One page of the case list (folded name search, state, visit day ``YYYY-MM-DD``)
        with the number of all matching cases; reads indexed columns only."""
        return self._store.cases.page_cases(search, state, visit_date, limit, offset)

    @staticmethod
    def visit_day(text: str) -> str | None:
        """A visit day as typed in a filter (``TT.MM.JJJJ`` or ``JJJJ-MM-TT``) as
        ``YYYY-MM-DD``; ``None`` for an empty text; :class:`InvalidInput` otherwise."""
        if not text.strip():
            return None
        try:
            return parse_date(text.strip()).isoformat()
        except InvalidDate:
            raise InvalidInput(f"not a date: {len(text)} characters",
                               "Besuchstag bitte als TT.MM.JJJJ angeben.") from None

    def withdraw_case(self, case_id: str) -> None:
        """Withdraw the case and every claim of it that has not left the station."""
        with self._store.transaction():
            for claim in self._store.claims.list_claims(case_id):
                if allowed(claim.state, states.WITHDRAWN):
                    self._store.claims.withdraw_claim(claim.id, self.actor)
            self._store.cases.withdraw_case(case_id, self.actor)
        self.intake.forget(case_id)

    # --- the household intake ----------------------------------------------------------------
    @property
    def intake(self) -> IntakeSession:
        if self._intake is None:
            station = self.station
            self._intake = IntakeSession(self._store, station.intake, self.actor,
                                         forms=lambda: station.forms)
        return self._intake

    def set_field(self, case_id: str, step_id: str, field_id: str, raw: Any,
                  item_path: str | None = None, lang: str = COUNSELLOR_LANG) -> FieldChange:
        """Type one intake field (see :meth:`IntakeSession.set_field`)."""
        return self.intake.set_field(case_id, step_id, field_id, raw, item_path, lang)

    # --- claims ----------------------------------------------------------------------------
    def claims_overview(self, case_id: str, lang: str = COUNSELLOR_LANG) -> CaseOverview:
        """Hints with reasons, the claims added and what each lacks, in ``lang``."""
        case = self._store.cases.get_case(case_id)
        claims = self._store.claims.list_claims(case_id)
        return build_overview(self.station.forms, case, claims, lang,
                              self.station.eligibility_rules,
                              self._store.attachments.provided(c.id for c in claims))

    def add_claim(self, case_id: str, benefit: str, subject: str | None = None) -> str:
        """Add a claim (any claim the forms make of the household; a hint is no decision)."""
        forms = self.station.forms
        try:
            form = forms.form(benefit)
        except KeyError:
            raise InvalidInput(f"no form for benefit {benefit!r}",
                               "Für diese Leistung gibt es kein Formular.") from None
        household = self._store.cases.get_case(case_id).household
        if subject not in subjects(form, household):
            raise InvalidInput(f"{benefit} makes no claim for subject {subject!r}",
                               "Für diese Person passt dieser Antrag nicht.")
        return self._store.claims.add_claim(case_id, benefit, form.version, subject, self.actor)

    def remove_claim(self, claim_id: str) -> None:
        """Remove a claim not yet signed."""
        self._store.claims.remove_claim(claim_id, self.actor)

    def claim(self, claim_id: str) -> Claim:
        return self._store.claims.get_claim(claim_id)

    def questions(self, claim_id: str, lang: str = COUNSELLOR_LANG) -> ClaimQuestions:
        """The claim's own questions (shown or not, each with its message), what the claim
        still lacks, and the intake step where the first missing household field is typed."""
        claim = self._store.claims.get_claim(claim_id)
        household = self._store.cases.get_case(claim.case_id).household
        form = self.station.forms.form(claim.benefit, claim.form_version)
        return claim_questions(form, self.station.intake, household, claim, lang,
                               self._provided(claim_id))

    def answer(self, claim_id: str, key: str, raw: Any,
               lang: str = COUNSELLOR_LANG) -> ClaimQuestions:
        """Answer one of the claim's own questions (``key`` as in :class:`Question`):
        checked and coerced here, saved at once (typed text that is not acceptable is kept;
        the projection leaves it out and the missing list names it). Returns the claim's
        questions and gaps as they are now."""
        claim = self._store.claims.get_claim(claim_id)
        household = self._store.cases.get_case(claim.case_id).household
        form = self.station.forms.form(claim.benefit, claim.form_version)
        answers, _problem = answered(form, household, claim, key, raw)
        self._store.claims.save_answers(claim_id, answers, self.actor)
        saved = self._store.claims.get_claim(claim_id)
        return claim_questions(form, self.station.intake, household, saved, lang,
                               self._provided(claim_id))

    def waiting_count(self) -> int:
        """How many signed claims of this station have not reached their office yet
        (signed, queued, sending or needing attention) — what the status bar shows."""
        counts = self._store.claims.count_by_state()
        return sum(counts.get(state, 0) for state in (
            states.SIGNED, states.QUEUED, states.SENDING, states.NEEDS_ATTENTION))

    # --- sending to the offices (the sending panel) -------------------------------------------
    def sending_overview(self) -> SendingOverview:
        """Each claim on its way to its office (state, progress, problem in plain words, next
        attempt), then the finished ones; whether sending is set up and online."""
        from kiosk.visit import sending

        return sending.sending_overview(self.station)

    def send_now(self) -> PassResult:
        """One sending pass now, on its own database connection (call it off the UI
        thread); returns at once, ``busy``, when another pass is running."""
        from kiosk.visit import sending

        return sending.pass_in_own_station(self.station)

    def discard_followup(self, followup_id: str) -> None:
        """A follow-up that needs attention and will not be sent (the family hands the
        documents in at the office): it stops waiting; audited."""
        self._store.outbox.followups.discard(followup_id, self.actor)

    def retry_sending(self, claim_id: str) -> SendingRow | None:
        """Try a claim that needed attention again from where it stopped."""
        from kiosk.visit import sending

        return sending.retry(self.station, self.actor, claim_id)

    # --- family mode -----------------------------------------------------------------------
    def family_claims(self, case_id: str) -> list[Claim]:
        """The claims family mode shows (withdrawn and superseded ones are not)."""
        if self._store.cases.get_case(case_id).state == states.WITHDRAWN:
            return []
        return [c for c in self._store.claims.list_claims(case_id)
                if c.state in states.SHOWN_TO_FAMILY]

    def summary(self, claim_id: str, lang: str) -> ClaimSummary:
        """What is sent, in ``lang``: the summary family mode shows and the PDF prints."""
        claim = self._store.claims.get_claim(claim_id)
        household = self._store.cases.get_case(claim.case_id).household
        return claim_summary(self.station.forms, self.station.config, household, claim, lang,
                             self._provided(claim_id))

    def signature(self, claim_id: str) -> dict[str, Any] | None:
        """The strokes a claim was signed with (``None`` for a claim not signed), for the
        pad to show them again."""
        return self._store.claims.get_signature(claim_id)

    def sign(self, claim_id: str, strokes: dict[str, Any], shown_hash: str,
             lang: str | None = None) -> Claim:
        """The family signed the claim it was shown (``shown_hash``): the claim is projected
        again from the store and refused if that is not what was shown; else the canonical
        JSON, its SHA-256, form and version, station, counsellor and time are frozen with
        the strokes, and the claim PDF (German beside ``lang``, default the household's
        language) is rendered, sealed and kept — one transaction."""
        signature = Signature.from_dict(strokes)
        problem = signature.problem()
        if problem is not None:
            raise InvalidInput(f"signature refused: {signature.problem_key()}", problem,
                               text_key=signature.problem_key())
        store = self._store
        with store.transaction():
            claim = store.claims.get_claim(claim_id)
            if claim.state != states.DRAFT:
                raise InvalidInput(f"claim {claim_id} is {claim.state}, not a draft",
                                   "Dieser Antrag ist bereits unterschrieben.")
            household = store.cases.get_case(claim.case_id).household
            form = self.station.forms.form(claim.benefit, claim.form_version)
            try:
                projection = project(form, household, claim.answers, claim.subject)
            except SubjectError:
                projection = None
            if projection is None or projection.sha256 != shown_hash:
                raise InvalidInput(
                    "the claim changed since it was shown to the family",
                    "Der Antrag hat sich geändert, seit er angezeigt wurde. Bitte die "
                    "Zusammenfassung noch einmal lesen und dann unterschreiben.",
                    text_key="family.claim_changed",
                )
            store.claims.sign(claim_id, signature.to_dict(), projection.canonical,
                              projection.sha256, self.actor, self.station.identity.station_id)
            file_claim_pdf(self.station, claim_id, self.actor, lang)
            queue_signed_claim(self.station, claim_id, form.office, self.actor)
        return store.claims.get_claim(claim_id)

    def correct(self, claim_id: str) -> str:
        """Correct a signed claim that has not reached the office: a new draft claim (newest
        form version, same answers) that references the old one, which becomes superseded.
        The family then reads and signs the new one. Returns the new claim's id."""
        claim = self._store.claims.get_claim(claim_id)
        if claim.state not in states.CORRECTABLE:
            raise IllegalTransition(
                f"claim {claim_id} is {claim.state}; it cannot be corrected",
                "Dieser Antrag kann nicht mehr korrigiert werden (er ist nicht "
                "unterschrieben oder schon bei der Stelle).",
            )
        version = self.station.forms.form(claim.benefit).version
        with self._store.transaction() as tx:  # the documents handed in stay with the claim
            new_id = self._store.claims.supersede(claim_id, version, self.actor)
            self._store.attachments.copy_to(tx, claim_id, new_id, self.actor, claim.case_id)
        return new_id

    # --- supporting documents (Nachweise) ------------------------------------------------------
    def attach(self, claim_id: str, document_id: str, filename: str, data: bytes,
               lang: str = COUNSELLOR_LANG) -> Attachment:
        """Attach a scan or photo (PDF, JPEG, PNG) for one of the documents the claim's form
        asks for (``document_id``, ``id[child]`` for one per child), to a draft or a signed
        claim not yet sent. The file is checked by its content, cleaned (no EXIF, images at
        most A4 at 300 dpi, PDFs without scripts) and kept encrypted; refused with a German
        message (:class:`kiosk.attachments.FileRefused`) otherwise."""
        return supporting.attach(self.station, self.actor, claim_id, document_id, filename,
                                 data, lang)

    def attach_file(self, claim_id: str, document_id: str, path: Path,
                    lang: str = COUNSELLOR_LANG) -> Attachment:
        """:meth:`attach` of a file; one over the size limit is not read whole."""
        return supporting.attach_file(self.station, self.actor, claim_id, document_id,
                                      Path(path), lang)

    def attachments(self, claim_id: str, lang: str = COUNSELLOR_LANG) -> list[Attachment]:
        """The documents attached to a claim, oldest first."""
        return supporting.attachments(self.station, claim_id, lang)

    def remove_attachment(self, attachment_id: str) -> None:
        """Remove an attached document (while the claim still takes documents)."""
        supporting.remove_attachment(self.station, self.actor, attachment_id)

    def attachments_for_sending(self, claim_id: str) -> list[tuple[str, str, bytes]]:
        """``(document_id, mime, bytes)`` of each attached document, for the submission."""
        return supporting.attachments_for_sending(self.station, claim_id)

    # --- the scanner folder -------------------------------------------------------------------
    def scanner_folder(self) -> Path | None:
        """The folder the station's network scanner drops its scans in (station
        configuration ``scanner_folder``), or None where the station has no scanner. One
        inside the data directory is created (owner only) when it is missing."""
        return scanner_inbox.station_folder(self.station)

    def waiting_scans(self) -> int:
        """How many scans wait in the scanner folder (0 without one)."""
        folder = self.scanner_folder()
        return 0 if folder is None else len(scanner_inbox.waiting_files(folder))

    def pick_up_scans(self, claim_id: str, document_id: str) -> scanner_inbox.Pickup:
        """Attach every waiting scan to ``claim_id`` as ``document_id`` (each deleted from
        the folder once kept encrypted; refused ones stay, each with its German reason)."""
        folder = self.scanner_folder()
        if folder is None:
            raise InvalidInput("no scanner folder configured",
                               "Für diese Station ist kein Scanner-Ordner eingerichtet.")
        return scanner_inbox.pick_up(self, folder, claim_id, document_id)

    def _provided(self, claim_id: str) -> set[str]:
        return self._store.attachments.provided([claim_id]).get(claim_id, set())

    # --- what the family takes home --------------------------------------------------------
    def claim_pdf(self, claim_id: str) -> bytes:
        """The stored sealed PDF of a signed claim (:class:`InvalidInput` for a claim
        without one)."""
        return takeaway.claim_pdf(self.station, claim_id)

    def handout_pdf(self, case_id: str, lang: str | None = None) -> bytes:
        """The family's one-page handout in ``lang`` (default: the household's language)."""
        return takeaway.handout_pdf(self.station, case_id, lang)

    def family_copy_claims(self, case_id: str) -> list[str]:
        """The signed claims (with their PDF) the family takes a copy of."""
        return takeaway.signed_claims(self.station, case_id)

    def save_for_family(self, case_id: str, folder: Path | str,
                        lang: str | None = None) -> list[Path]:
        """The signed claims' PDFs and the handout into an existing folder (a USB stick),
        atomically, mode 0600, regular files only, named without personal data."""
        return takeaway.save_for_family(self.station, case_id, folder, lang)

    def print_for_family(self, case_id: str, printer: str, copies: int,
                         lang: str | None = None) -> int:
        """The signed claims' PDFs and the handout to ``printer`` (CUPS ``lp``, from memory),
        ``copies`` each; returns how many documents were queued."""
        return takeaway.print_for_family(self.station, case_id, printer, copies, lang)
