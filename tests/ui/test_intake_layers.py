"""The intake screen and the field widgets only show: they import no checking, coercing or
writing helper of the core and never reach the store (the visit operations do all that)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHOWING_ONLY = ("ui/screens/intake.py", "ui/widgets/fields.py")
#: What decides about a value or writes the household — the core's job.
FORBIDDEN_NAMES = {
    "check_value", "check_intake_value", "coerce", "coerce_checked", "write_field",
    "set_path", "delete_path", "add_item", "add_object", "visible_intake_fields",
    "intake_missing", "step_visible", "shift_pending",
}
FORBIDDEN_MODULES = ("kiosk.store.cases", "kiosk.store.claims", "kiosk.store.database",
                     "kiosk.validation", "ui.screens.intake_pending")


def _imports(path: Path) -> list[tuple[str, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names]
    return found


def test_the_intake_screen_and_the_widgets_import_nothing_that_checks_or_stores():
    for rel in SHOWING_ONLY:
        source = (REPO / rel).read_text(encoding="utf-8")
        for module, name in _imports(REPO / rel):
            assert name not in FORBIDDEN_NAMES, f"{rel} imports {module}.{name}"
            assert not module.startswith(FORBIDDEN_MODULES), f"{rel} imports {module}"
        for reach in ("_store", "store.cases", "store.claims", "station.store"):
            assert reach not in source, f"{rel} reaches the store ({reach})"
    assert not (REPO / "ui/screens/intake_pending.py").exists()
