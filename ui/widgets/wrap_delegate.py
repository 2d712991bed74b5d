"""List rows as tall as their wrapped text at the list's present width (Qt's own estimate
misses the style sheet's item padding, and the last line is then cut with "…")."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QStyleOptionViewItem

#: Room the style sheet's item padding and the selection frame take (kiosk.qss:
#: ``QListWidget::item { padding: 4px 12px }``), with a few px to spare.
PAD_X = 2 * 12 + 8
PAD_Y = 2 * 4 + 12
MIN_ROW = 56


class WrapDelegate(QStyledItemDelegate):
    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 (Qt API)
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = max(40, self._view.viewport().width() - PAD_X)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        metrics = self._view.fontMetrics()
        needed = metrics.boundingRect(QRect(0, 0, width, 100_000),
                                      int(Qt.TextFlag.TextWordWrap), text)
        return QSize(width + PAD_X, max(MIN_ROW, needed.height() + PAD_Y))


def wrap_rows(view: QListView) -> None:
    """Give ``view`` rows that grow with their wrapped text and follow its width."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setItemDelegate(WrapDelegate(view))
