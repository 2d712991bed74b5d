"""Fixtures for the GUI tests: a demo station in a temporary directory (with the suite's
in-memory keyring from tests/conftest.py) and a small form catalog of their own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def demo_station(tmp_path: Path, memory_keyring: Any) -> Iterator[Any]:
    """A provisioned demo station (counsellor "Demo-Beraterin", PIN 246810)."""
    from kiosk.app import Station

    station = Station.provision(tmp_path / "station", demo=True, keyring_backend=memory_keyring)
    try:
        yield station
    finally:
        station.close()


# --- family mode: a small form catalog of its own, independent of the shipped forms -------

REPO = Path(__file__).resolve().parents[2]


def _t(de: str, en: str, tr: str, ar: str, uk: str, ru: str) -> dict[str, str]:
    return {"de": de, "en": en, "tr": tr, "ar": ar, "uk": uk, "ru": ru}


TEST_FORMS: dict[str, dict[str, Any]] = {
    "testgeld": {
        "id": "testgeld",
        "version": "1",
        "title": _t(
            "Testgeld",
            "Test benefit",
            "Test yardımı",
            "إعانة الاختبار",
            "Тестова допомога",
            "Тестовое пособие",
        ),
        "summary": _t(
            "Geld für Tests.",
            "Money for tests.",
            "Testler için para.",
            "مال للاختبارات.",
            "Гроші для тестів.",
            "Деньги для тестов.",
        ),
        "office": "familienkasse",
        "leika_key": "leika.testgeld",
        "per_subject": "household",
        "sections": [
            {
                "id": "applicant",
                "title": _t(
                    "Antragsteller/in",
                    "Applicant",
                    "Başvuru sahibi",
                    "مقدم الطلب",
                    "Заявник",
                    "Заявитель",
                ),
                "fields": [
                    {
                        "id": "family_name",
                        "term": "family_name",
                        "source": "$.applicant.family_name",
                        "required": True,
                    },
                    {
                        "id": "given_names",
                        "term": "given_names",
                        "source": "$.applicant.given_names",
                    },
                    {"id": "birth_date", "term": "birth_date", "source": "$.applicant.birth_date"},
                ],
            },
            {
                "id": "own",
                "title": _t(
                    "Ihre Angaben",
                    "Your answers",
                    "Cevaplarınız",
                    "إجاباتكم",
                    "Ваші відповіді",
                    "Ваши ответы",
                ),
                "fields": [
                    {
                        "id": "by_post",
                        "type": "boolean",
                        "source": "answer",
                        "label": _t(
                            "Bescheid per Post",
                            "Decision by post",
                            "Karar posta ile",
                            "القرار بالبريد",
                            "Рішення поштою",
                            "Решение по почте",
                        ),
                    },
                    {
                        "id": "rent",
                        "type": "money",
                        "source": "answer",
                        "label": _t("Miete", "Rent", "Kira", "الإيجار", "Оренда", "Аренда"),
                    },
                ],
            },
        ],
        "documents": [],
        "consent": _t(
            "Ich bin einverstanden, dass diese Angaben gesendet werden.",
            "I agree that this information is sent.",
            "Bu bilgilerin gönderilmesini kabul ediyorum.",
            "أوافق على إرسال هذه البيانات.",
            "Я погоджуюся, що ці дані буде надіслано.",
            "Я согласен(на), что эти данные будут отправлены.",
        ),
    },
}
TEST_FORMS["zweitgeld"] = {
    **TEST_FORMS["testgeld"],
    "id": "zweitgeld",
    "office": "jobcenter",
    "title": _t(
        "Zweitgeld",
        "Second benefit",
        "İkinci yardım",
        "الإعانة الثانية",
        "Друга допомога",
        "Второе пособие",
    ),
}

HOUSEHOLD = {
    "schema_version": 1,
    "applicant": {
        "id": "p1",
        "family_name": "Yılmaz",
        "given_names": "Ayşe",
        "birth_date": "1990-04-01",
    },
}


@pytest.fixture
def test_catalog(tmp_path: Path) -> Any:
    """A form catalog with two small household forms (testgeld, zweitgeld)."""
    import json
    import shutil

    from kiosk.forms import load_catalog

    res = tmp_path / "resources"
    shutil.copytree(REPO / "resources" / "schemas", res / "schemas")
    (res / "forms").mkdir(parents=True)
    shutil.copy(REPO / "resources" / "forms" / "terms.yaml", res / "forms" / "terms.yaml")
    for form_id, form in TEST_FORMS.items():
        (res / "forms" / form_id).mkdir()
        (res / "forms" / form_id / "1.json").write_text(json.dumps(form), encoding="utf-8")
    return load_catalog(res)


@pytest.fixture
def family_case(demo_station: Any) -> tuple[Any, str, list[str]]:
    """The demo station with one case holding two draft claims (testgeld, zweitgeld), and
    a second case that family mode must never show."""
    cases, claims = demo_station.store.cases, demo_station.store.claims
    actor = "counsellor:1"
    other = cases.create_case(actor)
    cases.save_household(
        other,
        {
            "schema_version": 1,
            "applicant": {"id": "p1", "family_name": "Andere", "given_names": "Familie"},
        },
        actor,
    )
    claims.add_claim(other, "testgeld", "1", None, actor)
    case_id = cases.create_case(actor)
    cases.save_household(case_id, HOUSEHOLD, actor)
    first = claims.add_claim(case_id, "testgeld", "1", None, actor)
    claims.save_answers(first, {"by_post": True, "rent": 54321}, actor)
    second = claims.add_claim(case_id, "zweitgeld", "1", None, actor)
    return demo_station, case_id, [first, second]
