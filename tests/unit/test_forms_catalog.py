"""Form files: every one loads and passes its schema; a broken one is named precisely;
a new benefit or a new form version needs a file, not code."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from kiosk.errors import InvalidInput
from kiosk.forms import FormError, load_catalog, load_intake, missing, project, subjects
from kiosk.validation import LANGUAGES
from tests import households

REPO = Path(__file__).resolve().parents[2]
RESOURCES = REPO / "resources"
BENEFITS = ["bildung_teilhabe", "buergergeld", "kindergeld", "kinderzuschlag",
            "unterhaltsvorschuss", "wohngeld"]
TODAY = date(2026, 11, 25)


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    """A private copy of resources/ to break or extend."""
    copy = tmp_path / "resources"
    shutil.copytree(RESOURCES, copy)
    return copy


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_the_schemas_are_valid_json_schema():
    for name in ("form.schema.json", "household.schema.json"):
        schema = json.loads((RESOURCES / "schemas" / name).read_text("utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)


def test_all_six_benefits_load():
    catalog = load_catalog()
    assert catalog.benefits() == BENEFITS
    assert catalog.problems == []


@pytest.mark.parametrize("benefit", BENEFITS)
def test_every_form_file_passes_the_form_schema_and_is_complete(benefit):
    schema = json.loads((RESOURCES / "schemas/form.schema.json").read_text("utf-8"))
    for path in (RESOURCES / "forms" / benefit).glob("*.yaml"):
        jsonschema.validate(read(path), schema)
    form = load_catalog().form(benefit)
    for text in (form.title, form.summary, form.consent):
        assert set(LANGUAGES) <= set(text)
    for fld in form.fields():
        assert fld.counsellor_only or set(LANGUAGES) <= set(fld.label), fld.id
    assert form.documents, "every benefit names its Nachweise"
    assert any(f.required for f in form.fields())


def test_well_known_fields_carry_their_fim_ids():
    form = load_catalog().form("kindergeld")
    assert form.field("family_name").fim_id == "F00000013"
    assert form.field("given_names").fim_id == "F00000045"
    assert form.field("birth_date").fim_id == "F00000066"


def test_forms_are_as_the_offices_ask():
    catalog = load_catalog()
    offices = {b: catalog.form(b).office for b in BENEFITS}
    assert offices == {
        "bildung_teilhabe": "sozialleistungen", "buergergeld": "jobcenter",
        "kindergeld": "familienkasse", "kinderzuschlag": "familienkasse",
        "unterhaltsvorschuss": "amt_soziale_arbeit", "wohngeld": "wohngeldbehoerde",
    }
    but = catalog.form("bildung_teilhabe")
    assert but.per_subject == "child_and_kind"
    assert {k.id for k in but.kinds} == {"school_trips", "school_supplies", "lunch", "tutoring",
                                         "club_fees", "transport"}
    assert catalog.form("unterhaltsvorschuss").per_subject == "child"
    demo = json.loads((RESOURCES / "station/demo.json").read_text("utf-8"))
    for benefit in BENEFITS:
        form = catalog.form(benefit)
        section, key = form.leika_key.split(".")
        assert demo[section][key].startswith("99") and len(demo[section][key]) == 14
        assert form.office in demo["offices"]


def _break_and_load(resources: Path, benefit: str, change) -> FormError:
    path = resources / "forms" / benefit / "2025-01.yaml"
    data = read(path)
    change(data)
    write(path, data)
    with pytest.raises(FormError) as info:
        load_catalog(resources)
    return info.value


def test_bad_yaml_names_the_file(resources):
    path = resources / "forms" / "wohngeld" / "2025-01.yaml"
    path.write_text("id: wohngeld\nsections: [unclosed\n", "utf-8")
    with pytest.raises(FormError) as info:
        load_catalog(resources)
    assert info.value.file == "forms/wohngeld/2025-01.yaml"
    assert "YAML" in str(info.value)
    assert isinstance(info.value, InvalidInput)
    assert "Formulardatei forms/wohngeld/2025-01.yaml" in info.value.user_message


def test_unknown_field_type_names_file_field_and_reason(resources):
    def change(data):
        data["sections"][0]["fields"][1]["type"] = "colour"

    err = _break_and_load(resources, "kindergeld", change)
    assert err.file == "forms/kindergeld/2025-01.yaml"
    assert err.field == "given_names"
    assert "colour" in str(err)


def test_show_if_naming_an_unknown_field_is_refused(resources):
    def change(data):
        data["sections"][1]["fields"][0]["show_if"] = {"field": "shoe_size", "equals": "42"}

    err = _break_and_load(resources, "wohngeld", change)
    assert err.field == "street"
    assert "shoe_size" in err.reason


def test_show_if_naming_a_later_field_is_refused(resources):
    def change(data):
        data["sections"][0]["fields"][0]["show_if"] = {"field": "tax_id", "present": True}

    err = _break_and_load(resources, "buergergeld", change)
    assert err.field == "family_name" and "tax_id" in err.reason


def test_missing_translation_names_field_and_language(resources):
    def change(data):
        answer = next(f for f in data["sections"][-1]["fields"] if f["source"] == "answer")
        del answer["label"]["ar"]

    err = _break_and_load(resources, "unterhaltsvorschuss", change)
    assert err.field == "uvg_from_month"
    assert "ar" in err.reason and "required" in err.reason  # the schema names the language


def test_missing_consent_translation_is_refused(resources):
    err = _break_and_load(resources, "kinderzuschlag", lambda d: d["consent"].pop("uk"))
    assert "consent" in err.reason and "uk" in err.reason


def test_source_outside_the_household_schema_is_refused(resources):
    def change(data):
        data["sections"][0]["fields"][0]["source"] = "$.applicant.shoe_size"

    err = _break_and_load(resources, "kindergeld", change)
    assert err.field == "family_name" and "shoe_size" in err.reason


def test_duplicate_field_ids_are_refused(resources):
    def change(data):
        data["sections"][1]["fields"][0]["id"] = "family_name"

    err = _break_and_load(resources, "wohngeld", change)
    assert err.field == "family_name" and "twice" in err.reason


def test_lenient_loading_keeps_the_good_forms_and_refuses_the_broken_one(resources):
    path = resources / "forms" / "wohngeld" / "2025-01.yaml"
    data = read(path)
    data["sections"][0]["fields"][0]["type"] = "colour"
    write(path, data)
    catalog = load_catalog(resources, strict=False)
    assert "wohngeld" not in catalog.benefits()
    assert "kindergeld" in catalog.benefits()
    assert [p.file for p in catalog.problems] == ["forms/wohngeld/2025-01.yaml"]
    with pytest.raises(FormError):
        catalog.form("wohngeld")


def test_environment_variable_points_to_another_resources_folder(resources, monkeypatch):
    (resources / "forms" / "buergergeld" / "2025-01.yaml").unlink()
    shutil.rmtree(resources / "forms" / "buergergeld")
    monkeypatch.setenv("FVO_KIOSK_RESOURCES", str(resources))
    assert "buergergeld" not in load_catalog().benefits()


NEW_BENEFIT = {
    "id": "elterngeld", "version": "1",
    "title": {lang: f"Elterngeld ({lang})" for lang in LANGUAGES},
    "summary": {lang: f"Elterngeld summary ({lang})" for lang in LANGUAGES},
    "office": "familienkasse", "leika_key": "leika.elterngeld", "per_subject": "child",
    "subjects": {"where": {"path": "$subject.birth_date", "age_lt": 3}},
    "sections": [
        {"id": "parent", "title": {lang: "Elternteil" for lang in LANGUAGES}, "fields": [
            {"id": "family_name", "term": "family_name", "source": "$.applicant.family_name",
             "required": True},
            {"id": "child_birth_date", "term": "birth_date", "source": "$subject.birth_date",
             "required": True},
            {"id": "months", "type": "integer", "required": True,
             "label": {lang: f"Monate ({lang})" for lang in LANGUAGES}},
        ]},
    ],
    "documents": [{"id": "birth_certificate", "label": {lang: "Urkunde" for lang in LANGUAGES}}],
    "consent": {lang: f"Einwilligung ({lang})" for lang in LANGUAGES},
}


def test_a_new_benefit_is_a_file_and_fills_a_claim(resources):
    write(resources / "forms" / "elterngeld" / "1.yaml", NEW_BENEFIT)
    catalog = load_catalog(resources)
    assert "elterngeld" in catalog.benefits()
    hh = households.load()
    hh["children"][2]["birth_date"] = "2025-03-01"
    form = catalog.form("elterngeld")
    assert subjects(form, hh, TODAY) == ["c3"]
    claim = project(form, hh, {"months": "12", "not_declared": "x"}, "c3", TODAY)
    assert claim.data["sections"] == {"parent": {
        "family_name": "Schneider", "child_birth_date": "2025-03-01", "months": 12}}
    gaps = missing(form, hh, {}, "c3", lang="en", today=TODAY)
    assert [(m.kind, m.id, m.label) for m in gaps] == [
        ("field", "months", "Monate (en)"), ("document", "birth_certificate", "Urkunde")]


def test_the_newest_version_wins_and_old_versions_stay_available(resources):
    folder = resources / "forms" / "kindergeld"
    data = read(folder / "2025-01.yaml")
    data["version"] = "2026-01"
    data["sections"][-1]["fields"].append({
        "id": "kg_new_question", "type": "boolean", "required": True, "source": "answer",
        "label": {lang: f"Neue Frage ({lang})" for lang in LANGUAGES}})
    write(folder / "2026-01.yaml", data)
    catalog = load_catalog(resources)
    assert catalog.versions("kindergeld") == ["2025-01", "2026-01"]
    newest = catalog.form("kindergeld")
    assert newest.version == "2026-01"
    assert catalog.form("kindergeld", "2025-01").version == "2025-01"
    claim = project(newest, households.load(), {"kg_new_question": True})
    assert claim.data["version"] == "2026-01"
    assert claim.data["sections"]["claim"]["kg_new_question"] is True


def test_versions_sort_naturally(resources):
    folder = resources / "forms" / "wohngeld"
    for version in ("9", "10"):
        data = read(folder / "2025-01.yaml")
        data["version"] = version
        write(folder / f"{version}.yaml", data)
    (folder / "2025-01.yaml").unlink()
    assert load_catalog(resources).form("wohngeld").version == "10"


def test_file_name_and_version_must_agree(resources):
    folder = resources / "forms" / "wohngeld"
    data = read(folder / "2025-01.yaml")
    write(folder / "2025-02.yaml", data)
    with pytest.raises(FormError) as info:
        load_catalog(resources)
    assert info.value.file == "forms/wohngeld/2025-02.yaml" and "version" in info.value.reason


def test_loading_again_returns_the_same_forms_and_never_hides_a_broken_file(resources):
    first = load_catalog(resources)
    again = load_catalog(resources)
    assert again.form("kindergeld") == first.form("kindergeld")
    path = resources / "forms" / "kindergeld" / "2025-01.yaml"
    data = read(path)
    data["sections"][0]["fields"][0]["type"] = "colour"
    write(path, data)
    with pytest.raises(FormError):
        load_catalog(resources)


def test_the_intake_loads_and_a_broken_intake_is_named(resources):
    intake = load_intake()
    assert [s.id for s in intake.steps] == [
        "applicant", "address", "partner", "children", "other_parent", "other_members",
        "incomes", "housing", "bank_account", "benefits_received"]
    path = resources / "forms" / "household" / "1.yaml"
    data = read(path)
    data["steps"][0]["fields"][1]["path"] = "$.applicant.shoe_size"
    write(path, data)
    with pytest.raises(FormError) as info:
        load_intake(resources)
    assert info.value.file == "forms/household/1.yaml"
    assert info.value.field == "family_name" and "shoe_size" in info.value.reason
