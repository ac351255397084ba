"""Files that editors and residents upload are never served as the commune's own
page: images inline with the type their bytes prove, anything else downloaded,
with nosniff and a sandbox; Wagtail documents only through Wagtail's view."""

import html

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from wagtail.documents.models import Document
from wagtail.images.models import Image

from tests.images import png_bytes
from voisinages import roles

pytestmark = pytest.mark.django_db

SCRIPT = b"<!doctype html><html><script>fetch('/api/v1/tokens')</script></html>"


def _sandboxed(response) -> bool:
    policy = response.get("Content-Security-Policy", "")
    return "sandbox" in [part.strip() for part in policy.split(";")]


def _is_safe_download(response) -> bool:
    return (
        response["Content-Disposition"].startswith("attachment")
        and "text/html" not in response["Content-Type"]
        and response["X-Content-Type-Options"] == "nosniff"
        and _sandboxed(response)
    )


@pytest.fixture
def html_document(commune):
    with schema_context(commune.schema_name):
        document = Document.objects.create(
            title="Compte rendu", file=ContentFile(SCRIPT, name="compte-rendu.html")
        )
        return document.url, document.file.url


def test_an_html_document_is_never_served_inline(commune, client_for, resident, html_document):
    serve_url, media_url = html_document
    assert serve_url.startswith("/documents/") and media_url.startswith("/media/")
    for client in (client_for(commune), client_for(commune, resident)):
        served = client.get(serve_url)
        assert served.status_code == 200 and _is_safe_download(served)
        # The stored file is not reachable beside Wagtail's view (which checks
        # the collection's privacy).
        assert client.get(media_url).status_code == 404


def test_another_communes_document_and_media_stay_404(
    commune, other_commune, client_for, html_document
):
    _serve_url, media_url = html_document
    assert client_for(other_commune).get(media_url).status_code == 404


def test_a_pdf_document_is_shown_inline_but_sandboxed(commune, client_for):
    with schema_context(commune.schema_name):
        url = Document.objects.create(
            title="Conseil", file=ContentFile(b"%PDF-1.4 conseil", name="conseil.pdf")
        ).url
    response = client_for(commune).get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff" and _sandboxed(response)


def test_an_image_is_served_as_what_its_bytes_are(commune, other_commune, client_for):
    with schema_context(commune.schema_name):
        image = Image.objects.create(
            title="Potager", file=ContentFile(png_bytes(), name="potager.png")
        )
        url = image.file.url
    response = client_for(commune).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(other_commune).get(url).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["affiche.png", "affiche.svg", "page.html", "photo.jpg"],
)
def test_a_media_file_that_is_not_an_allowed_image_is_downloaded(commune, client_for, name):
    """Whatever its name says: a stored file whose bytes are not a PNG, JPEG,
    WebP or GIF is an attachment (an SVG or HTML file renamed .png included)."""
    from django.core.files.storage import default_storage

    with schema_context(commune.schema_name):
        stored = default_storage.save(f"original_images/{name}", ContentFile(SCRIPT))
        url = default_storage.url(stored)
    response = client_for(commune).get(url)
    assert response.status_code == 200 and _is_safe_download(response)
    assert response["Content-Type"] == "application/octet-stream"


def test_the_admin_refuses_an_html_document(commune, client_for, make_resident):
    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    client = client_for(commune, ambassador)
    response = client.post(
        "/cms/documents/add/",
        {
            "title": "Piège",
            "file": SimpleUploadedFile("piege.html", SCRIPT, "text/html"),
            "collection": _root_collection(commune),
        },
    )
    assert response.status_code == 200  # the form again, with its error
    page = html.unescape(response.content.decode())
    assert "L'extension de fichier «\xa0html\xa0» n’est pas autorisée." in page
    assert _documents(commune) == []


def _root_collection(commune):
    from wagtail.models import Collection

    with schema_context(commune.schema_name):
        return Collection.get_first_root_node().pk


def _documents(commune):
    with schema_context(commune.schema_name):
        return list(Document.objects.values_list("file", flat=True))
