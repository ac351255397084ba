"""socle.live: group names (the wire format of the live events) and events
published once the transaction commits, to the active commune's groups."""

import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from socle import live

pytestmark = pytest.mark.django_db


def test_group_names_carry_the_commune():
    assert live.user_group(3, 14) == "t3.u14"
    assert live.feed_group(3) == "t3.feed"
    assert live.post_group(3, 7) == "t3.post7"
    assert live.conversation_group(3, 8) == "t3.conv8"
    assert live.moderation_group(3) == "t3.moderation"
    assert live.group_message("t3.feed", {"type": "x"}) == {
        "type": live.EVENT_MESSAGE,
        "group": "t3.feed",
        "event": {"type": "x"},
    }


def test_an_event_leaves_after_commit_for_the_active_commune_only(
    commune, other_commune, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(live, "publish", lambda group, event: sent.append((group, event)))
    with schema_context(other_commune.schema_name):
        with django_capture_on_commit_callbacks(execute=True):
            live.publish_on_commit(live.feed_group, {"type": "post.created", "post_id": 1})
            assert sent == []  # not before the commit
    assert sent == [(f"t{other_commune.pk}.feed", {"type": "post.created", "post_id": 1})]
    assert commune.pk != other_commune.pk


def test_nothing_leaves_when_the_transaction_rolls_back(
    commune, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(live, "publish", lambda group, event: sent.append((group, event)))
    with schema_context(commune.schema_name):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    live.publish_on_commit(live.feed_group, {"type": "post.created"})
                    raise RuntimeError
            except RuntimeError:
                pass
    assert callbacks == [] and sent == []


def test_without_a_channel_layer_nothing_is_sent_and_nothing_fails(settings):
    settings.CHANNEL_LAYERS = {}
    assert live.send_to_group("t1.feed", {"type": "x"}) is False
