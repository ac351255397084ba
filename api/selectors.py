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


# --- Reads of voisinages the API needs and main does not offer yet ----------
# voisinages (issue 3) owns the directory, privacy and the inbox; until its
# selectors land these are the plain reads the site's pages would make.


def directory_residents():
    """Residents other members may see: active and approved (public fields only
    ever leave the API: see api.routers.residents.ResidentOut)."""
    from voisinages.models import Resident

    return (
        Resident.objects.filter(is_active=True, approval_pending=False)
        .select_related("quartier")
        .prefetch_related("skills")
    )


def directory_resident(*, resident_id: int):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(directory_residents(), pk=resident_id)


def inbox_of(*, resident, since_id: int | None = None, unread_only: bool = False):
    from voisinages.models import Notification

    rows = Notification.objects.filter(recipient=resident).select_related("actor")
    if since_id is not None:
        rows = rows.filter(pk__gt=since_id)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows


def notification_of(*, resident, notification_id: int):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(inbox_of(resident=resident), pk=notification_id)
