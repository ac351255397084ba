"""What the benchmarks share: a bench commune dropped before and after a run,
and the 95th percentile of timings in milliseconds. Import it after
`django.setup()` has run (the models are read inside the functions)."""

import statistics


def p95(samples) -> float:
    return round(statistics.quantiles(samples, n=20)[-1] * 1000, 2)


def drop_bench_commune(slug: str) -> None:
    """Drop the bench commune `slug` (its schema and domains), if it exists."""
    from django.db import connection

    from tenants.models import Commune

    connection.set_schema_to_public()
    for commune in Commune.objects.filter(slug=slug):
        commune.domains.all().delete()
        commune.delete(force_drop=True)
