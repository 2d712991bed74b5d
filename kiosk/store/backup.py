"""A consistent encrypted copy of the station database, taken while the kiosk keeps running.

The copy is made by SQLCipher's ``sqlcipher_export`` inside one read transaction (so it is
the database as of one moment, WAL included), encrypted with the station's own key, into a
temp file beside the target; fsync, rename, fsync the folder. The target must be a regular
file path in an existing folder (never a device, FIFO, directory or symlink); mode 0600.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kiosk.fileio import checked_target, fsync_dir
from kiosk.store.database import Store


def check_target(out: Path) -> Path:
    """The target as an absolute path, or InvalidInput (exit 2) naming why not."""
    out = Path(out).expanduser()
    return checked_target(out).absolute()


def write_backup(store: Store, key: bytes, out: Path) -> Path:
    """Write the backup atomically to *out* (replacing an older backup file there)."""
    out = check_target(out)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, 0o600)
        os.close(fd)
        store.backup_into(tmp, key)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        check_target(out)  # still not turned into a directory or device meanwhile
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(out.parent)
    return out
