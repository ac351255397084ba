"""The resident's own profile at /voisins/moi/ and the public one at /voisins/<id>/."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from PIL import Image

from tests.images import BOMB_MESSAGE, bomb_upload, stored_files
from tests.voisinages.conftest import text
from voisinages import roles
from voisinages.models import Resident

pytestmark = pytest.mark.django_db


def _png(size=(1200, 900)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile("moi.png", buffer.getvalue(), content_type="image/png")


def _data(quartier, **extra):
    data = {
        "first_name": "Camille",
        "last_name": "Durand",
        "quartier": quartier.pk,
        "bio": "Jardinière du dimanche.",
        "skills": "Jardinage, couture",
        "interests": "vélo",
        "is_voisin_solidaire": "on",
        "availability": "Le samedi matin",
        "phone": "06 11 22 33 44",
        "accepts_messages": "on",
    }
    data.update(extra)
    return data


def _reload(commune, resident):
    with schema_context(commune.schema_name):
        return Resident.objects.get(pk=resident.pk)


def test_edit_profile_with_photo_tags_and_voisin_solidaire(commune, quartier, resident, client_for):
    client = client_for(commune, resident)
    response = client.post("/voisins/moi/", _data(quartier, photo=_png()), follow=True)
    assert "Votre profil est enregistré" in text(response)
    me = _reload(commune, resident)
    with schema_context(commune.schema_name):
        assert sorted(me.skills.names()) == ["Jardinage", "couture"]
        assert roles.has_role(me, roles.VOISIN_SOLIDAIRE)
    assert me.is_voisin_solidaire and me.availability == "Le samedi matin"
    # Stored in the commune's own media folder, resized to 400 px at most.
    assert me.photo.name.startswith("residents/")
    path = Path(settings.MEDIA_ROOT) / commune.schema_name / me.photo.name
    with Image.open(path) as stored:
        assert max(stored.size) == 400 and stored.format == "JPEG"
    # The edit form shows the saved tags again.
    assert 'value="Jardinage, couture"' in text(client.get("/voisins/moi/"))
    page = text(client.get(f"/voisins/{me.pk}/"))
    assert "Jardinière du dimanche." in page and "Voisin solidaire" in page
    assert f"/media/{commune.schema_name}/residents/" in page
    # Skills are case-insensitive: the same tag is reused.
    other = client.post("/voisins/moi/", _data(quartier, skills="jardinage"))
    assert other.status_code == 302
    with schema_context(commune.schema_name):
        assert list(_reload(commune, resident).skills.names()) == ["Jardinage"]


def test_suggestions_come_from_existing_tags(commune, resident, make_resident, client_for):
    neighbour = make_resident(commune, email="tag@alpha.example")
    with schema_context(commune.schema_name):
        neighbour.skills.set(["plomberie"])
    assert "plomberie" in text(client_for(commune, resident).get("/voisins/moi/"))


def test_a_photo_of_another_commune_is_not_served_here(
    commune, other_commune, quartier, resident, client_for
):
    client_for(commune, resident).post("/voisins/moi/", _data(quartier, photo=_png()))
    me = _reload(commune, resident)
    assert client_for(commune).get(me.photo.url).status_code == 200
    assert client_for(other_commune).get(me.photo.url).status_code == 404


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            SimpleUploadedFile("moi.jpg", b"#!/bin/sh\necho pas une image\n", "image/jpeg"),
            "n’est pas une image acceptée",
        ),
        (
            SimpleUploadedFile(
                "moi.jpg", b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024), "image/jpeg"
            ),
            "trop lourde",
        ),
    ],
    ids=["not-an-image", "10-MB"],
)
def test_a_bad_photo_is_refused_and_nothing_changes(
    commune, quartier, resident, client_for, upload, message
):
    response = client_for(commune, resident).post(
        "/voisins/moi/", _data(quartier, photo=upload, bio="Nouveau texte")
    )
    assert response.status_code == 400
    assert message in text(response)
    me = _reload(commune, resident)
    assert not me.photo and me.bio == "" and not me.is_voisin_solidaire


def test_a_bmp_is_refused(commune, quartier, resident, client_for):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="BMP")
    upload = SimpleUploadedFile("moi.bmp", buffer.getvalue(), "image/bmp")
    response = client_for(commune, resident).post("/voisins/moi/", _data(quartier, photo=upload))
    assert "Envoyez une image JPEG, PNG, WebP ou GIF" in text(response)
    assert not _reload(commune, resident).photo


def test_a_script_in_the_bio_is_refused(commune, quartier, resident, client_for):
    response = client_for(commune, resident).post(
        "/voisins/moi/", _data(quartier, bio="Salut <script>alert('x')</script>")
    )
    assert response.status_code == 400
    assert "Le HTML et les scripts sont interdits" in text(response)
    assert "<script>alert" not in response.content.decode()
    assert _reload(commune, resident).bio == ""


def test_a_forged_role_or_verification_is_ignored(commune, quartier, make_resident, client_for):
    newcomer = make_resident(commune, email="nouveau@alpha.example", is_verified=False)
    client = client_for(commune, newcomer)
    client.post(
        "/voisins/moi/",
        _data(
            quartier,
            is_verified="on",
            email_confirmed="on",
            approval_pending="",
            is_staff="on",
            is_superuser="on",
            groups="ambassador",
            email="autre@example.org",
        ),
    )
    me = _reload(commune, newcomer)
    assert not me.is_verified and not me.email_confirmed and not me.is_staff
    assert not me.is_superuser and me.email == "nouveau@alpha.example"
    with schema_context(commune.schema_name):
        assert not roles.has_role(me, roles.AMBASSADOR)


def test_a_suspended_or_pending_profile_is_hidden(commune, make_resident, resident, client_for):
    hidden = make_resident(commune, email="cache@alpha.example")
    with schema_context(commune.schema_name):
        Resident.objects.filter(pk=hidden.pk).update(is_active=False)
    assert client_for(commune, resident).get(f"/voisins/{hidden.pk}/").status_code == 404


def test_editing_needs_an_account(commune, quartier, client_for):
    response = client_for(commune).post("/voisins/moi/", _data(quartier))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_resident_of_another_commune_edits_only_their_own(
    commune, other_commune, other_quartier, resident, make_resident, client_for
):
    stranger = make_resident(other_commune, email="etranger@beta.example", first_name="Zoé")
    client_for(other_commune, stranger).post(
        "/voisins/moi/", _data(other_quartier, first_name="Pirate")
    )
    assert _reload(commune, resident).first_name == "Camille"
    assert _reload(other_commune, stranger).first_name == "Pirate"


def test_a_decompression_bomb_photo_is_refused_and_nothing_stored(
    commune, quartier, resident, client_for
):
    before = stored_files(commune)
    response = client_for(commune, resident).post(
        "/voisins/moi/", _data(quartier, photo=bomb_upload(), bio="Nouveau texte")
    )
    assert response.status_code == 400
    assert BOMB_MESSAGE in text(response)
    me = _reload(commune, resident)
    assert not me.photo and me.bio == ""
    assert stored_files(commune) == before
