"""What each app brings to the platform, declared in its own `<app>/contributions.py`.

`discover()` (called once by ReseauConfig.ready()) imports `<app>.contributions`
for every installed app that has one, with Django's `autodiscover_modules`, as
the admin finds `admin.py`: importing the module registers everything it
declares. An error inside a contributions module propagates (Django reraises
it); only a missing module is skipped. Registering the same name twice raises
ImproperlyConfigured. Adding an app therefore edits no list elsewhere: its
`contributions.py` and its line in INSTALLED_APPS.

What an app may declare (the write side, module-level functions below):

* `notification_kind(code, label, default)`: a kind of notification;
* `notification_hook(hook)`: called with (schema, commune_id, ids) inside the
  transaction that stored the notifications: a hook that reaches the outside
  waits for the commit (`transaction.on_commit`) or defers a job (socle/jobs.py),
  which commits or rolls back with the rows;
* `demo_data(app, seed)`: `seed(*, commune, residents)` fills a demo commune;
* `data_rights(app, *, export, forget)`: a resident's data export and deletion;
* `dashboard_figure(key, *, title, compute, cumulative=False)`: a monthly figure
  of the ambassadors' dashboard, `compute(*, starts, bounds, monthly_counts)`
  returns one value per month (or None: no figure for this commune);
* `live_subscription(name, *, group, allowed)`: what a live socket may follow,
  `group(commune_id, object_id)` and `allowed(*, viewer, object_id) -> bool`;
* `commune_defaults(app, install)`: `install(*, commune, hostname)` runs in a new
  commune's schema while it opens;
* `no_resident_data(app, reason)`: the app's links to accounts are not a
  resident's data (platform staff), so it declares no data rights;
* `post_visibility_hook(hook)`: called with (schema, post_ids) inside the
  transaction that changed what the public may see of those posts (published,
  edited, made private, hidden, deleted, renewed): a lower app (discussions)
  tells an upper one (tenants' public index) without importing it; the hook
  defers a job, which commits or rolls back with the change.

The system check `socle.E001` (registered by ReseauConfig.ready()) names every
project app whose models point at the user model and that declared neither
`data_rights` nor `no_resident_data`: nobody forgets an app when an account goes.

The read side returns entries in the order of INSTALLED_APPS (bottom layer
first), then those of an app that is not installed (tests), in the order they
were registered.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

MODULE = "contributions"

# How a notification reaches a resident who changed nothing.
IN_APP, EMAIL_NOW, DIGEST, NEVER = "app", "email", "digest", "never"


@dataclass(frozen=True)
class Kind:
    code: str
    label: Any
    default: str = DIGEST


@dataclass(frozen=True)
class DataRights:
    app: str
    export: Callable[[Any], dict]
    forget: Callable[[Any], None]


@dataclass(frozen=True)
class DemoData:
    app: str
    seed: Callable[..., None]


@dataclass(frozen=True)
class Figure:
    app: str
    key: str
    title: Any
    compute: Callable[..., list[int] | None]
    cumulative: bool = False


@dataclass(frozen=True)
class Subscription:
    app: str
    name: str
    group: Callable[[int, int], str]
    allowed: Callable[..., bool]


@dataclass(frozen=True)
class CommuneDefaults:
    app: str
    install: Callable[..., None]


def _app_of(value: Callable) -> str:
    return value.__module__.split(".")[0]


@dataclass
class Registry:
    """Every contribution, by name. The module-level functions below use the
    one instance `REGISTRY`; a test builds its own or uses `isolated()`."""

    _kinds: dict[str, Kind] = field(default_factory=dict)
    _hooks: dict[str, Callable] = field(default_factory=dict)
    _demo: dict[str, DemoData] = field(default_factory=dict)
    _rights: dict[str, DataRights] = field(default_factory=dict)
    _figures: dict[str, Figure] = field(default_factory=dict)
    _subscriptions: dict[str, Subscription] = field(default_factory=dict)
    _defaults: dict[str, CommuneDefaults] = field(default_factory=dict)
    _no_resident_data: dict[str, str] = field(default_factory=dict)
    _visibility_hooks: dict[str, Callable] = field(default_factory=dict)

    def __post_init__(self):
        # A read-only view of the kinds that stays current (voisinages.notifications.KINDS).
        self.kinds_view = MappingProxyType(self._kinds)

    @staticmethod
    def _add(table: dict, name: str, entry, what: str):
        if name in table:
            raise ImproperlyConfigured(f"{what} {name!r} is registered twice.")
        table[name] = entry
        return entry

    # Write side ---------------------------------------------------------------

    def notification_kind(self, code: str, label, default: str = DIGEST) -> Kind:
        if default not in (IN_APP, EMAIL_NOW, DIGEST):
            raise ImproperlyConfigured(f"Notification kind {code!r}: unknown default {default!r}.")
        return self._add(self._kinds, code, Kind(code, label, default), "Notification kind")

    def notification_hook(self, hook: Callable) -> Callable:
        name = f"{hook.__module__}.{hook.__qualname__}"
        return self._add(self._hooks, name, hook, "Notification hook")

    def demo_data(self, app: str, seed: Callable) -> None:
        self._add(self._demo, app, DemoData(app, seed), "Demo data of")

    def data_rights(self, app: str, *, export: Callable, forget: Callable) -> None:
        self._add(self._rights, app, DataRights(app, export, forget), "Data rights of")

    def dashboard_figure(
        self, key: str, *, title, compute: Callable, cumulative: bool = False
    ) -> None:
        figure = Figure(_app_of(compute), key, title, compute, cumulative)
        self._add(self._figures, key, figure, "Dashboard figure")

    def live_subscription(self, name: str, *, group: Callable, allowed: Callable) -> None:
        entry = Subscription(_app_of(allowed), name, group, allowed)
        self._add(self._subscriptions, name, entry, "Live subscription")

    def commune_defaults(self, app: str, install: Callable) -> None:
        self._add(self._defaults, app, CommuneDefaults(app, install), "Commune defaults of")

    def no_resident_data(self, app: str, reason: str) -> None:
        self._add(self._no_resident_data, app, reason, "No resident data of")

    def post_visibility_hook(self, hook: Callable) -> Callable:
        name = f"{hook.__module__}.{hook.__qualname__}"
        return self._add(self._visibility_hooks, name, hook, "Post visibility hook")

    # Read side ----------------------------------------------------------------

    def kinds(self) -> MappingProxyType:
        return self.kinds_view

    def notification_hooks(self) -> list[Callable]:
        return list(self._hooks.values())

    def post_visibility_hooks(self) -> list[Callable]:
        return list(self._visibility_hooks.values())

    def demo_seeders(self) -> list[DemoData]:
        return _in_app_order(self._demo.values())

    def all_data_rights(self) -> list[DataRights]:
        return _in_app_order(self._rights.values())

    def figures(self) -> list[Figure]:
        return _in_app_order(self._figures.values())

    def subscriptions(self) -> MappingProxyType:
        return MappingProxyType(self._subscriptions)

    def defaults(self) -> list[CommuneDefaults]:
        return _in_app_order(self._defaults.values())

    def check_data_rights(self, app_configs=None, **kwargs) -> list[checks.Error]:
        """socle.E001: a project app holding accounts' data declared no data rights."""
        declared = set(self._rights) | set(self._no_resident_data)
        user = get_user_model()
        errors = []
        for config in app_configs or apps.get_app_configs():
            if config.label in declared or not _is_project_app(config):
                continue
            links = [
                f"{model.__name__}.{field.name}"
                for model in config.get_models()
                for field in model._meta.get_fields()
                if field.concrete and getattr(field, "related_model", None) is user
            ]
            if links:
                errors.append(
                    checks.Error(
                        f"App {config.label!r} holds data of accounts ({', '.join(links[:3])}) "
                        "but declared no data rights.",
                        hint="Call registry.data_rights() (or registry.no_resident_data()) "
                        f"in {config.name}/contributions.py.",
                        obj=config.name,
                        id="socle.E001",
                    )
                )
        return errors

    @contextmanager
    def isolated(self) -> Iterator["Registry"]:
        """An empty registry until the block ends, then the old entries back
        (tests that replace what the apps declared)."""
        tables = [getattr(self, name) for name in self.__dataclass_fields__]
        saved = [dict(table) for table in tables]
        for table in tables:
            table.clear()
        try:
            yield self
        finally:
            for table, entries in zip(tables, saved, strict=True):
                table.clear()
                table.update(entries)


