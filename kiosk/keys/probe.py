"""`python -m kiosk.keys.probe`: exit 0 if a usable OS keyring answers, else 1 with the reason."""

from __future__ import annotations

import sys

from kiosk.errors import KeyringUnavailable
from kiosk.keys.keyring_store import SERVICE, check_backend


def main() -> int:
    try:
        kr = check_backend()
        kr.get_password(SERVICE, "probe")
    except KeyringUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - any backend failure means "not usable"
        print(f"keyring backend failed: {type(exc).__name__}", file=sys.stderr)
        return 1
    print(f"{type(kr).__module__}.{type(kr).__name__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
