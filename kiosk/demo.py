"""Demo content for a demo station: three sample families, so that `make run`, the
screenshots and every later step show real content.

* the Nowak family — the intake half done (no housing, no bank account yet): a draft;
* the Yıldız family — household complete, the claims that fit added and answered, ready for
  the family to read in Turkish and sign;
* the al-Hassan family — claims signed in Arabic from recorded strokes.

All names, numbers and accounts are invented. Everything goes through the visit operations,
exactly as a counsellor's screens would do it.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from kiosk.resources import resource_path
from kiosk.signature.recorded import recorded_signature

if TYPE_CHECKING:
    from kiosk.app import Station
    from kiosk.visit import Visit

log = logging.getLogger(__name__)

#: The local sandbox's demo client secret (public, like everything of the demo; the sandbox
#: package defines the same value for its demo client `fvo-kiosk-demo-station`).
DEMO_CLIENT_SECRET = "demo-station-secret-not-for-production"  # noqa: S105

#: Answers to the claims' own questions, by benefit (for the families that are ready).
_ANSWERS: dict[str, dict[str, Any]] = {
    "kindergeld": {},
    "kinderzuschlag": {"kiz_assets_significant": False, "kiz_buergergeld_pending": False},
    "wohngeld": {"wg_from_month": "2027-01", "wg_social_housing": False,
                 "wg_subletting": False, "wg_assets_significant": False},
    "unterhaltsvorschuss": {"uvg_from_month": "2027-01", "uvg_lives_with_other_parent": False,
                            "uvg_orphan_pension": False, "uvg_cooperation": True},
}


def _household(name: str) -> dict[str, Any]:
    return dict(json.loads(resource_path("demo", f"{name}.json").read_text(encoding="utf-8")))


def _add_likely_claims(visit: Visit, case_id: str) -> list[str]:
    """Add the claims the hints call likely (household-wide and per child), answering each
    claim's own questions from the demo answers."""
    added = []
    for row in visit.claims_overview(case_id).hints:
        if row.level != "likely" or not row.addable or row.claim_id or row.benefit not in _ANSWERS:
            continue
        claim_id = visit.add_claim(case_id, row.benefit, row.subject)
        questions = {q.key for q in visit.questions(claim_id).questions}
        for key, value in _ANSWERS[row.benefit].items():
            if key in questions:
                visit.answer(claim_id, key, value)
        added.append(claim_id)
    return added


def seed_demo(station: Station, actor: str = "counsellor:1") -> list[str]:
    """Create the three demo families; returns their case ids (draft, ready, signed)."""
    visit = station.visit(actor)
    draft = visit.create_case(_household("draft"))
    visit.intake.set_resume_point(draft, "housing")
    ready = visit.create_case(_household("ready-to-sign"))
    _add_likely_claims(visit, ready)
    signed = visit.create_case(_household("signed"))
    for n, claim_id in enumerate(_add_likely_claims(visit, signed)):
        shown = visit.summary(claim_id, "ar")
        if shown.signable and shown.sha256:
            visit.sign(claim_id, recorded_signature(n), shown.sha256)
    log.info("demo content seeded: 3 cases")
    return [draft, ready, signed]
