"""Follow-ups as IT and the counsellor see them on the command line (a real process, the real
OS keyring, the sandbox on loopback): `case attach` on a claim already at its office says
it goes as a Nachreichung; `sync --json` and `status --json` list it by id and state, with no
personal data."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from tests.integration.conftest import sandbox_section
from tests.integration.test_sync_cli import run
from tests.sync_support import write_config


@pytest.mark.keyring
def test_a_document_for_an_accepted_claim_is_reported_as_a_follow_up(real_keyring, tmp_path,
                                                                     fit_sandbox):
    from kiosk.app import Station

    d = ["--data-dir", str(tmp_path / "station")]
    assert run(*d, "provision", "--demo").returncode == 0
    write_config(tmp_path / "station", sandbox_section(fit_sandbox, timeout=10))
    assert run(*d, "sync").returncode == 0  # the demo's signed claims reach their offices
    station = Station.open(tmp_path / "station")
    try:
        (entry, *_rest) = [e for e in station.store.outbox.entries() if e.state == "accepted"]
        claim = station.store.claims.get_claim(entry.claim_id)
        form = station.forms.form(claim.benefit, claim.form_version)
        document = next(doc for doc in form.documents if not doc.per_item)
        names = station.store.cases.get_case(claim.case_id).household["applicant"]
    finally:
        station.close()
    scan = tmp_path / "scan.png"
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (90, 90, 200)).save(out, format="PNG")
    scan.write_bytes(out.getvalue())

    attached = run(*d, "case", "attach", claim.id, document.id, str(scan))
    assert attached.returncode == 0, attached.stderr
    assert "Wird als Nachreichung an die Stelle gesendet." in attached.stdout

    r = run(*d, "sync", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    followups = doc["followups"]
    assert followups and {f["claim_id"] for f in followups} == {claim.id}
    assert doc["followups_by_state"] == {"accepted": 1}
    status = run(*d, "status", "--json")
    (listed,) = json.loads(status.stdout)["followups"]
    assert (listed["claim_id"], listed["state"], listed["documents"]) == (claim.id,
                                                                           "accepted", 1)
    assert listed["id"] in {f["id"] for f in followups}
    human = run(*d, "status").stdout
    assert f"Nachreichung {listed['id']} zu {claim.id}: " in human
    for text in (r.stdout, status.stdout, human):
        assert names["family_name"] not in text and names["given_names"] not in text
