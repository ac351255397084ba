"""Accounts' jobs (socle/jobs.py): the emails a resident waits for, on the
`mail` queue, ahead of every notification email of every commune."""

from socle import jobs
from voisinages import mails
from voisinages.models import Resident


@jobs.commune_task(queue=jobs.MAIL, priority=jobs.MAIL_PRIORITY)
def email_confirmation(*, resident_id: int) -> bool:
    resident = Resident.objects.filter(pk=resident_id).first()
    return resident is not None and mails.send_confirmation(resident)


@jobs.commune_task(queue=jobs.MAIL, priority=jobs.MAIL_PRIORITY)
def password_reset(*, resident_id: int) -> bool:
    resident = Resident.objects.filter(pk=resident_id).first()
    return resident is not None and mails.send_password_reset(resident)
