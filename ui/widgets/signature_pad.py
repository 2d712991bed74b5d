"""Touchscreen signature pad: finger, pen (with pressure) or mouse → strokes in the core model.

``SignaturePad`` is the drawing surface; ``SignatureField`` adds Clear / Undo / Redo buttons
and a message line, and refuses an empty or too-short signature with a visible message.
The strokes live in ``kiosk.signature.Signature`` (Qt-free); this module only feeds it input
and draws it: quadratic curves through the midpoints of successive points, antialiased, the
line width following the pen's pressure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.signature import Point, Signature

# Devices that report no pressure (mouse, most touch screens) are recorded as neutral 0.5.
DEFAULT_PRESSURE = 0.5
# A synthesized mouse event within this many ms after touch/pen input is an echo of it.
_ECHO_MS = 400
BASE_WIDTH = 3.0  # line width in pad pixels at neutral pressure
INK = QColor("#0b1f4d")


def _width(pressure: float, scale: float) -> float:
    return max(1.0, BASE_WIDTH * scale * (0.45 + 1.1 * pressure))


def _paint_stroke(p: QPainter, pts: Sequence[Point], scale: float) -> None:
    """Draw one stroke smoothly: a quadratic segment from midpoint to midpoint per point,
    each with the width of its control point's pressure (round caps join them seamlessly)."""
    if not pts:
        return
    pen = QPen(INK)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)

    def at(pt: Point) -> QPointF:
        return QPointF(pt.x * scale, pt.y * scale)

    if len(pts) == 1:
        w = _width(pts[0].pressure, scale)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(INK)
        p.drawEllipse(at(pts[0]), w / 2, w / 2)
        p.setBrush(Qt.BrushStyle.NoBrush)
        return
    start = at(pts[0])
    for i in range(1, len(pts)):
        ctrl = at(pts[i])
        end = (ctrl + at(pts[i + 1])) / 2 if i + 1 < len(pts) else ctrl
        path = QPainterPath(start)
        path.quadTo(ctrl, end)
        pen.setWidthF(_width((pts[i - 1].pressure + pts[i].pressure) / 2, scale))
        p.setPen(pen)
        p.drawPath(path)
        start = end


