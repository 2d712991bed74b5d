"""The signed .deb of `make dist`: what it holds, its signature, and the kiosk installed from
it into a fresh root, run with no checkout around."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.dist.conftest import INSTALLER, ROOT, empty_dpkg_root, flip_byte, outside_env, run

pytestmark = [pytest.mark.dist, pytest.mark.slow]

HOUSEHOLD = ROOT / "tests" / "fixtures" / "households" / "two_parents_three_children.json"


def verify(dist_dir: Path, package: Path) -> subprocess.CompletedProcess:
    return run([INSTALLER / "verify", package,
                "--policies-dir", dist_dir / "debsig" / "policies",
                "--keyrings-dir", dist_dir / "debsig" / "keyrings"], check=False)


def test_make_dist_made_the_bundle_and_a_signed_deb(dist_dir: Path, deb: Path) -> None:
    bundle = dist_dir / "bundle" / "fvo-kiosk"
    assert os.access(bundle / "fvo-kiosk", os.X_OK)
    assert (bundle / "fvo-kiosk-admin").exists()
    members = run(["ar", "t", deb]).stdout.split()
    assert members[:3] == ["debian-binary", "control.tar.zst", "data.tar.zst"]
    assert "_gpgorigin" in members
    control = run(["dpkg-deb", "-f", deb]).stdout
    assert "Section: misc" in control and "Priority: optional" in control
    measure = (dist_dir / "measure.txt").read_text()
    assert "start -> signed deb" in measure


def test_the_package_installs_what_a_station_needs(deb: Path) -> None:
    files = run(["dpkg-deb", "-c", deb]).stdout
    for path in ("./usr/bin/fvo-kiosk -> ../../opt/fvo-kiosk/fvo-kiosk",
                 "./usr/bin/fvo-kiosk-admin -> ../../opt/fvo-kiosk/fvo-kiosk-admin",
                 "./usr/lib/systemd/user/fvo-kiosk.service",
                 "./usr/share/doc/fvo-kiosk/README.station",
                 "/fvo-kiosk.pol", "/debsig.gpg",
                 "./opt/fvo-kiosk/_internal/resources/locale/ar/LC_MESSAGES/kiosk.mo",
                 "./opt/fvo-kiosk/_internal/resources/forms/household/1.yaml"):
        assert path in files, path
    # only the Qt the kiosk uses
    for unwanted in ("QtQuick", "QtQml", "QtWebEngine", "libqwayland", "Qt/translations",
                     "libgtk-3"):
        assert unwanted not in files, unwanted
    assert "station-config.json" in (ROOT / "installer/linux/README.station").read_text()


def test_debsig_verify_accepts_the_package(dist_dir: Path, deb: Path) -> None:
    result = verify(dist_dir, deb)
    assert result.returncode == 0, result.stderr
    assert "Signatur in Ordnung" in result.stdout


def test_a_flipped_byte_or_no_signature_is_refused(dist_dir: Path, deb: Path,
                                                   tmp_path: Path) -> None:
    tampered = tmp_path / deb.name
    flip_byte(deb, tampered, deb.stat().st_size // 2)  # inside data.tar.zst
    result = verify(dist_dir, tampered)
    assert result.returncode == 1
    assert "ABGELEHNT" in result.stderr and "Signatur passt nicht zum Inhalt" in result.stderr

    unsigned = tmp_path / "unsigned.deb"
    unsigned.write_bytes(deb.read_bytes())
    run(["ar", "d", unsigned, "_gpgorigin"])
    result = verify(dist_dir, unsigned)
    assert result.returncode == 1 and "keine Signatur" in result.stderr


@pytest.fixture(scope="module")
def installed(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .deb installed with dpkg into a fresh root (no maintainer scripts run as root)."""
    root = empty_dpkg_root(tmp_path_factory.mktemp("root"))
    run(["dpkg", f"--root={root}", "--force-depends", "--install", deb])
    return root


def test_installed_admin_runs_without_a_checkout(installed: Path, tmp_path: Path) -> None:
    from kiosk import __version__

    admin = installed / "usr/bin/fvo-kiosk-admin"
    result = run([admin, "--version"], cwd=tmp_path, env=outside_env())
    assert result.stdout.strip() == f"fvo-kiosk-admin {__version__}"
    dpkg_list = run(["dpkg", f"--root={installed}", "-s", "fvo-kiosk"]).stdout
    assert "Status: install ok installed" in dpkg_list


