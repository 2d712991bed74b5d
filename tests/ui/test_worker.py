"""The worker helper: the core call runs off the UI thread, the answer arrives on it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from ui import worker


@pytest.fixture
def owner(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    return w


def test_result_is_delivered_on_the_ui_thread(qtbot, owner):
    ui_thread = threading.get_ident()
    seen: dict = {}

    def slow_core_call():
        seen["worker"] = threading.get_ident()
        return 42

    def done(result):
        seen["result"] = result
        seen["done_thread"] = threading.get_ident()

    worker.run(slow_core_call, parent=owner, on_done=done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=3000)
    assert seen["result"] == 42
    assert seen["worker"] != ui_thread
    assert seen["done_thread"] == ui_thread


def test_errors_are_delivered_not_swallowed(qtbot, owner):
    errors: list = []

    def broken():
        raise ValueError("boom")

    worker.run(
        broken, parent=owner, on_done=lambda r: errors.append("done?"), on_error=errors.append
    )
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], ValueError)


def test_a_closed_screen_gets_no_callback(qtbot):
    gate = threading.Event()
    calls: list = []
    w = QWidget()
    worker.run(lambda: gate.wait(2) or 1, parent=w, on_done=calls.append)
    w.deleteLater()
    qtbot.wait(20)
    gate.set()
    assert worker.wait_for_all()
    qtbot.wait(50)
    assert calls == []
