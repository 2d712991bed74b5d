"""The demo offices: decrypt what arrives, check it against its metadata, accept or reject.

Runs in a background thread so that the API answers at network speed; the decision shows up
as an ``accept-submission`` or ``reject-submission`` event in the case's event log.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import threading
from pathlib import Path
from typing import Any

import jsonschema
from jwcrypto import jwe
from jwcrypto.common import JWException, json_decode

from sandbox import events
from sandbox.events import EventLog, problem
from sandbox.keys import KeyStore
from sandbox.spec import metadata_schema
from sandbox.store import ACCEPTED, INCOMPLETE, REJECTED, Received, Store, Submission

log = logging.getLogger(__name__)

MAX_PLAINTEXT = 64 * 1024 * 1024
# jwcrypto refuses to inflate a `zip: DEF` payload above 256 KB (its bomb guard); an office
# must take a compressed PDF of a few MB, so the sandbox lifts the cap for its process.
MAX_COMPRESSED = 32 * 1024 * 1024
ALG, ENC = "RSA-OAEP-256", "A256GCM"


class Rejection(Exception):
    """The office rejects the submission with these problems."""

    def __init__(self, *problems: dict[str, str]) -> None:
        super().__init__(problems[0]["detail"])
        self.problems = list(problems)


def _where(error: jsonschema.ValidationError) -> str:
    """Where and which rule failed, without the offending value (it may be personal data)."""
    path = "/".join(str(p) for p in error.absolute_path) or "(root)"
    return f"at {path}: fails {error.validator!r} {json.dumps(error.validator_value)[:200]}"


def lift_decompression_cap() -> None:
    jwe.default_max_compressed_size = max(jwe.default_max_compressed_size, MAX_COMPRESSED)


def load_data_schemas(directory: Path) -> dict[str, dict[str, Any]]:
    """Schemas for the submission data, by ``$id``, from ``<dir>/schemas/*.json`` (optional)."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted((directory / "schemas").glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("skipping data schema %s: %s", path.name, exc)
            continue
        if isinstance(doc, dict) and isinstance(doc.get("$id"), str):
            found[doc["$id"]] = doc
    return found


class Offices:
    """The office worker: one queue, one thread, a decision per submitted submission."""

    def __init__(self, store: Store, keys: KeyStore, log_: EventLog,
                 data_schemas: dict[str, dict[str, Any]] | None = None) -> None:
        self.store = store
        self.keys = keys
        self.events = log_
        self.data_schemas = data_schemas or {}
        self._metadata_validator = jsonschema.Draft202012Validator(
            metadata_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        self._queue: queue.Queue[Submission | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="sandbox-offices", daemon=True)
        self.pending = 0
        self._idle = threading.Condition()
        self._open = threading.Event()  # cleared while paused (PUT /sandbox/settings)
        self._open.set()

    def start(self) -> None:
        lift_decompression_cap()
        self._thread.start()

    def stop(self) -> None:
        self._open.set()
        self._queue.put(None)
        self._thread.join(timeout=10)

    @property
    def paused(self) -> bool:
        return not self._open.is_set()

    def pause(self, paused: bool = True) -> None:
        """Paused offices decide nothing (submissions wait in their queue) until resumed: a
        benchmark keeps their decryptions out of the sending it measures."""
        if paused:
            self._open.clear()
        else:
            self._open.set()

    def enqueue(self, submission: Submission) -> None:
        with self._idle:
            self.pending += 1
        self._queue.put(submission)

    def wait_idle(self, timeout: float) -> bool:
        """True once every queued submission is decided (tests, benchmarks)."""
        with self._idle:
            return self._idle.wait_for(lambda: self.pending == 0, timeout)

    def _run(self) -> None:
        while True:
            sub = self._queue.get()
            if sub is None:
                return
            self._open.wait()
            try:
                self.decide(sub)
            except Exception:  # noqa: BLE001 - the worker must survive any one submission
                log.exception("office failed on a submission; rejecting it")
                self._record(sub, Received(sub.submission_id, sub.case_id, sub.destination_id,
                                           REJECTED, [problem("technical-error", "Interner Fehler",
                                                              "The office failed to process "
                                                              "the submission.", "submission")]))
            finally:
                with self._idle:
                    self.pending -= 1
                    self._idle.notify_all()

    def decide(self, sub: Submission) -> Received:
        """Check one submission and record the office's decision with its event."""
        received = Received(sub.submission_id, sub.case_id, sub.destination_id, ACCEPTED, [])
        try:
            self._check(sub, received)
        except Rejection as rej:
            received.decision = REJECTED
            received.problems = rej.problems
        self._record(sub, received)
        return received

    def _record(self, sub: Submission, received: Received) -> None:
        with self.store.lock:
            sub.status = received.decision
            self.store.received[sub.submission_id] = received
        if self.store.journal is not None:
            self.store.journal.append({"t": "decision", "summary": received.summary()})
        if received.decision == ACCEPTED:
            body: dict[str, Any] = {"authenticationTags": self._tags(sub)}
            self.events.add(sub.case_id, sub.submission_id, events.ACCEPT, body,
                            signer=sub.destination_id)
        else:
            self.events.add(sub.case_id, sub.submission_id, events.REJECT,
                            {"problems": received.problems}, signer=sub.destination_id)
        log.debug("office %s %s a submission", sub.destination_id, received.decision)

    @staticmethod
    def _tags(sub: Submission) -> dict[str, Any]:
        """The JWEs' authentication tags, as FIT-Connect's accept event lists them."""
        tags: dict[str, Any] = {"metadata": (sub.encrypted_metadata or "").rsplit(".", 1)[-1],
                                "attachments": {aid: jwe_.rsplit(".", 1)[-1]
                                                for aid, jwe_ in sub.attachments.items()}}
        if sub.encrypted_data:
            tags["data"] = sub.encrypted_data.rsplit(".", 1)[-1]
        return tags

    def _decrypt(self, sub: Submission, token: str, what: str, received: Received) -> bytes:
        try:
            obj = jwe.JWE()
            obj.deserialize(token)
            header = obj.jose_header
        except (JWException, ValueError, TypeError, KeyError) as exc:
            raise Rejection(problem("encryption-issue", "Entschlüsselungsfehler",
                                    f"The {what} is no JWE in compact serialization ({exc}).",
                                    what)) from None
        if header.get("alg") != ALG or header.get("enc") != ENC:
            raise Rejection(problem("encryption-issue", "Entschlüsselungsfehler",
                                    f"The {what} uses alg {header.get('alg')!r}, enc "
                                    f"{header.get('enc')!r}; expected {ALG} and {ENC}.", what))
        key = self.keys.decryption_key(sub.destination_id, header.get("kid"))
        if key is None:
            raise Rejection(problem("encryption-issue", "Entschlüsselungsfehler",
                                    f"The {what} is encrypted for an unknown or expired key "
                                    f"(kid {header.get('kid')!r}).", what))
        try:
            obj.decrypt(key.private, max_plaintext=MAX_PLAINTEXT)
        except (JWException, ValueError, TypeError) as exc:
            raise Rejection(problem("encryption-issue", "Entschlüsselungsfehler",
                                    f"The {what} cannot be decrypted ({type(exc).__name__}: "
                                    f"{exc}).", what)) from None
        if key.kid not in received.kids:
            received.kids.append(key.kid)
        payload: bytes = obj.payload
        return payload

    def _check(self, sub: Submission, received: Received) -> None:
        if sub.encrypted_metadata is None:
            raise Rejection(problem("missing-metadata", "Metadaten fehlen",
                                    "The submission has no metadata.", "metadata"))
        raw = self._decrypt(sub, sub.encrypted_metadata, "metadata", received)
        try:
            metadata = json_decode(raw)
        except ValueError as exc:
            raise Rejection(problem("syntax-violation", "Syntaxfehler",
                                    f"The metadata is not valid JSON ({exc}).",
                                    "metadata")) from None
        received.metadata = metadata
        errors = sorted(self._metadata_validator.iter_errors(metadata), key=lambda e: e.path)
        if errors:
            raise Rejection(*[problem(
                "schema-violation", "Schemafehler",
                f"The metadata does not match metadata schema 1.0.0 {_where(e)}", "metadata")
                for e in errors[:10]])
        self._check_follow_up(sub, metadata)
        structure = metadata["contentStructure"]
        self._check_data(sub, structure.get("data"), received)
        self._check_attachments(sub, structure.get("attachments", []), received)

    def _check_follow_up(self, sub: Submission, metadata: dict[str, Any]) -> None:
        """A second submission in a case is a follow-up (FIT-Connect links them by
        ``caseId``). If its metadata names the original (``additionalReferenceInfo.
        followUpOf``, a submission id), that must be another submitted one of the same case."""
        reference = (metadata.get("additionalReferenceInfo") or {}).get("followUpOf")
        if reference is None:
            return
        with self.store.lock:
            original = self.store.submissions.get(reference) \
                if isinstance(reference, str) else None
            known = original is not None and original.case_id == sub.case_id and \
                original is not sub and original.status != INCOMPLETE
        if not known:
            raise Rejection(problem(
                "unknown-reference", "Bezug unbekannt",
                "The submission is a follow-up of a submission that is not in this case "
                "(additionalReferenceInfo.followUpOf).", "metadata"))

    def _check_data(self, sub: Submission, declared: dict[str, Any] | None,
                    received: Received) -> None:
        if declared is None:
            if sub.encrypted_data is not None:
                raise Rejection(problem("unexpected-data", "Unerwartete Fachdaten",
                                        "Data was sent but the metadata declares none.", "data"))
            return
        if sub.encrypted_data is None:
            raise Rejection(problem("missing-data", "Fachdaten fehlen",
                                    "The metadata declares data but none was sent.", "data"))
        data = self._decrypt(sub, sub.encrypted_data, "data", received)
        digest = hashlib.sha512(data).hexdigest()
        received.data_sha512 = digest
        if digest != declared["hash"]["content"]:
            raise Rejection(problem("hash-mismatch", "Prüfsumme stimmt nicht",
                                    "The data's SHA-512 differs from the hash in the metadata.",
                                    "data"))
        schema_ref = declared["submissionSchema"]
        if schema_ref["mimeType"] != "application/json":
            received.data = None
            return
        try:
            parsed = json.loads(data)
        except ValueError as exc:
            raise Rejection(problem("syntax-violation", "Syntaxfehler",
                                    f"The data is not valid JSON ({exc}).", "data")) from None
        received.data = parsed
        schema = self.data_schemas.get(schema_ref["schemaUri"])
        if schema is not None:
            validator = jsonschema.validators.validator_for(schema)(schema)
            errs = list(validator.iter_errors(parsed))
            if errs:
                raise Rejection(*[problem(
                    "schema-violation", "Schemafehler",
                    f"The data does not match {schema_ref['schemaUri']} {_where(e)}", "data")
                    for e in errs[:10]])

    def _check_attachments(self, sub: Submission, declared: list[dict[str, Any]],
                           received: Received) -> None:
        by_id = {a["attachmentId"]: a for a in declared}
        missing = [aid for aid in by_id if aid not in sub.attachments]
        extra = [aid for aid in sub.attachments if aid not in by_id]
        problems = [problem("missing-attachment", "Anlage fehlt",
                            f"Attachment {aid} is declared in the metadata but was not uploaded.",
                            f"attachment:{aid}") for aid in missing]
        problems += [problem("unexpected-attachment", "Unerwartete Anlage",
                             f"Attachment {aid} was uploaded but is not in the metadata.",
                             f"attachment:{aid}") for aid in extra]
        if problems:
            raise Rejection(*problems)
        for aid, meta in by_id.items():
            content = self._decrypt(sub, sub.attachments[aid], f"attachment {aid}", received)
            digest = hashlib.sha512(content).hexdigest()
            received.attachments[aid] = {"sha512": digest, "size": len(content),
                                         "purpose": meta.get("purpose"),
                                         "mimeType": meta.get("mimeType")}
            if digest != meta["hash"]["content"]:
                raise Rejection(problem("hash-mismatch", "Prüfsumme stimmt nicht",
                                        f"Attachment {aid}'s SHA-512 differs from the hash in "
                                        "the metadata.", f"attachment:{aid}"))
