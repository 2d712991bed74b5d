"""Test households read from tests/fixtures/households (written like real intake data)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "households"


def load(name: str = "two_parents_three_children") -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def with_canaries(household: dict[str, Any], canary: str) -> dict[str, Any]:
    """The household with every name and the IBAN replaced by unmistakable canary strings."""
    hh = copy.deepcopy(household)
    people = [hh["applicant"], hh.get("partner"), *hh.get("children", [])]
    for i, person in enumerate(p for p in people if p):
        person["family_name"] = f"{canary}FAM{i}"
        person["given_names"] = f"{canary}GIV{i}"
    hh["bank_account"]["iban"] = f"DE{canary}IBAN"
    hh["bank_account"]["holder"] = f"{canary}HOLDER"
    return hh
