"""Start of the bundled kiosk: ``fvo-kiosk`` opens the kiosk window, ``fvo-kiosk-admin`` the
admin command line; both executables of the bundle run this script and tell by their name."""

from __future__ import annotations

import sys
from pathlib import Path


def _run() -> int:
    if Path(sys.executable).stem.lower() == "fvo-kiosk-admin":
        from kiosk.cli.main import main
    else:
        from ui.main import main
    return int(main() or 0)


if __name__ == "__main__":
    sys.exit(_run())
