"""A commune restored whole from its archive (tenants/restore.py): export →
delete → restore gives back every row, file and login; a restore under another
slug beside the original is a separate, isolated commune. pg_dump and psql use
their own connections, so the round trip commits for real and cleans up."""

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, schema_exists
from wagtail.models import Page, Site

from tenants import archives, restore
from tenants.models import Commune, CommuneExport, CommuneRestore
from tenants.services import lifecycle, onboard_commune
from tests.factories import PASSWORD as NEW_PASSWORD
from tests.factories import make_resident
from tests.job_runner import run_jobs
from voisinages.models import Resident

PASSWORD = "ancien-mot-de-passe"


def _row_counts(schema: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        tables = sorted(row[0] for row in cursor.fetchall())
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _files(schema: str) -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT) / schema
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def _logs_in(slug: str, email: str, password: str) -> bool:
    client = Client(HTTP_HOST=f"{slug}.{settings.RESEAU_BASE_DOMAIN}")
    response = client.post(
        "/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR="10.9.0.1"
    )
    return response.status_code == 302


def _drop(slug: str) -> None:
    connection.set_schema_to_public()
    for commune in Commune.objects.filter(slug=slug):
        CommuneExport.objects.filter(commune=commune).delete()
        commune.domains.all().delete()
        commune.delete(force_drop=True)
        shutil.rmtree(Path(settings.MEDIA_ROOT) / commune.schema_name, ignore_errors=True)


@pytest.fixture
def exported_commune(django_db_setup, committed_staff, django_db_blocker):
    """A committed commune with a resident, a page and a file, and its archive."""
    staff, _client = committed_staff
    slug = "restauree"
    with django_db_blocker.unblock():
        commune = onboard_commune(
            name="Restaurée-sur-Loire",
            slug=slug,
            insee_code="75056",
            ambassador_email="ambassadeur@restauree.example",
        ).commune
        try:
            make_resident(commune, email="camille@restauree.example", password=PASSWORD)
            media = Path(settings.MEDIA_ROOT) / commune.schema_name / "photos"
            media.mkdir(parents=True, exist_ok=True)
            (media / "fete.jpg").write_bytes(b"\xff\xd8 la fete \x00\x01")
            connection.set_schema_to_public()
            export = CommuneExport.objects.create(commune=commune, created_by=staff)
            assert archives.make_archive(export.pk)
            connection.set_schema_to_public()
            path = archives.export_path(CommuneExport.objects.get(pk=export.pk))
            yield commune, path, staff
        finally:
            for used in (slug, "restauree-copie"):
                _drop(used)


def test_export_delete_restore_gives_the_commune_back_whole(
    exported_commune, committed_staff, django_db_blocker
):
    commune, path, staff = exported_commune
    _staff, client = committed_staff
    schema, slug = commune.schema_name, commune.slug
    with django_db_blocker.unblock():
        counts, files = _row_counts(schema), _files(schema)
        with schema_context(schema):
            pages = Page.objects.count()

        # Beside the original: another slug, from the platform page, by a job.
        response = client.get("/plateforme/restaurations/")
        assert response.status_code == 200 and path.name in response.content.decode()
        response = client.post(
            "/plateforme/restaurations/", {"archive": path.name, "slug": "restauree-copie"}
        )
        assert response.status_code == 302
        assert run_jobs(queues=["exports"]) == 1
        page = client.get(response["Location"]).content.decode()
        connection.set_schema_to_public()
        assert CommuneRestore.objects.get().error == ""
        assert "La commune est restaurée." in page and 'http-equiv="refresh"' not in page
        connection.set_schema_to_public()
        copy = Commune.objects.get(slug="restauree-copie")
        assert CommuneRestore.objects.get(slug="restauree-copie").commune == copy
        assert copy.schema_name == "c_restauree_copie" and copy.name == commune.name
        assert copy.primary_domain == f"restauree-copie.{settings.RESEAU_BASE_DOMAIN}"
        # The action log too: the archive lacks the export's own entry (written
        # after the dump) and the restore writes one of its own.
        assert _row_counts(copy.schema_name) == counts
        assert _files(copy.schema_name) == files
        with schema_context(copy.schema_name):
            site = Site.objects.get()
            assert site.hostname == copy.primary_domain and site.root_page.title
        # Isolated: both log in on their own host; an account of the copy is not
        # one of the original, and the original is unchanged.
        assert _logs_in("restauree-copie", "camille@restauree.example", PASSWORD)
        assert _logs_in(slug, "camille@restauree.example", PASSWORD)
        make_resident(copy, email="nouveau@copie.example")
        assert _logs_in("restauree-copie", "nouveau@copie.example", NEW_PASSWORD)
        assert not _logs_in(slug, "nouveau@copie.example", NEW_PASSWORD)
        with schema_context(schema):
            assert not Resident.objects.filter(email="nouveau@copie.example").exists()

        # Deleted, then restored under its own slug with the command.
        lifecycle.delete_commune(commune=commune, staff=staff, confirmation=slug)
        assert not schema_exists(schema) and not _files(schema)
        call_command("restore_commune", str(path), slug=slug, stdout=io.StringIO())
        connection.set_schema_to_public()
        back = Commune.objects.get(slug=slug)
        assert back.schema_name == schema and back.pk != commune.pk
        assert _row_counts(schema) == counts
        assert _files(schema) == files
        with schema_context(schema):
            assert Page.objects.count() == pages
            assert Site.objects.get().hostname == back.primary_domain
        assert _logs_in(slug, "camille@restauree.example", PASSWORD)
        assert not _logs_in(slug, "camille@restauree.example", "un-autre")


