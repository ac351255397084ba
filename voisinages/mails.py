"""The emails a resident waits for: the address confirmation and the password
reset. They leave from a worker (voisinages/tasks.py, the `mail` queue, ahead
of every notification) and are built there from primary keys: the link is
made when the email leaves, for the address the account has then."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from socle.communes import commune_host, commune_url, current_commune
from socle.links import site_netloc
from voisinages.models import Resident


def _salt() -> str:
    # The schema in the salt: a link of one commune is worthless on another.
    return f"voisinages.confirm-email:{connection.schema_name}"


def email_confirmation_token(resident: Resident) -> str:
    return signing.dumps({"r": resident.pk, "e": resident.email}, salt=_salt(), compress=True)


def read_confirmation_token(token: str, *, max_age: int) -> dict:
    """The signed data of a confirmation link; raises signing.BadSignature
    (or SignatureExpired) for a forged, foreign or stale one."""
    return signing.loads(token, salt=_salt(), max_age=max_age)


def send_confirmation(resident: Resident) -> bool:
    """The confirmation link, to the resident's current address (nothing if
    the account went or is already confirmed). Sending is the last step: a
    failure raises before anything left, so a retried job sends it once."""
    if not resident.is_active or resident.email_confirmed or not resident.email:
        return False
    commune = current_commune()
    link = commune_url(commune, reverse("confirm_email", args=[email_confirmation_token(resident)]))
    context = {"resident": resident, "commune": commune, "link": link}
    subject = _("Confirm your email address on %(name)s") % {"name": commune.name}
    body = render_to_string("voisinages/emails/confirm_email.txt", context)
    send_mail(subject, body, None, [resident.email])
    return True


def send_password_reset(resident: Resident) -> bool:
    """Django's reset email, with the link on the commune's configured domain,
    scheme and port (never a request's Host header)."""
    if not resident.is_active or not resident.email or not resident.has_usable_password():
        return False
    commune = current_commune()
    PasswordResetForm().send_mail(
        "registration/password_reset_subject.txt",
        "registration/password_reset_email.txt",
        {
            "email": resident.email,
            "domain": site_netloc(commune_host(commune)),
            "site_name": commune.name,
            "uid": urlsafe_base64_encode(force_bytes(resident.pk)),
            "user": resident,
            "token": default_token_generator.make_token(resident),
            "protocol": settings.RESEAU_URL_SCHEME,
        },
        None,
        resident.email,
    )
    return True
