"""The audit chain's head, signed with the station key and kept in a file beside the database.

Inside the database the chain only proves that records fit together; someone holding the
database key can delete it, cut its tail or recompute it and it still fits. ``audit.anchor``
holds the head (record count and last hash) signed with the station's Ed25519 key, which
lives in the OS keyring, not in the database. ``verify`` then tells a chain that lost
records, was emptied, recomputed or extended behind the kiosk's back from an intact one.

Every commit that appends an audit record other than a keystroke autosave
(``AUTOSAVE_EVENTS``) moves the anchor in two steps, both atomic file writes (temp + fsync
+ rename, mode 0600): before COMMIT the anchor names the head before *and* the head the
commit will produce ("pending"); after COMMIT it names the new head. After a crash in
between, the database is at one of those two heads, plus at most autosave records — anything
else is loss or tampering.

Within a batch (``Store.anchor_batch``, one sending pass) a commit costs one small write
instead of two atomic file replacements: the batch's first anchored commit writes
``audit.anchor`` as above, its "pending" checkpoint naming a batch id and the batch file
``audit.anchor-batch``; each further commit overwrites one of that file's two fixed slots in
place (signed, numbered, fdatasync before COMMIT; a write torn by a power cut leaves the
other slot, the previous checkpoint), and the move after COMMIT waits for the next
checkpoint. The batch's end writes the last head into ``audit.anchor`` again. Checking
follows the reference: a batch file that is missing or not signed by the station is
reported like a missing or forged anchor.

When the kiosk finds the anchor and the database disagreeing, it keeps working and writes
the finding into every later checkpoint, so ``verify`` keeps reporting it until IT
acknowledges it. The files hold no personal data: station id, counts, hashes, times.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import json
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.errors import KioskError, StorageFailed, StorageFull
from kiosk.fileio import write_atomic
from kiosk.store.audit import GENESIS, AuditProblem

try:  # a cross-process lock: flock (Linux, macOS) …
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:  # … or a byte-range lock on a lock file (Windows)
    import msvcrt
except ImportError:  # Linux, macOS
    msvcrt = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

ANCHOR_NAME = "audit.anchor"
BATCH_NAME = "audit.anchor-batch"
SLOT = 1024  # bytes per checkpoint slot in the batch file (two slots, written alternately)
FORMAT = 1
# Autosaves of typed input, one per keystroke: not anchored (see before_commit).
AUTOSAVE_EVENTS = frozenset({"household.saved", "claim.answers_saved"})
MAX_NOTES = 50  # a bounded file: beyond this, the oldest re-anchoring notes are dropped


class SigningKeys(Protocol):
    """Where the station's signing key lives (the OS keyring, see kiosk.keys.signing)."""

    def load(self) -> Ed25519PrivateKey | None: ...

    def create(self) -> Ed25519PrivateKey: ...


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str


