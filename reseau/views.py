import mimetypes
import posixpath
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import Http404
from django.utils._os import safe_join
from django.utils.http import content_disposition_header
from django.views.static import serve
from wagtail.documents.views.serve import serve as wagtail_serve_document

from socle.images import sniff_content_type

# Served as a page of nothing: no script, no plugin, no form, no same-origin
# access, even if a browser were to render the file.
SANDBOX = "default-src 'none'; sandbox"
# Folders of the commune's media that are only served through a view that
# checks access (Wagtail's document view checks the collection's privacy).
PRIVATE_FOLDERS = {"documents"}


def _harden(response) -> None:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX


def _as_download(response, filename: str) -> None:
    response["Content-Type"] = "application/octet-stream"
    response["Content-Disposition"] = content_disposition_header(True, filename)


def commune_media(request, path: str):
    """Serve the current commune's media only: files live under
    MEDIA_ROOT/<schema>/ and their URLs start with /media/<schema>/; a file of
    another commune is a 404 even with its exact URL. A file whose first bytes
    are a PNG, JPEG, WebP or GIF is served as that image; anything else (an HTML
    or SVG file, whatever its name) is downloaded, never shown as a page of the
    commune. Both carry nosniff and a sandbox."""
    schema, _, rest = path.partition("/")
    rest = posixpath.normpath(rest).lstrip("/")
    if (
        schema != connection.schema_name
        or rest in ("", ".")
        or rest.split("/")[0] in PRIVATE_FOLDERS
    ):
        raise Http404("No such file in this commune.")
    root = Path(settings.MEDIA_ROOT) / schema
    response = serve(request, rest, document_root=root)
    if response.status_code == 200:
        with open(safe_join(root, rest), "rb") as file:
            content_type = sniff_content_type(file.read(16))
        if "Content-Encoding" in response:
            del response["Content-Encoding"]
        if content_type:
            response["Content-Type"] = content_type
        else:
            _as_download(response, Path(rest).name)
    _harden(response)
    return response


def _download_types() -> set[str]:
    extensions = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or []
    return {mimetypes.guess_type(f"file.{extension}")[0] for extension in extensions} - {None}


def serve_document(request, document_id, document_filename):
    """Wagtail's document view (privacy of collections, PDFs alone inline), with
    a sandbox on the file and a neutral type for any type that is not one of
    the allowed documents (an HTML file stored before the allow-list)."""
    response = wagtail_serve_document(request, document_id, document_filename)
    disposition = response.get("Content-Disposition", "")
    if response.status_code == 200 and disposition:
        inline = disposition.startswith("inline")
        content_type = response["Content-Type"].split(";")[0].strip()
        if not inline and content_type not in _download_types():
            response["Content-Type"] = "application/octet-stream"
        _harden(response)
    return response
