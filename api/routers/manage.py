"""Ambassadors' endpoints: members waiting for approval, suspension, reinstatement."""

from datetime import datetime

from ninja import Query, Router, Schema
from pydantic import Field

from api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, paginate
from api.permissions import require_role
from api.schemas import QuartierRef, responses
from voisinages import roles, selectors
from voisinages.services import members as services

router = Router(tags=["management"])


class MemberOut(Schema):
    """What an ambassador sees of a member at /gestion/membres/."""

    id: int
    display_name: str
    quartier: QuartierRef | None
    is_active: bool
    is_verified: bool
    approval_pending: bool
    email_confirmed: bool
    date_joined: datetime
    roles: list[str]

    @staticmethod
    def resolve_roles(obj):
        names = {group.name for group in obj.groups.all()}
        return [role for role in roles.ALL if role in names]


class MemberFilters(Schema):
    state: str = Field(
        "", pattern="^(|attente|suspendus)$", description='"attente", "suspendus" or all.'
    )
    q: str = Field("", max_length=100)
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class ReasonIn(Schema):
    reason: str = Field("", max_length=1000)


@router.get("/manage/members", response=responses(Page[MemberOut]), summary="Members")
def list_members(request, filters: Query[MemberFilters]):
    require_role(request.user, roles.AMBASSADOR)
    rows = selectors.members_for_management(state=filters.state, query=filters.q)
    return paginate(rows, cursor=filters.cursor, limit=filters.limit, ascending=True)


def _act(request, service, member_id: int, reason: str):
    require_role(request.user, roles.AMBASSADOR)
    member = selectors.get_member(member_id=member_id)
    return service(resident=member, actor=request.user, reason=reason)


@router.post(
    "/manage/members/{int:member_id}/approve",
    response=responses(MemberOut),
    summary="Approve a member waiting for approval",
)
def approve(request, member_id: int, payload: ReasonIn):
    return _act(request, services.approve_resident, member_id, payload.reason)


@router.post(
    "/manage/members/{int:member_id}/suspend",
    response=responses(MemberOut),
    summary="Suspend a member (a reason is required)",
)
def suspend(request, member_id: int, payload: ReasonIn):
    return _act(request, services.suspend_resident, member_id, payload.reason)


@router.post(
    "/manage/members/{int:member_id}/reinstate",
    response=responses(MemberOut),
    summary="Lift a suspension",
)
def reinstate(request, member_id: int, payload: ReasonIn):
    return _act(request, services.reinstate_resident, member_id, payload.reason)
