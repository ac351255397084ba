"""Publishing, renewing, pinning posts, and their expiry."""

import math
from datetime import datetime, timedelta

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.alerts import announce_alert
from discussions.models import (
    BODY_MAX,
    TITLE_MAX,
    Category,
    Post,
    WatchedWord,
)
from discussions.services._common import (
    is_staff_of_commune,
    notify_moderators,
    post_visibility_changed,
    publish_moderation_count,
)
from discussions.text import find_watched, fold, process_photo, refuse_scripts, render_markdown
from socle import live
from socle.communes import ModerationMode, current_commune
from socle.params import parse_id
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


def update_search_vector(post: Post) -> None:
    """Recompute the stored tsvector from the row's title, tag_names and body."""
    Post.objects.filter(pk=post.pk).update(search_vector=search_vector_expression())


def resolve_categories(categories, *, kept=()) -> list[Category]:
    """Categories given as objects, ids or slugs, all of the active commune and
    in use (or among `kept`, those a post already has)."""
    wanted_ids, wanted_slugs = set(), set()
    for category in categories:
        if isinstance(category, Category):
            wanted_ids.add(category.pk)
        elif parse_id(category) is not None:
            wanted_ids.add(parse_id(category))
        else:
            wanted_slugs.add(str(category))
    usable = Category.objects.filter(Q(is_active=True) | Q(pk__in=[c.pk for c in kept]))
    found = list(usable.filter(pk__in=wanted_ids)) + list(usable.filter(slug__in=wanted_slugs))
    if len({c.pk for c in found}) != len(wanted_ids) + len(wanted_slugs):
        raise ValidationError({"categories": _("Choose categories from your commune's list.")})
    return found


def clean_tags(tags) -> list[str]:
    names = []
    for tag in tags:
        name = str(tag).strip().lstrip("#")[:50]
        if name and name.lower() not in {n.lower() for n in names}:
            refuse_scripts(name, field="tags")
            names.append(name)
    if len(names) > 10:
        raise ValidationError({"tags": _("Ten tags at most.")})
    return names


def check_text(*, title: str, body: str) -> None:
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


def check_kind_fields(kind: str, fields: dict, *, kept_dates: frozenset = frozenset()) -> None:
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


def check_poster(*, author: Resident, kind: str, on_behalf: bool) -> None:
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
        commune = current_commune()
        if commune.moderation_mode == ModerationMode.A_PRIORI:
            held = True
        if any(c.requires_approval for c in categories):
            held = True
    return (Post.Status.PENDING if held else Post.Status.PUBLISHED), flagged


@transaction.atomic
def attach_photo(post: Post, upload) -> None:
    """Store `upload` (checked, resized) as the post's photo and thumbnail; not saved."""
    content, thumbnail = process_photo(upload)
    post.photo.save(content.name, content, save=False)
    post.photo_thumbnail.save(thumbnail.name, thumbnail, save=False)


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
    check_poster(author=author, kind=kind, on_behalf=bool(kind_fields.get("on_behalf")))
    title = (title or "").strip()
    body = (body or "").strip()
    check_text(title=title, body=body)
    check_kind_fields(kind, kind_fields)
    category_objects = resolve_categories(categories)
    tag_names = clean_tags(tags)
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
        attach_photo(post, photo)
    post.full_clean()
    post.save()
    post.categories.set(category_objects)
    if tag_names:
        post.tags.set(tag_names)
    update_search_vector(post)
    if status == Post.Status.PUBLISHED:
        announce_post(post)
    if status == Post.Status.PENDING or flagged:
        publish_moderation_count()
    if status == Post.Status.PENDING:
        notify_moderators(
            title=_("A post waits for approval: %(title)s") % {"title": post.title},
            body=post.body,
            actor=author,
            target=post,
        )
    post_visibility_changed(post)
    return post


GUEST_NAME_MAX = 60


