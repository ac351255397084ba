"""The demo communes have objects, loans in every state and reviews."""

import pytest
from django_tenants.utils import schema_context

from objets.models import Item, Loan, Review
from reseau.demo import DEMO_COMMUNES, seed_demo_commune

pytestmark = pytest.mark.django_db


def test_demo_objects_and_loans_in_every_state(client_for):
    commune = seed_demo_commune(DEMO_COMMUNES[0])
    with schema_context(commune.schema_name):
        assert Item.objects.count() >= 8
        assert set(Loan.objects.values_list("status", flat=True)) == set(Loan.Status.values)
        assert Review.objects.count() == 2
        titles = set(Item.objects.values_list("title", flat=True))
    assert "Perceuse à percussion Bosch" in titles
    from reseau.demo import demo_email
    from voisinages.models import Resident

    with schema_context(commune.schema_name):
        lucie = Resident.objects.get(email=demo_email("habitant1", "puteaux"))
    page = client_for(commune, lucie).get("/objets/").content.decode()
    assert "Appareil à raclette" in page
