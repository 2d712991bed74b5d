"""The demo station comes with three sample families: a draft, one ready to sign, one signed."""

from __future__ import annotations

from kiosk.app import Station


def test_demo_station_has_a_draft_a_ready_and_a_signed_family(data_dir, memory_keyring):
    station = Station.provision(data_dir, demo=True, keyring_backend=memory_keyring,
                                sample_cases=True)
    try:
        cases = station.store.cases.list_cases()
        assert len(cases) == 3
        by_name = {c.family_name.split(",")[0]: c for c in cases}
        visit = station.visit("counsellor:1")

        draft = by_name["Nowak"]
        assert draft.state == "draft" and not draft.claims
        assert visit.case(draft.id).resume_at == "housing"

        ready = visit.claims_overview(by_name["Yıldız"].id)
        assert ready.claims and all(c.claim.state == "draft" for c in ready.claims)
        summary = visit.summary(ready.claims[0].claim.id, "tr")
        assert summary.signable and summary.rows

        signed = [c.claim for c in visit.claims_overview(by_name["الحسن"].id).claims]
        assert signed and all(c.state == "queued" for c in signed)  # signed, queued
        for claim in signed:
            assert station.store.claims.get_signature(claim.id)["strokes"]
            assert claim.canonical and claim.sha256
        assert station.store.verify_audit()[1] == []
    finally:
        station.close()
