"""Verified updates against a local TUF repository served on loopback: a good update is
downloaded; a swapped package, metadata signed by the wrong key, an expired timestamp and a
rollback (older metadata, or an older package version) are each refused and nothing is left
in the download folder."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from securesystemslib.signer import CryptoSigner

from kiosk import config_signature as cs
from kiosk.cli.main import main
from kiosk.config import CONFIG_FILE
from kiosk.errors import InvalidInput
from kiosk.resources import resource_path
from kiosk.update import UpdateClient, UpdateRefused, UpdatesNotConfigured
from kiosk.update import client as update_client

REPO_ROOT = Path(__file__).resolve().parents[2]
TARGET = "linux/fvo-kiosk_amd64.deb"


def _publish_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "fvo_publish", REPO_ROOT / "installer" / "tuf" / "publish.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


publish = _publish_module()


class _Handler(SimpleHTTPRequestHandler):
    # HTTP/1.1 and no Nagle: ThreadingHTTPServer otherwise stalls ~40 ms per request.
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[tuple[object, str]]:
    """A fresh repository with version 0.2.0 of the package, served on 127.0.0.1."""
    repository = publish.Repository.init(tmp_path / "repo", tmp_path / "keys",
                                         root_keys=3, root_threshold=2)
    package = tmp_path / "fvo-kiosk_0.2.0_amd64.deb"
    package.write_bytes(b"!<arch>\n the 0.2.0 package " * 100)
    repository.add_target(package, TARGET, "0.2.0")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(_Handler, directory=str(tmp_path / "repo")))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield repository, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def client(tmp_path: Path, repository, url: str, installed: str = "0.1.0") -> UpdateClient:
    root = (repository.metadata_dir / "1.root.json").read_bytes()
    return UpdateClient(tmp_path / "station", url, root, TARGET, installed=installed)


def refused(action, *phrases: str) -> str:
    with pytest.raises(UpdateRefused) as err:
        action()
    message = err.value.user_message
    assert "nichts installiert" in message or "nicht heruntergeladen" in message or phrases
    for phrase in phrases:
        assert phrase in message, message
    return message


def test_a_good_update_is_verified_and_downloaded(tmp_path, repo):
    repository, url = repo
    out = tmp_path / "out"
    out.mkdir()
    c = client(tmp_path, repository, url)
    offered = c.check()
    assert (offered.version, offered.newer) == ("0.2.0", True)
    package = c.download(out)
    assert package == out / "fvo-kiosk_amd64_0.2.0.deb"
    assert package.read_bytes().startswith(b"!<arch>\n the 0.2.0 package")
    assert [p.name for p in out.iterdir()] == [package.name]


def test_a_swapped_package_is_refused(tmp_path, repo):
    repository, url = repo
    (stored,) = (repository.targets_dir / "linux").iterdir()
    stored.write_bytes(b"!<arch>\n an evil package " * 100)
    out = tmp_path / "out"
    out.mkdir()
    refused(lambda: client(tmp_path, repository, url).download(out),
            "stimmt nicht mit den signierten Angaben überein")
    assert list(out.iterdir()) == []


def test_metadata_signed_by_the_wrong_key_is_refused(tmp_path, repo):
    repository, url = repo
    repository.refresh_timestamp(signer=CryptoSigner(Ed25519PrivateKey.generate()))
    refused(lambda: client(tmp_path, repository, url).check(),
            "nicht mit den vertrauten Schlüsseln signiert")


def test_an_expired_timestamp_is_refused(tmp_path, repo):
    repository, url = repo
    repository.refresh_timestamp(expires=datetime.now(UTC).replace(microsecond=0)
                                 - timedelta(hours=1))
    refused(lambda: client(tmp_path, repository, url).check(), "abgelaufen")


def test_a_rollback_to_older_metadata_is_refused(tmp_path, repo):
    repository, url = repo
    old_timestamp = (repository.metadata_dir / "timestamp.json").read_bytes()
    newer = tmp_path / "fvo-kiosk_0.3.0_amd64.deb"
    newer.write_bytes(b"!<arch>\n the 0.3.0 package")
    repository.add_target(newer, TARGET, "0.3.0")
    assert client(tmp_path, repository, url).check().version == "0.3.0"
    # The repository (or someone between) now serves the state before 0.3.0 again.
    (repository.metadata_dir / "timestamp.json").write_bytes(old_timestamp)
    refused(lambda: client(tmp_path, repository, url).check(), "Rollback")


def test_an_older_package_version_is_not_installed(tmp_path, repo):
    repository, url = repo
    out = tmp_path / "out"
    out.mkdir()
    c = client(tmp_path, repository, url, installed="0.10.0")
    assert c.check().newer is False
    refused(lambda: c.download(out), "nicht neuer als die installierte Version 0.10.0")
    assert list(out.iterdir()) == []


def test_a_station_without_trusted_root_or_repository_does_not_update(tmp_path):
    with pytest.raises(UpdatesNotConfigured):
        UpdateClient(tmp_path, None, b"{}")
    with pytest.raises(InvalidInput):
        UpdateClient(tmp_path, "http://updates.example.org/kiosk", b"{}")
    assert UpdateClient(tmp_path, "https://updates.example.org/kiosk", b"{}").url


def test_publish_update_script_and_admin_commands_end_to_end(tmp_path, repo, monkeypatch,
                                                             capsys, station):
    """IT's path: config with updates.url signed and installed, `update check`, a release
    with `installer/publish-update`, `update download`; the installer command is printed."""
    repository, url = repo
    key = Ed25519PrivateKey.generate()
    trusted = cs.parse_trust({"format": cs.KEYS_FORMAT,
                              "keys": [cs.key_entry(key.public_key(), "IT")]}, "production")
    monkeypatch.setattr(cs, "production_keys", lambda: trusted)
    monkeypatch.setattr(update_client, "packaged_root",
                        lambda: (repository.metadata_dir / "1.root.json").read_bytes())
    monkeypatch.setattr("kiosk.cli.update_cmds.packaged_root", update_client.packaged_root)
    doc = json.loads(resource_path("station", "demo.json").read_bytes())
    doc["updates"] = {"url": url}
    raw = json.dumps(doc).encode()
    (station.dir.path / CONFIG_FILE).write_bytes(raw)
    (station.dir.path / (CONFIG_FILE + ".sig")).write_bytes(cs.sign(key, raw))
    base = ["--data-dir", str(station.dir.path), "update"]

    assert main([*base, "check"]) == 0
    assert "Update verfügbar: Version 0.2.0" in capsys.readouterr().out

    # IT publishes 0.3.0 with the script.
    package = tmp_path / "fvo-kiosk_0.3.0_amd64.deb"
    package.write_bytes(b"!<arch>\n the 0.3.0 package")
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "installer" / "publish-update"), "add",
         "--repo", str(repository.repo), "--keys", str(repository.keys), "--name", TARGET,
         "--version", "0.3.0", str(package)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert main([*base, "check"]) == 0
    assert "Update verfügbar: Version 0.3.0" in capsys.readouterr().out
    out = tmp_path / "out"
    out.mkdir()
    assert main([*base, "download", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "apt-get install -y" in printed and "fvo-kiosk_amd64_0.3.0.deb" in printed
    assert (station.dir.path / "updates" / "metadata" / "timestamp.json").exists()

    shutil.rmtree(out)
    out.mkdir()
    for stored in (repository.targets_dir / "linux").iterdir():
        stored.write_bytes(b"swapped")
    assert main([*base, "download", "--out", str(out)]) == 1
    assert "Update abgelehnt" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_a_demo_station_has_no_updates_and_says_so(station, capsys):
    assert main(["--data-dir", str(station.dir.path), "update", "check"]) == 1
    assert "keine Updates eingerichtet" in capsys.readouterr().err


def test_a_package_without_a_trusted_root_does_not_update(monkeypatch, tmp_path):
    monkeypatch.setattr(update_client, "resource_path", lambda *parts: tmp_path / "absent.json")
    with pytest.raises(UpdatesNotConfigured) as err:
        update_client.packaged_root()
    assert "tuf-root.json" in err.value.user_message
