"""The .deb's control file names the city's IT as maintainer when IT says so
(FVO_DEB_MAINTAINER, FVO_DEB_HOMEPAGE), and refuses a value that would break the file."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.dist.conftest import INSTALLER

pytestmark = [pytest.mark.dist,
              pytest.mark.skipif(shutil.which("dpkg-shlibdeps") is None,
                                 reason="dpkg-dev not installed")]


def _build(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    bundle = tmp_path / "bundle"
    bundle.mkdir(exist_ok=True)
    for name in ("fvo-kiosk", "fvo-kiosk-admin"):  # any ELF program stands in for the bundle
        shutil.copy("/bin/true", bundle / name)
    return subprocess.run([str(INSTALLER / "linux" / "build-deb"), str(bundle),
                           str(tmp_path / "out"), "1.2.3"], capture_output=True, text=True,
                          env=dict(os.environ, **env), check=False)


def test_the_maintainer_and_homepage_are_the_citys_when_given(tmp_path):
    done = _build(tmp_path, FVO_DEB_MAINTAINER="Stadt Beispiel IT <it@beispiel.example>",
                  FVO_DEB_HOMEPAGE="https://it.beispiel.example/fvo")
    assert done.returncode == 0, done.stderr
    deb = done.stdout.strip()
    fields = subprocess.run(["dpkg-deb", "-f", deb, "Maintainer", "Homepage"],
                            capture_output=True, text=True, check=True).stdout
    assert fields == ("Maintainer: Stadt Beispiel IT <it@beispiel.example>\n"
                      "Homepage: https://it.beispiel.example/fvo\n")


def test_a_value_over_two_lines_is_refused(tmp_path):
    done = _build(tmp_path, FVO_DEB_MAINTAINER="IT\nDepends: evil")
    assert done.returncode == 2
    assert "one line each" in done.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
