"""Migrations written expand-then-contract (docs/DEPLOYMENT.md, "Releases").

During a release the schemas are migrated one after another while the new
code already serves them: release N+1's code must run against a schema still
at release N, and release N's code (the workers not restarted yet) against a
schema already at N+1. So a migration only *expands*: it adds tables, nullable
columns or columns with a database default, indexes, constraints. What breaks
the other side's code (a column or table removed or renamed, a nullable
column made NOT NULL, a NOT NULL column added without a database default) is
a *contract* step: it goes in a later release than the code that stopped
using it, in a migration that says so:

    class Migration(migrations.Migration):
        contract = "Post.legacy_kind: unused since the release of 2027-01"

tests/tenants/test_expand_contract.py checks every migration of the
project's apps after `CHECKED_AFTER` against these rules.
"""

from django.db import migrations
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState
from django.db.models import NOT_PROVIDED

# The project's apps and the last migration of each written before the rule
# (these were never deployed to more than a handful of communes).
CHECKED_AFTER = {
    "voisinages": 5,
    "discussions": 11,
    "objets": 5,
    "jardins": 2,
    "cms": 6,
    "api": 1,
    "tenants": 7,
}

REMOVING = (
    migrations.RemoveField,
    migrations.RenameField,
    migrations.DeleteModel,
    migrations.RenameModel,
    migrations.AlterModelTable,
)


def _number(name: str) -> int:
    head = name.split("_", 1)[0]
    return int(head) if head.isdigit() else 0


def contract_operations(migration, state_before: ProjectState) -> list[str]:
    """The operations of `migration` that the code of the previous release
    cannot run against, described; `state_before` is the project state the
    migration starts from."""
    found = []
    state = state_before.clone()
    app = migration.app_label
    for operation in migration.operations:
        label = f"{migration.app_label}.{migration.name}: {operation.describe()}"
        if isinstance(operation, REMOVING):
            found.append(label)
        elif isinstance(operation, migrations.AddField):
            field = operation.field
            if not (field.null or field.many_to_many or _has_db_default(field)):
                found.append(label + " (NOT NULL without a database default)")
        elif isinstance(operation, migrations.AlterField):
            before = state.models[app, operation.model_name_lower].fields.get(operation.name)
            field = operation.field
            if before is not None and before.null and not field.null:
                if not _has_db_default(field):
                    found.append(label + " (made NOT NULL without a database default)")
        operation.state_forwards(app, state)
    return found


def _has_db_default(field) -> bool:
    return getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED


def unmarked_contract_steps(loader: MigrationLoader | None = None) -> list[str]:
    """Every operation of a checked migration that contracts without its
    migration saying `contract = "..."`."""
    loader = loader or MigrationLoader(None, ignore_no_migrations=True)
    found = []
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app not in CHECKED_AFTER or _number(name) <= CHECKED_AFTER[app]:
            continue
        if getattr(migration, "contract", ""):
            continue
        parents = [parent.key for parent in loader.graph.node_map[(app, name)].parents]
        before = loader.project_state(nodes=sorted(parents), at_end=True)
        found += contract_operations(migration, before)
    return found
