"""Demo feed content; data export and forgetting."""

import pytest

from discussions.models import (
    Comment,
    Conversation,
    Message,
    OfferedService,
    Post,
    Report,
    SeatRequest,
)
from reseau.demo import demo_email
from tests.factories import in_commune
from voisinages.models import Resident

pytestmark = pytest.mark.django_db


def test_the_demo_feed_is_lively(demo_commune, client_for):
    commune = demo_commune
    with in_commune(commune):
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
        # Helpers with offered services and rates; a ride with a passenger accepted.
        assert OfferedService.objects.values("resident").distinct().count() >= 3
        assert OfferedService.objects.filter(rate="gratuit").exists()
        assert SeatRequest.objects.filter(status="accepted").exists()
        assert SeatRequest.objects.filter(status="pending").exists()
    directory = client_for(commune, reader).get("/services/").content.decode()
    assert "12 € de l&#x27;heure" in directory and "Aide informatique" in directory
    html = client_for(commune, reader).get("/fil/").content.decode()
    assert "Fête des voisins de la Cité-Jardins" in html
    assert "Crue de l" not in html  # Moulins' content stays in Moulins


def test_the_second_demo_communes_feed_has_reactions_too(second_demo_commune):
    with in_commune(second_demo_commune):
        assert Post.objects.filter(thanks_count__gte=3).exists()
        assert Post.objects.filter(interested_count__gte=3).exists()
        assert Comment.objects.count() >= 4


def test_export_and_forget(commune, resident, make_resident, publish):
    from discussions.exports import export_for, forget
    from discussions.services import add_comment
    from discussions.services.messages import send_message, start_conversation

    other = make_resident(commune)
    post = publish(resident, kind="offre", title="Je prête ma scie", tags=["bricolage"])
    with in_commune(commune):
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
