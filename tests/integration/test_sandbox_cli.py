"""``python -m sandbox`` and ``fvo-kiosk-admin sandbox`` start a verifiable HTTPS sandbox."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import requests

from tests.integration.sandbox_fixtures import (
    client,
    control,
    running_sandbox,
    sandbox,
    sandbox_dir,
)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _start(args):
    env = dict(os.environ, PYTHONPATH=REPO)
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    first = proc.stdout.readline()
    assert first.startswith("FIT-Connect sandbox on https://127.0.0.1:"), (
        first + proc.stderr.read() if proc.poll() is not None else first)
    return proc, first.split()[-1]


def _stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        assert proc.wait(timeout=20) == 0
    finally:
        proc.stdout.close()
        proc.stderr.close()


def test_python_m_sandbox_serves_https_under_its_demo_ca(sandbox_dir, running_sandbox):
    proc, base = _start(["-m", "sandbox", "--port", "0", "--dir", str(sandbox_dir)])
    try:
        info = requests.get(base + "/v1/info", verify=str(sandbox_dir / "ca.pem"), timeout=10)
        assert info.json()["version"]["minor"] == 1
        # Without the demo CA the certificate is not trusted: TLS verification stays on.
        try:
            requests.get(base + "/v1/info", timeout=10)
            raise AssertionError("the sandbox certificate was trusted without its CA")
        except requests.exceptions.SSLError:
            pass
    finally:
        _stop(proc)


def test_the_admin_command_passes_sandbox_options_on(sandbox_dir, running_sandbox):
    proc, base = _start(["-m", "kiosk.cli.main", "sandbox", "--port", "0", "--dir",
                         str(sandbox_dir), "--", "--no-validate", "--latency-ms", "1"])
    try:
        stats = requests.get(base + "/sandbox/stats", verify=str(sandbox_dir / "ca.pem"),
                             timeout=10).json()
        assert stats["validate"] is False
    finally:
        _stop(proc)


def test_the_kiosk_cli_does_not_load_the_sandbox_until_the_command_runs():
    code = ("import sys; from kiosk.cli.main import build_parser; build_parser(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sandbox'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=REPO), cwd=REPO, check=True)
    assert out.stdout.strip() == "[]"


def test_the_kiosk_demo_secret_is_the_sandbox_demo_client_secret():
    # A demo station stores this secret at provisioning; the sandbox must accept it.
    from kiosk.demo import DEMO_CLIENT_SECRET
    from sandbox.config import DEMO_CLIENT_SECRET as SANDBOX_SECRET

    assert DEMO_CLIENT_SECRET == SANDBOX_SECRET
