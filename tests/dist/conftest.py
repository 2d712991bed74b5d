"""Fixtures of the package tests: the `make dist` output (``$FVO_DIST_DIR``, set by
``make test-dist``), an environment without the checkout, and a throwaway root for dpkg/apt."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


def need_tools(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {' '.join(missing)} (scripts/install-dist-deps.sh installs them)")


@pytest.fixture(scope="session")
def dist_dir() -> Path:
    """The folder `make dist` filled; the tests never build it themselves (1-2 minutes)."""
    value = os.environ.get("FVO_DIST_DIR")
    if not value:
        pytest.skip("run by `make test-dist` (needs FVO_DIST_DIR, the output of `make dist`)")
    path = Path(value)
    assert path.is_dir(), f"FVO_DIST_DIR={value} does not exist: run `make dist`"
    return path


@pytest.fixture(scope="session")
def deb(dist_dir: Path) -> Path:
    debs = sorted(dist_dir.glob("fvo-kiosk_*.deb"))
    assert len(debs) == 1, f"expected one .deb in {dist_dir}, found {debs}"
    return debs[0]


def outside_env(**extra: str) -> dict[str, str]:
    """The environment of an installed program: nothing of the checkout or its venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "FVO_KIOSK_RESOURCES",
                        "FVO_KIOSK_DATA_DIR"}}
    env["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin"
    env.update(extra)
    return env


def run(cmd: list[str | Path], *, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("text", True)
    result = subprocess.run([str(c) for c in cmd], capture_output=True, timeout=300, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"{cmd} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def empty_dpkg_root(root: Path, *, status_from_host: bool = False) -> Path:
    """A fresh root for `dpkg --root`; with status_from_host the packages this machine has
    count as installed there too (so apt finds the .deb's Depends satisfied)."""
    if os.geteuid() != 0:
        pytest.skip("installing with dpkg/apt needs root (CI runs `make test-dist` as root)")
    for sub in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    status = root / "var/lib/dpkg/status"
    if status_from_host:
        shutil.copyfile("/var/lib/dpkg/status", status)
    else:
        status.touch()
    return root


def flip_byte(src: Path, dst: Path, offset: int) -> None:
    data = bytearray(src.read_bytes())
    data[offset] ^= 0x01
    dst.write_bytes(bytes(data))
