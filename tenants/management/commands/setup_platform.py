from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants.models import FrenchCommune
from tenants.services import ensure_platform, ensure_template


class Command(BaseCommand):
    help = "Migrate the public schema and every commune, and create the template schema once."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate_schemas", interactive=False, verbosity=max(verbosity - 1, 0))
        ensure_platform(domain=settings.RESEAU_BASE_DOMAIN)
        ensure_template()
        if not FrenchCommune.objects.exists():  # the official list, loaded once
            call_command("load_communes", verbosity=verbosity)
        self.stdout.write("Platform ready.")
