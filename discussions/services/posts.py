"""Publishing, renewing, pinning posts; reactions; comments; reports."""

import math
from datetime import datetime, timedelta

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.models import (
    BODY_MAX,
    COMMENT_MAX,
    TITLE_MAX,
    Category,
    Comment,
    Post,
    Reaction,
    Report,
    WatchedWord,
)
from discussions.services._common import (
    current_commune,
    is_staff_of_commune,
    publish_after_commit,
    publish_moderation_count,
)
from discussions.services.counters import move_counts, move_reaction_count
from discussions.text import find_watched, process_photo, refuse_scripts, render_markdown
from reseau import live
from voisinages import roles
from voisinages.logs import log_action
from voisinages.models import Resident, SkillTag
from voisinages.notifications import notify

SEARCH_CONFIG = "public.fr_unaccent"
MATCH_LIMIT = 10  # voisins solidaires told about a new demande
KIND_FIELDS = {
    "photo",
    "is_public",
    "on_behalf",
    "event_starts_at",
    "event_place",
    "ride_from",
    "ride_to",
    "ride_departs_at",
    "ride_seats",
}


def search_vector_expression():
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("tag_names", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def _update_search_vector(post: Post) -> None:
    """Recompute the stored tsvector from the row's title, tag_names and body."""
    Post.objects.filter(pk=post.pk).update(search_vector=search_vector_expression())


def _resolve_categories(categories, *, kept=()) -> list[Category]:
    """Categories given as objects, ids or slugs, all of the active commune and
    in use (or among `kept`, those a post already has)."""
    wanted_ids, wanted_slugs = set(), set()
    for category in categories:
        if isinstance(category, Category):
            wanted_ids.add(category.pk)
        elif isinstance(category, int) or (isinstance(category, str) and category.isdigit()):
            wanted_ids.add(int(category))
        else:
            wanted_slugs.add(str(category))
    usable = Category.objects.filter(Q(is_active=True) | Q(pk__in=[c.pk for c in kept]))
    found = list(usable.filter(pk__in=wanted_ids)) + list(usable.filter(slug__in=wanted_slugs))
    if len({c.pk for c in found}) != len(wanted_ids) + len(wanted_slugs):
        raise ValidationError({"categories": _("Choose categories from your commune's list.")})
    return found


def _clean_tags(tags) -> list[str]:
    names = []
    for tag in tags:
        name = str(tag).strip().lstrip("#")[:50]
        if name and name.lower() not in {n.lower() for n in names}:
            refuse_scripts(name, field="tags")
            names.append(name)
    if len(names) > 10:
        raise ValidationError({"tags": _("Ten tags at most.")})
    return names


def _check_text(*, title: str, body: str) -> None:
    errors = {}
    if not title:
        errors["title"] = [_("Give your post a title.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [
            _("The title is too long (%(max)d characters at most).") % {"max": TITLE_MAX}
        ]
    if len(body) > BODY_MAX:
        errors["body"] = [
            _("The text is too long (%(max)d characters at most).") % {"max": BODY_MAX}
        ]
    if errors:
        raise ValidationError(errors)
    refuse_scripts(title, field="title")
    refuse_scripts(body, field="body")


def _check_future(value: datetime | None, *, field: str, missing: str) -> None:
    if value is None:
        raise ValidationError({field: missing})
    if value <= timezone.now():
        raise ValidationError({field: _("This date is already past: choose a future date.")})


def _check_kind_fields(kind: str, fields: dict, *, kept_dates: frozenset = frozenset()) -> None:
    """The kind's own fields; dates named in `kept_dates` (an edit leaving a
    date as it was) may have passed since."""
    if kind == Post.Kind.EVENEMENT:
        if "event_starts_at" not in kept_dates:
            _check_future(
                fields.get("event_starts_at"),
                field="event_starts_at",
                missing=_("An event needs a date and a time."),
            )
        if not (fields.get("event_place") or "").strip():
            raise ValidationError({"event_place": _("Say where the event takes place.")})
    if kind == Post.Kind.COVOITURAGE:
        errors = {}
        if not (fields.get("ride_from") or "").strip():
            errors["ride_from"] = [_("Say where you leave from.")]
        if not (fields.get("ride_to") or "").strip():
            errors["ride_to"] = [_("Say where you are going.")]
        if not fields.get("ride_seats"):
            errors["ride_seats"] = [_("Give the number of free seats.")]
        if errors:
            raise ValidationError(errors)
        if "ride_departs_at" not in kept_dates:
            _check_future(
                fields.get("ride_departs_at"),
                field="ride_departs_at",
                missing=_("Give the date and time of departure."),
            )


def _check_poster(*, author: Resident, kind: str, on_behalf: bool) -> None:
    """Who may publish (or keep) a post of this kind, on behalf of someone or not."""
    if kind not in Post.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of post.")})
    if kind == Post.Kind.ALERTE and not is_staff_of_commune(author):
        raise PermissionDenied(_("Only ambassadors and the town hall publish alerts."))
    if on_behalf:
        if not roles.has_role(author, roles.MEDIATOR):
            raise PermissionDenied(_("Only mediators post on behalf of someone."))
        if kind not in Post.LISTING_KINDS:
            raise ValidationError({"kind": _("On behalf of someone: an offer or a request.")})


def moderation_outcome(*, author, text: str, categories) -> tuple[str, bool]:
    """(status, flagged) for new content: blocked words raise, held words, the
    commune's a priori mode and a priori categories hold it for approval."""
    found = find_watched(text, WatchedWord.objects.all())
    blocked = [w.word for w in found if w.action == WatchedWord.Action.BLOCK]
    if blocked:
        raise ValidationError(
            _("Your text contains a word this commune does not accept: %(words)s.")
            % {"words": ", ".join(blocked)},
            code="watched_word",
        )
    flagged = any(w.action == WatchedWord.Action.FLAG for w in found)
    held = any(w.action == WatchedWord.Action.HOLD for w in found)
    if not is_staff_of_commune(author):
        from tenants.models import Commune

        commune = current_commune()
        if commune.moderation_mode == Commune.ModerationMode.A_PRIORI:
            held = True
        if any(c.requires_approval for c in categories):
            held = True
    return (Post.Status.PENDING if held else Post.Status.PUBLISHED), flagged


@transaction.atomic
def publish_post(
    *,
    author: Resident,
    kind: str,
    title: str,
    body: str,
    categories=(),
    tags=(),
    **kind_fields,
) -> Post:
    """Publish (or hold for approval) a post of any kind; raises ValidationError
    with a message per field on bad input and PermissionDenied when the author
    may not post. Side effects (live event, alerts, matches) run after commit."""
    unknown = set(kind_fields) - KIND_FIELDS
    if unknown:
        raise TypeError(f"Unknown post fields: {', '.join(sorted(unknown))}")
    if not author.can_post:
        raise PermissionDenied(_("Only verified residents can post."))
    _check_poster(author=author, kind=kind, on_behalf=bool(kind_fields.get("on_behalf")))
    title = (title or "").strip()
    body = (body or "").strip()
    _check_text(title=title, body=body)
    _check_kind_fields(kind, kind_fields)
    category_objects = _resolve_categories(categories)
    tag_names = _clean_tags(tags)
    status, flagged = moderation_outcome(
        author=author, text=f"{title}\n{body}\n{' '.join(tag_names)}", categories=category_objects
    )
    photo = kind_fields.pop("photo", None)
    now = timezone.now()
    position = author.blurred_position
    post = Post(
        author=author,
        kind=kind,
        title=title,
        body=body,
        body_html=render_markdown(body),
        status=status,
        is_flagged=flagged,
        quartier_id=author.quartier_id,
        latitude=position[0] if position else None,
        longitude=position[1] if position else None,
        created_at=now,
        tag_names=" ".join(tag_names)[:500],
        **{k: v for k, v in kind_fields.items() if v is not None},
    )
    if kind in Post.LISTING_KINDS:
        post.expires_at = now + timedelta(days=current_commune().listing_lifetime_days)
    if photo:
        content = process_photo(photo)
        post.photo.save(content.name, content, save=False)
    post.full_clean()
    post.save()
    post.categories.set(category_objects)
    if tag_names:
        post.tags.set(tag_names)
    _update_search_vector(post)
    if status == Post.Status.PUBLISHED:
        announce_post(post)
    if status == Post.Status.PENDING or flagged:
        publish_moderation_count()
    return post


def announce_post(post: Post) -> None:
    """A post became visible: live event, and the alert or demande notifications."""
    publish_after_commit(
        live.feed_group,
        {
            "type": "post.published",
            "post_id": post.pk,
            "kind": post.kind,
            "title": post.title,
            "fragment_url": reverse("post_fragment", args=[post.pk]),
        },
    )
    if post.kind == Post.Kind.ALERTE:
        notify(
            recipients=Resident.objects.filter(is_active=True).only("pk"),
            kind="discussions.alert.published",
            title=_("Alert: %(title)s") % {"title": post.title},
            body=post.body[:300],
            url=post.get_absolute_url(),
            actor=post.author,
            target=post,
        )
    elif post.kind == Post.Kind.DEMANDE:
        helpers = matching_helpers(post)
        if helpers:
            notify(
                recipients=helpers,
                kind="discussions.request.matched",
                title=_("A neighbour needs your help: %(title)s") % {"title": post.title},
                body=post.body[:300],
                url=post.get_absolute_url(),
                actor=post.author,
                target=post,
            )


def matching_helpers(post: Post, *, limit: int = MATCH_LIMIT) -> list[Resident]:
    """Voisins solidaires whose skills match the post's categories or tags,
    nearest first (by blurred positions), at most `limit`."""
    from discussions.text import fold

    wanted = {fold(c.name) for c in post.categories.all()} | {
        fold(c.slug.replace("-", " ")) for c in post.categories.all()
    }
    wanted |= {fold(name) for name in post.tag_names.split()}
    wanted.discard("")
    if not wanted:
        return []
    rows = SkillTag.objects.filter(
        content_object__is_voisin_solidaire=True, content_object__is_active=True
    ).values_list("content_object_id", "tag__name")
    ids = {rid for rid, name in rows if fold(name) in wanted}
    ids.discard(post.author_id)
    candidates = list(Resident.objects.filter(pk__in=ids))

    def distance(resident):
        here = resident.blurred_position
        if here is None or post.latitude is None:
            return math.inf
        dlat = here[0] - post.latitude
        dlng = (here[1] - post.longitude) * math.cos(math.radians(post.latitude))
        return math.hypot(dlat, dlng)

    candidates.sort(key=lambda r: (distance(r), r.pk))
    return candidates[:limit]


@transaction.atomic
def renew_post(*, post: Post, by: Resident) -> Post:
    """Give an offer or request another listing lifetime, within the commune's renewals."""
    if post.author_id != by.pk:
        raise PermissionDenied(_("Only the author renews a post."))
    commune = current_commune()
    if not post.is_listing:
        raise ValidationError(_("Only offers and requests expire."))
    if post.renewals_used >= commune.renewals_allowed:
        raise ValidationError(_("This post cannot be renewed any more: publish it again."))
    now = timezone.now()
    start = max(now, post.expires_at or now)
    post.expires_at = start + timedelta(days=commune.listing_lifetime_days)
    post.renewals_used += 1
    post.expiry_notified_at = None
    post.full_clean()
    post.save(update_fields=["expires_at", "renewals_used", "expiry_notified_at"])
    return post


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
    publish_after_commit(
        live.feed_group,
        {
            "type": "post.updated",
            "post_id": post.pk,
            "fragment_url": reverse("post_fragment", args=[post.pk]),
        },
    )


def _announce_removal(post: Post) -> None:
    publish_after_commit(live.feed_group, {"type": "post.removed", "post_id": post.pk})


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
    _check_poster(author=by, kind=kind, on_behalf=after["on_behalf"])
    _check_text(title=title, body=body)
    kept_dates = frozenset(
        name
        for name in ("event_starts_at", "ride_departs_at")
        if before[name] is not None and after[name] == before[name]
    )
    _check_kind_fields(kind, after, kept_dates=kept_dates)
    old_categories = list(post.categories.all())
    if new_categories is False:
        category_objects = old_categories
    else:
        category_objects = _resolve_categories(new_categories or (), kept=old_categories)
    old_tags = sorted(post.tags.names(), key=str.lower)
    tag_names = old_tags if new_tags is False else _clean_tags(new_tags or ())
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
    old_photo = post.photo.name if photo_given else ""
    if photo_given:
        if photo:
            content = process_photo(photo)
            post.photo.save(content.name, content, save=False)
        else:
            post.photo = ""
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
    _update_search_vector(post)
    if old_photo and old_photo != post.photo.name:
        _delete_file_after_commit(old_photo)
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
    return post


@transaction.atomic
def notify_expiring_listings(*, days_before: int = 3) -> int:
    """Tell authors whose offers or requests expire within `days_before` days (once)."""
    now = timezone.now()
    posts = list(
        Post.objects.filter(
            kind__in=Post.LISTING_KINDS,
            status=Post.Status.PUBLISHED,
            expires_at__gt=now,
            expires_at__lte=now + timedelta(days=days_before),
            expiry_notified_at__isnull=True,
            author__isnull=False,
        ).select_related("author")
    )
    for post in posts:
        notify(
            recipients=[post.author],
            kind="discussions.listing.expiring",
            title=_("Your post “%(title)s” expires soon") % {"title": post.title},
            body=_("It leaves the feed on %(date)s. You can renew it from its page.")
            % {"date": timezone.localtime(post.expires_at).strftime("%d/%m/%Y")},
            url=post.get_absolute_url(),
            target=post,
        )
    Post.objects.filter(pk__in=[p.pk for p in posts]).update(expiry_notified_at=now)
    return len(posts)


@transaction.atomic
def pin_post(*, post: Post, by: Resident, pinned: bool = True) -> Post:
    """Ambassadors and the town hall pin a post on top of the feed."""
    if not is_staff_of_commune(by):
        raise PermissionDenied(_("Your role does not allow this."))
    post.is_pinned = pinned
    post.save(update_fields=["is_pinned"])
    log_action(
        code="discussions.post.pinned" if pinned else "discussions.post.unpinned",
        actor=by,
        target=post,
    )
    return post


@transaction.atomic
def toggle_reaction(*, post: Post, resident: Resident, kind: str) -> bool:
    """Add the reaction, or take it back; True when it is now on."""
    if kind not in Reaction.Kind.values:
        raise ValidationError(_("Unknown reaction."))
    deleted, _rows = Reaction.objects.filter(post=post, resident=resident, kind=kind).delete()
    if deleted:
        move_reaction_count(post.pk, kind, -deleted)
        return False
    Reaction.objects.create(post=post, resident=resident, kind=kind)
    move_reaction_count(post.pk, kind, +1)
    return True


@transaction.atomic
def add_comment(
    *, post: Post, author: Resident, body: str, parent: Comment | None = None
) -> Comment:
    """Comment on a post or reply to a comment (one level of replies)."""
    if not author.can_post:
        raise PermissionDenied(_("Only verified residents can comment."))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if len(body) > COMMENT_MAX:
        raise ValidationError(
            {
                "body": _("The comment is too long (%(max)d characters at most).")
                % {"max": COMMENT_MAX}
            }
        )
    refuse_scripts(body, field="body")
    if parent is not None:
        if parent.post_id != post.pk:
            raise ValidationError(_("This reply does not belong to this post."))
        if parent.parent_id is not None:
            parent = parent.parent  # replies stay one level deep
    status, flagged = moderation_outcome(author=author, text=body, categories=())
    comment = Comment(post=post, author=author, body=body, parent=parent)
    if status == Post.Status.PENDING or flagged:
        # A held or flagged comment waits hidden in the queue.
        comment.status = Comment.Status.HIDDEN
        comment.report_count = 1
    comment.full_clean()
    comment.save()
    if comment.status == Comment.Status.HIDDEN:
        publish_moderation_count()
        return comment
    move_counts(post.pk, comment_count=+1)
    publish_after_commit(
        lambda commune_id: live.post_group(commune_id, post.pk),
        {
            "type": "comment.created",
            "post_id": post.pk,
            "comment_id": comment.pk,
            "fragment_url": reverse("comment_fragment", args=[comment.pk]),
        },
    )
    recipients = []
    if post.author_id:
        recipients.append(post.author)
    if parent is not None and parent.author_id:
        recipients.append(parent.author)
    notify(
        recipients=recipients,
        kind="discussions.comment.created",
        title=_("%(name)s commented on “%(title)s”")
        % {"name": author.display_name, "title": post.title},
        body=body[:300],
        url=post.get_absolute_url() + f"#commentaire-{comment.pk}",
        actor=author,
        target=post,
    )
    return comment


@transaction.atomic
def report_content(
    *,
    reporter: Resident,
    reason: str,
    details: str = "",
    post: Post | None = None,
    comment: Comment | None = None,
) -> Report:
    """Report a post or a comment; past the commune's threshold it is hidden."""
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    refuse_scripts(details, field="details")
    target = post or comment
    if Report.objects.filter(reporter=reporter, post=post, comment=comment).exists():
        raise ValidationError(_("You have already reported this."))
    report = Report(reporter=reporter, reason=reason, details=details.strip()[:500])
    report.post, report.comment = post, comment
    report.full_clean()
    report.save()
    type(target).objects.filter(pk=target.pk).update(report_count=F("report_count") + 1)
    target.refresh_from_db(fields=["report_count"])
    threshold = current_commune().auto_hide_threshold
    if threshold and target.report_count >= threshold:
        if post is not None and post.status == Post.Status.PUBLISHED:
            post.status = Post.Status.HIDDEN
            post.moderation_reason = _("Hidden automatically after several reports.")
            post.save(update_fields=["status", "moderation_reason"])
            log_action(code="discussions.post.auto_hidden", actor=None, target=post,
                       reason=post.moderation_reason)  # fmt: skip
        elif comment is not None and comment.status == Comment.Status.VISIBLE:
            comment.status = Comment.Status.HIDDEN
            comment.save(update_fields=["status"])
            move_counts(comment.post_id, comment_count=-1)
            log_action(code="discussions.comment.auto_hidden", actor=None, target=comment)
    publish_moderation_count()
    return report
