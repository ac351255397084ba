"""Helpers the tests build their world with: the commune a block runs in, and
the one way of making a resident (the `make_resident` fixture, the live tests'
committed residents and the concurrency tests all call `make_resident` below).

Whether a resident is committed depends on the caller, not on the factory:
inside a `django_db` test it rolls back with the test; under `live_db` or
`django_db_blocker.unblock()` it is committed (for other connections to see)."""

import inspect
import itertools
from contextlib import contextmanager

from django_tenants.utils import schema_context

from voisinages.services import grant_role, register_resident

PASSWORD = "un-mot-de-passe-solide"

_numbers = itertools.count(1)
# What register_resident takes besides the fields above (quartier, invitation, position...).
_REGISTRATION_FIELDS = set(inspect.signature(register_resident).parameters)


@contextmanager
def in_commune(commune):
    """`with in_commune(commune): ...` runs the block in the commune's schema;
    the connection is back on the schema it was on (the public one in a test)
    after the block, even when a request inside it switched tenants."""
    with schema_context(commune.schema_name):
        yield commune


def make_resident(
    commune,
    *,
    email=None,
    password=PASSWORD,
    first_name="Camille",
    last_name="Durand",
    roles=(),
    is_verified=True,
    **fields,
):
    """A resident of `commune`, registered by the real service (verified by
    default, so it can post), with `roles` granted. Fields the registration
    does not take (is_voisin_solidaire, approval_pending, ...) are saved after."""
    given = {name: fields.pop(name) for name in list(fields) if name in _REGISTRATION_FIELDS}
    with in_commune(commune):
        resident = register_resident(
            email=email or f"voisin{next(_numbers)}@{commune.slug}.example",
            password=password,
            first_name=first_name,
            last_name=last_name,
            is_verified=is_verified,
            **given,
        )
        for role in roles:
            grant_role(resident=resident, role=role)
        if fields:
            for name, value in fields.items():
                setattr(resident, name, value)
            resident.save(update_fields=list(fields))
    return resident