def _archive(tmp_path, *, migrations, schema="c_ailleurs", extra=None) -> Path:
    path = tmp_path / "archive.tar.gz"
    members = {
        "schema.sql": b"-- nothing\n",
        "commune.json": json.dumps({"schema_name": schema, "slug": "ailleurs"}).encode(),
        "manifest.json": json.dumps({"format": 1, "migrations": migrations}).encode(),
        **(extra or {}),
    }
    return _write_tar(path, members)


def _write_tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _refusal(**arguments) -> str:
    with pytest.raises(ValidationError) as refused:
        restore.restore_commune(**arguments)
    return " ".join(refused.value.messages)


@pytest.mark.django_db
def test_refusals_are_clear_and_leave_nothing(commune, tmp_path):
    known = [["voisinages", "0001_initial"]]
    taken = _refusal(archive_path=_archive(tmp_path, migrations=known), slug=commune.slug)
    assert f"L’identifiant « {commune.slug} » est déjà pris" in taken
    assert "Utilisez" in _refusal(archive_path=_archive(tmp_path, migrations=known), slug="-x-")

    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not an archive")
    assert "n’est pas une archive de commune lisible" in _refusal(
        archive_path=garbage, slug="nouvelle"
    )
    escaping = _archive(tmp_path, migrations=known, extra={"../evil.txt": b"x"})
    assert "ne contient pas" in _refusal(archive_path=escaping, slug="nouvelle")
    newer = _archive(tmp_path, migrations=[*known, ["voisinages", "9999_from_the_future"]])
    message = _refusal(archive_path=newer, slug="nouvelle")
    assert "version plus récente de Réseau" in message and "9999_from_the_future" in message
    assert not Commune.objects.filter(slug="nouvelle").exists()
    assert not schema_exists("c_nouvelle")
    assert not (Path(settings.MEDIA_ROOT) / "c_nouvelle").exists()


def test_rename_touches_statements_not_rows(tmp_path):
    source = tmp_path / "in.sql"
    source.write_text(
        "CREATE SCHEMA c_alpha;\n"
        "CREATE TABLE c_alpha.t (id integer DEFAULT nextval('c_alpha.t_id_seq'::regclass));\n"
        "COPY c_alpha.t (id, body) FROM stdin;\n"
        "1\tc_alpha.t is mentioned in a post\n"
        "\\.\n"
        "ALTER TABLE ONLY c_alpha.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n"
        "CREATE INDEX c_alpha_x ON c_alpha.t (id);\n"
    )
    target = tmp_path / "out.sql"
    restore.rename_schema_in_dump(source, target, old="c_alpha", new="c_beta")
    assert target.read_text() == (
        "CREATE SCHEMA c_beta;\n"
        "CREATE TABLE c_beta.t (id integer DEFAULT nextval('c_beta.t_id_seq'::regclass));\n"
        "COPY c_beta.t (id, body) FROM stdin;\n"
        "1\tc_alpha.t is mentioned in a post\n"
        "\\.\n"
        "ALTER TABLE ONLY c_beta.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n"
        "CREATE INDEX c_alpha_x ON c_beta.t (id);\n"
    )


@pytest.mark.django_db
def test_restore_pages_are_for_platform_staff_only(commune, client_for, resident):
    client = client_for(commune, resident)
    assert client.get("/plateforme/restaurations/").status_code == 404
    public = Client(HTTP_HOST=settings.RESEAU_BASE_DOMAIN)
    response = public.get("/plateforme/restaurations/")
    assert response.status_code == 302 and "/plateforme/connexion/" in response["Location"]


@pytest.mark.django_db
def test_an_uploaded_file_that_is_no_archive_fails_with_the_reason(
    staff_client, settings, tmp_path, run_jobs
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.RESEAU_EXPORT_ROOT = tmp_path / "exports"
    upload = SimpleUploadedFile("alpha.tar.gz", b"not gzip at all")
    response = staff_client.post("/plateforme/restaurations/", {"upload": upload, "slug": "gamma"})
    assert response.status_code == 302
    assert run_jobs(queues=["exports"]) == 1
    restore_row = CommuneRestore.objects.get(slug="gamma")
    assert restore_row.status == "failed" and restore_row.archive.startswith("uploads/")
    page = staff_client.get(response["Location"]).content.decode()
    assert "La restauration a échoué" in page and "n’est pas une archive de commune lisible" in page
    assert not Commune.objects.filter(slug="gamma").exists()
    # Neither an archive nor an upload, or a slug in use: the form says so.
    response = staff_client.post("/plateforme/restaurations/", {"slug": "delta"})
    assert response.status_code == 400 and "Choisissez une archive" in response.content.decode()
    response = staff_client.post(
        "/plateforme/restaurations/", {"archive": restore_row.archive, "slug": "alpha"}
    )
    assert response.status_code == 400 and "déjà pris" in response.content.decode()


@pytest.mark.django_db
def test_an_archive_without_manifest_is_read_from_its_dump(tmp_path):
    """Exports made before manifest.json: the migrations come from the dump's rows."""
    path = tmp_path / "ancienne.tar.gz"
    dump = (
        b"CREATE TABLE c_ancienne.django_migrations (id integer, app text, name text);\n"
        b"COPY c_ancienne.django_migrations (id, app, name, applied) FROM stdin;\n"
        b"1\tvoisinages\t0001_initial\t2026-01-01\n"
        b"2\tvoisinages\t9998_from_the_future\t2026-01-01\n"
        b"\\.\n"
    )
    _write_tar(
        path,
        {"schema.sql": dump, "commune.json": json.dumps({"schema_name": "c_ancienne"}).encode()},
    )
    message = _refusal(archive_path=path, slug="ancienne")
    assert "9998_from_the_future" in message and "0001_initial" not in message
