"""The help loop: contact in one tap, "Je peux aider", "C'est réglé" naming who
helped, thanks and reviews; every refusal, and an outsider from another commune."""

import html
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from discussions import exports
from discussions.models import Conversation, HelpOffer, HelpReview, Message, Post, PostHelper
from discussions.services import help as help_services
from voisinages.models import ActionLog, Notification

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


@pytest.fixture
def alice(commune, make_resident):
    return make_resident(commune, first_name="Alice", last_name="Martin")


@pytest.fixture
def bruno(commune, make_resident):
    return make_resident(commune, first_name="Bruno", last_name="Petit")


@pytest.fixture
def demande(alice, publish):
    return publish(alice, kind="demande", title="Monter une armoire")


def _refuse_messages(commune, resident):
    with schema_context(commune.schema_name):
        resident.accepts_messages = False
        resident.save(update_fields=["accepts_messages"])


# --- Contact in one tap ----------------------------------------------------------


def test_contact_from_a_post_opens_a_linked_conversation_then_continues_it(
    commune, alice, bruno, demande, publish, client_for
):
    b = client_for(commune, bruno)
    page = _text(b.get(f"/fil/{demande.pk}/"))
    assert "Contacter Alice" in page
    form = _text(b.get(f"/messages/contacter/fil/{demande.pk}/"))
    assert "Monter une armoire" in form and f'href="/fil/{demande.pk}/"' in form
    response = b.post(f"/messages/contacter/fil/{demande.pk}/", {"body": "Je passe ce soir ?"})
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        conversation = Conversation.objects.get()
        assert conversation.post_id == demande.pk
    assert response["Location"] == f"/messages/{conversation.pk}/"
    conv_page = _text(b.get(response["Location"]))
    assert "Monter une armoire" in conv_page
    # A second post of Alice: the same conversation continues, now about it.
    offre = publish(alice, kind="offre", title="Je prête une perceuse")
    again = b.post(f"/messages/contacter/fil/{offre.pk}/", {"body": "Et la perceuse ?"})
    assert again["Location"] == f"/messages/{conversation.pk}/"
    with schema_context(commune.schema_name):
        assert Conversation.objects.count() == 1
        assert Conversation.objects.get().post_id == offre.pk
        assert Message.objects.count() == 2
    # From a profile too.
    assert "Contacter" in _text(b.get(f"/messages/contacter/voisin/{alice.pk}/"))
    assert b.post(f"/messages/contacter/voisin/{alice.pk}/", {"body": "Merci"}).status_code == 302


def test_contact_refused_when_the_neighbour_refuses_messages(
    commune, alice, bruno, demande, client_for
):
    _refuse_messages(commune, alice)
    b = client_for(commune, bruno)
    page = _text(b.get(f"/fil/{demande.pk}/"))
    assert "Alice n'accepte pas les messages privés" in page
    assert f"/messages/contacter/fil/{demande.pk}/" not in page
    form = _text(b.get(f"/messages/contacter/fil/{demande.pk}/"))
    assert "n'accepte pas les messages privés" in form and "#commenter" in form
    response = b.post(f"/messages/contacter/fil/{demande.pk}/", {"body": "Coucou"})
    assert response.status_code == 403
    with schema_context(commune.schema_name):
        assert not Conversation.objects.exists()


def test_contact_from_another_commune_fails(
    commune, other_commune, alice, demande, make_resident, client_for, stranger_client
):
    response = stranger_client(commune).post(
        f"/messages/contacter/fil/{demande.pk}/", {"body": "Bonjour"}
    )
    assert response.status_code in (302, 403, 404)
    # Logged into the other commune, the same ids name nothing there.
    carole = make_resident(other_commune, first_name="Carole")
    c = client_for(other_commune, carole)
    assert c.get(f"/messages/contacter/fil/{demande.pk}/").status_code == 404
    with schema_context(commune.schema_name):
        assert not Conversation.objects.exists()
    assert client_for(commune, alice).get("/messages/contacter/objet/1/").status_code == 404


# --- "Je peux aider" -----------------------------------------------------------


