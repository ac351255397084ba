"""Guests without an account (/entraide/proposer/): a board per commune not
open yet, moderated by platform staff; open communes get the post in their feed."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail, signing
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from discussions.models import Post
from tenants.entraide import purge_expired_listings
from tenants.models import GuestPost, InterestSignup, OnboardingRequest, PublicListing
from tenants.services.guests import purge_guest_data
from tenants.services.requests import approve_onboarding_request
from tests.tenants.conftest import link_in
from voisinages import roles

pytestmark = pytest.mark.django_db

NOT_OPEN = "75056"  # Paris: in the official list, not open in the tests


def _propose(client, *, insee=NOT_OPEN, email="josette@exemple.fr", **fields):
    data = {
        "first_name": "Josette",
        "insee_code": insee,
        "email": email,
        "phone": "06 12 34 56 78",
        "kind": "offre",
        "categories": "courses, animaux",
        "title": "Je promène votre chien",
        "body": "Le soir, dans le quartier.",
        **fields,
    }
    return client.post("/entraide/proposer/", data)


def _confirm_and_manage_links(run_jobs, email="josette@exemple.fr"):
    run_jobs()
    message = [m for m in mail.outbox if email in m.to][-1]
    return link_in(message, "/entraide/confirmer/"), link_in(message, "/entraide/gerer/")


def _board_post(public_client, staff_client, run_jobs):
    """A guest's post on the board of Paris, confirmed and approved by staff."""
    _propose(public_client)
    confirm, _ = _confirm_and_manage_links(run_jobs)
    public_client.get(confirm)
    guest = GuestPost.objects.get()
    staff_client.post(f"/plateforme/entraide/{guest.pk}/", {"action": "approve"})
    return guest


def test_a_board_post_confirmed_approved_listed_and_counted(public_client, staff_client, run_jobs):
    response = _propose(public_client)
    assert response.status_code == 302
    guest = GuestPost.objects.get()
    assert guest.status == GuestPost.Status.UNCONFIRMED
    confirm, manage = _confirm_and_manage_links(run_jobs)
    assert public_client.get(confirm).status_code == 200
    guest.refresh_from_db()
    assert guest.status == GuestPost.Status.PENDING
    # It counts as interest in the commune.
    assert InterestSignup.objects.filter(
        french_commune_id=NOT_OPEN, email="josette@exemple.fr", confirmed_at__isnull=False
    ).exists()
    assert "Je promène votre chien" not in public_client.get("/entraide/").content.decode()

    queue = staff_client.get("/plateforme/entraide/").content.decode()
    assert "Je promène votre chien" in queue
    staff_client.post(f"/plateforme/entraide/{guest.pk}/", {"action": "approve"})
    page = public_client.get("/entraide/?departement=75").content.decode()
    assert "Je promène votre chien" in page
    detail = public_client.get(f"/entraide/annonces/{guest.pk}/").content.decode()
    assert "Josette" in detail and "Le soir" in detail
    assert "josette@exemple.fr" not in page + detail and "06 12" not in page + detail


def test_manage_link_closes_renews_deletes_only_its_own(public_client, staff_client, run_jobs):
    _propose(public_client)
    _propose(public_client, email="autre@exemple.fr", title="Je cherche un vélo", kind="demande")
    mine, other = (
        GuestPost.objects.get(email="josette@exemple.fr"),
        GuestPost.objects.get(email="autre@exemple.fr"),
    )
    confirm, manage = _confirm_and_manage_links(run_jobs)
    public_client.get(confirm)
    staff_client.post(f"/plateforme/entraide/{mine.pk}/", {"action": "approve"})

    # A confirmation token is no manage token, and a forged one acts on nothing.
    token = manage.rstrip("/").rsplit("/", 1)[-1]
    assert public_client.get(confirm.replace("/confirmer/", "/gerer/")).status_code == 400
    forged = signing.dumps(other.pk, salt="not-the-salt")
    assert public_client.post(f"/entraide/gerer/{forged}/", {"action": "delete"}).status_code == 400
    other.refresh_from_db()
    assert other.status == GuestPost.Status.UNCONFIRMED

    assert public_client.get(manage).status_code == 200
    public_client.post(manage, {"action": "renew"})
    mine.refresh_from_db()
    assert mine.renewals_used == 1
    public_client.post(manage, {"action": "close"})
    mine.refresh_from_db()
    assert mine.status == GuestPost.Status.CLOSED
    assert not PublicListing.objects.filter(guest_post=mine).exists()
    public_client.post(f"/entraide/gerer/{token}/", {"action": "delete"})
    mine.refresh_from_db()
    assert mine.status == GuestPost.Status.DELETED and mine.email == "" and mine.phone == ""
    other.refresh_from_db()
    assert other.status == GuestPost.Status.UNCONFIRMED and other.email == "autre@exemple.fr"


def test_a_communes_ambassador_cannot_moderate_the_board(
    public_client, commune, make_resident, client_for, run_jobs
):
    _propose(public_client)
    confirm, _ = _confirm_and_manage_links(run_jobs)
    public_client.get(confirm)
    guest = GuestPost.objects.get()
    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    # On their commune's site there is no such page; on the platform they have no account.
    client = client_for(commune, ambassador)
    assert (
        client.post(f"/plateforme/entraide/{guest.pk}/", {"action": "approve"}).status_code == 404
    )
    platform = Client(HTTP_HOST=settings.RESEAU_BASE_DOMAIN)
    response = platform.post(f"/plateforme/entraide/{guest.pk}/", {"action": "approve"})
    assert response.status_code == 302 and "connexion" in response["Location"]
    guest.refresh_from_db()
    assert guest.status == GuestPost.Status.PENDING


