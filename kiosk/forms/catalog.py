"""Loading and checking every form file: ``resources/forms/<benefit>/<version>.yaml``.

Each file is checked against ``resources/schemas/form.schema.json`` and then semantically
(unique ids, conditions naming known fields, sources that exist in the household schema,
all six languages on family-facing texts). Labels, types and FIM ids may come from the
shared glossary ``resources/forms/terms.yaml``. The folder ``household`` holds the intake
description (``kiosk.forms.intake``), not a benefit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from kiosk.forms.conditions import ConditionError, check_condition
from kiosk.forms.definition import Document, Field, Form, Kind, Option, Repeat, Section, Text
from kiosk.forms.errors import FormError
from kiosk.forms.fieldtypes import INTAKE_ONLY, TYPES
from kiosk.forms.files import FORM_SUFFIXES, default_resources, display_name, read_data, version_key
from kiosk.forms.sources import COLLECTIONS, SourceChecker
from kiosk.model.fastschema import Predicate, compile_is_valid
from kiosk.model.schema import household_schema, inline_refs
from kiosk.validation import LANGUAGES

INTAKE_DIR = "household"
TERMS_FILE = "forms/terms.yaml"
FORM_SCHEMA = "schemas/form.schema.json"


@dataclass(frozen=True)
class Glossary:
    """Shared field definitions (label, type, validation, FIM id, options) by term."""

    terms: dict[str, dict[str, Any]]
    option_sets: dict[str, tuple[Option, ...]]


@dataclass
class FormCatalog:
    """All forms found, by benefit and version; ``problems`` holds the broken files
    (only when loaded with ``strict=False``)."""

    resources: Path
    glossary: Glossary
    forms: dict[str, dict[str, Form]] = field(default_factory=dict)
    problems: list[FormError] = field(default_factory=list)

    def benefits(self) -> list[str]:
        """Benefit ids with at least one usable form, sorted."""
        return sorted(self.forms)

    def versions(self, benefit: str) -> list[str]:
        """The usable versions of a benefit, oldest first."""
        return sorted(self.forms.get(benefit, {}), key=version_key)

    def form(self, benefit: str, version: str | None = None) -> Form:
        """The form (the newest version unless ``version`` is given); raises ``FormError``
        when the benefit or version is unknown or its file is broken."""
        versions = self.forms.get(benefit)
        if not versions:
            for problem in self.problems:
                if problem.file.startswith(f"forms/{benefit}/"):
                    raise problem
            raise FormError(f"forms/{benefit}", "no form for this benefit")
        chosen = version or self.versions(benefit)[-1]
        if chosen not in versions:
            raise FormError(f"forms/{benefit}/{chosen}", "no such version")
        return versions[chosen]

    def all_forms(self) -> list[Form]:
        """The newest version of every benefit."""
        return [self.form(b) for b in self.benefits()]


def load_catalog(resources_dir: Path | None = None, strict: bool = True) -> FormCatalog:
    """Load every form under ``resources_dir`` (default ``$FVO_KIOSK_RESOURCES`` or
    ``<repo>/resources``). ``strict``: the first broken file raises :class:`FormError`;
    otherwise broken files are left out and listed in ``catalog.problems``."""
    resources = Path(resources_dir) if resources_dir is not None else default_resources()
    glossary = load_glossary(resources)
    checker = SourceChecker(household_schema(resources))
    schema_path = resources / FORM_SCHEMA
    fast = _form_fast_check(str(schema_path))
    if not schema_path.is_file():
        raise FormError(FORM_SCHEMA, "form schema missing")
    catalog = FormCatalog(resources, glossary)
    forms_dir = resources / "forms"
    if not forms_dir.is_dir():
        raise FormError(display_name(forms_dir, resources), "folder missing")
    for form_dir in sorted(p for p in forms_dir.iterdir() if p.is_dir()):
        if form_dir.name == INTAKE_DIR or form_dir.name.startswith((".", "_")):
            continue
        for path in sorted(form_dir.iterdir()):
            if path.suffix not in FORM_SUFFIXES or path.name.startswith("."):
                continue
            name = display_name(path, resources)

            try:
                raw = read_data(path, resources)
                if fast is None or not fast(raw):
                    # Rejected (or no fast check): jsonschema names the error.
                    check_form_schema(raw, name, _form_validator(str(schema_path)))
                form = parse_form(raw, name, form_dir.name, path.stem, glossary, checker)
            except FormError as err:
                if strict:
                    raise
                catalog.problems.append(err)
                continue
            catalog.forms.setdefault(form.id, {})[form.version] = form
    return catalog


def _form_validator(path: str) -> jsonschema.Draft202012Validator:
    schema = read_data(Path(path), Path(path).parent.parent)
    return jsonschema.Draft202012Validator(inline_refs(schema))


def _form_fast_check(path: str) -> Predicate | None:
    """The form schema compiled to a yes/no check (``None``: only jsonschema can tell).
    Kept: without it the cold load in tests/benchmarks/test_bench_forms.py rises from p50
    20 to 37 ms (63 ms without the YAML builder as well; target 50 ms)."""
    schema = read_data(Path(path), Path(path).parent.parent)
    return compile_is_valid(inline_refs(schema))


def load_glossary(resources: Path) -> Glossary:
    """The shared terms; a missing glossary is empty, a broken one raises FormError."""
    path = resources / TERMS_FILE
    if not path.exists():
        return Glossary({}, {})
    name = display_name(path, resources)
    raw = read_data(path, resources)
    if not isinstance(raw, dict):
        raise FormError(name, "must be a mapping with 'terms' and 'option_sets'")
    option_sets: dict[str, tuple[Option, ...]] = {}
    for set_name, items in (raw.get("option_sets") or {}).items():
        option_sets[set_name] = _options(items, name, f"option set {set_name}")
    terms = raw.get("terms") or {}
    if not isinstance(terms, dict):
        raise FormError(name, "'terms' must be a mapping")
    for term_id, term in terms.items():
        if not isinstance(term, dict) or not isinstance(term.get("label"), dict):
            raise FormError(name, "a term needs a label", term_id)
        check_label_map(term["label"], name, term_id, "label")
        if term.get("help") is not None:
            check_label_map(term["help"], name, term_id, "help")
        if isinstance(term.get("options"), list):
            _options(term["options"], name, term_id)
        if isinstance(term.get("options"), str) and term["options"] not in option_sets:
            raise FormError(name, f"unknown option set {term['options']!r}", term_id)
    return Glossary(terms, option_sets)


def check_label_map(text: Any, file: str, fld: str | None, what: str) -> None:
    """A label map holds exactly the six language keys, each with a non-empty text;
    anything else (a stray key, a missing language, a value that is not text) raises
    :class:`FormError` naming it."""
    if not isinstance(text, dict):
        raise FormError(file, f"{what} must be a text per language", fld)
    stray = [str(key) for key in text if key not in LANGUAGES]
    if stray:
        # Typically an unquoted YAML text with a comma: "{de: a (b, c), en: …}" makes
        # "c)" a key of its own. Quoting the text fixes it.
        raise FormError(file, f"{what} has keys that are no language: "
                        f"{', '.join(repr(k) for k in stray)} (a comma in an unquoted "
                        "text? put the text in quotes)", fld)
    not_text = [lang for lang in LANGUAGES
                if lang in text and not isinstance(text[lang], str)]
    if not_text:
        raise FormError(file, f"{what} in {', '.join(not_text)} is not a text", fld)
    missing = [lang for lang in LANGUAGES if not str(text.get(lang) or "").strip()]
    if missing:
        raise FormError(file, f"{what} lacks the translation(s) {', '.join(missing)}", fld)


def _options(items: Any, file: str, fld: str) -> tuple[Option, ...]:
    if not isinstance(items, list) or not items:
        raise FormError(file, "options must be a non-empty list", fld)
    out = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            raise FormError(file, "each option needs a value and a label", fld)
        check_label_map(item.get("label"), file, fld, f"option {item['value']!r}")
        out.append(Option(item["value"], dict(item["label"])))
    if len({o.value for o in out}) != len(out):
        raise FormError(file, "option values repeat", fld)
    return tuple(out)


def _field_of_error(raw: Any, error: jsonschema.ValidationError) -> str | None:
    """The id of the field (or section/document) a schema error sits in, if any."""
    node = raw
    found = None
    for seg in error.absolute_path:
        try:
            node = node[seg]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
    return found


def check_form_schema(raw: Any, file: str, validator: jsonschema.Draft202012Validator) -> None:
    """Raise :class:`FormError` (naming the field where possible) unless ``raw`` passes the
    form schema."""
    if validator.is_valid(raw):
        return
    errors = sorted(validator.iter_errors(raw), key=lambda e: list(map(str, e.absolute_path)))
    err = errors[0]
    where = "/".join(str(p) for p in err.absolute_path) or "top level"
    raise FormError(file, f"schema: {err.message} (at {where})", _field_of_error(raw, err))


def parse_form(raw: Any, file: str, folder: str, stem: str, glossary: Glossary,
               checker: SourceChecker) -> Form:
    """Build a :class:`Form` from schema-checked file content; raises :class:`FormError`."""
    if raw["id"] != folder:
        raise FormError(file, f"id {raw['id']!r} differs from its folder {folder!r}")
    if raw["version"] != stem:
        raise FormError(file, f"version {raw['version']!r} differs from its file name {stem!r}")
    for key in ("title", "summary", "consent"):
        check_label_map(raw[key], file, None, key)
    for key, text in (raw.get("summary_labels") or {}).items():
        check_label_map(text, file, None, f"summary label {key!r}")
    per_subject = raw["per_subject"]
    subject = per_subject != "household"
    has_kind = per_subject == "child_and_kind"
    kinds = []
    for kind in raw.get("kinds") or []:
        check_label_map(kind["label"], file, None, f"kind {kind['id']!r} label")
        kinds.append(Kind(kind["id"], dict(kind["label"]), kind.get("where")))
    if has_kind and not kinds:
        raise FormError(file, "a per-child-and-kind form needs 'kinds'")
    if kinds and not has_kind:
        raise FormError(file, "'kinds' only make sense with per_subject child_and_kind")
    if len({k.id for k in kinds}) != len(kinds):
        raise FormError(file, "kind ids repeat")
    ctx = _Context(file, checker, subject, has_kind)
    subject_where = (raw.get("subjects") or {}).get("where")
    if subject_where is not None:
        if not subject:
            raise FormError(file, "'subjects' only make sense in per-child forms")
        ctx.condition(subject_where, "subjects", None, set(), None)
    for kind in kinds:
        if kind.where is not None:
            ctx.condition(kind.where, f"kind {kind.id}", None, set(), None)

    sections: list[Section] = []
    section_ids: set[str] = set()
    top_fields: set[str] = set()  # fields of non-repeated sections seen so far
    all_fields: dict[str, str | None] = {}  # field id → repeat collection (None = top)
    for raw_section in raw["sections"]:
        sid = raw_section["id"]
        if sid in section_ids:
            raise FormError(file, f"section id {sid!r} is used twice")
        section_ids.add(sid)
        check_label_map(raw_section["title"], file, None, f"section {sid!r} title")
        repeat = None
        over = None
        if raw_section.get("repeat"):
            rep = raw_section["repeat"]
            over = rep["over"]
            if over not in COLLECTIONS and not checker.item_schemas(over):
                raise FormError(file, f"section {sid!r} repeats over unknown {over!r}")
            if rep.get("item_label"):
                check_label_map(rep["item_label"], file, None, f"section {sid!r} item label")
            if rep.get("where") is not None:
                ctx.condition(rep["where"], f"section {sid}", over, set(), None)
            repeat = Repeat(over, rep.get("where"), rep.get("item_label"))
        if raw_section.get("show_if") is not None:
            ctx.condition(raw_section["show_if"], f"section {sid}", None, top_fields, None)
        local: set[str] = set()
        fields = []
        for raw_field in raw_section["fields"]:
            fld = _build_field(raw_field, file, glossary)
            if fld.id in all_fields:
                raise FormError(file, "field id is used twice", fld.id)
            if fld.show_if is not None:
                ctx.condition(fld.show_if, fld.id, over, top_fields | local, fld.id)
            if not fld.is_answer:
                reason = checker.check(fld.source, subject=subject, item_over=over)
                if reason is not None:
                    raise FormError(file, reason, fld.id)
            all_fields[fld.id] = over
            local.add(fld.id)
            fields.append(fld)
        if over is None:
            top_fields |= local
        sections.append(Section(sid, dict(raw_section["title"]), tuple(fields), repeat,
                                raw_section.get("show_if")))

    documents = []
    doc_ids: set[str] = set()
    for raw_doc in raw["documents"]:
        did = raw_doc["id"]
        if did in doc_ids:
            raise FormError(file, f"document id {did!r} is used twice")
        doc_ids.add(did)
        check_label_map(raw_doc["label"], file, None, f"document {did!r} label")
        per_item = raw_doc.get("per_item")
        if per_item is not None and per_item not in COLLECTIONS \
                and not checker.item_schemas(per_item):
            raise FormError(file, f"document {did!r} per_item names unknown {per_item!r}")
        if raw_doc.get("when") is not None:
            ctx.condition(raw_doc["when"], f"document {did}", None, top_fields, None)
        if raw_doc.get("where") is not None:
            if per_item is None:
                raise FormError(file, f"document {did!r}: 'where' needs 'per_item'")
            ctx.condition(raw_doc["where"], f"document {did}", per_item, set(), None)
        documents.append(Document(did, dict(raw_doc["label"]), raw_doc.get("when"),
                                  per_item, raw_doc.get("where")))

    return Form(
        id=raw["id"], version=raw["version"], title=dict(raw["title"]),
        summary=dict(raw["summary"]), office=raw["office"], leika_key=raw["leika_key"],
        per_subject=per_subject, sections=tuple(sections), documents=tuple(documents),
        consent=dict(raw["consent"]), file=file, subject_where=subject_where,
        kinds=tuple(kinds),
        summary_labels={k: dict(v) for k, v in (raw.get("summary_labels") or {}).items()},
        legal_basis=raw.get("legal_basis", ""),
    )


class _Context:
    """What a condition in one form may refer to."""

    def __init__(self, file: str, checker: SourceChecker, subject: bool, kind: bool) -> None:
        self.file = file
        self.checker = checker
        self.subject = subject
        self.kind = kind

    def condition(self, cond: Any, where: str, over: str | None, fields: set[str],
                  field_id: str | None) -> None:
        label = field_id or where
        try:
            refs = check_condition(cond, allowed_refs=("field", "path"))
        except ConditionError as err:
            raise FormError(self.file, f"condition: {err}", label) from None
        for ref, name in refs:
            if ref == "field" and name not in fields:
                raise FormError(self.file, f"condition names unknown field {name!r} (a "
                                "condition may name fields declared before it)", label)
            if ref == "path":
                reason = self.checker.check(name, subject=self.subject, item_over=over,
                                            kind=self.kind)
                if reason is not None:
                    raise FormError(self.file, f"condition: {reason}", label)


def _build_field(raw: dict[str, Any], file: str, glossary: Glossary) -> Field:
    fid = raw["id"]
    merged: dict[str, Any] = {}
    if "term" in raw:
        term = glossary.terms.get(raw["term"])
        if term is None:
            raise FormError(file, f"unknown glossary term {raw['term']!r}", fid)
        merged.update(term)
    merged.update({k: v for k, v in raw.items() if k != "term"})
    ftype = merged.get("type")
    if ftype not in TYPES or ftype in INTAKE_ONLY:
        raise FormError(file, f"unknown field type {ftype!r}", fid)
    counsellor_only = bool(merged.get("counsellor_only", False))
    label: Text = merged.get("label") or {}
    check_label_map(label, file, fid, "label")
    if merged.get("help") is not None:
        check_label_map(merged["help"], file, fid, "help")
    options: tuple[Option, ...] = ()
    raw_options = merged.get("options")
    if isinstance(raw_options, str):
        if raw_options not in glossary.option_sets:
            raise FormError(file, f"unknown option set {raw_options!r}", fid)
        options = glossary.option_sets[raw_options]
    elif raw_options is not None:
        options = _options(raw_options, file, fid)
    if ftype == "choice" and not options:
        raise FormError(file, "a choice field needs options", fid)
    if options and ftype != "choice":
        raise FormError(file, "only choice fields take options", fid)
    validation = merged.get("validation")
    if validation is not None:
        from kiosk.validation import VALIDATORS

        if validation not in VALIDATORS:
            raise FormError(file, f"unknown validation {validation!r}", fid)
    return Field(
        id=fid, label=dict(label), type=ftype, source=merged.get("source", "answer"),
        required=bool(merged.get("required", False)), show_if=merged.get("show_if"),
        validation=validation, fim_id=merged.get("fim_id"), options=options,
        help=merged.get("help"), counsellor_only=counsellor_only,
    )
