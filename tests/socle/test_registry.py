"""socle.registry: what each app contributes, found in its contributions.py."""

import json
import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from socle import registry
from socle.registry import DIGEST, EMAIL_NOW, Registry


def noop(**kwargs):
    return None


def hook(schema, commune_id, ids):
    return None


DUPLICATES = {
    "notification kind": lambda r: r.notification_kind("tests.kind", "Label", EMAIL_NOW),
    "notification hook": lambda r: r.notification_hook(hook),
    "demo data": lambda r: r.demo_data("tests", noop),
    "data rights": lambda r: r.data_rights("tests", export=noop, forget=noop),
    "dashboard figure": lambda r: r.dashboard_figure("tests", title="Figure", compute=noop),
    "live subscription": lambda r: r.live_subscription("tests", group=noop, allowed=noop),
    "commune defaults": lambda r: r.commune_defaults("tests", noop),
    "no resident data": lambda r: r.no_resident_data("tests", "staff only"),
    "post visibility hook": lambda r: r.post_visibility_hook(hook),
}


def test_post_visibility_hooks_are_listed():
    mine = Registry()
    mine.post_visibility_hook(hook)
    assert mine.post_visibility_hooks() == [hook]


@pytest.mark.parametrize("register", DUPLICATES.values(), ids=DUPLICATES.keys())
def test_registering_the_same_name_twice_raises(register):
    mine = Registry()
    register(mine)
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        register(mine)


def test_a_kind_with_an_unknown_default_is_refused():
    with pytest.raises(ImproperlyConfigured, match="unknown default"):
        Registry().notification_kind("tests.kind", "Label", "sms")


def test_the_apps_contributions_are_registered_in_the_order_of_installed_apps():
    assert [entry.app for entry in registry.demo_seeders()] == [
        "voisinages",
        "discussions",
        "objets",
        "jardins",
        "cms",
    ]
    assert [entry.app for entry in registry.all_data_rights()] == [
        "voisinages",
        "discussions",
        "objets",
        "jardins",
        "cms",
        "api",
    ]
    assert [figure.key for figure in registry.figures()] == [
        "members",
        "posts",
        "answered",
        "reports",
        "loans",
        "garden_occupancy",
    ]
    assert set(registry.subscriptions()) == {"post", "conversation"}
    assert [entry.app for entry in registry.defaults()] == ["cms"]
    # Live delivery first, then immediate email.
    assert [hook.__name__ for hook in registry.notification_hooks()] == [
        "deliver_after_commit",
        "queue_notification_emails",
    ]
    kinds = registry.kinds()
    assert kinds["objets.loan.requested"].default == EMAIL_NOW
    assert kinds["jardins.application.received"].default == DIGEST
    assert str(kinds["voisinages.role.granted"].label) == "Vous avez reçu un rôle"


def test_isolated_empties_the_registry_then_puts_every_entry_back():
    before = (len(registry.kinds()), registry.figures(), registry.demo_seeders())
    with registry.isolated():
        assert not registry.kinds() and not registry.figures() and not registry.demo_seeders()
        registry.demo_data("tests", noop)
    assert (len(registry.kinds()), registry.figures(), registry.demo_seeders()) == before


def test_an_app_holding_accounts_data_without_data_rights_fails_the_system_check():
    lending = apps.get_app_config("objets")
    errors = Registry().check_data_rights(app_configs=[lending])
    assert [error.id for error in errors] == ["socle.E001"]
    assert "Loan.borrower" in errors[0].msg or "Item.owner" in errors[0].msg
    assert registry.check_data_rights() == []


def _start_with(app: str) -> subprocess.CompletedProcess:
    """A fresh process whose INSTALLED_APPS also holds tests/socle/registry_apps/<app>
    (no list anywhere else names it), printing what the registry holds."""
    script = (
        "import django, json; django.setup()\n"
        "from socle import registry as r\n"
        "print(json.dumps({"
        "'kinds': list(r.kinds()), 'hooks': [h.__module__ for h in r.notification_hooks()],"
        "'demo': [e.app for e in r.demo_seeders()], 'rights': [e.app for e in r.all_data_rights()],"
        "'figures': [f.key for f in r.figures()], 'subscriptions': list(r.subscriptions()),"
        "'defaults': [e.app for e in r.defaults()]}))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.socle.registry_apps.settings",
        "REGISTRY_TEST_APP": f"tests.socle.registry_apps.{app}",
        # django.setup() opens no connection: no database is started for this.
        "DATABASE_URL": "postgres://registry@localhost:1/registry",
    }
    return subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_new_app_is_found_through_its_contributions_module_alone():
    started = _start_with("extra")
    assert started.returncode == 0, started.stderr
    found = json.loads(started.stdout.strip().splitlines()[-1])
    assert "extra.thing.happened" in found["kinds"]
    assert found["hooks"][-1] == "tests.socle.registry_apps.extra.contributions"
    assert found["demo"][-1] == "extra" and found["rights"][-1] == "extra"
    assert found["figures"][-1] == "extra_things"
    assert "extra" in found["subscriptions"] and found["defaults"] == ["cms", "extra"]


def test_a_contributions_module_that_fails_to_import_stops_the_start():
    started = _start_with("broken")
    assert started.returncode != 0
    assert "ModuleNotFoundError: No module named 'socle.registry_missing_module'" in (
        started.stderr
    )


def test_two_apps_declaring_the_same_kind_stop_the_start():
    started = _start_with("twice")
    assert started.returncode != 0
    assert (
        "ImproperlyConfigured: Notification kind 'objets.loan.requested' is registered twice"
        in (started.stderr)
    )
