"""Supporting documents (Nachweise) of a claim as visit operations: attach a scan or photo
for one of the documents the claim's form asks for (checked and cleaned first), list them,
remove one, and hand them to sending."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.attachments import FileRefused, clean, read_limited
from kiosk.errors import InvalidInput
from kiosk.forms import text_in
from kiosk.model.household import person_by_id
from kiosk.store import states

if TYPE_CHECKING:
    from kiosk.app import Station
    from kiosk.forms import Form

log = logging.getLogger(__name__)

#: Claims that take documents: drafts and signed claims that have not left (the document goes
#: with the claim), and claims on their way to or at the office (it goes after them as a
#: follow-up, a new submission in the same FIT-Connect case). Not: rejected, withdrawn,
#: superseded claims.
TAKES_DOCUMENTS = frozenset({states.DRAFT, states.SIGNED, states.QUEUED,
                             states.NEEDS_ATTENTION, states.SENDING, states.SENT,
                             states.ACCEPTED})
#: What the counsellor is told when a document goes after its claim.
FOLLOW_UP_NOTICE = "Wird als Nachreichung an die Stelle gesendet."


@dataclass(frozen=True)
class Attachment:
    """One attached document as shown: which of the form's documents (``label`` in the
    requested language, naming the child for one per child), its type and size."""

    id: str
    claim_id: str
    document_id: str
    label: str
    mime: str
    size: int
    created_at: str
    downscaled: bool = False
    #: For the counsellor (German), e.g. that the document goes as a follow-up; else "".
    notice: str = ""


def _document_label(form: Form, household: dict, document_id: str, lang: str) -> str:
    base, _, rest = document_id.partition("[")
    document = next((d for d in form.documents if d.id == base), None)
    if document is None:
        return document_id
    label = text_in(document.label, lang)
    person = person_by_id(household, rest.rstrip("]")) if rest else None
    return f"{label} ({person.name})" if person is not None and person.name else label


def _check_document(form: Form, document_id: str) -> None:
    base, bracket, rest = document_id.partition("[")
    document = next((d for d in form.documents if d.id == base), None)
    per_item_ok = document is not None and (
        bool(document.per_item) == bool(bracket) and (not bracket or rest.endswith("]")))
    if not per_item_ok:
        raise InvalidInput(f"form {form.id} asks for no document {document_id!r}",
                           "Diesen Nachweis verlangt der Antrag nicht.")


def attach(station: Station, actor: str, claim_id: str, document_id: str, filename: str,
           data: bytes, lang: str = "de") -> Attachment:
    """Check and clean ``data`` (see :mod:`kiosk.attachments`), then keep it with the claim
    for ``document_id`` — audited (event and case only)."""
    store = station.store
    claim = store.claims.get_claim(claim_id)
    form = station.forms.form(claim.benefit, claim.form_version)
    _check_document(form, document_id)
    _check_state(claim.state)
    cleaned = clean(data, filename)  # before the transaction: it may take a second
    with store.transaction() as tx:
        claim = store.claims.get_claim(claim_id)
        _check_state(claim.state)  # it may have left for its office meanwhile
        attachment_id = store.attachments.add(tx, claim_id, document_id, cleaned.mime,
                                              cleaned.data, actor, claim.case_id)
        # The claim's submission is announced already: the document follows it.
        followup = store.outbox.followups.route_document(tx, claim_id, attachment_id, actor)
    stored = store.attachments.get(attachment_id)
    household = store.cases.get_case(claim.case_id).household
    return Attachment(stored.id, claim_id, document_id,
                      _document_label(form, household, document_id, lang), stored.mime,
                      stored.size, stored.created_at, cleaned.downscaled,
                      FOLLOW_UP_NOTICE if followup is not None else "")


def attach_file(station: Station, actor: str, claim_id: str, document_id: str, path: Path,
                lang: str = "de") -> Attachment:
    """:func:`attach` of a file: a file over the size limit is refused without being read
    whole; a file that cannot be read is refused with a message."""
    shown = f"„{path.name}“"
    try:
        with open(path, "rb") as stream:
            data = read_limited(stream)
    except FileRefused:
        raise
    except OSError as exc:
        log.info("supporting document not readable: %s", type(exc).__name__)
        raise FileRefused(f"file not readable: {type(exc).__name__}",
                          f"{shown} lässt sich nicht lesen.") from None
    return attach(station, actor, claim_id, document_id, path.name, data, lang)


def attachments(station: Station, claim_id: str, lang: str = "de") -> list[Attachment]:
    store = station.store
    claim = store.claims.get_claim(claim_id)
    household = store.cases.get_case(claim.case_id).household
    try:
        form: Form | None = station.forms.form(claim.benefit, claim.form_version)
    except Exception:  # noqa: BLE001 - listed by id where the form is not available
        form = None
    return [Attachment(a.id, a.claim_id, a.document_id,
                       _document_label(form, household, a.document_id, lang)
                       if form else a.document_id, a.mime, a.size, a.created_at)
            for a in store.attachments.of_claim(claim_id)]


def remove_attachment(station: Station, actor: str, attachment_id: str) -> None:
    store = station.store
    with store.transaction() as tx:
        found = store.attachments.get(attachment_id)
        claim = store.claims.get_claim(found.claim_id)
        _check_state(claim.state)
        store.outbox.followups.check_removable(tx, attachment_id)
        store.attachments.remove(tx, attachment_id, actor, claim.case_id)


def attachments_for_sending(station: Station, claim_id: str) -> list[tuple[str, str, bytes]]:
    """``(document_id, mime, bytes)`` of each document of the claim, for its submission."""
    station.store.claims.get_claim(claim_id)  # an unknown claim is an error, not "none"
    return station.store.attachments.with_data(claim_id)


def _check_state(state: str) -> None:
    if state not in TAKES_DOCUMENTS:
        raise InvalidInput(
            f"claim is {state}; it takes no documents",
            "Dieser Antrag nimmt keine Nachweise mehr an (er wurde abgelehnt, "
            "zurückgezogen oder ersetzt). Nachweise bitte direkt bei der Stelle nachreichen.")
