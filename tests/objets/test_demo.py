"""The demo communes have objects, loans in every state and reviews."""

import pytest

from objets.models import Item, Loan, Review
from reseau.demo import demo_email
from tests.factories import in_commune
from voisinages.models import Resident

pytestmark = pytest.mark.django_db


def test_demo_objects_and_loans_in_every_state(demo_commune, client_for):
    commune = demo_commune
    with in_commune(commune):
        assert Item.objects.count() >= 8
        assert set(Loan.objects.values_list("status", flat=True)) == set(Loan.Status.values)
        assert Review.objects.count() == 2
        titles = set(Item.objects.values_list("title", flat=True))
    assert "Perceuse à percussion Bosch" in titles
    with in_commune(commune):
        lucie = Resident.objects.get(email=demo_email("habitant1", "puteaux"))
    page = client_for(commune, lucie).get("/objets/").content.decode()
    assert "Appareil à raclette" in page
