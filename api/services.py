import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from api.models import ApiToken

TOKEN_PREFIX = "rsx_"  # noqa: S105  (a public marker that says "Réseau token")


def hash_token(raw: str) -> str:
    """A keyed hash (HMAC-SHA256 with the secret key): a stolen table is useless."""
    return hmac.new(settings.SECRET_KEY.encode(), raw.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def create_token(*, resident, name: str, scope: str) -> tuple[ApiToken, str]:
    """Create a token for `resident`; returns it with its secret (shown once, never stored)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        resident=resident,
        name=name.strip(),
        scope=scope,
        prefix=raw[: len(TOKEN_PREFIX) + 4],
        key_hash=hash_token(raw),
    )
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def revoke_token(*, resident, token_id: int) -> ApiToken:
    """Revoke one of the resident's own tokens (404 for anybody else's)."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, resident=resident).first()
    if token is None:
        raise Http404
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def revoke_all_tokens(*, resident) -> int:
    """Revoke every live token of `resident` (their password changed); returns how many."""
    return ApiToken.objects.filter(resident=resident, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def touch_token(*, token: ApiToken) -> None:
    """Record use, at most once a minute (no write on every request)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
