"""Drop-downs made for a finger: every entry of the open list at least 48 px high, the
closed box as wide as its column allows (not as its longest entry), the wheel ignored
until the box has focus (``ui.widgets.wheel_guard``)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem

from ui.widgets.wheel_guard import guard_wheel

TOUCH_PX = 48


class TouchItemDelegate(QStyledItemDelegate):
    """Entries of a drop-down's list at least ``TOUCH_PX`` high (and as high as their text
    needs in large type)."""

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 (Qt API)
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 16, max(hint.height() + 12, TOUCH_PX))


def touch_combo(combo: QComboBox, min_chars: int = 10) -> None:
    """Make ``combo`` touch-sized: tall entries, a width that fits a narrow column while
    the open list still shows every entry in full, and no change by a stray wheel turn."""
    combo.setItemDelegate(TouchItemDelegate(combo))
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(min_chars)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
    combo.setMinimumHeight(TOUCH_PX)
    guard_wheel(combo)
