"""fvo-kiosk-admin as IT uses it: a real process, the real OS keyring, documented exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kiosk.cli.main import build_parser

ADMIN = [sys.executable, "-m", "kiosk.cli.main"]


def run(*args, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ADMIN, *args], input=stdin, capture_output=True, text=True, timeout=60, check=False
    )


def _commands(parser, prefix=()):
    for action in parser._actions:
        if action.__class__.__name__ == "_SubParsersAction":
            for name, sub in action.choices.items():
                yield (*prefix, name)
                yield from _commands(sub, (*prefix, name))


@pytest.mark.parametrize("command", [(), *_commands(build_parser())], ids=" ".join)
def test_every_command_has_help(command):
    r = run(*command, "--help")
    assert r.returncode == 0 and "usage:" in r.stdout


def test_usage_error_is_exit_code_2():
    assert run("no-such-command").returncode == 2


@pytest.mark.keyring
def test_provision_enrol_status_with_the_os_keyring(real_keyring, data_dir):
    d = ["--data-dir", str(data_dir)]
    r = run(*d, "provision", "--demo")
    assert r.returncode == 0, r.stderr
    assert "246810" in r.stdout

    again = run(*d, "provision")
    assert again.returncode == 1 and "bereits" in again.stderr

    bad = run(*d, "enrol", "--name", "Kurz", "--pin-stdin", stdin="123\n")
    assert bad.returncode == 2 and "mindestens 6" in bad.stderr
    ok = run(*d, "enrol", "--name", "Lena Wolf", "--pin-stdin", stdin="583920\n")
    assert ok.returncode == 0, ok.stderr

    status = run(*d, "status", "--json")
    assert status.returncode == 0, status.stderr
    doc = json.loads(status.stdout)
    assert doc["counsellors"] == 2 and doc["demo"] is True
    assert "Lena" not in status.stdout  # status carries no personal data
    human = run(*d, "status")
    assert "Fälle: 3" in human.stdout  # the demo's three sample families

    assert run(*d, "audit", "verify").returncode == 0
    _forget_key(real_keyring, doc["station_id"])


def _forget_key(backend, station_id):
    from kiosk.keys import KeyStore

    KeyStore(station_id, backend).delete_database_key()


def test_status_without_station_tells_what_to_do(data_dir):
    r = run("--data-dir", str(data_dir), "status")
    assert r.returncode == 1
    assert "provision" in r.stderr and "Traceback" not in r.stderr
