"""Demo feed content; data export and forgetting."""

import pytest
from django_tenants.utils import schema_context

from discussions.models import Comment, Conversation, Message, Post, Report

pytestmark = pytest.mark.django_db


def test_the_demo_feed_is_lively(client_for):
    from reseau.demo import DEMO_COMMUNES, demo_email, seed_demo_commune
    from voisinages.models import Resident

    commune = seed_demo_commune(DEMO_COMMUNES[0])
    with schema_context(commune.schema_name):
        assert Post.objects.count() >= 8
        assert set(Post.objects.values_list("kind", flat=True)) >= {
            "alerte", "evenement", "offre", "demande", "perdu", "covoiturage", "recommandation",
        }  # fmt: skip
        assert Comment.objects.exists() and Conversation.objects.exists()
        # Reactions and comments show on the cards (counters kept by the services).
        assert Post.objects.filter(thanks_count__gte=3).exists()
        assert Post.objects.filter(interested_count__gte=3).exists()
        for post in Post.objects.all():
            assert post.comment_count == post.comments.filter(status="visible").count()
            assert post.thanks_count == post.reactions.filter(kind="merci").count()
        assert Report.objects.exists()
        assert Post.objects.filter(on_behalf=True).exists()
        reader = Resident.objects.get(email=demo_email("habitant4", "puteaux"))
    html = client_for(commune, reader).get("/fil/").content.decode()
    assert "Fête des voisins de la Cité-Jardins" in html
    assert "Crue de l" not in html  # Moulins' content stays in Moulins


def test_the_second_demo_communes_feed_has_reactions_too():
    from reseau.demo import DEMO_COMMUNES, seed_demo_commune

    commune = seed_demo_commune(DEMO_COMMUNES[1])
    with schema_context(commune.schema_name):
        assert Post.objects.filter(thanks_count__gte=3).exists()
        assert Post.objects.filter(interested_count__gte=3).exists()
        assert Comment.objects.count() >= 4


def test_export_and_forget(commune, resident, make_resident, publish):
    from discussions.exports import export_for, forget
    from discussions.services import add_comment
    from discussions.services.messages import send_message, start_conversation

    other = make_resident(commune)
    post = publish(resident, kind="offre", title="Je prête ma scie", tags=["bricolage"])
    with schema_context(commune.schema_name):
        add_comment(post=post, author=other, body="Super")
        conversation = start_conversation(sender=resident, recipient=other)
        send_message(conversation=conversation, sender=resident, body="Bonjour")
        data = export_for(resident)
        assert data["posts"][0]["title"] == "Je prête ma scie"
        assert data["posts"][0]["tags"] == ["bricolage"]
        assert data["messages"][0]["body"] == "Bonjour"
        forget(resident)
        resident.delete()
        kept = Post.objects.get(pk=post.pk)
        assert kept.author_id is None and kept.author_label == "Ancien voisin"
        # The other party keeps the conversation.
        assert Message.objects.filter(conversation=conversation, sender=None).exists()