def _is_project_app(config) -> bool:
    """An app of this repository (not an installed library)."""
    path = str(config.path)
    return path.startswith(str(settings.BASE_DIR)) and "-packages" not in path


def _in_app_order(entries) -> list:
    """Entries sorted by their app's place in INSTALLED_APPS (stable: the apps
    that are not installed keep their registration order, at the end)."""
    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(entries, key=lambda entry: order.get(entry.app, len(order)))


REGISTRY = Registry()

notification_kind = REGISTRY.notification_kind
notification_hook = REGISTRY.notification_hook
demo_data = REGISTRY.demo_data
data_rights = REGISTRY.data_rights
dashboard_figure = REGISTRY.dashboard_figure
live_subscription = REGISTRY.live_subscription
commune_defaults = REGISTRY.commune_defaults
no_resident_data = REGISTRY.no_resident_data
post_visibility_hook = REGISTRY.post_visibility_hook

kinds = REGISTRY.kinds
notification_hooks = REGISTRY.notification_hooks
post_visibility_hooks = REGISTRY.post_visibility_hooks
demo_seeders = REGISTRY.demo_seeders
all_data_rights = REGISTRY.all_data_rights
figures = REGISTRY.figures
subscriptions = REGISTRY.subscriptions
defaults = REGISTRY.defaults
isolated = REGISTRY.isolated


def check_data_rights(app_configs=None, **kwargs) -> list[checks.Error]:
    """The system check socle.E001 over the one registry (ReseauConfig.ready())."""
    return REGISTRY.check_data_rights(app_configs, **kwargs)


def discover() -> None:
    """Import every installed app's `contributions.py` (ReseauConfig.ready())."""
    autodiscover_modules(MODULE)
