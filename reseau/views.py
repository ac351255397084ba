from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import Http404
from django.views.static import serve


def commune_media(request, path: str):
    """Serve the current commune's media only: files live under
    MEDIA_ROOT/<schema>/ and their URLs start with /media/<schema>/; a file of
    another commune is a 404 even with its exact URL."""
    schema, _, rest = path.partition("/")
    if schema != connection.schema_name or not rest:
        raise Http404("No such file in this commune.")
    return serve(request, rest, document_root=Path(settings.MEDIA_ROOT) / schema)
