"""The biggest household the schema allows, for bound and speed checks."""

from __future__ import annotations

from typing import Any

from tests import households


def largest_household() -> dict[str, Any]:
    """The biggest household the schema allows: 20 children, 20 further members, 50
    incomes for each of the 42 persons."""
    hh = households.load()
    incomes = [{"kind": "employment", "amount_cents": 100_000 + i, "net_cents": None,
                "month": None, "description": f"Arbeitgeber {i}"} for i in range(50)]
    child = hh["children"][0]
    hh["applicant"]["incomes"] = list(incomes)
    hh["partner"]["incomes"] = list(incomes)
    hh["children"] = [dict(child, id=f"c{i}", tax_id=None, incomes=list(incomes))
                      for i in range(20)]
    hh["other_members"] = [
        {"id": f"m{i}", "family_name": "Schneider", "given_names": "Oma",
         "birth_date": "1950-01-01", "relationship_to_applicant": "grandparent",
         "lives_in_household": True, "incomes": list(incomes)}
        for i in range(20)
    ]
    return hh
