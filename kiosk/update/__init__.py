"""Verified updates of the kiosk itself (python-tuf), see :mod:`kiosk.update.client`."""

from kiosk.update.client import (
    Available,
    UpdateClient,
    UpdateRefused,
    UpdatesNotConfigured,
    installer_command,
    packaged_root,
)

__all__ = ["Available", "UpdateClient", "UpdateRefused", "UpdatesNotConfigured",
           "installer_command", "packaged_root"]
