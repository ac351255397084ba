"""Rota reminders, unclaimed slots and renewal deadlines, for every commune.

Schedule it hourly (cron or a systemd timer): each slot is reminded or
announced once, and a renewal closes once its deadline has passed."""

from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from jardins.services import close_expired_renewals, send_rota_reminders
from tenants.selectors import served_communes


class Command(BaseCommand):
    help = "Send garden rota reminders and close expired plot renewals in every commune."

    def handle(self, *args, **options):
        communes = served_communes()
        for commune in communes.order_by("pk"):
            with schema_context(commune.schema_name):
                sent = send_rota_reminders()
                freed = close_expired_renewals()
            if options["verbosity"] >= 2 or any(sent.values()) or freed:
                self.stdout.write(
                    f"{commune.slug}: {sent['reminded']} reminded, "
                    f"{sent['announced']} announced, {freed} plots freed"
                )
