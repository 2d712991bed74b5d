"""Request validation against the published FIT-Connect OpenAPI files, with openapi-core.

The spec files are read unchanged from the reference folder; in memory they get a loopback
server entry (so requests to 127.0.0.1 match) and lose their ``security`` requirements
(openapi-core has no OAuth2 provider; the sandbox checks bearer tokens itself, before this).
"""

from __future__ import annotations

import copy
import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from openapi_core import OpenAPI
from openapi_core.configurations import Config
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

# Copies of FITKO's published files (see specs/SOURCES.txt); $FVO_FIT_CONNECT_SPECS overrides.
_DEFAULT_SPECS = Path(__file__).resolve().parent / "specs"
SUBMISSION_SPEC = "submission-api-v1.1.3.yaml"
ROUTING_SPEC = "routing-api-v2.0.0.yaml"
METADATA_SCHEMA = "metadata.schema.v1.0.0.json"
ROUTING_PREFIX = "/routing/v1"


def spec_dir() -> Path:
    return Path(os.environ.get("FVO_FIT_CONNECT_SPECS", _DEFAULT_SPECS))


def _jose(body: bytes | str, **_: Any) -> str:
    """``application/jose`` is a JWE or JWS in compact serialization: plain ASCII text."""
    return body.decode("ascii") if isinstance(body, bytes) else body


def _strip_security(doc: dict[str, Any]) -> None:
    doc.pop("security", None)
    for item in doc.get("paths", {}).values():
        for op in item.values():
            if isinstance(op, dict):
                op.pop("security", None)


def _loopback(doc: dict[str, Any], prefix: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    doc["servers"] = [{
        "url": "{scheme}://127.0.0.1:{port}" + prefix,
        "description": "FVO Kiosk sandbox (loopback)",
        "variables": {"scheme": {"default": "https", "enum": ["https", "http"]},
                      "port": {"default": "8460"}},
    }] + doc.get("servers", [])
    _strip_security(doc)
    return doc


@functools.cache
def submission_api() -> OpenAPI:
    doc = yaml.safe_load((spec_dir() / SUBMISSION_SPEC).read_text(encoding="utf-8"))
    return OpenAPI.from_dict(_loopback(doc, ""), config=_config())


@functools.cache
def routing_api() -> OpenAPI:
    doc = yaml.safe_load((spec_dir() / ROUTING_SPEC).read_text(encoding="utf-8"))
    return OpenAPI.from_dict(_loopback(doc, ROUTING_PREFIX), config=_config())


@functools.cache
def metadata_schema() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((spec_dir() / METADATA_SCHEMA).read_text(encoding="utf-8"))
    return doc


def _config() -> Config:
    return Config(extra_media_type_deserializers={"application/jose": _jose})


@dataclass
class SpecRequest:
    """One HTTP request in the shape openapi-core's ``Request`` protocol reads."""

    host_url: str
    path: str
    method: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes | None
    content_type: str

    def __post_init__(self) -> None:
        self.parameters = RequestParameters(
            query=ImmutableMultiDict([(k, v) for k, vs in self.query.items() for v in vs]),
            header=Headers(self.headers), cookie=ImmutableMultiDict())


def validate(api: OpenAPI, request: SpecRequest) -> list[str]:
    """The reasons ``request`` does not conform to ``api``; empty when it does."""
    return [describe(err) for err in errors(api, request)]


def errors(api: OpenAPI, request: SpecRequest) -> list[Exception]:
    """Validation only: openapi-core's unmarshalling (casting the body into objects) would
    cost about twice as much and the sandbox does not use its result."""
    return list(api.iter_request_errors(request))


def describe(err: BaseException) -> str:
    """``<what>: <path>: <why>`` for each schema error, else the error and its cause."""
    head = str(err)
    cause = err.__cause__
    subs = getattr(cause, "schema_errors", None) or getattr(err, "schema_errors", None) or ()
    if subs:
        return "; ".join(
            f"{head}: {'/'.join(str(p) for p in getattr(s, 'absolute_path', ())) or '(value)'}: "
            f"{getattr(s, 'message', s)}" for s in subs)
    return f"{err}: {cause}" if cause is not None else str(err)
