"""make bench-jobs: an alert to 5,000 residents who chose email at once.

Two bench communes (5 and 5,000 residents, every one with an email address;
alerts reach residents by email at once by default). Measured:
* the alert's request (POST /fil/nouveau/ as the ambassador, through the real
  view), median of REQUESTS posts in each commune, no worker running;
* then, one worker process (`manage.py procrastinate worker`, as `make run`
  starts it) and a local SMTP sink (aiosmtpd): the time from the 5,000
  commune's alert until the sink holds the last email, and the emails per
  second between the first and the last.
The last line is one JSON object: recipients, request_ms_5, request_ms_5000,
request_ratio, all_sent_s, emails_per_s."""

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "5000"))
REQUESTS = 15
SMALL, BIG = "bench-jobs-5", "bench-jobs-5000"


def main() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reseau.settings.dev")
    os.environ["DEBUG"] = "0"
    from django.conf import settings

    settings.DATABASES["default"]["OPTIONS"]["pool"] = True  # as in production
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.test import Client
    from django_tenants.utils import schema_context

    from tenants.models import Commune
    from tenants.services import onboard_commune
    from tests.smtp_sink import SmtpSink
    from voisinages import roles
    from voisinages.models import Resident
    from voisinages.services import grant_role

    settings.ALLOWED_HOSTS = ["*"]

    def drop():
        connection.set_schema_to_public()
        for commune in Commune.objects.filter(slug__in=[SMALL, BIG]):
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM procrastinate_jobs WHERE args->>'schema' = %s",
                    [commune.schema_name],
                )
            commune.domains.all().delete()
            commune.delete(force_drop=True)

    def open_commune(slug: str, residents: int):
        commune = onboard_commune(
            name=slug, slug=slug, insee_code="75056", ambassador_email=f"a@{slug}.example"
        ).commune
        password = make_password("bench-password")
        with schema_context(commune.schema_name):
            ambassador = Resident.objects.create(
                email=f"ambassadrice@{slug}.example",
                password=password,
                first_name="Anne",
                last_name="Bench",
                email_confirmed=True,
                is_verified=True,
            )
            grant_role(resident=ambassador, role=roles.AMBASSADOR)
            Resident.objects.bulk_create(
                (
                    Resident(
                        email=f"voisin{n}@{slug}.example",
                        password=password,
                        first_name="Voisin",
                        last_name=str(n),
                        email_confirmed=True,
                        is_verified=True,
                    )
                    for n in range(residents)
                ),
                batch_size=2000,
            )
        client = Client(HTTP_HOST=f"{slug}.{settings.RESEAU_BASE_DOMAIN}")
        with schema_context(commune.schema_name):
            client.force_login(ambassador, backend="django.contrib.auth.backends.ModelBackend")
        return commune, client

    def alert(client, n: int) -> float:
        started = time.perf_counter()
        response = client.post(
            "/fil/nouveau/", {"kind": "alerte", "title": f"Alerte {n}", "body": "Coupure d'eau"}
        )
        elapsed = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        return elapsed

    drop()
    sink = SmtpSink().start()
    worker = None
    try:
        small, small_client = open_commune(SMALL, 5)
        big, big_client = open_commune(BIG, RECIPIENTS)
        for client in (small_client, big_client):  # warm up
            alert(client, 0)
        timings = {SMALL: [], BIG: []}
        for n in range(1, REQUESTS + 1):
            timings[SMALL].append(alert(small_client, n))
            timings[BIG].append(alert(big_client, n))
        request_ms_5 = statistics.median(timings[SMALL]) * 1000
        request_ms_5000 = statistics.median(timings[BIG]) * 1000
        print(f"request median: {request_ms_5:.1f} ms (5), {request_ms_5000:.1f} ms ({RECIPIENTS})")
        connection.set_schema_to_public()
        with connection.cursor() as cursor:  # only the measured alert goes out
            cursor.execute(
                "DELETE FROM procrastinate_jobs WHERE args->>'schema' IN (%s, %s)",
                [small.schema_name, big.schema_name],
            )

        # The worker's own log, to read when a figure looks wrong.
        worker_log = open(os.environ.get("BENCH_WORKER_LOG", os.devnull), "w")  # noqa: SIM115
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "procrastinate", "worker"],
            cwd=ROOT,
            env={**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"},
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        )
        time.sleep(3)  # the worker is up and idle
        started = time.perf_counter()
        alert(big_client, REQUESTS + 1)
        first = None
        deadline = started + 900
        while sink.count() < RECIPIENTS and time.perf_counter() < deadline:
            if first is None and sink.count():
                first = time.perf_counter()
            time.sleep(0.05)
        done = time.perf_counter()
        assert sink.count() == RECIPIENTS, f"{sink.count()} emails of {RECIPIENTS}"
        all_sent_s = done - started
        emails_per_s = RECIPIENTS / (done - first) if first and done > first else 0.0
        print(f"all {RECIPIENTS} emails at the sink after {all_sent_s:.1f} s")
    finally:
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
        sink.stop()
        drop()
    return {
        "recipients": RECIPIENTS,
        "request_ms_5": round(request_ms_5, 2),
        "request_ms_5000": round(request_ms_5000, 2),
        "request_ratio": round(request_ms_5000 / request_ms_5, 3),
        "all_sent_s": round(all_sent_s, 2),
        "emails_per_s": round(emails_per_s, 1),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
