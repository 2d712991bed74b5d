"""The sandbox's endpoints: token, Routing API, Submission API 1.1.3 and the /sandbox controls.

Transport-free: each handler takes a ``Call`` and returns a ``Reply``; ``server.py`` speaks
HTTP. Auth and OpenAPI validation happen in ``Sandbox.handle`` before a handler runs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jwcrypto import jws
from jwcrypto.common import json_encode
from openapi_core.templating.media_types.exceptions import MediaTypeNotFound

from sandbox import config, events, spec
from sandbox.config import HOST, LEIKA_URN, OFFICES, office_by_id
from sandbox.events import EventLog
from sandbox.faults import FaultPlan
from sandbox.journal import Journal
from sandbox.keys import ENCRYPTION, PORTAL, SERVICE, SIGNING, KeyStore
from sandbox.office import Offices, load_data_schemas
from sandbox.pki import CA_FILE, load_or_create_root
from sandbox.store import INCOMPLETE, Store
from sandbox.tokens import Grant, TokenIssuer

log = logging.getLogger(__name__)

UUID = r"[0-9a-fA-F-]{32,36}"
MAX_BODY = 64 * 1024 * 1024
PROBLEM = "application/problem+json"
ARS_URN = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs:"


@dataclass
class Call:
    """One HTTP request as the handlers see it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    params: dict[str, str] = field(default_factory=dict)
    grant: Grant | None = None

    def header(self, name: str) -> str | None:
        low = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == low), None)

    def json(self) -> Any:
        return json.loads(self.body)

    def q(self, name: str) -> str | None:
        vals = self.query.get(name)
        return vals[0] if vals else None


@dataclass
class Reply:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


def reply_json(status: int, doc: Any, content_type: str = "application/json",
               headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, json.dumps(doc, ensure_ascii=False).encode(), content_type,
                 headers or {})


def problem(status: int, title: str, detail: str, kind: str = "about:blank",
            headers: dict[str, str] | None = None) -> Reply:
    """An RFC 7807 problem body, as the spec's ``Error`` schema."""
    return reply_json(status, {"type": kind, "title": title, "status": status,
                               "detail": detail}, PROBLEM, headers)


@dataclass
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Callable[[Call], Reply]
    auth: str | None  # None public, "any", "sender", "subscriber"
    api: str | None  # "submission", "routing" or None (not validated against a spec)


