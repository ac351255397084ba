"""Lending's periodic job (socle/jobs.py): the day's loan reminders, per commune."""

from django.conf import settings

from objets.services import send_loan_reminders
from socle import jobs


@jobs.commune_task(queue=jobs.PERIODIC)
def loan_reminders() -> int:
    return send_loan_reminders()


jobs.in_every_commune(loan_reminders, cron=settings.RESEAU_SCHEDULE["loan_reminders"])