def test_offer_help_is_listed_to_the_author_with_a_one_tap_reply(
    commune, alice, bruno, demande, client_for
):
    b, a = client_for(commune, bruno), client_for(commune, alice)
    response = b.post(f"/fil/{demande.pk}/aider/", {"message": "J'ai une visseuse."})
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        offer = HelpOffer.objects.get()
        assert (offer.post_id, offer.helper_id, offer.message) == (
            demande.pk,
            bruno.pk,
            "J'ai une visseuse.",
        )
        assert offer.conversation.post_id == demande.pk
        assert Notification.objects.filter(
            recipient=alice, kind="discussions.help.offered"
        ).exists()
    assert "Vous avez proposé votre aide" in _text(b.get(f"/fil/{demande.pk}/"))
    # Twice: refused, in French.
    b.post(f"/fil/{demande.pk}/aider/")
    with schema_context(commune.schema_name):
        assert HelpOffer.objects.count() == 1
    page = _text(a.get(f"/fil/{demande.pk}/"))
    assert "Propositions d'aide" in page and "Bruno P." in page
    reply = a.post(f"/fil/{demande.pk}/aider/{offer.pk}/repondre/")
    assert reply["Location"] == f"/messages/{offer.conversation_id}/"


def test_offer_help_to_who_refuses_messages_is_still_listed(
    commune, alice, bruno, demande, client_for
):
    _refuse_messages(commune, alice)
    _refuse_messages(commune, bruno)
    response = client_for(commune, bruno).post(f"/fil/{demande.pk}/aider/")
    assert response["Location"] == f"/fil/{demande.pk}/"
    with schema_context(commune.schema_name):
        offer = HelpOffer.objects.get()
        assert offer.conversation_id is None and not Conversation.objects.exists()
    # The author answers anyway: Bruno agreed to be written to by offering.
    reply = client_for(commune, alice).post(f"/fil/{demande.pk}/aider/{offer.pk}/repondre/")
    with schema_context(commune.schema_name):
        conversation = Conversation.objects.get()
        assert conversation.post_id == demande.pk
    assert reply["Location"] == f"/messages/{conversation.pk}/"


def test_offer_help_refusals(commune, alice, bruno, demande, publish, make_resident, in_commune):
    offre = publish(alice, kind="offre", title="Je donne des livres")
    eve = make_resident(commune, first_name="Eve")
    with in_commune(commune):
        with pytest.raises(ValidationError, match="own request|propre demande"):
            help_services.offer_help(post=demande, helper=alice)
        with pytest.raises(ValidationError):
            help_services.offer_help(post=offre, helper=bruno)
        with pytest.raises(ValidationError):
            help_services.offer_help(post=demande, helper=bruno, message="x" * 1001)
        offer = help_services.offer_help(post=demande, helper=bruno)
        with pytest.raises(PermissionDenied):
            help_services.reply_to_offer(offer=offer, by=eve)
        assert HelpOffer.objects.count() == 1


def test_offer_help_from_another_commune_fails(
    commune, other_commune, demande, make_resident, client_for, stranger_client
):
    assert stranger_client(commune).post(f"/fil/{demande.pk}/aider/").status_code in (302, 404)
    carole = make_resident(other_commune, first_name="Carole")
    assert client_for(other_commune, carole).post(f"/fil/{demande.pk}/aider/").status_code == 404
    with schema_context(commune.schema_name):
        assert not HelpOffer.objects.exists()


# --- "C'est réglé" ----------------------------------------------------------------


