"""The sending client's manners: TLS always verified, proxies honoured except for loopback,
Retry-After and back-off, tokens reused until shortly before they expire, and only keys
that check out (chain to the configured root, RSA >= 4096, the right key_ops)."""

from __future__ import annotations

import time
from email.utils import formatdate
from pathlib import Path
from typing import Any

import pytest
import requests

from kiosk.config import FitConnectConfig
from kiosk.sync.errors import Permanent, Transient, Untrusted
from kiosk.sync.keycheck import check_key
from kiosk.sync.oauth import RENEW_BEFORE, TokenSource
from kiosk.sync.transport import Transport, backoff, is_loopback, retry_after_seconds
from tests.fake_fit_connect import FakeFitConnect, published, root_ca, rsa_key


def _fc(tmp_path: Path, url: str = "https://fit.example", **kw: Any) -> FitConnectConfig:
    return FitConnectConfig(token_url=f"{url}/token", submission_url=url, client_id="c",
                            key_root_file=tmp_path / "root.pem", **kw)


def test_retry_after_as_seconds_or_date_and_backoff_grows_with_jitter():
    assert retry_after_seconds("3") == 3.0
    assert 8 <= (retry_after_seconds(formatdate(time.time() + 10, usegmt=True)) or 0) <= 10
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
    early = [backoff(0) for _ in range(200)]
    late = [backoff(6) for _ in range(200)]
    assert max(early) <= 0.5 < max(late) <= 32
    assert len(set(late)) > 150  # jitter: no two stations retry in lock-step


def test_tls_is_always_verified_and_plain_http_only_on_loopback(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    t = Transport(_fc(tmp_path, ca_file=ca))
    assert t._verify == str(ca)
    assert Transport(_fc(tmp_path))._verify is True  # the system's CAs, never False
    with pytest.raises(Permanent):
        t.once("GET", "http://fit.example/v1/info")  # never a plain request off the machine
    assert is_loopback("http://127.0.0.1:8460/x") and is_loopback("https://localhost/")
    assert not is_loopback("https://fit.example/")


def test_environment_proxies_apply_except_for_loopback(tmp_path, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # a proxy that is not there
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    with FakeFitConnect() as fake:
        t = Transport(_fc(tmp_path, fake.url))
        # Loopback goes direct although a proxy is set …
        assert t.once("GET", f"{fake.url}/.well-known/jwks.json").status_code == 200
    # … anything else goes through the environment's proxy.
    assert t._session(loopback=False).trust_env is True
    assert t._session(loopback=True).trust_env is False


def test_a_429_makes_every_following_request_wait_its_retry_after(tmp_path, monkeypatch):
    answers = [(429, {"Retry-After": "2"}), (200, {}), (200, {})]
    slept: list[float] = []

    def fake_request(self: Any, method: str, url: str, **kw: Any) -> requests.Response:
        r = requests.Response()
        r.status_code, headers = answers.pop(0)
        r.headers.update(headers)
        return r

    monkeypatch.setattr(requests.Session, "request", fake_request)
    t = Transport(_fc(tmp_path), sleep=slept.append)
    assert t.request("GET", "https://fit.example/v1/x").status_code == 200
    assert slept and 1.5 < slept[0] <= 2.0  # the retry waited the service's Retry-After
    assert not answers[1:]


def test_a_4xx_that_retrying_will_not_cure_is_permanent_5xx_transient(tmp_path, monkeypatch):
    codes = iter([422, 503])

    def fake_request(self: Any, method: str, url: str, **kw: Any) -> requests.Response:
        r = requests.Response()
        r.status_code = next(codes)
        r._content = b'{"title": "nope"}'
        return r

    monkeypatch.setattr(requests.Session, "request", fake_request)
    t = Transport(_fc(tmp_path))
    with pytest.raises(Permanent) as exc:
        t.once("PUT", "https://fit.example/v1/submissions/1")
    assert exc.value.status == 422 and "erneuter Versuch hilft nicht" in exc.value.user_message
    with pytest.raises(Transient):
        t.once("PUT", "https://fit.example/v1/submissions/1")


def test_the_token_is_reused_and_renewed_before_it_expires():
    now = [1000.0]

    class Stub:
        calls = 0

        def request(self, method: str, url: str, **kw: Any) -> Any:
            Stub.calls += 1
            assert kw["data"]["client_secret"] == "s3cret"

            class R:
                def json(self) -> dict[str, Any]:
                    return {"access_token": f"t{Stub.calls}", "expires_in": 300}
            return R()

    src = TokenSource(Stub(), "https://x/token", "c", lambda: "s3cret",  # type: ignore[arg-type]
                      clock=lambda: now[0])
    assert src.token() == "t1"
    now[0] += 300 - RENEW_BEFORE - 1
    assert src.token() == "t1"  # still good: reused
    now[0] += 2
    assert src.token() == "t2"  # shortly before its end: renewed
    assert Stub.calls == 2


def test_only_keys_that_check_out_are_used():
    root = root_ca()[1]
    good = published(rsa_key(0), "k1", "wrapKey")
    check_key(good, root, "wrapKey")
    with pytest.raises(Untrusted):
        check_key(good, root, "verify")  # a wrapKey key does not sign receipts
    with pytest.raises(Untrusted):
        check_key(published(rsa_key(0, bits=2048), "k2", "wrapKey"), root, "wrapKey")
    from cryptography.hazmat.primitives.asymmetric import ec

    from tests.fake_fit_connect import _name  # a second, unrelated root

    other_key = ec.generate_private_key(ec.SECP256R1())
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    now = dt.datetime.now(dt.UTC)
    other = (x509.CertificateBuilder().subject_name(_name("Other")).issuer_name(_name("Other"))
             .public_key(other_key.public_key()).serial_number(1)
             .not_valid_before(now - dt.timedelta(1)).not_valid_after(now + dt.timedelta(1))
             .sign(other_key, hashes.SHA256()))
    with pytest.raises(Untrusted):
        check_key(published(rsa_key(0), "k3", "wrapKey", signer=(other_key, other)), root,
                  "wrapKey")
    swapped = dict(good, n=published(rsa_key(1), "k4", "wrapKey")["n"])
    with pytest.raises(Untrusted):
        check_key(swapped, root, "wrapKey")  # the key is not the one its certificate holds
