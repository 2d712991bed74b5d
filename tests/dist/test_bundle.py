"""The installed size, and what the bundle keeps of Qt's ICU data (cut to the kiosk's languages
for size): sorting, case mapping, codecs and time zone names still work as with the full data."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.dist.conftest import outside_env, run

pytestmark = [pytest.mark.dist, pytest.mark.slow]

# Run with the checkout's PySide6 (the one the bundle was made from) but the bundle's ICU data
# library, which the dynamic loader takes from LD_LIBRARY_PATH before Qt's own RUNPATH.
PROBE = r"""
import json, sys
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
words = ["Zebra", "Äpfel", "apfel", "ılık", "İstanbul", "ijk", "Яблоко", "ёлка", "гора",
         "ґанок", "عربي", "ألف"]
out = {"sorted": {}, "upper": {}, "zone": {}}
for loc in ("de_DE", "tr_TR", "ar_SA", "ru_RU", "uk_UA", "en_US"):
    out["sorted"][loc] = sorted(words, key=QCollator(QLocale(loc)).sortKey)
    out["upper"][loc] = QLocale(loc).toUpper("istanbul")
    out["zone"][loc] = QTimeZone(b"Europe/Berlin").displayName(
        QTimeZone.StandardTime, QTimeZone.LongName, QLocale(loc))
out["codecs"] = [enc for enc in ("windows-1252", "ISO-8859-15", "windows-1256", "KOI8-R")
                 if QStringDecoder(enc).isValid()]
out["icu"] = [line.split()[-1] for line in open("/proc/self/maps") if "libicudata" in line][:1]
print(json.dumps(out, ensure_ascii=False))
"""


def icu_library(dist_dir: Path) -> Path:
    found = sorted((dist_dir / "bundle/fvo-kiosk/_internal/PySide6/Qt/lib").glob("libicudata.so.*"))
    assert len(found) == 1, found
    return found[0]


def test_the_bundled_icu_data_is_small(dist_dir: Path) -> None:
    assert icu_library(dist_dir).stat().st_size < 8_000_000  # Qt's own: 32 MB


def test_qt_sorts_cases_and_names_zones_with_the_bundled_icu_data(dist_dir: Path,
                                                                   tmp_path: Path) -> None:
    lib = icu_library(dist_dir)
    result = run([sys.executable, "-c", PROBE], cwd=tmp_path,
                 env={**outside_env(), "LD_LIBRARY_PATH": str(lib.parent)})
    out = json.loads(result.stdout)
    assert out["icu"] == [str(lib)]  # the bundle's data, not the checkout's
    by = out["sorted"]
    # German: umlauts beside their letter, Latin before Cyrillic before Arabic
    assert by["de_DE"][:3] == ["apfel", "Äpfel", "ijk"] and by["de_DE"][-2:] == ["ألف", "عربي"]
    # Turkish: dotless ı is its own letter, before i
    assert by["tr_TR"].index("ılık") < by["tr_TR"].index("ijk")
    assert by["de_DE"].index("ılık") > by["de_DE"].index("ijk")
    # Russian and Ukrainian put Cyrillic first, Arabic puts Arabic first
    assert by["ru_RU"][0] in {"гора", "ґанок"} and by["ar_SA"][:2] == ["ألف", "عربي"]
    # Ukrainian: ґ is a letter after г (German sorts it as a г with an accent, before)
    assert by["uk_UA"].index("гора") < by["uk_UA"].index("ґанок")
    assert by["de_DE"].index("ґанок") < by["de_DE"].index("гора")
    assert out["upper"]["tr_TR"] == "İSTANBUL" and out["upper"]["de_DE"] == "ISTANBUL"
    assert out["zone"]["de_DE"] == "Mitteleuropäische Normalzeit"
    assert out["zone"]["en_US"] == "Central European Standard Time"
    assert all(out["zone"].values()), out["zone"]
    assert out["codecs"] == ["windows-1252", "ISO-8859-15", "windows-1256", "KOI8-R"]


def test_the_installed_kiosk_stays_within_150_mb(deb: Path, tmp_path: Path) -> None:
    """The issue's target for the installed size (dpkg's Installed-Size and the files)."""
    installed_kib = int(run(["dpkg-deb", "-f", deb, "Installed-Size"]).stdout)
    assert installed_kib * 1024 <= 150_000_000, f"{installed_kib} KiB"
    run(["dpkg-deb", "-x", deb, tmp_path])
    files = sum(p.lstat().st_size for p in tmp_path.rglob("*") if not p.is_dir())
    assert files <= 150_000_000, files
