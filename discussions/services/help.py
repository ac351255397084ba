"""The help loop: contact about a post, "Je peux aider", "C'est réglé" with
who helped, then thanks and reviews between the people who took part."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.models import (
    HELP_MESSAGE_MAX,
    REVIEW_COMMENT_MAX,
    Conversation,
    HelpOffer,
    HelpReview,
    Post,
    PostHelper,
)
from discussions.services._common import publish_moderation_count
from discussions.services.messages import is_blocked_between, send_message, start_conversation
from discussions.services.moderation import resolve_reports
from discussions.text import refuse_scripts
from voisinages import roles
from voisinages.logs import log_action
from voisinages.models import Resident
from voisinages.notifications import notify

REVIEW_EDITABLE_DAYS = 7
MAX_HELPERS = 20
OUTCOME_HELPED, OUTCOME_NOBODY, OUTCOME_OPEN = "helped", "nobody", "none"


def _bounded(text: str, *, field: str, maximum: int) -> str:
    text = (text or "").strip()
    if len(text) > maximum:
        raise ValidationError(
            {field: _("The text is too long (%(max)d characters at most).") % {"max": maximum}}
        )
    if text:
        refuse_scripts(text, field=field)
    return text


def _link_to_post(
    conversation: Conversation, post: Post | None, *, title: str = "", url: str = ""
) -> None:
    """A conversation continues between the same two people: it now quotes the
    post (or the object) it was last reopened about."""
    if post is not None:
        title, url = "", ""
    elif not title:
        return
    if (conversation.post_id, conversation.subject_title, conversation.subject_url) != (
        getattr(post, "pk", None),
        title[:200],
        url[:300],
    ):
        conversation.post = post
        conversation.subject_title, conversation.subject_url = title[:200], url[:300]
        conversation.save(update_fields=["post", "subject_title", "subject_url"])


@transaction.atomic
def contact_about(
    *,
    sender: Resident,
    recipient: Resident,
    body: str,
    post: Post | None = None,
    subject_title: str = "",
    subject_url: str = "",
) -> Conversation:
    """Write to a neighbour from a post, an object or their profile: the existing
    conversation continues (linked to this subject), or a new one starts if they
    accept messages."""
    if post is not None and post.author_id != recipient.pk:
        raise ValidationError(_("This neighbour is not the author of this post."))
    conversation = start_conversation(sender=sender, recipient=recipient, post=post)
    _link_to_post(conversation, post, title=subject_title, url=subject_url)
    send_message(conversation=conversation, sender=sender, body=body)
    return conversation


def _check_open_request(post: Post) -> None:
    if post.kind != Post.Kind.DEMANDE or post.author_id is None:
        raise ValidationError(_("You can offer help on requests only."))
    if post.is_closed:
        raise ValidationError(_("This request is closed."))


@transaction.atomic
def offer_help(*, post: Post, helper: Resident, message: str = "") -> HelpOffer:
    """ "Je peux aider" on a demande: listed to its author (the mediator for a post
    made on behalf of someone offline), who is notified; a private message too
    when they accept them. One offer per helper and request."""
    if not helper.can_post:
        raise PermissionDenied(_("Only verified residents can offer help."))
    _check_open_request(post)
    author = post.author
    if author.pk == helper.pk:
        raise ValidationError(_("You cannot offer help on your own request."))
    if is_blocked_between(helper, author):
        raise PermissionDenied(_("You cannot write to this neighbour."))
    if HelpOffer.objects.filter(post=post, helper=helper).exists():
        raise ValidationError(_("You have already offered help on this request."))
    message = _bounded(message, field="message", maximum=HELP_MESSAGE_MAX)
    offer = HelpOffer(post=post, helper=helper, message=message)
    offer.full_clean()
    offer.save()
    existing = Conversation.objects.filter(
        first_id=min(helper.pk, author.pk), second_id=max(helper.pk, author.pk)
    ).exists()
    if author.accepts_messages or existing:
        conversation = start_conversation(sender=helper, recipient=author, post=post)
        _link_to_post(conversation, post)
        send_message(
            conversation=conversation,
            sender=helper,
            body=message or _("I can help with “%(title)s”.") % {"title": post.title},
        )
        offer.conversation = conversation
        offer.save(update_fields=["conversation"])
    notify(
        recipients=[author],
        kind="discussions.help.offered",
        title=_("%(name)s can help with “%(title)s”")
        % {"name": helper.display_name, "title": post.title},
        body=message[:200],
        url=post.get_absolute_url() + "#aides",
        actor=helper,
        target=post,
    )
    return offer


@transaction.atomic
def reply_to_offer(*, offer: HelpOffer, by: Resident) -> Conversation:
    """The author answers an offer of help in one tap: the linked conversation
    (the helper, by offering, agreed to be written to)."""
    post = offer.post
    if by.pk != post.author_id:
        raise PermissionDenied(_("Only the author of the request can answer its offers."))
    helper = offer.helper
    if not helper.is_active:
        raise ValidationError(_("This neighbour's account is suspended."))
    if is_blocked_between(by, helper):
        raise PermissionDenied(_("You cannot write to this neighbour."))
    first, second = sorted([by, helper], key=lambda r: r.pk)
    conversation, _created = Conversation.objects.get_or_create(
        first=first, second=second, defaults={"post": post}
    )
    _link_to_post(conversation, post)
    if offer.conversation_id != conversation.pk:
        offer.conversation = conversation
        offer.save(update_fields=["conversation"])
    return conversation


def help_candidates(post: Post) -> list[Resident]:
    """Who the author may name when closing: those who offered help, and those
    who wrote to them about this post."""
    ids = set(HelpOffer.objects.filter(post=post).values_list("helper_id", flat=True))
    for first, second in Conversation.objects.filter(post=post).values_list("first", "second"):
        ids.update(pk for pk in (first, second) if pk is not None)
    ids.discard(post.author_id)
    return list(Resident.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "pk"))


def can_close(post: Post, by) -> bool:
    return post.author_id == by.pk or roles.has_role(by, roles.AMBASSADOR)


@transaction.atomic
def close_request(*, post: Post, by: Resident, helper_ids=(), nobody: bool = False) -> Post:
    """ "C'est réglé": the author (or an ambassador) closes an offer or a request,
    naming who helped or "personne du réseau"; helpers are invited to review."""
    given, post = post, Post.objects.select_for_update().get(pk=post.pk)
    if not can_close(post, by):
        raise PermissionDenied(_("Only the author of this request can close it."))
    if post.kind not in Post.LISTING_KINDS:
        raise ValidationError(_("Only offers and requests can be closed."))
    if post.is_closed:
        raise ValidationError(_("This request is already closed."))
    helper_ids = {int(pk) for pk in helper_ids}
    if len(helper_ids) > MAX_HELPERS:
        raise ValidationError(_("Name %(max)d neighbours at most.") % {"max": MAX_HELPERS})
    if nobody and helper_ids:
        raise ValidationError(_("Choose the neighbours who helped, or “nobody from the network”."))
    if not nobody and not helper_ids:
        raise ValidationError(_("Say who helped you, or choose “nobody from the network”."))
    candidates = {r.pk: r for r in help_candidates(post)}
    unknown = helper_ids - set(candidates)
    if unknown:
        raise ValidationError(
            _("Only neighbours who offered help or wrote to you about it can be named.")
        )
    helpers = [candidates[pk] for pk in sorted(helper_ids)]
    post.closed_at = timezone.now()
    post.closed_outcome = OUTCOME_NOBODY if nobody else OUTCOME_HELPED
    post.save(update_fields=["closed_at", "closed_outcome"])
    given.closed_at, given.closed_outcome = post.closed_at, post.closed_outcome
    PostHelper.objects.bulk_create([PostHelper(post=post, resident=r) for r in helpers])
    if helpers:
        review_url = reverse("review_post", args=[post.pk])
        notify(
            recipients=helpers,
            kind="discussions.help.thanked",
            title=_("%(name)s thanks you for your help on “%(title)s”. Leave a review?")
            % {"name": post.author_label, "title": post.title},
            url=review_url,
            actor=by,
            target=post,
        )
    if by.pk != post.author_id and post.author is not None:
        log_action(code="discussions.post.closed", actor=by, target=post)
    return post


def reviewable_subjects(post: Post, author) -> list[Resident]:
    """Whom `author` may review on this closed request: its author reviews the
    helpers, a helper reviews the author; nobody else."""
    if not post.is_closed or post.closed_outcome != OUTCOME_HELPED:
        return []
    helper_ids = set(post.helpers.values_list("resident_id", flat=True))
    if author.pk == post.author_id:
        ids = helper_ids
    elif author.pk in helper_ids and post.author_id is not None:
        ids = {post.author_id}
    else:
        return []
    return list(Resident.objects.filter(pk__in=ids).order_by("first_name", "pk"))


def _clean_rating(rating) -> int | None:
    if rating in (None, ""):
        return None
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("The rating goes from 1 to 5.")})
    return rating


@transaction.atomic
def leave_help_review(
    *, post: Post, author: Resident, subject: Resident, rating=None, comment: str = ""
) -> HelpReview:
    """Thanks, with an optional rating and comment, once per (author, subject, request)."""
    post = Post.objects.select_related("author").get(pk=post.pk)
    if subject.pk not in {r.pk for r in reviewable_subjects(post, author)}:
        raise PermissionDenied(_("Only the people who took part can leave a review."))
    if HelpReview.objects.filter(post=post, author=author, subject=subject).exists():
        raise ValidationError(_("You have already left a review for this neighbour."))
    review = HelpReview(
        post=post,
        author=author,
        subject=subject,
        rating=_clean_rating(rating),
        comment=_bounded(comment, field="comment", maximum=REVIEW_COMMENT_MAX),
    )
    review.full_clean()
    review.save()
    notify(
        recipients=[subject],
        kind="discussions.review.received",
        title=_("%(name)s thanks you for “%(title)s”")
        % {"name": author.display_name, "title": post.title},
        body=review.comment[:200],
        url=reverse("profile", args=[subject.pk]) + "#avis",
        actor=author,
        target=review,
    )
    return review


@transaction.atomic
def edit_help_review(*, review: HelpReview, by: Resident, rating=None, comment: str = ""):
    """Its author may change a review during 7 days, never after."""
    if by.pk != review.author_id:
        raise PermissionDenied(_("Only its author can change this review."))
    if timezone.now() - review.created_at > timedelta(days=REVIEW_EDITABLE_DAYS):
        raise ValidationError(_("A review can no longer be changed after 7 days."))
    review.rating = _clean_rating(rating)
    review.comment = _bounded(comment, field="comment", maximum=REVIEW_COMMENT_MAX)
    review.edited_at = timezone.now()
    review.full_clean()
    review.save(update_fields=["rating", "comment", "edited_at"])
    return review


@transaction.atomic
def reply_to_review(*, review: HelpReview, by: Resident, body: str) -> HelpReview:
    """The reviewed neighbour answers once."""
    if by.pk != review.subject_id:
        raise PermissionDenied(_("Only the neighbour reviewed can answer."))
    if review.replied_at is not None:
        raise ValidationError(_("You have already answered this review."))
    body = _bounded(body, field="reply", maximum=REVIEW_COMMENT_MAX)
    if not body:
        raise ValidationError({"reply": _("Write something first.")})
    review.reply, review.replied_at = body, timezone.now()
    review.save(update_fields=["reply", "replied_at"])
    return review


@transaction.atomic
def hide_review(*, review: HelpReview, by: Resident, reason: str = "", hidden: bool = True):
    """Ambassadors hide (or show again) a review; the action is logged."""
    if not roles.has_role(by, roles.AMBASSADOR):
        raise PermissionDenied(_("Only ambassadors can moderate reviews."))
    review.status = HelpReview.Status.HIDDEN if hidden else HelpReview.Status.VISIBLE
    review.report_count = review.report_count if hidden else 0
    review.save(update_fields=["status", "report_count"])
    resolve_reports(review=review)
    publish_moderation_count()
    log_action(
        code="discussions.review.hidden" if hidden else "discussions.review.restored",
        actor=by,
        target=review,
        reason=(reason or "")[:500],
    )
    return review
