"""A station-configuration signing key for tests only: test configurations are signed with
it, and only test processes trust it (``trust_test_key``; production code never does)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk import config_signature as cs

#: Deterministic, public, and trusted nowhere but in the tests.
TEST_KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"fvo-kiosk test IT").digest())


def sign_config(path: Path) -> None:
    """Write ``path``'s signature file with the test key."""
    path.with_name(path.name + ".sig").write_bytes(cs.sign(TEST_KEY, path.read_bytes()))


def trust_test_key() -> None:
    """Make this (test) process trust the test key as if it were the city's."""
    trusted = cs.parse_trust({"format": cs.KEYS_FORMAT,
                              "keys": [cs.key_entry(TEST_KEY.public_key(), "test IT")]},
                             "production")
    cs.production_keys = lambda: trusted  # type: ignore[assignment]


def admin_main() -> None:
    """`python -m tests.config_trust ARGS`: fvo-kiosk-admin in a process that trusts the
    test key (for tests that run the CLI as a real process)."""
    import sys

    from kiosk.cli.main import main

    trust_test_key()
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    admin_main()
