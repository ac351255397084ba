"""Two coordinators assign the same plot at the same moment, on two database
connections: exactly one wins (row lock on the garden, constraints behind it)."""

import threading
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context

from jardins import services
from jardins.models import Application, Garden, Membership, Plot
from tests.factories import make_resident


def _setup(commune):
    with schema_context(commune.schema_name):
        one = make_resident(commune, email="c1@scratch.example", first_name="Un")
        two = make_resident(commune, email="c2@scratch.example", first_name="Deux")
        garden = Garden.objects.create(name="Jardin partagé")
        for c in (one, two):
            Membership.objects.create(garden=garden, resident=c, role=Membership.Role.COORDINATOR)
        applicants = [
            make_resident(commune, email=f"a{i}@scratch.example", first_name=f"A{i}")
            for i in range(3)
        ]
        for person in applicants:
            services.apply_for_plot(garden=garden, applicant=person)
        the_plot = Plot.objects.create(garden=garden, number=1, area_m2=Decimal("10"))
        other_plot = Plot.objects.create(garden=garden, number=2, area_m2=Decimal("10"))
    return (one, two), applicants, the_plot, other_plot


def _race(commune, jobs):
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, coordinator, target):
        try:
            with schema_context(commune.schema_name):
                barrier.wait(timeout=10)
                results[index] = services.assign_to_next(plot=target, by=coordinator)
        except ValidationError as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c, p)) for i, (c, p) in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_concurrent_assignments_exactly_one_wins_a_plot(scratch_commune):
    """One committed commune for both races (creating one costs seconds)."""
    (one, two), applicants, the_plot, other_plot = _setup(scratch_commune)

    # Both coordinators click "give to the next applicant" on the same plot.
    results = _race(scratch_commune, [(one, the_plot), (two, the_plot)])
    wins = [r for r in results if isinstance(r, Application)]
    losses = [r for r in results if isinstance(r, ValidationError)]
    assert len(wins) == 1 and len(losses) == 1
    assert losses[0].messages == ["Cette parcelle n'est plus libre."]
    with schema_context(scratch_commune.schema_name):
        the_plot.refresh_from_db()
        assert the_plot.holder == applicants[0]
        assert Application.objects.filter(status=Application.Status.ASSIGNED).count() == 1
        third_plot = Plot.objects.create(garden=the_plot.garden, number=3, area_m2=Decimal("9"))

    # Two different plots at once: the next two applicants, one plot each.
    results = _race(scratch_commune, [(one, other_plot), (two, third_plot)])
    assert all(isinstance(r, Application) for r in results)
    with schema_context(scratch_commune.schema_name):
        holders = set(Plot.objects.values_list("holder", flat=True))
        assert holders == {a.pk for a in applicants}
