from django.core.management.base import BaseCommand

from reseau.demo import DEMO_COMMUNES, DEMO_PASSWORD, seed_demo_commune
from socle.communes import commune_url
from tenants.demo import STAFF_EMAIL, seed_platform
from tenants.models import Commune


class Command(BaseCommand):
    help = "Open the demo communes (Puteaux, Moulins) with their content, once."

    def handle(self, *args, **options):
        for demo in DEMO_COMMUNES:
            created = seed_demo_commune(demo)
            commune = created or Commune.objects.get(slug=demo.slug)
            state = "created" if created else "already there"
            self.stdout.write(f"{demo.name} ({state}): {commune_url(commune)}")
        seed_platform(password=DEMO_PASSWORD)
        self.stdout.write(f"Platform staff: {STAFF_EMAIL} at /plateforme/connexion/")
