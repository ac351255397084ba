from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.restore import restore_commune
from tenants.selectors import commune_url


class Command(BaseCommand):
    help = (
        "Restore a commune from its archive (an export's .tar.gz): under its own slug "
        "after a deletion, or under another slug as a separate commune."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the .tar.gz made by an export")
        parser.add_argument("--slug", required=True, help="the restored commune's slug")
        parser.add_argument("--name", default="", help="a new name (default: the archive's)")

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"Aucun fichier ici : {archive}")
        try:
            commune = restore_commune(
                archive_path=archive, slug=options["slug"], name=options["name"]
            )
        except ValidationError as error:
            raise CommandError(
                "Restauration refusée :\n  " + "\n  ".join(error.messages)
            ) from error
        self.stdout.write(self.style.SUCCESS(f"{commune.name} is back: {commune_url(commune)}"))
