from datetime import datetime

from ninja import Query, Router, Schema
from pydantic import Field

from api import selectors, services
from api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, paginate
from api.schemas import CountOut, responses

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    actor: str | None
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_actor(obj):
        return obj.actor.display_name if obj.actor_id else None


class InboxFilters(Schema):
    since_id: int | None = Field(None, ge=0, description="Only notifications newer than this id.")
    unread: bool = Field(False, description="Only unread notifications.")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class MarkReadIn(Schema):
    ids: list[int] | None = Field(None, max_length=500, description="These notifications.")
    up_to_id: int | None = Field(None, ge=0, description="Every notification up to this id.")


@router.get("/notifications", response=responses(Page[NotificationOut]), summary="My inbox")
def list_notifications(request, filters: Query[InboxFilters]):
    rows = selectors.inbox_of(
        resident=request.user, since_id=filters.since_id, unread_only=filters.unread
    )
    return paginate(rows, cursor=filters.cursor, limit=filters.limit)


@router.get("/notifications/unread-count", response=responses(CountOut), summary="Unread count")
def unread_count(request):
    return {"count": selectors.inbox_of(resident=request.user, unread_only=True).count()}


@router.get("/notifications/{int:notification_id}", response=responses(NotificationOut))
def get_notification(request, notification_id: int):
    return selectors.notification_of(resident=request.user, notification_id=notification_id)


@router.post(
    "/notifications/read",
    response=responses(CountOut),
    summary="Mark notifications read (given ids, all up to an id, or all)",
)
def mark_read(request, payload: MarkReadIn):
    count = services.mark_notifications_read(
        resident=request.user, ids=payload.ids, up_to_id=payload.up_to_id
    )
    return {"count": count}


@router.post(
    "/notifications/{int:notification_id}/read",
    response=responses(NotificationOut),
    summary="Mark one notification read",
)
def mark_one_read(request, notification_id: int):
    notification = selectors.notification_of(resident=request.user, notification_id=notification_id)
    services.mark_notifications_read(resident=request.user, ids=[notification.pk])
    notification.refresh_from_db()
    return notification
