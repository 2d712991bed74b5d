"""Family mode: the family reads each claim in its own language and signs it.

Full screen, large type, high contrast, one claim at a time: what will be sent, to which
office, the consent text, then the signature pad. Every text of a claim comes from the visit
operations (``visit.summary``) already in the family's language; signing hands the strokes
and the hash of what was shown to ``visit.sign``. The screen knows only its one case; the
only way out is "back to the counsellor", which needs a counsellor PIN (as do closing the
window and Escape). Arabic turns the whole layout right-to-left.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
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
from kiosk.store.states import DRAFT, WITHDRAWN
from ui.i18n import LANGUAGES, Texts
from ui.widgets.reserve import reserve_space
from ui.widgets.signature_pad import SignatureField

if TYPE_CHECKING:
    from kiosk.store.records import Claim
    from kiosk.visit import ClaimSummary
    from ui.window import MainWindow

log = logging.getLogger(__name__)

LEAVE_REASON = "Familienmodus verlassen: bitte Berater-PIN eingeben."
UNLOCK_REASON = ("Der Familienmodus wurde nach längerer Pause gesperrt. Mit der Berater-PIN "
                 "geht es beim selben Antrag weiter.")


class FamilyScreen(QWidget):
    title = "Familienmodus"
    fullscreen = True

    def __init__(
        self,
        window: MainWindow,
        case_id: str,
        lang: str = "de",
        return_to: tuple[str, dict[str, Any]] | None = None,
        claim_id: str | None = None,
        strokes: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("family")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._window = window
        self._return_to = return_to
        self._visit = window.session.visit
        self.case_id = case_id
        #: A withdrawn case is refused: nothing of it is shown, nothing can be signed.
        self.withdrawn = self._visit.case(case_id).state == WITHDRAWN
        self._claims: list[Claim] = self._visit.family_claims(case_id)
        self._signed: set[str] = {c.id for c in self._claims if c.state != DRAFT}
        #: The summary on screen now (what the family reads; its hash is what is signed).
        self.summary: ClaimSummary | None = None
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
        self.language_label.setWordWrap(True)
        top.addWidget(self.language_label, 1)
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
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("language")
        self.back_button.setMinimumHeight(48)
        self.back_button.clicked.connect(self.request_leave)

        # Left: what is sent and to whom. Right: consent and signing.
        self.summary_scroll = QScrollArea(self)
        self.summary_scroll.setWidgetResizable(True)
        self.summary_scroll.setSizePolicy(QSizePolicy.Policy.Expanding,
                                          QSizePolicy.Policy.Expanding)
        self.summary_scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Answers wrap to the width; never a sideways scroll bar over them.
        self.summary_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary_rows: list[tuple[str, str]] = []
        self.missing_items: list[str] = []
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.position = QLabel(self)
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)  # "2 of 4" between the arrows
        self.position.setWordWrap(True)
        self.consent_heading = QLabel(self)
        self.consent_heading.setObjectName("subheading")
        self.consent = QLabel(self)
        self.consent.setWordWrap(True)
        self.consent.setObjectName("consent")
        self.consent_scroll = QScrollArea(self)
        self.consent_scroll.setWidgetResizable(True)
        self.consent_scroll.setWidget(self.consent)
        self.consent_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.consent.setContentsMargins(8, 6, 8, 6)  # the text never touches the frame
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
        self.status.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading)
        reserve_space(self.status, lines=2)  # "signed" appearing moves nothing
        self.previous_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.previous_button.clicked.connect(lambda: self.show_claim(self._index - 1))
        self.next_button.clicked.connect(lambda: self.show_claim(self._index + 1))
        for b in (self.sign_button, self.previous_button, self.next_button):
            b.setMinimumHeight(56)

        for area in (self.summary_scroll, self.consent_scroll):
            # A finger drags the text; the wide scroll bar (QSS) is there too.
            QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)

        # Reading order: what is sent, then the consent (left), then signing (right). The
        # consent has a scrolling box of its own, at least four lines high.
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(self.summary_scroll, 3)
        left.addWidget(self.consent_heading)
        left.addWidget(self.consent_scroll, 2)
        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(self.sign_heading)
        right.addWidget(self.signature_field, 1)
        sign_row = QHBoxLayout()
        sign_row.setSpacing(16)
        sign_row.addWidget(self.sign_button)
        sign_row.addWidget(self.status, 1)
        right.addLayout(sign_row)
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        title_row = QHBoxLayout()
        title_row.setSpacing(16)
        title_row.addWidget(self.heading, 1)
        title_row.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addWidget(self.position, 1)
        nav.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(title_row)
        layout.addLayout(body, 1)
        layout.addLayout(nav)
        self._apply_texts(lang)
        ids = [c.id for c in self._claims]
        self.show_claim(ids.index(claim_id) if claim_id in ids else 0)
        claim = self.claim
        if strokes and claim is not None and claim.id == claim_id and self.sign_button.isEnabled():
            # Back after an idle lock: the signature begun on the pad is still there.
            self.signature_field.load(strokes)

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

    def resume_point(self) -> dict[str, Any]:
        """Where the family is (case, claim, language, the counsellor's way back, a signature
        begun): the window returns here after an idle lock and the counsellor's PIN."""
        claim = self.claim
        point: dict[str, Any] = {
            "case_id": self.case_id, "lang": self.language, "return_to": self._return_to,
            "claim_id": claim.id if claim is not None else None}
        signature = self.signature_field.pad.signature
        if claim is not None and claim.id not in self._signed and not signature.is_empty():
            # A signature begun but not yet given stays for when the family is back; it is
            # kept in memory only (the window's resume point), never written anywhere.
            point["strokes"] = signature.to_dict()
        return point

    # --- language ------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Switch every family-facing text (and the layout direction); drawn strokes stay."""
        self._apply_texts(lang)
        self._render(keep_strokes=True)
        # New words, new widths: lay the screen out afresh at once (a cached minimum would
        # leave a button of the new language cut until the next resize).
        layout = self.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()

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
        self._reserve_consent_height()

    def _reserve_consent_height(self) -> None:
        """The consent gets a box of at least four lines of its type (it scrolls inside)."""
        self.consent.ensurePolished()
        margins = self.consent.contentsMargins()
        frame = 2 * self.consent_scroll.frameWidth()
        self.consent_scroll.setMinimumHeight(
            4 * self.consent.fontMetrics().lineSpacing() + margins.top() + margins.bottom()
            + frame)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.StyleChange:
            self._reserve_consent_height()
        super().changeEvent(event)

    # --- claims --------------------------------------------------------------------------
    def show_claim(self, index: int) -> None:
        if not self._claims:
            self._render(keep_strokes=True)
            return
        self._index = max(0, min(index, len(self._claims) - 1))
        self.status.setText("")
        self._render(keep_strokes=False)

    def _summary_of(self, claim: Claim) -> ClaimSummary | None:
        """The core's summary of ``claim`` in the family's language (None: cannot be read)."""
        try:
            return self._visit.summary(claim.id, self._texts.lang)
        except KioskError as exc:
            log.warning("claim summary not available: %s", type(exc).__name__)
            return None

    def _render(self, keep_strokes: bool) -> None:
        t = self._texts
        claim = self.claim
        content = QWidget()
        content.setObjectName("summary")
        col = QVBoxLayout(content)
        col.setContentsMargins(12, 12, 12, 12)
        col.setSpacing(12)
        self.summary_rows = []
        self.missing_items = []
        self.summary = None
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
            shown = self.summary = self._summary_of(claim)
            if shown is None:
                self.heading.setText(claim.benefit)
                self.consent.setText("")
                self.sign_heading.setText(t("family.signature_saved_as"))
                col.addWidget(self._label(t("family.cannot_show"), "problem"))
            else:
                self.heading.setText(shown.title)
                self.consent_heading.setText(shown.consent_heading)
                self.consent.setText(self._rtl_mark(shown.consent) if shown.consent else "")
                self.sign_heading.setText(shown.signature_heading)
                self._fill_summary(col, shown)
                can_sign = shown.signable and shown.problem is None
        col.addStretch(1)
        old = self.summary_scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.summary_scroll.setWidget(content)
        self.previous_button.setEnabled(self._index > 0)
        self.next_button.setEnabled(self._index + 1 < len(self._claims))
        if not keep_strokes and claim is not None:
            self._load_stored_signature(claim)
        self.signature_field.setEnabled(can_sign)
        self.sign_button.setEnabled(can_sign)
        if claim is not None and claim.id in self._signed and not self.status.text():
            self.status.setText(t("family.already_signed"))
        elif claim is not None and self.status.text() and claim.id in self._signed:
            self.status.setText(self._status_after_signing())

    def _load_stored_signature(self, claim: Claim) -> None:
        """A signed claim shows the strokes it was signed with; a draft an empty pad."""
        stored = None
        if claim.state != DRAFT:
            try:
                stored = self._visit.signature(claim.id)
            except KioskError:
                log.warning("stored signature could not be read")
        try:
            self.signature_field.load(stored)
        except (KioskError, ValueError, TypeError):
            self.signature_field.load(None)

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

    def _fill_summary(self, col: QVBoxLayout, shown: ClaimSummary) -> None:
        """Who it is for, the office, the plain-words summary, every field sent, what is
        still missing and what happens next — exactly as the core wrote it."""
        if shown.for_person:
            col.addWidget(self._label(shown.for_person))
        if shown.office_heading:
            col.addWidget(self._label(shown.office_heading))
        if shown.office:
            col.addWidget(self._label(shown.office, "office"))
        if shown.office_name:
            col.addWidget(self._label(shown.office_name))
        if shown.summary:
            col.addWidget(self._label(shown.summary))
        if shown.problem:
            col.addWidget(self._label(shown.problem, "problem"))
            return
        col.addWidget(self._label(shown.what_is_sent, "subheading"))
        for section in shown.sections:
            col.addWidget(self._label(section.title, "office"))
            for block in section.blocks:
                if block.title:
                    col.addWidget(self._label(block.title))
                # Each answer under its label (not beside it): a long label and a long
                # answer both keep the whole width, in every language and text size.
                rows = QVBoxLayout()
                rows.setSpacing(2)
                for item in block.rows:
                    self.summary_rows.append((item.label, item.value))
                    rows.addWidget(self._label(item.label, "fieldLabel"))
                    value = self._label(item.value, "fieldValue")
                    rows.addWidget(value)
                    rows.addSpacing(8)
                col.addLayout(rows)
        self.missing_items = list(shown.missing)
        if shown.missing:
            col.addWidget(self._label(shown.missing_heading, "subheading"))
            col.addWidget(self._label("\n".join(f"• {m}" for m in shown.missing)))
        if shown.next_steps:
            col.addWidget(self._label(shown.next_steps))

    # --- signing -------------------------------------------------------------------------
    def sign(self) -> bool:
        """Sign the claim shown with the drawn strokes; False (with a visible reason) when
        the signature is refused, the claim changed since it was shown, or it cannot be
        stored."""
        claim = self.claim
        shown = self.summary
        if claim is None or shown is None or not shown.signable or shown.sha256 is None:
            return False
        strokes = self.signature_field.take_signature()
        if strokes is None:
            self.status.setText("")
            return False
        try:
            # The core projects the claim again and signs it only if it is what was shown.
            signed = self._visit.sign(claim.id, strokes, shown.sha256, lang=self._texts.lang)
        except KioskError as exc:
            log.warning("signature not saved: %s", type(exc).__name__)
            self._show_problem(exc)
            return False
        self._signed.add(claim.id)
        self._claims[self._index] = signed
        self.signature_field.setEnabled(False)
        self.sign_button.setEnabled(False)
        self.status.setObjectName("success")
        self.status.setText(self._status_after_signing())
        self._restyle_status()
        return True

    def _show_problem(self, exc: KioskError) -> None:
        """The core's reason in the family's language where the core names one, else the
        general "could not be saved" text. The summary is read again (it may have changed)
        and the pad emptied: the family signs again what it then reads."""
        t = self._texts
        text = t(exc.text_key) if exc.text_key else ""
        self._render(keep_strokes=False)
        self.status.setObjectName("problem")
        self.status.setText(text or t("family.save_failed"))
        self._restyle_status()

    def _status_after_signing(self) -> str:
        t = self._texts
        if all(c.id in self._signed for c in self._claims):
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


