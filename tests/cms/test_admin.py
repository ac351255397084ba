"""Wagtail admin per commune: who may edit what, and media kept per commune."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django_tenants.utils import schema_context
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page

from cms.models import HomePage
from cms.services import add_association_member, grant_editor
from voisinages import roles

pytestmark = pytest.mark.django_db


def _can_edit(commune, resident, page):
    with schema_context(commune.schema_name):
        return Page.objects.get(pk=page.pk).permissions_for_user(resident).can_edit()


def test_ambassadors_and_editors_reach_the_admin_and_edit_the_site(
    client_for, commune, make_resident
):
    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    editor = make_resident(commune)
    with schema_context(commune.schema_name):
        grant_editor(resident=editor, actor=ambassador)
        home = HomePage.objects.get()
    for person in (ambassador, editor):
        client = client_for(commune, person)
        assert client.get("/cms/").status_code == 200
        assert client.get(f"/cms/pages/{home.pk}/edit/").status_code == 200
        assert _can_edit(commune, person, home)
        links = client.get("/").content.decode()
        assert "Modifier les pages de la commune" in links
        assert "Imprimer pour la mairie" in links
    resident_home = client_for(commune, make_resident(commune)).get("/").content.decode()
    assert "Modifier les pages de la commune" not in resident_home


def test_residents_and_mediators_have_no_admin(client_for, commune, make_resident):
    for person in (
        make_resident(commune),
        make_resident(commune, roles=(roles.MEDIATOR,)),
    ):
        response = client_for(commune, person).get("/cms/")
        assert response.status_code == 302
        assert "/cms/login/" in response["Location"]


def test_an_ambassador_has_no_admin_in_another_commune(
    client_for, commune, other_commune, make_resident
):
    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    with schema_context(other_commune.schema_name):
        home = HomePage.objects.get()
    client = client_for(commune, ambassador)
    client.defaults["HTTP_HOST"] = f"{other_commune.slug}.localhost"
    response = client.get(f"/cms/pages/{home.pk}/edit/")
    assert response.status_code == 302
    assert "/cms/login/" in response["Location"]


def test_association_members_edit_their_own_page_only(
    client_for, commune, make_resident, add_association
):
    ours = add_association(commune, "Amicale des locataires")
    theirs = add_association(commune, "Club de pétanque")
    member = make_resident(commune)
    with schema_context(commune.schema_name):
        add_association_member(association=ours, resident=member)
        home = HomePage.objects.get()
    assert _can_edit(commune, member, ours)
    assert not _can_edit(commune, member, theirs)
    assert not _can_edit(commune, member, home)
    client = client_for(commune, member)
    assert client.get(f"/cms/pages/{ours.pk}/edit/").status_code == 200
    assert client.get(f"/cms/pages/{theirs.pk}/edit/").status_code != 200
    assert client.get(f"/cms/pages/{home.pk}/edit/").status_code != 200


def _png() -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "green").save(buffer, format="PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name="potager.png")


def test_images_and_documents_are_stored_per_commune(
    client_for, commune, other_commune, make_resident
):
    with schema_context(commune.schema_name):
        image = Image.objects.create(title="Potager de l'école", file=_png())
        document = Document.objects.create(
            title="Compte rendu du conseil", file=ContentFile(b"%PDF-1.4 conseil", name="cr.pdf")
        )
        image_url, image_path = image.file.url, image.file.path
        assert f"/{commune.schema_name}/" in document.file.path
    assert image_url.startswith(f"/media/{commune.schema_name}/")
    assert f"/{commune.schema_name}/" in image_path
    with schema_context(other_commune.schema_name):
        assert not Image.objects.filter(title="Potager de l'école").exists()
        assert not Document.objects.filter(title="Compte rendu du conseil").exists()

    assert client_for(commune).get(image_url).status_code == 200
    assert client_for(other_commune).get(image_url).status_code == 404
    # Another commune's ambassador does not see them in its admin either.
    other_ambassador = make_resident(other_commune, roles=(roles.AMBASSADOR,))
    listing = client_for(other_commune, other_ambassador).get("/cms/images/")
    assert listing.status_code == 200
    assert "Potager de l" not in listing.content.decode()
    ours = client_for(commune, make_resident(commune, roles=(roles.AMBASSADOR,)))
    assert "Potager de l" in ours.get("/cms/images/").content.decode()


def test_a_new_association_page_gets_its_own_editors_group(commune, add_association):
    from wagtail.models import GroupPagePermission

    from cms.wagtail_hooks import give_associations_their_editors

    association = add_association(commune, "Ludothèque du quartier")
    with schema_context(commune.schema_name):
        give_associations_their_editors(None, Page.objects.get(pk=association.pk))
        association.refresh_from_db()
        assert association.editors.name == f"association-{association.pk}"
        codenames = set(
            GroupPagePermission.objects.filter(group=association.editors).values_list(
                "permission__codename", flat=True
            )
        )
        assert codenames >= {"add_page", "change_page", "publish_page"}
        assert set(
            GroupPagePermission.objects.filter(group=association.editors).values_list(
                "page_id", flat=True
            )
        ) == {association.pk}
