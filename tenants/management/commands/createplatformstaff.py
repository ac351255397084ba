import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from voisinages.models import Resident


class Command(BaseCommand):
    help = (
        "Create (or promote) a platform staff account in the public schema: it reviews "
        "onboarding requests and runs communes at /plateforme/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="Équipe")
        parser.add_argument("--last-name", default="Réseau")
        parser.add_argument("--password", help="prompted when omitted")

    def handle(self, *args, **options):
        from django.contrib.auth.password_validation import validate_password

        connection.set_schema_to_public()
        email = options["email"].strip().lower()
        password = options["password"] or getpass.getpass("Password: ")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        staff = Resident.objects.filter(email__iexact=email).first()
        if staff is None:
            staff = Resident.objects.create_user(
                email=email,
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
                is_staff=True,
            )
        else:
            staff.is_staff = True
            staff.set_password(password)
            staff.save(update_fields=["is_staff", "password"])
        self.stdout.write(self.style.SUCCESS(f"{staff.email} is platform staff: /plateforme/"))
