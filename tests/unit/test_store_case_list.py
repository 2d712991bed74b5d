"""The case list, search and status counts at the store: indexed columns that stay right."""

from __future__ import annotations

import hashlib
import os
from datetime import date

import pytest

from kiosk.store import Store
from tests import households

ACTOR = "counsellor:1"


@pytest.fixture
def store(tmp_path):
    s = Store.create(tmp_path / "kiosk.db", os.urandom(32))
    yield s
    s.close()


def _household(family: str, given: str = "Kim", **partner: str) -> dict:
    hh = households.load()
    hh["applicant"].update(family_name=family, given_names=given, birth_name=None)
    if partner:
        hh["partner"].update(partner)
    return hh


def _listed(store: Store, case_id: str) -> str:
    [state] = [c.state for c in store.cases.list_cases() if c.id == case_id]
    return state


def test_shown_state_follows_every_claim_change_in_the_same_transaction(store):
    case_id = store.cases.create_case(ACTOR, _household("Haddad"))
    steps = []

    def check() -> None:
        derived = store.cases.get_case(case_id).state  # computed from the claims themselves
        steps.append(derived)
        assert _listed(store, case_id) == derived
        assert store.cases.count_by_state() == {derived: 1}
        assert [c.id for c in store.cases.list_cases(state=derived, limit=10)] == [case_id]

    check()
    kindergeld = store.claims.add_claim(case_id, "kindergeld", "1", None, ACTOR)
    wohngeld = store.claims.add_claim(case_id, "wohngeld", "1", None, ACTOR)
    check()
    canonical = b'{"claim":1}'
    store.claims.sign(kindergeld, {"strokes": [[1, 2]]}, canonical,
                      hashlib.sha256(canonical).hexdigest(), ACTOR)
    store.claims.remove_claim(wohngeld, ACTOR)
    check()
    store.claims.set_state(kindergeld, "queued", ACTOR)
    check()
    store.claims.set_state(kindergeld, "needs_attention", ACTOR)
    check()
    store.claims.withdraw_claim(kindergeld, ACTOR)
    check()
    store.cases.withdraw_case(case_id, ACTOR)
    check()
    assert steps == ["draft", "draft", "signed", "queued", "needs_attention", "draft",
                     "withdrawn"]


def test_a_failed_change_leaves_the_shown_state_as_it_was(store):
    case_id = store.cases.create_case(ACTOR, _household("Haddad"))
    claim = store.claims.add_claim(case_id, "kindergeld", "1", None, ACTOR)
    canonical = b'{"claim":1}'
    store.claims.sign(claim, {"strokes": [[1, 2]]}, canonical,
                      hashlib.sha256(canonical).hexdigest(), ACTOR)
    with pytest.raises(RuntimeError), store.transaction():
        store.claims.set_state(claim, "queued", ACTOR)
        assert _listed(store, case_id) == "queued"
        raise RuntimeError("power cut before the commit")
    assert store.claims.get_claim(claim).state == "signed"
    assert _listed(store, case_id) == "signed"
    assert store.cases.count_by_state() == {"signed": 1}


def test_list_search_and_counts_never_decode_a_household(store, monkeypatch):
    for name in ("Yıldız", "Müller", "Petrenko"):
        store.cases.create_case(ACTOR, _household(name))

    def no_decoding(_data):
        raise AssertionError("a household document was decoded")

    monkeypatch.setattr("kiosk.store.cases.loads", no_decoding)
    assert [c.family_name for c in store.cases.list_cases(search="YILDIZ")] == ["Yıldız, Kim"]
    assert len(store.cases.list_cases(limit=2)) == 2
    assert store.cases.count_cases(search="mueller") == 1
    assert store.cases.page_cases(limit=2, offset=2).cases[0].family_name == "Yıldız, Kim"
    assert store.cases.count_by_state() == {"draft": 3}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Yildiz", "Yıldız, Ayşe"),
        ("YILDIZ", "Yıldız, Ayşe"),
        ("yıldız", "Yıldız, Ayşe"),
        ("Mueller", "Müller, Jürgen"),
        ("muller", "Müller, Jürgen"),
        ("Strasse", "Straße, Anna"),
        ("Juergen", "Müller, Jürgen"),
        ("Kovalenko", "الحسن, محمد"),  # the partner, by the Latin spelling
        ("коваленко", "الحسن, محمد"),
        ("Shevchenko", "الحسن, محمد"),  # the partner's birth name
        ("الحسن", "الحسن, محمد"),
        ("Ozturk", "Weber, Eva"),  # the partner's family name
    ],
)
def test_search_finds_names_however_they_are_spelled(store, typed, found):
    store.cases.create_case(ACTOR, _household("Yıldız", "Ayşe"))
    store.cases.create_case(ACTOR, _household("Müller", "Jürgen"))
    store.cases.create_case(ACTOR, _household("Straße", "Anna"))
    store.cases.create_case(ACTOR, households.load("arabic_cyrillic_names"))
    store.cases.create_case(ACTOR, _household("Weber", "Eva", family_name="Öztürk"))
    assert [c.family_name for c in store.cases.list_cases(search=typed)] == [found]
    assert store.cases.count_cases(search=typed) == 1


def test_saving_the_household_updates_name_and_search_key(store):
    case_id = store.cases.create_case(ACTOR, _household("Petrenko", "Olena"))
    store.cases.save_household(case_id, _household("Yıldız", "Zeynep"), ACTOR)
    assert store.cases.list_cases(search="Petrenko") == []
    [case] = store.cases.list_cases(search="yildiz")
    assert (case.id, case.family_name) == (case_id, "Yıldız, Zeynep")


def test_pages_cover_every_case_once_newest_visit_first(store):
    ids = []
    with store.transaction():
        for i in range(23):
            ids.append(store.cases.create_case(
                ACTOR, _household(f"Familie{i}"), visit_date=date(2026, 3, 1 + i % 5)))
    full = store.cases.list_cases()
    assert [c.visit_date for c in full] == sorted((c.visit_date for c in full), reverse=True)
    pages = [store.cases.list_cases(limit=10, offset=o) for o in (0, 10, 20)]
    assert [len(p) for p in pages] == [10, 10, 3]
    assert [c.id for p in pages for c in p] == [c.id for c in full]
    assert store.cases.count_cases() == 23
    assert store.cases.count_cases(visit_date="2026-03-02") == len(
        store.cases.list_cases(visit_date="2026-03-02")) == 5
    searched = store.cases.list_cases(search="familie1", limit=5, offset=5)
    assert [c.id for c in searched] == [
        c.id for c in full if c.family_name.startswith("Familie1")][5:10]

    page = store.cases.page_cases(limit=10, offset=30)  # past the end: the last page
    assert (page.offset, page.number, page.count, page.total) == (20, 3, 3, 23)
    assert store.cases.page_cases(search="nobody").count == 1


def test_a_page_lists_the_claims_of_its_cases(store):
    case_id = store.cases.create_case(ACTOR, _household("Haddad"))
    claim = store.claims.add_claim(case_id, "kindergeld", "1", None, ACTOR)
    [summary] = store.cases.list_cases(limit=50)
    assert [(c.id, c.benefit, c.state) for c in summary.claims] == [
        (claim, "kindergeld", "draft")]
