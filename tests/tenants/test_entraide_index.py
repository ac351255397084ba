"""The public cross-commune index (tenants.PublicListing): only what an author
made public is copied, by a job after commit, and it follows every change."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tenants.utils import schema_context

from discussions.models import Post, WatchedWord
from discussions.services import delete_post, edit_post, publish_post, renew_post
from discussions.services.moderation import moderate_post
from tenants.entraide import purge_expired_listings
from tenants.models import PublicListing
from voisinages import roles

pytestmark = pytest.mark.django_db


def _publish(commune, author, **fields):
    fields.setdefault("kind", "offre")
    fields.setdefault("title", "Je promène les chiens")
    fields.setdefault("body", "Le matin, près de l'église.")
    with schema_context(commune.schema_name):
        return publish_post(author=author, **fields)


def _index():
    return {(row.commune_id, row.post_id): row for row in PublicListing.objects.all()}


def test_only_public_published_listings_are_indexed(commune, make_resident, run_jobs):
    author = make_resident(commune, latitude=45.123456, longitude=4.987654)
    public = _publish(commune, author, is_public=True, categories=())
    _publish(commune, author, title="Privée", is_public=False)
    _publish(commune, author, kind="discussion", title="Bavardage", is_public=True)
    run_jobs()
    index = _index()
    assert list(index) == [(commune.pk, public.pk)]
    row = index[(commune.pk, public.pk)]
    assert row.kind == "offre" and row.title == "Je promène les chiens"
    assert row.department == commune.department
    assert len(row.excerpt) <= 300 and "église" in row.excerpt
    assert row.expires_at == public.expires_at
    # The cell is blurred: two decimals at most, never the resident's position.
    assert row.latitude is None or round(row.latitude, 2) == row.latitude


def test_edit_private_hide_delete_and_expiry_propagate(commune, make_resident, run_jobs):
    author = make_resident(commune)
    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    post = _publish(commune, author, is_public=True)
    run_jobs()
    assert (commune.pk, post.pk) in _index()

    with schema_context(commune.schema_name):
        edit_post(post=Post.objects.get(pk=post.pk), by=author, title="Je garde les chats")
    run_jobs()
    assert _index()[(commune.pk, post.pk)].title == "Je garde les chats"

    # Made private again: it leaves the index.
    with schema_context(commune.schema_name):
        edit_post(post=Post.objects.get(pk=post.pk), by=author, is_public=False)
    run_jobs()
    assert (commune.pk, post.pk) not in _index()
    with schema_context(commune.schema_name):
        edit_post(post=Post.objects.get(pk=post.pk), by=author, is_public=True)
    run_jobs()
    assert (commune.pk, post.pk) in _index()

    # Hidden by the moderators: out; restored: back; deleted: out.
    with schema_context(commune.schema_name):
        moderate_post(post=Post.objects.get(pk=post.pk), action="hide", by=ambassador, reason="x")
    run_jobs()
    assert (commune.pk, post.pk) not in _index()
    with schema_context(commune.schema_name):
        moderate_post(post=Post.objects.get(pk=post.pk), action="restore", by=ambassador)
    run_jobs()
    assert (commune.pk, post.pk) in _index()
    with schema_context(commune.schema_name):
        delete_post(post=Post.objects.get(pk=post.pk), by=author)
    run_jobs()
    assert (commune.pk, post.pk) not in _index()


def test_expired_listings_leave_and_renewal_brings_them_back(commune, make_resident, run_jobs):
    author = make_resident(commune)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        post = _publish(commune, author, is_public=True)
        run_jobs()
    with time_machine.travel(start + timedelta(days=61), tick=False):
        assert purge_expired_listings() == 1
        assert (commune.pk, post.pk) not in _index()
        with schema_context(commune.schema_name):
            renew_post(post=Post.objects.get(pk=post.pk), by=author)
        run_jobs()
        assert (commune.pk, post.pk) in _index()


def test_held_posts_enter_only_once_approved(commune, make_resident, run_jobs):
    author = make_resident(commune)
    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    with schema_context(commune.schema_name):
        WatchedWord.objects.create(word="chiens", action="hold")
    post = _publish(commune, author, is_public=True)
    run_jobs()
    assert post.status == Post.Status.PENDING or post.is_flagged
    if post.status == Post.Status.PENDING:
        assert (commune.pk, post.pk) not in _index()
        with schema_context(commune.schema_name):
            moderate_post(post=Post.objects.get(pk=post.pk), action="approve", by=ambassador)
        run_jobs()
        assert (commune.pk, post.pk) in _index()


def test_each_commune_indexed_under_its_own(commune, other_commune, make_resident, run_jobs):
    mine = _publish(commune, make_resident(commune), is_public=True)
    theirs = _publish(other_commune, make_resident(other_commune), is_public=True, title="Autre")
    run_jobs()
    index = _index()
    assert index[(commune.pk, mine.pk)].title == "Je promène les chiens"
    assert index[(other_commune.pk, theirs.pk)].title == "Autre"
    if mine.pk == theirs.pk:
        assert len(index) == 2
    # A stale job for a post id of one commune never copies the other's post.
    assert not PublicListing.objects.filter(
        commune=other_commune, title="Je promène les chiens"
    ).exists()
