"""Gardens' periodic job (socle/jobs.py): rota reminders and expired renewals."""

from django.conf import settings

from jardins.services import close_expired_renewals, send_rota_reminders
from socle import jobs


@jobs.commune_task(queue=jobs.PERIODIC)
def garden_reminders() -> dict:
    return {**send_rota_reminders(), "freed": close_expired_renewals()}


jobs.in_every_commune(garden_reminders, cron=settings.RESEAU_SCHEDULE["garden_reminders"])
