"""Export and deletion of a commune by platform staff. pg_dump reads through its
own connection, so these tests work on a really committed commune
(`scratch_commune`) and commit their own rows."""

import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_exists

from tenants.models import Commune, CommuneExport, Domain, SchemaState
from tests.job_runner import run_jobs


def test_export_holds_the_schema_dump_and_the_media(
    scratch_commune, committed_staff, django_db_blocker, tmp_path
):
    _staff, client = committed_staff
    media = Path(settings.MEDIA_ROOT) / scratch_commune.schema_name / "photos"
    media.mkdir(parents=True, exist_ok=True)
    (media / "fete.txt").write_text("la fête des voisins")
    with django_db_blocker.unblock():
        response = client.post(f"/plateforme/communes/{scratch_commune.slug}/export/")
        assert response.status_code == 302
        assert not list(Path(settings.RESEAU_EXPORT_ROOT).glob("*.tar.gz"))
        assert run_jobs(queues=["exports"]) == 1
        page = client.get(response["Location"]).content.decode()
        assert "Télécharger l’archive" in page and 'http-equiv="refresh"' not in page
        assert f'href="{response["Location"]}archive/"' in page
        download = client.get(f"{response['Location']}archive/")
        assert download.status_code == 200
        archive_path = tmp_path / "export.tar.gz"
        archive_path.write_bytes(b"".join(download.streaming_content))
        connection.set_schema_to_public()
        assert CommuneExport.objects.get(commune=scratch_commune).status == "done"
    with tarfile.open(archive_path) as archive:
        names = archive.getnames()
        dump = archive.extractfile("schema.sql").read().decode()
        photo = archive.extractfile("media/photos/fete.txt").read().decode()
        meta = archive.extractfile("commune.json").read().decode()
    assert {"schema.sql", "commune.json"} <= set(names)
    assert photo == "la fête des voisins"
    assert f"CREATE TABLE {scratch_commune.schema_name}.voisinages_resident" in dump
    assert "ambassadeur@scratch.example" in dump  # its ambassador invitation
    assert f'"slug": "{scratch_commune.slug}"' in meta


def test_deletion_needs_an_export_and_the_typed_slug(
    scratch_commune, committed_staff, django_db_blocker
):
    staff, client = committed_staff
    slug, schema = scratch_commune.slug, scratch_commune.schema_name
    media = Path(settings.MEDIA_ROOT) / schema
    media.mkdir(parents=True, exist_ok=True)
    (media / "logo.png").write_bytes(b"x")
    url = f"/plateforme/communes/{slug}/suppression/"
    with django_db_blocker.unblock():
        response = client.post(url, {"confirmation": slug})
        assert response.status_code == 400
        assert "Exportez la commune avant" in response.content.decode()
        client.post(f"/plateforme/communes/{slug}/export/")
        response = client.post(url, {"confirmation": slug})
        assert response.status_code == 400  # the export is not done yet
        run_jobs(queues=["exports"])
        response = client.post(url, {"confirmation": "autre-chose"})
        assert response.status_code == 400
        assert f"Tapez l’identifiant « {slug} »" in response.content.decode()
        connection.set_schema_to_public()
        assert Commune.objects.filter(slug=slug).exists() and schema_exists(schema)
        assert media.exists()
        response = client.post(url, {"confirmation": slug})
        assert response.status_code == 302
        connection.set_schema_to_public()
        assert not Commune.objects.filter(slug=slug).exists()
        assert not Domain.objects.filter(domain=f"{slug}.localhost").exists()
        assert not schema_exists(schema)
        assert not SchemaState.objects.filter(schema_name=schema).exists()  # releases forget it
    assert not media.exists()
