"""Migrations are written expand-then-contract (tenants/expand_contract.py):
the code of one release runs against schemas of the release before and after."""

import pytest
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

from tenants.expand_contract import contract_operations, unmarked_contract_steps


@pytest.fixture(scope="module")
def loader():
    return MigrationLoader(None, ignore_no_migrations=True)


def test_every_new_migration_only_expands_or_says_it_contracts(loader):
    assert unmarked_contract_steps(loader) == []


def _state_of(loader, app, name):
    return loader.project_state(nodes=[(app, name)], at_end=True)


def _migration(*operations, contract=""):
    migration = migrations.Migration("9999_x_check", "objets")
    migration.operations = list(operations)
    if contract:
        migration.contract = contract
    return migration


@pytest.mark.parametrize(
    "operation",
    [
        migrations.RemoveField("item", "title"),
        migrations.RenameField("item", "title", "name"),
        migrations.DeleteModel("category"),
        migrations.RenameModel("category", "kind"),
        migrations.AddField("item", "weight", models.PositiveIntegerField(default=0)),
    ],
    ids=["remove", "rename-field", "delete-model", "rename-model", "not-null-no-db-default"],
)
def test_what_breaks_the_previous_code_is_a_contract_step(loader, operation):
    leaf = next(node for node in loader.graph.leaf_nodes() if node[0] == "objets")
    before = _state_of(loader, *leaf)
    assert len(contract_operations(_migration(operation), before)) == 1


def test_a_column_made_not_null_is_a_contract_step_but_not_other_changes(loader):
    leaf = next(node for node in loader.graph.leaf_nodes() if node[0] == "objets")
    before = _state_of(loader, *leaf)
    nullable = next(
        (name, field)
        for name, field in before.models["objets", "item"].fields.items()
        if field.null and not field.is_relation
    )
    name, field = nullable
    stricter = field.clone()
    stricter.null = False
    assert contract_operations(_migration(migrations.AlterField("item", name, stricter)), before)
    expands = _migration(
        migrations.AddField("item", "weight", models.PositiveIntegerField(null=True)),
        migrations.AddField("item", "grams", models.PositiveIntegerField(db_default=0)),
        migrations.AddIndex("item", models.Index(fields=["title"], name="item_title_x_idx")),
    )
    assert contract_operations(expands, before) == []
