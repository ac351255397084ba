"""Garden buttons through htmx (`hx-boost` on their forms): the answer is an
`HX-Location` that makes htmx fetch the page the plain form would redirect to
and swap its main region; the plain forms still redirect. A resident of
another commune changes nothing."""

import json

import pytest

from jardins.models import Application
from tests.conftest import host_of

from .conftest import text

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"}


@pytest.fixture
def slot(world, task):
    with world.ctx():
        return task.slots.order_by("starts_at").first()


def test_slot_signup_and_leave_through_htmx(world, add_member, client_for, slot, other_commune,
                                            make_resident):  # fmt: skip
    member = add_member()
    client = client_for(world.commune, member)
    rota = f"/jardins/{world.garden.pk}/taches/"
    assert 'hx-boost="true"' in text(client.get(rota))
    base = f"/jardins/{world.garden.pk}/creneaux/{slot.pk}"

    # A resident of another commune, on this commune's host: nothing changes.
    stranger = client_for(other_commune, make_resident(other_commune, email="x@beta.example"))
    stranger.defaults["HTTP_HOST"] = host_of(world.commune)
    assert stranger.post(f"{base}/inscription/", **HX).status_code in (302, 403, 404)
    with world.ctx():
        slot.refresh_from_db()
        assert slot.assignee is None

    response = client.post(f"{base}/inscription/", **HX)
    assert response.status_code == 200 and "Location" not in response
    location = json.loads(response["HX-Location"])
    assert location == {
        "path": rota,
        "target": "#contenu",
        "swap": "outerHTML",
        "select": "#contenu",
    }
    with world.ctx():
        slot.refresh_from_db()
        assert slot.assignee == member
    # What htmx then fetches: the rota, with the message.
    assert "Le créneau est à vous." in text(client.get(rota, HTTP_HX_REQUEST="true"))

    # Without htmx: the plain form, a redirect.
    response = client.post(f"{base}/liberer/")
    assert response.status_code == 302 and response.url == rota
    with world.ctx():
        slot.refresh_from_db()
        assert slot.assignee is None


def test_a_refused_action_through_htmx_says_why(world, make_resident, client_for):
    applicant = make_resident(world.commune, email="candidate@alpha.example")
    client = client_for(world.commune, applicant)
    url = f"/jardins/{world.garden.pk}/candidater/"
    response = client.post(url, {"note": "x" * 5000}, **HX)
    assert response.status_code == 200 and "HX-Location" in response
    page = text(client.get(json.loads(response["HX-Location"])["path"]))
    assert 'class="message error"' in page
    with world.ctx():
        assert not Application.objects.exists()
    response = client.post(url, {"note": "J'aimerais cultiver des tomates."}, **HX)
    assert json.loads(response["HX-Location"])["path"].endswith("/liste-d-attente/")
    with world.ctx():
        assert Application.objects.filter(applicant=applicant).exists()
