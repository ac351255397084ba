"""Interest of residents in a commune not open yet, and onboarding requests by
municipalities reviewed by platform staff."""

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context, schema_exists

from tenants.models import Commune, Domain, InterestSignup, OnboardingRequest
from tenants.services import onboard_commune
from tests.tenants.conftest import link_in

pytestmark = pytest.mark.django_db

PUTEAUX = "92062"


def _confirmed_interest(public_client, mailoutbox, run_jobs, email):
    response = public_client.post(f"/communes/{PUTEAUX}/", {"email": email})
    assert response.status_code == 302
    run_jobs()
    link = link_in(mailoutbox[-1], "/interet/confirmer/")
    assert public_client.get(link).status_code == 302
    return link


def test_interest_counts_once_confirmed_by_the_emailed_link(public_client, mailoutbox, run_jobs):
    page = public_client.get(f"/communes/{PUTEAUX}/").content.decode()
    assert "Je veux Réseau dans ma commune" in page and "0 habitant veut Réseau ici." in page
    public_client.post(f"/communes/{PUTEAUX}/", {"email": "Lea@Example.org"})
    assert mailoutbox == []  # queued, not sent by the request
    run_jobs()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["lea@example.org"]
    assert "Puteaux" in mailoutbox[0].subject
    assert "0 habitant veut" in public_client.get(f"/communes/{PUTEAUX}/").content.decode()

    link = link_in(mailoutbox[0], "/interet/confirmer/")
    confirmed = public_client.get(link, follow=True).content.decode()
    assert "est confirmé" in confirmed and "1 habitant veut Réseau ici." in confirmed
    public_client.get(link)  # twice: still one
    public_client.post(f"/communes/{PUTEAUX}/", {"email": "lea@example.org"})  # again
    run_jobs()
    assert InterestSignup.objects.filter(french_commune=PUTEAUX).count() == 1
    assert len(mailoutbox) == 1  # already confirmed: no new email
    page = public_client.get(f"/communes/{PUTEAUX}/").content.decode()
    assert "Madame, Monsieur le Maire" in page and "mailto:?subject=" in page
    assert "/ouvrir/?commune=92062" in page


def test_a_forged_link_or_a_bad_address_changes_nothing(public_client, mailoutbox):
    assert public_client.get("/interet/confirmer/abc:def/").status_code == 400
    response = public_client.post(f"/communes/{PUTEAUX}/", {"email": "pas-une-adresse"})
    assert response.status_code == 400 and "adresse de courriel valide" in response.content.decode()
    assert not InterestSignup.objects.exists() and not mailoutbox


def test_an_open_commune_takes_no_interest_and_links_to_its_site(public_client, commune):
    page = public_client.get(f"/communes/{commune.insee_code}/").content.decode()
    assert "http://alpha.localhost:8000/" in page and "Je veux Réseau" not in page
    public_client.post(f"/communes/{commune.insee_code}/", {"email": "x@example.org"})
    assert not InterestSignup.objects.exists()


def _request(public_client, mailoutbox, run_jobs, insee=PUTEAUX):
    form = public_client.get("/ouvrir/", {"commune": insee}).content.decode()
    assert "Ouvrir Réseau dans ma commune" in form and f'value="{insee}"' in form
    response = public_client.post(
        "/ouvrir/",
        {
            "insee_code": insee,
            "contact_name": "Claire Martin",
            "contact_email": "c.martin@mairie-puteaux.example",
            "role": "Adjointe à la vie locale",
            "message": "Nous aimerions ouvrir Réseau.",
        },
    )
    assert response.status_code == 200, response.content.decode()
    assert "Confirmez votre demande" in response.content.decode()
    request = OnboardingRequest.objects.get()
    assert request.status == OnboardingRequest.Status.UNCONFIRMED
    assert mailoutbox == [] or "/ouvrir/confirmer/" not in mailoutbox[-1].body
    run_jobs()
    public_client.get(link_in(mailoutbox[-1], "/ouvrir/confirmer/"))
    request.refresh_from_db()
    assert request.status == OnboardingRequest.Status.PENDING
    return request


