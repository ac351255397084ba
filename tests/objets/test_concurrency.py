"""20 accept attempts at once, from separate connections: exactly one wins."""

import threading
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone
from django_tenants.utils import schema_context

from objets import services
from objets.models import Category, Loan
from tests.factories import make_resident


def test_twenty_concurrent_accepts_of_overlapping_requests(scratch_commune, django_db_blocker):
    with django_db_blocker.unblock(), schema_context(scratch_commune.schema_name):

        def person(n):
            return make_resident(scratch_commune, email=f"p{n}@scratch.example", first_name=f"P{n}")

        owner = person(0)
        item = services.create_item(
            actor=owner,
            title="Perceuse",
            category=Category.objects.get(name="Outils"),
            max_loan_days=10,
        )
        today = timezone.localdate()
        loans = [
            services.request_loan(
                item=item,
                borrower=person(n),
                starts_on=today + timedelta(days=1 + n % 3),
                ends_on=today + timedelta(days=5),
            )  # fmt: skip
            for n in range(1, 21)
        ]
    barrier = threading.Barrier(len(loans))
    outcomes = []

    def attempt(loan):
        try:
            with schema_context(scratch_commune.schema_name):
                barrier.wait()
                try:
                    services.accept_loan(loan=loan, actor=owner)
                    outcomes.append("accepted")
                except ValidationError as exc:
                    outcomes.append(exc.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(loan,)) for loan in loans]
    # Unblocked once for every thread (the blocker is a process-wide switch).
    with django_db_blocker.unblock():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert outcomes.count("accepted") == 1
    assert len(outcomes) == 20
    with django_db_blocker.unblock(), schema_context(scratch_commune.schema_name):
        statuses = list(Loan.objects.values_list("status", flat=True))
    assert statuses.count("accepted") == 1 and statuses.count("declined") == 19
    connection.set_schema_to_public()
