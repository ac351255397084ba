"""Ambassadors' moderation: approve, hide, restore, delete (the author is told
why), suspend a resident, watched words, categories. Every action is logged."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from discussions.models import Category, Comment, Post, Report, WatchedWord
from discussions.selectors import FILTERS_CACHE_KEY
from discussions.services._common import post_visibility_changed, publish_moderation_count
from discussions.services.counters import move_counts
from discussions.services.posts import announce_post
from voisinages import roles
from voisinages.logs import log_action
from voisinages.models import Resident
from voisinages.notifications import notify

POST_ACTIONS = ("approve", "hide", "restore", "delete")


def _require_ambassador(by: Resident) -> None:
    if not roles.has_role(by, roles.AMBASSADOR):
        raise PermissionDenied(_("Only ambassadors moderate."))


def _tell_author(post: Post, *, title: str, reason: str, by: Resident) -> None:
    if post.author_id:
        notify(
            recipients=[post.author],
            kind="discussions.post.moderated",
            title=title,
            body=reason,
            url=post.get_absolute_url(),
            actor=by,
            target=post,
        )


def resolve_reports(**target) -> None:
    """A moderator decided: the open reports of this target are handled."""
    Report.objects.filter(resolved_at__isnull=True, **target).update(resolved_at=timezone.now())


@transaction.atomic
def moderate_post(*, post: Post, action: str, by: Resident, reason: str = "") -> Post:
    """Apply one moderation action to a post; hiding and deleting need a reason,
    which the author receives."""
    _require_ambassador(by)
    reason = (reason or "").strip()
    if action not in POST_ACTIONS:
        raise ValidationError(_("Unknown moderation action."))
    if action in ("hide", "delete") and not reason:
        raise ValidationError({"reason": _("Give the author a reason.")})
    if post.status == Post.Status.DELETED:
        raise ValidationError(_("This post was deleted."))
    was_visible = post.status == Post.Status.PUBLISHED
    if action == "approve":
        if post.status != Post.Status.PENDING and not post.is_flagged:
            raise ValidationError(_("This post is not waiting for approval."))
        post.status = Post.Status.PUBLISHED
        post.is_flagged = False
        title = _("Your post “%(title)s” is published") % {"title": post.title}
    elif action == "restore":
        post.status = Post.Status.PUBLISHED
        post.is_flagged = False
        post.report_count = 0
        title = _("Your post “%(title)s” is visible again") % {"title": post.title}
    elif action == "hide":
        post.status = Post.Status.HIDDEN
        title = _("Your post “%(title)s” was hidden by the moderators") % {"title": post.title}
    else:
        post.status = Post.Status.DELETED
        post.is_pinned = False
        title = _("Your post “%(title)s” was deleted by the moderators") % {"title": post.title}
    post.moderation_reason = reason
    post.save(
        update_fields=["status", "is_flagged", "report_count", "moderation_reason", "is_pinned"]
    )
    resolve_reports(post=post)
    code = {"approve": "approved", "restore": "restored", "hide": "hidden", "delete": "deleted"}
    log_action(code=f"discussions.post.{code[action]}", actor=by, target=post, reason=reason)
    _tell_author(post, title=title, reason=reason, by=by)
    if post.status == Post.Status.PUBLISHED and not was_visible:
        announce_post(post)
    publish_moderation_count()
    post_visibility_changed(post)
    return post


@transaction.atomic
def moderate_posts(*, posts, action: str, by: Resident, reason: str = "") -> int:
    """The queue's bulk action: the same action on several posts (all or nothing)."""
    done = 0
    for post in posts:
        moderate_post(post=post, action=action, by=by, reason=reason)
        done += 1
    if not done:
        raise ValidationError(_("Select at least one post."))
    return done


