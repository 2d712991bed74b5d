"""The submission's metadata (FIT-Connect metadata schema 1.0.0), built from a frozen claim
and checked against the schema before it is encrypted."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any

import jsonschema

from kiosk.resources import resource_path
from kiosk.store.outbox import Attachment

SCHEMA = ("schemas", "fit-connect", "metadata.schema.v1.0.0.json")
LEIKA_URN = "urn:de:fim:leika:leistung:"
#: The claim data: canonical JSON of the claim (its projection of the household).
CLAIM_SCHEMA = {"schemaUri": "https://fvo-kiosk.example/schemas/claim.schema.json",
                "mimeType": "application/json"}


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resource_path(*SCHEMA).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def sha512_hex(data: bytes) -> str:
    return hashlib.sha512(data).hexdigest()


def build_metadata(*, canonical: bytes, leika: str, service_name: str,
                   attachments: list[Attachment], claim_id: str, signed_at: str | None,
                   audit_head: dict[str, Any] | None) -> dict[str, Any]:
    """The metadata document; raises ``jsonschema.ValidationError`` if it breaks schema."""
    reference: dict[str, Any] = {"senderReference": claim_id}
    if signed_at:
        reference["applicationDate"] = signed_at[:10]
    if audit_head is not None:
        # The station's signed audit head: the office can later check the station's trail.
        reference["stationAuditHead"] = audit_head
    doc: dict[str, Any] = {
        "contentStructure": {
            "data": {"hash": {"type": "sha512", "content": sha512_hex(canonical)},
                     "submissionSchema": dict(CLAIM_SCHEMA)},
            "attachments": [
                {"hash": {"type": "sha512", "content": a.sha512}, "purpose": a.purpose,
                 "mimeType": a.mime_type, "attachmentId": a.id,
                 **({"filename": a.filename} if a.filename else {})}
                for a in attachments
            ],
        },
        "publicServiceType": {"identifier": LEIKA_URN + leika, "name": service_name},
        "additionalReferenceInfo": reference,
    }
    _validator().validate(doc)
    return doc


def build_followup_metadata(*, leika: str, service_name: str, attachments: list[Attachment],
                            claim_id: str, original_submission_id: str,
                            audit_head: dict[str, Any] | None) -> dict[str, Any]:
    """The metadata of a follow-up (Nachreichung): only the new documents (purpose
    ``attachment``), no claim data (the schema makes ``data`` optional). It goes in the
    claim's FIT-Connect case (the ``caseId`` links the two) and names the original: the
    claim's id as ``senderReference`` (as in the original's metadata) and the original's
    submission id as ``followUpOf`` (``additionalReferenceInfo`` allows further fields)."""
    reference: dict[str, Any] = {"senderReference": claim_id,
                                 "followUpOf": original_submission_id}
    if audit_head is not None:
        reference["stationAuditHead"] = audit_head
    doc: dict[str, Any] = {
        "contentStructure": {
            "attachments": [
                {"hash": {"type": "sha512", "content": a.sha512}, "purpose": "attachment",
                 "mimeType": a.mime_type, "attachmentId": a.id,
                 "description": "Nachreichung",
                 **({"filename": a.filename} if a.filename else {})}
                for a in attachments
            ],
        },
        "publicServiceType": {"identifier": LEIKA_URN + leika, "name": service_name},
        "additionalReferenceInfo": reference,
    }
    _validator().validate(doc)
    return doc
