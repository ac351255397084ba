"""Authors edit and delete their own posts, checked and moderated as when publishing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.models import Post
from discussions.services._common import post_visibility_changed, publish_moderation_count
from discussions.services.posts import (
    KIND_FIELDS,
    attach_photo,
    check_kind_fields,
    check_poster,
    check_text,
    clean_tags,
    moderation_outcome,
    resolve_categories,
    update_search_vector,
)
from discussions.text import render_markdown
from socle import live
from voisinages.logs import log_action
from voisinages.models import Resident

EDITABLE_FIELDS = {"kind", "title", "body", "categories", "tags"} | KIND_FIELDS
TEXT_KIND_FIELDS = ("event_place", "ride_from", "ride_to")


def check_can_delete(*, post: Post, by: Resident) -> None:
    """Only the author deletes a post (a mediator's post on behalf of someone is
    the mediator's), once."""
    if post.author_id is None or post.author_id != by.pk:
        raise PermissionDenied(_("Only the author can edit or delete this post."))
    if post.status == Post.Status.DELETED:
        raise ValidationError(_("This post was deleted."))


def check_can_edit(*, post: Post, by: Resident) -> None:
    """The author edits a post, not once hidden by the moderators or deleted."""
    check_can_delete(post=post, by=by)
    if post.status == Post.Status.HIDDEN:
        raise ValidationError(_("The moderators hid this post: it can no longer be edited."))


def _announce_update(post: Post) -> None:
    live.publish_on_commit(
        live.feed_group,
        {
            "type": "post.updated",
            "post_id": post.pk,
            "fragment_url": reverse("post_fragment", args=[post.pk]),
        },
    )


def _announce_removal(post: Post) -> None:
    live.publish_on_commit(live.feed_group, {"type": "post.removed", "post_id": post.pk})


def _delete_file_after_commit(name: str) -> None:
    """Remove a replaced photo from the commune's media once the edit is stored."""
    from django.core.files.storage import default_storage
    from django_tenants.utils import schema_context

    schema = connection.schema_name

    def delete():
        with schema_context(schema):
            default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def edit_post(*, post: Post, by: Resident, **fields) -> Post:
    """Change the given fields of a post (title, body, categories, tags, the
    kind's own fields, `photo=None` removes the photo); the kind stays.
    Validated and moderated exactly like a new post: a blocked word refuses the
    edit, a held word or a priori moderation sends a published post back to the
    queue, a held post stays held until approved. Raises ValidationError (a
    message per field) or PermissionDenied and then stores nothing."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Unknown post fields: {', '.join(sorted(unknown))}")
    # The stored row, locked: a moderator may be hiding it right now.
    post.refresh_from_db(from_queryset=Post.objects.select_for_update())
    check_can_edit(post=post, by=by)
    was_public = post.is_public
    if not by.can_post:
        raise PermissionDenied(_("Only verified residents can post."))
    kind = fields.pop("kind", None) or post.kind
    if kind != post.kind:
        raise ValidationError({"kind": _("A post keeps its kind: publish a new post instead.")})
    title = (fields.pop("title", post.title) or "").strip()
    body = (fields.pop("body", post.body) or "").strip()
    new_categories = fields.pop("categories", None) if "categories" in fields else False
    new_tags = fields.pop("tags", None) if "tags" in fields else False
    photo_given = "photo" in fields
    photo = fields.pop("photo", None)
    before = {name: getattr(post, name) for name in KIND_FIELDS - {"photo"}}
    after = dict(before)
    for name, value in fields.items():
        if name in TEXT_KIND_FIELDS:
            value = value or ""
        elif name in ("is_public", "on_behalf"):
            value = bool(value)
        after[name] = value
    check_poster(author=by, kind=kind, on_behalf=after["on_behalf"])
    check_text(title=title, body=body)
    kept_dates = frozenset(
        name
        for name in ("event_starts_at", "ride_departs_at")
        if before[name] is not None and after[name] == before[name]
    )
    check_kind_fields(kind, after, kept_dates=kept_dates)
    old_categories = list(post.categories.all())
    if new_categories is False:
        category_objects = old_categories
    else:
        category_objects = resolve_categories(new_categories or (), kept=old_categories)
    old_tags = sorted(post.tags.names(), key=str.lower)
    tag_names = old_tags if new_tags is False else clean_tags(new_tags or ())
    changed = (
        title != post.title
        or body != post.body
        or after != before
        or {c.pk for c in category_objects} != {c.pk for c in old_categories}
        or sorted(tag_names, key=str.lower) != old_tags
        or (photo_given and (bool(photo) or bool(post.photo)))
    )
    if not changed:
        return post
    status, flagged = moderation_outcome(
        author=by, text=f"{title}\n{body}\n{' '.join(tag_names)}", categories=category_objects
    )
    was_published = post.status == Post.Status.PUBLISHED
    was_queued = post.status == Post.Status.PENDING or post.is_flagged
    if post.status == Post.Status.PENDING:
        status = Post.Status.PENDING  # only a moderator approves a held post
    old_files = (post.photo.name, post.photo_thumbnail.name) if photo_given else ()
    if photo_given:
        if photo:
            attach_photo(post, photo)
        else:
            post.photo = post.photo_thumbnail = ""
    post.title, post.body, post.body_html = title, body, render_markdown(body)
    for name, value in after.items():
        setattr(post, name, value)
    post.tag_names = " ".join(tag_names)[:500]
    post.status = status
    post.is_flagged = post.is_flagged or flagged
    post.edited_at = timezone.now()
    post.full_clean()
    post.save()
    if new_categories is not False:
        post.categories.set(category_objects)
    if new_tags is not False:
        post.tags.set(tag_names, clear=True)
    update_search_vector(post)
    for name in old_files:
        if name and name not in (post.photo.name, post.photo_thumbnail.name):
            _delete_file_after_commit(name)
    log_action(
        code="discussions.post.edited_by_author",
        actor=by,
        target=post,
        data={"status": post.status, "flagged": post.is_flagged},
    )
    if was_published and post.status == Post.Status.PUBLISHED:
        _announce_update(post)
    elif was_published:
        _announce_removal(post)
    if not was_queued and (post.status == Post.Status.PENDING or post.is_flagged):
        publish_moderation_count()
    post_visibility_changed(post, was_public=was_public)
    return post


@transaction.atomic
def delete_post(*, post: Post, by: Resident) -> Post:
    """The author withdraws a post (held or hidden ones too). Like the
    moderators' delete the row stays, with status `deleted`, for the moderation
    trail; it leaves the feed, search, the Atom feed and the author's list."""
    post.refresh_from_db(from_queryset=Post.objects.select_for_update())
    check_can_delete(post=post, by=by)
    was_published = post.status == Post.Status.PUBLISHED
    was_queued = (
        post.status == Post.Status.PENDING
        or post.is_flagged
        or post.report_count > 0
        or post.status == Post.Status.HIDDEN
    )
    post.status = Post.Status.DELETED
    post.is_pinned = False
    post.save(update_fields=["status", "is_pinned"])
    log_action(code="discussions.post.deleted_by_author", actor=by, target=post)
    if was_published:
        _announce_removal(post)
    if was_queued:
        publish_moderation_count()
    post_visibility_changed(post)
    return post
