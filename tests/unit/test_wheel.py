"""The built wheel works on its own: installed into a fresh venv, run from another folder.

Builds the wheel from a copy of the package sources, installs it with its dependencies
into a new virtualenv (pip's own cache and find-links make repeated runs fast), and runs
``fvo-kiosk-admin`` from a temp folder with no ``PYTHONPATH``, so nothing of the checkout
can be imported: forms, schemas and eligibility rules must come out of the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HOUSEHOLD = REPO / "tests" / "fixtures" / "households" / "two_parents_three_children.json"
#: What the wheel is built from (everything else in the checkout stays out of the copy).
SOURCES = ("kiosk", "ui", "resources", "pyproject.toml", "README.md")
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "build", "*.egg-info")

pytestmark = [pytest.mark.slow, pytest.mark.keyring]


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"{args[:3]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _clean_env() -> dict[str, str]:
    """The environment without anything that points into the checkout or its data."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "FVO_KIOSK_RESOURCES",
                 "FVO_KIOSK_DATA_DIR", "PYTHONSTARTUP"):
        env.pop(name, None)
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name, ignore=JUNK)
        else:
            shutil.copy2(REPO / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
         cwd=out, env=_clean_env())
    (built,) = out.glob("fvo_kiosk-*.whl")
    return built


def test_the_wheel_carries_every_resource_file(wheel):
    with zipfile.ZipFile(wheel) as zf:
        packed = set(zf.namelist())
    on_disk = {p.relative_to(REPO).as_posix() for p in (REPO / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert on_disk, "no resources found in the checkout"
    assert sorted(on_disk - packed) == []
    assert not any(name.startswith("tests/") for name in packed)


def test_installed_wheel_provisions_imports_and_lists_claims(wheel, tmp_path, real_keyring):
    venv = tmp_path / "venv"
    env = _clean_env()
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path, env=env)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    _run([str(python), "-m", "pip", "install", "-q", str(wheel)], cwd=tmp_path, env=env)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = json.loads(_run([str(python), "-c", (
        "import json, kiosk; from kiosk.resources import resources_root; "
        "print(json.dumps([kiosk.__file__, str(resources_root())]))")], elsewhere, env))
    for path in where:
        assert Path(path).resolve().is_relative_to(venv.resolve()), path

    admin = [str(bin_dir / "fvo-kiosk-admin"), "--data-dir", str(tmp_path / "data")]
    out = _run([*admin, "provision", "--demo"], elsewhere, env)
    assert "246810" in out
    station_id = json.loads(_run([*admin, "status", "--json"], elsewhere, env))["station_id"]
    try:
        shutil.copy2(HOUSEHOLD, elsewhere / "household.json")
        case_id = _run([*admin, "case", "import", "household.json"], elsewhere, env).strip()
        assert len(case_id) == 32 and int(case_id, 16) >= 0
        doc = json.loads(_run([*admin, "case", "claims", case_id, "--json"], elsewhere, env))
    finally:
        from kiosk.keys import KeyStore

        KeyStore(station_id, real_keyring).delete_database_key()

    assert doc["case_id"] == case_id
    rows = doc["claims"]
    hints = {(r["benefit"], r["subject_name"]): r["hint"] for r in rows}
    assert {r["benefit"] for r in rows} == {
        "kindergeld", "kinderzuschlag", "bildung_teilhabe", "wohngeld",
        "unterhaltsvorschuss", "buergergeld"}
    # Two parents in the household: no Unterhaltsvorschuss for any of the three children;
    # a low income: Kinderzuschlag and Wohngeld are likely.
    uv = sorted(n for (benefit, n), _ in hints.items() if benefit == "unterhaltsvorschuss")
    assert [n.split()[0] for n in uv] == ["Lena", "Mia", "Paul"]
    assert [hints[("unterhaltsvorschuss", n)] for n in uv] == ["not_applicable"] * 3
    assert hints[("kinderzuschlag", None)] == hints[("wohngeld", None)] == "likely"
    # Texts come from the installed forms: German reasons and labels of missing items.
    assert all(r["reason"] for r in rows)
    assert any(m["label"].startswith("Welche Leistung") for r in rows for m in r["missing"])
