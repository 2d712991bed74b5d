"""The Windows installer, the part that is built on Linux: the MSI made by wixl from a
bundle folder, signed with Authenticode (osslsigncode, SHA-256) and verified; a changed byte,
a missing signature or another signer is refused. The Windows bundle itself is built by
.github/workflows/windows-bundle.yml; here a stand-in folder of the same shape is packed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.dist.conftest import INSTALLER, flip_byte, need_tools, run

pytestmark = [pytest.mark.dist, pytest.mark.slow]


@pytest.fixture()
def tools() -> None:
    need_tools("wixl", "wixl-heat", "msiinfo", "msibuild", "osslsigncode", "openssl")


def stand_in_bundle(folder: Path) -> Path:
    (folder / "_internal/resources/forms/household").mkdir(parents=True)
    (folder / "fvo-kiosk.exe").write_bytes(b"MZ kiosk window" + os.urandom(64 * 1024))
    (folder / "fvo-kiosk-admin.exe").write_bytes(b"MZ kiosk admin" + os.urandom(1024))
    (folder / "_internal/resources/forms/household/1.yaml").write_text("fields: []\n")
    (folder / "_internal/resources/station name with spaces.json").write_text("{}\n")
    return folder


@pytest.fixture()
def signed(tools: None, tmp_path: Path) -> tuple[Path, Path]:
    bundle = stand_in_bundle(tmp_path / "bundle")
    unsigned = tmp_path / "fvo-kiosk-unsigned.msi"
    run([INSTALLER / "windows/build-msi", bundle, unsigned, "1.2.3"])
    run([INSTALLER / "windows/demo-signing-cert", tmp_path / "cert"])
    msi = tmp_path / "fvo-kiosk.msi"
    run([INSTALLER / "windows/sign-msi", unsigned, msi, tmp_path / "cert/cert.pem",
         tmp_path / "cert/key.pem"])
    return msi, tmp_path / "cert/cert.pem"


def verify(msi: Path, ca: Path):
    return run([INSTALLER / "verify", msi, "--ca", ca], check=False)


def test_msi_carries_the_bundle_and_takes_a_station_configuration(signed) -> None:
    msi, _ = signed
    files = run(["msiinfo", "export", msi, "File"]).stdout
    for name in ("fvo-kiosk.exe", "fvo-kiosk-admin.exe", "1.yaml"):
        assert name in files, name
    rows = run(["msiinfo", "export", msi, "Property"]).stdout.splitlines()[3:]
    properties = dict(row.split("\t", 1) for row in rows)
    assert properties["ProductVersion"] == "1.2.3"
    # a silent per-machine install passes STATIONCONFIG on only if it is a secure property
    assert "STATIONCONFIG" in properties["SecureCustomProperties"].split(";")
    registry = run(["msiinfo", "export", msi, "Registry"]).stdout
    assert "Software\\FVO Kiosk\tStationConfig\t[STATIONCONFIG]" in registry
    assert "WIX_UPGRADE_DETECTED" in run(["msiinfo", "export", msi, "Upgrade"]).stdout


def test_signed_msi_verifies(signed) -> None:
    msi, ca = signed
    result = verify(msi, ca)
    assert result.returncode == 0, result.stderr
    assert "Signatur in Ordnung" in result.stdout
    details = run(["osslsigncode", "verify", "-CAfile", ca, "-in", msi]).stdout
    assert "Message digest algorithm         : SHA256" in details


def test_a_flipped_byte_in_the_payload_fails(signed, tmp_path: Path) -> None:
    msi, ca = signed
    data = msi.read_bytes()
    cabinet = data.find(b"MSCF")  # the embedded cabinet holding the program files
    assert cabinet > 0
    tampered = tmp_path / "tampered.msi"
    flip_byte(msi, tampered, cabinet + 40_000)
    result = verify(tampered, ca)
    assert result.returncode == 1
    assert "ABGELEHNT" in result.stderr and "Signatur passt nicht zum Inhalt" in result.stderr


def test_unsigned_or_foreign_signed_msi_is_refused(signed, tmp_path: Path) -> None:
    msi, ca = signed
    result = verify(tmp_path / "fvo-kiosk-unsigned.msi", ca)
    assert result.returncode == 1 and "ABGELEHNT" in result.stderr
    run([INSTALLER / "windows/demo-signing-cert", tmp_path / "other"])
    result = verify(msi, tmp_path / "other/cert.pem")
    assert result.returncode == 1 and "ABGELEHNT" in result.stderr


def test_the_timestamp_server_is_used_when_configured(tools: None, signed, tmp_path: Path) -> None:
    msi, ca = signed
    unsigned = tmp_path / "fvo-kiosk-unsigned.msi"
    env = {**os.environ, "FVO_MSI_TIMESTAMP_URL": "http://127.0.0.1:9/"}  # nothing listens
    result = run([INSTALLER / "windows/sign-msi", unsigned, tmp_path / "ts.msi", ca,
                  tmp_path / "cert/key.pem"], env=env, check=False)
    assert result.returncode != 0
    assert "127.0.0.1:9" in result.stdout + result.stderr
