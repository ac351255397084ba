from socle import registry
from socle.registry import EMAIL_NOW


def seed(*, commune, residents):
    pass


def export(resident):
    return {}


def forget(resident):
    pass


def compute(*, starts, bounds, monthly_counts):
    return [0 for _start in starts]


def group(commune_id, object_id):
    return f"t{commune_id}.extra{object_id}"


def allowed(*, viewer, object_id):
    return True


def install(*, commune, hostname):
    pass


def hook(schema, commune_id, ids):
    pass


registry.notification_kind("extra.thing.happened", "Something happened", EMAIL_NOW)
registry.notification_hook(hook)
registry.demo_data("extra", seed)
registry.data_rights("extra", export=export, forget=forget)
registry.dashboard_figure("extra_things", title="Things", compute=compute)
registry.live_subscription("extra", group=group, allowed=allowed)
registry.commune_defaults("extra", install)