def test_board_posts_expire(public_client, staff_client, run_jobs):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _propose(public_client)
        confirm, _ = _confirm_and_manage_links(run_jobs)
        public_client.get(confirm)
        guest = GuestPost.objects.get()
        staff_client.post(f"/plateforme/entraide/{guest.pk}/", {"action": "approve"})
    guest.refresh_from_db()
    assert guest.expires_at == start + timedelta(days=60)
    with time_machine.travel(start + timedelta(days=61), tick=False):
        assert "Je promène" not in public_client.get("/entraide/").content.decode()
        assert purge_expired_listings() >= 1
        assert public_client.get(f"/entraide/annonces/{guest.pk}/").status_code == 404
        assert purge_guest_data() == 0  # kept 30 days after expiry
    with time_machine.travel(start + timedelta(days=91), tick=False):
        assert purge_guest_data() == 1
    guest.refresh_from_db()
    assert guest.status == GuestPost.Status.DELETED and guest.email == "" and guest.phone == ""


def test_in_an_open_commune_the_post_goes_to_its_feed(public_client, commune, run_jobs):
    _propose(public_client, insee=commune.insee_code)
    confirm, _ = _confirm_and_manage_links(run_jobs)
    public_client.get(confirm)
    guest = GuestPost.objects.get()
    assert guest.status == GuestPost.Status.IN_COMMUNE and guest.commune_id == commune.pk
    with schema_context(commune.schema_name):
        post = Post.objects.get(pk=guest.post_id)
    assert post.is_guest and post.status == Post.Status.PENDING
    assert post.guest_email == "josette@exemple.fr" and post.guest_name == "Josette"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"insee_code": "00000"}, "commune"),
        ({"email": "pas-un-email"}, "adresse"),
        ({"kind": "vente"}, "valide"),
        ({"title": "x" * 141}, "140"),
        ({"phone": "appelle-moi"}, "téléphone"),
    ],
)
def test_bad_input_french_messages(public_client, fields, message):
    response = _propose(public_client, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not GuestPost.objects.exists()


def test_visitors_answer_through_the_relay(public_client, staff_client, run_jobs):
    guest = _board_post(public_client, staff_client, run_jobs)
    visitor = Client(HTTP_HOST=settings.RESEAU_BASE_DOMAIN)
    bad = visitor.post(f"/entraide/annonces/{guest.pk}/", {"email": "x", "message": ""})
    assert bad.status_code == 400
    response = visitor.post(
        f"/entraide/annonces/{guest.pk}/",
        {"email": "voisin@exemple.fr", "message": "Bonjour, mon chien s'appelle Rex."},
    )
    assert response.status_code == 302
    mail.outbox.clear()
    run_jobs()
    # Nothing reaches the guest before the visitor confirms their own address.
    assert [m.to for m in mail.outbox] == [["voisin@exemple.fr"]]
    link = link_in(mail.outbox[0], "/entraide/reponses/")
    assert "Rex" not in mail.outbox[0].body
    mail.outbox.clear()
    assert visitor.get(link).status_code == 200
    run_jobs()
    assert [m.to for m in mail.outbox] == [["josette@exemple.fr"]]
    assert "Rex" in mail.outbox[0].body and mail.outbox[0].reply_to == ["voisin@exemple.fr"]
    # Confirming again sends nothing more.
    mail.outbox.clear()
    visitor.get(link)
    run_jobs()
    assert mail.outbox == []


def test_the_relay_is_rate_limited(public_client, staff_client, run_jobs):
    guest = _board_post(public_client, staff_client, run_jobs)
    visitor = Client(HTTP_HOST=settings.RESEAU_BASE_DOMAIN)
    statuses = [
        visitor.post(
            f"/entraide/annonces/{guest.pk}/",
            {"email": "voisin@exemple.fr", "message": f"Message {n}"},
        ).status_code
        for n in range(6)
    ]
    assert 429 in statuses


def test_when_the_commune_opens_its_board_moves_into_its_feed(
    public_client, staff_client, staff, run_jobs
):
    _propose(public_client, insee="92062")
    confirm, _ = _confirm_and_manage_links(run_jobs)
    public_client.get(confirm)
    guest = GuestPost.objects.get()
    staff_client.post(f"/plateforme/entraide/{guest.pk}/", {"action": "approve"})
    request = OnboardingRequest.objects.create(
        french_commune_id="92062",
        contact_name="Claire Martin",
        contact_email="c.martin@mairie.example",
        role="maire",
        status=OnboardingRequest.Status.PENDING,
        confirmed_at=timezone.now(),
    )
    mail.outbox.clear()
    commune = approve_onboarding_request(request=request, reviewer=staff)
    guest.refresh_from_db()
    assert guest.status == GuestPost.Status.IN_COMMUNE and guest.commune_id == commune.pk
    with schema_context(commune.schema_name):
        post = Post.objects.get(pk=guest.post_id)
    assert post.is_guest and post.status == Post.Status.PUBLISHED and post.title == guest.title
    run_jobs()
    # The guest is invited to create an account there (once), with the manage
    # link, which still acts on the post, now in the commune's feed.
    invitations = [m for m in mail.outbox if "votre annonce est dans son fil" in m.subject]
    assert [m.to for m in invitations] == [["josette@exemple.fr"]]
    assert f"{commune.slug}." in invitations[0].body and "/accounts/signup/" in invitations[0].body
    guest.refresh_from_db()
    assert guest.invited_at is not None
    public_client.post(link_in(invitations[0], "/entraide/gerer/"), {"action": "delete"})
    with schema_context(commune.schema_name):
        assert Post.objects.get(pk=guest.post_id).status == Post.Status.DELETED