def test_closing_names_the_helpers_and_leaves_the_feed(commune, alice, bruno, demande, client_for):
    a, b = client_for(commune, alice), client_for(commune, bruno)
    assert "Monter une armoire" in _text(b.get("/recherche/?q=armoire"))
    b.post(f"/fil/{demande.pk}/aider/")
    page = _text(a.get(f"/fil/{demande.pk}/regler/"))
    assert "Bruno P." in page and "Personne du réseau" in page
    response = a.post(f"/fil/{demande.pk}/regler/", {"helpers": [str(bruno.pk)]})
    assert response["Location"] == f"/avis/fil/{demande.pk}/"
    with schema_context(commune.schema_name):
        post = Post.objects.get(pk=demande.pk)
        assert post.closed_at is not None and post.closed_outcome == "helped"
        assert list(PostHelper.objects.values_list("resident_id", flat=True)) == [bruno.pk]
        assert Notification.objects.filter(
            recipient=bruno, kind="discussions.help.thanked"
        ).exists()
    assert "Monter une armoire" not in _text(b.get("/fil/"))
    assert "Monter une armoire" not in _text(b.get("/recherche/?q=armoire"))
    assert "Monter une armoire" in _text(a.get("/fil/mes-annonces/"))
    post_page = _text(b.get(f"/fil/{demande.pk}/"))
    assert "Réglé" in post_page and "Aidé par" in post_page
    # Twice: refused.
    assert a.post(f"/fil/{demande.pk}/regler/", {"nobody": "1"}).status_code == 400


def test_closing_refusals(commune, alice, bruno, demande, make_resident, client_for, in_commune):
    eve = make_resident(commune, first_name="Eve")
    b = client_for(commune, bruno)
    # Someone else's request.
    assert b.get(f"/fil/{demande.pk}/regler/").status_code == 403
    response = b.post(f"/fil/{demande.pk}/regler/", {"nobody": "1"})
    assert response.status_code == 403
    assert "Seul l'auteur de cette demande peut la clore" in _text(response)
    a = client_for(commune, alice)
    # Naming someone who neither offered help nor wrote about it.
    response = a.post(f"/fil/{demande.pk}/regler/", {"helpers": [str(eve.pk)]})
    assert response.status_code == 400
    # Neither helpers nor "nobody"; both; junk ids.
    assert a.post(f"/fil/{demande.pk}/regler/", {}).status_code == 400
    assert a.post(f"/fil/{demande.pk}/regler/", {"helpers": ["abc"]}).status_code == 400
    with schema_context(commune.schema_name):
        assert Post.objects.get(pk=demande.pk).closed_at is None
    # "Personne du réseau".
    assert a.post(f"/fil/{demande.pk}/regler/", {"nobody": "1"}).status_code == 302
    with schema_context(commune.schema_name):
        assert Post.objects.get(pk=demande.pk).closed_outcome == "nobody"
        assert not PostHelper.objects.exists()


def test_an_ambassador_can_close_and_it_is_logged(commune, alice, ambassador, demande, client_for):
    response = client_for(commune, ambassador).post(f"/fil/{demande.pk}/regler/", {"nobody": "1"})
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        assert Post.objects.get(pk=demande.pk).is_closed
        assert ActionLog.objects.filter(code="discussions.post.closed").exists()


def test_closing_from_another_commune_fails(
    commune, other_commune, demande, make_resident, client_for, stranger_client
):
    stranger_client(commune).post(f"/fil/{demande.pk}/regler/", {"nobody": "1"})
    carole = make_resident(other_commune, first_name="Carole")
    response = client_for(other_commune, carole).post(f"/fil/{demande.pk}/regler/", {"nobody": "1"})
    assert response.status_code == 404
    with schema_context(commune.schema_name):
        assert Post.objects.get(pk=demande.pk).closed_at is None


# --- Thanks and reviews ----------------------------------------------------------


@pytest.fixture
def closed(commune, alice, bruno, demande, in_commune):
    with in_commune(commune):
        help_services.offer_help(post=demande, helper=bruno)
        help_services.close_request(post=demande, by=alice, helper_ids=[bruno.pk])
        return Post.objects.get(pk=demande.pk)