class Sandbox:
    """The whole sandbox state; ``handle`` answers one call."""

    def __init__(self, directory: Path, *, base_url: str, faults: FaultPlan,
                 validate: bool = True, key_grace_seconds: float = 86400.0) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.dir = directory
        self.base_url = base_url
        self.root = load_or_create_root(directory)
        self.ca_file = directory / CA_FILE
        self.keys = KeyStore(directory, self.root, key_grace_seconds)
        self.tokens = TokenIssuer(config.load_clients(directory))
        self.journal = Journal(directory)
        self.store = Store(self.journal)
        self.events = EventLog(self.keys, base_url, self.journal)
        self._restore()
        self.offices = Offices(self.store, self.keys, self.events, load_data_schemas(directory))
        self.faults = faults
        self.validate = validate
        self._route_signatures: dict[str, str] = {}
        self._route_parameter_cache: dict[str, tuple[dict[str, Any], str]] = {}
        spec.submission_api()
        spec.routing_api()
        self.routes = self._routes()

    def _restore(self) -> None:
        """Cases, submitted submissions, events and decisions from the journal of ``dir``."""
        undecided = set()
        for record in self.journal.replay():
            if record.get("t") == "event":
                self.events.restore(record["case"], record["claims"], record["signer"])
            else:
                self.store.restore(record)
                if record.get("t") == "sub":
                    undecided.add(record["sub"])
                elif record.get("t") == "decision":
                    undecided.discard(record["summary"]["submissionId"])
        if undecided:
            log.warning("%d submitted submissions were not decided before the last stop; "
                        "their content is gone, they stay undecided", len(undecided))
        if self.store.submissions or self.store.case_destination:
            log.info("restored %d cases and %d submissions from the journal",
                     len(self.store.case_destination), len(self.store.submissions))

    # -- dispatch ---------------------------------------------------------------------------

    def _routes(self) -> list[Route]:
        r = spec.ROUTING_PREFIX
        table: list[tuple[str, str, Callable[[Call], Reply], str | None, str | None]] = [
            ("POST", "/token", self.token, None, None),
            ("GET", f"{r}/routes", self.routes_lookup, None, "routing"),
            ("GET", f"{r}/areas", self.areas, None, "routing"),
            ("GET", f"{r}/info", self.routing_info, None, "routing"),
            ("GET", f"{config.PORTAL_PREFIX}/.well-known/jwks.json", self.portal_jwks, None,
             None),
            ("GET", "/v1/info", self.info, None, "submission"),
            ("GET", "/.well-known/jwks.json", self.jwks, None, "submission"),
            ("GET", f"/v1/destinations/(?P<destinationId>{UUID})", self.destination, "any",
             "submission"),
            ("GET", f"/v1/destinations/(?P<destinationId>{UUID})/keys/(?P<keyId>[^/]+)",
             self.destination_key, None, "submission"),
            ("POST", "/v1/submissions", self.create_submission, "sender", "submission"),
            ("GET", "/v1/submissions", self.list_submissions, "subscriber", "submission"),
            ("GET", f"/v1/submissions/(?P<submissionId>{UUID})", self.get_submission,
             "subscriber", "submission"),
            ("PUT", f"/v1/submissions/(?P<submissionId>{UUID})", self.submit, "sender",
             "submission"),
            ("PUT", f"/v1/submissions/(?P<submissionId>{UUID})/attachments/"
             f"(?P<attachmentId>{UUID})", self.upload_attachment, "sender", "submission"),
            ("GET", f"/v1/submissions/(?P<submissionId>{UUID})/attachments/"
             f"(?P<attachmentId>{UUID})", self.get_attachment, "subscriber", "submission"),
            ("GET", f"/v1/cases/(?P<caseId>{UUID})/events", self.case_events, "any",
             "submission"),
            ("GET", "/sandbox/faults", self.get_faults, None, None),
            ("PUT", "/sandbox/faults", self.put_faults, None, None),
            ("POST", f"/sandbox/destinations/(?P<destinationId>{UUID})/rotate", self.rotate,
             None, None),
            ("GET", "/sandbox/received", self.received_list, None, None),
            ("GET", f"/sandbox/received/(?P<submissionId>{UUID})", self.received_one, None,
             None),
            ("GET", "/sandbox/stats", self.stats, None, None),
            ("POST", "/sandbox/idle", self.idle, None, None),
            ("POST", "/sandbox/expire-tokens", self.expire_tokens, None, None),
            ("PUT", "/sandbox/settings", self.put_settings, None, None),
        ]
        return [Route(m, re.compile(p + "$"), h, a, s) for m, p, h, a, s in table]

    def match(self, method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
        """(route, path params, whether the path exists under another method)."""
        path_known = False
        for route in self.routes:
            m = route.pattern.match(path)
            if m:
                path_known = True
                if route.method == method:
                    return route, m.groupdict(), True
        return None, {}, path_known

    def handle(self, call: Call, route: Route | None, path_known: bool) -> Reply:
        if route is None:
            if path_known:
                return problem(405, "Method Not Allowed", f"{call.method} is not allowed here.")
            return problem(404, "Not Found", f"No endpoint {call.path}.")
        if route.auth is not None:
            grant = self.tokens.check(call.header("Authorization"))
            if grant is None:
                return problem(401, "Unauthorized", "A valid bearer token is required.",
                               headers={"WWW-Authenticate": 'Bearer realm="fit-connect-sandbox"'})
            if route.auth != "any" and grant.role != route.auth:
                return problem(403, "Forbidden",
                               f"This endpoint needs a {route.auth} client; this token belongs "
                               f"to a {grant.role} client.")
            call.grant = grant
        if route.api is not None and self.validate:
            rejected = self._validate(call, route.api)
            if rejected is not None:
                return rejected
        return route.handler(call)

    def _validate(self, call: Call, api_name: str) -> Reply | None:
        api = spec.submission_api() if api_name == "submission" else spec.routing_api()
        ctype = call.header("Content-Type") or ""
        req = spec.SpecRequest(self.base_url, call.path, call.method.lower(), call.query,
                               call.headers, call.body or None, ctype.lower())
        found = spec.errors(api, req)
        if not found:
            return None
        if any(isinstance(e, MediaTypeNotFound) or isinstance(e.__cause__, MediaTypeNotFound)
               for e in found):
            return problem(415, "Unsupported Media Type",
                           f"Content-Type {ctype!r} is not accepted here.")
        reasons = [spec.describe(e) for e in found]
        return problem(400, "Bad Request",
                       "The request does not conform to the API specification: "
                       + " | ".join(reasons))

    # -- token ------------------------------------------------------------------------------

    def token(self, call: Call) -> Reply:
        form = urllib.parse.parse_qs(call.body.decode("utf-8", "replace"))
        get = (lambda k: form.get(k, [None])[0])  # noqa: E731
        client_id, client_secret = get("client_id"), get("client_secret")
        auth = call.header("Authorization")
        if auth and auth[:6].lower() == "basic ":
            try:
                user, _, pw = base64.b64decode(auth[6:]).decode().partition(":")
                client_id = urllib.parse.unquote(user)
                client_secret = urllib.parse.unquote(pw)
            except (ValueError, UnicodeDecodeError):
                pass
        if get("grant_type") != "client_credentials":
            return reply_json(400, {"error": "unsupported_grant_type"})
        try:
            token, grant = self.tokens.issue(client_id or "", client_secret or "", get("scope"))
        except PermissionError:
            return reply_json(401, {"error": "invalid_client"},
                              headers={"WWW-Authenticate": "Basic"})
        return reply_json(200, {"access_token": token, "token_type": "Bearer",
                                "expires_in": int(grant.expires_at - time.time()),
                                "scope": grant.scope},
                          headers={"Cache-Control": "no-store"})

    # -- routing ----------------------------------------------------------------------------

    def routes_lookup(self, call: Call) -> Reply:
        leika = call.q("leikaKey") or ""
        ars, ags = call.q("ars"), call.q("ags")
        if ags and not ars:
            ars = ags[:5] + "0000" + ags[5:] if len(ags) == 8 else ags
        given = [p for p in ("ars", "ags", "areaId") if call.q(p)]
        if len(given) != 1:
            return problem(400, "Bad Request", "Exactly one of ars, ags, areaId is required.")
        if call.q("areaId"):
            ars = config.DEMO_ARS if call.q("areaId") == "1" else "-"
        assert ars is not None
        found = [o for o in OFFICES if leika in o.leika_keys
                 and any(a.startswith(ars) or ars.startswith(a) for a in o.ars)]
        offset, limit = int(call.q("offset") or 0), int(call.q("limit") or 100)
        page = found[offset:offset + limit]
        fault = self.faults.faults.routing_signature
        routes = []
        for o in page:
            named, sig = o.destination_id, self._route_signature(o.destination_id)
            if fault == "swap":  # another office's id, this office's signature
                named = next(x.destination_id for x in OFFICES if x is not o)
            elif fault and not fault.startswith("parameters-"):
                sig = self._forged_route_signature(o.destination_id, fault)
            params, signed = self._route_parameters(o.destination_id)
            params_sig: str | None = signed
            if fault == "parameters-altered":  # signed, then changed
                params = {**params, "metadataVersions": ["1.0.0", "9.9.9"]}
            elif fault == "parameters-unsigned":
                params_sig = None
            route = {"destinationId": named, "destinationSignature": sig,
                     "destinationParameters": params, "destinationParametersSignature": params_sig,
                     "destinationName": o.name, "destinationShortName": o.name,
                     "origin": "FVO Kiosk Sandbox"}
            routes.append({k: v for k, v in route.items() if v is not None})
        if fault:
            self.faults.count(f"routing_signature:{fault}")
        return reply_json(200, {"count": len(routes), "offset": offset,
                                "totalCount": len(found), "routes": routes})

    def _route_claims(self, destination_id: str) -> dict[str, Any]:
        """The addressing information the demo portal signs (as FITKO's portal does)."""
        office = office_by_id(destination_id)
        assert office is not None
        return {"submissionHost": urllib.parse.urlsplit(self.base_url).netloc,
                "iss": self.base_url + config.PORTAL_PREFIX, "iat": int(time.time()),
                "jti": str(uuid.uuid4()), "destinationId": destination_id,
                "services": [{"gebietIDs": [ARS_URN + a for a in office.ars],
                              "leistungIDs": [LEIKA_URN + k for k in office.leika_keys]}]}

    def _sign_route(self, claims: dict[str, Any], signer: str = PORTAL,
                    kid: str | None = None) -> str:
        key = self.keys.current(signer, SIGNING)
        token = jws.JWS(json_encode(claims).encode())
        token.add_signature(key.private, None, json_encode(
            {"alg": "PS512", "kid": kid or key.kid, "typ": "jwt"}))
        return str(token.serialize(compact=True))

    def _route_signature(self, destination_id: str) -> str:
        """The portal's signature of the destination's addressing information (made once)."""
        sig = self._route_signatures.get(destination_id)
        if sig is None:
            sig = self._sign_route(self._route_claims(destination_id))
            self._route_signatures[destination_id] = sig
        return sig

    def _route_parameters(self, destination_id: str) -> tuple[dict[str, Any], str]:
        """The destination's technical parameters as newer Routing API versions return them,
        with the Zustelldienst's detached signature (JSON with sorted keys, no whitespace)."""
        key = self.keys.current(destination_id, ENCRYPTION)
        cached = self._route_parameter_cache.get(destination_id)
        if cached is not None and cached[0]["encryptionKid"] == key.kid:
            return cached
        params = {"encryptionKid": key.kid, "metadataVersions": ["1.0.0"],
                  "publicKeys": {"keys": [key.public_jwk()]}, "status": "active",
                  "submissionSchemas": [dict(config.SUBMISSION_SCHEMA)],
                  "submissionUrl": self.base_url}
        signer = self.keys.current(SERVICE, SIGNING)
        token = jws.JWS(json.dumps(params, sort_keys=True, separators=(",", ":"),
                                   ensure_ascii=False).encode())
        token.add_signature(signer.private, None,
                            json_encode({"alg": "PS512", "kid": signer.kid}))
        head, _, sig = str(token.serialize(compact=True)).split(".")
        self._route_parameter_cache[destination_id] = (params, f"{head}..{sig}")
        return params, f"{head}..{sig}"

    def _forged_route_signature(self, destination_id: str, fault: str) -> str:
        """A ``destinationSignature`` a kiosk must refuse (fault switch ``routing_signature``)."""
        claims = self._route_claims(destination_id)
        portal = self.keys.current(PORTAL, SIGNING)
        if fault == "altered":
            head, _, sig = self._route_signature(destination_id).split(".")
            claims["jti"] = str(uuid.uuid4())
            return f"{head}.{_b64(json_encode(claims).encode())}.{sig}"
        if fault == "foreign-key":
            return self._sign_route(claims, SERVICE, kid=portal.kid)
        if fault in ("none", "hs512"):
            header = {"alg": fault.upper() if fault == "hs512" else "none",
                      "kid": portal.kid, "typ": "jwt"}
            signing_input = (f"{_b64(json_encode(header).encode())}."
                             f"{_b64(json_encode(claims).encode())}")
            if fault == "none":
                return signing_input + "."
            secret = portal.private.export_to_pem()  # the public key's PEM as HMAC secret
            mac = hmac.new(secret, signing_input.encode(), hashlib.sha512).digest()
            return f"{signing_input}.{_b64(mac)}"
        if fault == "expired":
            claims["exp"] = int(time.time()) - 3600
        elif fault == "wrong-host":
            claims["submissionHost"] = "submission-api.fit-connect.example"
        return self._sign_route(claims)

    def areas(self, call: Call) -> Reply:
        terms = [t.strip("*").lower() for t in call.query.get("areaSearchexpression", [])]
        hit = any(t and ("wiesbaden".startswith(t) or t.startswith("651")) for t in terms)
        areas = [{"id": "1", "name": "Wiesbaden", "type": "Kreisfreie Stadt"}] if hit else []
        return reply_json(200, {"count": len(areas), "offset": 0, "totalCount": len(areas),
                                "areas": areas})

    def routing_info(self, call: Call) -> Reply:
        return reply_json(200, {"version": {"major": 2, "minor": 0, "patch": 0}})

    # -- submission API: technical and destinations -----------------------------------------

    def info(self, call: Call) -> Reply:
        return reply_json(200, {"version": {"major": 1, "minor": 1, "patch": 3}})

    def jwks(self, call: Call) -> Reply:
        return reply_json(200, self.keys.jwks())

    def portal_jwks(self, call: Call) -> Reply:
        """The demo Self-Service-Portal's keys: they sign the routes' destinationSignature."""
        return reply_json(200, self.keys.portal_jwks())

    def destination(self, call: Call) -> Reply:
        office = office_by_id(call.params["destinationId"])
        if office is None:
            return problem(404, "Not Found", "No such destination.")
        key = self.keys.current(office.destination_id, ENCRYPTION)
        schemas = [dict(config.SUBMISSION_SCHEMA)]
        return reply_json(200, {
            "destinationId": office.destination_id,
            "status": "active",
            "encryptionKid": key.kid,
            "metadataVersions": ["1.0.0"],
            "services": [{"identifier": LEIKA_URN + k,
                          "regions": ["DE" + a for a in office.ars],
                          "submissionSchemas": schemas} for k in office.leika_keys],
        }, headers={"Cache-Control": "no-cache"})

    def destination_key(self, call: Call) -> Reply:
        key = self.keys.published(call.params["destinationId"], call.params["keyId"])
        if key is None:
            return problem(404, "Not Found", "No such key for this destination.")
        return reply_json(200, key.public_jwk(), headers={"Cache-Control": "no-cache"})

    # -- submission API: sending ------------------------------------------------------------

    def create_submission(self, call: Call) -> Reply:
        try:
            doc = call.json()
        except ValueError:
            return problem(400, "Bad Request", "The body is not JSON.")
        office = office_by_id(doc.get("destinationId", ""))
        if office is None:
            return problem(404, "Not Found", "Destination not found.")
        identifier = doc["serviceType"]["identifier"]
        if identifier not in [LEIKA_URN + k for k in office.leika_keys]:
            return problem(422, "Unprocessable Entity",
                           f"The destination does not offer the service {identifier}.")
        announced = list(dict.fromkeys(doc.get("announcedAttachments", [])))
        case_id = doc.get("caseId")
        if case_id is not None:
            assert call.grant is not None
            with self.store.lock:
                known = self.store.case_destination.get(case_id)
                owner = self.store.case_client.get(case_id)
            if known is None or owner != call.grant.client_id:  # only one's own cases
                return problem(404, "Not Found", "Case not found.")
            if known != office.destination_id:
                return problem(422, "Unprocessable Entity",
                               "The case belongs to another destination.")
        assert call.grant is not None
        sub = self.store.create(office.destination_id, doc["serviceType"], announced,
                                call.grant.client_id, case_id)
        self.events.open_case(sub.case_id)
        self.events.add(sub.case_id, sub.submission_id, events.CREATE, {})
        return reply_json(201, {"destinationId": sub.destination_id,
                                "submissionId": sub.submission_id, "caseId": sub.case_id})

    def _own_submission(self, call: Call) -> Any:
        sub = self.store.get(call.params["submissionId"])
        assert call.grant is not None
        if sub is None or (call.grant.role == "sender"
                           and sub.client_id != call.grant.client_id):
            return problem(404, "Not Found", "Submission not found.")
        return sub

    def upload_attachment(self, call: Call) -> Reply:
        sub = self._own_submission(call)
        if isinstance(sub, Reply):
            return sub
        aid = call.params["attachmentId"]
        if aid not in sub.announced:
            return problem(422, "Unprocessable Entity",
                           "Attachment not announced. Must upload attachments under their "
                           "announced UUIDs.")
        text = call.body.decode("ascii", "replace").strip()
        with self.store.lock:
            if sub.status != INCOMPLETE:
                return problem(422, "Unprocessable Entity",
                               f"The submission is already {sub.status}; attachments are "
                               "closed.")
            sub.attachments[aid] = text
        return Reply(204)

    def submit(self, call: Call) -> Reply:
        sub = self._own_submission(call)
        if isinstance(sub, Reply):
            return sub
        try:
            doc = call.json()
        except ValueError:
            return problem(400, "Bad Request", "The body is not JSON.")
        with self.store.lock:
            if sub.status != INCOMPLETE:
                return problem(422, "Unprocessable Entity",
                               f"The submission was already submitted (now {sub.status}).")
            missing = [a for a in sub.announced if a not in sub.attachments]
            if missing:
                return problem(422, "Unprocessable Entity",
                               "Gesamtantrag unvollständig: announced attachments not uploaded: "
                               + ", ".join(missing))
            sub.encrypted_metadata = doc["encryptedMetadata"]
            sub.encrypted_data = doc.get("encryptedData")
            sub.status = "submitted"
        self.store.submitted(sub)
        self.events.add(sub.case_id, sub.submission_id, events.SUBMIT, {})
        self.offices.enqueue(sub)
        return reply_json(202, sub.reduced())

    def case_events(self, call: Call) -> Reply:
        case_id = call.params["caseId"]
        assert call.grant is not None
        with self.store.lock:
            owner = self.store.case_client.get(case_id)
        if owner is None or (call.grant.role == "sender" and owner != call.grant.client_id):
            return problem(404, "Not Found", "Case not found.")
        offset, limit = int(call.q("offset") or 0), int(call.q("limit") or 100)
        tokens, total = self.events.tokens(case_id, offset, limit)
        return reply_json(200, {"count": len(tokens), "offset": offset, "totalCount": total,
                                "eventLog": tokens})

    # -- submission API: receiving ----------------------------------------------------------

    def list_submissions(self, call: Call) -> Reply:
        dest = call.q("destinationId")
        offset, limit = int(call.q("offset") or 0), int(call.q("limit") or 100)
        with self.store.lock:
            found = [s for s in self.store.submissions.values()
                     if s.status == "submitted" and (dest is None or s.destination_id == dest)]
        page = found[offset:offset + limit]
        return reply_json(200, {"count": len(page), "offset": offset, "totalCount": len(found),
                                "submissions": [{"destinationId": s.destination_id,
                                                 "submissionId": s.submission_id,
                                                 "caseId": s.case_id} for s in page]})

    def get_submission(self, call: Call) -> Reply:
        sub = self._own_submission(call)
        if isinstance(sub, Reply):
            return sub
        if sub.status == INCOMPLETE:
            return problem(404, "Not Found", "The submission is not submitted yet.")
        return reply_json(200, sub.full())

    def get_attachment(self, call: Call) -> Reply:
        sub = self.store.get(call.params["submissionId"])
        content = sub.attachments.get(call.params["attachmentId"]) if sub else None
        if sub is None or sub.status == INCOMPLETE or content is None:
            return problem(404, "Not Found", "Attachment not found.")
        return Reply(200, content.encode("ascii"), "application/jose")

    # -- /sandbox controls (loopback only; no token) ----------------------------------------

    def get_faults(self, call: Call) -> Reply:
        return reply_json(200, self.faults.faults.as_dict())

    def put_faults(self, call: Call) -> Reply:
        """Change fault settings; ``"rotate": "all" | [destinationId, ...]`` rotates keys."""
        try:
            doc = dict(call.json())
            rotate = doc.pop("rotate", None)
            targets = ([o.destination_id for o in OFFICES] if rotate == "all"
                       else list(rotate or []))
            if any(office_by_id(d) is None for d in targets):
                raise ValueError("rotate names an unknown destination")
            changed = self.faults.update(doc)
        except (ValueError, KeyError, AttributeError, TypeError) as exc:
            return problem(400, "Bad Request", f"Unknown or invalid fault setting: {exc}")
        rotated = {d: self.keys.rotate(d).kid for d in targets}
        log.info("faults now %s; rotated %d keys", changed.as_dict(), len(rotated))
        return reply_json(200, {**changed.as_dict(), "rotated": rotated})

    def rotate_all(self) -> None:
        for office in OFFICES:
            self.keys.rotate(office.destination_id)
        log.info("rotated the encryption keys of every destination")

    def rotate(self, call: Call) -> Reply:
        dest = call.params["destinationId"]
        if office_by_id(dest) is None:
            return problem(404, "Not Found", "No such destination.")
        key = self.keys.rotate(dest)
        log.info("rotated the encryption key of %s", dest)
        return reply_json(200, {"destinationId": dest, "encryptionKid": key.kid,
                                "graceSeconds": self.keys.grace_seconds})

    def received_list(self, call: Call) -> Reply:
        dest = call.q("destinationId")
        with self.store.lock:
            items = [r.summary() for r in self.store.received.values()
                     if dest is None or r.destination_id == dest]
        return reply_json(200, {"received": items})

    def received_one(self, call: Call) -> Reply:
        with self.store.lock:
            rec = self.store.received.get(call.params["submissionId"])
        if rec is None:
            return problem(404, "Not Found", "No office has decided on this submission (yet).")
        return reply_json(200, rec.detail())

    def stats(self, call: Call) -> Reply:
        with self.store.lock:
            by_status: dict[str, int] = {}
            for s in self.store.submissions.values():
                by_status[s.status] = by_status.get(s.status, 0) + 1
        return reply_json(200, {"submissions": by_status, "faults": dict(self.faults.counts),
                                "officePending": self.offices.pending,
                                "validate": self.validate})

    def idle(self, call: Call) -> Reply:
        timeout = float(call.q("timeout") or 30)
        done = self.offices.wait_idle(timeout)
        return reply_json(200 if done else 504, {"idle": done,
                                                 "officePending": self.offices.pending})

    def expire_tokens(self, call: Call) -> Reply:
        self.tokens.expire_all()
        return Reply(204)

    def put_settings(self, call: Call) -> Reply:
        try:
            doc = call.json()
            if "validate" in doc:
                self.validate = bool(doc["validate"])
            if "keyGraceSeconds" in doc:
                self.keys.grace_seconds = float(doc["keyGraceSeconds"])
            if "tokenLifetimeSeconds" in doc:
                self.tokens.lifetime = float(doc["tokenLifetimeSeconds"])
            if "officesPaused" in doc:
                self.offices.pause(bool(doc["officesPaused"]))
        except (ValueError, TypeError, AttributeError) as exc:
            return problem(400, "Bad Request", f"Invalid settings: {exc}")
        return reply_json(200, {"validate": self.validate,
                                "keyGraceSeconds": self.keys.grace_seconds,
                                "tokenLifetimeSeconds": self.tokens.lifetime,
                                "officesPaused": self.offices.paused})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def loopback_url(port: int, tls: bool) -> str:
    return f"{'https' if tls else 'http'}://{HOST}:{port}"
