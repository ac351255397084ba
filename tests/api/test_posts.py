"""The feed through the API: list with filters, search, publish, renew, comment, react, report."""

import pytest
from django_tenants.utils import schema_context

from tests.api.conftest import assert_error
from voisinages import roles


@pytest.fixture
def publish(commune):
    from discussions.services import publish_post

    def make(author, *, in_commune=None, kind="discussion", title="Bonjour", body="", **fields):
        with schema_context((in_commune or commune).schema_name):
            return publish_post(author=author, kind=kind, title=title, body=body, **fields)

    return make


def test_publish_a_demande_then_read_it_in_the_feed(commune, resident, api_for):
    api = api_for(commune, resident)
    response = api.post(
        "/posts",
        {
            "kind": "demande",
            "title": "Qui peut m’aider à monter une armoire ?",
            "body": "Samedi matin, **deux heures** environ.",
            "categories": ["musique"],
            "tags": ["meuble"],
        },
    )
    assert response.status_code == 201, response.content
    post = response.json()
    assert post["kind"] == "demande" and post["author"] == "Camille D."
    assert post["expires_at"] and "<strong>deux heures</strong>" in post["body_html"]
    assert [c["slug"] for c in post["categories"]] == ["musique"]
    feed = api.get("/posts", {"kind": "demande"}).json()
    assert [p["id"] for p in feed["items"]] == [post["id"]]
    assert api.get("/posts", {"kind": "offre"}).json()["items"] == []
    assert api.get(f"/posts/{post['id']}").json()["title"].startswith("Qui peut")


