"""The layers of .importlinter, from the two sides import-linter does not check:
imports of project modules hidden inside functions (each one must have a reason),
and foreign keys that point up or sideways (the model-level dependencies)."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
PROJECT = {
    "socle",
    "voisinages",
    "discussions",
    "objets",
    "jardins",
    "cms",
    "tenants",
    "api",
    "reseau",
}
SKIP = {".venv", "tests", ".git", ".data", "node_modules", "reseau.egg-info", "static"}

# Bottom to top, as in .importlinter; apps on the same level are siblings.
LAYER = {
    "socle": 0,
    "voisinages": 1,
    "discussions": 2,
    "objets": 2,
    "jardins": 3,
    "cms": 3,
    "api": 4,
    "tenants": 4,
    "reseau": 5,
}

# `file:line` -> why this import must stay inside a function. At most five.
ALLOWED: dict[str, str] = {}

# Files whose local imports go away with the registry (every <app>/contributions.py)
# and the read-models work, changed on their own branches. Remove each file here
# once it is clean: test_no_file_is_listed_as_pending_when_clean says which.
PENDING: set[str] = set()

# Foreign keys from an app to a sibling or higher layer (app label.model.field).
# Lending still knows who may own an object; nothing else may be added here.
UPWARD_KEYS = {
    "objets.Item.garden -> jardins.Garden",
    "objets.Item.association -> cms.AssociationPage",
}


def local_imports(root: Path = ROOT) -> list[str]:
    """`file:line` of every import of a project package inside a function body
    (methods and nested functions included; relative imports resolved)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in SKIP or "migrations" in relative.parts:
            continue
        package = list(relative.with_suffix("").parts)
        if path.name != "__init__.py":
            package = package[:-1]
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def walk(node, in_function, relative=relative, package=package):
            for child in ast.iter_child_nodes(node):
                targets = []
                if in_function and isinstance(child, ast.Import):
                    targets = [alias.name for alias in child.names]
                elif in_function and isinstance(child, ast.ImportFrom):
                    base = package[: len(package) - child.level + 1] if child.level else []
                    targets = [".".join(base + ([child.module] if child.module else []))]
                if any(target.split(".")[0] in PROJECT for target in targets):
                    found.append(f"{relative.as_posix()}:{child.lineno}")
                walk(
                    child,
                    in_function
                    or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)),
                )

        walk(tree, False)
    return found


def test_the_counter_sees_a_local_import(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "mod.py").write_text(
        "from socle import live\n\n\ndef f():\n    from voisinages import roles\n"
        "    from . import other\n    import json\n\n\nclass C:\n"
        "    def m(self):\n        import tenants.models\n"
    )
    assert local_imports(tmp_path) == ["app/mod.py:5", "app/mod.py:12"]


def test_no_new_function_local_project_import():
    assert len(ALLOWED) <= 5
    unexpected = [
        where
        for where in local_imports()
        if where not in ALLOWED and where.split(":")[0] not in PENDING
    ]
    assert unexpected == [], (
        "Import project modules at the top of the module (a cycle means the code is in "
        "the wrong layer); an unavoidable one goes in ALLOWED with its reason."
    )


def test_no_file_is_listed_as_pending_when_clean():
    files = {where.split(":")[0] for where in local_imports()}
    assert sorted(PENDING - files) == []


@pytest.mark.parametrize("app_label", sorted(LAYER))
def test_foreign_keys_point_down_the_layers(app_label):
    found = set()
    for model in apps.get_models():
        if model._meta.app_label != app_label:
            continue
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model):
                continue
            target = field.related_model._meta.app_label
            if target in LAYER and target != app_label and LAYER[target] >= LAYER[app_label]:
                found.add(f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}")
    assert found == {key for key in UPWARD_KEYS if key.startswith(f"{app_label}.")}