def chain_head(conn: Any) -> Head:
    """The last record of the chain as it is in the database (0/GENESIS when empty)."""
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return Head(int(row[0]), str(row[1])) if row else Head(0, GENESIS)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _canonical(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class AnchorUnusable(Exception):
    """The anchor file is missing, unreadable or not signed by this station's key."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


class AuditAnchor:
    """Signed checkpoints of one station's audit chain head, in ``<data dir>/audit.anchor``."""

    def __init__(self, folder: Path, station_id: str, key: Ed25519PrivateKey) -> None:
        self.folder = Path(folder)
        self.path = self.folder / ANCHOR_NAME
        self.batch_path = self.folder / BATCH_NAME
        self._batch_id: str | None = None  # the batch file this object writes
        self._slot_no = 0
        self.station_id = station_id
        self._key = key
        self._public = key.public_key()
        self._lock_fd: int | None = None
        self._before: Head | None = None
        self._after: Head | None = None
        self._notes: list[dict[str, Any]] = []
        self._resetting = False
        self._batch = 0  # open batches: the move after COMMIT waits for settle()
        # The last anchored commit whose move after COMMIT waits: (head before, head after).
        self._unsettled: tuple[Head, Head] | None = None

    # --- attaching to a station -----------------------------------------------------------
    @classmethod
    def attach(
        cls, store: Any, folder: Path, station_id: str, keys: SigningKeys, *, new: bool = False
    ) -> AuditAnchor:
        """Give *store* its anchor. A new station (or one from before anchoring, which has
        no key yet) gets a key and a first checkpoint of its current head; an existing key
        is used as is, and a missing or foreign anchor file is then reported, never
        silently replaced."""
        try:
            key = None if new else keys.load()
            if key is None:
                key = keys.create()
                anchor = cls(folder, station_id, key)
                if new or not anchor.path.exists():
                    with store.transaction() as tx:  # holds the write lock while anchoring
                        anchor._write(chain_head(tx), None, [])
                    log.info("audit anchor started for station %s", station_id)
            else:
                anchor = cls(folder, station_id, key)
        except BaseException:
            store.close()
            raise
        store.anchor = anchor
        return anchor

    # --- the file --------------------------------------------------------------------------
    def _write(
        self,
        head: Head,
        pending: Head | None,
        notes: list[dict[str, Any]],
        *,
        durable_rename: bool = True,
        batch: str | None = None,
    ) -> None:
        marked: dict[str, Any] | None = None
        if pending is not None:
            marked = {"seq": pending.seq, "hash": pending.hash}
            if batch is not None:
                marked["batch"] = batch  # later checkpoints: in the batch file
        doc: dict[str, Any] = {
            "format": FORMAT,
            "station_id": self.station_id,
            "seq": head.seq,
            "hash": head.hash,
            "pending": marked,
            "at": _now(),
            "notes": notes[-MAX_NOTES:],
        }
        doc["signature"] = _b64(self._key.sign(_canonical(doc)))
        data = (json.dumps(doc, indent=1) + "\n").encode()
        write_atomic(self.path, data, sync_dir=durable_rename)

    def read(self) -> dict[str, Any]:
        """The checkpoint, its signature checked against the key in the keyring."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raise AnchorUnusable(
                "anchor_missing", f"{ANCHOR_NAME} is missing (the station had one)"
            ) from None
        try:
            doc = json.loads(raw)
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise ValueError("unknown format")
            signature = base64.b64decode(doc.pop("signature"), validate=True)
            seq, hash_ = int(doc["seq"]), str(doc["hash"])
            pending = doc.get("pending")
            if pending is not None:
                int(pending["seq"]), str(pending["hash"])
            if not isinstance(doc.get("notes", []), list):
                raise ValueError("notes")
        except (ValueError, KeyError, TypeError) as exc:
            raise AnchorUnusable(
                "anchor_invalid", f"{ANCHOR_NAME} is unreadable ({type(exc).__name__})"
            ) from exc
        try:
            self._public.verify(signature, _canonical(doc))
        except InvalidSignature:
            raise AnchorUnusable(
                "anchor_invalid", f"{ANCHOR_NAME} is not signed by this station's key"
            ) from None
        if doc.get("station_id") != self.station_id:
            raise AnchorUnusable("anchor_invalid", f"{ANCHOR_NAME} belongs to another station")
        doc["seq"], doc["hash"] = seq, hash_
        return doc

    # --- the batch file -----------------------------------------------------------------------
    def _names_my_batch(self, main: dict[str, Any]) -> bool:
        pending = main.get("pending")
        return self._batch_id is not None and isinstance(pending, dict) and \
            pending.get("batch") == self._batch_id

    def _slot(self, head: Head, pending: Head) -> bytes | None:
        doc: dict[str, Any] = {
            "format": FORMAT,
            "station_id": self.station_id,
            "batch": self._batch_id,
            "n": self._slot_no,
            "seq": head.seq,
            "hash": head.hash,
            "pending": {"seq": pending.seq, "hash": pending.hash},
            "at": _now(),
        }
        doc["signature"] = _b64(self._key.sign(_canonical(doc)))
        raw = json.dumps(doc).encode()
        return raw.ljust(SLOT - 1) + b"\n" if len(raw) < SLOT else None

    def _start_batch(self, before: Head, after: Head, main: dict[str, Any] | None) -> None:
        """A new batch file (its first slot durable), then ``audit.anchor`` naming it.

        Where ``audit.anchor`` (``main`` as read; None: unusable) still names the batch file
        of a pass that died, this commit's checkpoint first goes into ``audit.anchor``
        itself, naming no batch: a kill between replacing that file and naming the new one
        would otherwise leave the anchor naming a file that holds another batch, which
        reads as a forged anchor."""
        pending = (main or {}).get("pending")
        if main is None or (isinstance(pending, dict) and "batch" in pending):
            self._write(before, after, self._notes)
        self._batch_id, self._slot_no = uuid.uuid4().hex, 0
        first = self._slot(before, after)
        assert first is not None  # a slot holds ids, counts and hashes only: ~450 bytes
        write_atomic(self.batch_path, first + b" " * (SLOT - 1) + b"\n")
        self._write(before, after, self._notes, batch=self._batch_id)

    def _write_slot(self, before: Head, after: Head) -> bool:
        """The next checkpoint into the other slot, on the disk before COMMIT."""
        self._slot_no += 1
        data = self._slot(before, after)
        if data is None:
            return False
        fd = os.open(self.batch_path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
        try:
            os.lseek(fd, (self._slot_no % 2) * SLOT, os.SEEK_SET)
            os.write(fd, data)
            _datasync(fd)
        finally:
            os.close(fd)
        return True

    def effective(self, main: dict[str, Any]) -> dict[str, Any]:
        """``main`` (from ``read``) with the checkpoint of the batch file it names, if any."""
        pending = main.get("pending")
        if not isinstance(pending, dict) or "batch" not in pending:
            return main
        try:
            raw = self.batch_path.read_bytes()
        except FileNotFoundError:
            raise AnchorUnusable(
                "anchor_missing", f"{BATCH_NAME} is missing ({ANCHOR_NAME} names it)"
            ) from None
        slots: list[dict[str, Any] | None] = []
        blank: list[bool] = []
        for i in range(2):
            chunk = raw[i * SLOT:(i + 1) * SLOT].strip()
            blank.append(not chunk)
            slots.append(self._slot_doc(chunk, pending["batch"]))
        valid = [d for d in slots if d is not None]
        if not valid:
            raise AnchorUnusable(
                "anchor_invalid", f"{BATCH_NAME} is unreadable or not signed by this station's key"
            )
        best = max(valid, key=lambda d: int(d["n"]))
        other = 1 - slots.index(best)
        older = slots[other]
        if (older is not None and int(older["n"]) == int(best["n"]) - 1) or \
                (best["n"] == 0 and blank[other]):
            return {**main, "seq": best["seq"], "hash": best["hash"], "pending": best["pending"]}
        # The other slot was being overwritten (a write torn by a crash, or tampering): the
        # write came after this checkpoint's COMMIT, so its pending head is committed.
        return {**main, "seq": best["pending"]["seq"], "hash": best["pending"]["hash"],
                "pending": None}

    def _slot_doc(self, chunk: bytes, batch: Any) -> dict[str, Any] | None:
        """One slot's checkpoint if it is whole and signed by this station, else None."""
        try:
            doc = json.loads(chunk or b"null")
            signature = base64.b64decode(doc.pop("signature"), validate=True)
            self._public.verify(signature, _canonical(doc))
            if doc.get("station_id") != self.station_id or doc.get("batch") != batch or \
                    doc.get("format") != FORMAT:
                return None
            return {"n": int(doc["n"]), "seq": int(doc["seq"]), "hash": str(doc["hash"]),
                    "pending": {"seq": int(doc["pending"]["seq"]),
                                "hash": str(doc["pending"]["hash"])}}
        except (ValueError, KeyError, TypeError, AttributeError, InvalidSignature):
            return None  # an empty, torn or foreign slot

    # --- the commit hook (called by Store.transaction) -------------------------------------
    def begin(self, conn: Any) -> None:
        """After BEGIN IMMEDIATE: remember the head the transaction starts from."""
        self._unlock()  # left over only if an earlier COMMIT failed in an unexpected way
        self._before = chain_head(conn)
        self._after = None

    def before_commit(self, conn: Any) -> None:
        """If the transaction appended an anchored record: checkpoint old and pending head.

        Commits that only autosave typed input (``AUTOSAVE_EVENTS``) are not anchored: they
        come with every keystroke, and two fsynced file writes each would cost more than
        the keystroke's whole budget on a busy disk."""
        before = self._before
        if before is None:
            return
        after = chain_head(conn)
        if after == before or _first_anchored(conn, before.seq, after.seq) is None:
            return
        self._lock()
        try:
            main: dict[str, Any] | None = None
            if self._resetting:
                self._notes = []
            else:
                self._notes, main = self._notes_for(conn, before)
            if not self._batch or self._resetting:
                self._write(before, after, self._notes)
            elif main is not None and self._names_my_batch(main) and \
                    self._notes == main.get("notes", []) and self._write_slot(before, after):
                pass  # one slot of the batch file, overwritten in place
            else:
                self._start_batch(before, after, main)
        except OSError as exc:
            self._unlock()
            raise _storage_error(exc) from exc
        except BaseException:
            self._unlock()
            raise
        self._after = after

    def after_commit(self) -> None:
        """The commit is on disk: the anchor names the new head (in a batch: at its end)."""
        before, after = self._before, self._after
        self._before = self._after = None
        if after is None:
            return
        try:
            if self._batch and before is not None:
                # "pending" names this head and verifies as it is; the next anchored
                # commit's checkpoint or the batch's end (settle) moves it on.
                self._unsettled = (before, after)
                return
            self._unsettled = None
            # If this rename is lost in a power cut, the "pending" checkpoint is back, and
            # it verifies; so the folder's fsync (the slowest part) is left out here.
            self._write(after, None, self._notes, durable_rename=False)
        except OSError:
            # The commit stands; the anchor still holds it as "pending", which verifies.
            log.warning("audit anchor could not be moved to the committed head", exc_info=True)
        finally:
            self._unlock()

    def open_batch(self) -> None:
        """From now on the move after COMMIT waits for the batch's end (the caller holds the
        store's lock)."""
        self._batch += 1

    def close_batch(self) -> None:
        """One batch ends; the last one settles the anchor (the caller holds the store's
        lock)."""
        self._batch = max(0, self._batch - 1)
        if not self._batch:
            self.settle()

    def settle(self) -> None:
        """Move the anchor from "pending" to the last committed head, unless another writer
        (another process on the same station) has checkpointed since: then its checkpoints
        cover this commit, and an older head must not replace them. Called with the store's
        lock held, outside a transaction."""
        unsettled, self._unsettled = self._unsettled, None
        if unsettled is None:
            return
        before, after = unsettled
        self._lock()
        try:
            doc = self.effective(self.read())
            pending = doc.get("pending") or {}
            if (doc["seq"], doc["hash"], pending.get("seq"), pending.get("hash")) != (
                before.seq, before.hash, after.seq, after.hash
            ):
                return
            batch = self._batch_id
            # Durable before the batch file goes: the old anchor names that file.
            self._write(after, None, self._notes, durable_rename=batch is not None)
            if batch is not None:
                self._batch_id = None
                self.batch_path.unlink(missing_ok=True)
        except AnchorUnusable:
            pass  # the next checkpoint records what happened to the file
        except OSError:
            # The commit stands; the anchor still holds it as "pending", which verifies.
            log.warning("audit anchor could not be moved to the committed head", exc_info=True)
        finally:
            self._unlock()

    def abort(self) -> None:
        """The transaction was rolled back: the anchor's old head is still the truth."""
        self._before = self._after = None
        self._unlock()

    def acknowledge(self, store: Any, actor: str) -> int:
        """After IT has looked into what ``verify`` reported: anchor the chain as it is now,
        without the old findings, and record that in the chain itself
        (``audit.anchor_reset:<number of findings>``). Returns that number."""
        try:
            with store.transaction() as tx:
                found = len(self.check(tx))
                self._resetting = True  # read by before_commit: no findings carried on
                store.audit(tx, f"audit.anchor_reset:{found}", actor)
        finally:
            self._resetting = False
        log.warning("audit anchor reset by %s after %d findings", actor, found)
        return found

    def _notes_for(
        self, conn: Any, before: Head
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """The notes to carry on (a new one if the database and the anchor disagree), and
        the anchor as read (None if unusable).

        The kiosk keeps working after a problem, but the next checkpoint records it signed,
        so that a later ``audit verify`` still reports it."""
        try:
            main = self.read()
            doc = self.effective(main)
        except AnchorUnusable as exc:
            return [*self._notes, self._note(exc.kind, before)], None
        notes = [n for n in doc.get("notes", []) if isinstance(n, dict)]
        found = _compare(conn, doc, before)
        if not found:
            return notes, main
        return [*notes, self._note(found[0].kind, before, doc["seq"])], main

    @staticmethod
    def _note(kind: str, found: Head, anchored_seq: int | None = None) -> dict[str, Any]:
        log.warning("audit anchor re-established after: %s", kind)
        note: dict[str, Any] = {"at": _now(), "kind": kind, "chain_seq": found.seq}
        if anchored_seq is not None:
            note["anchored_seq"] = anchored_seq
        return note

    def _lock(self) -> None:
        """Exclusive across processes and threads (the kiosk's screens and its background
        sending pass each have their own store): one anchor writer at a time."""
        if self._lock_fd is not None:
            return
        if fcntl is not None:
            fd = os.open(self.folder, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:
                os.close(fd)
                raise
        elif msvcrt is not None:  # pragma: no cover - Windows
            fd = os.open(self.folder / "audit.anchor.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                while True:
                    try:
                        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                        break
                    except OSError:  # LK_LOCK gave up after about 10 s: wait on
                        continue
            except BaseException:
                os.close(fd)
                raise
        else:  # pragma: no cover - neither: nothing to lock with
            return
        self._lock_fd = fd

    def _unlock(self) -> None:
        fd, self._lock_fd = self._lock_fd, None
        if fd is None:
            return
        if fcntl is None and msvcrt is not None:  # pragma: no cover - Windows
            with contextlib.suppress(OSError):
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)  # closing releases the flock

    # --- checking ----------------------------------------------------------------------------
    def check(self, conn: Any) -> list[AuditProblem]:
        """What the anchor says about the chain in *conn*: loss, rewrite, forged records,
        and every earlier problem after which the anchor was re-established."""
        try:
            doc = self.effective(self.read())
        except AnchorUnusable as exc:
            return [AuditProblem(0, exc.kind, exc.detail)]
        problems = [_note_problem(n) for n in doc.get("notes", []) if isinstance(n, dict)]
        return problems + _compare(conn, doc, chain_head(conn))

    def signed_head(self, conn: Any) -> dict[str, Any]:
        """The chain's current head, signed now (for the offices: carried in submissions)."""
        # Imported here: the serialization module costs ~10 ms, which start-up need not pay.
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        head = chain_head(conn)
        doc: dict[str, Any] = {
            "station_id": self.station_id,
            "seq": head.seq,
            "hash": head.hash,
            "at": _now(),
            "alg": "Ed25519",
            "public_key": _b64(self._public.public_bytes(Encoding.Raw, PublicFormat.Raw)),
        }
        doc["signature"] = _b64(self._key.sign(_canonical(doc)))
        return doc


def verify_signed_head(doc: dict[str, Any], public_key: bytes) -> bool:
    """True if *doc* (from ``signed_head``) is signed by the raw Ed25519 *public_key*."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    body = {k: v for k, v in doc.items() if k != "signature"}
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            base64.b64decode(doc["signature"]), _canonical(body)
        )
    except (InvalidSignature, KeyError, ValueError):
        return False
    return True




def _datasync(fd: int) -> None:
    """The slot's bytes on the disk (fdatasync where the OS has it: the size is unchanged)."""
    getattr(os, "fdatasync", os.fsync)(fd)


def _storage_error(exc: OSError) -> KioskError:
    if exc.errno == errno.ENOSPC:
        return StorageFull(
            f"audit anchor write failed: {exc.strerror}",
            "Der Speicher der Station ist voll. Die letzte Änderung wurde nicht gespeichert, "
            "alles Frühere ist sicher. Bitte die IT-Betreuung verständigen.",
        )
    return StorageFailed(
        f"audit anchor write failed: {exc.strerror}",
        "Die Änderung konnte nicht gespeichert werden (die Ankerdatei der Audit-Kette ist "
        "nicht schreibbar). Alles Frühere ist sicher. Bitte die IT-Betreuung verständigen.",
    )


def _record_hash(conn: Any, seq: int) -> str | None:
    row = conn.execute("SELECT hash FROM audit WHERE seq = ?", (seq,)).fetchone()
    return None if row is None else str(row[0])


def _first_anchored(conn: Any, after_seq: int, upto_seq: int) -> int | None:
    """The first record in (after_seq, upto_seq] that is not an autosave, if any."""
    marks = ", ".join("?" * len(AUTOSAVE_EVENTS))
    row = conn.execute(
        f"SELECT min(seq) FROM audit WHERE seq > ? AND seq <= ? AND event NOT IN ({marks})",
        (after_seq, upto_seq, *sorted(AUTOSAVE_EVENTS)),
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def _compare(conn: Any, doc: dict[str, Any], head: Head) -> list[AuditProblem]:
    """Does the chain ending at *head* still hold the anchored head, and nothing after it
    but autosaves (or the one pending commit of a crash window)?"""
    seq, hash_ = doc["seq"], doc["hash"]
    if seq > 0 and head.seq == 0:
        return [AuditProblem(seq, "emptied", f"all {seq} anchored records are gone")]
    if head.seq < seq:
        return [
            AuditProblem(
                seq,
                "truncated",
                f"the chain ends at record {head.seq} but the anchor confirms {seq}",
            )
        ]
    if seq > 0 and _record_hash(conn, seq) != hash_:
        return [AuditProblem(seq, "rewritten", "the record does not match the anchored hash")]
    base = seq
    pending = doc.get("pending")
    if pending is not None:
        p_seq, p_hash = int(pending["seq"]), str(pending["hash"])
        if seq < p_seq <= head.seq and _record_hash(conn, p_seq) == p_hash:
            base = p_seq  # the crash window: committed, not yet re-anchored
    first = _first_anchored(conn, base, head.seq)
    if first is not None:
        return [
            AuditProblem(
                first,
                "unanchored",
                f"records from {first} on were never anchored by the kiosk",
            )
        ]
    return []


def _note_problem(note: dict[str, Any]) -> AuditProblem:
    kind = str(note.get("kind", "?"))
    detail = f"anchor re-established on {note.get('at', '?')} after: {kind}"
    if "anchored_seq" in note:
        detail += f" (anchored {note['anchored_seq']} records, chain had {note.get('chain_seq')})"
    return AuditProblem(int(note.get("chain_seq", 0)), "reanchored", detail, reason=kind)
