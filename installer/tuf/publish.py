"""The update repository IT publishes to (TUF, written with python-tuf's Metadata API).

Layout of a repository folder (served as static files over https)::

    metadata/1.root.json, 2.root.json …     root, every version kept (clients walk the chain)
    metadata/<n>.targets.json               which packages exist, their hashes and versions
    metadata/<n>.snapshot.json              which targets version is current
    metadata/timestamp.json                 which snapshot is current; re-signed daily
    targets/<dir>/<sha256>.<file name>      the packages (consistent snapshots: never overwritten)

Keys (Ed25519, PEM, in a key folder; each role its own key):

* ``root-<i>.pem`` — the root keys (threshold ``--root-threshold`` of ``--root-keys``). They
  sign only the root metadata: keep them offline (an encrypted USB stick in the safe), use
  them only to re-sign root (yearly, or to replace a lost online key).
* ``targets.pem`` — signs which packages exist; used at each release, offline otherwise.
* ``snapshot.pem``, ``timestamp.pem`` — online keys for the publishing machine; timestamp
  expires after a day, so ``timestamp`` must run at least daily (cron / systemd timer).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from securesystemslib.signer import CryptoSigner, Signer
from tuf.api.metadata import (
    Metadata,
    MetaFile,
    Root,
    Snapshot,
    TargetFile,
    Targets,
    Timestamp,
)
from tuf.api.serialization.json import JSONSerializer

EXPIRY = {
    "root": timedelta(days=365),
    "targets": timedelta(days=90),
    "snapshot": timedelta(days=7),
    "timestamp": timedelta(days=1),
}
ONLINE_ROLES = ("targets", "snapshot", "timestamp")


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _write_key(path: Path, key: Ed25519PrivateKey) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))


def load_signer(path: Path) -> CryptoSigner:
    key = load_pem_private_key(path.read_bytes(), None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 key")
    return CryptoSigner(key)


class Repository:
    """One repository folder and the key folder that signs it."""

    def __init__(self, repo: Path, keys: Path) -> None:
        self.repo, self.keys = Path(repo), Path(keys)
        self.metadata_dir = self.repo / "metadata"
        self.targets_dir = self.repo / "targets"

    # --- reading the current state -----------------------------------------------------
    def _load(self, name: str) -> Metadata:
        return Metadata.from_file(str(self.metadata_dir / name))

    def root(self) -> Metadata[Root]:
        versions = sorted(int(p.name.split(".")[0]) for p in self.metadata_dir.glob("*.root.json"))
        return self._load(f"{versions[-1]}.root.json")

    def timestamp(self) -> Metadata[Timestamp]:
        return self._load("timestamp.json")

    def snapshot(self) -> Metadata[Snapshot]:
        return self._load(f"{self.timestamp().signed.snapshot_meta.version}.snapshot.json")

    def targets(self) -> Metadata[Targets]:
        return self._load(f"{self.snapshot().signed.meta['targets.json'].version}.targets.json")

    def signer(self, role: str) -> Signer:
        return load_signer(self.keys / f"{role}.pem")

    def root_signers(self) -> list[Signer]:
        return [load_signer(p) for p in sorted(self.keys.glob("root-*.pem"))]

    # --- writing -----------------------------------------------------------------------
    def _write(self, md: Metadata, name: str, signers: Iterable[Signer]) -> None:
        md.signatures.clear()
        for signer in signers:
            md.sign(signer, append=True)
        tmp = self.metadata_dir / f".{name}.tmp"
        md.to_file(str(tmp), JSONSerializer(compact=False))
        os.replace(tmp, self.metadata_dir / name)

    @classmethod
    def init(cls, repo: Path, keys: Path, root_keys: int = 1, root_threshold: int = 1,
             now: datetime | None = None) -> Repository:
        """A new, empty repository with fresh keys; refuses an existing one."""
        self = cls(repo, keys)
        if not 1 <= root_threshold <= root_keys:
            raise ValueError("root threshold must be between 1 and the number of root keys")
        if self.metadata_dir.exists():
            raise FileExistsError(f"{self.metadata_dir} exists; refusing to start over")
        self.keys.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.metadata_dir.mkdir(parents=True)
        self.targets_dir.mkdir(parents=True, exist_ok=True)
        now = now or _now()
        root = Metadata(Root(expires=now + EXPIRY["root"], consistent_snapshot=True))
        for i in range(1, root_keys + 1):
            key = Ed25519PrivateKey.generate()
            _write_key(self.keys / f"root-{i}.pem", key)
            root.signed.add_key(CryptoSigner(key).public_key, "root")
        root.signed.roles["root"].threshold = root_threshold
        for role in ONLINE_ROLES:
            key = Ed25519PrivateKey.generate()
            _write_key(self.keys / f"{role}.pem", key)
            root.signed.add_key(CryptoSigner(key).public_key, role)
        self._write(root, "1.root.json", self.root_signers())
        targets = Metadata(Targets(expires=now + EXPIRY["targets"]))
        self._write(targets, "1.targets.json", [self.signer("targets")])
        self._publish_snapshot(1, now)
        return self

    def add_target(self, path: Path, name: str, version: str,
                   now: datetime | None = None) -> TargetFile:
        """Publish ``path`` as target ``name`` (e.g. ``linux/fvo-kiosk_amd64.deb``), marked
        with the package ``version``; re-signs targets, snapshot and timestamp."""
        now = now or _now()
        target = TargetFile.from_file(name, str(path), ["sha256"])
        target.unrecognized_fields["custom"] = {"version": version}
        digest = target.hashes["sha256"]
        folder, _, base = name.rpartition("/")
        dest = self.targets_dir / folder / f"{digest}.{base}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
        md = self.targets()
        md.signed.targets[name] = target
        md.signed.version += 1
        md.signed.expires = now + EXPIRY["targets"]
        self._write(md, f"{md.signed.version}.targets.json", [self.signer("targets")])
        self._publish_snapshot(md.signed.version, now)
        return target

    def _publish_snapshot(self, targets_version: int, now: datetime) -> None:
        snap_path = self.metadata_dir / "timestamp.json"
        if snap_path.exists():
            snap = self.snapshot()
            snap.signed.version += 1
        else:
            snap = Metadata(Snapshot(expires=now))
        snap.signed.meta["targets.json"] = MetaFile(version=targets_version)
        snap.signed.expires = now + EXPIRY["snapshot"]
        self._write(snap, f"{snap.signed.version}.snapshot.json", [self.signer("snapshot")])
        self.refresh_timestamp(now, snapshot_version=snap.signed.version)

    def refresh_timestamp(self, now: datetime | None = None, snapshot_version: int | None = None,
                          expires: datetime | None = None,
                          signer: Signer | None = None) -> None:
        """Re-sign the timestamp (run daily; it expires after a day)."""
        now = now or _now()
        path = self.metadata_dir / "timestamp.json"
        if path.exists():
            ts = self.timestamp()
            ts.signed.version += 1
        else:
            ts = Metadata(Timestamp(expires=now))
        if snapshot_version is not None:
            ts.signed.snapshot_meta = MetaFile(version=snapshot_version)
        ts.signed.expires = expires or now + EXPIRY["timestamp"]
        self._write(ts, "timestamp.json", [signer or self.signer("timestamp")])


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
