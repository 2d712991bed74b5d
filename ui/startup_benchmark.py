"""Start-up benchmark: process start → login screen shown, against a bare PySide6 window.

``python -m ui.startup_benchmark [--runs N]`` starts each variant N times as a fresh
process (alternating, same machine, same run) and prints the medians and their ratio
(target: kiosk / bare <= 2.0). The kiosk variant includes interpreter start, imports, the
keyring look-up, opening the encrypted store and building the login screen.

The key lives in the OS keyring when one is running (``make bench`` starts a session
keyring); otherwise a throwaway file keyring of this benchmark stands in (said in the
output), because a station key must be readable by the child processes.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import keyring.backend
from keyring.compat import properties

_FILE_ENV = "FVO_BENCH_KEYRING_FILE"

BARE = """
import time, sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget()
w.resize(1280, 800)
w.show()
while w.windowHandle() is None or not w.windowHandle().isExposed():
    app.processEvents()
app.processEvents()
print(time.time())
"""


class BenchFileKeyring(keyring.backend.KeyringBackend):
    """Benchmark-only stand-in when no OS keyring runs: a JSON file in a temp dir. Viable
    only inside a benchmark run (its file named in the environment)."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - a class property
        if _FILE_ENV not in os.environ:
            raise RuntimeError("only for ui.startup_benchmark")
        return 1

    def _path(self) -> Path:
        return Path(os.environ[_FILE_ENV])

    def _load(self) -> dict[str, str]:
        p = self._path()
        return json.loads(p.read_text()) if p.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\0{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\0{username}"] = password
        self._path().write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}\0{username}", None)
        self._path().write_text(json.dumps(data))


CHILD = """
import sys, time
from ui.startup_benchmark import child
sys.exit(child(sys.argv[1]))
"""


def child(data_dir: str) -> int:
    """The measured kiosk start: like ``fvo-kiosk --data-dir DIR`` up to the login screen."""
    from PySide6.QtWidgets import QApplication

    from ui import main as ui_main

    window = ui_main.start(["--data-dir", data_dir], on_error=lambda m: print(m, file=sys.stderr))
    if window is None:
        return 1
    app = QApplication.instance()
    handle = window.windowHandle()
    while handle is None or not handle.isExposed() or window.current_screen_name != "login":
        app.processEvents()  # type: ignore[union-attr]
        handle = window.windowHandle()
    app.processEvents()  # type: ignore[union-attr]
    print(time.time())
    window.session.station.close()
    return 0


def _time_process(cmd: list[str], env: dict[str, str]) -> float:
    import subprocess

    started = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, timeout=120)
    if out.returncode != 0:
        raise RuntimeError(f"benchmark child failed: {out.stderr.strip()[-500:]}")
    shown = float(out.stdout.strip().splitlines()[-1])
    return (shown - started) * 1000


def run(runs: int) -> dict[str, float]:
    import statistics
    import tempfile

    from kiosk.app import Station
    from kiosk.errors import KeyringUnavailable
    from kiosk.keys import KeyStore, check_backend

    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="fvo-bench-") as tmp:
        try:
            backend = check_backend()
            keyring_name = type(backend).__name__
            env.pop("PYTHON_KEYRING_BACKEND", None)
        except KeyringUnavailable:
            env[_FILE_ENV] = os.environ[_FILE_ENV] = str(Path(tmp) / "keyring.json")
            env["PYTHON_KEYRING_BACKEND"] = "ui.startup_benchmark.BenchFileKeyring"
            backend = BenchFileKeyring()
            keyring_name = "benchmark file keyring (no OS keyring running)"
        data_dir = str(Path(tmp) / "station")
        station = Station.provision(data_dir, demo=True, keyring_backend=backend)
        station_id = station.identity.station_id
        station.close()
        kiosk_cmd = [sys.executable, "-c", CHILD, data_dir]
        bare_cmd = [sys.executable, "-c", BARE]
        try:
            # One warm-up each (file cache), then alternate so drift hits both alike.
            _time_process(bare_cmd, env)
            _time_process(kiosk_cmd, env)
            bare, kiosk = [], []
            for _ in range(runs):
                bare.append(_time_process(bare_cmd, env))
                kiosk.append(_time_process(kiosk_cmd, env))
        finally:
            KeyStore(station_id, backend).delete_database_key()
    result = {
        "bare_ms": statistics.median(bare),
        "kiosk_ms": statistics.median(kiosk),
        "bare_min_ms": min(bare),
        "kiosk_min_ms": min(kiosk),
    }
    result["ratio"] = result["kiosk_ms"] / result["bare_ms"]
    print(f"keyring: {keyring_name}; platform: {env['QT_QPA_PLATFORM']}; runs: {runs}")
    print(
        f"bare PySide6 window shown:   median {result['bare_ms']:7.1f} ms "
        f"(min {result['bare_min_ms']:.1f})"
    )
    print(
        f"fvo-kiosk login screen shown: median {result['kiosk_ms']:7.1f} ms "
        f"(min {result['kiosk_min_ms']:.1f})"
    )
    print(f"ratio kiosk / bare: {result['ratio']:.2f} (target <= 2.0)")
    return result


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m ui.startup_benchmark")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    run(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
