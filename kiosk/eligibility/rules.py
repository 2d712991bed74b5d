"""Eligibility rules as data: ``resources/eligibility/<benefit>.yaml``.

A rules file::

    benefit: unterhaltsvorschuss
    per: child            # household | child
    rules:                # first rule whose `when` holds decides
      - level: not_applicable
        when: {fact: child.age, gte: 18}
        reason: {de: …, en: …, tr: …, ar: …, uk: …, ru: …}
    otherwise:
      level: likely
      reason: {…}

Conditions use the grammar of kiosk.forms.conditions with ``fact`` references only; the
facts are those of kiosk.eligibility.facts. ``{child}`` in a reason becomes the child's
given name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.eligibility.facts import CHILD_FACTS, HOUSEHOLD_FACTS
from kiosk.forms.conditions import ConditionError, check_condition
from kiosk.forms.errors import FormError
from kiosk.forms.files import display_name, read_data
from kiosk.validation import LANGUAGES

LEVELS = ("likely", "possible", "not_applicable")
RATES_FILE = "rates.yaml"


@dataclass(frozen=True)
class Rule:
    level: str
    reason: dict[str, str]
    when: dict[str, Any] | None = None


@dataclass(frozen=True)
class RuleSet:
    benefit: str
    per: str  # "household" | "child"
    rules: tuple[Rule, ...]
    otherwise: Rule
    file: str = ""


def load_rates(resources: Path) -> dict[str, Any]:
    path = resources / "eligibility" / RATES_FILE
    if not path.exists():
        return {}
    raw = read_data(path, resources)
    if not isinstance(raw, dict):
        raise FormError(display_name(path, resources), "rates must be a mapping")
    return raw


def load_rule_sets(resources: Path) -> dict[str, RuleSet]:
    """Every rules file under ``resources/eligibility`` by benefit; raises FormError."""
    folder = resources / "eligibility"
    out: dict[str, RuleSet] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.json")):
        if path.name == RATES_FILE:
            continue
        raw = read_data(path, resources)
        rule_set = parse_rule_set(raw, display_name(path, resources))
        if rule_set.benefit != path.stem:
            raise FormError(rule_set.file, f"benefit {rule_set.benefit!r} differs from the "
                            "file name")
        out[rule_set.benefit] = rule_set
    return out


def parse_rule_set(raw: Any, file: str) -> RuleSet:
    if not isinstance(raw, dict) or not isinstance(raw.get("benefit"), str):
        raise FormError(file, "a rules file needs 'benefit', 'per', 'rules' and 'otherwise'")
    per = raw.get("per")
    if per not in ("household", "child"):
        raise FormError(file, "'per' must be household or child")
    allowed = set(HOUSEHOLD_FACTS) | (set(CHILD_FACTS) if per == "child" else set())
    rules = []
    for index, item in enumerate(raw.get("rules") or []):
        rules.append(_rule(item, file, f"rule {index + 1}", allowed, needs_when=True))
    otherwise = _rule(raw.get("otherwise"), file, "otherwise", allowed, needs_when=False)
    return RuleSet(raw["benefit"], per, tuple(rules), otherwise, file)


def _rule(item: Any, file: str, where: str, allowed: set[str], needs_when: bool) -> Rule:
    if not isinstance(item, dict):
        raise FormError(file, "must be a mapping with level, reason (and when)", where)
    level = item.get("level")
    if level not in LEVELS:
        raise FormError(file, f"level must be one of {', '.join(LEVELS)}", where)
    reason = item.get("reason")
    if not isinstance(reason, dict):
        raise FormError(file, "reason must be a text per language", where)
    lacking = [lang for lang in LANGUAGES if not str(reason.get(lang) or "").strip()]
    if lacking:
        raise FormError(file, f"reason lacks the translation(s) {', '.join(lacking)}", where)
    when = item.get("when")
    if needs_when or when is not None:
        try:
            refs = check_condition(when, allowed_refs=("fact",))
        except ConditionError as err:
            raise FormError(file, f"condition: {err}", where) from None
        unknown = sorted({name for _ref, name in refs} - allowed)
        if unknown:
            raise FormError(file, f"unknown fact(s) {', '.join(unknown)}", where)
    return Rule(level, {k: str(v) for k, v in reason.items()}, when)
