"""Property-based fuzzing of the whole OpenAPI document with schemathesis, in
process (Django's WSGI handler, inside the test's transaction), logged in with a
read-write token: no 5xx, and every answer matches its own documented schema.

`make test` runs a few examples per operation; `make fuzz` many more
(API_FUZZ_EXAMPLES).

Hostile values ride along (tests/security/hostile.py): dates and date-times are
drawn from valid ones and impossible or out-of-range ones, and every other case
has its strings, integers and path ids swapped for NUL bytes, non-ASCII digits,
over-long text and ids past PostgreSQL's bigint."""

import itertools
import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django_tenants.utils import schema_context
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import host_of
from tests.security.hostile import HOSTILE_DATES, HOSTILE_INTS, HOSTILE_TEXT

# Valid dates, and the hostile ones, for every `date` / `date-time` field.
schemathesis.openapi.format(
    "date",
    st.one_of(st.dates().map(lambda d: d.isoformat()), st.sampled_from(HOSTILE_DATES)),
)
schemathesis.openapi.format(
    "date-time",
    st.one_of(
        st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
        st.sampled_from(HOSTILE_DATES),
    ),
)

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


@pytest.fixture
def wsgi_app(db):
    # Django's test client keeps the test's transaction open by not closing the
    # connection at each request; do the same for the raw WSGI handler.
    # (Closing it would end the transaction and let later writes commit for real.)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_token(commune, make_resident, make_token):
    from voisinages.models import Quartier

    resident = make_resident(commune, email="fuzz@alpha.example")
    with schema_context(commune.schema_name):
        Quartier.objects.get_or_create(name="Quartier du fuzz")
    return resident, make_token(commune, resident, "read-write")


@pytest.fixture
def api_schema(commune, wsgi_app):
    return schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", wsgi_app, base_url=f"http://{host_of(commune)}"
    )


schema = schemathesis.pytest.from_fixture("api_schema")
# slow: run first by make test (tests/conftest.py).
pytestmark = pytest.mark.slow


def _hostile(value, index):
    """`value` with every string and integer leaf made hostile."""
    if isinstance(value, dict):
        return {key: _hostile(item, index + n) for n, (key, item) in enumerate(value.items())}
    if isinstance(value, list):
        return [_hostile(item, index + n) for n, item in enumerate(value)]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return HOSTILE_INTS[index % len(HOSTILE_INTS)]
    if isinstance(value, str):
        return HOSTILE_TEXT[index % len(HOSTILE_TEXT)]
    return value


_turns = itertools.count()


def make_hostile(case) -> None:
    """Every other case: hostile body, query and path values."""
    turn = next(_turns)
    if turn % 2:
        return
    if isinstance(case.body, (dict, list)):
        case.body = _hostile(case.body, turn)
    if case.query:
        case.query = _hostile(dict(case.query), turn)
    if case.path_parameters:
        case.path_parameters = {
            name: HOSTILE_INTS[(turn // 2) % 2] if isinstance(value, int) else value
            for name, value in case.path_parameters.items()
        }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("API_FUZZ_RANDOM"),
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_within_its_schema(case, commune, fuzz_token):
    from api.models import ApiToken

    resident, raw = fuzz_token
    # A fuzzed DELETE /tokens/{id} may revoke the very token the run uses.
    with schema_context(commune.schema_name):
        ApiToken.objects.filter(resident=resident).update(revoked_at=None)
    make_hostile(case)
    case.call_and_validate(
        base_url=f"http://{host_of(commune)}",
        headers={"Authorization": f"Bearer {raw}"},
        checks=CHECKS,
    )


def test_fuzzing_leaves_no_rows_behind(db, commune):
    """The fuzz run stays inside its test's transaction (nothing it wrote
    survives): a leak would break every later test."""
    from api.models import ApiToken
    from voisinages.models import Resident

    with schema_context(commune.schema_name):
        assert not ApiToken.objects.exists()
        assert not Resident.objects.filter(email="fuzz@alpha.example").exists()
