"""Notification emails: immediate ones (private messages, alerts: whatever a
resident receives "by email"), a daily digest of the rest, and a one-click
unsubscribe (List-Unsubscribe, RFC 8058) that works without logging in.

The inbox is the truth; `Notification.emailed_at` makes sending idempotent."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from socle.communes import commune_url, current_commune, for_each_commune, served_communes
from tenants.models import Commune
from voisinages.models import Notification, NotificationPreference, Resident
from voisinages.notifications import DIGEST, EMAIL_NOW, IN_APP, KINDS
from voisinages.selectors import delivery_for
from voisinages.services.profiles import set_notification_preferences

UNSUBSCRIBE_SALT = "reseau.emails.unsubscribe"
DIGEST_WINDOW = timedelta(days=7)


def delivery_of(resident: Resident, kind: str) -> str:
    """How a notification of `kind` reaches this resident: "app", "email",
    "digest" or "never" (the resident's preference, else the kind's default)."""
    return delivery_for(resident, kind)


def opt_out_of_emails(*, resident: Resident) -> list[str]:
    """Every kind that would reach the resident by email now stays in the app
    (the inbox keeps everything). Returns the kinds changed."""
    changed = [code for code in KINDS if delivery_for(resident, code) in (EMAIL_NOW, DIGEST)]
    set_notification_preferences(resident=resident, choices=dict.fromkeys(changed, IN_APP))
    return changed


def unsubscribe_token(commune_id: int, resident_id: int) -> str:
    return signing.dumps({"c": commune_id, "r": resident_id}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, int] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["c"]), int(data["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_url(commune: Commune, resident: Resident) -> str:
    path = reverse(
        "live_unsubscribe",
        urlconf="reseau.urls_tenant",
        args=[unsubscribe_token(commune.pk, resident.pk)],
    )
    return commune_url(commune, path)


def build_email(
    commune: Commune, resident: Resident, notifications: list, *, digest: bool
) -> EmailMessage:
    """One email to `resident`: a single notification or the day's digest."""
    with translation.override(settings.LANGUAGE_CODE):
        link = unsubscribe_url(commune, resident)
        items = [
            {
                "title": n.title,
                "body": n.body,
                "url": commune_url(commune, n.url) if n.url.startswith("/") else n.url,
            }
            for n in notifications
        ]
        if digest:
            subject = ngettext(
                "%(commune)s: %(count)d new notification",
                "%(commune)s: %(count)d new notifications",
                len(items),
            ) % {"commune": commune.name, "count": len(items)}
        else:
            subject = f"{commune.name} · {items[0]['title']}"
        body = render_to_string(
            "reseau/emails/notifications.txt",
            {
                "commune": commune,
                "resident": resident,
                "items": items,
                "digest": digest,
                "inbox_url": commune_url(commune, "/notifications/"),
                "unsubscribe_url": link,
            },
        )
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[resident.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _mark_emailed(ids: list[int]) -> list[int]:
    """Claim un-emailed rows (locked, skipping rows another sender holds) and
    mark them; returns the ids claimed. Call inside a transaction."""
    claimed = list(
        Notification.objects.select_for_update(skip_locked=True)
        .filter(pk__in=ids, emailed_at__isnull=True)
        .values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=claimed).update(emailed_at=timezone.now())
    return claimed


def send_immediate_emails(ids: list[int]) -> int:
    """Email, one by one, the notifications among `ids` that their recipients
    get "by email" and that no one emailed yet (the job of reseau/tasks.py, in
    the current commune). Each email is claimed and sent in its own
    transaction: a mail failure raises (the job is tried again later) and
    leaves the rest unclaimed, and a job run twice sends nothing twice."""
    commune = current_commune()
    rows = Notification.objects.filter(
        pk__in=ids, emailed_at__isnull=True, recipient__is_active=True
    ).select_related("recipient")
    chosen = {
        (resident_id, kind): delivery
        for resident_id, kind, delivery in NotificationPreference.objects.filter(
            resident_id__in=rows.values("recipient_id"), kind__in=rows.values("kind")
        ).values_list("resident_id", "kind", "delivery")
    }
    sent, smtp = 0, None
    try:
        for notification in rows.order_by("pk"):
            resident = notification.recipient
            default = KINDS[notification.kind].default if notification.kind in KINDS else DIGEST
            if chosen.get((resident.pk, notification.kind), default) != EMAIL_NOW:
                continue
            if not resident.email:
                continue
            with transaction.atomic():
                if _mark_emailed([notification.pk]):
                    if smtp is None:  # one connection to the mail server per job
                        smtp = get_connection()
                        smtp.open()
                    message = build_email(commune, resident, [notification], digest=False)
                    message.connection = smtp
                    message.send()
                    sent += 1
    finally:
        if smtp is not None:
            smtp.close()
    return sent


def send_digests_for(commune: Commune, *, now=None) -> int:
    """The daily digest of the current commune's schema: one email per resident
    with the unread, un-emailed notifications of the last week that they get by
    digest (and immediate ones whose email failed). Returns emails sent."""
    now = now or timezone.now()
    pending = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            read_at__isnull=True,
            created_at__gte=now - DIGEST_WINDOW,
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("recipient_id", "pk")
    )
    by_resident = defaultdict(list)
    for notification in pending:
        by_resident[notification.recipient].append(notification)
    sent = 0
    for resident, notifications in by_resident.items():
        wanted = [n for n in notifications if delivery_of(resident, n.kind) in (DIGEST, EMAIL_NOW)]
        if not wanted:
            continue
        with transaction.atomic():
            claimed = set(_mark_emailed([n.pk for n in wanted]))
            items = [n for n in wanted if n.pk in claimed]
            if items:
                build_email(commune, resident, items, digest=True).send()
                sent += 1
    return sent


def send_all_digests(*, now=None) -> dict[str, int]:
    """Every open commune's digest at once, in this process (what
    `manage.py send_digests` runs; the worker runs one job per commune)."""
    active = served_communes().filter(status=Commune.Status.ACTIVE)
    return {
        commune.slug: sent
        for commune, sent in for_each_commune(
            lambda commune: send_digests_for(commune, now=now), communes=active
        )
    }
