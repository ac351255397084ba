"""Cheap abuse: throwaway accounts cannot hide a post, and
reports and private messages are rate-limited per account and per address."""

import pytest
from django.conf import settings
from django.test import override_settings
from django_tenants.utils import schema_context

from api.services import create_token
from discussions.models import Comment, Message, Post, Report
from tests.api.conftest import ApiClient, assert_error

pytestmark = pytest.mark.django_db

LIMITS = {
    **settings.RESEAU_RATE_LIMITS,
    "report": {"account": "2/h", "address": "4/h"},
    "message": {"account": "3/h", "address": "5/h"},
}


def _status(commune, model, pk):
    with schema_context(commune.schema_name):
        return model.objects.get(pk=pk).status


def _report(client, post, ip="10.1.0.1"):
    return client.post(f"/fil/{post.pk}/signaler/", {"reason": "spam"}, REMOTE_ADDR=ip)


def test_unverified_throwaway_accounts_cannot_hide_a_post(
    commune, resident, make_resident, client_for, publish
):
    post = publish(resident, title="Atelier vélo samedi")
    throwaways = [make_resident(commune, is_verified=False) for _ in range(3)]
    for reporter in throwaways:
        assert _report(client_for(commune, reporter), post).status_code == 302
    assert _status(commune, Post, post.pk) == Post.Status.PUBLISHED
    with schema_context(commune.schema_name):
        # Their reports still reach the moderators.
        assert Report.objects.filter(post=post).count() == 3
    # Verified residents' reports still hide it.
    for reporter in [make_resident(commune) for _ in range(3)]:
        _report(client_for(commune, reporter), post)
    assert _status(commune, Post, post.pk) == Post.Status.HIDDEN


def test_unverified_reports_do_not_hide_a_comment(
    commune, resident, make_resident, client_for, publish
):
    from discussions.services import add_comment

    post = publish(resident, title="Fête des voisins")
    with schema_context(commune.schema_name):
        comment = add_comment(post=post, author=resident, body="Je viens avec des crêpes")
    for reporter in [make_resident(commune, is_verified=False) for _ in range(3)]:
        client_for(commune, reporter).post(
            f"/fil/{post.pk}/commentaires/{comment.pk}/signaler/", {"reason": "spam"}
        )
    assert _status(commune, Comment, comment.pk) == Comment.Status.VISIBLE


@override_settings(RESEAU_RATE_LIMITS=LIMITS)
def test_reports_are_rate_limited_per_account(
    commune, resident, make_resident, client_for, publish
):
    posts = [publish(resident, title=f"Annonce {i}") for i in range(4)]
    reporter = make_resident(commune)
    client = client_for(commune, reporter)
    for post in posts[:2]:
        assert _report(client, post).status_code == 302
    response = _report(client, posts[2])
    assert response.status_code == 429
    assert "beaucoup de signalements" in response.content.decode()
    with schema_context(commune.schema_name):
        assert not Report.objects.filter(post=posts[2]).exists()
    # Another resident, from another address, is not blocked by this one's limit.
    other = make_resident(commune)
    assert _report(client_for(commune, other), posts[2], ip="10.1.0.2").status_code == 302


@override_settings(RESEAU_RATE_LIMITS=LIMITS)
def test_reports_are_rate_limited_per_address(
    commune, resident, make_resident, client_for, publish
):
    post = publish(resident, title="Annonce")

    def reporter():
        # Unverified: their reports never hide the post, which stays reportable.
        return client_for(commune, make_resident(commune, is_verified=False))

    for _ in range(4):
        assert _report(reporter(), post, ip="10.1.1.1").status_code == 302
    response = _report(reporter(), post, ip="10.1.1.1")
    assert response.status_code == 429
    assert _report(reporter(), post, ip="10.1.1.2").status_code == 302


@override_settings(RESEAU_RATE_LIMITS=LIMITS)
def test_messages_are_rate_limited_on_the_site_and_the_api(
    commune, resident, make_resident, client_for
):
    neighbour = make_resident(commune, email="voisine@alpha.example")
    client = client_for(commune, resident)
    response = client.post(f"/messages/avec/{neighbour.pk}/", {"body": "Bonjour"})
    assert response.status_code == 302
    conversation = response["Location"]
    for index in range(2):
        assert client.post(conversation, {"body": f"Encore {index}"}).status_code == 302
    response = client.post(conversation, {"body": "De trop"})
    assert response.status_code == 429
    assert "beaucoup de messages" in response.content.decode()
    # The API shares the same allowance and answers in its own shape.
    with schema_context(commune.schema_name):
        conversation_id = Message.objects.filter(sender=resident).first().conversation_id
        sent = Message.objects.filter(sender=resident).count()
        _token, raw = create_token(resident=resident, name="Tests", scope="read-write")
    body = assert_error(
        ApiClient(commune, raw).post(
            f"/conversations/{conversation_id}/messages", {"body": "Par l'API"}
        ),
        429,
        "throttled",
    )
    assert "beaucoup de messages" in body["message"]
    with schema_context(commune.schema_name):
        assert Message.objects.filter(sender=resident).count() == sent
    # The neighbour answers: their own allowance.
    reply = client_for(commune, neighbour).post(
        conversation, {"body": "Salut"}, REMOTE_ADDR="10.2.0.2"
    )
    assert reply.status_code == 302
