"""Reads of the platform staff pages (/plateforme/) and the ambassadors'
dashboard. Access is checked here."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404
from procrastinate.contrib.django.models import ProcrastinateEvent, ProcrastinateJob

from tenants.models import Commune, CommuneExport, CommuneRestore, OnboardingRequest

# The dead letters page shows at most this many failed jobs.
FAILED_JOBS_SHOWN = 100
JOB_STATUSES = ("todo", "doing", "succeeded", "failed", "cancelled", "aborting", "aborted")


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


def get_restore_for(*, staff, pk: int) -> CommuneRestore:
    require_platform_staff(staff)
    restore = CommuneRestore.objects.filter(pk=pk).select_related("commune", "created_by").first()
    if restore is None:
        raise Http404
    return restore


def restores_for(*, staff):
    require_platform_staff(staff)
    return CommuneRestore.objects.select_related("commune", "created_by")


@dataclass(frozen=True)
class FailedJob:
    id: int
    task_name: str
    queue_name: str
    schema: str
    attempts: int
    last_event: str
    last_event_at: datetime | None

    @property
    def task_short(self) -> str:
        """The function's name alone (a dotted path overflows a phone's width)."""
        return self.task_name.rsplit(".", 1)[-1]


def job_counts(*, staff) -> dict[str, int]:
    """How many jobs of each status the queue holds (every status, zeros included)."""
    require_platform_staff(staff)
    counts = dict.fromkeys(JOB_STATUSES, 0)
    for row in ProcrastinateJob.objects.values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def failed_jobs(*, staff, limit: int = FAILED_JOBS_SHOWN) -> list[FailedJob]:
    """The dead letters: failed jobs, last failed first, with their last event."""
    require_platform_staff(staff)
    last = ProcrastinateEvent.objects.filter(job=OuterRef("pk")).order_by("-at", "-id")
    rows = (
        ProcrastinateJob.objects.filter(status="failed")
        .annotate(
            last_event=Subquery(last.values("type")[:1]),
            last_event_at=Subquery(last.values("at")[:1]),
        )
        .order_by("-last_event_at", "-id")[:limit]
    )
    return [
        FailedJob(
            id=job.id,
            task_name=job.task_name,
            queue_name=job.queue_name,
            schema=str(job.args.get("schema", "")) if isinstance(job.args, dict) else "",
            attempts=job.attempts,
            last_event=job.last_event or "",
            last_event_at=job.last_event_at,
        )
        for job in rows
    ]
