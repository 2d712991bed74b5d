"""Counsellor log-in: PIN hashing (argon2id), constant-time check, persisted lockout."""

from kiosk.auth.counsellors import Auth, Counsellor, LoginResult, check_pin_format

__all__ = ["Auth", "Counsellor", "LoginResult", "check_pin_format"]
