"""Probes for the scale bench (tests/bench/scale.py and `python -m
tests.bench.scale_probes`): the time of a whole-platform backup and the memory
of one PostgreSQL backend after serving many communes, with and without the
recycling of socle/connections.py. Run with Django set up, on a database
whose communes are served at `<slug>.<RESEAU_BASE_DOMAIN>`.

    backup_s(target=None) -> float
        seconds of a physical base backup of the whole cluster (tenants/backups.py);
        raises if it fails. Written to a temporary directory removed after.
    backend_mb_recycled(hosts, pages=PAGES) -> float
    backend_mb_unbounded(hosts, pages=PAGES) -> float
        the largest private memory (MB) of the backend serving the requests,
        after a GET of each of `pages` on each host in turn: with the settings'
        RESEAU_CONN_MAX_SCHEMAS, or with no limit.
    backend_memory_curve(hosts, pages=PAGES, max_schemas=None) -> list[float]
        the backend's memory after each host (K's measurement)."""

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reseau.settings.dev")
django.setup()  # once; a no-op when the bench already did it

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from tenants.backups import physical_backup  # noqa: E402
from tenants.models import Commune  # noqa: E402

NO_LIMIT = 10**9
# What serving a commune means here: its main pages, as a visitor sees them.
PAGES = ("/", "/fil/", "/objets/", "/jardins/", "/agenda/", "/voisins/")


def backup_s(target: Path | None = None) -> float:
    work = Path(tempfile.mkdtemp(prefix="reseau-backup-")) if target is None else target
    try:
        return physical_backup(work / "base").seconds
    finally:
        if target is None:
            shutil.rmtree(work, ignore_errors=True)


def backend_mb() -> float:
    """The current backend's private memory: RssAnon from /proc when the server
    runs on this machine and is readable, else its memory contexts."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            status = ""
        for line in status.splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
        cursor.execute("SELECT sum(total_bytes) FROM pg_backend_memory_contexts")
        return cursor.fetchone()[0] / 2**20


def backend_memory_curve(
    hosts: list[str], pages: tuple[str, ...] = PAGES, max_schemas: int | None = None
) -> list[float]:
    limits = {} if max_schemas is None else {"RESEAU_CONN_MAX_SCHEMAS": max_schemas}
    curve = []
    with override_settings(**limits):
        connection.close()
        for host in hosts:
            client = Client(HTTP_HOST=host)
            for page in pages:
                client.get(page)
            curve.append(backend_mb())
        connection.close()
    return curve


def backend_mb_recycled(hosts: list[str], pages: tuple[str, ...] = PAGES) -> float:
    return max(backend_memory_curve(hosts, pages), default=0.0)


def backend_mb_unbounded(hosts: list[str], pages: tuple[str, ...] = PAGES) -> float:
    with override_settings(RESEAU_CONN_MAX_AGE=NO_LIMIT):
        return max(backend_memory_curve(hosts, pages, max_schemas=NO_LIMIT), default=0.0)


def main() -> None:
    """Measure on the communes of the configured database; one JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--communes", type=int, default=20)
    parser.add_argument("--max-schemas", type=int, default=settings.RESEAU_CONN_MAX_SCHEMAS)
    parser.add_argument("--no-backup", action="store_true")
    arguments = parser.parse_args()
    slugs = Commune.objects.filter(is_template=False).exclude(schema_name="public")
    hosts = [
        f"{slug}.{settings.RESEAU_BASE_DOMAIN}"
        for slug in slugs.values_list("slug", flat=True)[: arguments.communes]
    ]
    with override_settings(RESEAU_CONN_MAX_AGE=NO_LIMIT):
        unbounded = backend_memory_curve(hosts, max_schemas=NO_LIMIT)
        recycled = backend_memory_curve(hosts, max_schemas=arguments.max_schemas)
    result = {
        "communes": len(hosts),
        "conn_max_schemas": arguments.max_schemas,
        "backend_mb_curve_unbounded": [round(mb, 1) for mb in unbounded],
        "backend_mb_curve_recycled": [round(mb, 1) for mb in recycled],
        "backend_mb_unbounded": round(max(unbounded, default=0.0), 1),
        "backend_mb_recycled": round(max(recycled, default=0.0), 1),
    }
    if not arguments.no_backup:
        result["backup_s"] = round(backup_s(), 2)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
