"""Sending signed claims to their offices over FIT-Connect: the outbox worker (``sender``),
OAuth2, destinations and keys, JWE, receipts, retention. Knows neither the forms nor the
documents. Submodules are imported where used: signing needs only ``queue``, which must not
pull the HTTP and JOSE libraries into every start."""
