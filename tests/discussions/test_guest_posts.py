"""Posts of guests without an account (publish_guest_post): held for the
ambassadors of their commune only, the email never shown."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import schema_context

from discussions.models import Post, WatchedWord
from discussions.services import publish_guest_post
from discussions.services.moderation import moderate_post
from voisinages import roles

pytestmark = pytest.mark.django_db


def _guest_post(commune, **fields):
    fields.setdefault("name", "Josette")
    fields.setdefault("email", "josette@exemple.fr")
    fields.setdefault("kind", "offre")
    fields.setdefault("title", "Je fais les courses")
    fields.setdefault("body", "Le mardi matin.")
    with schema_context(commune.schema_name):
        return publish_guest_post(**fields)


def test_a_guest_post_waits_for_this_communes_ambassadors(
    commune, other_commune, make_resident, client_for
):
    post = _guest_post(commune, tags=["courses"])
    assert post.is_guest and post.author_id is None and post.status == Post.Status.PENDING
    assert post.expires_at is not None
    reader = make_resident(commune)
    assert "Je fais les courses" not in client_for(commune, reader).get("/fil/").content.decode()

    # Another commune's ambassador cannot approve it (the post is not even there).
    stranger = make_resident(other_commune, roles=(roles.AMBASSADOR,))
    with schema_context(other_commune.schema_name):
        assert not Post.objects.filter(pk=post.pk, is_guest=True, title=post.title).exists()
    # A resident who is no ambassador cannot either.
    with schema_context(commune.schema_name), pytest.raises(PermissionDenied):
        moderate_post(post=Post.objects.get(pk=post.pk), action="approve", by=reader)
    assert stranger.pk  # (made in the other commune's schema)

    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    with schema_context(commune.schema_name):
        moderate_post(post=Post.objects.get(pk=post.pk), action="approve", by=ambassador)
    page = client_for(commune, reader).get(f"/fil/{post.pk}/").content.decode()
    assert "Je fais les courses" in page and "Josette" in page
    assert "josette@exemple.fr" not in page


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "discussion"}, "kind"),
        ({"name": ""}, "guest_name"),
        ({"name": "x" * 61}, "guest_name"),
        ({"email": "pas-un-email"}, None),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_refused(commune, fields, field):
    with pytest.raises(ValidationError) as error:
        _guest_post(commune, **fields)
    if field:
        assert field in error.value.message_dict


def test_watched_words_apply_to_guests(commune):
    with schema_context(commune.schema_name):
        WatchedWord.objects.create(word="arnaque", action=WatchedWord.Action.BLOCK)
    with pytest.raises(ValidationError):
        _guest_post(commune, body="Une arnaque")
    with schema_context(commune.schema_name):
        assert not Post.objects.filter(is_guest=True).exists()
