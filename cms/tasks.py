"""The mediators' periodic job (socle/jobs.py): confidential requests past
their commune's retention period are deleted."""

from django.conf import settings

from cms.services import purge_confidential_requests
from socle import jobs
from socle.communes import current_commune


@jobs.commune_task(queue=jobs.PERIODIC)
def purge_confidential() -> int:
    return purge_confidential_requests(commune=current_commune())


jobs.in_every_commune(purge_confidential, cron=settings.RESEAU_SCHEDULE["purge_confidential"])
