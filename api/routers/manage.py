"""Ambassadors' endpoints: members waiting for approval, suspension, reinstatement."""

from ninja import Query, Router

from api.pagination import Page, paginate
from api.permissions import require_role
from api.schemas import responses
from api.schemas.manage import (
    MemberFilters,
    MemberOut,
    ReasonIn,
)
from voisinages import roles, selectors
from voisinages.services import members as services

router = Router(tags=["management"])


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
