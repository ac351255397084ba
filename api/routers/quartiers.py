from django.shortcuts import get_object_or_404
from ninja import Router

from api.schemas import responses
from api.schemas.quartiers import (
    QuartierOut,
)
from voisinages.models import Quartier

router = Router(tags=["quartiers"])


@router.get("/quartiers", response=responses(list[QuartierOut]), summary="List the quartiers")
def list_quartiers(request):
    return Quartier.objects.order_by("name")


@router.get("/quartiers/{int:quartier_id}", response=responses(QuartierOut), summary="One quartier")
def get_quartier(request, quartier_id: int):
    return get_object_or_404(Quartier, pk=quartier_id)
