"""Offers and requests expire after the commune's listing lifetime; renewals."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import schema_context

from discussions.models import Post
from voisinages.models import Notification

pytestmark = pytest.mark.django_db


def test_listing_expires_warns_and_renews(commune, resident, make_resident, client_for, publish):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        offer = publish(resident, kind="offre", title="Je donne des pots de confiture")
        chat = publish(resident, kind="discussion", title="Bavardons")
    assert offer.expires_at == start + timedelta(days=60)
    assert chat.expires_at is None
    reader = make_resident(commune)

    with time_machine.travel(start + timedelta(days=58), tick=False):
        call_command("expire_listings")
        call_command("expire_listings")  # warned once only
        with schema_context(commune.schema_name):
            warned = Notification.objects.filter(kind="discussions.listing.expiring")
            assert [n.recipient_id for n in warned] == [resident.pk]
        assert "pots de confiture" in client_for(commune, reader).get("/fil/").content.decode()

    with time_machine.travel(start + timedelta(days=61), tick=False):
        assert "pots de confiture" not in client_for(commune, reader).get("/fil/").content.decode()
        assert client_for(commune, reader).get(f"/fil/{offer.pk}/").status_code == 404
        mine = client_for(commune, resident).get(f"/fil/{offer.pk}/")
        assert mine.status_code == 200 and "Expiré" in mine.content.decode()
        assert (
            "pots de confiture"
            in client_for(commune, resident).get("/fil/mes-annonces/").content.decode()
        )
        # Someone else cannot renew it; the author can, once (the commune's default).
        client_for(commune, reader).post(f"/fil/{offer.pk}/renouveler/")
        with schema_context(commune.schema_name):
            assert Post.objects.get(pk=offer.pk).renewals_used == 0
        client_for(commune, resident).post(f"/fil/{offer.pk}/renouveler/")
        with schema_context(commune.schema_name):
            renewed = Post.objects.get(pk=offer.pk)
        assert renewed.renewals_used == 1
        assert renewed.expires_at == start + timedelta(days=61 + 60)
        assert "pots de confiture" in client_for(commune, reader).get("/fil/").content.decode()
        response = client_for(commune, resident).post(f"/fil/{offer.pk}/renouveler/", follow=True)
        assert "ne peut plus être renouvelé" in response.content.decode()
        with schema_context(commune.schema_name):
            assert Post.objects.get(pk=offer.pk).renewals_used == 1


def test_lifetime_and_renewals_follow_the_commune(commune, resident, publish):
    commune.listing_lifetime_days, commune.renewals_allowed = 10, 0
    commune.save(update_fields=["listing_lifetime_days", "renewals_allowed"])
    from django.core.exceptions import ValidationError

    from discussions.services import renew_post

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        demande = publish(resident, kind="demande", title="Cherche une poussette")
    assert demande.expires_at == start + timedelta(days=10)
    with schema_context(commune.schema_name), pytest.raises(ValidationError):
        renew_post(post=demande, by=resident)
    commune.listing_lifetime_days, commune.renewals_allowed = 60, 1
    commune.save(update_fields=["listing_lifetime_days", "renewals_allowed"])


def test_another_commune_cannot_renew(commune, resident, publish, stranger_client):
    offer = publish(resident, kind="offre", title="Perceuse")
    stranger_client(commune).post(f"/fil/{offer.pk}/renouveler/")
    with schema_context(commune.schema_name):
        assert Post.objects.get(pk=offer.pk).renewals_used == 0


def test_an_expired_request_asks_its_author_whether_it_is_settled(
    commune, resident, make_resident, publish, client_for, stranger_client
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        demande = publish(resident, kind="demande", title="Cherche une échelle")
        settled = publish(resident, kind="demande", title="Cherche un escabeau")
        chat = publish(resident, kind="discussion", title="Bonjour")
    with schema_context(commune.schema_name):
        Post.objects.filter(pk=settled.pk).update(closed_at=start, closed_outcome="nobody")
    with time_machine.travel(start + timedelta(days=61), tick=False):
        call_command("expire_listings", verbosity=0)
        call_command("expire_listings", verbosity=0)  # asked once only
        with schema_context(commune.schema_name):
            asked = Notification.objects.filter(kind="discussions.listing.settle")
            assert [(n.recipient_id, n.url) for n in asked] == [
                (resident.pk, f"/fil/{demande.pk}/regler/")
            ]
            assert "réglé" in asked[0].title
            assert not Notification.objects.filter(
                kind="discussions.listing.settle", url__contains=f"/{chat.pk}/"
            ).exists()
        # The link works for its author; nobody from another commune can close it.
        stranger_client(commune).post(f"/fil/{demande.pk}/regler/", {"nobody": "1"})
        with schema_context(commune.schema_name):
            assert Post.objects.get(pk=demande.pk).closed_at is None
        author = client_for(commune, resident)
        assert author.get(f"/fil/{demande.pk}/regler/").status_code == 200
        assert author.post(f"/fil/{demande.pk}/regler/", {"nobody": "1"}).status_code == 302
        with schema_context(commune.schema_name):
            assert Post.objects.get(pk=demande.pk).closed_outcome == "nobody"
