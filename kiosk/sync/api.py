"""The FIT-Connect calls a sender makes (Submission API 1.1.3, Routing API), with the
station's token; nothing here keeps state."""

from __future__ import annotations

from typing import Any

from kiosk.config import FitConnectConfig
from kiosk.sync.errors import Permanent
from kiosk.sync.oauth import TokenSource
from kiosk.sync.transport import Transport


def _json(resp: Any, what: str) -> Any:
    try:
        return resp.json()
    except ValueError:
        raise Permanent(f"{what}: answer is not JSON",
                        "Der Versanddienst hat unverständlich geantwortet.") from None


class FitConnectApi:
    def __init__(self, fc: FitConnectConfig, transport: Transport, tokens: TokenSource) -> None:
        self.fc = fc
        self.transport = transport
        self.tokens = tokens
        self.base = fc.submission_url

    def _call(self, method: str, url: str, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}))

        def renew() -> None:
            self.tokens.invalidate()
            headers.update(self.tokens.headers())

        headers.update(self.tokens.headers())
        return self.transport.request(method, url, on_unauthorized=renew, headers=headers,
                                      **kwargs)

    # --- routing and destinations --------------------------------------------------------
    def route(self, leika: str, ars: str) -> dict[str, Any] | None:
        """The first routing result (destinationId, destinationSignature, ...), if any."""
        if not self.fc.routing_url:
            return None
        resp = self._call("GET", f"{self.fc.routing_url}/routes",
                          params={"leikaKey": leika, "ars": ars})
        routes = _json(resp, "routes").get("routes") or []
        return dict(routes[0]) if routes and isinstance(routes[0], dict) else None

    def portal_jwks(self) -> dict[str, Any]:
        """The Self-Service-Portal's keys, which sign the routing results."""
        assert self.fc.portal_jwks_url is not None
        return dict(_json(self.transport.request("GET", self.fc.portal_jwks_url), "jwks"))

    def destination(self, destination_id: str) -> dict[str, Any]:
        return dict(_json(self._call("GET", f"{self.base}/v1/destinations/{destination_id}"),
                          "destination"))

    def destination_key(self, destination_id: str, kid: str) -> dict[str, Any]:
        return dict(_json(self._call(
            "GET", f"{self.base}/v1/destinations/{destination_id}/keys/{kid}"), "key"))

    def service_jwks(self) -> dict[str, Any]:
        return dict(_json(self.transport.request("GET", f"{self.base}/.well-known/jwks.json"),
                          "jwks"))

    # --- sending -------------------------------------------------------------------------
    def create_submission(self, destination_id: str, leika_urn: str, name: str,
                          attachment_ids: list[str], case_id: str | None = None
                          ) -> tuple[str, str]:
        """A new submission; with ``case_id`` in that existing case (a follow-up)."""
        body: dict[str, Any] = {"destinationId": destination_id,
                                "announcedAttachments": attachment_ids,
                                "serviceType": {"name": name, "identifier": leika_urn}}
        if case_id is not None:
            body["caseId"] = case_id
        doc = _json(self._call("POST", f"{self.base}/v1/submissions", json=body), "create")
        return str(doc["submissionId"]), str(doc["caseId"])

    def upload_attachment(self, submission_id: str, attachment_id: str, token: str) -> None:
        self._call("PUT", f"{self.base}/v1/submissions/{submission_id}/attachments/"
                   f"{attachment_id}", data=token.encode("ascii"),
                   headers={"Content-Type": "application/jose"})

    def submit(self, submission_id: str, metadata_jwe: str, data_jwe: str | None) -> None:
        body = {"encryptedMetadata": metadata_jwe}
        if data_jwe is not None:  # a follow-up carries documents only
            body["encryptedData"] = data_jwe
        self._call("PUT", f"{self.base}/v1/submissions/{submission_id}", json=body)

    def case_events(self, case_id: str) -> list[str]:
        events: list[str] = []
        offset = 0
        while True:
            doc = _json(self._call("GET", f"{self.base}/v1/cases/{case_id}/events",
                                   params={"limit": 500, "offset": offset}), "events")
            page = [str(t) for t in doc.get("eventLog") or []]
            events += page
            total = doc.get("totalCount")
            offset += len(page)
            if not page or total is None or offset >= int(total):
                return events
