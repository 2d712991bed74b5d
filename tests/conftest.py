"""Suite-wide settings: Qt offscreen, a throwaway data dir per test, markers.

GUI tests run with QT_QPA_PLATFORM=offscreen (set here, before anything imports Qt).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("FVO_KIOSK_DATA_DIR", None)

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Like qutebrowser: every test that uses a QApplication is marked `gui`.
    for item in items:
        if {"qapp", "qtbot"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, empty station data directory."""
    d = tmp_path / "station"
    return d
