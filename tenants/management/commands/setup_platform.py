from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants import tasks
from tenants.models import FrenchCommune
from tenants.services import ensure_platform, ensure_template


class Command(BaseCommand):
    help = (
        "Migrate the public schema and the schemas behind (migrate_communes), create the "
        "template schema once, and queue the refill of the warm pool."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        # Only what changed: the schemas already at the code's migrations cost nothing.
        call_command("migrate_communes", verbosity=max(verbosity - 1, 0))
        ensure_platform(domain=settings.RESEAU_BASE_DOMAIN)
        ensure_template()
        if not FrenchCommune.objects.exists():  # the official list, loaded once
            call_command("load_communes", verbosity=verbosity)
        if settings.RESEAU_SCHEMA_POOL_SIZE > 0:
            tasks.refill_pool.defer()
        self.stdout.write("Platform ready.")
