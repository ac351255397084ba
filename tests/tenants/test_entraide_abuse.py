"""Guests' posts: watched words, a-priori moderation as the commune chooses,
visitors' reports, rate limits; in an open commune the private link and the
relay still work, and board authors are invited when their commune opens."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django_tenants.utils import schema_context

from discussions.models import Post, WatchedWord
from discussions.services import manage_guest_listing
from tenants.models import Commune, GuestPost, PublicListing
from tests.conftest import host_of
from tests.tenants.conftest import link_in
from tests.tenants.test_entraide_guests import _board_post, _confirm_and_manage_links, _propose
from tests.tenants.test_gestion import SETTINGS
from voisinages import roles

pytestmark = pytest.mark.django_db


def _in_commune(public_client, commune, run_jobs, *, email="josette@exemple.fr", **fields):
    """A guest post confirmed into `commune`'s feed; returns (guest, manage link)."""
    _propose(public_client, insee=commune.insee_code, email=email, **fields)
    confirm, manage = _confirm_and_manage_links(run_jobs, email=email)
    assert public_client.get(confirm).status_code == 200
    run_jobs()
    return GuestPost.objects.get(email=email), manage


def _post(commune, guest):
    with schema_context(commune.schema_name):
        return Post.objects.get(pk=guest.post_id)


def test_the_commune_chooses_a_priori_moderation_and_watched_words_still_hold(
    public_client, commune, run_jobs
):
    # By default a guest's post waits for the ambassadors.
    held, _ = _in_commune(public_client, commune, run_jobs)
    assert _post(commune, held).status == Post.Status.PENDING
    assert not PublicListing.objects.filter(commune=commune, post_id=held.post_id).exists()

    Commune.objects.filter(pk=commune.pk).update(guest_premoderation=False)
    direct, _ = _in_commune(public_client, commune, run_jobs, email="b@exemple.fr")
    assert _post(commune, direct).status == Post.Status.PUBLISHED
    assert PublicListing.objects.filter(commune=commune, post_id=direct.post_id).exists()

    with schema_context(commune.schema_name):
        WatchedWord.objects.create(word="argent facile", action=WatchedWord.Action.HOLD)
        WatchedWord.objects.create(word="casino", action=WatchedWord.Action.BLOCK)
    watched, _ = _in_commune(
        public_client, commune, run_jobs, email="c@exemple.fr", body="De l'ARGENT FACILE !"
    )
    assert _post(commune, watched).status == Post.Status.PENDING
    _propose(public_client, insee=commune.insee_code, email="d@exemple.fr", title="Casino")
    confirm, _ = _confirm_and_manage_links(run_jobs, email="d@exemple.fr")
    response = public_client.get(confirm)
    assert response.status_code == 400 and "casino" in response.content.decode()
    # The other commune's setting is its own.
    assert Commune.objects.get(slug="beta").guest_premoderation is True


def test_ambassadors_turn_the_setting_off_for_their_commune_only(
    commune, other_commune, make_resident, client_for
):
    ambassador = client_for(commune, make_resident(commune, roles=(roles.AMBASSADOR,)))
    page = ambassador.get("/gestion/").content.decode()
    assert 'name="guest_premoderation"' in page and "Modérer a priori les annonces" in page
    settings_off = {**SETTINGS}
    del settings_off["guest_premoderation"]  # an unticked box is not sent
    assert ambassador.post("/gestion/", settings_off).status_code == 302
    assert Commune.objects.get(pk=commune.pk).guest_premoderation is False
    # Another commune's ambassador can change nothing here, nor alpha's from beta.
    stranger = client_for(other_commune, make_resident(other_commune, roles=(roles.AMBASSADOR,)))
    response = stranger.post("/gestion/", SETTINGS, HTTP_HOST=host_of(commune))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Commune.objects.get(pk=commune.pk).guest_premoderation is False
    assert Commune.objects.get(pk=other_commune.pk).guest_premoderation is True


