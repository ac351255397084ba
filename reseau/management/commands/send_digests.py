from django.core.management.base import BaseCommand

from reseau.emails import send_all_digests


class Command(BaseCommand):
    help = (
        "Send the daily digest of notifications in every commune (run once a day; "
        "running it again sends nothing twice)."
    )

    def handle(self, *args, **options):
        results = send_all_digests()
        for slug, sent in results.items():
            self.stdout.write(f"{slug}: {sent}")
        self.stdout.write(self.style.SUCCESS(f"{sum(results.values())} digest(s) sent"))
