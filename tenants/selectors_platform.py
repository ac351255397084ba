"""Reads of the platform staff pages (/plateforme/) and the ambassadors'
dashboard. Access is checked here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tenants.models import Commune, CommuneExport, OnboardingRequest


def require_platform_staff(user) -> None:
    from django.db import connection

    if connection.schema_name != "public" or not (
        user.is_authenticated and user.is_active and user.is_staff
    ):
        raise PermissionDenied


def requests_for(*, staff, status: str | None = None):
    require_platform_staff(staff)
    requests = OnboardingRequest.objects.select_related("french_commune", "commune")
    if status:
        requests = requests.filter(status=status)
    return requests


def get_request_for(*, staff, pk: int) -> OnboardingRequest:
    request = requests_for(staff=staff).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def communes_for(*, staff):
    require_platform_staff(staff)
    return (
        Commune.objects.filter(is_template=False)
        .exclude(schema_name="public")
        .prefetch_related("domains")
        .order_by("name")
    )


def get_commune_for(*, staff, slug: str) -> Commune:
    commune = communes_for(staff=staff).filter(slug=slug).first()
    if commune is None:
        raise Http404
    return commune


def get_export_for(*, staff, commune: Commune, pk: int) -> CommuneExport:
    require_platform_staff(staff)
    export = CommuneExport.objects.filter(commune=commune, pk=pk).select_related("commune").first()
    if export is None:
        raise Http404
    return export