def test_both_sides_review_once(commune, alice, bruno, closed, client_for):
    a, b = client_for(commune, alice), client_for(commune, bruno)
    assert "Merci Bruno" in _text(a.get(f"/avis/fil/{closed.pk}/"))
    response = a.post(
        f"/avis/fil/{closed.pk}/",
        {"subject": str(bruno.pk), "rating": "5", "comment": "Super efficace !"},
    )
    assert response.status_code == 302
    assert b.post(f"/avis/fil/{closed.pk}/", {"subject": str(alice.pk)}).status_code == 302
    with schema_context(commune.schema_name):
        given = HelpReview.objects.get(author=alice)
        assert (given.subject_id, given.rating, given.comment) == (
            bruno.pk,
            5,
            "Super efficace !",
        )
        assert HelpReview.objects.get(author=bruno).rating is None
        assert Notification.objects.filter(
            recipient=bruno, kind="discussions.review.received"
        ).exists()
    # Twice: refused.
    again = a.post(f"/avis/fil/{closed.pk}/", {"subject": str(bruno.pk), "rating": "1"})
    assert again.status_code == 400
    assert "déjà laissé un avis" in _text(again)
    with schema_context(commune.schema_name):
        assert HelpReview.objects.count() == 2


def test_review_refusals(commune, alice, bruno, closed, demande, make_resident, client_for):
    eve = make_resident(commune, first_name="Eve")
    # Someone who took no part.
    e = client_for(commune, eve)
    assert e.get(f"/avis/fil/{closed.pk}/").status_code == 403
    assert e.post(f"/avis/fil/{closed.pk}/", {"subject": str(alice.pk)}).status_code == 403
    # A helper cannot review someone other than the author.
    b = client_for(commune, bruno)
    assert b.post(f"/avis/fil/{closed.pk}/", {"subject": str(eve.pk)}).status_code == 403
    # Ratings out of range.
    a = client_for(commune, alice)
    bad = a.post(f"/avis/fil/{closed.pk}/", {"subject": str(bruno.pk), "rating": "9"})
    assert bad.status_code == 400 and "de 1 à 5" in _text(bad)
    with schema_context(commune.schema_name):
        assert not HelpReview.objects.exists()


def test_a_review_is_answered_once_and_frozen_after_seven_days(
    commune, alice, bruno, closed, ambassador, in_commune, client_for
):
    with in_commune(commune):
        review = help_services.leave_help_review(
            post=closed, author=alice, subject=bruno, rating=4, comment="Merci"
        )
        help_services.edit_help_review(review=review, by=alice, rating=5, comment="Merci !")
        with pytest.raises(PermissionDenied):
            help_services.edit_help_review(review=review, by=bruno, rating=1)
        HelpReview.objects.filter(pk=review.pk).update(
            created_at=timezone.now() - timedelta(days=8)
        )
        review.refresh_from_db()
        with pytest.raises(ValidationError, match="7"):
            help_services.edit_help_review(review=review, by=alice, rating=1)
        with pytest.raises(PermissionDenied):
            help_services.reply_to_review(review=review, by=alice, body="Moi-même")
    b = client_for(commune, bruno)
    b.post(f"/avis/{review.pk}/repondre/", {"reply": "Avec plaisir"})
    b.post(f"/avis/{review.pk}/repondre/", {"reply": "Encore"})
    with schema_context(commune.schema_name):
        review.refresh_from_db()
        assert (review.rating, review.reply) == (5, "Avec plaisir")
    # Hidden by an ambassador (logged); a resident cannot.
    assert client_for(commune, bruno).post(f"/avis/{review.pk}/moderer/").status_code == 403
    client_for(commune, ambassador).post(f"/avis/{review.pk}/moderer/", {"reason": "Hors sujet"})
    with schema_context(commune.schema_name):
        review.refresh_from_db()
        assert review.status == "hidden"
        assert ActionLog.objects.filter(code="discussions.review.hidden").exists()


def test_reviewing_from_another_commune_fails(
    commune, other_commune, alice, closed, make_resident, client_for, stranger_client
):
    stranger_client(commune).post(f"/avis/fil/{closed.pk}/", {"subject": str(alice.pk)})
    carole = make_resident(other_commune, first_name="Carole")
    response = client_for(other_commune, carole).post(
        f"/avis/fil/{closed.pk}/", {"subject": str(alice.pk)}
    )
    assert response.status_code == 404
    with schema_context(commune.schema_name):
        assert not HelpReview.objects.exists()


