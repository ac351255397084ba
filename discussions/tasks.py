"""The feed's jobs (socle/jobs.py): alerts fanned out (discussions/alerts.py)
and, each day, the authors of listings about to expire warned."""

from django.conf import settings

from discussions import alerts  # noqa: F401  (registers announce_alert)
from discussions.services import notify_expiring_listings
from socle import jobs


@jobs.commune_task(queue=jobs.PERIODIC)
def expire_listings() -> int:
    return notify_expiring_listings()


jobs.in_every_commune(expire_listings, cron=settings.RESEAU_SCHEDULE["expire_listings"])