@transaction.atomic
def publish_guest_post(
    *,
    name: str,
    email: str,
    kind: str,
    title: str,
    body: str,
    tags=(),
    is_public: bool = True,
    approved: bool = False,
) -> Post:
    """An offer or request of a guest without an account (from the platform's
    /entraide/proposer/, once the guest confirmed the email): checked and
    watched like a resident's, held for the ambassadors' approval when the
    commune moderates guests a priori (Commune.guest_premoderation). The
    guest's email is stored, never shown (answers are relayed)."""
    if kind not in Post.LISTING_KINDS:
        raise ValidationError({"kind": _("A guest posts an offer or a request.")})
    name = (name or "").strip()
    if not name or len(name) > GUEST_NAME_MAX:
        raise ValidationError({"guest_name": _("Give a first name (60 characters at most).")})
    email = (email or "").strip().lower()
    validate_email(email)
    title = (title or "").strip()
    body = (body or "").strip()
    check_text(title=title, body=body)
    refuse_scripts(name, field="guest_name")
    tag_names = clean_tags(tags)
    text = f"{title}\n{body}\n{' '.join(tag_names)}"
    found = find_watched(text, WatchedWord.objects.all())
    blocked = [w.word for w in found if w.action == WatchedWord.Action.BLOCK]
    if blocked:
        raise ValidationError(
            _("Your text contains a word this commune does not accept: %(words)s.")
            % {"words": ", ".join(blocked)},
            code="watched_word",
        )
    held = not approved and (
        getattr(current_commune(), "guest_premoderation", True)
        or any(w.action == WatchedWord.Action.HOLD for w in found)
    )
    now = timezone.now()
    post = Post(
        author=None,
        is_guest=True,
        guest_name=name,
        guest_email=email,
        kind=kind,
        title=title,
        body=body,
        body_html=render_markdown(body),
        # Held for the ambassadors while the commune moderates guests a priori
        # (its setting, on by default) or a watched word says so, unless
        # already approved (a board post platform staff approved, moved in
        # when the commune opens).
        status=Post.Status.PENDING if held else Post.Status.PUBLISHED,
        is_flagged=any(w.action == WatchedWord.Action.FLAG for w in found),
        is_public=is_public,
        created_at=now,
        expires_at=now + timedelta(days=current_commune().listing_lifetime_days),
        tag_names=" ".join(tag_names)[:500],
    )
    post.full_clean()
    post.save()
    if tag_names:
        post.tags.set(tag_names)
    update_search_vector(post)
    publish_moderation_count()
    if post.status == Post.Status.PENDING:
        notify_moderators(
            title=_("A post waits for approval: %(title)s") % {"title": post.title},
            body=post.body,
            target=post,
        )
    post_visibility_changed(post)
    return post


def announce_post(post: Post) -> None:
    """A post became visible: live event, and the alert or demande notifications."""
    live.publish_on_commit(
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
        # Every neighbour: a job stores their notifications (discussions/alerts.py).
        announce_alert.defer_here(post_id=post.pk)
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
    _extend_listing(post, commune)
    post.full_clean()
    post.save(
        update_fields=["expires_at", "renewals_used", "expiry_notified_at", "settle_asked_at"]
    )
    post_visibility_changed(post)
    return post


def _extend_listing(post: Post, commune) -> None:
    now = timezone.now()
    start = max(now, post.expires_at or now)
    post.expires_at = start + timedelta(days=commune.listing_lifetime_days)
    post.renewals_used += 1
    post.expiry_notified_at = None
    post.settle_asked_at = None


@transaction.atomic
def manage_guest_listing(*, post_id: int, email: str, action: str) -> Post:
    """A guest's private link (tenants/services/guests.py) acting on the guest's
    post in this commune's feed: renew it (within the commune's renewals),
    close it (the listing ends now) or delete it. Only a guest post whose
    stored address is the guest's."""
    post = Post.objects.select_for_update().filter(pk=post_id, is_guest=True).first()
    if post is None or post.status == Post.Status.DELETED or not email or post.guest_email != email:
        raise ValidationError(_("This post no longer exists."))
    commune = current_commune()
    if action == "renew":
        if post.renewals_used >= commune.renewals_allowed:
            raise ValidationError(_("This post cannot be renewed any more: publish it again."))
        _extend_listing(post, commune)
    elif action == "close":
        post.closed_at = post.expires_at = timezone.now()
    elif action == "delete":
        post.status, post.guest_email = Post.Status.DELETED, ""
    else:
        raise ValidationError(_("Unknown action."))
    post.save()
    publish_moderation_count()
    post_visibility_changed(post)
    return post


def _published_listings(**filters):
    """Published offers and requests that have an author account, with it."""
    return Post.objects.filter(
        kind__in=Post.LISTING_KINDS,
        status=Post.Status.PUBLISHED,
        author__isnull=False,
        **filters,
    ).select_related("author")


@transaction.atomic
def notify_expiring_listings(*, days_before: int = 3) -> int:
    """Tell authors whose offers or requests expire within `days_before` days (once)."""
    now = timezone.now()
    posts = list(
        _published_listings(
            expires_at__gt=now,
            expires_at__lte=now + timedelta(days=days_before),
            expiry_notified_at__isnull=True,
        )
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


SETTLE_ASKED_WITHIN = timedelta(days=30)


@transaction.atomic
def ask_expired_listings_settled() -> int:
    """Ask the authors of offers and requests that expired (in the last 30 days)
    and were never closed: "C'est réglé ?", linking to the close page. Once per
    lifetime of the post (a renewal asks again at its next expiry)."""
    now = timezone.now()
    posts = list(
        _published_listings(
            expires_at__lte=now,
            expires_at__gt=now - SETTLE_ASKED_WITHIN,
            closed_at__isnull=True,
            settle_asked_at__isnull=True,
            is_guest=False,
        ).select_for_update(skip_locked=True, of=("self",))
    )
    for post in posts:
        notify(
            recipients=[post.author],
            kind="discussions.listing.settle",
            title=_("“%(title)s” has expired: is it settled?") % {"title": post.title},
            body=_(
                "Tell us who helped you, or that nobody from the network did: it thanks "
                "them, and shows the commune what the network brings."
            ),  # fmt: skip
            # A job has no request: name the commune's URLs (as _common.notify_moderators).
            url=reverse("close_post", args=[post.pk], urlconf="reseau.urls_tenant"),
            target=post,
        )
    Post.objects.filter(pk__in=[p.pk for p in posts]).update(settle_asked_at=now)
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
