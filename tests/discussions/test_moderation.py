"""Moderation: reports and auto-hide, the queue and its bulk actions, reasons
told to authors, suspension, watched words, categories, the action log."""

import pytest
from django_tenants.utils import schema_context

from discussions.models import Category, Comment, Post, WatchedWord
from voisinages.models import ActionLog, Notification, Resident

pytestmark = pytest.mark.django_db


def _post(commune, pk):
    with schema_context(commune.schema_name):
        return Post.objects.get(pk=pk)


def test_reports_hide_a_post_past_the_threshold(commune, resident, make_resident, client_for,
                                                publish):  # fmt: skip
    post = publish(resident, title="Achetez mes montres")
    reporters = [make_resident(commune) for _ in range(3)]
    for index, reporter in enumerate(reporters):
        response = client_for(commune, reporter).post(
            f"/fil/{post.pk}/signaler/", {"reason": "spam", "details": "pub"}
        )
        assert response.status_code == 302
        expected = Post.Status.HIDDEN if index == 2 else Post.Status.PUBLISHED
        assert _post(commune, post.pk).status == expected
    with schema_context(commune.schema_name):
        assert ActionLog.objects.filter(code="discussions.post.auto_hidden").exists()
    # Twice by the same person: refused, counted once.
    client_for(commune, reporters[0]).post(f"/fil/{post.pk}/signaler/", {"reason": "spam"})
    assert _post(commune, post.pk).report_count == 3
    # No reason: refused.
    other = make_resident(commune)
    client_for(commune, other).post(f"/fil/{post.pk}/signaler/", {"reason": "nope"})
    assert _post(commune, post.pk).report_count == 3


def test_queue_bulk_actions_with_reason_told_to_author(commune, resident, ambassador,
                                                       client_for, publish):  # fmt: skip
    commune.moderation_mode = "a_priori"
    commune.save(update_fields=["moderation_mode"])
    try:
        held = [publish(resident, title=f"En attente {i}") for i in range(2)]
    finally:
        commune.moderation_mode = "a_posteriori"
        commune.save(update_fields=["moderation_mode"])
    client = client_for(commune, ambassador)
    queue = client.get("/moderation/").content.decode()
    assert "En attente 0" in queue and "En attente 1" in queue
    assert "data-live-moderation-count" in queue
    # Hiding without a reason is refused and changes nothing.
    client.post("/moderation/", {"posts": [p.pk for p in held], "action": "hide", "reason": ""})
    assert _post(commune, held[0].pk).status == Post.Status.PENDING
    response = client.post("/moderation/", {"posts": [p.pk for p in held], "action": "approve"})
    assert response.status_code == 302
    assert {_post(commune, p.pk).status for p in held} == {Post.Status.PUBLISHED}
    client.post("/moderation/", {"posts": [held[0].pk], "action": "hide", "reason": "Hors sujet"})
    with schema_context(commune.schema_name):
        assert Post.objects.get(pk=held[0].pk).status == Post.Status.HIDDEN
        told = Notification.objects.filter(recipient=resident, kind="discussions.post.moderated")
        assert any(n.body == "Hors sujet" for n in told)
        codes = set(ActionLog.objects.values_list("code", flat=True))
    assert {"discussions.post.approved", "discussions.post.hidden"} <= codes
    # The author still sees the hidden post and the reason; others do not.
    page = client_for(commune, resident).get(f"/fil/{held[0].pk}/").content.decode()
    assert "Hors sujet" in page
    client.post(f"/moderation/fil/{held[0].pk}/", {"action": "restore"})
    assert _post(commune, held[0].pk).status == Post.Status.PUBLISHED
    client.post(f"/moderation/fil/{held[1].pk}/", {"action": "delete", "reason": "Doublon"})
    assert _post(commune, held[1].pk).status == Post.Status.DELETED
    assert client_for(commune, resident).get(f"/fil/{held[1].pk}/").status_code == 404
    log = client.get("/moderation/journal/").content.decode()
    assert "Message supprimé" in log and "discussions.post.deleted" not in log and "Doublon" in log


def test_residents_and_other_communes_cannot_moderate(commune, resident, client_for, publish,
                                                      stranger_client):  # fmt: skip
    post = publish(resident, title="Mon message")
    assert client_for(commune, resident).get("/moderation/").status_code == 403
    client_for(commune, resident).post(
        f"/moderation/fil/{post.pk}/", {"action": "hide", "reason": "x"}
    )
    stranger_client(commune).post(f"/moderation/fil/{post.pk}/", {"action": "hide", "reason": "x"})
    assert _post(commune, post.pk).status == Post.Status.PUBLISHED


