"""The feed's jobs (socle/jobs.py): alerts fanned out (discussions/alerts.py)
and, each day, the authors of listings about to expire warned, and those of
listings just expired asked "C'est réglé ?"."""

from django.conf import settings

from discussions import alerts  # noqa: F401  (registers announce_alert)
from discussions.services import ask_expired_listings_settled, notify_expiring_listings
from socle import jobs


@jobs.commune_task(queue=jobs.PERIODIC)
def expire_listings() -> int:
    return notify_expiring_listings() + ask_expired_listings_settled()


jobs.in_every_commune(expire_listings, cron=settings.RESEAU_SCHEDULE["expire_listings"])
