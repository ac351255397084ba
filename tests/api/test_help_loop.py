"""The help loop through the API: offer help, close naming helpers, review;
refusals in French; another commune's token reaches nothing."""

import pytest
from django_tenants.utils import schema_context

from discussions.models import HelpOffer, HelpReview, Post
from discussions.services import publish_post
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(commune, make_resident):
    alice = make_resident(commune, first_name="Alice")
    bruno = make_resident(commune, first_name="Bruno")
    eve = make_resident(commune, first_name="Eve")
    with schema_context(commune.schema_name):
        post = publish_post(author=alice, kind="demande", title="Monter une armoire", body="")
    return alice, bruno, eve, post


def test_offer_close_and_review(commune, people, api_for):
    alice, bruno, eve, post = people
    offered = api_for(commune, bruno).post(f"/posts/{post.pk}/help", {"message": "Dispo samedi"})
    assert offered.status_code == 201, offered.content
    assert offered.json()["post_id"] == post.pk and offered.json()["conversation_id"]
    again = assert_error(api_for(commune, bruno).post(f"/posts/{post.pk}/help", {}), 422)
    assert "déjà proposé" in again["message"]
    # Only the author closes.
    assert_error(api_for(commune, eve).post(f"/posts/{post.pk}/close", {"nobody": True}), 403)
    unknown = api_for(commune, alice).post(f"/posts/{post.pk}/close", {"helper_ids": [eve.pk]})
    assert_error(unknown, 422)
    closed = api_for(commune, alice).post(f"/posts/{post.pk}/close", {"helper_ids": [bruno.pk]})
    assert closed.status_code == 200, closed.content
    assert closed.json()["closed_outcome"] == "helped" and closed.json()["helper_ids"] == [bruno.pk]
    # Reviews: participants only, once, ratings bounded.
    review = {"subject_id": bruno.pk, "rating": 5, "comment": "Merci !"}
    assert_error(api_for(commune, eve).post(f"/posts/{post.pk}/reviews", review), 403)
    assert_error(
        api_for(commune, alice).post(f"/posts/{post.pk}/reviews", {**review, "rating": 6}), 422
    )
    created = api_for(commune, alice).post(f"/posts/{post.pk}/reviews", review)
    assert created.status_code == 201, created.content
    assert created.json()["rating"] == 5
    assert_error(api_for(commune, alice).post(f"/posts/{post.pk}/reviews", review), 422)
    with schema_context(commune.schema_name):
        assert HelpReview.objects.count() == 1


def test_another_commune_reaches_nothing(commune, other_commune, people, make_resident, api_for):
    alice, bruno, eve, post = people
    carole = make_resident(other_commune, first_name="Carole")
    api = api_for(other_commune, carole)
    assert api.post(f"/posts/{post.pk}/help", {}).status_code == 404
    assert api.post(f"/posts/{post.pk}/close", {"nobody": True}).status_code == 404
    assert (
        api.post(f"/posts/{post.pk}/reviews", {"subject_id": alice.pk, "rating": 5}).status_code
        == 404
    )
    with schema_context(commune.schema_name):
        assert not HelpOffer.objects.exists()
        assert Post.objects.get(pk=post.pk).closed_at is None