class SignaturePad(QWidget):
    """The surface a family signs on. Input in widget pixels; the model keeps pad pixels
    of the size the pad had at the first stroke (drawn scaled if the pad is resized)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, hint: str = "") -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(320, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._hint = hint
        self._signature = Signature(self.width() or 600, self.height() or 240)
        self._clock = QElapsedTimer()
        self._touch_id: int | None = None
        self._pen_down = False
        self._mouse_down = False
        self._last_device_input = QElapsedTimer()
        self._cache: QPixmap | None = None

    # --- model access --------------------------------------------------------------------
    @property
    def signature(self) -> Signature:
        return self._signature

    def set_hint(self, hint: str) -> None:
        self._hint = hint
        self.update()

    def load(self, data: dict[str, Any] | None) -> None:
        """Show a stored signature (``Signature.to_dict()`` form), or start afresh."""
        if data:
            self._signature = Signature.from_dict(data)
        else:
            self._signature = Signature(max(1, self.width()), max(1, self.height()))
        self._clock.invalidate()
        self._changed()

    def clear(self) -> None:
        self._signature.clear()
        self._changed()

    def undo(self) -> None:
        if self._signature.undo():
            self._changed()

    def redo(self) -> None:
        if self._signature.redo():
            self._changed()

    def _changed(self) -> None:
        self._cache = None
        self.update()
        self.changed.emit()

    # --- geometry ------------------------------------------------------------------------
    def _scale(self) -> float:
        sig = self._signature
        return min(self.width() / sig.width, self.height() / sig.height)

    def _point(self, pos: QPointF, pressure: float) -> Point:
        if not self._clock.isValid():
            self._clock.start()
        s = self._scale()
        return Point(pos.x() / s, pos.y() / s, int(self._clock.elapsed()), pressure)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        sig = self._signature
        if sig.is_empty() and not sig.can_undo() and not sig.can_redo():
            # Nothing drawn yet: let the model take the pad's real size.
            self._signature = Signature(max(1, self.width()), max(1, self.height()))
        self._cache = None
        super().resizeEvent(event)

    # --- input ---------------------------------------------------------------------------
    def _begin(self, pos: QPointF, pressure: float) -> None:
        self._signature.begin_stroke(self._point(pos, pressure))
        self.update()

    def _move(self, pos: QPointF, pressure: float) -> None:
        self._signature.add_point(self._point(pos, pressure))
        self.update()

    def _end(self) -> None:
        self._signature.end_stroke()
        self._changed()

    def _is_echo(self, event: QMouseEvent) -> bool:
        """A mouse event that the system made up from touch or pen input we already draw."""
        if self._touch_id is not None or self._pen_down:
            return True
        return (
            event.source() != Qt.MouseEventSource.MouseEventNotSynthesized
            and self._last_device_input.isValid()
            and self._last_device_input.elapsed() < _ECHO_MS
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or self._is_echo(event):
            event.ignore()
            return
        self._mouse_down = True
        self._begin(event.position(), DEFAULT_PRESSURE)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not self._mouse_down:
            event.ignore()
            return
        self._move(event.position(), DEFAULT_PRESSURE)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not self._mouse_down or event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self._mouse_down = False
        self._move(event.position(), DEFAULT_PRESSURE)
        self._end()
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        self._last_device_input.start()
        pressure = float(event.pressure())
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._pen_down = True
            self._begin(event.position(), pressure)
        elif kind == QEvent.Type.TabletMove and self._pen_down:
            self._move(event.position(), pressure)
        elif kind == QEvent.Type.TabletRelease and self._pen_down:
            self._pen_down = False
            self._move(event.position(), pressure)
            self._end()
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
        ):
            assert isinstance(event, QTouchEvent)
            self._touch(event)
            event.accept()
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        self._last_device_input.start()
        points = event.points()
        if event.type() == QEvent.Type.TouchCancel:
            if self._touch_id is not None:
                self._touch_id = None
                self._end()
            return
        if self._touch_id is None:
            # The first finger down signs; further fingers (a palm, a second hand) are ignored.
            first = next((p for p in points if p.state() == p.State.Pressed), None)
            if first is None:
                return
            self._touch_id = first.id()
            self._begin(first.position(), self._touch_pressure(event, first.pressure()))
            return
        mine = next((p for p in points if p.id() == self._touch_id), None)
        if mine is None:
            return
        self._move(mine.position(), self._touch_pressure(event, mine.pressure()))
        if mine.state() == mine.State.Released or event.type() == QEvent.Type.TouchEnd:
            self._touch_id = None
            self._end()

    @staticmethod
    def _touch_pressure(event: QTouchEvent, pressure: float) -> float:
        device = event.pointingDevice()
        has_pressure = device is not None and bool(
            device.capabilities() & device.Capability.Pressure
        )
        return pressure if has_pressure and 0.0 < pressure <= 1.0 else DEFAULT_PRESSURE

    # --- drawing -------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(640, 260)

    def _finished_strokes(self) -> QPixmap:
        if self._cache is None or self._cache.size() != self.size() * self.devicePixelRatioF():
            ratio = self.devicePixelRatioF()
            pm = QPixmap(self.size() * ratio)
            pm.setDevicePixelRatio(ratio)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            scale = self._scale()
            for stroke in self._signature.strokes:
                _paint_stroke(p, stroke.points, scale)
            p.end()
            self._cache = pm
        return self._cache

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect())
        p.fillRect(r, QColor("#ffffff"))
        # Baseline and hint where to sign.
        base_y = r.height() * 0.72
        p.setPen(QPen(QColor("#8a94a6"), 2, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(24, base_y), QPointF(r.width() - 24, base_y))
        if self._signature.is_empty() and self._hint:
            p.setPen(QColor("#5a6478"))
            p.drawText(
                QRectF(24, base_y + 6, r.width() - 48, r.height() - base_y - 8),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                self._hint,
            )
        p.drawPixmap(0, 0, self._finished_strokes())
        _paint_stroke(p, self._signature.current_points, self._scale())
        p.setPen(QPen(QColor("#0b1f4d"), 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(r.adjusted(1, 1, -1, -1))
        p.end()


class SignatureField(QWidget):
    """The pad with Clear / Undo / Redo and a message line. ``texts(key)`` supplies the
    family's language (keys ``signature.*``); German by default."""

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, texts: Callable[[str], str] | None = None
    ) -> None:
        super().__init__(parent)
        if texts is None:
            from ui.i18n import Texts

            texts = Texts("de")
        self._texts = texts
        self.pad = SignaturePad(self)
        self.clear_button = QPushButton(self)
        self.undo_button = QPushButton(self)
        self.redo_button = QPushButton(self)
        # The refusal is shown on the pad itself, over its top edge, where the family
        # looks: it takes no room of its own, so showing it never moves or shrinks the pad.
        self.message = QLabel(self.pad)
        self.message.setObjectName("padMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.message.setVisible(False)
        self.message.setAccessibleDescription("")
        self.pad.installEventFilter(self)
        for b in (self.clear_button, self.undo_button, self.redo_button):
            # No fixed width: each button as wide as its text in every language.
            b.setMinimumHeight(48)
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.clear_button.clicked.connect(self.pad.clear)
        self.undo_button.clicked.connect(self.pad.undo)
        self.redo_button.clicked.connect(self.pad.redo)
        self.pad.changed.connect(self._on_changed)

        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pad, 1)
        layout.addLayout(buttons)
        self.set_texts(texts)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.pad and event.type() == QEvent.Type.Resize:
            self._place_message()
        return False

    def _place_message(self) -> None:
        """The message across the top of the pad, as high as its text needs."""
        width = max(1, self.pad.width() - 16)
        height = min(self.message.heightForWidth(width), max(1, self.pad.height() - 16))
        self.message.setGeometry(8, 8, width, max(height, 1))

    def set_texts(self, texts: Callable[[str], str]) -> None:
        self._texts = texts
        t = texts
        self.pad.set_hint(t("family.sign_here"))
        self.pad.setAccessibleName(t("signature.pad"))
        for button, key in (
            (self.clear_button, "signature.clear"),
            (self.undo_button, "signature.undo"),
            (self.redo_button, "signature.redo"),
        ):
            button.setText(t(key))
            button.setAccessibleName(t(key))
        if self._problem_key:
            self.message.setText(t(self._problem_key))
            self._place_message()
        self._update_buttons()

    _problem_key: str | None = None

    def _on_changed(self) -> None:
        self._problem_key = None
        self.message.setVisible(False)
        self._update_buttons()
        self.changed.emit()

    def _update_buttons(self) -> None:
        sig = self.pad.signature
        self.undo_button.setEnabled(sig.can_undo())
        self.redo_button.setEnabled(sig.can_redo())
        self.clear_button.setEnabled(not sig.is_empty())

    def problem_text(self) -> str | None:
        """The visible refusal message, if one is shown."""
        return self.message.text() if self._problem_key else None

    def take_signature(self) -> dict[str, Any] | None:
        """The strokes as ``Signature.to_dict()`` if acceptable; otherwise show why and
        return None."""
        key = self.pad.signature.problem_key()
        if key is not None:
            self._problem_key = key
            self.message.setText(self._texts(key))
            self.message.setAccessibleName(self._texts(key))
            self._place_message()
            self.message.setVisible(True)
            self.message.raise_()
            return None
        return self.pad.signature.to_dict()

    def load(self, data: dict[str, Any] | None) -> None:
        self.pad.load(data)
