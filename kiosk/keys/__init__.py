"""Secrets in the OS keyring: the database key, later service credentials."""

from kiosk.keys.keyring_store import (
    SERVICE,
    KeyStore,
    check_backend,
)

__all__ = ["SERVICE", "KeyStore", "check_backend"]