def test_request_approval_opens_the_commune_and_invites_its_ambassador(
    public_client, staff_client, mailoutbox, run_jobs, client_for
):
    _confirmed_interest(public_client, mailoutbox, run_jobs, "a@example.org")
    request = _request(public_client, mailoutbox, run_jobs)
    home = staff_client.get("/plateforme/").content.decode()
    assert "Puteaux" in home and "Claire Martin" in home
    assert (
        "Nous aimerions ouvrir Réseau."
        in staff_client.get(f"/plateforme/demandes/{request.pk}/").content.decode()
    )
    mailoutbox.clear()
    response = staff_client.post(
        f"/plateforme/demandes/{request.pk}/",
        {"action": "approve", "approve-latitude": "48.884", "approve-longitude": "2.238"},
    )
    assert response.status_code == 302
    assert mailoutbox == []
    assert run_jobs() == 2
    commune = Commune.objects.get(insee_code=PUTEAUX)
    assert (
        commune.slug == "puteaux" and commune.postcodes == ["92800"] and commune.department == "92"
    )
    assert commune.latitude == 48.884
    assert Domain.objects.filter(tenant=commune, domain="puteaux.localhost").exists()
    request.refresh_from_db()
    assert request.status == "approved" and request.commune == commune
    invitation = next(m for m in mailoutbox if m.to == ["c.martin@mairie-puteaux.example"])
    assert "ambassadeur" in invitation.body
    signup_path = link_in(invitation, "/accounts/signup/?invitation=")
    opened = next(m for m in mailoutbox if m.to == ["a@example.org"])
    assert (
        "Puteaux est maintenant ouverte" in opened.body
        and "http://puteaux.localhost:8000/" in opened.body
    )
    # The invitation works on the live commune: its holder becomes ambassador.
    client = client_for(commune)
    assert client.get(signup_path).status_code == 200
    token = signup_path.split("invitation=")[1]
    with schema_context(commune.schema_name):  # signup asks for a quartier
        from voisinages.models import Quartier

        quartier = Quartier.objects.create(name="Centre-ville")
    response = client.post(
        "/accounts/signup/",
        {
            "quartier": quartier.pk,
            "first_name": "Claire",
            "last_name": "Martin",
            "email": "c.martin@mairie-puteaux.example",
            "password": "une-commune-ouverte",
            "invitation": token,
        },
    )
    assert response.status_code == 302
    assert client.get("/gestion/").status_code == 200
    # The finder now shows it open.
    assert (
        "http://puteaux.localhost:8000/"
        in public_client.get("/", {"q": "puteaux"}).content.decode()
    )
    # A commune already open cannot be requested again.
    again = public_client.post(
        "/ouvrir/",
        {
            "insee_code": PUTEAUX,
            "contact_name": "X",
            "contact_email": "x@example.org",
            "role": "maire",
        },
    )
    assert again.status_code == 400 and "déjà ouverte" in again.content.decode()
    assert OnboardingRequest.objects.count() == 1


def test_refusal_needs_a_reason_which_is_emailed(public_client, staff_client, mailoutbox, run_jobs):
    request = _request(public_client, mailoutbox, run_jobs)
    empty = staff_client.post(
        f"/plateforme/demandes/{request.pk}/", {"action": "refuse", "refuse-reason": ""}
    )
    assert empty.status_code == 400 and "Ce champ est obligatoire" in empty.content.decode()
    request.refresh_from_db()
    assert request.status == "pending"
    mailoutbox.clear()
    staff_client.post(
        f"/plateforme/demandes/{request.pk}/",
        {
            "action": "refuse",
            "refuse-reason": "La demande doit venir d’une adresse de la mairie.",
        },
    )
    assert mailoutbox == []
    run_jobs()
    request.refresh_from_db()
    assert request.status == "refused"
    assert len(mailoutbox) == 1 and "adresse de la mairie" in mailoutbox[0].body
    assert not Commune.objects.filter(insee_code=PUTEAUX).exists()
    again = staff_client.post(f"/plateforme/demandes/{request.pk}/", {"action": "approve"})
    assert again.status_code == 400 and not Commune.objects.filter(insee_code=PUTEAUX).exists()


