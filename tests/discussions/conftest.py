import pytest
from django_tenants.utils import schema_context

from voisinages import roles


@pytest.fixture
def publish(commune):
    """publish(author, **fields) -> a Post of `commune` (or of `in_commune=`)."""
    from discussions.services import publish_post

    def make(author, *, in_commune=None, kind="discussion", title="Bonjour", body="", **fields):
        with schema_context((in_commune or commune).schema_name):
            return publish_post(author=author, kind=kind, title=title, body=body, **fields)

    return make


@pytest.fixture
def ambassador(commune, make_resident):
    return make_resident(
        commune, email="ambassadrice@alpha.example", first_name="Anne", roles=(roles.AMBASSADOR,)
    )


@pytest.fixture
def events(monkeypatch):
    """Live events published (after commit) as (group, event) pairs."""
    sent = []
    monkeypatch.setattr("socle.live.publish", lambda group, event: sent.append((group, event)))
    return sent


@pytest.fixture
def make_neighbour(make_resident):
    """make_resident plus fields register_resident does not take (position, solidaire)."""

    def make(commune, **fields):
        base = {k: fields.pop(k) for k in list(fields) if k in ("email", "first_name", "roles")}
        resident = make_resident(commune, **base)
        if fields:
            with schema_context(commune.schema_name):
                for name, value in fields.items():
                    setattr(resident, name, value)
                resident.save(update_fields=list(fields))
        return resident

    return make


@pytest.fixture
def stranger_client(other_commune, make_resident, client_for):
    """A resident logged into the other commune, sending requests to `commune`'s host."""
    from tests.conftest import host_of

    def make(commune):
        stranger = make_resident(other_commune)
        client = client_for(other_commune, stranger)
        client.defaults["HTTP_HOST"] = host_of(commune)
        return client

    return make


# The API client fixtures, for the tests that check the site and the API together.
from tests.api.conftest import api_for, make_token  # noqa: E402, F401