def test_visitors_report_a_board_post_and_three_reports_hide_it(
    public_client, staff_client, run_jobs
):
    guest = _board_post(public_client, staff_client, run_jobs)
    visitor = Client(HTTP_HOST=settings.RESEAU_BASE_DOMAIN)
    assert "Signaler" in visitor.get(f"/entraide/annonces/{guest.pk}/").content.decode()
    for _ in range(3):  # one browser counts once
        assert visitor.post(f"/entraide/annonces/{guest.pk}/signaler/").status_code == 302
    guest.refresh_from_db()
    assert guest.reports == 1 and guest.status == GuestPost.Status.PUBLISHED
    assert "1 signalement" in staff_client.get("/plateforme/entraide/").content.decode()
    for n in range(2):
        Client(HTTP_HOST=settings.RESEAU_BASE_DOMAIN).post(
            f"/entraide/annonces/{guest.pk}/signaler/", REMOTE_ADDR=f"10.9.0.{n}"
        )
    guest.refresh_from_db()
    assert guest.reports == 3 and guest.status == GuestPost.Status.HIDDEN
    assert not PublicListing.objects.filter(guest_post=guest).exists()
    assert visitor.get(f"/entraide/annonces/{guest.pk}/").status_code == 404
    # Staff see it and may put it back.
    assert "Je promène votre chien" in staff_client.get("/plateforme/entraide/").content.decode()
    staff_client.post(f"/plateforme/entraide/{guest.pk}/", {"action": "approve"})
    assert PublicListing.objects.filter(guest_post=guest).exists()
    assert visitor.post("/entraide/annonces/999999/signaler/").status_code == 404
    assert visitor.get(f"/entraide/annonces/{guest.pk}/signaler/").status_code == 405


@override_settings(RESEAU_RATE_LIMITS={**settings.RESEAU_RATE_LIMITS, "guest": {"address": "2/h"}})
def test_guest_posts_are_rate_limited_per_address_and_email(public_client):
    statuses = [
        _propose(public_client, email=f"g{n}@exemple.fr", title=f"Offre {n}").status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert GuestPost.objects.count() == 2
    # Per target email too, whatever the address (3 emails an hour to one address).
    statuses = [
        _propose(
            Client(HTTP_HOST=settings.RESEAU_BASE_DOMAIN, REMOTE_ADDR=f"10.8.0.{n}"),
            email="cible@exemple.fr",
        ).status_code
        for n in range(4)
    ]
    assert statuses[-1] == 429 and GuestPost.objects.filter(email="cible@exemple.fr").count() == 3


def test_the_private_link_acts_in_the_open_commune_on_its_own_post_only(
    public_client, commune, run_jobs
):
    Commune.objects.filter(pk=commune.pk).update(guest_premoderation=False)
    mine, manage = _in_commune(public_client, commune, run_jobs)
    other, _ = _in_commune(public_client, commune, run_jobs, email="autre@exemple.fr")
    assert "renouvelle, clôt ou supprime" in public_client.get(manage).content.decode()
    assert public_client.post(manage, {"action": "renew"}).status_code == 302
    assert _post(commune, mine).renewals_used == 1
    assert public_client.post(manage, {"action": "renew"}).status_code == 302
    assert _post(commune, mine).renewals_used == 1  # once, as the commune allows
    # Another guest's address cannot act on this post, even through the service.
    with schema_context(commune.schema_name), pytest.raises(Exception, match="n’existe plus"):
        manage_guest_listing(post_id=mine.post_id, email=other.email, action="delete")
    assert _post(commune, mine).status == Post.Status.PUBLISHED
    public_client.post(manage, {"action": "close"})
    run_jobs()
    assert _post(commune, mine).closed_at is not None
    assert not PublicListing.objects.filter(commune=commune, post_id=mine.post_id).exists()
    public_client.post(manage, {"action": "delete"})
    run_jobs()
    mine.refresh_from_db()
    assert _post(commune, mine).status == Post.Status.DELETED
    assert mine.status == GuestPost.Status.DELETED and mine.email == ""
    assert _post(commune, other).status == Post.Status.PUBLISHED
    assert PublicListing.objects.filter(commune=commune, post_id=other.post_id).exists()


def test_visitors_answer_a_guest_post_of_an_open_commune_through_the_relay(
    public_client, commune, client_for, make_resident, run_jobs
):
    Commune.objects.filter(pk=commune.pk).update(guest_premoderation=False)
    guest, _ = _in_commune(public_client, commune, run_jobs)
    page = client_for(commune, make_resident(commune)).get(f"/fil/{guest.post_id}/")
    answer = f"/entraide/repondre/{commune.slug}/{guest.post_id}/"
    assert answer in page.content.decode()
    response = public_client.get(answer)
    assert response.status_code == 302 and response["Location"] == f"/entraide/annonces/{guest.pk}/"
    assert public_client.get(f"/entraide/repondre/beta/{guest.post_id}/").status_code == 404
    public_client.post(
        f"/entraide/annonces/{guest.pk}/", {"email": "voisin@exemple.fr", "message": "Avec plaisir"}
    )
    mail.outbox.clear()
    run_jobs()
    public_client.get(link_in(mail.outbox[0], "/entraide/reponses/"))
    mail.outbox.clear()
    run_jobs()
    assert [m.to for m in mail.outbox] == [["josette@exemple.fr"]]
    assert "Avec plaisir" in mail.outbox[0].body
