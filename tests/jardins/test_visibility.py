"""Who reads what about a garden: priority reasons are for
the coordinators (and the applicant's own); visitors never read the names of
coordinators or harvest authors. Decided in jardins.selectors, so the site and
the API agree."""

import pytest

from jardins import services
from jardins.models import Application, Harvest
from tests.conftest import host_of

from .conftest import text

pytestmark = pytest.mark.django_db

REASON = "Reconnaissance de handicap (MDPH)"


@pytest.fixture
def waiting(world, make_resident):
    """Anna applied first; Basile's priority carries a health reason."""
    anna = make_resident(world.commune, first_name="Anna", email="anna@alpha.example")
    basile = make_resident(world.commune, first_name="Basile", email="basile@alpha.example")
    with world.ctx():
        services.apply_for_plot(garden=world.garden, applicant=anna)
        services.apply_for_plot(garden=world.garden, applicant=basile)
        services.set_priority(
            application=Application.objects.get(applicant=basile),
            by=world.coordinator,
            priority=2,
            reason=REASON,
        )
    return anna, basile


def test_an_applicant_never_reads_the_others_priority_reasons(
    world, waiting, client_for, api_for, add_member
):
    anna, basile = waiting
    url = f"/jardins/{world.garden.pk}/liste-d-attente/"
    for reader in (anna, add_member()):
        page = text(client_for(world.commune, reader).get(url))
        assert "Basile D." in page and "Priorité 2" in page and REASON not in page
        body = api_for(world.commune, reader).get(f"/gardens/{world.garden.pk}").json()
        entries = body["waiting_list"]["entries"]
        assert [e["priority_reason"] for e in entries] == ["", ""]
        assert REASON not in str(body)


def test_coordinators_and_the_applicant_read_the_reason(world, waiting, client_for, api_for):
    _anna, basile = waiting
    url = f"/jardins/{world.garden.pk}/liste-d-attente/"
    for reader in (world.coordinator, basile):
        assert REASON in text(client_for(world.commune, reader).get(url))
        body = api_for(world.commune, reader).get(f"/gardens/{world.garden.pk}").json()
        assert REASON in [e["priority_reason"] for e in body["waiting_list"]["entries"]]


def test_another_communes_resident_reads_nothing_of_the_list(
    world, waiting, other_commune, make_resident, client_for, api_for
):
    outsider = make_resident(other_commune, email="o@beta.example")
    client = client_for(other_commune, outsider)
    client.defaults["HTTP_HOST"] = host_of(world.commune)
    page = text(client.get(f"/jardins/{world.garden.pk}/liste-d-attente/"))
    assert REASON not in page and "Basile" not in page
    response = api_for(other_commune, outsider).get(f"/gardens/{world.garden.pk}")
    assert response.status_code == 404 or REASON not in response.content.decode()


def test_visitors_never_read_coordinators_or_harvest_authors(
    world, add_member, client_for, other_commune, make_resident
):
    author = add_member(first_name="Hector", last_name="Récolteur")
    with world.ctx():
        Harvest.objects.create(garden=world.garden, author=author, title="Courgettes")
    url = f"/jardins/{world.garden.pk}/"
    outsider = make_resident(other_commune, email="o@beta.example")
    foreign = client_for(other_commune, outsider)
    foreign.defaults["HTTP_HOST"] = host_of(world.commune)
    for client in (client_for(world.commune), foreign):
        page = text(client.get(url))
        assert "Courgettes" in page
        assert "Rose" not in page and "Hector" not in page
    page = text(client_for(world.commune, author).get(url))
    assert "Rose P." in page and "Hector R." in page


def test_ambassadors_api_member_list_carries_no_email(
    commune, other_commune, make_resident, api_for
):
    ambassador = make_resident(commune, email="amb@alpha.example", roles=("ambassador",))
    make_resident(commune, email="secret-voisin@alpha.example")
    body = api_for(commune, ambassador).get("/manage/members").json()
    assert body["items"] and all("email" not in item for item in body["items"])
    assert "secret-voisin@alpha.example" not in str(body)
    outsider = make_resident(other_commune, email="amb@beta.example", roles=("ambassador",))
    response = api_for(other_commune, outsider).get("/manage/members")
    assert "secret-voisin@alpha.example" not in response.content.decode()
