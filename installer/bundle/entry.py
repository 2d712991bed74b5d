"""Start of the bundled kiosk: ``fvo-kiosk`` opens the kiosk window, ``fvo-kiosk-admin`` the
admin command line; both names run this script, which tells them apart by the name called."""

from __future__ import annotations

import sys
from pathlib import Path


def _run() -> int:
    # Windows: two programs; elsewhere fvo-kiosk-admin is a link, seen only in argv[0].
    names = {Path(sys.executable).stem.lower(), Path(sys.argv[0]).stem.lower()}
    if "fvo-kiosk-admin" in names:
        from kiosk.cli.main import main
    else:
        from ui.main import main
    return int(main() or 0)


if __name__ == "__main__":
    sys.exit(_run())
