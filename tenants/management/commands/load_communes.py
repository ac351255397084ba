import sys

from django.core.management.base import BaseCommand

from tenants.dataset import DATA_FILE, load_communes


class Command(BaseCommand):
    help = "Load the official list of French communes (tenants/data/) into the public schema. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="a communes.csv.gz file")

    def handle(self, *args, **options):
        from pathlib import Path

        show = options["verbosity"] > 0

        def progress(done, total):
            if not show:
                return
            width = 40
            filled = width * done // total
            self.stdout.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=""
            )
            self.stdout.flush()

        total = load_communes(path=Path(options["file"]), progress=progress)
        if show:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(f"{total} communes loaded."))
        sys.stdout.flush()
