"""The demo pages of Puteaux (the session fixture `demo_commune`)."""

import pytest

from cms.models import AssociationPage, ConfidentialRequest, EventPage, NewsPage
from tests.factories import in_commune

pytestmark = pytest.mark.django_db


def test_the_demo_commune_has_news_events_associations_and_ma_ville(demo_commune, client_for):
    commune = demo_commune
    with in_commune(commune):
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
