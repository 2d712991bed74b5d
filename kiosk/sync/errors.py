"""What can go wrong while sending, sorted by what the sender does about it."""

from __future__ import annotations


class SyncError(Exception):
    """Base: ``message`` is for logs (English, no personal data), ``user_message`` German."""

    def __init__(self, message: str, user_message: str) -> None:
        super().__init__(message)
        self.user_message = user_message


class Transient(SyncError):
    """Worth trying again later (network down, timeout, 5xx, 429)."""

    def __init__(self, message: str, user_message: str, retry_after: float | None = None,
                 offline: bool = False) -> None:
        super().__init__(message, user_message)
        self.retry_after = retry_after
        self.offline = offline


class Permanent(SyncError):
    """A refusal retrying will not cure (a 4xx other than 401/408/429): needs a person."""

    def __init__(self, message: str, user_message: str, status: int | None = None) -> None:
        super().__init__(message, user_message)
        self.status = status


class Untrusted(Permanent):
    """A key or token that does not check out (chain, size, signature)."""


class NotConfigured(SyncError):
    """The station has no FIT-Connect configuration or credentials: nothing is sent."""
