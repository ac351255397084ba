"""The demo pages of Puteaux (Moulins is seeded by tests/tenants/test_demo.py)."""

import pytest
from django_tenants.utils import schema_context

from cms.models import AssociationPage, ConfidentialRequest, EventPage, NewsPage
from reseau.demo import DEMO_COMMUNES, seed_demo_commune

pytestmark = pytest.mark.django_db


def test_the_demo_commune_has_news_events_associations_and_ma_ville(client_for):
    commune = seed_demo_commune(DEMO_COMMUNES[0])
    with schema_context(commune.schema_name):
        assert NewsPage.objects.live().count() == 4
        assert EventPage.objects.live().count() == 3
        assert AssociationPage.objects.live().count() == 3
        assert ConfidentialRequest.objects.count() == 2
        urls = [page.url for page in AssociationPage.objects.all()]
    client = client_for(commune)
    home = client.get("/").content.decode()
    assert "Plan canicule" in home and "Fête des voisins aux Bergères" in home
    assert "01 99 00 28 00" in client.get("/ma-ville/").content.decode()
    for url in urls:
        assert client.get(url).status_code == 200
    assert "Les Jardins partagés de Puteaux" in client.get("/associations/").content.decode()
