"""The signed apt repository of `make dist`: apt installs the kiosk from it into a fresh root
and refuses a repository whose Packages index was changed after signing."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from tests.dist.conftest import INSTALLER, empty_dpkg_root, need_tools, outside_env, run

pytestmark = [pytest.mark.dist, pytest.mark.slow]


def apt_root(root: Path, repo: Path) -> dict[str, str]:
    """A root with its own apt configuration whose only source is ``repo``, checked with the
    repository's own key (Signed-By); returns the environment that points apt at it. The
    packages of this machine count as installed in the root, so the Depends are met."""
    empty_dpkg_root(root, status_from_host=True)
    for sub in ("etc/apt/apt.conf.d", "etc/apt/sources.list.d", "etc/apt/preferences.d",
                "etc/apt/trusted.gpg.d", "var/lib/apt/lists/partial",
                "var/cache/apt/archives/partial", "var/log/apt"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    keyring = root / "fvo-kiosk-archive-keyring.gpg"
    shutil.copyfile(repo / "fvo-kiosk-archive-keyring.gpg", keyring)
    (root / "etc/apt/sources.list.d/fvo-kiosk.sources").write_text(
        f"Types: deb\nURIs: file:{repo}\nSuites: fvo-kiosk\nComponents: main\n"
        f"Signed-By: {keyring}\n")
    conf = root / "apt.conf"
    conf.write_text(f'''Dir "{root}/";
Dir::State::status "{root}/var/lib/dpkg/status";
Dir::Etc::SourceList "/dev/null";
Dir::Bin::dpkg "/usr/bin/dpkg";
Dir::Bin::Methods "/usr/lib/apt/methods";
APT::Sandbox::User "root";
APT::Install-Recommends "false";
Debug::NoLocking "true";
DPkg::Options {{ "--root={root}"; "--force-script-chrootless"; }};
''')
    return outside_env(APT_CONFIG=str(conf), DEBIAN_FRONTEND="noninteractive")


@pytest.fixture()
def repo(dist_dir: Path, tmp_path: Path) -> Path:
    need_tools("apt-get")
    copy = tmp_path / "repo"
    shutil.copytree(dist_dir / "apt", copy, symlinks=True)
    return copy


def test_apt_installs_the_kiosk_from_the_signed_repository(repo: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    env = apt_root(root, repo)
    update = run(["apt-get", "update"], env=env)
    assert "InRelease" in update.stdout
    run(["apt-get", "install", "-y", "fvo-kiosk"], env=env)
    version = run([root / "usr/bin/fvo-kiosk-admin", "--version"], cwd=tmp_path,
                  env=outside_env()).stdout
    assert version.startswith("fvo-kiosk-admin ")


def test_apt_refuses_a_changed_packages_index(repo: Path, tmp_path: Path) -> None:
    index = repo / "dists/fvo-kiosk/main/binary-amd64"
    packages = (index / "Packages").read_text()
    assert "Depends: " in packages
    changed = packages.replace("Depends: ", "Depends: evil-helper, ", 1)
    (index / "Packages").write_text(changed)
    (index / "Packages.gz").write_bytes(gzip.compress(changed.encode(), mtime=0))

    root = tmp_path / "root"
    env = apt_root(root, repo)
    update = run(["apt-get", "update"], env=env, check=False)
    assert update.returncode != 0
    assert "Hash Sum mismatch" in update.stdout + update.stderr
    install = run(["apt-get", "install", "-y", "fvo-kiosk"], env=env, check=False)
    assert install.returncode != 0
    assert not (root / "opt/fvo-kiosk").exists()


def test_apt_refuses_a_repository_signed_by_another_key(repo: Path, tmp_path: Path) -> None:
    keys = tmp_path / "other"
    run([INSTALLER / "linux/demo-signing-key", keys])
    root = tmp_path / "root"
    env = apt_root(root, repo)
    other_key = run(["gpg", "--batch", "--export"], env={**env, "GNUPGHOME": str(keys / "gnupg")},
                    text=False).stdout
    run(["gpgconf", "--homedir", keys / "gnupg", "--kill", "gpg-agent"])
    (root / "fvo-kiosk-archive-keyring.gpg").write_bytes(other_key)
    update = run(["apt-get", "update"], env=env, check=False)
    assert "NO_PUBKEY" in update.stdout + update.stderr
    install = run(["apt-get", "install", "-y", "fvo-kiosk"], env=env, check=False)
    assert install.returncode != 0
    assert not (root / "opt/fvo-kiosk").exists()
