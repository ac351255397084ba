"""The platform's work off the request path (socle/jobs.py): its emails are
jobs carrying primary keys, a commune's archive is a job whose progress staff
watch, and failed jobs wait on /plateforme/taches/ for a retry."""

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client

from tenants import archives, tasks
from tenants.models import CommuneExport, FrenchCommune, InterestSignup
from tenants.services import requests as platform
from tests.job_runner import queued
from voisinages.models import ActionLog

pytestmark = pytest.mark.django_db

PUTEAUX = "92062"
CONFIRM_JOB = "tenants.tasks.interest_confirmation"
EXPORT_JOB = "tenants.tasks.export_commune"


def test_a_rolled_back_interest_queues_nothing_and_mails_nothing(run_jobs):
    official = FrenchCommune.objects.get(pk=PUTEAUX)
    with pytest.raises(RuntimeError), transaction.atomic():
        platform.register_interest(french_commune=official, email="lea@example.org")
        assert len(queued(CONFIRM_JOB)) == 1
        raise RuntimeError("the request fails after the signup")
    assert queued(CONFIRM_JOB) == [] and not InterestSignup.objects.exists()
    assert run_jobs() == 0 and mail.outbox == []


def test_the_mail_job_carries_the_primary_key_and_reads_the_row_when_it_runs(run_jobs):
    official = FrenchCommune.objects.get(pk=PUTEAUX)
    signup = platform.register_interest(french_commune=official, email="lea@example.org")
    [job] = queued(CONFIRM_JOB)
    assert job["args"] == {"signup_id": signup.pk} and job["queue_name"] == "mail"
    assert job["priority"] == 100
    # Confirmed before the worker got to it: nothing left to send.
    InterestSignup.objects.filter(pk=signup.pk).update(confirmed_at="2026-01-01T00:00Z")
    assert run_jobs() == 1 and mail.outbox == []


def _export_url(commune):
    return f"/plateforme/communes/{commune.slug}/export/"


def test_the_export_post_only_queues_the_archive_once(staff_client, commune, settings, tmp_path):
    settings.RESEAU_EXPORT_ROOT = tmp_path / "exports"
    response = staff_client.post(_export_url(commune))
    assert response.status_code == 302
    export = CommuneExport.objects.get(commune=commune)
    assert response["Location"] == f"{_export_url(commune)}{export.pk}/"
    assert export.status == "pending" and not list(tmp_path.glob("exports/*"))
    [job] = queued(EXPORT_JOB)
    assert job["args"] == {"export_id": export.pk} and job["queue_name"] == "exports"
    # A second click while it waits: the same export, no second job.
    again = staff_client.post(_export_url(commune))
    assert again["Location"] == response["Location"]
    assert len(queued(EXPORT_JOB)) == 1 and CommuneExport.objects.count() == 1
    page = staff_client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page and "En attente" in page
    # Not done: no archive to download, and the commune cannot be deleted.
    assert staff_client.get(f"{response['Location']}archive/").status_code == 404
    deleted = staff_client.post(
        f"/plateforme/communes/{commune.slug}/suppression/", {"confirmation": commune.slug}
    )
    assert deleted.status_code == 400 and "Exportez la commune avant" in deleted.content.decode()


def test_a_failed_pg_dump_shows_why_and_offers_to_try_again(
    staff_client, commune, settings, tmp_path, monkeypatch, run_jobs
):
    settings.RESEAU_EXPORT_ROOT = tmp_path / "exports"
    monkeypatch.setattr(archives, "pg_dump_binary", lambda: "/bin/false")
    location = staff_client.post(_export_url(commune))["Location"]
    run_jobs()
    export = CommuneExport.objects.get(commune=commune)
    assert export.status == "failed" and "pg_dump failed" in export.error
    assert export.finished_at is not None
    page = staff_client.get(location).content.decode()
    assert "Échec" in page and "pg_dump failed" in page and "Réessayer" in page
    assert 'http-equiv="refresh"' not in page
    assert staff_client.get(f"{location}archive/").status_code == 404
    assert [j["args"] for j in queued(EXPORT_JOB, status="failed")] == [{"export_id": export.pk}]
    # Trying again makes a new export: a failed one does not block it.
    staff_client.post(_export_url(commune))
    assert CommuneExport.objects.filter(commune=commune, status="pending").count() == 1


