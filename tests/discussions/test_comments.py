"""Comments with one level of replies, reactions, "Je peux aider", live events."""

import pytest
from django_tenants.utils import schema_context

from discussions.models import Comment, Conversation, Reaction
from socle.live import post_group
from voisinages.models import Notification

pytestmark = pytest.mark.django_db


def test_comment_and_reply_one_level(
    commune, resident, make_resident, client_for, publish, events,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    post = publish(resident, title="Qui a une échelle ?")
    bob = make_resident(commune, first_name="Bob")
    client = client_for(commune, bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fil/{post.pk}/commenter/", {"body": "Moi, passe ce soir."})
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        first = Comment.objects.get(body="Moi, passe ce soir.")
        assert Notification.objects.filter(recipient=resident,
                                           kind="discussions.comment.created").exists()  # fmt: skip
    assert (post_group(commune.pk, post.pk), {
        "type": "comment.created", "post_id": post.pk, "comment_id": first.pk,
        "fragment_url": f"/fil/commentaires/{first.pk}/fragment/",
    }) in events  # fmt: skip
    client_for(commune, resident).post(
        f"/fil/{post.pk}/commenter/", {"body": "Merci !", "parent": first.pk}
    )
    with schema_context(commune.schema_name):
        reply = Comment.objects.get(body="Merci !")
    client.post(f"/fil/{post.pk}/commenter/", {"body": "De rien", "parent": reply.pk})
    with schema_context(commune.schema_name):
        # A reply to a reply hangs from the top comment.
        assert Comment.objects.get(body="De rien").parent_id == first.pk
    page = client.get(f"/fil/{post.pk}/").content.decode()
    assert f'data-live-comments data-post-id="{post.pk}"' in page
    assert page.index("Moi, passe ce soir.") < page.index("Merci !") < page.index("De rien")
    fragment = client.get(f"/fil/commentaires/{first.pk}/fragment/").content.decode()
    assert "Moi, passe ce soir." in fragment


def test_empty_or_scripted_comment_is_refused(commune, resident, client_for, publish):
    post = publish(resident, title="Sujet")
    client = client_for(commune, resident)
    assert client.post(f"/fil/{post.pk}/commenter/", {"body": "  "}).status_code == 400
    response = client.post(f"/fil/{post.pk}/commenter/", {"body": "<script>x()</script>"})
    assert response.status_code == 400
    assert "Les scripts" in response.content.decode()
    with schema_context(commune.schema_name):
        assert not Comment.objects.exists()


def test_another_commune_cannot_comment_or_react(commune, resident, publish, stranger_client):
    post = publish(resident, title="Sujet local")
    client = stranger_client(commune)
    client.post(f"/fil/{post.pk}/commenter/", {"body": "Intrus"})
    client.post(f"/fil/{post.pk}/reagir/", {"kind": "merci"})
    with schema_context(commune.schema_name):
        assert not Comment.objects.exists() and not Reaction.objects.exists()


def test_reactions_toggle(commune, resident, make_resident, client_for, publish):
    post = publish(resident, title="Merci à la boulangère")
    bob = make_resident(commune)
    client = client_for(commune, bob)
    client.post(f"/fil/{post.pk}/reagir/", {"kind": "merci"})
    client.post(f"/fil/{post.pk}/reagir/", {"kind": "interesse"})
    with schema_context(commune.schema_name):
        assert Reaction.objects.filter(post=post).count() == 2
    client.post(f"/fil/{post.pk}/reagir/", {"kind": "merci"})
    assert client.post(f"/fil/{post.pk}/reagir/", {"kind": "bravo"}).status_code == 400
    with schema_context(commune.schema_name):
        assert list(Reaction.objects.values_list("kind", flat=True)) == ["interesse"]


def test_i_can_help_opens_a_conversation(commune, resident, make_resident, client_for, publish):
    demande = publish(resident, kind="demande", title="Monter un meuble")
    offre = publish(resident, kind="offre", title="Je prête ma tondeuse")
    helper = make_resident(commune, first_name="Hélène")
    client = client_for(commune, helper)
    page = client.get(f"/fil/{demande.pk}/").content.decode()
    assert "Je peux aider" in page
    response = client.post(f"/fil/{demande.pk}/aider/")
    with schema_context(commune.schema_name):
        conversation = Conversation.objects.get()
        assert conversation.post_id == demande.pk
        assert {conversation.first_id, conversation.second_id} == {resident.pk, helper.pk}
    assert response["Location"] == f"/messages/{conversation.pk}/"
    client.post(f"/fil/{offre.pk}/aider/")
    with schema_context(commune.schema_name):
        assert Conversation.objects.count() == 1
