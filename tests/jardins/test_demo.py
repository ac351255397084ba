"""Demo data: two gardens in Puteaux, one in Moulins, each with plots, a rota
and a harvest; a waiting list with a priority and its reason."""

from types import SimpleNamespace

import pytest
from django_tenants.utils import schema_context

from jardins import demo
from jardins.models import Application, Garden, Harvest, Membership, Plot, Slot

from .conftest import text

pytestmark = pytest.mark.django_db

PEOPLE = [
    "ambassadeur",
    "mediateur",
    "habitant1",
    "habitant2",
    "habitant3",
    "habitant4",
    "habitant5",
]


@pytest.mark.parametrize(("slug", "gardens"), [("puteaux", 2), ("moulins", 1)])
def test_demo_gardens(commune, make_resident, client_for, slug, gardens):
    residents = {name: make_resident(commune, first_name=name.capitalize()) for name in PEOPLE}
    with schema_context(commune.schema_name):
        demo.seed(commune=SimpleNamespace(slug=slug), residents=residents)
        assert Garden.objects.count() == gardens
        for garden in Garden.objects.all():
            assert garden.plots.filter(status=Plot.Status.ASSIGNED).exists()
            assert garden.plots.filter(status=Plot.Status.RESERVED).exists()
            assert Slot.objects.filter(task__garden=garden).exists()
            assert Harvest.objects.filter(garden=garden).exists()
        first = Garden.objects.get(name=demo.GARDENS[slug][0]["name"])
        assert first.applications.filter(status=Application.Status.WAITING).count() == 3
        prioritised = first.applications.get(priority=1).applicant
        coordinator = first.memberships.get(role=Membership.Role.COORDINATOR).resident
    url = f"/jardins/{first.pk}/liste-d-attente/"
    # The reason is for the coordinators and the person concerned.
    for reader in (prioritised, coordinator):
        assert "Personne à mobilité réduite" in text(client_for(commune, reader).get(url))
