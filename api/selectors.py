from django.db.models import QuerySet

from api.models import ApiToken
from api.services import TOKEN_PREFIX, hash_token


def tokens_of(*, resident) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(resident=resident)


def active_token(*, raw: str) -> ApiToken | None:
    """The live token of the current commune matching `raw`, or None (unknown,
    revoked, or its owner suspended)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    return (
        ApiToken.objects.select_related("resident")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, resident__is_active=True)
        .first()
    )
