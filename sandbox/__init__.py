"""A local FIT-Connect on loopback for the demo kiosk and for any conforming FIT-Connect client.

Start: ``python -m sandbox --port 8460 --dir D`` or ``fvo-kiosk-admin sandbox --port 8460
--dir D`` (further options after ``--``). The kiosk never imports this package.

Configuration contract (stable; a station configuration for the sandbox uses these values)
-----------------------------------------------------------------------------------------
* Host and port: ``127.0.0.1``, default port ``8460`` (loopback only, never another address).
* Base URL: ``https://127.0.0.1:8460`` (``http://`` only with ``--http``, for throughput
  experiments; never for the demo kiosk).
* Token URL (OAuth2 client credentials, ``application/x-www-form-urlencoded`` with
  ``grant_type=client_credentials``, ``client_id``, ``client_secret``, optional ``scope``;
  HTTP Basic also accepted): ``https://127.0.0.1:8460/token`` → ``access_token``,
  ``token_type`` ``Bearer``, ``expires_in`` (300 s).
* Submission API 1.1.3 base: ``https://127.0.0.1:8460`` (paths ``/v1/...``, ``/.well-known/
  jwks.json``). Routing API 2.0.0 base: ``https://127.0.0.1:8460/routing/v1`` (``/routes``,
  ``/areas``, ``/info``; no token needed, like FITKO's). Each route's ``destinationSignature``
  is a PS512 JWS by the demo Self-Service-Portal (``submissionHost`` ``127.0.0.1:8460``,
  ``iss`` ``https://127.0.0.1:8460/portal``, ``destinationId``, ``services`` with
  ``gebietIDs``/``leistungIDs``, ``iat``, ``jti``), its key only in
  ``https://127.0.0.1:8460/portal/.well-known/jwks.json``. Each route also carries
  ``destinationParameters`` (``encryptionKid``, ``publicKeys``, ``submissionUrl`` …) with
  ``destinationParametersSignature``: a detached PS512 JWS by the service's key (its
  ``/.well-known/jwks.json``) over their JSON with sorted keys and no whitespace.
* Demo station client: id ``fvo-kiosk-demo-station``, secret
  ``demo-station-secret-not-for-production`` (role sender). The office client
  ``sandbox-office`` (role subscriber, for the receiver read endpoints) gets a random secret
  in ``D/clients.json``. Clients are read from ``D/clients.json`` (written on first start).
* CA certificate: ``D/ca.pem`` — the demo root that signs the TLS certificate (SAN
  127.0.0.1, localhost) and every destination key's ``x5c`` chain (leaf, root). Point the
  station's CA / x5c root setting at this file; keep TLS verification on.
* Destinations (region ARS ``064140000000`` Wiesbaden; service identifier
  ``urn:de:fim:leika:leistung:<LeiKa key>``; metadata version 1.0.0):

  ================================= ==================== ================================
  destinationId                     office               LeiKa keys
  ================================= ==================== ================================
  00000000-0000-4000-8000-000000000101 familienkasse     99000000000101 (Kindergeld),
                                                         99000000000102 (Kinderzuschlag)
  00000000-0000-4000-8000-000000000102 jobcenter         99000000000106 (Bürgergeld)
  00000000-0000-4000-8000-000000000103 wohngeldbehoerde  99000000000104 (Wohngeld)
  00000000-0000-4000-8000-000000000104 amt_soziale_arbeit 99000000000105 (Unterhaltsvorschuss)
  00000000-0000-4000-8000-000000000105 sozialleistungen  99000000000103 (Bildung und Teilhabe)
  ================================= ==================== ================================

* Keys: each destination's ``encryptionKid`` (``GET /v1/destinations/{id}``) names an
  RSA-4096 JWK (``GET /v1/destinations/{id}/keys/{kid}``: ``key_ops`` ``wrapKey``, ``alg``
  ``RSA-OAEP-256``, ``x5c``). JWEs must be compact, ``RSA-OAEP-256`` + ``A256GCM``; the
  header ``kid`` may be the key's kid or its RFC 7638 thumbprint; ``zip: DEF`` is accepted.
* Events: ``GET /v1/cases/{caseId}/events`` lists Security Event Tokens (PS512,
  ``typ`` ``secevent+jwt``): ``create-submission`` and ``submit-submission`` (signed by the
  service, ``iss`` = base URL), then the office's ``accept-submission`` or
  ``reject-submission`` (``problems`` with the reason; signed by the destination's signing
  key, ``iss`` = destinationId). Every signing key is in ``/.well-known/jwks.json``.
* Semantics worth knowing: a second submit of the same submission gets 422 ("already
  submitted"; after an unanswered submit, read the case's events instead); an attachment may
  be uploaded again until the submit (it is replaced); the receiver read endpoints
  (``GET /v1/submissions``, ``GET /v1/submissions/{id}``, its attachments) need the office
  (subscriber) client, as in FIT-Connect; a submission created with the ``caseId`` of one
  of the client's own cases joins that case (another client's case: 404) — the office
  rejects such a follow-up when ``additionalReferenceInfo.followUpOf`` in its metadata is not
  an earlier, submitted submission of the same case; an injected 429 throttles every client
  until its ``Retry-After`` has passed (requests before then get 429 again and count as early
  retries).
* Restarts: cases, submitted submissions, events and decisions are kept in
  ``D/journal.jsonl`` (ids, states, event claims, reasons — no payloads, no personal data),
  so receipts survive a restart; delete that file to start empty. A submission not yet
  submitted when the sandbox stopped is forgotten (404: announce it again).
* Inspection and faults (no token, loopback): ``GET /sandbox/received[?destinationId=]``,
  ``GET /sandbox/received/{submissionId}`` (decrypted metadata and data, attachment hashes),
  ``GET|PUT /sandbox/faults`` (``error_rate``, ``drop_rate``, ``rate_limit_rate``,
  ``retry_after``, ``latency_ms``, ``hang_seconds``, ``seed``; ``"rotate": "all"`` or a list
  of destination ids rotates their encryption keys; the same as flags, plus
  ``--rotate-every SECONDS``; ``routing_signature`` serves route signatures a client must
  refuse: ``altered``, ``foreign-key``, ``none``, ``hs512``, ``swap``, ``expired``,
  ``wrong-host``, ``parameters-altered``, ``parameters-unsigned``; ``""`` good ones again),
  ``POST /sandbox/destinations/{id}/rotate`` (new encryptionKid; the old key decrypts for
  ``keyGraceSeconds``), ``PUT /sandbox/settings`` (``validate``, ``keyGraceSeconds``,
  ``tokenLifetimeSeconds``, ``officesPaused``: the offices decide nothing until ``false``),
  ``POST /sandbox/expire-tokens``, ``POST /sandbox/idle?timeout=``
  (waits until the offices decided everything), ``GET /sandbox/stats``.
"""
