"""Photo thumbnails on the cards: a post with a photo shows a small rendition
(not the photo itself), a post without shows none, an object without a photo an
icon; the lists cost the same number of queries however many photos they show.
Another commune sees none of it."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from PIL import Image

from discussions.text import THUMBNAIL_SIDE

pytestmark = pytest.mark.django_db
THUMB = re.compile(r'<img class="post-thumb" src="([^"]+)"')


def _photo(size=(1200, 900)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def _queries(client, url) -> tuple[int, str]:
    client.get(url)  # warm the session, content types and the cards' cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_a_post_with_a_photo_shows_its_thumbnail(commune, resident, publish, client_for,
                                                 stranger_client):  # fmt: skip
    with_photo = publish(resident, kind="trouve", title="Clés trouvées", photo=_photo())
    publish(resident, title="Sans photo")
    with schema_context(commune.schema_name):
        name = with_photo.photo_thumbnail.name
        with default_storage.open(name) as stored:
            assert max(Image.open(stored).size) <= THUMBNAIL_SIDE
    html = client_for(commune, resident).get("/fil/").content.decode()
    [src] = THUMB.findall(html)
    assert src.endswith(name) and "/posts/mini/" in src and 'loading="lazy"' in html
    # The card of the post without a photo has no image at all.
    card = html.split('id="post-', 2)
    assert sum("post-thumb" in part for part in card) == 1
    # Another commune's resident, on this host, sees no private post, no thumbnail.
    assert not THUMB.findall(stranger_client(commune).get("/fil/").content.decode())


def test_the_feed_costs_the_same_with_more_photos(commune, resident, publish, client_for):
    client = client_for(commune, resident)
    for n in range(2):
        publish(resident, title=f"Photo {n}", photo=_photo((60, 40)))
    few, html = _queries(client, "/fil/")
    assert len(THUMB.findall(html)) == 2
    for n in range(8):
        publish(resident, title=f"Encore {n}", photo=_photo((60, 40)), categories=["sport"])
    many, html = _queries(client, "/fil/")
    assert len(THUMB.findall(html)) == 10
    assert many == few


def test_objects_show_a_thumbnail_or_an_icon(commune, make_resident, client_for):
    from objets.models import Category
    from objets.services import create_item

    owner = make_resident(commune, email="preteuse@alpha.example")
    with schema_context(commune.schema_name):
        category = Category.objects.order_by("pk").first()
        for title, photos in (("Perceuse", [_photo((80, 60))]), ("Tente", [])):
            create_item(actor=owner, title=title, description="Bon état.", category=category,
                        max_loan_days=7, photos=photos)  # fmt: skip
    few, html = _queries(client_for(commune, owner), "/objets/")
    assert html.count('<img class="thumb"') == 1 and 'class="thumb icon"' in html
    with schema_context(commune.schema_name):
        for n in range(5):
            create_item(actor=owner, title=f"Objet {n}", description="Bon état.",
                        category=category, max_loan_days=7, photos=[_photo((80, 60))])  # fmt: skip
    many, html = _queries(client_for(commune, owner), "/objets/")
    assert html.count('<img class="thumb"') == 6 and many == few
