"""Confidential help: two forms under Ma ville, read by the town's mediators only."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import schema_context

from cms import exports
from cms.models import ConfidentialRequest
from cms.services import add_association_member, grant_editor, months_ago
from tenants.models import Commune
from voisinages import roles
from voisinages.models import ActionLog, Notification

pytestmark = pytest.mark.django_db

HELP_URL = "/ma-ville/demander-de-l-aide/"
REPORT_URL = "/ma-ville/signaler-une-personne-isolee/"


def _count(commune, **filters):
    with schema_context(commune.schema_name):
        return ConfidentialRequest.objects.filter(**filters).count()


def _request(commune, **fields):
    values = {"kind": "help", "name": "Odette", "phone": "06 12 34 56 78", "message": "Aide"}
    values.update(fields)
    with schema_context(commune.schema_name):
        return ConfidentialRequest.objects.create(**values)


def test_a_resident_asks_for_help_and_the_mediators_are_notified(
    client_for, commune, make_resident
):
    mediator = make_resident(commune, roles=(roles.MEDIATOR,))
    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    resident = make_resident(commune, first_name="Odette", last_name="Lambert")
    client = client_for(commune, resident)
    form = client.get(HELP_URL)
    assert form.status_code == 200
    assert "Seuls les médiateurs de la mairie" in form.content.decode()
    response = client.post(
        HELP_URL,
        {
            "name": "Odette Lambert",
            "phone": "06 12 34 56 78",
            "message": "Je n'ai plus de quoi payer la cantine.",
        },
    )
    assert response.status_code == 200
    assert "Merci. Un médiateur de la mairie vous recontactera" in response.content.decode()
    with schema_context(commune.schema_name):
        sent = ConfidentialRequest.objects.get()
        assert sent.kind == "help" and sent.status == "new"
        assert sent.submitted_by == resident
        notified = Notification.objects.filter(kind="cms.confidential.received")
        assert {n.recipient_id for n in notified} == {mediator.pk}
        assert "cantine" not in notified.get().title + notified.get().body
        assert ambassador.pk not in {n.recipient_id for n in notified}


def test_a_visitor_reports_a_vulnerable_person(client_for, commune):
    response = client_for(commune).post(
        REPORT_URL,
        {
            "name": "Un voisin",
            "email": "voisin@example.org",
            "person": "Mme R., 3e étage, 12 rue des Lilas",
            "message": "Plus vue depuis la canicule.",
        },
    )
    assert response.status_code == 200
    with schema_context(commune.schema_name):
        sent = ConfidentialRequest.objects.get()
        assert sent.kind == "vulnerable" and sent.submitted_by is None


@pytest.mark.parametrize(
    "url,data,error",
    [
        (
            HELP_URL,
            {"name": "Odette", "message": "Aide"},
            "numéro de téléphone ou une adresse e-mail",
        ),
        (
            HELP_URL,
            {"name": "Odette", "phone": "0612", "message": ""},
            "Ce champ est obligatoire",
        ),
        (
            REPORT_URL,
            {"name": "Un voisin", "phone": "0612", "message": "Inquiet"},
            "Ce champ est obligatoire",
        ),
        (
            HELP_URL,
            {"name": "Odette", "email": "pas-une-adresse", "message": "Aide"},
            "adresse de courriel valide",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(client_for, commune, url, data, error):
    response = client_for(commune).post(url, data)
    assert response.status_code == 400
    assert re.search(error, response.content.decode())
    assert _count(commune) == 0


def test_only_mediators_see_confidential_requests(
    client_for, commune, make_resident, add_association
):
    item = _request(commune, name="Odette Lambert", message="Besoin d'un colis alimentaire")
    editor = make_resident(commune)
    member = make_resident(commune)
    association = add_association(commune, "Secours de quartier")
    with schema_context(commune.schema_name):
        grant_editor(resident=editor)
        add_association_member(association=association, resident=member)
    refused = [
        make_resident(commune),
        make_resident(commune, roles=(roles.AMBASSADOR,)),
        make_resident(commune, roles=(roles.VOISIN_SOLIDAIRE,)),
        editor,
        member,
    ]
    for person in refused:
        client = client_for(commune, person)
        for url in ("/confidentiel/", f"/confidentiel/{item.pk}/"):
            response = client.get(url)
            assert response.status_code in (403, 404), (person, url)
            assert "Odette" not in response.content.decode()
        # Nor in the Wagtail admin (they are not form submissions).
        assert "Odette" not in client.get("/cms/forms/").content.decode()
    anonymous = client_for(commune).get("/confidentiel/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    mediator = client_for(commune, make_resident(commune, roles=(roles.MEDIATOR,)))
    listing = mediator.get("/confidentiel/")
    assert listing.status_code == 200
    assert "Odette Lambert" in listing.content.decode()
    detail = mediator.get(f"/confidentiel/{item.pk}/")
    assert "Besoin d&#x27;un colis alimentaire" in detail.content.decode()


def test_a_mediator_of_another_commune_cannot_read_them(
    client_for, commune, other_commune, make_resident
):
    item = _request(commune)
    other_mediator = make_resident(other_commune, roles=(roles.MEDIATOR,))
    client = client_for(other_commune, other_mediator)
    assert client.get(f"/confidentiel/{item.pk}/").status_code == 404
    assert "Odette" not in client.get("/confidentiel/").content.decode()


def test_a_mediator_follows_a_request_up(client_for, commune, make_resident):
    item = _request(commune)
    mediator = make_resident(commune, roles=(roles.MEDIATOR,))
    client = client_for(commune, mediator)
    response = client.post(
        f"/confidentiel/{item.pk}/",
        {"status": "in_progress", "internal_note": "Appelée le 3, visite jeudi."},
    )
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        item.refresh_from_db()
        assert item.status == "in_progress"
        assert item.internal_note == "Appelée le 3, visite jeudi."
        assert ActionLog.objects.filter(code="cms.confidential.updated", actor=mediator).exists()
    assert "En cours" in client.get("/confidentiel/?statut=in_progress").content.decode()

    bad = client.post(f"/confidentiel/{item.pk}/", {"status": "archived", "internal_note": "x"})
    assert bad.status_code == 400
    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    denied = client_for(commune, ambassador).post(
        f"/confidentiel/{item.pk}/", {"status": "closed", "internal_note": "lu"}
    )
    assert denied.status_code == 403
    with schema_context(commune.schema_name):
        item.refresh_from_db()
        assert item.status == "in_progress" and item.internal_note.startswith("Appelée")


def test_requests_are_purged_after_each_communes_retention(commune, other_commune):
    Commune.objects.filter(pk=other_commune.pk).update(confidential_retention_months=3)
    with time_machine.travel(datetime.datetime(2026, 1, 10, 9, 0, tzinfo=datetime.UTC)):
        old_alpha = _request(commune, created_at=timezone.now())
        old_beta = _request(other_commune, created_at=timezone.now())
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)):
        recent_beta = _request(other_commune, created_at=timezone.now())
        call_command("purge_confidential", verbosity=0)
    # Alpha keeps 12 months (the default), Bêta 3.
    assert _count(commune, pk=old_alpha.pk) == 1
    assert _count(other_commune, pk=old_beta.pk) == 0
    assert _count(other_commune, pk=recent_beta.pk) == 1
    with time_machine.travel(datetime.datetime(2027, 1, 11, 9, 0, tzinfo=datetime.UTC)):
        call_command("purge_confidential", verbosity=0)
    assert _count(commune, pk=old_alpha.pk) == 0


def test_months_ago_clamps_to_the_end_of_the_month():
    moment = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_ago(moment, 1) == datetime.datetime(2026, 2, 28, 12, tzinfo=datetime.UTC)
    assert months_ago(moment, 12) == datetime.datetime(2025, 3, 31, 12, tzinfo=datetime.UTC)


def test_a_resident_exports_and_forgets_the_requests_they_sent(commune, make_resident):
    resident = make_resident(commune)
    _request(commune, submitted_by=resident, message="Aide pour les courses")
    _request(commune, message="Autre personne")
    with schema_context(commune.schema_name):
        data = exports.export_for(resident)
        assert [r["message"] for r in data["confidential_requests"]] == ["Aide pour les courses"]
        assert "internal_note" not in data["confidential_requests"][0]
        exports.forget(resident)
        assert not ConfidentialRequest.objects.filter(submitted_by=resident).exists()
        assert ConfidentialRequest.objects.filter(message="Autre personne").exists()


def test_a_robot_filling_the_hidden_field_stores_nothing(client_for, commune, make_resident):
    make_resident(commune, roles=(roles.MEDIATOR,))
    response = client_for(commune).post(
        HELP_URL,
        {"name": "Bot", "email": "bot@example.org", "message": "Promo", "website": "http://spam"},
    )
    assert response.status_code == 200
    assert _count(commune) == 0
    with schema_context(commune.schema_name):
        assert not Notification.objects.filter(kind="cms.confidential.received").exists()


@override_settings(
    RESEAU_RATE_LIMITS={
        **settings.RESEAU_RATE_LIMITS,
        "email": {"account": "2/h", "address": "3/h"},
    }
)
def test_confidential_forms_are_rate_limited(client_for, commune, make_resident):
    """They reach the town's mediators: a script cannot flood them."""
    resident = make_resident(commune)
    client = client_for(commune, resident)
    form = {"name": "Odette", "phone": "06 12 34 56 78", "message": "Aide"}
    for _ in range(2):
        assert client.post(HELP_URL, form, REMOTE_ADDR="10.8.0.1").status_code == 200
    response = client.post(HELP_URL, form, REMOTE_ADDR="10.8.0.1")
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert _count(commune) == 2
    # Another resident at another address still reaches the mediators.
    other = client_for(commune, make_resident(commune))
    assert other.post(HELP_URL, form, REMOTE_ADDR="10.8.0.2").status_code == 200
    assert _count(commune) == 3
