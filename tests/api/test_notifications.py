"""The inbox: list since an id, unread count, mark read."""

import pytest
from django_tenants.utils import schema_context

from tests.api.conftest import assert_error


@pytest.fixture
def inbox(commune, resident, make_resident):
    from voisinages.models import Notification

    actor = make_resident(commune, email="actor@alpha.example", first_name="Lucie", last_name="Roy")
    with schema_context(commune.schema_name):
        return [
            Notification.objects.create(
                recipient=resident, kind="test.kind", title=f"Message {n}", actor=actor
            )
            for n in range(3)
        ]


def test_list_newest_first_and_since_an_id(commune, resident, api_for, inbox):
    api = api_for(commune, resident)
    body = api.get("/notifications").json()
    assert [n["title"] for n in body["items"]] == ["Message 2", "Message 1", "Message 0"]
    assert body["items"][0]["actor"] == "Lucie R."
    newer = api.get("/notifications", {"since_id": inbox[0].pk}).json()["items"]
    assert [n["id"] for n in newer] == [inbox[2].pk, inbox[1].pk]
    assert api.get("/notifications/unread-count").json() == {"count": 3}


def test_mark_one_then_all(commune, resident, api_for, inbox):
    api = api_for(commune, resident)
    one = api.post(f"/notifications/{inbox[0].pk}/read")
    assert one.status_code == 200 and one.json()["read_at"]
    assert api.get("/notifications/unread-count").json() == {"count": 2}
    unread = api.get("/notifications", {"unread": True}).json()["items"]
    assert [n["id"] for n in unread] == [inbox[2].pk, inbox[1].pk]
    assert api.post("/notifications/read").json() == {"count": 2}
    assert api.get("/notifications/unread-count").json() == {"count": 0}


def test_someone_elses_notifications_are_404_and_untouched(
    commune, resident, make_resident, api_for, inbox
):
    other = make_resident(commune, email="other@alpha.example")
    api = api_for(commune, other)
    assert_error(api.post(f"/notifications/{inbox[0].pk}/read"), 404, "not_found")
    assert api.post("/notifications/read").json() == {"count": 0}
    assert api.get("/notifications").json()["items"] == []
    with schema_context(commune.schema_name):
        assert all(n.__class__.objects.get(pk=n.pk).read_at is None for n in inbox)


def test_another_communes_notification_is_404(
    commune, other_commune, make_resident, api_for, inbox
):
    stranger = make_resident(other_commune, email="habitant@alpha.example")
    api = api_for(other_commune, stranger)
    assert_error(api.post(f"/notifications/{inbox[0].pk}/read"), 404, "not_found")
    with schema_context(commune.schema_name):
        assert inbox[0].__class__.objects.get(pk=inbox[0].pk).read_at is None


def test_inbox_filters_are_validated(commune, resident, api_for):
    body = assert_error(
        api_for(commune, resident).get("/notifications", {"since_id": -1, "unread": "peut-être"}),
        422,
    )
    assert body["fields"] == {
        "since_id": ["Cette valeur doit être supérieure ou égale à 0."],
        "unread": ["Saisissez true ou false."],
    }


def test_read_token_cannot_mark_read(commune, resident, api_for, inbox):
    assert_error(
        api_for(commune, resident, scope="read").post("/notifications/read"),
        403,
        "read_only_token",
    )
    with schema_context(commune.schema_name):
        assert not inbox[0].__class__.objects.filter(read_at__isnull=False).exists()
