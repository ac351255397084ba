"""Rota reminders, unclaimed slots and renewal deadlines, for every commune.

Schedule it hourly (cron or a systemd timer): each slot is reminded or
announced once, and a renewal closes once its deadline has passed."""

from django.core.management.base import BaseCommand

from jardins.services import close_expired_renewals, send_rota_reminders
from socle.communes import for_each_commune


class Command(BaseCommand):
    help = "Send garden rota reminders and close expired plot renewals in every commune."

    def handle(self, *args, **options):
        def work(commune):
            return send_rota_reminders(), close_expired_renewals()

        for commune, (sent, freed) in for_each_commune(work):
            if options["verbosity"] >= 2 or any(sent.values()) or freed:
                self.stdout.write(
                    f"{commune.slug}: {sent['reminded']} reminded, "
                    f"{sent['announced']} announced, {freed} plots freed"
                )
