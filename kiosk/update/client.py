"""Verified updates: ask the station's TUF repository (``updates.url`` of the signed station
configuration) for a newer package and download it only after python-tuf has checked every
metadata signature, threshold, version and expiry and the package's length and hash.

Trust starts at the root metadata inside the package (``resources/trust/tuf-root.json``,
passed as ``bootstrap=``); the client's metadata lives in ``<data dir>/updates/metadata``
and persists between runs, so a repository (or a man in the middle) that later serves older
metadata is refused as a rollback. Only https is accepted, except http on loopback (tests,
a local mirror on the station itself): TUF protects the content either way, https also
hides which version a station asks for.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tuf.api import exceptions as tuf_errors
from tuf.ngclient import Updater

from kiosk import __version__
from kiosk.errors import InvalidInput, KioskError
from kiosk.resources import resource_path

log = logging.getLogger(__name__)

ROOT = ("trust", "tuf-root.json")
METADATA_DIR = ("updates", "metadata")
#: The target each platform installs; the repository's targets metadata names the version.
PLATFORM_TARGETS = {"linux": "linux/fvo-kiosk_amd64.deb", "win32": "windows/fvo-kiosk.msi"}


class UpdateRefused(KioskError):
    """The repository's answer failed verification; nothing was installed."""


class UpdatesNotConfigured(KioskError):
    """This station or package has no update repository or no trusted root for it."""


@dataclass(frozen=True)
class Available:
    target: str
    version: str
    installed: str
    length: int

    @property
    def newer(self) -> bool:
        return version_key(self.version) > version_key(self.installed)


def version_key(version: str) -> tuple[int, ...]:
    """Numeric parts of a version ("0.10.2" > "0.9.9"); enough for the kiosk's own scheme."""
    return tuple(int(part) for part in re.findall(r"\d+", version))


def checked_url(url: str | None) -> str:
    """The repository URL, if it is https (or http to a loopback address)."""
    if not url:
        raise UpdatesNotConfigured(
            "the station configuration names no update repository (updates.url)",
            "Für diese Station sind keine Updates eingerichtet: die Stationskonfiguration "
            "nennt kein Update-Verzeichnis (updates.url).")
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname:
        try:
            if ipaddress.ip_address(parts.hostname).is_loopback:
                return url
        except ValueError:
            pass
    raise InvalidInput(
        f"update repository {url!r} is not https",
        "Das Update-Verzeichnis muss über https erreichbar sein (http nur auf dieser "
        "Maschine, 127.0.0.1). Bitte die Stationskonfiguration prüfen lassen.")


def packaged_root() -> bytes:
    """The trusted root metadata shipped in the package."""
    path = resource_path(*ROOT)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UpdatesNotConfigured(
            "the package carries no TUF root (resources/trust/tuf-root.json)",
            "Dieses Installationspaket enthält keine Vertrauensbasis für Updates "
            "(resources/trust/tuf-root.json). Die IT muss sie beim Bau des Pakets "
            "hinzufügen.") from None


def _refused(exc: Exception) -> UpdateRefused:
    """Name the verification failure for IT (English detail in the log)."""
    if isinstance(exc, tuf_errors.ExpiredMetadataError):
        why = "die Update-Metadaten sind abgelaufen (veraltet oder zurückgehalten)"
    elif isinstance(exc, tuf_errors.BadVersionNumberError):
        why = ("die Update-Metadaten sind älter als die schon gesehenen "
               "(Rollback auf einen alten Stand)")
    elif isinstance(exc, tuf_errors.UnsignedMetadataError):
        why = "die Update-Metadaten sind nicht mit den vertrauten Schlüsseln signiert"
    elif isinstance(exc, tuf_errors.LengthOrHashMismatchError):
        why = "das Paket oder eine Metadatei stimmt nicht mit den signierten Angaben überein"
    elif isinstance(exc, tuf_errors.DownloadError):
        why = "das Update-Verzeichnis ist nicht erreichbar oder antwortet unvollständig"
    else:
        why = "die Update-Metadaten sind ungültig"
    return UpdateRefused(
        f"update refused: {type(exc).__name__}: {exc}",
        f"Update abgelehnt: {why}. Es wurde nichts installiert.")


class UpdateClient:
    """One station's view of its update repository."""

    def __init__(self, data_dir: Path, url: str | None, root: bytes,
                 target: str | None = None, installed: str = __version__) -> None:
        self.url = checked_url(url).rstrip("/")
        self.root = root
        self.target = target or PLATFORM_TARGETS.get(sys.platform, PLATFORM_TARGETS["linux"])
        self.installed = installed
        self.metadata_dir = Path(data_dir).joinpath(*METADATA_DIR)

    def _updater(self, target_dir: Path | None = None) -> Updater:
        self.metadata_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            return Updater(str(self.metadata_dir), f"{self.url}/metadata/",
                           str(target_dir) if target_dir else None, f"{self.url}/targets/",
                           bootstrap=self.root)
        except tuf_errors.RepositoryError as exc:
            raise _refused(exc) from exc

    def _find(self, updater: Updater) -> tuple[Available, object]:
        try:
            updater.refresh()
            info = updater.get_targetinfo(self.target)
        except (tuf_errors.RepositoryError, tuf_errors.DownloadError) as exc:
            log.warning("update metadata refused: %s", type(exc).__name__)
            raise _refused(exc) from exc
        if info is None:
            raise UpdateRefused(f"repository has no target {self.target}",
                                f"Das Update-Verzeichnis bietet kein Paket „{self.target}“ an.")
        custom = info.custom if isinstance(info.custom, dict) else {}
        version = str(custom.get("version", ""))
        if not version_key(version):
            raise UpdateRefused(f"target {self.target} carries no version",
                                "Das angebotene Paket nennt keine Version.")
        return Available(self.target, version, self.installed, info.length), info

    def check(self) -> Available:
        """What the repository offers now (metadata verified, nothing downloaded)."""
        available, _ = self._find(self._updater())
        return available

    def download(self, out: Path) -> Path:
        """Download the offered package into ``out`` after verifying it; refuses a version
        that is not newer than the installed one (a downgrade)."""
        out = Path(out)
        updater = self._updater(out)
        available, info = self._find(updater)
        if not available.newer:
            raise UpdateRefused(
                f"offered version {available.version} is not newer than {self.installed}",
                f"Das angebotene Paket (Version {available.version}) ist nicht neuer als die "
                f"installierte Version {self.installed}; es wird nicht heruntergeladen.")
        stem, dot, ext = self.target.rpartition("/")[2].rpartition(".")
        final = out / f"{stem}_{available.version}{dot}{ext}"
        part = out / f".{final.name}.part"
        try:
            updater.download_target(info, str(part))  # type: ignore[arg-type]
        except (tuf_errors.RepositoryError, tuf_errors.DownloadError) as exc:
            log.warning("update package refused: %s", type(exc).__name__)
            part.unlink(missing_ok=True)
            raise _refused(exc) from exc
        os.replace(part, final)
        log.info("update %s verified and downloaded", available.version)
        return final


def installer_command(package: Path) -> list[str]:
    """The OS installer call for a verified package (which checks its own signature again:
    apt/dpkg with debsig-verify, msiexec with Authenticode)."""
    if package.suffix == ".msi":
        return ["msiexec", "/i", str(package), "/qn"]
    return ["apt-get", "install", "-y", str(package.resolve())]