def test_feed_cursor_pagination(commune, resident, api_for, publish):
    for number in range(5):
        publish(resident, title=f"Message {number}")
    api = api_for(commune, resident)
    first = api.get("/posts", {"limit": 2}).json()
    titles = [p["title"] for p in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = api.get("/posts", {"limit": 2, "cursor": cursor}).json()
        titles += [p["title"] for p in page["items"]]
        cursor = page["next_cursor"]
    assert titles == [f"Message {n}" for n in range(4, -1, -1)]


def test_search_ignores_accents(commune, resident, api_for, publish):
    publish(resident, title="Fête des voisins au square")
    results = api_for(commune, resident).get("/posts/search", {"q": "fete voisin"}).json()
    assert [p["title"] for p in results] == ["Fête des voisins au square"]


def test_publish_validation_errors_name_fields(commune, resident, api_for):
    from discussions.models import Post

    api = api_for(commune, resident)
    body = assert_error(api.post("/posts", {"kind": "annonce", "title": ""}), 422)
    assert set(body["fields"]) == {"kind", "title"}
    body = assert_error(
        api.post("/posts", {"kind": "evenement", "title": "Fête", "categories": ["nope"]}), 422
    )
    assert body["fields"]
    with schema_context(commune.schema_name):
        assert not Post.objects.exists()


def test_unverified_cannot_publish_and_read_token_cannot_write(commune, make_resident, api_for):
    newcomer = make_resident(commune, email="new@alpha.example", is_verified=False)
    payload = {"kind": "discussion", "title": "Salut"}
    assert_error(api_for(commune, newcomer).post("/posts", payload), 403, "permission_denied")
    verified = make_resident(commune, email="ok@alpha.example")
    assert_error(
        api_for(commune, verified, scope="read").post("/posts", payload), 403, "read_only_token"
    )


def test_alerts_are_for_ambassadors(commune, resident, api_for):
    assert_error(
        api_for(commune, resident).post("/posts", {"kind": "alerte", "title": "Coupure d’eau"}),
        403,
        "permission_denied",
    )


def test_comment_react_report_and_renew(commune, resident, make_resident, api_for, publish):
    post = publish(resident, kind="offre", title="Je donne des pots de confiture")
    neighbour = make_resident(commune, email="voisine@alpha.example", first_name="Inès")
    api = api_for(commune, neighbour)
    comment = api.post(f"/posts/{post.pk}/comments", {"body": "Avec plaisir !"})
    assert comment.status_code == 201, comment.content
    reply = api_for(commune, resident).post(
        f"/posts/{post.pk}/comments",
        {"body": "Passez samedi.", "parent_id": comment.json()["id"]},
    )
    assert reply.json()["parent_id"] == comment.json()["id"]
    thread = api.get(f"/posts/{post.pk}/comments").json()
    assert [c["body"] for c in thread] == ["Avec plaisir !"]
    assert [r["body"] for r in thread[0]["replies"]] == ["Passez samedi."]
    assert api.post(f"/posts/{post.pk}/reactions", {"kind": "merci"}).json() == {
        "kind": "merci",
        "active": True,
    }
    assert api.get(f"/posts/{post.pk}").json()["my_reactions"] == ["merci"]
    assert api.post(f"/posts/{post.pk}/reactions", {"kind": "merci"}).json()["active"] is False
    report = api.post(f"/posts/{post.pk}/report", {"reason": "spam", "details": "Pub"})
    assert report.status_code == 201
    assert_error(api.post(f"/posts/{post.pk}/report", {"reason": "spam"}), 422)
    # Only the author renews.
    assert_error(api.post(f"/posts/{post.pk}/renew"), 403)
    renewed = api_for(commune, resident).post(f"/posts/{post.pk}/renew")
    assert renewed.status_code == 200 and renewed.json()["renewals_used"] == 1


def test_comment_validation(commune, resident, api_for, publish):
    post = publish(resident)
    api = api_for(commune, resident)
    body = assert_error(api.post(f"/posts/{post.pk}/comments", {"body": ""}), 422)
    assert list(body["fields"]) == ["body"]
    body = assert_error(api.post(f"/posts/{post.pk}/reactions", {"kind": "bravo"}), 422)
    assert list(body["fields"]) == ["kind"]


def test_another_communes_post_is_404_and_untouched(
    commune, other_commune, resident, make_resident, api_for, publish
):
    from discussions.models import Comment, Post, Reaction

    stranger = make_resident(other_commune, email="s@beta.example")
    theirs = publish(stranger, in_commune=other_commune, title="Chez Bêta")
    with schema_context(commune.schema_name):
        exists_here = Post.objects.filter(pk=theirs.pk).exists()
    api = api_for(commune, resident)
    if not exists_here:
        assert_error(api.get(f"/posts/{theirs.pk}"), 404, "not_found")
        assert_error(api.post(f"/posts/{theirs.pk}/comments", {"body": "x"}), 404)
        assert_error(api.post(f"/posts/{theirs.pk}/reactions", {"kind": "merci"}), 404)
        assert_error(api.post(f"/posts/{theirs.pk}/report", {"reason": "spam"}), 404)
    assert all(p["title"] != "Chez Bêta" for p in api.get("/posts").json()["items"])
    with schema_context(other_commune.schema_name):
        assert not Comment.objects.filter(post_id=theirs.pk).exists()
        assert not Reaction.objects.filter(post_id=theirs.pk).exists()


def test_mediator_posts_on_behalf(commune, make_resident, api_for):
    mediator = make_resident(commune, email="med@alpha.example", roles=(roles.MEDIATOR,))
    response = api_for(commune, mediator).post(
        "/posts",
        {"kind": "demande", "title": "Courses pour une voisine", "on_behalf": True},
    )
    assert response.status_code == 201, response.content
    assert response.json()["author"] == "Transmis par la mairie"
    assert response.json()["author_id"] is None


def test_categories(commune, resident, api_for):
    slugs = [c["slug"] for c in api_for(commune, resident).get("/categories").json()]
    assert "musique" in slugs


# --- Editing and deleting my posts ------------------------------------------------


def _row(commune, pk):
    from discussions.models import Post

    with schema_context(commune.schema_name):
        post = Post.objects.get(pk=pk)
        return (
            post.title, post.body, post.status, post.edited_at, post.event_starts_at,
            sorted(post.categories.values_list("slug", flat=True)), sorted(post.tags.names()),
        )  # fmt: skip


def test_the_author_edits_a_post(commune, resident, api_for, publish):
    post = publish(resident, kind="offre", title="Perceuse", body="À prêter",
                   categories=["autre"], tags=["outils"])  # fmt: skip
    api = api_for(commune, resident)
    response = api.patch(
        f"/posts/{post.pk}", {"title": "Perceuse et scie", "tags": ["bricolage"], "kind": "offre"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Perceuse et scie" and body["body"] == "À prêter"
    assert body["tags"] == ["bricolage"] and [c["slug"] for c in body["categories"]] == ["autre"]
    assert body["status"] == "published" and body["edited_at"]
    assert [p["id"] for p in api.get("/posts/search", {"q": "scie"}).json()] == [post.pk]
    # null empties a field: the body here, the categories.
    body = api.patch(f"/posts/{post.pk}", {"body": None, "categories": None}).json()
    assert body["body"] == "" and body["categories"] == []


def test_patch_validation_names_the_fields_and_stores_nothing(
    commune, other_commune, resident, api_for, publish
):
    from datetime import timedelta

    from django.utils import timezone

    from discussions.models import Category

    with schema_context(other_commune.schema_name):
        foreign = Category.objects.create(name="Pétanque", slug="petanque-beta")
    post = publish(resident, kind="evenement", title="Fête", event_place="Cour",
                   event_starts_at=timezone.now() + timedelta(days=3))  # fmt: skip
    before = _row(commune, post.pk)
    api = api_for(commune, resident)
    past = (timezone.now() - timedelta(days=1)).isoformat()
    for payload, field in (
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": None}, "title"),
        ({"body": "x" * 100_000}, "body"),
        ({"body": "Salut <script>alert(1)</script>"}, "body"),
        ({"event_starts_at": past}, "event_starts_at"),
        ({"event_place": None}, "event_place"),
        ({"categories": [str(foreign.pk)]}, "categories"),
        ({"categories": ["petanque-beta"]}, "categories"),
        ({"kind": "offre"}, "kind"),
        ({"kind": "annonce"}, "kind"),
        ({"ride_seats": 0}, "ride_seats"),
    ):
        body = assert_error(api.patch(f"/posts/{post.pk}", payload), 422, "validation_error")
        assert list(body["fields"]) == [field], (payload, body)
        assert all(body["fields"][field]), body
    assert _row(commune, post.pk) == before


def test_patch_reapplies_moderation(commune, resident, api_for, publish):
    from discussions.models import WatchedWord

    with schema_context(commune.schema_name):
        WatchedWord.objects.create(word="casino", action="hold")
        WatchedWord.objects.create(word="arnaque", action="block")
    post = publish(resident, title="Soirée jeux")
    api = api_for(commune, resident)
    before = _row(commune, post.pk)
    body = assert_error(api.patch(f"/posts/{post.pk}", {"body": "Une arnaque"}), 422)
    assert "arnaque" in body["message"]
    assert _row(commune, post.pk) == before
    response = api.patch(f"/posts/{post.pk}", {"body": "Au casino"})
    assert response.status_code == 200 and response.json()["status"] == "pending"
    assert all(p["id"] != post.pk for p in api.get("/posts").json()["items"])


def test_others_cannot_edit_or_delete(commune, resident, make_resident, api_for, publish):
    post = publish(resident, title="Mon annonce")
    before = _row(commune, post.pk)
    neighbour = make_resident(commune, email="voisine@alpha.example")
    api = api_for(commune, neighbour)
    assert_error(api.patch(f"/posts/{post.pk}", {"title": "Piraté"}), 403, "permission_denied")
    assert_error(api.delete(f"/posts/{post.pk}"), 403, "permission_denied")
    ambassador = make_resident(commune, email="amb@alpha.example", roles=(roles.AMBASSADOR,))
    assert_error(api_for(commune, ambassador).delete(f"/posts/{post.pk}"), 403)
    assert _row(commune, post.pk) == before


def test_read_tokens_and_visitors_cannot_edit_or_delete(commune, resident, api_for, publish):
    post = publish(resident, title="Mon annonce")
    before = _row(commune, post.pk)
    read = api_for(commune, resident, scope="read")
    assert_error(read.patch(f"/posts/{post.pk}", {"title": "X"}), 403, "read_only_token")
    assert_error(read.delete(f"/posts/{post.pk}"), 403, "read_only_token")
    assert_error(api_for(commune).delete(f"/posts/{post.pk}"), 401, "not_authenticated")
    assert _row(commune, post.pk) == before


def test_another_communes_post_cannot_be_edited_or_deleted(
    commune, other_commune, resident, make_resident, api_for
):
    from tests.discussions.foreign import foreign_post

    stranger = make_resident(other_commune, email="s@beta.example")
    theirs = foreign_post(here=commune, there=other_commune, author=stranger)
    before = _row(other_commune, theirs.pk)
    api = api_for(commune, resident)
    assert_error(api.patch(f"/posts/{theirs.pk}", {"title": "Piraté"}), 404, "not_found")
    assert_error(api.delete(f"/posts/{theirs.pk}"), 404, "not_found")
    assert _row(other_commune, theirs.pk) == before


def test_the_author_deletes_a_post(commune, resident, api_for, publish):
    post = publish(resident, title="Vélo à donner", is_public=True)
    api = api_for(commune, resident)
    response = api.delete(f"/posts/{post.pk}")
    assert response.status_code == 204 and response.content == b""
    assert _row(commune, post.pk)[2] == "deleted"
    assert_error(api.get(f"/posts/{post.pk}"), 404, "not_found")
    assert api.get("/posts").json()["items"] == []
    assert api.get("/posts/search", {"q": "vélo"}).json() == []
    assert api.get("/posts/mine").json()["items"] == []
    assert_error(api.delete(f"/posts/{post.pk}"), 404)
    assert_error(api.patch(f"/posts/{post.pk}", {"title": "Revenant"}), 404)
