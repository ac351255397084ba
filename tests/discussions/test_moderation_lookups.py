"""The ambassadors' lists find what they act on through selectors: an id that is
not a number answers 404 and changes nothing (never a 500)."""

import pytest
from django_tenants.utils import schema_context

from discussions.models import Category, WatchedWord

pytestmark = pytest.mark.django_db


def test_removing_a_watched_word_by_a_bad_id_is_a_404(commune, ambassador, client_for):
    client = client_for(commune, ambassador)
    client.post("/moderation/mots/", {"word": "arnaque", "action": "block"})
    response = client.post("/moderation/mots/", {"remove": "pas-un-nombre"})
    assert response.status_code == 404
    with schema_context(commune.schema_name):
        assert list(WatchedWord.objects.values_list("word", flat=True)) == ["arnaque"]


def test_editing_a_category_by_a_bad_id_is_a_404(commune, ambassador, client_for):
    with schema_context(commune.schema_name):
        before = Category.objects.count()
    response = client_for(commune, ambassador).post(
        "/moderation/categories/", {"category": "x1", "name": "Troc", "is_active": "on"}
    )
    assert response.status_code == 404
    with schema_context(commune.schema_name):
        assert Category.objects.count() == before
        assert not Category.objects.filter(name="Troc").exists()
