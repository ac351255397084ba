"""Send the loan reminders of every commune (run it daily, e.g. at 8:00)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django_tenants.utils import schema_context

from objets.services import send_loan_reminders
from tenants.selectors import served_communes


class Command(BaseCommand):
    help = "Remind borrowers and lenders the day before a loan starts, before it is due, and when overdue."

    def handle(self, *args, **options):
        total = 0
        with translation.override(settings.LANGUAGE_CODE):
            communes = served_communes()
            for commune in communes.order_by("pk"):
                with schema_context(commune.schema_name):
                    sent = send_loan_reminders()
                total += sent
                if sent and options["verbosity"] > 1:
                    self.stdout.write(f"{commune.slug}: {sent}")
        if options["verbosity"]:
            self.stdout.write(f"{total} loan reminder(s) sent.")
