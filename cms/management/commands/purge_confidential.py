"""Delete confidential requests older than each commune's retention period.

Schedule it daily (cron: `python manage.py purge_confidential`)."""

from django.core.management.base import BaseCommand

from cms.services import purge_confidential_requests
from socle.communes import for_each_commune


class Command(BaseCommand):
    help = "Delete confidential requests past each commune's retention period."

    def handle(self, *args, **options):
        total = 0
        for commune, deleted in for_each_commune(
            lambda commune: purge_confidential_requests(commune=commune)
        ):
            total += deleted
            if deleted and options["verbosity"] > 1:
                self.stdout.write(f"{commune.slug}: {deleted}")
        self.stdout.write(f"{total} confidential request(s) deleted.")
