"""Ambassadors choose the town's editors and the associations' members."""

import pytest
from django_tenants.utils import schema_context
from wagtail.models import Page

from cms.roles import EDITOR as EDITOR_GROUP
from voisinages import roles
from voisinages.models import ActionLog

pytestmark = pytest.mark.django_db


def _groups(commune, resident):
    with schema_context(commune.schema_name):
        return set(resident.groups.values_list("name", flat=True))


def test_an_ambassador_makes_an_editor_and_an_association_member(
    client_for, commune, make_resident, add_association
):
    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    editor = make_resident(commune, email="redaction@alpha.example")
    member = make_resident(commune, email="membre@alpha.example")
    association = add_association(commune, "Comité des fêtes")
    client = client_for(commune, ambassador)
    assert client.get("/pages/equipe/").status_code == 200
    response = client.post(
        "/pages/equipe/", {"action": "editor_add", "editor-email": "Redaction@alpha.example"}
    )
    assert response.status_code == 302
    assert EDITOR_GROUP in _groups(commune, editor)
    response = client.post(
        "/pages/equipe/",
        {
            "action": "member_add",
            "member-association": association.pk,
            "member-email": "membre@alpha.example",
        },
    )
    assert response.status_code == 302
    assert f"association-{association.pk}" in _groups(commune, member)
    with schema_context(commune.schema_name):
        assert Page.objects.get(pk=association.pk).permissions_for_user(member).can_edit()
        assert ActionLog.objects.filter(code="cms.association.member_added").exists()
    page = client.get("/pages/equipe/").content.decode()
    assert "Camille D." in page

    client.post("/pages/equipe/", {"action": "editor_remove", "resident": editor.pk})
    assert EDITOR_GROUP not in _groups(commune, editor)


def test_unknown_addresses_and_other_roles_are_refused(
    client_for, commune, other_commune, make_resident
):
    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    response = client_for(commune, ambassador).post(
        "/pages/equipe/", {"action": "editor_add", "editor-email": "inconnu@alpha.example"}
    )
    assert response.status_code == 400
    assert "Aucun habitant actif de la commune" in response.content.decode()
    # A resident of another commune is unknown here.
    stranger = make_resident(other_commune, email="voisin@beta.example")
    response = client_for(commune, ambassador).post(
        "/pages/equipe/", {"action": "editor_add", "editor-email": "voisin@beta.example"}
    )
    assert response.status_code == 400
    assert EDITOR_GROUP not in _groups(other_commune, stranger)
    for person in (make_resident(commune), make_resident(commune, roles=(roles.MEDIATOR,))):
        client = client_for(commune, person)
        assert client.get("/pages/equipe/").status_code == 403
        target = make_resident(commune)
        denied = client.post("/pages/equipe/", {"action": "editor_remove", "resident": target.pk})
        assert denied.status_code == 403
