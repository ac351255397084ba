"""The shared fixtures can fail: captured_events counts every event sent."""

import pytest
from django.db import transaction

from socle import live

pytestmark = pytest.mark.django_db


def _publish_twice():
    for _ in range(2):
        transaction.on_commit(lambda: live.publish("t1.feed", {"type": "post.removed"}))


def test_captured_events_sees_a_duplicate_event(captured_events):
    with pytest.raises(AssertionError, match="2 live events, not 1"):
        with captured_events(expected=1):
            _publish_twice()


def test_captured_events_runs_the_commits_and_keeps_the_order(captured_events):
    with captured_events(expected=3) as events:
        _publish_twice()
        transaction.on_commit(lambda: live.publish("t1.u2", {"type": "account.suspended"}))
    assert events == [
        ("t1.feed", {"type": "post.removed"}),
        ("t1.feed", {"type": "post.removed"}),
        ("t1.u2", {"type": "account.suspended"}),
    ]
    # Nothing is captured after the block: the channel layer is the real one again.
    assert live.publish("t1.feed", {"type": "post.removed"})
    assert len(events) == 3
