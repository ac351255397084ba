"""What the JSON API brings to the platform (see socle/registry.py)."""

from api import exports
from socle import registry

registry.data_rights("api", export=exports.export_for, forget=exports.forget)
