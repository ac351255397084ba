"""make bench-onboarding [N=5]: onboard N communes by cloning the template
schema and N by running every migration, in one run, then remove them.
The last line is one JSON object: clone_p50_s, migrate_p50_s, ratio."""

import json
import os
import statistics
import sys
import time

import django


def main(n: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reseau.settings.dev")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import override_settings
    from django_tenants.utils import schema_context

    from cms.services import install_commune_site
    from tenants.models import Commune, Domain
    from tenants.schema import schema_name_for
    from tenants.services import onboard_commune
    from voisinages.models import Invitation
    from voisinages.services import create_invitation

    def onboard(slug):
        started = time.perf_counter()
        onboard_commune(
            name=f"Bench {slug}",
            slug=slug,
            insee_code="75056",
            ambassador_email=f"ambassadeur@{slug}.example",
        )
        return time.perf_counter() - started

    def onboard_by_migrating(slug):
        """The same steps, the schema made by running every migration (which
        cannot run inside onboard_commune's single transaction)."""
        started = time.perf_counter()
        with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False, TENANT_BASE_SCHEMA=None):
            commune = Commune(
                schema_name=schema_name_for(slug),
                name=f"Bench {slug}",
                slug=slug,
                insee_code="75056",
            )
            commune.save(verbosity=0)
        domain = f"{slug}.{settings.RESEAU_BASE_DOMAIN}"
        Domain.objects.create(domain=domain, tenant=commune, is_primary=True)
        with schema_context(commune.schema_name):
            install_commune_site(commune=commune, hostname=domain)
            create_invitation(role=Invitation.Role.AMBASSADOR, email=f"ambassadeur@{slug}.example")
        return time.perf_counter() - started

    def drop_bench_communes():
        connection.set_schema_to_public()
        for commune in Commune.objects.filter(slug__startswith="bench-onb-"):
            commune.domains.all().delete()
            commune.delete(force_drop=True)

    drop_bench_communes()  # a previous run cut short
    clone, migrate = [], []
    try:
        for i in range(n):
            clone.append(onboard(f"bench-onb-clone-{i}"))
            print(f"clone   {i + 1}/{n}: {clone[-1]:.2f} s", flush=True)
        for i in range(n):
            migrate.append(onboard_by_migrating(f"bench-onb-migrate-{i}"))
            print(f"migrate {i + 1}/{n}: {migrate[-1]:.2f} s", flush=True)
    finally:
        drop_bench_communes()
    clone_p50, migrate_p50 = statistics.median(clone), statistics.median(migrate)
    return {
        "n": n,
        "clone_p50_s": round(clone_p50, 3),
        "clone_max_s": round(max(clone), 3),
        "migrate_p50_s": round(migrate_p50, 3),
        "ratio": round(migrate_p50 / clone_p50, 1),
    }


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] else 5
    print(json.dumps(main(count)))
