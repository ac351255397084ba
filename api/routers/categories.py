from ninja import Router

from api.schemas import responses
from api.schemas.categories import (
    CategoryOut,
)
from discussions import selectors

router = Router(tags=["categories"])


@router.get("/categories", response=responses(list[CategoryOut]), summary="The feed's categories")
def list_categories(request):
    return selectors.active_categories()
