"""Reactions, comments, and reports on posts, comments and reviews."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from discussions.models import (
    COMMENT_MAX,
    Comment,
    HelpReview,
    Post,
    Reaction,
    Report,
)
from discussions.services._common import notify_moderators, publish_moderation_count
from discussions.services.counters import move_counts, move_reaction_count
from discussions.services.posts import moderation_outcome
from discussions.text import refuse_scripts
from socle import live
from socle.communes import current_commune
from voisinages.logs import log_action
from voisinages.models import Resident
from voisinages.notifications import notify


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
    live.publish_on_commit(
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


def _verified_reports(**target) -> int:
    """Reports not yet handled by a moderator, by verified, active residents."""
    return Report.objects.filter(
        resolved_at__isnull=True,
        reporter__is_verified=True,
        reporter__is_active=True,
        **target,
    ).count()


def _auto_hide(*, post: Post | None, comment: Comment | None, review: HelpReview | None) -> None:
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
    elif review is not None and review.status == HelpReview.Status.VISIBLE:
        review.status = HelpReview.Status.HIDDEN
        review.save(update_fields=["status"])
        log_action(code="discussions.review.auto_hidden", actor=None, target=review)


@transaction.atomic
def report_content(
    *,
    reporter: Resident,
    reason: str,
    details: str = "",
    post: Post | None = None,
    comment: Comment | None = None,
    review: HelpReview | None = None,
) -> Report:
    """Report a post, a comment or a review. Past the commune's threshold of
    reports by verified residents it is hidden: throwaway accounts (email never
    confirmed, not verified) reach the moderators but cannot hide anything
    themselves."""
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    refuse_scripts(details, field="details")
    target = post or comment or review
    where = {"post": post, "comment": comment, "review": review}
    if review is not None and reporter.pk == review.author_id:
        raise ValidationError(_("You cannot report your own review."))
    if Report.objects.filter(reporter=reporter, **where).exists():
        raise ValidationError(_("You have already reported this."))
    report = Report(reporter=reporter, reason=reason, details=details.strip()[:500], **where)
    report.full_clean()
    report.save()
    type(target).objects.filter(pk=target.pk).update(report_count=F("report_count") + 1)
    target.refresh_from_db(fields=["report_count"])
    threshold = current_commune().auto_hide_threshold
    if threshold and reporter.is_verified and _verified_reports(**where) >= threshold:
        _auto_hide(**where)
    publish_moderation_count()
    notify_moderators(
        title=_("New report (%(reason)s): %(excerpt)s")
        % {"reason": report.get_reason_display(), "excerpt": str(target)[:80]},
        body=report.details,
        actor=reporter,
        target=target,
    )
    return report
