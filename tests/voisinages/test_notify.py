"""notify(): the inbox is the truth; live delivery follows the commit."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django_tenants.utils import schema_context

from socle.live import user_group
from socle.registry import notification_kind
from voisinages.logs import log_action
from voisinages.models import ActionLog, Notification
from voisinages.notifications import notify

pytestmark = pytest.mark.django_db

notification_kind("tests.ping", "Ping")


def _receive(channel_name):
    layer = get_channel_layer()
    return async_to_sync(layer.receive)(channel_name)


def test_notify_stores_rows_and_delivers_after_commit(
    commune, make_resident, django_capture_on_commit_callbacks
):
    alice = make_resident(commune, first_name="Alice")
    bob = make_resident(commune, first_name="Bob")
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(commune.pk, bob.pk), channel)

    with schema_context(commune.schema_name):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            rows = notify(
                recipients=[bob, alice, bob],
                kind="tests.ping",
                title="Coucou",
                actor=alice,
                url="/fil/",
            )
        # Stored at once, in the caller's transaction; the actor is not notified.
        assert [n.recipient_id for n in rows] == [bob.pk]
        assert Notification.objects.filter(recipient=bob, read_at__isnull=True).count() == 1
        assert len(callbacks) == 1
        callbacks[0]()
    message = _receive(channel)
    assert message["event"]["type"] == "notification"
    assert message["event"]["title"] == "Coucou"
    assert message["event"]["id"] == rows[0].pk


def test_an_unknown_kind_is_refused(commune, make_resident):
    bob = make_resident(commune)
    with schema_context(commune.schema_name):
        with pytest.raises(ValueError):
            notify(recipients=[bob], kind="nope", title="x")
        assert not Notification.objects.exists()


def test_a_notification_stays_in_its_commune(commune, other_commune, make_resident):
    bob = make_resident(commune)
    with schema_context(commune.schema_name):
        notify(recipients=[bob], kind="tests.ping", title="Alpha only")
    with schema_context(other_commune.schema_name):
        assert not Notification.objects.filter(title="Alpha only").exists()


def test_log_action_keeps_who_what_why(commune, other_commune, make_resident):
    ambassador = make_resident(commune)
    target = make_resident(commune, first_name="Zoé")
    with schema_context(commune.schema_name):
        entry = log_action(
            code="voisinages.member.suspended", actor=ambassador, target=target, reason="Spam"
        )
        assert ActionLog.objects.get(pk=entry.pk).target_repr == "Zoé D."
    with schema_context(other_commune.schema_name):
        assert not ActionLog.objects.filter(code="voisinages.member.suspended").exists()
