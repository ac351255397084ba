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


@pytest.fixture
def reviewed(commune, people):
    from discussions.services import help as help_services

    alice, bruno, eve, post = people
    with schema_context(commune.schema_name):
        help_services.offer_help(post=post, helper=bruno)
        help_services.close_request(post=post, by=alice, helper_ids=[bruno.pk])
        review = help_services.leave_help_review(
            post=post, author=alice, subject=bruno, rating=4, comment="Très serviable"
        )
    return alice, bruno, eve, review


def test_reputation_reply_report_and_moderation_of_a_review(
    commune, reviewed, make_resident, api_for
):
    from voisinages import roles

    alice, bruno, eve, review = reviewed
    summary = api_for(commune, eve).get(f"/residents/{bruno.pk}/reputation").json()
    assert summary["count"] == 1 and summary["average"] is None  # under 3 reviews
    assert summary["figures"] == ["a aidé 1 voisin"]
    [line] = summary["reviews"]
    assert (line["id"], line["author"], line["comment"]) == (
        f"help-{review.pk}", "Alice D.", "Très serviable",
    )  # fmt: skip
    assert_error(api_for(commune, eve).get(f"/residents/{bruno.pk}/reputation", {"page": 0}), 422)
    # Only the reviewed neighbour answers, once.
    assert_error(api_for(commune, eve).post(f"/reviews/{review.pk}/reply", {"reply": "Moi"}), 403)
    answered = api_for(commune, bruno).post(f"/reviews/{review.pk}/reply", {"reply": "Merci"})
    assert answered.status_code == 200 and answered.json()["reply"] == "Merci"
    again = api_for(commune, bruno).post(f"/reviews/{review.pk}/reply", {"reply": "Encore"})
    assert "déjà répondu" in assert_error(again, 422)["message"]
    # Reporting: once, never one's own.
    report = {"reason": "abuse", "details": "Faux"}
    assert api_for(commune, eve).post(f"/reviews/{review.pk}/report", report).status_code == 201
    assert_error(api_for(commune, eve).post(f"/reviews/{review.pk}/report", report), 422)
    assert_error(api_for(commune, alice).post(f"/reviews/{review.pk}/report", report), 422)
    # Moderation: ambassadors only.
    hide = {"action": "hide", "reason": "Hors sujet"}
    assert_error(api_for(commune, eve).post(f"/reviews/{review.pk}/moderate", hide), 403)
    anne = make_resident(commune, first_name="Anne", roles=(roles.AMBASSADOR,))
    hidden = api_for(commune, anne).post(f"/reviews/{review.pk}/moderate", hide)
    assert hidden.status_code == 200 and hidden.json()["status"] == "hidden"
    assert api_for(commune, eve).get(f"/residents/{bruno.pk}/reputation").json()["count"] == 0


def test_another_commune_reaches_no_review(
    commune, other_commune, reviewed, make_resident, api_for
):
    alice, bruno, eve, review = reviewed
    carole = make_resident(other_commune, first_name="Carole")
    api = api_for(other_commune, carole)
    # The same id may be someone else there: never this commune's reviews.
    assert "Très serviable" not in api.get(f"/residents/{bruno.pk}/reputation").content.decode()
    assert api.post(f"/reviews/{review.pk}/reply", {"reply": "x"}).status_code == 404
    assert api.post(f"/reviews/{review.pk}/report", {"reason": "spam"}).status_code == 404
    hide = {"action": "hide", "reason": "x"}
    assert api.post(f"/reviews/{review.pk}/moderate", hide).status_code == 404
    with schema_context(commune.schema_name):
        review.refresh_from_db()
        assert (review.reply, review.status, review.reports.count()) == ("", "visible", 0)
