"""Delete confidential requests older than each commune's retention period.

Schedule it daily (cron: `python manage.py purge_confidential`)."""

from django.core.management.base import BaseCommand
from django.db import connection
from django_tenants.utils import schema_context

from cms.services import purge_confidential_requests
from tenants.selectors import served_communes


class Command(BaseCommand):
    help = "Delete confidential requests past each commune's retention period."

    def handle(self, *args, **options):
        total = 0
        communes = served_communes()
        for commune in communes.order_by("pk"):
            with schema_context(commune.schema_name):
                deleted = purge_confidential_requests(commune=commune)
            total += deleted
            if deleted and options["verbosity"] > 1:
                self.stdout.write(f"{commune.slug}: {deleted}")
        connection.set_schema_to_public()
        self.stdout.write(f"{total} confidential request(s) deleted.")
