"""Private messages through the API."""

from django_tenants.utils import schema_context

from tests.api.conftest import assert_error


def test_write_read_and_answer(commune, resident, make_resident, api_for):
    neighbour = make_resident(commune, email="n@alpha.example", first_name="Inès")
    mine = api_for(commune, resident)
    started = mine.post("/conversations", {"recipient_id": neighbour.pk, "body": "Bonjour !"})
    assert started.status_code == 201, started.content
    conversation_id = started.json()["id"]
    assert started.json()["with_name"] == "Inès D."
    theirs = api_for(commune, neighbour)
    listed = theirs.get("/conversations").json()
    assert listed[0]["id"] == conversation_id and listed[0]["unread"] == 1
    messages = theirs.get(f"/conversations/{conversation_id}/messages").json()
    assert [m["body"] for m in messages] == ["Bonjour !"]
    assert theirs.post(f"/conversations/{conversation_id}/read").json()["up_to_id"]
    assert theirs.get(f"/conversations/{conversation_id}").json()["unread"] == 0
    answer = theirs.post(f"/conversations/{conversation_id}/messages", {"body": "Salut"})
    assert answer.status_code == 201 and answer.json()["sender"] == "Inès D."


def test_outsiders_get_404(commune, resident, make_resident, api_for):
    neighbour = make_resident(commune, email="n@alpha.example")
    third = make_resident(commune, email="t@alpha.example")
    conversation_id = (
        api_for(commune, resident)
        .post("/conversations", {"recipient_id": neighbour.pk, "body": "Privé"})
        .json()["id"]
    )
    api = api_for(commune, third)
    assert_error(api.get(f"/conversations/{conversation_id}/messages"), 404, "not_found")
    assert_error(api.post(f"/conversations/{conversation_id}/messages", {"body": "x"}), 404)


def test_another_commune_cannot_reach_the_conversation(
    commune, other_commune, resident, make_resident, api_for
):
    from discussions.models import Conversation, Message

    neighbour = make_resident(commune, email="n@alpha.example")
    conversation_id = (
        api_for(commune, resident)
        .post("/conversations", {"recipient_id": neighbour.pk, "body": "Privé"})
        .json()["id"]
    )
    stranger = make_resident(other_commune, email="s@beta.example")
    with schema_context(other_commune.schema_name):
        exists_there = Conversation.objects.filter(pk=conversation_id).exists()
    if not exists_there:
        api = api_for(other_commune, stranger)
        assert_error(api.post(f"/conversations/{conversation_id}/messages", {"body": "x"}), 404)
    with schema_context(commune.schema_name):
        assert Message.objects.filter(conversation_id=conversation_id).count() == 1


def test_validation_and_self(commune, resident, api_for):
    api = api_for(commune, resident)
    body = assert_error(api.post("/conversations", {"recipient_id": "x"}), 422)
    assert list(body["fields"]) == ["recipient_id"]
    assert_error(api.post("/conversations", {"recipient_id": resident.pk}), 422)
    assert_error(api.post("/conversations", {"recipient_id": 999999}), 404)


def test_a_deleted_account_is_named_as_on_the_site(
    commune, other_commune, resident, make_resident, api_for
):
    """The API names a person who deleted their account with the site's words
    (voisinages.models.name_or_former), never a bare dash or a stale name."""
    from voisinages.services.data import delete_account

    neighbour = make_resident(commune, email="parti@alpha.example", first_name="Inès")
    mine = api_for(commune, resident)
    conversation_id = mine.post(
        "/conversations", {"recipient_id": neighbour.pk, "body": "Bonjour !"}
    ).json()["id"]
    api_for(commune, neighbour).post(
        f"/conversations/{conversation_id}/messages", {"body": "Salut"}
    )
    with schema_context(commune.schema_name):
        delete_account(resident=neighbour, password="un-mot-de-passe-solide", confirmation=True)
    assert mine.get(f"/conversations/{conversation_id}").json()["with_name"] == "Ancien voisin"
    senders = [m["sender"] for m in mine.get(f"/conversations/{conversation_id}/messages").json()]
    assert senders == ["Camille D.", "Ancien voisin"]
    # Someone of another commune still reaches nothing of it.
    outsider = make_resident(other_commune, email="x@beta.example")
    assert_error(api_for(other_commune, outsider).get(f"/conversations/{conversation_id}"), 404)
