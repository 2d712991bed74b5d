"""Labels of codes the store and the forms keep (claim states, offices), translated at the
edge: the store keeps ``"signed"``, a screen shows ``state_label("signed", lang)``.

The keys are written out here, not built from the code, so that extraction
(``make i18n-extract``) sees them and ``pybabel update`` never drops them.
"""

from __future__ import annotations

from kiosk.i18n.catalog import has_text, translate
from kiosk.i18n.languages import BASE_LANGUAGE

#: The claim life cycle: state → catalog key.
STATE_KEYS: dict[str, str] = {
    "draft": "state.draft",
    "signed": "state.signed",
    "queued": "state.queued",
    "sending": "state.sending",
    "sent": "state.sent",
    "accepted": "state.accepted",
    "rejected": "state.rejected",
    "needs_attention": "state.needs_attention",
    "withdrawn": "state.withdrawn",
    "superseded": "state.superseded",
}

#: The offices a form can address (``office:`` in resources/forms/*) → catalog key.
OFFICE_KEYS: dict[str, str] = {
    "familienkasse": "office.familienkasse",
    "jobcenter": "office.jobcenter",
    "wohngeldbehoerde": "office.wohngeldbehoerde",
    "amt_soziale_arbeit": "office.amt_soziale_arbeit",
    "sozialleistungen": "office.sozialleistungen",
}

#: Keys looked up by the language picker (each language names itself).
LANGUAGE_KEYS: tuple[str, ...] = ("language.name", "language.choose")

#: Screen texts no screen looks up at the moment, kept for the family-mode rewrite.
RESERVED_KEYS: tuple[str, ...] = ("family.title",)


def _label(keys: dict[str, str], code: str, lang: str) -> str:
    key = keys.get(code)
    if key is None or not has_text(key, BASE_LANGUAGE):
        return code  # an unknown code is shown as it is, never an exception at the edge
    return translate(key, lang)


def state_label(state: str, lang: str = BASE_LANGUAGE) -> str:
    """``state_label("queued", "de")`` → "Wartet auf Versand"; an unknown state as given."""
    return _label(STATE_KEYS, state, lang)


def office_label(office: str, lang: str = BASE_LANGUAGE) -> str:
    """``office_label("jobcenter", "tr")`` → the office named in Turkish; unknown as given."""
    return _label(OFFICE_KEYS, office, lang)
