from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.services import onboard_commune


class Command(BaseCommand):
    help = "Open a commune on Réseau: clone the template schema, create its domain and invite its first ambassador."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True, help="lowercase letters, digits, hyphens")
        parser.add_argument("--insee", required=True, help="INSEE code, e.g. 92062 or 2A004")
        parser.add_argument("--postcode", action="append", default=[], help="repeatable")
        parser.add_argument("--ambassador-email", required=True)
        parser.add_argument("--department", default="")
        parser.add_argument("--latitude", type=float)
        parser.add_argument("--longitude", type=float)

    def handle(self, *args, **options):
        try:
            onboarded = onboard_commune(
                name=options["name"],
                slug=options["slug"],
                insee_code=options["insee"],
                postcodes=options["postcode"],
                ambassador_email=options["ambassador_email"],
                department=options["department"],
                latitude=options["latitude"],
                longitude=options["longitude"],
            )
        except ValidationError as error:
            lines = (
                [
                    f"{field}: {message}"
                    for field, messages in error.message_dict.items()
                    for message in messages
                ]
                if hasattr(error, "error_dict")
                else error.messages
            )
            raise CommandError("Onboarding refused:\n  " + "\n  ".join(lines)) from error
        self.stdout.write(self.style.SUCCESS(f"{onboarded.commune.name} is open: {onboarded.url}"))
        self.stdout.write(f"Ambassador invitation: {onboarded.invitation_url}")
