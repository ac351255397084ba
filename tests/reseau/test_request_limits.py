"""Request and upload size limits: the same numbers as the proxy's, a French
answer (413 or 400) for whatever goes past them, never a 500, nothing stored."""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from discussions.models import Post
from tests.images import png_bytes

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
NGINX = Path(__file__).resolve().parents[2] / "deploy" / "nginx"


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _posts(commune) -> int:
    with schema_context(commune.schema_name):
        return Post.objects.count()


def test_the_request_cap_is_the_proxys_client_max_body_size():
    # The proxy's configuration (deploy/nginx/, docs/DEPLOYMENT.md "Reverse proxy").
    text = "".join(path.read_text() for path in sorted(NGINX.glob("*.conf")))
    sizes = re.findall(r"client_max_body_size\s+(\d+)m;", text)
    assert sizes and {int(size) * MB for size in sizes} == {settings.RESEAU_MAX_REQUEST_BYTES}
    assert settings.RESEAU_IMAGE_MAX_BYTES < settings.RESEAU_MAX_REQUEST_BYTES
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE < settings.RESEAU_MAX_REQUEST_BYTES
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE


@pytest.mark.parametrize("who", ["resident", "visitor"])
def test_a_request_over_the_cap_gets_a_french_413_and_stores_nothing(
    commune, resident, client_for, who
):
    client = client_for(commune, resident if who == "resident" else None)
    huge = SimpleUploadedFile(
        "photo.png", png_bytes() + b"\x00" * settings.RESEAU_MAX_REQUEST_BYTES, "image/png"
    )
    response = client.post("/fil/nouveau/", {"kind": "perdu", "title": "Chat", "photo": huge})
    assert response.status_code == 413
    assert "Cette requête est trop volumineuse : 20 Mo au plus." in _text(response)
    assert _posts(commune) == 0


def test_the_platform_site_answers_the_same(public_client):
    body = "x=" + "a" * (settings.RESEAU_MAX_REQUEST_BYTES + 1)
    response = public_client.post("/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "trop volumineuse" in _text(response)


def test_form_text_over_the_memory_cap_gets_a_french_413(commune, resident, client_for):
    body = "kind=perdu&title=Chat&body=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client_for(commune, resident).post(
        "/fil/nouveau/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "trop volumineuse" in _text(response)
    assert _posts(commune) == 0


def test_too_many_fields_get_a_french_400(commune, resident, client_for):
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client_for(commune, resident).post(
        "/fil/nouveau/", {"kind": "perdu", "title": "Chat", **fields}
    )
    assert response.status_code == 400
    assert "Ce formulaire contient trop de champs." in _text(response)
    assert _posts(commune) == 0


def test_too_many_files_get_a_french_400(commune, resident, client_for):
    count = settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1
    files = [SimpleUploadedFile(f"{i}.png", png_bytes(), "image/png") for i in range(count)]
    response = client_for(commune, resident).post("/objets/nouveau/", {"photos": files})
    assert response.status_code == 400
    assert f"Trop de fichiers à la fois : {count - 1} au plus." in _text(response)


def test_a_broken_multipart_body_gets_a_french_400(commune, resident, client_for):
    response = client_for(commune, resident).generic(
        "POST", "/fil/nouveau/", b"--x\r\n", content_type="multipart/form-data; boundary="
    )
    assert response.status_code == 400
    assert "Cette requête est illisible" in _text(response)
    assert _posts(commune) == 0


def test_the_api_answers_a_json_413_in_french(commune, resident, client_for):
    body = '{"kind": "perdu", "title": "' + "a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + '"}'
    response = client_for(commune, resident).post(
        "/api/v1/posts", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert "Cette requête est trop volumineuse" in response.json()["message"]
    assert _posts(commune) == 0
