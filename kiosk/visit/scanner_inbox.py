"""The scanner folder: files a network scanner drops there are attached to a claim and
deleted once they are kept in the encrypted store (until then they lie there unencrypted)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.attachments.checks import FileRefused
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.app import Station
    from kiosk.visit.attachments import Attachment
    from kiosk.visit.service import Visit

log = logging.getLogger(__name__)

#: What a scanner writes (case-insensitive); anything else in the folder is left alone.
SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")
#: Names scanners use while a file is still being written.
PARTIAL = (".part", ".tmp", ".crdownload")


@dataclass(frozen=True)
class Pickup:
    """What one pick-up did: the files attached (and deleted), and the ones refused, each
    with its German message (left in the folder for the counsellor to look at)."""

    attached: tuple[Attachment, ...] = ()
    refused: tuple[tuple[str, str], ...] = field(default=())


def station_folder(station: Station) -> Path | None:
    """The station's configured scanner folder; one inside the data directory is created
    (owner only) when missing, so a fresh station's scanner has somewhere to write."""
    folder = station.config.scanner_folder
    if folder is None:
        return None
    if not folder.exists() and folder.parent.resolve() == station.dir.path.resolve():
        try:
            folder.mkdir(mode=0o700)
        except OSError as exc:
            log.warning("scanner folder could not be created: %s", type(exc).__name__)
    return folder


def waiting_files(folder: Path) -> list[Path]:
    """The scans waiting in ``folder``, oldest first (hidden and partial files skipped)."""
    try:
        entries = list(Path(folder).iterdir())
    except OSError as exc:
        raise KioskError(f"scanner folder not readable: {type(exc).__name__}",
                         f"Der Scanner-Ordner „{folder}“ lässt sich nicht lesen.") from None
    found = []
    for path in entries:
        name = path.name.lower()
        if name.startswith(".") or name.endswith(PARTIAL) or not name.endswith(SUFFIXES):
            continue
        try:
            if path.is_file() and not path.is_symlink():
                found.append((path.stat().st_mtime, path.name, path))
        except OSError:
            continue
    return [p for _mtime, _name, p in sorted(found)]


def pick_up(visit: Visit, folder: Path, claim_id: str, document_id: str) -> Pickup:
    """Attach every scan waiting in ``folder`` to ``claim_id`` for ``document_id``; each
    file is deleted only after it is kept in the store. Refused files stay (with why)."""
    if not os.access(folder, os.W_OK | os.X_OK):
        # A scan that cannot be deleted would wait there for the next family's claim.
        raise KioskError("scanner folder is not writable",
                         f"Der Scanner-Ordner „{folder}“ ist schreibgeschützt: Scans ließen "
                         "sich nach dem Speichern nicht löschen. Bitte die IT-Betreuung "
                         "verständigen.")
    attached: list[Attachment] = []
    refused: list[tuple[str, str]] = []
    for path in waiting_files(folder):
        try:
            attached.append(visit.attach_file(claim_id, document_id, path))
        except FileRefused as exc:  # this file: named, left for the counsellor to look at
            refused.append((path.name, exc.user_message))
            continue
        except KioskError:
            if attached:  # the claim itself takes nothing more: what is kept, is said
                break
            raise  # nothing taken: the counsellor sees why, every scan stays
        try:
            path.unlink()
        except OSError as exc:  # kept in the store: stop, before a scan is taken twice
            log.warning("scanned file kept but not deleted: %s", type(exc).__name__)
            refused.append((path.name, "Gespeichert, aber die Datei im Scanner-Ordner ließ "
                            "sich nicht löschen. Bitte sofort von Hand löschen, damit sie "
                            "nicht beim nächsten Fall übernommen wird."))
            break
    return Pickup(tuple(attached), tuple(refused))
