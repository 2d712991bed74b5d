"""Project rules a linter cannot know, kept as tests (cf. qutebrowser's misc_checks)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted([*REPO.joinpath("kiosk").rglob("*.py"), *REPO.joinpath("ui").rglob("*.py")])
PERSONAL = re.compile(
    r"(family_name|given_names|birth|iban|bic|tax_id|steuer|household|answers|strokes|"
    r"signature|email|phone|address|street|\bpin\b|\bname\b|holder|income)",
    re.IGNORECASE,
)
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_core_never_imports_qt():
    offenders = []
    for path in REPO.joinpath("kiosk").rglob("*.py"):
        for node in ast.walk(_parse(path)):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"} for n in names):
                offenders.append(str(path.relative_to(REPO)))
    assert offenders == []


def test_importing_the_core_loads_no_qt():
    code = (
        "import sys, kiosk.app, kiosk.cli.main, kiosk.store, kiosk.keys;"
        "import pkgutil, importlib, kiosk;"
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(kiosk.__path__, 'kiosk.')"
        " if not m.name.endswith('__main__')];"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
        timeout=120,
    )
    assert out.stdout.strip() == "[]"


def test_tls_verification_is_never_switched_off():
    offenders = []
    for path in [*SOURCES, *REPO.joinpath("tests").rglob("*.py")]:
        for node in ast.walk(_parse(path)):
            if isinstance(node, ast.keyword) and node.arg == "verify":
                if isinstance(node.value, ast.Constant) and node.value.value is False:
                    offenders.append(f"{path.relative_to(REPO)}:{node.value.lineno}")
    assert offenders == []


def _log_calls(tree: ast.Module):
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in LOG_METHODS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in {"log", "logger", "logging", "_log", "LOG"}
        ):
            yield node


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_log_calls_carry_no_personal_data(path):
    offenders = []
    for call in _log_calls(_parse(path)):
        for arg in [*call.args[1:], *(k.value for k in call.keywords)]:
            for sub in ast.walk(arg):
                ident = sub.attr if isinstance(sub, ast.Attribute) else getattr(sub, "id", None)
                if ident and PERSONAL.search(ident):
                    offenders.append(f"line {call.lineno}: {ident}")
    assert offenders == []


def test_screens_never_reach_the_store_or_its_repositories():
    """Screens call the visit operations; an attribute path to the store (``station.store``,
    ``self._store``) is something import-linter's contracts cannot see, so it is checked here."""
    offenders = []
    for path in REPO.joinpath("ui").rglob("*.py"):
        for node in ast.walk(_parse(path)):
            if isinstance(node, ast.Attribute) and node.attr in {"store", "_store"}:
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


def test_screens_import_from_the_forms_package_only_types_and_texts():
    """``from kiosk.forms import X`` passes the layer contract (it names the package); only
    definitions a widget renders may come that way, never an operation."""
    import inspect

    import kiosk.forms

    allowed_functions = {"text_in"}
    offenders = []
    for path in REPO.joinpath("ui").rglob("*.py"):
        for node in ast.walk(_parse(path)):
            if isinstance(node, ast.ImportFrom) and node.module == "kiosk.forms":
                for alias in node.names:
                    obj = getattr(kiosk.forms, alias.name, None)
                    if not inspect.isclass(obj) and alias.name not in allowed_functions:
                        offenders.append(f"{path.relative_to(REPO)}:{node.lineno} {alias.name}")
    assert offenders == []
