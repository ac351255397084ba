"""The platform's emails: interest and onboarding request confirmations, the
approval (ambassador invitation), the refusal and the opening announcement.
They leave from a worker (tenants/tasks.py, the `mail` queue) and are built
there from primary keys and the rows as they are then; each one is skipped
when the row no longer asks for it (so a retried job does not mail a
confirmed address again)."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from socle.communes import commune_url
from socle.links import absolute_url
from tenants.models import Commune, GuestPost, GuestReply, InterestSignup, OnboardingRequest
from voisinages.models import Invitation

INTEREST_SALT = "tenants.interest.confirm"
REQUEST_SALT = "tenants.request.confirm"
GUEST_CONFIRM_SALT = "tenants.guest.confirm"
GUEST_MANAGE_SALT = "tenants.guest.manage"
GUEST_REPLY_SALT = "tenants.guest.reply"


def platform_url(path: str) -> str:
    return absolute_url(settings.RESEAU_BASE_DOMAIN, path)


def _confirmation_url(pk: int, *, salt: str, route: str) -> str:
    # The public site's URLconf: a worker has no request that would choose it.
    token = signing.dumps(pk, salt=salt)
    return platform_url(reverse(route, args=[token], urlconf=settings.PUBLIC_SCHEMA_URLCONF))


def _send(*, to: str, subject: str, template: str, context: dict) -> bool:
    send_mail(subject, render_to_string(template, context), None, [to])
    return True


def send_interest_confirmation(signup: InterestSignup) -> bool:
    if signup.confirmed_at is not None:
        return False
    url = _confirmation_url(signup.pk, salt=INTEREST_SALT, route="interest_confirm")
    return _send(
        to=signup.email,
        subject=_("Confirm your interest in Réseau for %(name)s")
        % {"name": signup.french_commune.name},
        template="tenants/email/interest_confirm.txt",
        context={"commune": signup.french_commune, "url": url},
    )


def send_request_confirmation(request: OnboardingRequest) -> bool:
    if request.status != OnboardingRequest.Status.UNCONFIRMED:
        return False
    url = _confirmation_url(request.pk, salt=REQUEST_SALT, route="request_confirm")
    return _send(
        to=request.contact_email,
        subject=_("Confirm your request to open Réseau in %(name)s")
        % {"name": request.french_commune.name},
        template="tenants/email/request_confirm.txt",
        context={"request": request, "url": url},
    )


def send_request_approved(request: OnboardingRequest, *, invitation_id: int) -> bool:
    """The ambassador invitation of the opened commune, to the contact."""
    commune = request.commune
    if request.status != OnboardingRequest.Status.APPROVED or commune is None:
        return False
    with schema_context(commune.schema_name):
        invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None:
        return False
    signup = reverse("signup", urlconf=settings.ROOT_URLCONF)
    onboarded = {
        "commune": commune,
        "url": commune_url(commune),
        "invitation_url": commune_url(commune, f"{signup}?invitation={invitation.token}"),
    }
    return _send(
        to=request.contact_email,
        subject=_("%(name)s is open on Réseau") % {"name": commune.name},
        template="tenants/email/request_approved.txt",
        context={"request": request, "onboarded": onboarded},
    )


def send_request_refused(request: OnboardingRequest) -> bool:
    if request.status != OnboardingRequest.Status.REFUSED:
        return False
    return _send(
        to=request.contact_email,
        subject=_("Your request to open Réseau in %(name)s")
        % {"name": request.french_commune.name},
        template="tenants/email/request_refused.txt",
        context={"request": request},
    )


def send_commune_opened(signup: InterestSignup) -> bool:
    """Tell someone who asked for the commune that it opened."""
    commune = Commune.objects.filter(insee_code=signup.french_commune_id, is_template=False).first()
    if commune is None or signup.confirmed_at is None:
        return False
    return _send(
        to=signup.email,
        subject=_("Réseau is open in %(name)s") % {"name": signup.french_commune.name},
        template="tenants/email/interest_opened.txt",
        context={"commune": commune, "url": commune_url(commune)},
    )


def send_guest_post_links(guest: GuestPost) -> bool:
    """The guest's confirmation link and private manage link (no password)."""
    if guest.status != GuestPost.Status.UNCONFIRMED or not guest.email:
        return False
    return _send(
        to=guest.email,
        subject=_("Confirm your post “%(title)s”") % {"title": guest.title},
        template="tenants/email/guest_post_links.txt",
        context={
            "guest": guest,
            "confirm_url": _confirmation_url(
                guest.pk, salt=GUEST_CONFIRM_SALT, route="entraide_confirm"
            ),
            "manage_url": _confirmation_url(
                guest.pk, salt=GUEST_MANAGE_SALT, route="entraide_manage"
            ),
        },
    )


def send_reply_confirmation(reply: GuestReply) -> bool:
    """The visitor confirms their own address before anything reaches the guest."""
    if reply.confirmed_at is not None:
        return False
    return _send(
        to=reply.sender_email,
        subject=_("Confirm your answer to “%(title)s”") % {"title": reply.guest_post.title},
        template="tenants/email/guest_reply_confirm.txt",
        context={
            "reply": reply,
            "url": _confirmation_url(reply.pk, salt=GUEST_REPLY_SALT, route="entraide_reply"),
        },
    )


def send_reply_to_guest(reply: GuestReply) -> bool:
    """The visitor's message to the guest, who answers with Reply-To."""
    guest = reply.guest_post
    if reply.confirmed_at is None or reply.relayed_at is not None or not guest.email:
        return False
    EmailMessage(
        _("An answer to your post “%(title)s”") % {"title": guest.title},
        render_to_string(
            "tenants/email/guest_reply.txt",
            {"reply": reply, "guest": guest, "platform": platform_url("/")},
        ),
        None,
        [guest.email],
        reply_to=[reply.sender_email],
    ).send()
    GuestReply.objects.filter(pk=reply.pk).update(relayed_at=timezone.now())
    return True


def send_guest_invitation(guest: GuestPost) -> bool:
    """The commune of a board post opened and the post moved into its feed: its
    author is invited to create an account there (once)."""
    if guest.status != GuestPost.Status.IN_COMMUNE or guest.invited_at or not guest.email:
        return False
    commune = guest.commune
    _send(
        to=guest.email,
        subject=_("%(name)s is open on Réseau: your post is in its feed") % {"name": commune.name},
        template="tenants/email/guest_invitation.txt",
        context={
            "guest": guest,
            "commune": commune,
            "post_url": commune_url(commune, f"/fil/{guest.post_id}/"),
            "signup_url": commune_url(commune, "/accounts/signup/"),
            "manage_url": _confirmation_url(
                guest.pk, salt=GUEST_MANAGE_SALT, route="entraide_manage"
            ),
        },
    )
    GuestPost.objects.filter(pk=guest.pk).update(invited_at=timezone.now())
    return True