@pytest.mark.keyring
def test_installed_admin_provisions_and_imports_a_case(installed: Path, tmp_path: Path) -> None:
    admin = installed / "usr/bin/fvo-kiosk-admin"
    station = tmp_path / "station"
    env = outside_env(HOME=str(tmp_path))
    provision = run([admin, "--data-dir", station, "provision", "--demo"], cwd=tmp_path, env=env)
    assert "Demo-Beraterin" in provision.stdout
    assert "reading the .po" not in provision.stderr  # the compiled catalogs are used
    imported = run([admin, "--data-dir", station, "case", "import", HOUSEHOLD],
                   cwd=tmp_path, env=env).stdout.strip()
    cases = json.loads(run([admin, "--data-dir", station, "case", "list", "--json"],
                           cwd=tmp_path, env=env).stdout)
    assert imported in json.dumps(cases)
    assert len(cases) == 4  # the three sample families and the imported one
    claims = run([admin, "--data-dir", station, "case", "claims", imported, "--lang", "tr"],
                 cwd=tmp_path, env=env).stdout
    assert "kindergeld" in claims.lower()
    assert run([admin, "--data-dir", station, "check"], cwd=tmp_path, env=env).returncode == 0


@pytest.mark.keyring
def test_installed_admin_writes_sealed_claim_pdfs_that_verify(installed: Path,
                                                              tmp_path: Path) -> None:
    """The bundled PDF stack (fpdf2 with HarfBuzz shaping, pyHanko's seal, pikepdf/lxml,
    segno's QR codes) works from the installed files: the demo signs the al-Hassan claims in
    Arabic, their sealed PDFs verify against the demo CA, a changed byte does not."""
    admin = installed / "usr/bin/fvo-kiosk-admin"
    station = tmp_path / "station"
    env = outside_env(HOME=str(tmp_path))

    def admin_run(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess:
        return run([admin, "--data-dir", station, *args], cwd=tmp_path, env=env, check=check)

    admin_run("provision", "--demo")
    cases = json.loads(admin_run("case", "list", "--json").stdout)
    signed = [(c["case_id"], cl["claim_id"]) for c in cases for cl in c["claims"]
              if cl["state"] not in {"draft", "withdrawn"}]
    assert signed, cases
    case_id, claim_id = signed[0]
    pdf = tmp_path / "claim.pdf"
    assert "Versiegeltes Antrags-PDF" in admin_run("case", "pdf", claim_id, "--out", pdf).stdout
    ca = tmp_path / "ca.pem"
    admin_run("seal", "show", "--out", ca)
    verified = admin_run("verify-pdf", pdf, "--trust", ca, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "vollständig versiegelt und gültig" in verified.stdout
    assert "FEHLER" not in verified.stdout + verified.stderr

    tampered = tmp_path / "tampered.pdf"
    flip_byte(pdf, tampered, pdf.stat().st_size // 3)
    refused = admin_run("verify-pdf", tampered, "--trust", ca, check=False)
    assert refused.returncode != 0 and "NICHT bestanden" in refused.stderr

    handout = tmp_path / "handout.pdf"
    admin_run("case", "handout", case_id, "--lang", "ar", "--out", handout)
    assert handout.read_bytes().startswith(b"%PDF-")
    text = run(["pdftotext", handout, "-"]).stdout if shutil.which("pdftotext") else ""
    arabic = ("\u0600", "\u06ff"), ("\ufb50", "\ufeff")  # letters or presentation forms
    assert not text or any(lo <= ch <= hi for ch in text for lo, hi in arabic), text[:500]


@pytest.mark.keyring
def test_installed_kiosk_window_starts(installed: Path, tmp_path: Path) -> None:
    admin = installed / "usr/bin/fvo-kiosk-admin"
    station = tmp_path / "station"
    env = outside_env(HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    run([admin, "--data-dir", station, "provision"], cwd=tmp_path, env=env)
    proc = subprocess.Popen([installed / "usr/bin/fvo-kiosk", "--data-dir", station],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        time.sleep(4)
        assert proc.poll() is None, proc.communicate()[0]
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    assert "opened" in output, output
    assert "Traceback" not in output, output


def test_installed_user_unit_starts_the_kiosk_in_kiosk_mode(installed: Path,
                                                              tmp_path: Path) -> None:
    unit = (installed / "usr/lib/systemd/user/fvo-kiosk.service").read_text()
    assert "ExecStart=/usr/bin/fvo-kiosk --kiosk" in unit
    assert "WantedBy=graphical-session.target" in unit
    if shutil.which("systemd-analyze") is None:
        return
    # systemd checks the unit (and that its program exists) against the installed files
    local = tmp_path / "fvo-kiosk.service"
    local.write_text(unit.replace("ExecStart=/usr/bin/", f"ExecStart={installed}/usr/bin/"))
    result = run(["systemd-analyze", "verify", local], cwd=tmp_path, check=False)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr
