"""Plain records the repositories hand out (no SQL rows leave the store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ClaimSummary:
    id: str
    benefit: str
    subject: str | None
    state: str


@dataclass(frozen=True)
class Claim:
    id: str
    case_id: str
    benefit: str
    form_version: str
    subject: str | None
    answers: dict[str, Any]
    state: str
    sha256: str | None
    canonical: bytes | None = None
    #: The claim this one corrects (that one is ``superseded``).
    supersedes: str | None = None
    #: Frozen with the signature: when, by which counsellor's session, on which station.
    signed_at: str | None = None
    signed_by: str | None = None
    station_id: str | None = None


@dataclass(frozen=True)
class Case:
    id: str
    visit_date: str
    state: str
    household: dict[str, Any]
    resume_at: str | None
    created_at: str
    updated_at: str
    #: Input typed but not yet valid, by household path (kept beside the household).
    pending: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseSummary:
    id: str
    visit_date: str
    state: str
    family_name: str
    claims: list[ClaimSummary] = field(default_factory=list)


@dataclass(frozen=True)
class CasePage:
    """One page of the case list and how many cases match the filters in all."""

    cases: list[CaseSummary]
    total: int
    offset: int
    limit: int

    @property
    def number(self) -> int:
        """This page's number, from 1."""
        return self.offset // self.limit + 1 if self.limit else 1

    @property
    def count(self) -> int:
        """How many pages the matching cases fill (at least 1, also when none match)."""
        return max(1, -(-self.total // self.limit)) if self.limit else 1


@dataclass(frozen=True)
class CounsellorRecord:
    id: int
    name: str
    pin_hash: str
    failed_attempts: int
    locked_until: float
    active: bool
