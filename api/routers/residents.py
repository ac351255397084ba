from ninja import Query, Router

from api.pagination import Page, paginate
from api.schemas import responses
from api.schemas.residents import (
    DirectoryFilters,
    ReputationFilters,
    ReputationOut,
    ResidentOut,
)
from voisinages import selectors
from voisinages.reputation import reputation_of

router = Router(tags=["residents"])


@router.get("/residents", response=responses(Page[ResidentOut]), summary="The directory")
def list_residents(request, filters: Query[DirectoryFilters]):
    rows = selectors.search_residents(
        query=filters.q, skill=filters.skill, quartier_id=filters.quartier
    )
    if filters.voisin_solidaire is not None:
        rows = rows.filter(is_voisin_solidaire=filters.voisin_solidaire)
    return paginate(rows, cursor=filters.cursor, limit=filters.limit, ascending=True)


@router.get("/residents/{int:resident_id}", response=responses(ResidentOut), summary="A profile")
def get_resident(request, resident_id: int):
    return selectors.get_resident_for(viewer=request.user, resident_id=resident_id)


@router.get(
    "/residents/{int:resident_id}/reputation",
    response=responses(ReputationOut),
    summary="A neighbour's reputation: figures, review count, average, reviews newest first",
)
def reputation(request, resident_id: int, filters: Query[ReputationFilters]):
    resident = selectors.get_resident_for(viewer=request.user, resident_id=resident_id)
    return reputation_of(resident, page=filters.page)
