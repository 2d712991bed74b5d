"""Form files are strict: every label map holds exactly the six language keys, and a label
broken by YAML (a comma in an unquoted flow mapping) is refused at load, naming the term."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kiosk.forms import FormError, load_catalog, load_intake
from kiosk.forms.definition import text_in
from kiosk.validation import LANGUAGES

REPO = Path(__file__).resolve().parents[2]
RESOURCES = REPO / "resources"

#: The line of terms.yaml as it was before the fix: "Jugendamtsurkunde)" became a key.
BROKEN_TITLE = (
    "  maintenance_title: {type: boolean, label: {de: Es gibt einen Unterhaltstitel (Urteil, "
    "Jugendamtsurkunde), en: A maintenance order exists (court or youth office), tr: Nafaka "
    "kararı var (mahkeme veya gençlik dairesi), ar: يوجد سند نفقة (حكم محكمة أو وثيقة مكتب "
    "الشباب), uk: Є виконавчий документ про аліменти (суд або служба у справах молоді), ru: "
    "Есть исполнительный документ об алиментах (суд или ведомство по делам молодёжи)}}\n"
)


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    copy = tmp_path / "resources"
    shutil.copytree(RESOURCES, copy)
    return copy


def _label_maps(node, where=""):
    """Every mapping in a form file that is a text per language (it has a German key)."""
    if isinstance(node, dict):
        if "de" in node:
            yield where, node
            return
        for key, value in node.items():
            yield from _label_maps(value, f"{where}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _label_maps(value, f"{where}[{n}]")


def test_every_form_file_loads_and_every_label_map_has_exactly_the_six_languages():
    catalog = load_catalog(RESOURCES, strict=True)
    assert catalog.problems == []
    load_intake(RESOURCES)
    files = sorted((RESOURCES / "forms").rglob("*.yaml"))
    assert len(files) >= 8  # six benefits, the intake, the glossary
    for path in files:
        data = yaml.safe_load(path.read_text("utf-8"))
        maps = list(_label_maps(data))
        assert maps, path
        for where, text in maps:
            assert set(text) == set(LANGUAGES), f"{path.name}{where}: {sorted(text)}"
            assert all(isinstance(v, str) and v.strip() for v in text.values()), where


def test_the_maintenance_title_is_whole_again():
    intake = load_intake(RESOURCES)
    field = next(f for s in intake.steps for f in s.fields if f.id == "maintenance_title")
    assert text_in(field.label, "de") == \
        "Es gibt einen Unterhaltstitel (Urteil, Jugendamtsurkunde)"


def test_the_old_terms_bug_is_caught_at_load(resources):
    path = resources / "forms" / "terms.yaml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    index = next(n for n, line in enumerate(lines) if line.startswith("  maintenance_title:"))
    lines[index] = BROKEN_TITLE
    path.write_text("".join(lines), "utf-8")
    for load in (load_catalog, load_intake):
        with pytest.raises(FormError) as info:
            load(resources)
        assert info.value.file == "forms/terms.yaml"
        assert info.value.field == "maintenance_title"
        assert "'Jugendamtsurkunde)'" in info.value.reason
        assert "quotes" in info.value.reason


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.mark.parametrize("bad", [
    {"fr": "Titre"},            # a seventh language
    {"Jugendamtsurkunde)": None},  # a stray key
])
def test_a_form_label_with_any_other_key_is_refused(resources, bad):
    path = resources / "forms" / "wohngeld" / "2025-01.yaml"
    _edit_yaml(path, lambda data: data["title"].update(bad))
    with pytest.raises(FormError) as info:
        load_catalog(resources)
    assert info.value.file == "forms/wohngeld/2025-01.yaml"
    assert "schema" in info.value.reason  # the form schema itself refuses it


def test_a_form_label_missing_a_language_is_refused(resources):
    path = resources / "forms" / "kindergeld" / "2025-01.yaml"
    _edit_yaml(path, lambda data: data["title"].pop("uk"))
    with pytest.raises(FormError) as info:
        load_catalog(resources)
    assert "uk" in info.value.reason


def test_an_intake_label_with_a_stray_key_or_a_missing_language_is_refused(resources):
    path = resources / "forms" / "household" / "1.yaml"
    _edit_yaml(path, lambda data: data["steps"][0]["title"].update({"xx": "?"}))
    with pytest.raises(FormError) as info:
        load_intake(resources)
    assert info.value.file == "forms/household/1.yaml" and "'xx'" in info.value.reason
    shutil.copy(RESOURCES / "forms" / "household" / "1.yaml", path)
    _edit_yaml(path, lambda data: data["steps"][0]["title"].pop("ar"))
    with pytest.raises(FormError) as info:
        load_intake(resources)
    assert "ar" in info.value.reason
