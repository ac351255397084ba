"""Send the loan reminders of every commune (run it daily, e.g. at 8:00)."""

from django.core.management.base import BaseCommand

from objets.services import send_loan_reminders
from socle.communes import for_each_commune


class Command(BaseCommand):
    help = "Remind borrowers and lenders the day before a loan starts, before it is due, and when overdue."

    def handle(self, *args, **options):
        total = 0
        for commune, sent in for_each_commune(lambda commune: send_loan_reminders()):
            total += sent
            if sent and options["verbosity"] > 1:
                self.stdout.write(f"{commune.slug}: {sent}")
        if options["verbosity"]:
            self.stdout.write(f"{total} loan reminder(s) sent.")
