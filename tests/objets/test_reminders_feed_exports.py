"""Reminders, the iCal feed and the data rights hooks."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import schema_context

from objets import exports, services
from objets.models import Item, Loan, LoanFeed, Review
from tests.objets.conftest import days
from voisinages.models import Notification

pytestmark = pytest.mark.django_db
S = Loan.Status


def _kinds(commune, resident):
    with schema_context(commune.schema_name):
        return sorted(
            Notification.objects.filter(recipient=resident).values_list("kind", flat=True)
        )


def test_reminders_before_start_before_due_and_overdue_once_each(
    commune, other_commune, make_resident, owner, borrower, item
):
    with schema_context(commune.schema_name):
        loan = services.request_loan(
            item=item, borrower=borrower, starts_on=days(2), ends_on=days(4)
        )
        services.accept_loan(loan=loan, actor=owner)
        Notification.objects.all().delete()
    beta_owner = make_resident(other_commune, email="a@beta.example")
    beta_borrower = make_resident(other_commune, email="b@beta.example")
    with schema_context(other_commune.schema_name):
        from objets.models import Category

        beta_item = services.create_item(
            actor=beta_owner, title="Luge", category=Category.objects.get(name="Sport")
        )
        beta_loan = services.request_loan(
            item=beta_item, borrower=beta_borrower, starts_on=days(2), ends_on=days(2)
        )
        services.accept_loan(loan=beta_loan, actor=beta_owner)
        Notification.objects.all().delete()

    start = timezone.now()
    call_command("send_loan_reminders", verbosity=0)  # two days before: nothing
    assert _kinds(commune, borrower) == []
    with time_machine.travel(start + timedelta(days=1), tick=False):
        call_command("send_loan_reminders", verbosity=0)
        call_command("send_loan_reminders", verbosity=0)  # idempotent
    assert _kinds(commune, borrower) == ["objets.loan.reminder"]
    assert _kinds(commune, owner) == ["objets.loan.reminder"]
    assert _kinds(other_commune, beta_borrower) == ["objets.loan.reminder"]  # every commune

    with schema_context(commune.schema_name):
        services.confirm_handover(loan=loan, actor=owner)
        services.confirm_handover(loan=loan, actor=borrower)
        Notification.objects.all().delete()
    with time_machine.travel(start + timedelta(days=3), tick=False):
        call_command("send_loan_reminders", verbosity=0)
        call_command("send_loan_reminders", verbosity=0)
    assert _kinds(commune, borrower) == ["objets.loan.reminder"]
    with time_machine.travel(start + timedelta(days=6), tick=False):
        call_command("send_loan_reminders", verbosity=0)
        call_command("send_loan_reminders", verbosity=0)
    assert _kinds(commune, borrower) == ["objets.loan.overdue", "objets.loan.reminder"]
    with schema_context(commune.schema_name):
        overdue = Notification.objects.get(recipient=borrower, kind="objets.loan.overdue")
    assert "devait être rendu" in overdue.title


def test_the_private_ical_feed(commune, other_commune, client_for, owner, borrower, item):
    with schema_context(commune.schema_name):
        loan = services.request_loan(
            item=item, borrower=borrower, starts_on=days(2), ends_on=days(4)
        )
        services.accept_loan(loan=loan, actor=owner)
    page = client_for(commune, borrower).get("/objets/mes-prets/").content.decode()
    assert "Perceuse à percussion" in page
    with schema_context(commune.schema_name):
        token = LoanFeed.objects.get(resident=borrower).token
    assert f"/objets/calendrier/{token}.ics" in page
    anonymous = client_for(commune)
    response = anonymous.get(f"/objets/calendrier/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VCALENDAR" in body and f"DTSTART;VALUE=DATE:{days(2):%Y%m%d}" in body
    assert f"DTEND;VALUE=DATE:{days(5):%Y%m%d}" in body
    assert "Emprunt : Perceuse à percussion" in body
    assert anonymous.get("/objets/calendrier/wrong.ics").status_code == 404
    assert client_for(other_commune).get(f"/objets/calendrier/{token}.ics").status_code == 404
    # A new address retires the old one.
    client_for(commune, borrower).post("/objets/mes-prets/calendrier/nouveau/")
    assert anonymous.get(f"/objets/calendrier/{token}.ics").status_code == 404


def test_export_and_forget(commune, owner, borrower, item, make_item):
    with schema_context(commune.schema_name):
        other = make_item(borrower, title="Scie")
        loan = services.request_loan(
            item=item, borrower=borrower, starts_on=days(0), ends_on=days(1)
        )
        services.accept_loan(loan=loan, actor=owner)
        services.confirm_handover(loan=loan, actor=owner)
        services.confirm_handover(loan=loan, actor=borrower)
        services.confirm_return(loan=loan, actor=owner)
        services.leave_review(loan=loan, author=borrower, rating=5, comment="Merci")
        services.leave_review(loan=loan, author=owner, rating=4, comment="Soigneux")
        data = exports.export_for(borrower)
        assert [o["title"] for o in data["objects"]] == ["Scie"]
        assert data["loans"][0]["role"] == "borrower"
        assert data["reviews_written"][0]["comment"] == "Merci"
        assert data["reviews_received"][0]["rating"] == 4
        import json

        json.dumps(data)
        exports.forget(borrower)
        assert not Item.objects.filter(pk=other.pk).exists()
        loan.refresh_from_db()
        assert loan.borrower is None and loan.status == S.COMPLETED  # the owner keeps their history
        assert Review.objects.get(comment="Merci").author is None
        assert not Review.objects.filter(subject=borrower).exists()