def test_a_done_export_is_not_made_again(commune, staff, monkeypatch):
    export = CommuneExport.objects.create(commune=commune, created_by=staff, status="done", size=7)
    monkeypatch.setattr(archives, "pg_dump_binary", lambda: pytest.fail("dumped again"))
    assert tasks.export_commune(export_id=export.pk) is False
    assert tasks.export_commune(export_id=987_654_321) is False  # gone since
    export.refresh_from_db()
    assert export.status == "done" and export.size == 7


def test_only_platform_staff_export(
    commune, other_commune, make_resident, client_for, make_public_account, staff
):
    export = CommuneExport.objects.create(commune=commune, created_by=staff, status="done")
    urls = [_export_url(commune), f"{_export_url(commune)}{export.pk}/"]
    ambassador = make_resident(commune, roles=("ambassador",))
    on_commune = client_for(commune, ambassador)
    outsider = client_for(other_commune, make_resident(other_commune, roles=("ambassador",)))
    connection.set_schema_to_public()
    not_staff = Client(HTTP_HOST="localhost")
    not_staff.force_login(
        make_public_account("benevole@reseau.example", is_staff=False),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    for url in urls + [f"{urls[1]}archive/"]:
        assert on_commune.post(url).status_code == 404, url
        assert outsider.get(url).status_code == 404, url
        assert not_staff.post(url).status_code == 403, url
    connection.set_schema_to_public()
    assert CommuneExport.objects.count() == 1 and queued(EXPORT_JOB) == []


def _fail(job_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'failed', attempts = 8 WHERE id = %s",
            [job_id],
        )


def test_staff_see_a_failed_job_and_retry_it(staff_client, run_jobs):
    official = FrenchCommune.objects.get(pk=PUTEAUX)
    platform.register_interest(french_commune=official, email="lea@example.org")
    [job] = queued(CONFIRM_JOB)
    _fail(job["id"])
    home = staff_client.get("/plateforme/").content.decode()
    assert 'href="/plateforme/taches/"' in home
    page = staff_client.get("/plateforme/taches/").content.decode()
    assert CONFIRM_JOB in page and f"#{job['id']}" in page and "Réessayer" in page
    assert f"/plateforme/taches/{job['id']}/relancer/" in page
    assert run_jobs() == 0 and mail.outbox == []
    response = staff_client.post(f"/plateforme/taches/{job['id']}/relancer/")
    assert response.status_code == 302 and response["Location"] == "/plateforme/taches/"
    assert [j["id"] for j in queued(CONFIRM_JOB)] == [job["id"]]
    run_jobs()  # (its count: one failed job became succeeded)
    assert [m.to for m in mail.outbox] == [["lea@example.org"]]
    assert queued(CONFIRM_JOB, status="succeeded")[0]["id"] == job["id"]
    # Who retried it is in the platform's log.
    entry = ActionLog.objects.get(code="tenants.job.retried")
    assert entry.data["job"] == job["id"] and entry.actor.email == "equipe@reseau.example"
    # Not failed any more, unknown, or not an id: nothing to retry.
    for bad in (job["id"], 987_654_321, "abc", "9" * 30):
        assert staff_client.post(f"/plateforme/taches/{bad}/relancer/").status_code in (400, 404)


def test_only_platform_staff_see_or_retry_failed_jobs(
    public_client, make_public_account, commune, make_resident, client_for
):
    official = FrenchCommune.objects.get(pk=PUTEAUX)
    platform.register_interest(french_commune=official, email="lea@example.org")
    [job] = queued(CONFIRM_JOB)
    _fail(job["id"])
    on_commune = client_for(commune, make_resident(commune, roles=("ambassador",)))
    connection.set_schema_to_public()
    public_client.force_login(
        make_public_account("benevole@reseau.example", is_staff=False),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    anonymous = Client(HTTP_HOST="localhost")
    retry = f"/plateforme/taches/{job['id']}/relancer/"
    assert public_client.get("/plateforme/taches/").status_code == 403
    assert public_client.post(retry).status_code == 403
    assert anonymous.post(retry).status_code == 302
    assert on_commune.get("/plateforme/taches/").status_code == 404
    assert on_commune.post(retry).status_code == 404
    connection.set_schema_to_public()
    assert queued(CONFIRM_JOB, status="failed")[0]["id"] == job["id"]
