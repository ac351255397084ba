"""Held posts and reports reach the commune's ambassadors: inbox, live, email by preference."""

import pytest
from django.core import mail
from django_tenants.utils import schema_context

from discussions.models import Category, Post
from discussions.services import report_content
from voisinages import roles
from voisinages.models import Notification
from voisinages.services.profiles import set_notification_preferences

pytestmark = pytest.mark.django_db

KIND = "discussions.moderation.needed"


def _rows(commune, resident):
    with schema_context(commune.schema_name):
        return list(Notification.objects.filter(recipient=resident, kind=KIND))


@pytest.fixture
def moderators(commune, other_commune, make_resident):
    """An ambassador by email, one who reads the inbox only, one who chose
    never, and an ambassador of the other commune."""
    emailed = make_resident(commune, first_name="Anne", roles=(roles.AMBASSADOR,))
    inbox_only = make_resident(commune, first_name="Ines", roles=(roles.AMBASSADOR,))
    never = make_resident(commune, first_name="Nina", roles=(roles.AMBASSADOR,))
    with schema_context(commune.schema_name):
        set_notification_preferences(resident=inbox_only, choices={KIND: "app"})
        set_notification_preferences(resident=never, choices={KIND: "never"})
    elsewhere = make_resident(other_commune, first_name="Olga", roles=(roles.AMBASSADOR,))
    return emailed, inbox_only, never, elsewhere


def test_a_post_held_for_approval_notifies_the_moderators(
    commune, other_commune, resident, publish, moderators, run_jobs
):
    emailed, inbox_only, never, elsewhere = moderators
    with schema_context(commune.schema_name):
        category = Category.objects.filter(is_active=True).first()
        Category.objects.filter(pk=category.pk).update(requires_approval=True)
    post = publish(resident, title="Vide-grenier de la rue", categories=[category.pk])
    assert post.status == Post.Status.PENDING
    rows = _rows(commune, emailed)
    assert len(rows) == 1
    assert "Vide-grenier de la rue" in rows[0].title and rows[0].url == "/moderation/"
    assert len(_rows(commune, inbox_only)) == 1
    assert _rows(commune, never) == []
    assert _rows(other_commune, elsewhere) == []
    assert _rows(commune, resident) == []  # the author is not a moderator
    run_jobs()
    assert [m.to for m in mail.outbox] == [[emailed.email]]


def test_a_published_post_notifies_nobody(commune, resident, publish, moderators):
    emailed = moderators[0]
    publish(resident, title="Bonjour à tous")
    assert _rows(commune, emailed) == []


def test_a_report_notifies_the_moderators(
    commune, other_commune, resident, make_resident, publish, moderators, run_jobs, client_for
):
    emailed, inbox_only, never, elsewhere = moderators
    post = publish(resident, title="Annonce douteuse")
    reporter = make_resident(commune, first_name="Rémi")
    response = client_for(commune, reporter).post(
        f"/fil/{post.pk}/signaler/", {"reason": "spam", "details": "Publicité"}
    )
    assert response.status_code == 302
    rows = _rows(commune, emailed)
    assert len(rows) == 1
    assert "Annonce douteuse" in rows[0].title and "Publicité" in rows[0].body
    assert len(_rows(commune, inbox_only)) == 1
    assert _rows(commune, never) == []
    assert _rows(other_commune, elsewhere) == []
    run_jobs()
    assert [m.to for m in mail.outbox] == [[emailed.email]]


def test_a_moderator_who_reports_is_not_told_about_their_own_report(
    commune, resident, publish, moderators
):
    emailed, inbox_only, _never, _elsewhere = moderators
    post = publish(resident, title="Encore une annonce")
    with schema_context(commune.schema_name):
        report_content(reporter=emailed, reason="abuse", post=post)
    assert _rows(commune, emailed) == []
    assert len(_rows(commune, inbox_only)) == 1
