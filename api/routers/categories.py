from ninja import Router, Schema

from api.schemas import responses
from discussions import selectors

router = Router(tags=["categories"])


class CategoryOut(Schema):
    id: int
    slug: str
    name: str
    requires_approval: bool


@router.get("/categories", response=responses(list[CategoryOut]), summary="The feed's categories")
def list_categories(request):
    return selectors.active_categories()