@transaction.atomic
def moderate_comment(*, comment: Comment, action: str, by: Resident, reason: str = "") -> Comment:
    """Hide, restore or delete a comment."""
    _require_ambassador(by)
    if action not in ("hide", "restore", "delete"):
        raise ValidationError(_("Unknown moderation action."))
    if action != "restore" and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the author a reason.")})
    log_action(
        code={"hide": "discussions.comment.hidden", "restore": "discussions.comment.restored",
              "delete": "discussions.comment.deleted"}[action],
        actor=by, target=comment, reason=reason,
    )  # fmt: skip
    if comment.author_id and action != "restore":
        notify(
            recipients=[comment.author],
            kind="discussions.post.moderated",
            title=_("Your comment was removed by the moderators"),
            body=reason,
            url=comment.post.get_absolute_url(),
            actor=by,
            target=comment.post,
        )
    resolve_reports(comment=comment)
    was_visible = comment.status == Comment.Status.VISIBLE
    if action == "delete":
        # Its replies go with it (CASCADE): they leave the count too.
        gone = was_visible + comment.replies.filter(status=Comment.Status.VISIBLE).count()
        comment.delete()
        move_counts(comment.post_id, comment_count=-gone)
    else:
        comment.status = Comment.Status.HIDDEN if action == "hide" else Comment.Status.VISIBLE
        comment.report_count = 0 if action == "restore" else comment.report_count
        comment.save(update_fields=["status", "report_count"])
        is_visible = comment.status == Comment.Status.VISIBLE
        move_counts(comment.post_id, comment_count=is_visible - was_visible)
    publish_moderation_count()
    return comment


@transaction.atomic
def add_watched_word(*, word: str, action: str, by: Resident) -> WatchedWord:
    _require_ambassador(by)
    watched = WatchedWord(word=(word or "").strip().lower(), action=action)
    watched.full_clean()
    watched.save()
    log_action(code="discussions.word.added", actor=by, target=watched, data={"action": action})
    return watched


@transaction.atomic
def remove_watched_word(*, watched: WatchedWord, by: Resident) -> None:
    _require_ambassador(by)
    log_action(code="discussions.word.removed", actor=by, target=watched)
    watched.delete()


@transaction.atomic
def save_category(
    *,
    by: Resident,
    name: str,
    requires_approval: bool = False,
    is_active: bool = True,
    is_common: bool = False,
    category: Category | None = None,
) -> Category:
    """Create or edit a category of the commune's list."""
    _require_ambassador(by)
    category = category or Category()
    created = category.pk is None
    category.name = (name or "").strip()
    if created:
        category.slug = slugify(category.name)[:80]
    category.requires_approval = requires_approval
    category.is_active = is_active
    category.is_common = is_common
    category.full_clean()
    category.save()
    transaction.on_commit(lambda: cache.delete(FILTERS_CACHE_KEY))
    log_action(
        code="discussions.category.created" if created else "discussions.category.updated",
        actor=by,
        target=category,
    )
    return category


# The categories of the 2020 lockdowns (seeded by migration 0002): kept, and
# switched off or on as a set by the commune's ambassadors.
LOCKDOWN_CATEGORY_SLUGS = (
    "achat-de-medicaments",
    "aide-a-domicile",
    "accompagnement-chez-le-medecin",
    "repas-pour-les-soignants",
    "materiel-medical",
    "hebergement-de-soignants",
    "livraison-de-repas",
    "prendre-des-nouvelles-de-quelquun",
)


@transaction.atomic
def set_lockdown_categories(*, by: Resident, active: bool) -> int:
    """Switch the lockdown-era categories on or off; returns how many changed.
    Posts keep their categories either way."""
    _require_ambassador(by)
    changed = (
        Category.objects.filter(slug__in=LOCKDOWN_CATEGORY_SLUGS)
        .exclude(is_active=active)
        .update(is_active=active)
    )
    transaction.on_commit(lambda: cache.delete(FILTERS_CACHE_KEY))
    log_action(
        code="discussions.category.lockdown_on" if active else "discussions.category.lockdown_off",
        actor=by,
        data={"changed": changed},
    )
    return changed
