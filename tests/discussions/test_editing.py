"""Authors edit and delete their own posts: validated and moderated like a new
post, refused to others, gone from the feed, search and Atom once deleted."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context
from PIL import Image

from discussions import selectors
from discussions.models import Category, Post, WatchedWord
from discussions.services import delete_post, edit_post
from socle.live import feed_group, moderation_group
from tests.discussions.foreign import foreign_post
from voisinages import roles
from voisinages.models import ActionLog

pytestmark = pytest.mark.django_db


def _edit(commune, post, by, **fields):
    with schema_context(commune.schema_name):
        return edit_post(post=post, by=by, **fields)


def _delete(commune, post, by):
    with schema_context(commune.schema_name):
        return delete_post(post=post, by=by)


def _state(commune, pk):
    """Everything an edit may change, to assert that a refused one changed nothing."""
    with schema_context(commune.schema_name):
        post = Post.objects.get(pk=pk)
        return {
            "row": {
                f.attname: getattr(post, f.attname)
                for f in Post._meta.concrete_fields
                if f.attname != "search_vector"
            },
            "search": str(Post.objects.filter(pk=pk).values_list("search_vector", flat=True)[0]),
            "categories": sorted(post.categories.values_list("slug", flat=True)),
            "tags": sorted(post.tags.names()),
        }


def _search(commune, viewer, query):
    with schema_context(commune.schema_name):
        return [p.pk for p in selectors.search_posts(viewer=viewer, query=query)]


def _feed(commune, viewer):
    with schema_context(commune.schema_name):
        page = selectors.feed_page(viewer=viewer)
        return [p.pk for p in page.pinned + page.posts]


def _photo(color="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def watched(commune):
    with schema_context(commune.schema_name):
        for word, action in (("arnaque", "block"), ("casino", "hold"), ("promo", "flag")):
            WatchedWord.objects.create(word=word, action=action)


# --- The service ---------------------------------------------------------------


def test_the_author_edits_text_categories_and_tags(commune, resident, publish, captured_events):
    post = publish(resident, title="Perceuse à prêter", body="Une *perceuse*.",
                   categories=["autre"], tags=["outils"])  # fmt: skip
    with captured_events(expected=1) as events:
        edited = _edit(
            commune, post, resident, title="Scie sauteuse à prêter",
            body="Une **scie** sauteuse <img src=x>.",
            categories=["jardinage"], tags=["bricolage", "Bricolage", "#scie"],
        )  # fmt: skip
    assert edited.status == Post.Status.PUBLISHED
    with schema_context(commune.schema_name):
        post = Post.objects.get(pk=post.pk)
        assert post.title == "Scie sauteuse à prêter"
        assert "<strong>scie</strong>" in post.body_html and "<img" not in post.body_html
        assert list(post.categories.values_list("slug", flat=True)) == ["jardinage"]
        assert sorted(post.tags.names()) == ["bricolage", "scie"]
        assert post.tag_names == "bricolage scie"
        assert post.edited_at is not None
        entry = ActionLog.objects.get(code="discussions.post.edited_by_author")
        assert entry.actor_id == resident.pk and entry.target_id == post.pk
    # The search follows: the new words match (title, tags), the old ones no more.
    assert _search(commune, resident, "scie") == [post.pk]
    assert _search(commune, resident, "bricolage") == [post.pk]
    assert _search(commune, resident, "perceuse") == []
    assert _search(commune, resident, "outils") == []
    assert events == [(feed_group(commune.pk), {
        "type": "post.updated", "post_id": post.pk, "fragment_url": f"/fil/{post.pk}/fragment/",
    })]  # fmt: skip


def test_only_given_fields_change_and_an_edit_without_change_is_a_no_op(commune, resident, publish):
    post = publish(resident, title="Donne des livres", body="Romans.", categories=["livres"],
                   tags=["lecture"], is_public=True)  # fmt: skip
    _edit(commune, post, resident, body="Romans et BD.")
    state = _state(commune, post.pk)
    assert state["row"]["title"] == "Donne des livres" and state["row"]["body"] == "Romans et BD."
    assert state["categories"] == ["livres"] and state["tags"] == ["lecture"]
    assert state["row"]["is_public"] is True
    _edit(commune, post, resident, title="Donne des livres", tags=["lecture"])
    assert _state(commune, post.pk) == state
    with schema_context(commune.schema_name):
        assert ActionLog.objects.filter(code="discussions.post.edited_by_author").count() == 1


def test_others_cannot_edit_or_delete(commune, resident, make_resident, ambassador, publish):
    post = publish(resident, title="Mon annonce")
    before = _state(commune, post.pk)
    neighbour = make_resident(commune)
    for someone in (neighbour, ambassador):
        with pytest.raises(PermissionDenied):
            _edit(commune, post, someone, title="Piraté")
        with pytest.raises(PermissionDenied):
            _delete(commune, post, someone)
    assert _state(commune, post.pk) == before


def test_the_mediator_of_a_post_on_behalf_is_its_author(commune, make_resident):
    mediator = make_resident(commune, roles=(roles.MEDIATOR,))
    colleague = make_resident(commune, roles=(roles.MEDIATOR,))
    with schema_context(commune.schema_name):
        from discussions.services import publish_post

        post = publish_post(author=mediator, kind="demande", title="Courses", body="",
                            on_behalf=True)  # fmt: skip
    with pytest.raises(PermissionDenied):
        _edit(commune, post, colleague, title="Autre chose")
    assert _edit(commune, post, mediator, title="Courses du mardi").title == "Courses du mardi"
    assert _state(commune, post.pk)["row"]["on_behalf"] is True
    _delete(commune, post, mediator)
    assert _state(commune, post.pk)["row"]["status"] == Post.Status.DELETED


def test_a_resident_cannot_turn_a_post_into_one_on_behalf(commune, resident, publish):
    post = publish(resident, kind="offre", title="Confitures")
    before = _state(commune, post.pk)
    with pytest.raises(PermissionDenied):
        _edit(commune, post, resident, on_behalf=True)
    assert _state(commune, post.pk) == before


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "   "}, "title", "Donnez un titre"),
        ({"title": "x" * 141}, "title", "140"),
        ({"body": "x" * 100_000}, "body", "10000"),
        ({"body": "Salut <script>alert(1)</script>"}, "body", "Les scripts"),
        ({"tags": ["<script>x</script>"]}, "tags", "Les scripts"),
        ({"categories": ["pas-une-categorie"]}, "categories", "Choisissez"),
        ({"kind": "offre"}, "kind", "garde son type"),
        ({"event_starts_at": "past"}, "event_starts_at", "déjà passée"),
        ({"event_starts_at": None}, "event_starts_at", "Un événement a besoin"),
        ({"event_place": ""}, "event_place", "où a lieu"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(
    commune, resident, publish, fields, field, message
):
    from django.utils import translation

    post = publish(resident, kind="evenement", title="Fête", event_place="Cour",
                   event_starts_at=timezone.now() + timedelta(days=3), tags=["fête"])  # fmt: skip
    if fields.get("event_starts_at") == "past":
        fields = {"event_starts_at": timezone.now() - timedelta(hours=1)}
    before = _state(commune, post.pk)
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        _edit(commune, post, resident, **fields)
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert _state(commune, post.pk) == before


def test_a_category_of_another_commune_is_refused(commune, other_commune, resident, publish):
    with schema_context(other_commune.schema_name):
        foreign = Category.objects.create(name="Pétanque", slug="petanque-beta")
    with schema_context(commune.schema_name):
        assert not Category.objects.filter(pk=foreign.pk).exists()
        assert not Category.objects.filter(slug="petanque-beta").exists()
    post = publish(resident, kind="offre", title="Cours", categories=["sport"])
    before = _state(commune, post.pk)
    for ref in (foreign.pk, "petanque-beta"):
        with pytest.raises(ValidationError) as error:
            _edit(commune, post, resident, categories=[ref])
        assert "categories" in error.value.message_dict
    assert _state(commune, post.pk) == before


def test_an_event_whose_date_passed_can_still_be_corrected(commune, resident, publish):
    post = publish(resident, kind="evenement", title="Vide-grenier", event_place="Place",
                   event_starts_at=timezone.now() + timedelta(days=1))  # fmt: skip
    with schema_context(commune.schema_name):
        Post.objects.filter(pk=post.pk).update(event_starts_at=timezone.now() - timedelta(days=1))
        post.refresh_from_db()
    _edit(commune, post, resident, body="Merci à tous les exposants !")
    assert _state(commune, post.pk)["row"]["body"] == "Merci à tous les exposants !"
    # A new date must be in the future, as when publishing.
    with pytest.raises(ValidationError) as error:
        _edit(commune, post, resident, event_starts_at=timezone.now() - timedelta(hours=2))
    assert "event_starts_at" in error.value.message_dict


def test_hidden_and_deleted_posts_cannot_be_edited(commune, resident, publish):
    hidden = publish(resident, title="Caché")
    with schema_context(commune.schema_name):
        Post.objects.filter(pk=hidden.pk).update(status=Post.Status.HIDDEN)
    before = _state(commune, hidden.pk)
    with pytest.raises(ValidationError, match="masqué"):
        _edit(commune, hidden, resident, title="Je contourne la modération")
    assert _state(commune, hidden.pk) == before
    gone = publish(resident, title="Supprimé")
    _delete(commune, gone, resident)
    with pytest.raises(ValidationError):
        _edit(commune, gone, resident, title="Revenant")
    with pytest.raises(ValidationError):
        _delete(commune, gone, resident)
    assert _state(commune, gone.pk)["row"]["title"] == "Supprimé"


def test_a_photo_is_replaced_then_removed(
    commune, resident, publish, django_capture_on_commit_callbacks
):
    post = publish(resident, kind="trouve", title="Clés", photo=_photo())
    first, first_thumb = post.photo.name, post.photo_thumbnail.name
    assert first_thumb.startswith("posts/mini/")
    with django_capture_on_commit_callbacks(execute=True):
        _edit(commune, post, resident, photo=_photo("blue"))
    row = _state(commune, post.pk)["row"]
    second, second_thumb = row["photo"].name, row["photo_thumbnail"].name
    assert second and second != first and second_thumb and second_thumb != first_thumb
    with schema_context(commune.schema_name):
        assert not default_storage.exists(first) and default_storage.exists(second)
        assert not default_storage.exists(first_thumb) and default_storage.exists(second_thumb)
    with django_capture_on_commit_callbacks(execute=True):
        _edit(commune, post, resident, photo=None)
    row = _state(commune, post.pk)["row"]
    assert row["photo"] == "" and row["photo_thumbnail"] == ""
    with schema_context(commune.schema_name):
        assert not default_storage.exists(second) and not default_storage.exists(second_thumb)


# --- Moderation on edit --------------------------------------------------------


def test_a_blocked_word_refuses_the_edit(commune, resident, publish, watched):
    post = publish(resident, title="Vends vélo")
    before = _state(commune, post.pk)
    with pytest.raises(ValidationError, match="arnaque"):
        _edit(commune, post, resident, body="Pas une arnaque")
    assert _state(commune, post.pk) == before


def test_a_held_word_sends_a_published_post_back_to_the_queue(
    commune, resident, ambassador, publish, watched, captured_events
):
    post = publish(resident, title="Soirée jeux")
    assert _feed(commune, resident) == [post.pk]
    with captured_events(expected=2) as events:
        edited = _edit(commune, post, resident, body="Au casino du coin")
    assert edited.status == Post.Status.PENDING
    assert _feed(commune, resident) == []
    assert _search(commune, resident, "casino") == []
    with schema_context(commune.schema_name):
        assert post.pk in [p.pk for p in selectors.moderation_queue()["posts"]]
    assert events == [
        (feed_group(commune.pk), {"type": "post.removed", "post_id": post.pk}),
        (moderation_group(commune.pk), {"type": "moderation.count", "count": 1}),
    ]
    # The author still sees it; an edit never approves it, even without the word.
    _edit(commune, post, resident, body="Au café du coin")
    assert _state(commune, post.pk)["row"]["status"] == Post.Status.PENDING
    with schema_context(commune.schema_name):
        from discussions.services.moderation import moderate_post

        moderate_post(post=Post.objects.get(pk=post.pk), action="approve", by=ambassador)
    assert _feed(commune, resident) == [post.pk]


def test_a_flag_word_flags_the_edited_post(commune, resident, publish, watched):
    post = publish(resident, title="Bons plans")
    edited = _edit(commune, post, resident, body="Une promo au marché")
    assert edited.status == Post.Status.PUBLISHED and edited.is_flagged


def test_a_priori_moderation_applies_to_edits(commune, resident, ambassador, publish):
    free = publish(resident, kind="offre", title="Je prête une perceuse", categories=["autre"])
    with schema_context(commune.schema_name):
        Category.objects.filter(slug="garde-denfants").update(requires_approval=True)
    moved = _edit(commune, free, resident, categories=["garde-denfants"])
    assert moved.status == Post.Status.PENDING
    other = publish(resident, title="Bonjour à tous")
    by_staff = publish(ambassador, title="Mot de la mairie")
    commune.moderation_mode = "a_priori"
    commune.save(update_fields=["moderation_mode"])
    try:
        assert _edit(commune, other, resident, body="Re").status == Post.Status.PENDING
        assert _edit(commune, by_staff, ambassador, body="Re").status == Post.Status.PUBLISHED
    finally:
        commune.moderation_mode = "a_posteriori"
        commune.save(update_fields=["moderation_mode"])


# --- Delete ---------------------------------------------------------------------


def test_delete_removes_the_post_from_feed_search_atom_and_my_posts(
    commune, resident, publish, client_for, captured_events
):
    post = publish(resident, title="Concert au kiosque", is_public=True)
    kept = publish(resident, title="Concert au parc", is_public=True)
    visitor = client_for(commune)
    assert "kiosque" in visitor.get("/fil/atom/").content.decode()
    with captured_events(expected=1) as events:
        _delete(commune, post, resident)
    assert _feed(commune, resident) == [kept.pk]
    assert _search(commune, resident, "concert") == [kept.pk]
    atom = visitor.get("/fil/atom/").content.decode()
    assert "kiosque" not in atom and "Concert au parc" in atom
    with schema_context(commune.schema_name):
        assert [p.pk for p in selectors.my_posts(viewer=resident)] == [kept.pk]
        row = Post.objects.get(pk=post.pk)
        assert row.status == Post.Status.DELETED
        entry = ActionLog.objects.get(code="discussions.post.deleted_by_author")
        assert entry.actor_id == resident.pk and entry.target_id == post.pk
    assert client_for(commune, resident).get(f"/fil/{post.pk}/").status_code == 404
    assert events == [(feed_group(commune.pk), {"type": "post.removed", "post_id": post.pk})]


def test_the_author_deletes_a_held_post(commune, resident, publish, watched):
    post = publish(resident, title="Soirée au casino")
    assert post.status == Post.Status.PENDING
    _delete(commune, post, resident)
    with schema_context(commune.schema_name):
        assert post.pk not in [p.pk for p in selectors.moderation_queue()["posts"]]
        assert selectors.moderation_count() == 0


# --- The site ------------------------------------------------------------------


def test_the_edit_form_is_prefilled_and_saves(commune, resident, client_for, publish):
    post = publish(resident, kind="evenement", title="Fête des voisins", body="Dans la cour",
                   event_place="Cour", event_starts_at=timezone.now() + timedelta(days=4),
                   categories=["musique"], tags=["fête"])  # fmt: skip
    client = client_for(commune, resident)
    page = client.get(f"/fil/{post.pk}/modifier/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="Fête des voisins"' in html and "Dans la cour" in html
    assert 'value="fête"' in html and 'value="Cour"' in html
    # The kind is fixed: a disabled hidden field, named in the title; no ride fields.
    assert 'type="hidden" name="kind" value="evenement"' in html and "disabled" in html
    assert "Type de message : Événement" in html and 'name="ride_from"' not in html
    when = timezone.localtime(post.event_starts_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/fil/{post.pk}/modifier/",
        {"kind": "offre", "title": "Fête des voisins du 12", "body": "Dans la cour, avec un plat.",
         "categories": [], "tags": "fête, repas", "event_starts_at": when,
         "event_place": "Cour du 12"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == f"/fil/{post.pk}/"
    state = _state(commune, post.pk)
    assert state["row"]["title"] == "Fête des voisins du 12"
    assert state["row"]["kind"] == "evenement"  # the kind field is fixed
    assert state["row"]["event_place"] == "Cour du 12"
    assert state["categories"] == [] and state["tags"] == ["fête", "repas"]
    page = client.get(f"/fil/{post.pk}/").content.decode()
    assert "modifié" in page and "Vos modifications sont enregistrées" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "   "}, "Donnez un titre à votre message."),
        ({"body": "x" * 100_000}, "10000"),
        ({"body": "Salut <script>alert(1)</script>"}, "Les scripts"),
        ({"event_starts_at": "2020-01-01T10:00"}, "Cette date est déjà passée"),
    ],
)
def test_the_form_refuses_bad_input_and_stores_nothing(
    commune, resident, client_for, publish, fields, message
):
    post = publish(resident, kind="evenement", title="Fête", body="Texte", event_place="Cour",
                   event_starts_at=timezone.now() + timedelta(days=3))  # fmt: skip
    before = _state(commune, post.pk)
    data = {"title": "Fête", "body": "Texte", "event_place": "Cour",
            "event_starts_at": f"{timezone.localdate() + timedelta(days=30):%Y-%m-%d}T18:00",
            **fields}  # fmt: skip
    response = client_for(commune, resident).post(f"/fil/{post.pk}/modifier/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _state(commune, post.pk) == before


def test_the_form_refuses_another_communes_category(
    commune, other_commune, resident, client_for, publish
):
    with schema_context(other_commune.schema_name):
        foreign = Category.objects.create(name="Pétanque", slug="petanque-beta")
    post = publish(resident, kind="offre", title="Cours")
    before = _state(commune, post.pk)
    response = client_for(commune, resident).post(
        f"/fil/{post.pk}/modifier/", {"title": "Cours", "categories": [foreign.pk]}
    )
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert _state(commune, post.pk) == before


def test_the_buttons_are_shown_to_the_author_only(
    commune, resident, make_resident, ambassador, client_for, publish
):
    post = publish(resident, title="Mon message")
    mine = client_for(commune, resident).get(f"/fil/{post.pk}/").content.decode()
    assert f"/fil/{post.pk}/modifier/" in mine and f"/fil/{post.pk}/supprimer/" in mine
    for other in (make_resident(commune), ambassador):
        page = client_for(commune, other).get(f"/fil/{post.pk}/").content.decode()
        assert "/modifier/" not in page and "/supprimer/" not in page


def test_others_get_403_on_the_site_and_nothing_changes(
    commune, resident, make_resident, client_for, publish
):
    post = publish(resident, title="Mon message")
    before = _state(commune, post.pk)
    client = client_for(commune, make_resident(commune))
    assert client.get(f"/fil/{post.pk}/modifier/").status_code == 403
    assert client.post(f"/fil/{post.pk}/modifier/", {"title": "Piraté"}).status_code == 403
    assert client.get(f"/fil/{post.pk}/supprimer/").status_code == 403
    assert client.post(f"/fil/{post.pk}/supprimer/").status_code == 403
    assert _state(commune, post.pk) == before
    # Visitors are sent to the login page.
    visitor = client_for(commune)
    assert visitor.post(f"/fil/{post.pk}/supprimer/").status_code == 302
    assert _state(commune, post.pk) == before


def test_another_communes_post_is_404_and_unchanged(
    commune, other_commune, resident, make_resident, client_for
):
    stranger = make_resident(other_commune)
    theirs = foreign_post(here=commune, there=other_commune, author=stranger)
    before = _state(other_commune, theirs.pk)
    client = client_for(commune, resident)
    assert client.get(f"/fil/{theirs.pk}/modifier/").status_code == 404
    assert client.post(f"/fil/{theirs.pk}/modifier/", {"title": "Piraté"}).status_code == 404
    assert client.get(f"/fil/{theirs.pk}/supprimer/").status_code == 404
    assert client.post(f"/fil/{theirs.pk}/supprimer/").status_code == 404
    assert _state(other_commune, theirs.pk) == before


def test_delete_asks_for_confirmation_then_deletes(commune, resident, client_for, publish):
    post = publish(resident, title="Chaton à adopter")
    client = client_for(commune, resident)
    page = client.get(f"/fil/{post.pk}/supprimer/")
    assert page.status_code == 200 and "Chaton à adopter" in page.content.decode()
    assert _state(commune, post.pk)["row"]["status"] == Post.Status.PUBLISHED
    response = client.post(f"/fil/{post.pk}/supprimer/")
    assert response.status_code == 302 and response["Location"] == "/fil/mes-annonces/"
    assert _state(commune, post.pk)["row"]["status"] == Post.Status.DELETED
    assert "Chaton" not in client.get("/fil/").content.decode()
    assert client.post(f"/fil/{post.pk}/supprimer/").status_code == 404


def test_a_hidden_post_offers_no_edit(commune, resident, client_for, publish):
    post = publish(resident, title="Masqué")
    with schema_context(commune.schema_name):
        Post.objects.filter(pk=post.pk).update(status=Post.Status.HIDDEN)
    client = client_for(commune, resident)
    response = client.get(f"/fil/{post.pk}/modifier/", follow=True)
    assert "ne peut plus être modifié" in response.content.decode()
    assert f"/fil/{post.pk}/modifier/" not in client.get(f"/fil/{post.pk}/").content.decode()