def test_an_ambassador_of_another_commune_cannot_moderate(
    commune, other_commune, resident, make_resident, client_for, publish
):
    from voisinages import roles

    post = publish(resident, title="Chez nous")
    foreign = make_resident(other_commune, roles=(roles.AMBASSADOR,))
    client = client_for(other_commune, foreign)
    response = client.post(f"/moderation/fil/{post.pk}/", {"action": "hide", "reason": "x"})
    assert response.status_code in (302, 404)
    assert _post(commune, post.pk).status == Post.Status.PUBLISHED


def test_suspend_a_resident(commune, resident, ambassador, client_for):
    client = client_for(commune, ambassador)
    client.post(f"/moderation/residents/{resident.pk}/suspendre/", {"reason": ""})
    with schema_context(commune.schema_name):
        assert Resident.objects.get(pk=resident.pk).is_active
    client.post(f"/moderation/residents/{resident.pk}/suspendre/", {"reason": "Insultes"})
    with schema_context(commune.schema_name):
        assert not Resident.objects.get(pk=resident.pk).is_active
        entry = ActionLog.objects.get(code="voisinages.member.suspended")
        assert entry.reason == "Insultes"


def test_watched_words_block_hold_and_flag(commune, resident, ambassador, client_for, publish):
    from django.core.exceptions import ValidationError

    client = client_for(commune, ambassador)
    for word, action in (("arnaque", "block"), ("urgent", "hold"), ("gratuit", "flag")):
        assert client.post("/moderation/mots/", {"word": word, "action": action}).status_code == 302
    with pytest.raises(ValidationError) as error:
        publish(resident, title="Une ARNAQUE en or")
    assert "arnaque" in str(error.value)
    response = client_for(commune, resident).post(
        "/fil/nouveau/", {"kind": "discussion", "title": "Arnaque !", "body": ""}
    )
    assert response.status_code == 400
    assert "n'accepte pas" in response.content.decode().replace("&#x27;", "'")
    assert publish(resident, title="C'est urgent").status == Post.Status.PENDING
    flagged = publish(resident, title="Canapé gratuit")
    assert flagged.status == Post.Status.PUBLISHED and flagged.is_flagged
    assert "Canapé gratuit" in client.get("/moderation/").content.decode()
    with schema_context(commune.schema_name):
        assert not Post.objects.filter(title__icontains="arnaque").exists()
        assert ActionLog.objects.filter(code="discussions.word.added").count() == 3


def test_watched_words_stay_in_their_commune(commune, other_commune, ambassador, client_for,
                                             make_resident, publish):  # fmt: skip
    client_for(commune, ambassador).post(
        "/moderation/mots/", {"word": "arnaque", "action": "block"}
    )
    elsewhere = make_resident(other_commune)
    assert publish(elsewhere, in_commune=other_commune, title="Arnaque évitée").pk
    with schema_context(other_commune.schema_name):
        assert not WatchedWord.objects.exists()


def test_categories_are_editable_by_ambassadors(commune, other_commune, ambassador, resident,
                                                client_for):  # fmt: skip
    with schema_context(commune.schema_name):
        assert Category.objects.count() == 31  # 25 seeded in 2020, 6 of an ordinary town
        assert Category.objects.filter(name="Aide aux devoirs").exists()
    client = client_for(commune, ambassador)
    client.post(
        "/moderation/categories/", {"name": "Troc de graines", "is_active": "on", "is_common": "on"}
    )
    assert (
        client_for(commune, resident)
        .post("/moderation/categories/", {"name": "Pirate"})
        .status_code
        == 403
    )
    assert client.post("/moderation/categories/", {"name": ""}).status_code == 400
    with schema_context(commune.schema_name):
        assert Category.objects.get(name="Troc de graines").is_common
        assert not Category.objects.filter(name="Pirate").exists()
        assert ActionLog.objects.filter(code="discussions.category.created").exists()
    with schema_context(other_commune.schema_name):
        assert not Category.objects.filter(name="Troc de graines").exists()


def test_reported_comment_is_moderated(commune, resident, ambassador, make_resident, client_for,
                                       publish):  # fmt: skip
    from discussions.services import add_comment

    post = publish(resident, title="Sujet")
    troll = make_resident(commune)
    with schema_context(commune.schema_name):
        comment = add_comment(post=post, author=troll, body="Vous êtes nuls")
    client_for(commune, resident).post(
        f"/fil/{post.pk}/commentaires/{comment.pk}/signaler/", {"reason": "abuse"}
    )
    client = client_for(commune, ambassador)
    assert "Vous êtes nuls" in client.get("/moderation/").content.decode()
    client.post(f"/moderation/commentaires/{comment.pk}/", {"action": "hide", "reason": "Insulte"})
    with schema_context(commune.schema_name):
        assert Comment.objects.get(pk=comment.pk).status == Comment.Status.HIDDEN
    assert (
        "Vous êtes nuls"
        not in client_for(commune, resident).get(f"/fil/{post.pk}/").content.decode()
    )
