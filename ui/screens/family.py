"""Family mode: the family reads each claim in its own language and signs it.

Full screen, large type, high contrast, one claim at a time: what will be sent (the claim's
projection, labelled in the family's language), to which office, the consent text, then the
signature pad. The screen knows only its one case; the only way out is "back to the
counsellor", which needs a counsellor PIN (as do closing the window and Escape).
Arabic turns the whole layout right-to-left.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.store.states import WITHDRAWN
from ui.i18n import LANGUAGES, Texts, country_name
from ui.widgets.signature_pad import SignatureField

if TYPE_CHECKING:
    from kiosk.forms import Field, Form, FormCatalog, Projection
    from kiosk.forms.definition import Option
    from kiosk.store import Claim
    from ui.window import MainWindow

log = logging.getLogger(__name__)

# Claims a family can still sign, or look at as signed; withdrawn ones are not shown.
_SHOWN_STATES = ("draft", "signed", "queued", "sent", "confirmed", "rejected", "error")
LEAVE_REASON = "Familienmodus verlassen: bitte Berater-PIN eingeben."


@cache
def _default_catalog() -> FormCatalog:
    from kiosk.forms import load_catalog

    return load_catalog()


def preload_catalog() -> None:
    """Load the form catalog into the cache (called off the UI thread after log-in)."""
    _default_catalog()


def _text(text: dict[str, str] | None, lang: str) -> str:
    from kiosk.forms import text_in

    return text_in(text, lang)


def _option_label(options: Sequence[Option], value: Any, lang: str) -> str | None:
    for opt in options:
        if opt.value == value:
            return _text(opt.label, lang)
    return None


def format_value(
    fld: Field | None,
    value: Any,
    texts: Texts,
    option_sets: Mapping[str, Sequence[Option]] | None = None,
) -> str:
    """A claim value as the family reads it, in its language: option labels and country
    names instead of codes (``option_sets`` is the glossary's, for list items' kinds)."""
    lang = texts.lang
    locale = QLocale("en_GB" if lang == "en" else lang)
    if value is None or value == "" or value == []:
        return texts("family.not_given")
    ftype = fld.type if fld is not None else ""
    sets = option_sets or {}
    if isinstance(value, bool):
        return texts("family.yes") if value else texts("family.no")
    if ftype == "choice" and fld is not None:
        values = value if isinstance(value, list) else [value]
        labels = [_option_label(fld.options, v, lang) or str(v) for v in values]
        return ", ".join(labels)
    if ftype == "country" and isinstance(value, str):
        return country_name(value, lang)
    if ftype == "money" and isinstance(value, int):
        return locale.toCurrencyString(value / 100, "€")
    if ftype in ("date", "birth_date") and isinstance(value, str):
        d = QDate.fromString(value, Qt.DateFormat.ISODate)
        if d.isValid():
            fmt = locale.dateFormat(QLocale.FormatType.ShortFormat)
            if "yyyy" not in fmt:
                fmt = fmt.replace("yy", "yyyy")  # never a two-digit year on a claim
            return locale.toString(d, fmt)
    if ftype == "address" and isinstance(value, dict):
        street = " ".join(str(value.get(k) or "") for k in ("street", "house_number")).strip()
        city = " ".join(str(value.get(k) or "") for k in ("postcode", "city")).strip()
        extra = str(value.get("address_extra") or "")
        country = value.get("country")
        abroad = country_name(country, lang) if isinstance(country, str) and country.strip() \
            and country.strip().upper() != "DE" else ""
        return ", ".join(p for p in (street, extra, city, abroad) if p)
    if ftype == "incomes" and isinstance(value, list):
        lines = []
        for item in value:
            if isinstance(item, dict):
                amount = item.get("amount_cents")
                money = (
                    locale.toCurrencyString(amount / 100, "€") if isinstance(amount, int) else ""
                )
                kind = item.get("kind")
                kind_text = (
                    _option_label(sets.get("income_kind", ()), kind, lang) or str(kind)
                    if kind
                    else ""
                )
                lines.append(" ".join(p for p in (kind_text, money) if p))
        return "\n".join(line for line in lines if line) or texts("family.not_given")
    if isinstance(value, list):
        return ", ".join(format_value(None, v, texts, option_sets) for v in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{k}: {format_value(None, v, texts, option_sets)}" for k, v in value.items()
        )
    return str(value)


class FamilyScreen(QWidget):
    title = "Familienmodus"
    fullscreen = True

    def __init__(
        self,
        window: MainWindow,
        case_id: str,
        lang: str = "de",
        catalog: FormCatalog | None = None,
        return_to: tuple[str, dict[str, Any]] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("family")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._window = window
        self._return_to = return_to
        station = window.session.station
        self._store = station.store
        self.case_id = case_id
        self._case = self._store.cases.get_case(case_id)
        #: A withdrawn case is refused: nothing of it is shown, nothing can be signed.
        self.withdrawn = self._case.state == WITHDRAWN
        self._claims: list[Claim] = [] if self.withdrawn else [
            c for c in self._store.claims.list_claims(case_id) if c.state in _SHOWN_STATES
        ]
        self._catalog = catalog or getattr(station, "forms", None) or _default_catalog()
        glossary = getattr(self._catalog, "glossary", None)
        self._option_sets: Mapping[str, Sequence[Option]] = getattr(
            glossary, "option_sets", None) or {}
        self._signed: set[str] = {
            c.id
            for c in self._claims
            if c.state != "draft" or self._store.claims.get_signature(c.id) is not None
        }
        #: What family mode showed of each draft claim: exactly this is signed and frozen.
        self._shown: dict[str, Projection] = {}
        self._index = 0
        self._texts = Texts(lang)
        window.session.case_id = case_id

        # Top bar: languages, and the way back (PIN).
        self.language_buttons: dict[str, QPushButton] = {}
        self._lang_group = QButtonGroup(self)
        self._lang_group.setExclusive(True)
        top = QHBoxLayout()
        top.setSpacing(8)
        self.language_label = QLabel(self)
        top.addWidget(self.language_label)
        for code, name in LANGUAGES.items():
            b = QPushButton(name, self)
            b.setObjectName("language")
            b.setCheckable(True)
            b.setMinimumHeight(48)
            b.setAccessibleName(f"{name} ({code})")
            b.clicked.connect(lambda _=False, c=code: self.set_language(c))
            self._lang_group.addButton(b)
            self.language_buttons[code] = b
            top.addWidget(b)
        top.addStretch(1)
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("language")
        self.back_button.setMinimumHeight(48)
        self.back_button.clicked.connect(self.request_leave)
        top.addWidget(self.back_button)

        # Left: what is sent and to whom. Right: consent and signing.
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.summary_rows: list[tuple[str, str]] = []
        self.missing_items: list[str] = []
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.position = QLabel(self)
        self.consent_heading = QLabel(self)
        self.consent_heading.setObjectName("subheading")
        self.consent = QLabel(self)
        self.consent.setWordWrap(True)
        self.consent.setObjectName("consent")
        self.consent_scroll = QScrollArea(self)
        self.consent_scroll.setWidgetResizable(True)
        self.consent_scroll.setWidget(self.consent)
        self.consent_scroll.setMinimumHeight(60)
        self.consent_scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.sign_heading = QLabel(self)
        self.sign_heading.setObjectName("subheading")
        self.signature_field = SignatureField(self, self._texts)
        self.signature_field.pad.setMinimumSize(340, 140)
        self.sign_button = QPushButton(self)
        self.sign_button.setObjectName("primary")
        self.sign_button.clicked.connect(self.sign)
        self.status = QLabel(self)
        self.status.setObjectName("success")
        self.status.setWordWrap(True)
        self.previous_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.previous_button.clicked.connect(lambda: self.show_claim(self._index - 1))
        self.next_button.clicked.connect(lambda: self.show_claim(self._index + 1))
        for b in (self.sign_button, self.previous_button, self.next_button):
            b.setMinimumHeight(56)

        for area in (self.scroll, self.consent_scroll):
            # A finger drags the text; the wide scroll bar (QSS) is there too.
            QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)

        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(self.consent_heading)
        right.addWidget(self.consent_scroll, 1)
        right.addWidget(self.sign_heading)
        right.addWidget(self.signature_field, 2)
        right.addWidget(self.sign_button)
        right.addWidget(self.status)
        body = QHBoxLayout()
        body.setSpacing(24)
        body.addWidget(self.scroll, 1)
        body.addLayout(right, 1)
        title_row = QHBoxLayout()
        title_row.addWidget(self.heading, 1)
        title_row.addWidget(self.position)
        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(title_row)
        layout.addLayout(body, 1)
        layout.addLayout(nav)
        self._apply_texts(lang)
        self.show_claim(0)

    # --- state ---------------------------------------------------------------------------
    @property
    def language(self) -> str:
        return self._texts.lang

    @property
    def claim(self) -> Claim | None:
        return self._claims[self._index] if self._claims else None

    @property
    def claims(self) -> list[Claim]:
        return list(self._claims)

    def is_signed(self, claim_id: str) -> bool:
        return claim_id in self._signed

    # --- language ------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Switch every family-facing text (and the layout direction); drawn strokes stay."""
        self._apply_texts(lang)
        self._render(keep_strokes=True)

    def _apply_texts(self, lang: str) -> None:
        self._texts = Texts(lang)
        t = self._texts
        self.setLayoutDirection(t.direction)
        self.language_buttons[lang].setChecked(True)
        self.language_label.setText(t("language.choose"))
        self.back_button.setText(t("family.back_to_counsellor"))
        self.back_button.setAccessibleName(t("family.back_to_counsellor"))
        self.consent_heading.setText(t("family.consent"))
        self.sign_button.setText(t("family.sign_button"))
        self.sign_button.setAccessibleName(t("family.sign_button"))
        self.previous_button.setText(t("family.previous"))
        self.previous_button.setAccessibleName(t("family.previous"))
        self.next_button.setText(t("family.next"))
        self.next_button.setAccessibleName(t("family.next"))
        self.signature_field.set_texts(t)

    # --- claims --------------------------------------------------------------------------
    def show_claim(self, index: int) -> None:
        if not self._claims:
            self._render(keep_strokes=True)
            return
        self._index = max(0, min(index, len(self._claims) - 1))
        self.status.setText("")
        self._render(keep_strokes=False)

    def _render(self, keep_strokes: bool) -> None:
        t = self._texts
        claim = self.claim
        content = QWidget()
        content.setObjectName("summary")
        col = QVBoxLayout(content)
        col.setContentsMargins(16, 16, 16, 16)
        col.setSpacing(12)
        self.summary_rows = []
        self.missing_items: list[str] = []
        can_sign = False
        if claim is None:
            self.heading.setText(t("family.case_withdrawn" if self.withdrawn
                                   else "family.no_claims"))
            self.position.setText("")
            self.consent.setText("")
        else:
            self.position.setText(
                t("family.claim_of", index=self._index + 1, count=len(self._claims))
            )
            form = self._form(claim)
            self.consent.setText(self._rtl_mark(_text(form.consent, t.lang)) if form else "")
            signature_label = _text(form.summary_labels.get("signature"), t.lang) if form else ""
            self.sign_heading.setText(signature_label or t("family.signature_saved_as"))
            if form is None:
                self.heading.setText(claim.benefit)
                col.addWidget(self._label(t("family.cannot_show"), "problem"))
            else:
                self.heading.setText(_text(form.title, t.lang))
                can_sign = self._fill_summary(col, form, claim) and claim.state == "draft"
        col.addStretch(1)
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll.setWidget(content)
        self.previous_button.setEnabled(self._index > 0)
        self.next_button.setEnabled(self._index + 1 < len(self._claims))
        if not keep_strokes and claim is not None:
            stored = self._store.claims.get_signature(claim.id)
            try:
                self.signature_field.load(stored)
            except KioskError:
                self.signature_field.load(None)
        self.signature_field.setEnabled(can_sign)
        self.sign_button.setEnabled(can_sign)
        if claim is not None and claim.id in self._signed and not self.status.text():
            self.status.setText(t("family.already_signed"))
        elif claim is not None and self.status.text() and claim.id in self._signed:
            self.status.setText(self._status_after_signing())

    def _form(self, claim: Claim) -> Form | None:
        try:
            return self._catalog.form(claim.benefit, claim.form_version)
        except Exception:  # noqa: BLE001 - a broken or missing form must not end family mode
            log.warning("form %s/%s not available", claim.benefit, claim.form_version)
            return None

    def _rtl_mark(self, text: str) -> str:
        # A right-to-left mark makes a paragraph RTL even when it starts with Latin text
        # (a name, "DE"), so every value lines up on the right in Arabic.
        return "\u200f" + text if self._texts.rtl else text

    def _label(self, text: str, name: str | None = None) -> QLabel:
        label = QLabel(self._rtl_mark(text))
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        if name:
            label.setObjectName(name)
        return label

    def _fill_summary(self, col: QVBoxLayout, form: Form, claim: Claim) -> bool:
        """Office, plain-words summary, every field sent, the consent. False if the claim
        cannot be shown (then it cannot be signed either)."""
        from kiosk.forms import project
        from kiosk.model.household import person_by_id

        t = self._texts
        lang = t.lang
        household = self._case.household
        if claim.subject:
            person = person_by_id(household, claim.subject.split(":")[0])
            if person is not None and person.name:
                col.addWidget(self._label(t("family.for_person", name=person.name)))
        office_label = _text(form.summary_labels.get("office"), lang) or t("family.office")
        col.addWidget(self._label(office_label))
        col.addWidget(self._label(t(f"office.{form.office}"), "office"))
        summary = _text(form.summary, lang)
        if summary:
            col.addWidget(self._label(summary))
        if claim.canonical is not None:
            # A signed claim shows exactly what was signed, whatever changed since.
            shown_data = json.loads(claim.canonical)
        else:
            try:
                projection = project(form, household, claim.answers, claim.subject)
            except Exception:  # noqa: BLE001 - shown as "cannot show"; the counsellor fixes it
                log.warning("claim of form %s could not be projected", form.id)
                col.addWidget(self._label(t("family.cannot_show"), "problem"))
                return False
            self._shown[claim.id] = projection
            shown_data = projection.data

        col.addWidget(self._label(t("family.what_is_sent"), "subheading"))
        sections = shown_data.get("sections", {})
        for section in form.sections:
            data = sections.get(section.id)
            if not data:
                continue
            col.addWidget(self._label(_text(section.title, lang), "office"))
            items = data if isinstance(data, list) else [data]
            for number, item in enumerate(items, start=1):
                if isinstance(data, list):
                    item_label = (
                        _text(section.repeat.item_label, lang)
                        if section.repeat and section.repeat.item_label
                        else ""
                    )
                    col.addWidget(
                        self._label(f"{item_label} {t('family.item', number=number)}".strip())
                    )
                grid = QGridLayout()
                grid.setHorizontalSpacing(24)
                grid.setColumnStretch(1, 1)
                row = 0
                for fld in section.fields:
                    if fld.id not in item:
                        continue
                    label = _text(fld.label, lang)
                    value = format_value(fld, item[fld.id], t, self._option_sets)
                    self.summary_rows.append((label, value))
                    grid.addWidget(
                        self._label(label, "fieldLabel"), row, 0, Qt.AlignmentFlag.AlignTop
                    )
                    grid.addWidget(self._label(value), row, 1, Qt.AlignmentFlag.AlignTop)
                    row += 1
                col.addLayout(grid)
        self._add_missing(col, form, claim)
        next_steps = _text(form.summary_labels.get("next_steps"), lang)
        if next_steps:
            col.addWidget(self._label(next_steps))
        return True

    def _add_missing(self, col: QVBoxLayout, form: Form, claim: Claim) -> None:
        """What the office will still need (fields and documents), in the family's language."""
        from kiosk.forms import missing

        lang = self._texts.lang
        try:
            items = missing(form, self._case.household, claim.answers, claim.subject, lang)
        except Exception:  # noqa: BLE001 - the list is a courtesy; never block signing on it
            log.warning("missing items of form %s could not be listed", form.id)
            return
        self.missing_items = [m.label for m in items]
        if not items:
            return
        title = _text(form.summary_labels.get("missing"), lang)
        col.addWidget(self._label(title or self._texts("family.missing"), "subheading"))
        col.addWidget(self._label("\n".join(f"• {m.label}" for m in items)))

    # --- signing -------------------------------------------------------------------------
    def sign(self) -> bool:
        """Save the drawn strokes with the current claim; False (with a visible reason)
        when the signature is refused or cannot be stored."""
        claim = self.claim
        if claim is None or claim.state != "draft":
            return False
        strokes = self.signature_field.take_signature()
        if strokes is None:
            self.status.setText("")
            return False
        shown = self._shown.get(claim.id)
        if shown is None:  # nothing could be shown, so nothing can be signed
            return False
        try:
            # The strokes, and exactly the claim shown (canonical bytes + SHA-256), are kept
            # together and the claim is frozen: one transaction in the store.
            self._store.claims.sign(
                claim.id, strokes, shown.canonical, shown.sha256, self._window.session.actor
            )
        except KioskError:
            log.warning("signature could not be saved")
            self.status.setObjectName("problem")
            self.status.setText(self._texts("family.save_failed"))
            self._restyle_status()
            return False
        self._signed.add(claim.id)
        self._claims[self._index] = self._store.claims.get_claim(claim.id)
        self.signature_field.setEnabled(False)
        self.sign_button.setEnabled(False)
        self.status.setObjectName("success")
        self.status.setText(self._status_after_signing())
        self._restyle_status()
        return True

    def _status_after_signing(self) -> str:
        t = self._texts
        if all(c.id in self._signed for c in self._claims if c.state == "draft"):
            return t("family.signed") + " " + t("family.all_done")
        return t("family.signed")

    def _restyle_status(self) -> None:
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    # --- leaving -------------------------------------------------------------------------
    def request_leave(self) -> None:
        self._window.ask_pin(LEAVE_REASON, self._leave)

    def _leave(self, _counsellor: Any = None) -> None:
        if self._return_to is not None:
            name, kw = self._return_to
            self._window.show_screen(name, **kw)
        else:
            self._window.show_home()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Escape:
            self.request_leave()
            event.accept()
            return
        super().keyPressEvent(event)


SCREENS = {"family": FamilyScreen}
