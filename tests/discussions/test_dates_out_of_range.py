"""A date the database holds but Python cannot (year 10000 once in UTC),
stored before the bounds existed, never takes a page down."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from discussions.models import Post, Report
from tests.api import conftest as api_fixtures

pytestmark = pytest.mark.django_db

api_for, make_token = api_fixtures.api_for, api_fixtures.make_token

SOON = datetime.timedelta(days=3)


def _event(publish, author):
    return publish(
        author, kind="evenement", title="Fête au bout du monde", event_place="Place",
        event_starts_at=timezone.now() + SOON,
    )  # fmt: skip


def _store_raw(commune, post, column, value):
    """Write the value as an old row would hold it, before the constraint."""
    with schema_context(commune.schema_name), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            f"ALTER TABLE discussions_post DROP CONSTRAINT IF EXISTS post_{column}_in_range"
        )
        cursor.execute(
            f"UPDATE discussions_post SET {column} = %s::timestamptz WHERE id = %s",  # noqa: S608
            [value, post.pk],
        )


@pytest.mark.parametrize("column", ["event_starts_at", "ride_departs_at"])
def test_a_row_beyond_year_9999_does_not_take_pages_down(
    commune, resident, ambassador, client_for, publish, api_for, column
):
    post = _event(publish, resident)
    with schema_context(commune.schema_name):
        Report.objects.create(post=post, reporter=ambassador, reason=Report.Reason.values[0])
    _store_raw(commune, post, column, "9999-12-31 23:30:00-05:00")
    client = client_for(commune, resident)
    assert client.get("/fil/").status_code == 200
    assert client.get(f"/fil/{post.pk}/").status_code == 200
    assert client.get(f"/fil/{post.pk}/fragment/").status_code == 200
    moderator = client_for(commune, ambassador)
    assert moderator.get("/moderation/").status_code == 200
    hidden = moderator.post(f"/moderation/fil/{post.pk}/", {"action": "hide", "reason": "x"})
    assert hidden.status_code == 302
    with schema_context(commune.schema_name):
        assert Post.objects.get(pk=post.pk).status == Post.Status.HIDDEN
    api = api_for(commune, resident)
    detail = api.get(f"/posts/{post.pk}")
    assert detail.status_code == 200
    assert detail.json()[column].startswith("9999-12-")
    assert api.get("/posts").status_code == 200


def test_the_post_form_refuses_an_event_or_a_ride_beyond_two_years(
    commune, other_commune, resident, client_for, stranger_client
):
    from django.utils import formats

    latest = timezone.localdate() + datetime.timedelta(days=2 * 365)
    message = (
        f"La date doit être au plus tard le {formats.date_format(latest, 'SHORT_DATE_FORMAT')}."
    )
    far = (timezone.localtime() + datetime.timedelta(days=3 * 365)).strftime("%Y-%m-%dT%H:%M")
    event = {"kind": "evenement", "title": "Fête", "event_place": "Place", "event_starts_at": far}
    ride = {"kind": "covoiturage", "title": "Marché", "ride_from": "A", "ride_to": "B",
            "ride_seats": "2", "ride_departs_at": "9999-12-31T23:30"}  # fmt: skip
    client = client_for(commune, resident)
    for fields in (event, ride):
        page = client.post("/fil/nouveau/", fields)
        assert page.status_code in (200, 400)
        assert message in page.content.decode()
    assert stranger_client(commune).post("/fil/nouveau/", event).status_code in (302, 403)
    with schema_context(commune.schema_name):
        assert not Post.objects.exists()
