"""Gardens fixtures: a garden of the `commune` with a coordinator, and helpers."""

import html
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import in_commune


@dataclass
class GardenWorld:
    commune: object
    garden: object
    coordinator: object

    def ctx(self):
        return in_commune(self.commune)


@pytest.fixture
def world(commune, make_resident):
    from jardins.models import Garden, Membership

    coordinator = make_resident(
        commune, email="coordo@alpha.example", first_name="Rose", last_name="Pivoine"
    )
    with in_commune(commune):
        garden = Garden.objects.create(
            name="Jardin des Lilas", address="2 rue des Lilas", latitude=48.88, longitude=2.23
        )
        Membership.objects.create(
            garden=garden, resident=coordinator, role=Membership.Role.COORDINATOR
        )
    return GardenWorld(commune=commune, garden=garden, coordinator=coordinator)


@pytest.fixture
def add_member(world, make_resident):
    """add_member(first_name=...) -> a resident who is a member of the garden."""
    from jardins.models import Membership

    def make(first_name="Mila", **kwargs):
        resident = make_resident(world.commune, first_name=first_name, **kwargs)
        with world.ctx():
            Membership.objects.create(garden=world.garden, resident=resident)
        return resident

    return make


@pytest.fixture
def task(world):
    """A watering task of four weekly slots, the first in ten days."""
    from jardins import services
    from jardins.models import Task

    first = (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    with world.ctx():
        return services.create_task(
            garden=world.garden,
            by=world.coordinator,
            title="Arrosage",
            kind=Task.Kind.WATERING,
            first_at=first,
            every_days=7,
            count=4,
        )


def plot(world, number, area="12.5", **fields):
    from jardins.models import Plot

    with world.ctx():
        return Plot.objects.create(
            garden=world.garden, number=number, area_m2=Decimal(area), **fields
        )


def text(response) -> str:
    """The page as a reader sees it (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())


# The API client fixtures, for the tests that check the site and the API together.
from tests.api.conftest import api_for, make_token  # noqa: E402, F401
