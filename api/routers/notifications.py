from ninja import Query, Router

from api.pagination import Page, paginate
from api.schemas import CountOut, responses
from api.schemas.notifications import (
    InboxFilters,
    NotificationOut,
)
from voisinages import selectors
from voisinages.services.inbox import mark_all_read, mark_read

router = Router(tags=["notifications"])


@router.get("/notifications", response=responses(Page[NotificationOut]), summary="My inbox")
def list_notifications(request, filters: Query[InboxFilters]):
    rows = selectors.inbox(resident=request.user)
    if filters.since_id is not None:
        rows = rows.filter(pk__gt=filters.since_id)
    if filters.unread:
        rows = rows.filter(read_at__isnull=True)
    return paginate(rows, cursor=filters.cursor, limit=filters.limit)


@router.get("/notifications/unread-count", response=responses(CountOut), summary="Unread count")
def unread_count(request):
    return {"count": selectors.unread_count(resident=request.user)}


@router.post("/notifications/read", response=responses(CountOut), summary="Mark all read")
def read_all(request):
    return {"count": mark_all_read(resident=request.user)}


@router.post(
    "/notifications/{int:notification_id}/read",
    response=responses(NotificationOut),
    summary="Mark one notification read",
)
def read_one(request, notification_id: int):
    return mark_read(resident=request.user, notification_id=notification_id)
