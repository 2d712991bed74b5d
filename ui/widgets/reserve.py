"""Room kept for a message line whether it shows or not, so nothing below or beside it
moves when a message appears or goes (a tap lands where the finger aimed)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QWidget


class _Reserve(QObject):
    """Keeps a label's minimum height at ``lines`` lines of its current (styled) font."""

    def __init__(self, label: QLabel, lines: int) -> None:
        super().__init__(label)
        self._lines = lines
        label.installEventFilter(self)
        self.update(label)

    def update(self, label: QLabel) -> None:
        label.ensurePolished()
        margins = label.contentsMargins()
        # A few px over the line spacing: a wrapped text's layout rounds each line up.
        height = ((label.fontMetrics().lineSpacing() + 2) * self._lines
                  + margins.top() + margins.bottom() + 2 * label.margin())
        if label.minimumHeight() != height:
            label.setMinimumHeight(height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and isinstance(
                watched, QLabel):
            self.update(watched)
        return False


def reserve_space(label: QLabel, lines: int = 1) -> None:
    """Keep room for ``lines`` lines of ``label`` while it is empty or hidden (it grows
    beyond that for a longer text)."""
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    _Reserve(label, lines)


def keep_place_when_hidden(widget: QWidget) -> None:
    """A widget that comes and goes (a field shown only for some answers) keeps its room
    while hidden, so the widgets after it stay where they are."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
