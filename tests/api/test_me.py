"""/me: my profile (with my private fields), its changes and my notification preferences."""

from django_tenants.utils import schema_context

from tests.api.conftest import assert_error


def _quartier(commune, name="Les Bords de Seine"):
    from voisinages.models import Quartier

    with schema_context(commune.schema_name):
        return Quartier.objects.create(name=name, latitude=48.88, longitude=2.24)


def test_me_shows_my_private_profile(commune, make_resident, api_for):
    quartier = _quartier(commune)
    me = make_resident(commune, email="moi@alpha.example", quartier=quartier)
    with schema_context(commune.schema_name):
        me.skills.add("Jardinage")
        me.interests.add("Vélo")
    body = api_for(commune, me).get("/me").json()
    assert body["email"] == "moi@alpha.example"
    assert body["display_name"] == "Camille D."
    assert body["quartier"] == {"id": quartier.pk, "name": quartier.name}
    assert body["skills"] == ["Jardinage"] and body["interests"] == ["Vélo"]
    assert body["roles"] == ["resident"] and body["can_post"] is True


def test_patch_changes_only_the_fields_sent(commune, resident, api_for):
    quartier = _quartier(commune)
    api = api_for(commune, resident)
    response = api.patch(
        "/me",
        {
            "bio": "Retraitée, j’aime le jardinage.",
            "quartier": quartier.pk,
            "skills": ["Couture", "Jardinage"],
            "is_voisin_solidaire": True,
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["bio"] == "Retraitée, j’aime le jardinage."
    assert body["first_name"] == "Camille" and body["quartier"]["id"] == quartier.pk
    assert body["skills"] == ["Couture", "Jardinage"]
    assert "voisin_solidaire" in body["roles"]
    with schema_context(commune.schema_name):
        resident.refresh_from_db()
        assert resident.is_voisin_solidaire and resident.last_name == "Durand"


def test_patch_rejects_bad_input_with_field_messages(commune, resident, api_for):
    api = api_for(commune, resident)
    body = assert_error(
        api.patch("/me", {"first_name": "", "bio": "<script>alert(1)</script>"}), 422
    )
    assert body["fields"] == {"first_name": ["Ce champ ne peut pas être vide."]}
    body = assert_error(api.patch("/me", {"bio": "<b>gras</b>"}), 422, "validation_error")
    assert "bio" in body["fields"]
    body = assert_error(api.patch("/me", {"quartier": 999999}), 422)
    assert body["fields"] == {"quartier": ["Choisissez une valeur valide."]}
    with schema_context(commune.schema_name):
        resident.refresh_from_db()
        assert resident.bio == "" and resident.first_name == "Camille"


def test_patch_cannot_pick_another_communes_quartier(commune, other_commune, resident, api_for):
    elsewhere = _quartier(other_commune, "Quartier de Bêta")
    with schema_context(commune.schema_name):
        from voisinages.models import Quartier

        exists_here = Quartier.objects.filter(pk=elsewhere.pk).exists()
    if not exists_here:
        assert_error(api_for(commune, resident).patch("/me", {"quartier": elsewhere.pk}), 422)
        with schema_context(commune.schema_name):
            resident.refresh_from_db()
            assert resident.quartier_id is None


def test_read_token_cannot_change_the_profile(commune, resident, api_for):
    assert_error(
        api_for(commune, resident, scope="read").patch("/me", {"bio": "x"}), 403, "read_only_token"
    )


def test_notification_preferences(commune, resident, api_for):
    api = api_for(commune, resident)
    current = api.get("/me/preferences").json()["preferences"]
    assert current  # every registered kind with its delivery
    kind = sorted(current)[0]
    changed = api.put("/me/preferences", {"preferences": {kind: "never"}})
    assert changed.status_code == 200
    assert changed.json()["preferences"][kind] == "never"
    body = assert_error(api.put("/me/preferences", {"preferences": {kind: "pigeon"}}), 422)
    assert body["message"]
    assert api.get("/me/preferences").json()["preferences"][kind] == "never"
