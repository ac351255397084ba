"""Immediate emails, the daily digest, one-click unsubscribe."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tenants.utils import schema_context

from reseau.emails import send_digests_for, unsubscribe_token
from socle.registry import notification_kind
from voisinages.models import Notification
from voisinages.notifications import DIGEST, EMAIL_NOW, notify
from voisinages.selectors import delivery_for

pytestmark = pytest.mark.django_db

notification_kind("tests.live.alert", "Alerte", default=EMAIL_NOW)
notification_kind("tests.live.news", "Nouvelles", default=DIGEST)


def _notify(commune, recipient, kind, title, capture):
    with schema_context(commune.schema_name):
        with capture(execute=True):
            notify(recipients=[recipient], kind=kind, title=title, url="/fil/")


def test_an_alert_is_emailed_at_once_with_a_one_click_unsubscribe(
    commune, make_resident, django_capture_on_commit_callbacks, run_jobs
):
    bob = make_resident(commune, email="bob@alpha.example", first_name="Bob")
    _notify(
        commune,
        bob,
        "tests.live.alert",
        "Fuite d'eau rue Voltaire",
        django_capture_on_commit_callbacks,
    )
    _notify(commune, bob, "tests.live.news", "Nouvelle offre", django_capture_on_commit_callbacks)
    assert mail.outbox == []  # the worker sends it
    run_jobs()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@alpha.example"]
    assert "Fuite d'eau rue Voltaire" in message.subject
    assert "Bonjour Bob D." in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert (
        unsubscribe.startswith("<http://alpha.localhost")
        and "/notifications/desabonnement/" in unsubscribe
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with schema_context(commune.schema_name):
        alert = Notification.objects.get(kind="tests.live.alert")
        news = Notification.objects.get(kind="tests.live.news")
        assert alert.emailed_at is not None and news.emailed_at is None


def test_the_digest_gathers_the_rest_once_per_commune(
    commune, other_commune, make_resident, django_capture_on_commit_callbacks
):
    bob = make_resident(commune, email="bob@alpha.example")
    zoe = make_resident(other_commune, email="zoe@beta.example")
    for title in ("Nouvelle offre", "Un événement samedi"):
        _notify(commune, bob, "tests.live.news", title, django_capture_on_commit_callbacks)
    _notify(
        other_commune, zoe, "tests.live.news", "Potager partagé", django_capture_on_commit_callbacks
    )
    with schema_context(commune.schema_name):
        read = Notification.objects.create(recipient=bob, kind="tests.live.news", title="Déjà lu")
        Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    assert mail.outbox == []

    call_command("send_digests", stdout=open("/dev/null", "w"))
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"bob@alpha.example", "zoe@beta.example"}
    bob_mail = by_recipient["bob@alpha.example"]
    assert "2 nouvelles notifications" in bob_mail.subject
    assert "Nouvelle offre" in bob_mail.body and "Un événement samedi" in bob_mail.body
    assert "Potager partagé" not in bob_mail.body and "Déjà lu" not in bob_mail.body
    assert "http://alpha.localhost:8000/fil/" in bob_mail.body
    assert "List-Unsubscribe" in bob_mail.extra_headers

    mail.outbox.clear()
    call_command("send_digests", stdout=open("/dev/null", "w"))  # idempotent
    assert mail.outbox == []


def test_unsubscribe_works_without_login_and_only_in_its_commune(
    run_jobs, commune, other_commune, make_resident, client_for, django_capture_on_commit_callbacks
):
    bob = make_resident(commune, email="bob@alpha.example")
    token = unsubscribe_token(commune.pk, bob.pk)
    url = f"/notifications/desabonnement/{token}/"

    page = client_for(commune).get(url)
    assert page.status_code == 200
    assert "Se désabonner" in page.content.decode()

    # Another commune's host, a forged token: refused, nothing changes.
    assert client_for(other_commune).post(url).status_code == 404
    assert client_for(commune).post("/notifications/desabonnement/faux/").status_code == 404
    _notify(commune, bob, "tests.live.alert", "Alerte 1", django_capture_on_commit_callbacks)
    run_jobs()
    assert len(mail.outbox) == 1

    done = client_for(commune).post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "vous ne recevrez plus" in done.content.decode()
    run_jobs()
    mail.outbox.clear()
    _notify(commune, bob, "tests.live.alert", "Alerte 2", django_capture_on_commit_callbacks)
    _notify(commune, bob, "tests.live.news", "Nouvelles", django_capture_on_commit_callbacks)
    with schema_context(commune.schema_name):
        assert send_digests_for(commune) == 0
        assert Notification.objects.filter(recipient=bob).count() == 3  # the inbox keeps all
        assert delivery_for(bob, "tests.live.alert") == "app"
    run_jobs()
    assert mail.outbox == []
