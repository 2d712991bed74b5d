"""Eligibility hints: which claims fit a household, with the reason in plain words.

A hint, never a decision: the counsellor can always add a claim. The rules are data
(``resources/eligibility/<benefit>.yaml``), evaluated over the facts of
:mod:`kiosk.eligibility.facts` by the condition evaluator of :mod:`kiosk.forms`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.eligibility.facts import (
    CHILD_FACTS,
    FACTS,
    HOUSEHOLD_FACTS,
    child_facts,
    household_facts,
)
from kiosk.eligibility.rules import LEVELS, Rule, RuleSet, load_rates, load_rule_sets
from kiosk.forms.catalog import FormCatalog
from kiosk.forms.conditions import evaluate
from kiosk.model.household import children

_NO_RULES = {
    "de": "Für diese Leistung gibt es keine Regel; bitte im Gespräch klären.",
    "en": "There is no rule for this benefit; please clarify in the conversation.",
    "tr": "Bu yardım için bir kural yok; lütfen görüşmede netleştirin.",
    "ar": "لا توجد قاعدة لهذه الإعانة؛ يرجى التوضيح أثناء المحادثة.",
    "uk": "Для цієї допомоги немає правила; будь ласка, з'ясуйте під час розмови.",
    "ru": "Для этого пособия нет правила; пожалуйста, уточните в беседе.",
}


_NO_CHILDREN = {
    "de": "Im Haushalt lebt kein Kind; diese Leistung gibt es nur für Kinder.",
    "en": "No child lives in the household; this benefit is only for children.",
    "tr": "Hanede çocuk yaşamıyor; bu yardım yalnızca çocuklar içindir.",
    "ar": "لا يعيش أي طفل في الأسرة؛ هذه الإعانة مخصصة للأطفال فقط.",
    "uk": "У домогосподарстві немає дітей; ця допомога призначена лише для дітей.",
    "ru": "В домохозяйстве нет детей; это пособие предназначено только для детей.",
}


@dataclass(frozen=True)
class Hint:
    """``subject`` is ``None`` for the household or a child id; ``reason`` by language."""

    benefit: str
    subject: str | None
    level: str
    reason: dict[str, str]


@dataclass(frozen=True)
class Rules:
    """The eligibility rules files and the rates they use, read and checked once."""

    rates: dict[str, Any]
    rule_sets: dict[str, RuleSet]


def load_rules(resources: Path) -> Rules:
    """Every rules file and the rates under ``resources/eligibility``; raises FormError."""
    return Rules(load_rates(resources), load_rule_sets(resources))


def hints(catalog: FormCatalog, household: Any, today: date | None = None,
          rules: Rules | None = None) -> list[Hint]:
    """Hints in catalog order: per child for benefits whose form makes one claim per child
    (subject = child id, also for BuT's per-child-and-kind claims), else one per household
    (subject ``None``; per-child rules are then summed up: the best level wins and the
    reason names the children). Never raises for any household content; broken rules
    files raise FormError. ``rules``: as loaded once by the station (else read here)."""
    today = today or date.today()
    doc = household if isinstance(household, dict) else {}
    rules = rules or load_rules(catalog.resources)
    rates, rule_sets = rules.rates, rules.rule_sets
    base = household_facts(doc, rates, today)
    out: list[Hint] = []
    for benefit in catalog.benefits():
        rule_set = rule_sets.get(benefit)
        if rule_set is None:
            out.append(Hint(benefit, None, "possible", dict(_NO_RULES)))
            continue
        if rule_set.per == "household":
            rule = _decide(rule_set, base, today)
            out.append(Hint(benefit, None, rule.level, dict(rule.reason)))
            continue
        decided = []
        for child in children(doc):
            facts = {**base, **child_facts(doc, child, rates, today)}
            given = str(child.data.get("given_names") or child.id).split(" ")[0]
            decided.append((child.id, given, _decide(rule_set, facts, today)))
        if not decided:
            out.append(Hint(benefit, None, "not_applicable", dict(_NO_CHILDREN)))
        elif catalog.form(benefit).per_subject != "household":
            out.extend(Hint(benefit, child_id, rule.level, _named(rule.reason, [given]))
                       for child_id, given, rule in decided)
        else:
            out.append(_summed_up(benefit, decided))
    return out


def _named(reason: dict[str, str], names: list[str]) -> dict[str, str]:
    joined = ", ".join(names)
    return {lang: text.replace("{child}", joined) for lang, text in reason.items()}


def _summed_up(benefit: str, decided: list[tuple[str, str, Rule]]) -> Hint:
    """One household hint from per-child decisions: children with the same rule share a
    sentence; the best level comes first and decides the hint's level."""
    groups: dict[int, tuple[Rule, list[str]]] = {}
    for _child_id, given, rule in decided:
        groups.setdefault(id(rule), (rule, []))[1].append(given)
    ordered = sorted(groups.values(), key=lambda g: LEVELS.index(g[0].level))
    reason: dict[str, str] = {}
    for rule, names in ordered:
        for lang, text in _named(rule.reason, names).items():
            reason[lang] = f"{reason[lang]} {text}" if lang in reason else text
    return Hint(benefit, None, ordered[0][0].level, reason)


def _decide(rule_set: RuleSet, facts: dict[str, Any], today: date) -> Rule:
    def resolve(_ref: str, name: str) -> Any:
        return facts.get(name)

    for rule in rule_set.rules:
        if evaluate(rule.when, resolve, today):
            return rule
    return rule_set.otherwise


__all__ = ["CHILD_FACTS", "FACTS", "HOUSEHOLD_FACTS", "LEVELS", "Hint", "Rule", "RuleSet",
           "child_facts", "hints", "household_facts", "load_rates", "load_rule_sets"]
