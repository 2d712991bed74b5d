"""The documents of a visit: the sealed claim PDF made when the family signs (kept with the
claim), sealing PDFs that waited for the station's seal, and the family's handout."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from kiosk.errors import InvalidInput, KioskError
from kiosk.i18n import LANGUAGES, format_date
from kiosk.keys import KeyStore
from kiosk.keys.seal_key import SealMaterial, load_seal
from kiosk.store import states
from kiosk.visit.summary import claim_summary

if TYPE_CHECKING:
    from kiosk.app import Station
    from kiosk.config import StationConfig
    from kiosk.documents.claim_pdf import ClaimDocument
    from kiosk.documents.handout import HandoutService
    from kiosk.store import Claim

# fpdf2, pyHanko and fontTools load only when a document is made (the kiosk starts faster).

log = logging.getLogger(__name__)

GERMAN = "de"


def family_language(household: dict[str, Any], lang: str | None = None) -> str:
    """The language the family reads: as asked, else the household's, else German."""
    for candidate in (lang, household.get("language")):
        if isinstance(candidate, str) and candidate in LANGUAGES:
            return candidate
    return GERMAN


def station_seal(station: Station) -> SealMaterial | None:
    """The station's seal from the keyring; None (logged) where it is missing or the
    keyring does not answer — the claim PDF then waits unsealed for `seal import`."""
    try:
        return load_seal(KeyStore(station.identity.station_id,
                                  getattr(station, "keyring_backend", None)))
    except KioskError as exc:
        log.warning("station seal not available: %s", exc)
        return None


def claim_document(station: Station, claim: Claim, household: dict[str, Any],
                   strokes: dict[str, Any], lang: str) -> ClaimDocument:
    """What the claim PDF of a frozen ``claim`` is rendered from."""
    from kiosk.documents.claim_pdf import ClaimDocument
    if claim.canonical is None or claim.sha256 is None:
        raise InvalidInput(f"claim {claim.id} is not frozen", "Der Antrag ist nicht "
                           "unterschrieben; es gibt noch kein Antrags-PDF.")
    german = claim_summary(station.forms, station.config, household, claim, GERMAN)
    family = (claim_summary(station.forms, station.config, household, claim, lang)
              if lang != GERMAN else None)
    return ClaimDocument(german, family, claim.canonical, claim.sha256, strokes,
                         claim.signed_at, station.identity.station_id, station.config.name)


def file_claim_pdf(station: Station, claim_id: str, actor: str, lang: str | None) -> bool:
    """Render and seal the PDF of the claim just signed and keep it with the claim, inside
    the signing transaction. A text no font draws refuses the signing (nothing is kept); a
    missing seal key keeps the PDF unsealed, to be sealed by `seal import`. Returns whether
    the PDF was sealed."""
    from kiosk.documents.claim_pdf import render_claim_pdf
    from kiosk.documents.seal import seal_pdf

    store = station.store
    claim = store.claims.get_claim(claim_id)
    household = store.cases.get_case(claim.case_id).household
    strokes = store.claims.get_signature(claim_id) or {}
    pdf = render_claim_pdf(claim_document(station, claim, household, strokes,
                                          family_language(household, lang)))
    seal = station_seal(station)
    sealed = False
    if seal is not None:
        try:
            pdf, sealed = seal_pdf(pdf, seal.key_pem, seal.chain_pem), True
        except Exception as exc:  # noqa: BLE001 - a broken seal key must not lose the signature
            log.error("sealing failed (%s); the claim PDF is kept unsealed", type(exc).__name__)
    else:
        log.warning("no seal key on station %s; claim PDF kept unsealed",
                    station.identity.station_id)
    with store.transaction() as tx:
        store.documents.save(tx, claim_id, pdf, sealed, actor, claim.case_id)
    return sealed


def seal_waiting(station: Station, actor: str) -> int:
    """Seal every claim PDF that waited for the station's seal; returns how many."""
    from kiosk.documents.seal import seal_pdf
    seal = station_seal(station)
    if seal is None:
        return 0
    done = 0
    for claim_id in station.store.documents.unsealed():
        stored = station.store.documents.get(claim_id)
        if stored is None:
            continue
        case_id = station.store.claims.get_claim(claim_id).case_id
        station.store.documents.mark_sealed(
            claim_id, seal_pdf(stored.pdf, seal.key_pem, seal.chain_pem), actor, case_id)
        done += 1
    return done


def _services(config: StationConfig, offices: list[str]) -> tuple[HandoutService, ...]:
    from kiosk.documents.handout import HandoutService
    out = []
    for office_id in dict.fromkeys(offices):
        office = config.offices.get(office_id)
        if office is not None:
            out += [HandoutService(office.name, s.label, s.url) for s in office.online_services]
    return tuple(out)


def handout(station: Station, case_id: str, lang: str | None = None) -> bytes:
    """The family's one-page handout for a case, in ``lang`` (default: the family's)."""
    from kiosk.documents.handout import HandoutFacts, render_handout
    store = station.store
    case = store.cases.get_case(case_id)
    lang = family_language(case.household, lang)
    claims = [c for c in store.claims.list_claims(case_id)
              if c.state in states.SHOWN_TO_FAMILY]
    offices = [station.forms.form(c.benefit, c.form_version).office for c in claims]
    day = station.config.next_station_day()
    attached = store.attachments.provided([c.id for c in claims])  # ticked off, not missing
    facts = HandoutFacts(
        lang=lang, case_ref=case.id, station_name=station.config.name,
        claims=tuple(claim_summary(station.forms, station.config, case.household, c, lang,
                                   attached.get(c.id, set()))
                     for c in claims),
        services=_services(station.config, offices),
        next_station_day=format_date(day, lang) if day else None)
    return render_handout(facts)
