import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_exists

from tenants.footprint import schema_footprint


class Command(BaseCommand):
    help = (
        "What each app adds to a commune's schema (relations, bytes); by default the "
        "template every new commune is cloned from. --json for one JSON line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schema", default=settings.TENANT_BASE_SCHEMA)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        schema = options["schema"]
        if not schema_exists(schema):
            raise CommandError(f"Aucun schéma « {schema} ».")
        rows = schema_footprint(schema)
        relations = sum(row.relations for row in rows)
        size = sum(row.bytes for row in rows)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "schema": schema,
                        "relations": relations,
                        "bytes": size,
                        "apps": {row.app: [row.relations, row.bytes] for row in rows},
                    }
                )
            )
            return
        self.stdout.write(f"{'app':<24}{'tables':>8}{'relations':>11}{'kB':>10}")
        for row in rows:
            self.stdout.write(
                f"{row.app:<24}{row.tables:>8}{row.relations:>11}{row.bytes // 1024:>10}"
            )
        self.stdout.write(f"{'total':<24}{'':>8}{relations:>11}{size // 1024:>10}")
