"""Supporting documents (Nachweise): checking and cleaning a scan or photo before it is kept."""

from kiosk.attachments.checks import (
    MAX_BYTES,
    MAX_SIDE,
    Cleaned,
    FileRefused,
    clean,
    read_limited,
    sniff,
)

__all__ = ["MAX_BYTES", "MAX_SIDE", "Cleaned", "FileRefused", "clean", "read_limited", "sniff"]