class FamilyLockedScreen(QWidget):
    """What the family sees when family mode locked itself after idle time: a calm request
    to call the counsellor, in the family's language (right-to-left for Arabic), nothing of
    the case. The counsellor's PIN returns to the same case, claim, language and mode."""

    title = "Familienmodus gesperrt"
    fullscreen = True

    def __init__(self, window: MainWindow, lang: str = "de") -> None:
        super().__init__()
        self.setObjectName("family")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._window = window
        self.texts = t = Texts(lang)
        self.setLayoutDirection(t.direction)
        self.heading = QLabel(t("family.locked_title"), self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(t("family.locked_text"), self)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton(t("family.locked_unlock"), self)
        self.unlock_button.setObjectName("primary")
        self.unlock_button.setAccessibleName(t("family.locked_unlock"))
        self.unlock_button.setMinimumHeight(56)
        self.unlock_button.clicked.connect(self.request_unlock)
        column = QVBoxLayout(self)
        column.setContentsMargins(48, 48, 48, 48)
        column.setSpacing(24)
        column.addStretch(1)
        column.addWidget(self.heading)
        column.addWidget(self.text)
        column.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        self.unlock_button.setFocus()

    @property
    def language(self) -> str:
        return self.texts.lang

    def request_unlock(self) -> None:
        self._window.ask_pin(UNLOCK_REASON, self._window.resume_after_lock)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Escape:
            self.request_unlock()
            event.accept()
            return
        super().keyPressEvent(event)


SCREENS = {"family": FamilyScreen, "family_locked": FamilyLockedScreen}
