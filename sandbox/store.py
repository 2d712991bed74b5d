"""What the sandbox holds in memory: submissions as they travel, and what each office received."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from sandbox.journal import Journal

INCOMPLETE, SUBMITTED, ACCEPTED, REJECTED = "incomplete", "submitted", "accepted", "rejected"


@dataclass
class Submission:
    """One submission from announcement to the office's decision."""

    submission_id: str
    case_id: str
    destination_id: str
    service_type: dict[str, Any]
    announced: list[str]
    client_id: str
    attachments: dict[str, str] = field(default_factory=dict)  # attachment id → JWE
    encrypted_metadata: str | None = None
    encrypted_data: str | None = None
    status: str = INCOMPLETE
    created: float = field(default_factory=time.time)

    def reduced(self) -> dict[str, Any]:
        """The ``SubmissionReduced`` representation of the Submission API."""
        return {"destinationId": self.destination_id, "submissionId": self.submission_id,
                "caseId": self.case_id, "attachments": list(self.attachments),
                "serviceType": self.service_type}

    def full(self) -> dict[str, Any]:
        doc = self.reduced()
        if self.encrypted_metadata is not None:
            doc["encryptedMetadata"] = self.encrypted_metadata
        if self.encrypted_data is not None:
            doc["encryptedData"] = self.encrypted_data
        return doc


@dataclass
class Received:
    """What an office made of a submission (the sandbox's inspection view)."""

    submission_id: str
    case_id: str
    destination_id: str
    decision: str  # ACCEPTED or REJECTED
    problems: list[dict[str, str]]
    metadata: dict[str, Any] | None = None
    data: Any = None
    data_sha512: str | None = None
    attachments: dict[str, dict[str, Any]] = field(default_factory=dict)
    kids: list[str] = field(default_factory=list)
    at: float = field(default_factory=time.time)

    def summary(self) -> dict[str, Any]:
        return {"submissionId": self.submission_id, "caseId": self.case_id,
                "destinationId": self.destination_id, "decision": self.decision,
                "problems": self.problems, "at": self.at}

    def detail(self) -> dict[str, Any]:
        doc = self.summary()
        doc.update(metadata=self.metadata, data=self.data, dataSha512=self.data_sha512,
                   attachments=self.attachments, kids=self.kids)
        return doc


class Store:
    """Submissions and office inboxes, guarded by one lock."""

    def __init__(self, journal: Journal | None = None) -> None:
        self.journal = journal
        self.lock = threading.Lock()
        self.submissions: dict[str, Submission] = {}
        self.case_destination: dict[str, str] = {}
        self.case_client: dict[str, str] = {}
        self.received: dict[str, Received] = {}

    def create(self, destination_id: str, service_type: dict[str, Any], announced: list[str],
               client_id: str, case_id: str | None) -> Submission:
        sub = Submission(str(uuid.uuid4()), case_id or str(uuid.uuid4()), destination_id,
                         service_type, announced, client_id)
        with self.lock:
            self.submissions[sub.submission_id] = sub
            new_case = sub.case_id not in self.case_destination
            self.case_destination[sub.case_id] = destination_id
            self.case_client.setdefault(sub.case_id, client_id)
        if new_case and self.journal is not None:
            self.journal.append({"t": "case", "case": sub.case_id, "dest": destination_id,
                                 "client": client_id})
        return sub

    def submitted(self, sub: Submission) -> None:
        """Journal a submission that was just submitted (ids and state only)."""
        if self.journal is not None:
            self.journal.append({"t": "sub", "sub": sub.submission_id, "case": sub.case_id,
                                 "dest": sub.destination_id, "client": sub.client_id,
                                 "serviceType": sub.service_type,
                                 "attachments": list(sub.attachments)})

    def restore(self, record: dict[str, Any]) -> None:
        """Apply one journal record (at start, before serving)."""
        kind = record.get("t")
        if kind == "case":
            self.case_destination[record["case"]] = record["dest"]
            self.case_client.setdefault(record["case"], record["client"])
        elif kind == "sub":
            sub = Submission(record["sub"], record["case"], record["dest"],
                             record["serviceType"], list(record["attachments"]),
                             record["client"], status=SUBMITTED)
            sub.attachments = dict.fromkeys(record["attachments"], "")
            self.submissions[sub.submission_id] = sub
        elif kind == "decision":
            summary = record["summary"]
            rec = Received(summary["submissionId"], summary["caseId"],
                           summary["destinationId"], summary["decision"], summary["problems"],
                           at=summary["at"])
            self.received[rec.submission_id] = rec
            if rec.submission_id in self.submissions:
                self.submissions[rec.submission_id].status = rec.decision

    def get(self, submission_id: str) -> Submission | None:
        with self.lock:
            return self.submissions.get(submission_id)
