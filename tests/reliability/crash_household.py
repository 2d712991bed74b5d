"""The household the crash child writes for index i (the parent rebuilds it to compare)."""

from __future__ import annotations

from typing import Any

from tests import households

_BASE = households.load()


def expected_household(i: int) -> dict[str, Any]:
    hh = dict(_BASE)
    hh["applicant"] = dict(_BASE["applicant"], given_names=f"Julia {i}")
    hh["test_index"] = i
    return hh
