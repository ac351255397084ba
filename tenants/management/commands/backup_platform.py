from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tenants.backups import logical_backup, physical_backup


class Command(BaseCommand):
    help = (
        "Back the whole platform up into a new directory: a physical base backup of the "
        "cluster (default, any number of communes) or a logical dump of the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="a new (or empty) directory")
        parser.add_argument("--logical", action="store_true", help="pg_dump instead")
        parser.add_argument("--jobs", type=int, default=2, help="pg_dump workers (--logical)")

    def handle(self, *args, **options):
        target = Path(options["target"])
        try:
            if options["logical"]:
                backup = logical_backup(target, jobs=max(1, min(options["jobs"], 16)))
            else:
                backup = physical_backup(target)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{backup.method} backup in {backup.path}: "
                f"{backup.bytes / 2**20:.1f} MB in {backup.seconds:.1f} s"
            )
        )