def test_export_and_forget_carry_the_help_loop(commune, alice, bruno, closed, in_commune):

    with in_commune(commune):
        help_services.leave_help_review(post=closed, author=alice, subject=bruno, rating=5)
        mine = exports.export_for(bruno)
        assert mine["help_offers"][0]["post_id"] == closed.pk
        assert mine["helped_on"] == [closed.pk]
        assert mine["help_reviews_received"][0]["rating"] == 5
        exports.forget(alice)
        assert HelpReview.objects.get().author_id is None


# --- Reporting a review ------------------------------------------------------------


@pytest.fixture
def review(commune, alice, bruno, closed, in_commune):
    with in_commune(commune):
        return help_services.leave_help_review(
            post=closed, author=alice, subject=bruno, rating=1, comment="Jamais venu"
        )


def test_a_review_is_reported_shown_to_moderators_then_restored(
    commune, alice, bruno, review, ambassador, make_resident, client_for
):
    carole = make_resident(commune, first_name="Carole")
    c = client_for(commune, carole)
    profile = _text(c.get(f"/voisins/{bruno.pk}/"))
    assert f'href="/avis/{review.pk}/signaler/"' in profile
    page = c.get(f"/avis/{review.pk}/signaler/")
    assert page.status_code == 200 and "Signaler un avis" in _text(page)
    response = c.post(f"/avis/{review.pk}/signaler/", {"reason": "abuse", "details": "Faux"})
    assert response.status_code == 302 and response["Location"] == f"/voisins/{bruno.pk}/#avis"
    again = c.post(f"/avis/{review.pk}/signaler/", {"reason": "abuse"})
    assert again.status_code == 400 and "déjà signalé" in _text(again)
    # Its author cannot report it; a reason is required.
    own = client_for(commune, alice).post(f"/avis/{review.pk}/signaler/", {"reason": "spam"})
    assert own.status_code == 400 and "votre propre avis" in _text(own)
    assert c.post(f"/avis/{review.pk}/signaler/", {"reason": "nope"}).status_code == 400
    with schema_context(commune.schema_name):
        assert HelpReview.objects.get(pk=review.pk).report_count == 1
        assert Notification.objects.filter(
            recipient=ambassador, kind="discussions.moderation.needed"
        ).exists()
    moderator = client_for(commune, ambassador)
    queue = _text(moderator.get("/moderation/"))
    assert "Avis signalés" in queue and "Jamais venu" in queue
    response = moderator.post(
        f"/avis/{review.pk}/moderer/", {"action": "restore", "next": "moderation"}
    )
    assert response["Location"] == "/moderation/"
    with schema_context(commune.schema_name):
        review.refresh_from_db()
        assert (review.status, review.report_count) == ("visible", 0)
        assert not review.reports.filter(resolved_at__isnull=True).exists()
        assert ActionLog.objects.filter(code="discussions.review.restored").exists()


def test_enough_reports_hide_a_review_and_log_it(commune, bruno, review, make_resident, client_for):
    with schema_context(commune.schema_name):
        threshold = type(commune).objects.get(pk=commune.pk).auto_hide_threshold
    assert threshold >= 1
    for n in range(threshold):
        reporter = make_resident(commune, first_name=f"Témoin{n}")
        client_for(commune, reporter).post(f"/avis/{review.pk}/signaler/", {"reason": "abuse"})
    with schema_context(commune.schema_name):
        review.refresh_from_db()
        assert review.status == "hidden"
        assert ActionLog.objects.filter(code="discussions.review.auto_hidden").exists()
    visitor = make_resident(commune, first_name="Dora")
    assert "Jamais venu" not in _text(client_for(commune, visitor).get(f"/voisins/{bruno.pk}/"))


def test_reporting_a_review_from_another_commune_fails(
    commune, other_commune, review, stranger_client, make_resident, client_for
):
    response = stranger_client(commune).post(f"/avis/{review.pk}/signaler/", {"reason": "spam"})
    assert response.status_code in (302, 403, 404)
    carole = make_resident(other_commune, first_name="Carole")
    elsewhere = client_for(other_commune, carole).post(
        f"/avis/{review.pk}/signaler/", {"reason": "spam"}
    )
    assert elsewhere.status_code == 404
    with schema_context(commune.schema_name):
        assert not review.reports.exists()