def test_an_unconfirmed_request_cannot_be_approved(public_client, staff_client, mailoutbox):
    public_client.post(
        "/ouvrir/",
        {
            "insee_code": PUTEAUX,
            "contact_name": "X",
            "contact_email": "x@example.org",
            "role": "maire",
        },
    )
    request = OnboardingRequest.objects.get()
    response = staff_client.post(f"/plateforme/demandes/{request.pk}/", {"action": "approve"})
    assert (
        response.status_code == 400 and "Seule une demande confirmée" in response.content.decode()
    )
    assert not Commune.objects.filter(insee_code=PUTEAUX).exists()


def test_an_unknown_insee_code_is_refused_everywhere(public_client):
    response = public_client.post(
        "/ouvrir/",
        {
            "insee_code": "92001",
            "contact_name": "X",
            "contact_email": "x@example.org",
            "role": "maire",
        },
    )
    assert response.status_code == 400
    assert (
        "Aucune commune de la liste officielle n’a le code INSEE 92001" in response.content.decode()
    )
    assert not OnboardingRequest.objects.exists()
    with pytest.raises(ValidationError) as error:
        onboard_commune(
            name="Nulle part", slug="nulle-part", insee_code="92001", ambassador_email="a@b.example"
        )
    assert "92001" in str(error.value)
    assert not Commune.objects.filter(slug="nulle-part").exists() and not schema_exists(
        "c_nulle_part"
    )


def test_onboarding_fills_postcodes_and_department_from_the_list(commune, other_commune):
    assert commune.postcodes == ["92160"] and commune.department == "92"
    assert other_commune.postcodes == ["03210"] and other_commune.department == "03"


PLATFORM_URLS = [
    ("get", "/plateforme/"),
    ("get", "/plateforme/demandes/{req}/"),
    ("post", "/plateforme/demandes/{req}/"),
    ("get", "/plateforme/communes/alpha/"),
    ("post", "/plateforme/communes/alpha/suspension/"),
    ("post", "/plateforme/communes/alpha/export/"),
    ("get", "/plateforme/communes/alpha/export/1/"),
    ("post", "/plateforme/communes/alpha/suppression/"),
]


def test_only_platform_staff_reach_the_platform_pages(
    public_client, make_public_account, commune, make_resident, client_for
):
    from django.db import connection

    from tenants.models import FrenchCommune

    request = OnboardingRequest.objects.create(
        french_commune=FrenchCommune.objects.get(pk=PUTEAUX),
        contact_name="X",
        contact_email="x@example.org",
        role="maire",
        status="pending",
    )
    not_staff = make_public_account("benevole@reseau.example", is_staff=False)
    public_client.force_login(not_staff, backend="django.contrib.auth.backends.ModelBackend")
    from django.test import Client

    anonymous = Client(HTTP_HOST="localhost")
    ambassador = make_resident(commune, roles=("ambassador",))
    on_commune = client_for(commune, ambassador)
    for method, url in PLATFORM_URLS:
        url = url.format(req=request.pk)
        data = {"action": "approve", "confirmation": "alpha"}
        assert getattr(public_client, method)(url, data).status_code == 403, url
        response = getattr(anonymous, method)(url, data)
        assert response.status_code == 302 and "/plateforme/connexion/" in response["Location"], url
        assert getattr(on_commune, method)(url, data).status_code == 404, url
    connection.set_schema_to_public()
    request.refresh_from_db()
    assert request.status == "pending"
    assert Commune.objects.get(pk=commune.pk).status == "active"
    assert schema_exists(commune.schema_name)


def test_staff_log_in_at_the_platform_login(public_client, staff):
    page = public_client.get("/plateforme/connexion/")
    assert "Connexion de l’équipe de la plateforme" in page.content.decode()
    response = public_client.post(
        "/plateforme/connexion/", {"username": staff.email, "password": "mot-de-passe-equipe"}
    )
    assert response.status_code == 302 and response["Location"] == "/plateforme/"
    assert public_client.get("/plateforme/").status_code == 200
