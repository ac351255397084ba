"""Guests without an account (/entraide/proposer/): the email confirms and
publishes; a signed private link renews, closes or deletes; in a commune not
open yet the post waits on its board for platform staff, and counts as interest
in the commune; in an open commune it becomes a guest post of its feed."""

from datetime import timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from discussions.services import manage_guest_listing, publish_guest_post
from tenants import tasks
from tenants.entraide import forget_department_counts
from tenants.mails import GUEST_CONFIRM_SALT, GUEST_MANAGE_SALT, GUEST_REPLY_SALT
from tenants.models import (
    Commune,
    FrenchCommune,
    GuestPost,
    GuestReply,
    InterestSignup,
    PublicListing,
)

CONFIRM_MAX_AGE = 7 * 24 * 3600
LIFETIME_DAYS = 60
RENEWALS_ALLOWED = 1


def _guest_from(
    token: str, *, salt: str, max_age: int | None = None, lock: bool = True
) -> GuestPost:
    try:
        pk = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as error:
        raise ValidationError(_("This link is invalid or has expired.")) from error
    rows = GuestPost.objects.select_for_update(of=("self",)) if lock else GuestPost.objects.all()
    guest = rows.select_related("french_commune").filter(pk=pk).first()
    if guest is None or guest.status == GuestPost.Status.DELETED:
        raise ValidationError(_("This post no longer exists."))
    return guest


def _split_tags(text: str) -> list[str]:
    return [tag.strip()[:50] for tag in (text or "").split(",") if tag.strip()][:10]


@transaction.atomic
def submit_guest_post(
    *,
    french_commune: FrenchCommune,
    first_name: str,
    email: str,
    phone: str = "",
    kind: str,
    categories: str = "",
    title: str,
    body: str = "",
) -> GuestPost:
    """Store the post, unconfirmed, and email the confirmation and manage links."""
    guest = GuestPost(
        french_commune=french_commune,
        first_name=first_name.strip(),
        email=email.strip().lower(),
        phone=(phone or "").strip(),
        kind=kind,
        categories=", ".join(_split_tags(categories))[:300],
        title=title.strip(),
        body=(body or "").strip(),
    )
    guest.full_clean()
    guest.save()
    tasks.guest_post_links.defer(guest_post_id=guest.pk)
    return guest


