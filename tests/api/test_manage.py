"""Ambassadors' endpoints: members waiting for approval, suspension, reinstatement."""

import pytest
from django_tenants.utils import schema_context

from tests.api.conftest import assert_error
from voisinages import roles


@pytest.fixture
def ambassador(commune, make_resident):
    return make_resident(commune, email="claire@alpha.example", roles=(roles.AMBASSADOR,))


@pytest.fixture
def pending(commune, make_resident):
    from voisinages.models import Resident

    waiting = make_resident(commune, email="attente@alpha.example", first_name="Paul")
    with schema_context(commune.schema_name):
        Resident.objects.filter(pk=waiting.pk).update(approval_pending=True, is_verified=False)
    return waiting


def test_queue_and_approval(commune, ambassador, pending, api_for):
    from voisinages.models import ActionLog, Resident

    api = api_for(commune, ambassador)
    queue = api.get("/manage/members", {"state": "attente"}).json()["items"]
    assert [m["id"] for m in queue] == [pending.pk]
    assert "email" not in queue[0]  # ambassadors never see email addresses
    response = api.post(f"/manage/members/{pending.pk}/approve", {"reason": "Voisin connu"})
    assert response.status_code == 200, response.content
    assert response.json()["approval_pending"] is False
    with schema_context(commune.schema_name):
        assert not Resident.objects.get(pk=pending.pk).approval_pending
        assert ActionLog.objects.filter(code="voisinages.member.approved").exists()
    # Twice: a rule of the service, answered as a validation error.
    assert_error(api.post(f"/manage/members/{pending.pk}/approve"), 422, "validation_error")


def test_suspend_needs_a_reason_then_reinstate(commune, ambassador, resident, api_for):
    api = api_for(commune, ambassador)
    body = assert_error(api.post(f"/manage/members/{resident.pk}/suspend", {}), 422)
    assert list(body["fields"]) == ["reason"]
    response = api.post(f"/manage/members/{resident.pk}/suspend", {"reason": "Propos injurieux"})
    assert response.json()["is_active"] is False
    assert api.post(f"/manage/members/{resident.pk}/reinstate").json()["is_active"] is True


def test_residents_cannot_manage(commune, resident, pending, api_for):
    from voisinages.models import Resident

    api = api_for(commune, resident)
    assert_error(api.get("/manage/members"), 403, "permission_denied")
    assert_error(api.post(f"/manage/members/{pending.pk}/approve"), 403, "permission_denied")
    with schema_context(commune.schema_name):
        assert Resident.objects.get(pk=pending.pk).approval_pending


def test_another_communes_member_is_404(commune, other_commune, make_resident, pending, api_for):
    from voisinages.models import Resident

    their_ambassador = make_resident(
        other_commune, email="amb@beta.example", roles=(roles.AMBASSADOR,)
    )
    with schema_context(other_commune.schema_name):
        exists_there = Resident.objects.filter(pk=pending.pk).exists()
    api = api_for(other_commune, their_ambassador)
    if not exists_there:
        assert_error(api.post(f"/manage/members/{pending.pk}/approve"), 404, "not_found")
    assert pending.pk not in [m["id"] for m in api.get("/manage/members").json()["items"]]
    with schema_context(commune.schema_name):
        assert Resident.objects.get(pk=pending.pk).approval_pending


def test_read_token_cannot_approve(commune, ambassador, pending, api_for):
    api = api_for(commune, ambassador, scope="read")
    assert_error(api.post(f"/manage/members/{pending.pk}/approve"), 403, "read_only_token")


def test_state_filter_is_validated(commune, ambassador, api_for):
    body = assert_error(api_for(commune, ambassador).get("/manage/members", {"state": "x"}), 422)
    assert list(body["fields"]) == ["state"]
