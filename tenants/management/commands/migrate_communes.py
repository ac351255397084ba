from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tenants import releases


class Command(BaseCommand):
    help = (
        "Migrate the public schema if needed, then only the commune, template and pool "
        "schemas that are behind the code, in parallel (tenants/releases.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.RESEAU_RELEASE_WORKERS,
            help="schemas migrated at once, each in its own process (default %(default)s)",
        )
        parser.add_argument(
            "--lock-timeout",
            default=settings.RESEAU_RELEASE_LOCK_TIMEOUT,
            help="how long one schema's migration waits for a lock before it fails (default %(default)s)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list the schemas behind, migrate nothing"
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        if options["dry_run"]:
            behind = releases.schemas_behind()
            for name in behind:
                self.stdout.write(name)
            self.stdout.write(f"{len(behind)} schema(s) behind.")
            return
        if not 1 <= options["workers"] <= 64:
            raise CommandError("--workers must be between 1 and 64.")

        def report(outcome):
            if not outcome.ok:
                self.stderr.write(f"{outcome.schema}: FAILED ({outcome.error})")
            elif verbosity >= 2:
                how = "replayed" if outcome.replayed else "migrated"
                self.stdout.write(f"{outcome.schema}: {how} in {outcome.seconds:.2f} s")

        result = releases.release(
            workers=options["workers"], lock_timeout=options["lock_timeout"], report=report
        )
        if verbosity >= 1:
            self.stdout.write(
                f"Public schema {'migrated' if result.public_migrated else 'up to date'}; "
                f"{len(result.behind)} schema(s) behind, {len(result.migrated)} migrated, "
                f"{len(result.failed)} failed, {result.adopted} adopted."
            )
        if result.failed:
            names = ", ".join(outcome.schema for outcome in result.failed)
            raise CommandError(
                f"{len(result.failed)} schema(s) failed and stay at their previous state "
                f"(run the command again to retry them): {names}"
            )
