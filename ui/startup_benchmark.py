"""Start-up benchmark: process start → login screen shown, against a bare PySide6 window.

``python -m ui.startup_benchmark [--runs N]`` starts each variant N times as a fresh
process (alternating, same machine, same run) and prints the medians and their ratio
(target: kiosk / bare <= 2.0). The kiosk variant includes interpreter start, imports, the
keyring look-up, opening the encrypted store and building the login screen.

The station key lives in the OS keyring, as in the kiosk (``make bench`` runs this inside a
throwaway session keyring); without one the benchmark says so and stops.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

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


def run(runs: int) -> dict[str, float] | None:
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
        except KeyringUnavailable as exc:
            print(f"no OS keyring: {exc}", file=sys.stderr)
            return None
        keyring_name = type(backend).__module__
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
    return 0 if run(args.runs) is not None else 1


if __name__ == "__main__":
    sys.exit(main())