@transaction.atomic
def confirm_guest_post(*, token: str) -> GuestPost:
    """The emailed link: to its open commune's feed, or to its board for staff. Idempotent."""
    guest = _guest_from(token, salt=GUEST_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if guest.status != GuestPost.Status.UNCONFIRMED:
        return guest
    now = timezone.now()
    guest.confirmed_at = now
    commune = (
        Commune.objects.filter(insee_code=guest.french_commune_id, is_template=False)
        .exclude(schema_name="public")
        .first()
    )
    if commune is not None:
        with schema_context(commune.schema_name):
            post = publish_guest_post(
                name=guest.first_name,
                email=guest.email,
                kind=guest.kind,
                title=guest.title,
                body=guest.body,
                tags=_split_tags(guest.categories),
            )
        guest.status, guest.commune, guest.post_id = GuestPost.Status.IN_COMMUNE, commune, post.pk
    else:
        guest.status = GuestPost.Status.PENDING
        signup = (
            InterestSignup.objects.filter(french_commune=guest.french_commune)
            .filter(email__iexact=guest.email)
            .first()
        )
        if signup is None:
            InterestSignup.objects.create(
                french_commune=guest.french_commune, email=guest.email, confirmed_at=now
            )
        elif signup.confirmed_at is None:
            signup.confirmed_at = now
            signup.save(update_fields=["confirmed_at"])
    guest.save()
    return guest


def guest_for_manage(token: str, *, lock: bool = False) -> GuestPost:
    """The guest post of a private manage link (read only unless `lock`, in a transaction)."""
    return _guest_from(token, salt=GUEST_MANAGE_SALT, lock=lock)


@transaction.atomic
def manage_guest_post(*, token: str, action: str) -> GuestPost:
    """The private link: renew (once), close or delete (the guest's data is wiped)."""
    guest = guest_for_manage(token, lock=True)
    if guest.status == GuestPost.Status.IN_COMMUNE:
        return _manage_in_commune(guest, action)
    if action == "renew":
        if guest.status != GuestPost.Status.PUBLISHED:
            raise ValidationError(_("Only a published post is renewed."))
        if guest.renewals_used >= RENEWALS_ALLOWED:
            raise ValidationError(_("This post cannot be renewed any more: publish it again."))
        start = max(timezone.now(), guest.expires_at or timezone.now())
        guest.expires_at = start + timedelta(days=LIFETIME_DAYS)
        guest.renewals_used += 1
    elif action == "close":
        guest.status = GuestPost.Status.CLOSED
    elif action == "delete":
        guest.status = GuestPost.Status.DELETED
        guest.email, guest.phone, guest.body = "", "", ""
    else:
        raise ValidationError(_("Unknown action."))
    guest.save()
    sync_guest_listing(guest)
    return guest


def _manage_in_commune(guest: GuestPost, action: str) -> GuestPost:
    """The post lives in its open commune's feed: the same link acts on it there."""
    if guest.commune is None:
        raise ValidationError(_("This post no longer exists."))
    with schema_context(guest.commune.schema_name):
        manage_guest_listing(post_id=guest.post_id, email=guest.email, action=action)
    if action == "delete":
        guest.status = GuestPost.Status.DELETED
        guest.email, guest.phone, guest.body = "", "", ""
        guest.save(update_fields=["status", "email", "phone", "body"])
    return guest


REPORTS_TO_HIDE = 3


@transaction.atomic
def report_board_post(*, guest: GuestPost) -> GuestPost:
    """A visitor reports a board post: counted for platform staff, who see it in
    their queue; at REPORTS_TO_HIDE it leaves the board until they look."""
    guest = GuestPost.objects.select_for_update().get(pk=guest.pk)
    guest.reports = min(guest.reports + 1, 1000)
    if guest.reports >= REPORTS_TO_HIDE and guest.status == GuestPost.Status.PUBLISHED:
        guest.status = GuestPost.Status.HIDDEN
    guest.save(update_fields=["reports", "status"])
    sync_guest_listing(guest)
    return guest


@transaction.atomic
def moderate_board_post(*, guest: GuestPost, action: str, by) -> GuestPost:
    """Platform staff approve or hide a board post (a commune not open yet)."""
    if not (by.is_authenticated and by.is_active and by.is_staff):
        raise PermissionDenied
    guest = GuestPost.objects.select_for_update().get(pk=guest.pk)
    if guest.status not in (
        GuestPost.Status.PENDING,
        GuestPost.Status.PUBLISHED,
        GuestPost.Status.HIDDEN,
    ):
        raise ValidationError(_("This post cannot be moderated here."))
    if action == "approve":
        now = timezone.now()
        if guest.published_at is None:
            guest.published_at = now
            guest.expires_at = now + timedelta(days=LIFETIME_DAYS)
        guest.status = GuestPost.Status.PUBLISHED
    elif action == "hide":
        guest.status = GuestPost.Status.HIDDEN
    else:
        raise ValidationError(_("Unknown action."))
    guest.save()
    sync_guest_listing(guest)
    return guest


def sync_guest_listing(guest: GuestPost) -> None:
    """The board post in /entraide/'s index while it is published and not expired."""
    now = timezone.now()
    if guest.status != GuestPost.Status.PUBLISHED or (
        guest.expires_at is not None and guest.expires_at <= now
    ):
        PublicListing.objects.filter(guest_post=guest).delete()
        forget_department_counts()
        return
    forget_department_counts()
    PublicListing.objects.update_or_create(
        guest_post=guest,
        defaults={
            "department": guest.french_commune.department,
            "place_name": guest.french_commune.name,
            "kind": guest.kind,
            "category_names": guest.categories,
            "title": guest.title,
            "excerpt": " ".join(guest.body.split())[: PublicListing.EXCERPT_MAX],
            "published_at": guest.published_at or now,
            "expires_at": guest.expires_at,
        },
    )


def relayable_guest_post(pk: int) -> GuestPost | None:
    """A post visitors may answer: published on its board, or in an open commune's feed."""
    return visible_board_post(pk) or (
        GuestPost.objects.select_related("french_commune", "commune")
        .filter(pk=pk, status=GuestPost.Status.IN_COMMUNE, commune__status=Commune.Status.ACTIVE)
        .exclude(email="")
        .first()
    )


def guest_of_commune_post(*, slug: str, post_id: int) -> GuestPost | None:
    return GuestPost.objects.filter(
        commune__slug=slug, post_id=post_id, status=GuestPost.Status.IN_COMMUNE
    ).first()


def visible_board_post(pk: int) -> GuestPost | None:
    now = timezone.now()
    return (
        GuestPost.objects.select_related("french_commune")
        .filter(pk=pk, status=GuestPost.Status.PUBLISHED, expires_at__gt=now)
        .first()
    )


@transaction.atomic
def answer_board_post(*, guest: GuestPost, sender_email: str, message: str) -> GuestReply:
    """A visitor's answer, kept until the visitor confirms their address."""
    reply = GuestReply(
        guest_post=guest, sender_email=sender_email.strip().lower(), message=message.strip()
    )
    reply.full_clean()
    reply.save()
    tasks.guest_reply_confirmation.defer(reply_id=reply.pk)
    return reply


@transaction.atomic
def confirm_reply(*, token: str) -> GuestReply:
    """The visitor's link: the answer leaves for the guest, once. Idempotent."""
    try:
        pk = signing.loads(token, salt=GUEST_REPLY_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature as error:
        raise ValidationError(_("This link is invalid or has expired.")) from error
    reply = GuestReply.objects.select_for_update().filter(pk=pk).first()
    if reply is None:
        raise ValidationError(_("This post no longer exists."))
    if reply.confirmed_at is None:
        reply.confirmed_at = timezone.now()
        reply.save(update_fields=["confirmed_at"])
        tasks.guest_reply_relay.defer(reply_id=reply.pk)
    return reply


PURGE_AFTER_DAYS = 30


@transaction.atomic
def purge_guest_data(*, now=None) -> int:
    """30 days after a board post expired (or a week after an unconfirmed one
    was sent), the guest's data goes: address, phone, text and answers."""
    now = now or timezone.now()
    stale = GuestPost.objects.exclude(status=GuestPost.Status.DELETED).filter(
        Q(expires_at__lte=now - timedelta(days=PURGE_AFTER_DAYS))
        | Q(
            status=GuestPost.Status.UNCONFIRMED,
            created_at__lte=now - timedelta(seconds=CONFIRM_MAX_AGE),
        )
    )
    ids = list(stale.values_list("pk", flat=True))
    GuestReply.objects.filter(guest_post_id__in=ids).delete()
    PublicListing.objects.filter(guest_post_id__in=ids).delete()
    return GuestPost.objects.filter(pk__in=ids).update(
        status=GuestPost.Status.DELETED, email="", phone="", body=""
    )


def move_board_to_commune(*, commune: Commune) -> int:
    """The commune just opened: its board's published posts become guest posts
    of its feed (already approved), and leave the board. Their authors receive
    an invitation to create an account there (the job `guest_invitation`)."""
    moved = 0
    board = GuestPost.objects.filter(
        french_commune_id=commune.insee_code, status=GuestPost.Status.PUBLISHED
    )
    for guest in board:
        with schema_context(commune.schema_name):
            post = publish_guest_post(
                name=guest.first_name,
                email=guest.email,
                kind=guest.kind,
                title=guest.title,
                body=guest.body,
                tags=_split_tags(guest.categories),
                approved=True,
            )
        guest.status, guest.commune, guest.post_id = GuestPost.Status.IN_COMMUNE, commune, post.pk
        guest.save(update_fields=["status", "commune", "post_id"])
        PublicListing.objects.filter(guest_post=guest).delete()
        tasks.guest_invitation.defer(guest_post_id=guest.pk)
        moved += 1
    forget_department_counts()
    return moved
