import pytest
from django_tenants.utils import schema_context


@pytest.fixture
def quartier(commune, db):
    from voisinages.models import Quartier

    with schema_context(commune.schema_name):
        return Quartier.objects.create(name="Les Tilleuls", latitude=48.8849, longitude=2.2385)


@pytest.fixture
def other_quartier(other_commune, db):
    from voisinages.models import Quartier

    with schema_context(other_commune.schema_name):
        return Quartier.objects.create(name="La Gare", latitude=46.5665, longitude=3.3325)


@pytest.fixture
def policy(commune):
    """policy("approval") sets the commune's registration policy for one test."""
    changed = []

    def set_policy(value, target=None):
        target = target or commune
        changed.append((target, target.registration_policy))
        target.registration_policy = value
        target.save(update_fields=["registration_policy"])

    yield set_policy
    # The rows roll back with the test; the session-wide objects must too.
    for target, original in reversed(changed):
        target.registration_policy = original


def text(response) -> str:
    """The page as a reader sees it (entities such as &#x27; decoded)."""
    import html

    return html.unescape(response.content.decode())


@pytest.fixture
def ambassador(commune, make_resident):
    from voisinages import roles

    return make_resident(
        commune, email="claire@alpha.example", first_name="Claire", roles=(roles.AMBASSADOR,)
    )
