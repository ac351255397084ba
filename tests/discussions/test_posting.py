"""Publishing posts of each kind: fields, validation, alerts, matches, on behalf."""

import html
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context
from PIL import Image

from discussions.models import Category, Post
from socle.live import feed_group
from tests.images import BOMB_MESSAGE, bomb_upload, stored_files
from voisinages import roles
from voisinages.models import Notification

pytestmark = pytest.mark.django_db


def _count(commune):
    with schema_context(commune.schema_name):
        return Post.objects.count()


def test_a_resident_publishes_an_event_through_the_form(commune, resident, client_for):
    client = client_for(commune, resident)
    with schema_context(commune.schema_name):
        category = Category.objects.get(slug="musique")
    when = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/fil/nouveau/",
        {
            "kind": "evenement",
            "title": "Fête des voisins",
            "body": "Rendez-vous **dans la cour**, apportez un plat.",
            "categories": [category.pk],
            "tags": "fête, voisins",
            "event_starts_at": when,
            "event_place": "Cour du 12 rue des Lilas",
        },
    )
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        post = Post.objects.get(title="Fête des voisins")
        assert post.status == Post.Status.PUBLISHED
        assert post.event_place == "Cour du 12 rue des Lilas"
        assert "<strong>dans la cour</strong>" in post.body_html
        assert set(post.tags.names()) == {"fête", "voisins"}
        assert list(post.categories.all()) == [category]
    page = client.get(response["Location"])
    assert "Fête des voisins" in page.content.decode()
    assert "Événement" in page.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "   "}, "Donnez un titre à votre message."),
        ({"body": "x" * 100_000}, "10000"),
        ({"body": "Salut <script>alert(1)</script>"}, "Les scripts"),
        ({"title": "<script>alert(1)</script>"}, "Les scripts"),
        (
            {
                "kind": "evenement",
                "event_starts_at": "2020-01-01T10:00",
                "event_place": "Mairie",
            },
            "Cette date est déjà passée",
        ),
        ({"kind": "evenement", "event_place": "Mairie"}, "Un événement a besoin"),
        ({"kind": "covoiturage", "ride_from": "Gare"}, "où vous allez"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(
    commune, resident, client_for, fields, message
):
    before = _count(commune)
    data = {"kind": "discussion", "title": "Un titre", "body": "Un texte", **fields}
    response = client_for(commune, resident).post("/fil/nouveau/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _count(commune) == before


def test_a_category_of_another_commune_is_refused(commune, other_commune, resident, client_for):
    with schema_context(other_commune.schema_name):
        foreign = Category.objects.create(name="Pétanque", slug="petanque-beta")
    with schema_context(commune.schema_name):
        assert not Category.objects.filter(pk=foreign.pk).exists()
    before = _count(commune)
    response = client_for(commune, resident).post(
        "/fil/nouveau/",
        {"kind": "offre", "title": "Cours", "body": "x", "categories": [foreign.pk]},
    )
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert _count(commune) == before


def test_the_service_refuses_a_foreign_category_too(commune, resident, publish):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        publish(resident, kind="offre", title="Aide", categories=["pas-une-categorie"])
    assert "categories" in error.value.message_dict


def test_an_unverified_resident_cannot_post(commune, make_resident, client_for):
    reader = make_resident(commune, is_verified=False)
    response = client_for(commune, reader).post(
        "/fil/nouveau/", {"kind": "discussion", "title": "Coucou", "body": ""}
    )
    assert response.status_code == 403
    assert _count(commune) == 0


def test_a_resident_of_another_commune_cannot_post_here(commune, stranger_client):
    response = stranger_client(commune).post(
        "/fil/nouveau/", {"kind": "discussion", "title": "Intrus", "body": ""}
    )
    assert response.status_code in (302, 403)
    assert _count(commune) == 0


def test_markdown_is_sanitised(commune, resident, publish):
    post = publish(resident, body="[lien](https://example.org) <img src=x> <b>gras</b>")
    assert 'href="https://example.org"' in post.body_html
    assert "<img" not in post.body_html
    assert 'rel="nofollow noopener ugc"' in post.body_html


def test_a_photo_is_checked_and_resized(commune, resident, publish):
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 2000), "red").save(buffer, format="PNG")
    upload = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
    post = publish(resident, kind="trouve", title="Clés trouvées", photo=upload)
    with schema_context(commune.schema_name):
        with post.photo.open() as stored:
            image = Image.open(stored)
            assert image.format == "JPEG"
            assert max(image.size) == 1600


def test_a_fake_photo_is_refused(commune, resident, client_for):
    upload = SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")
    response = client_for(commune, resident).post(
        "/fil/nouveau/", {"kind": "perdu", "title": "Chat perdu", "photo": upload}
    )
    assert response.status_code == 400
    assert _count(commune) == 0


def test_an_alert_notifies_every_resident(
    commune, ambassador, make_resident, publish, captured_events, run_jobs
):
    neighbours = [make_resident(commune) for _ in range(3)]
    with captured_events(expected=4) as events:
        post = publish(ambassador, kind="alerte", title="Coupure d'eau demain")
        # The request stored no notification: a job fans the alert out.
        with schema_context(commune.schema_name):
            assert not Notification.objects.filter(kind="discussions.alert.published").exists()
        run_jobs(queues=["notifications"])
    with schema_context(commune.schema_name):
        notified = set(
            Notification.objects.filter(kind="discussions.alert.published").values_list(
                "recipient_id", flat=True
            )
        )
    assert {n.pk for n in neighbours} <= notified
    assert ambassador.pk not in notified
    assert events[0] == (feed_group(commune.pk), {
        "type": "post.published", "post_id": post.pk, "kind": "alerte",
        "title": "Coupure d'eau demain", "fragment_url": f"/fil/{post.pk}/fragment/",
    })  # fmt: skip
    # Then one notification to each neighbour, none to the ambassador who raised it.
    assert sorted(group for group, _event in events[1:]) == sorted(
        f"t{commune.pk}.u{n.pk}" for n in neighbours
    )
    assert {event["kind"] for _group, event in events[1:]} == {"discussions.alert.published"}


def test_a_resident_cannot_raise_an_alert(commune, resident, client_for):
    response = client_for(commune, resident).post(
        "/fil/nouveau/", {"kind": "alerte", "title": "Panique", "body": ""}
    )
    assert response.status_code == 400
    assert _count(commune) == 0


def test_a_demande_notifies_matching_voisins_solidaires_nearest_first(
    commune, make_resident, publish
):
    from discussions.services.posts import matching_helpers

    asker = make_resident(commune, latitude=48.88, longitude=2.24)
    far = make_resident(commune, latitude=48.95, longitude=2.30, is_voisin_solidaire=True)
    near = make_resident(commune, latitude=48.881, longitude=2.241, is_voisin_solidaire=True)
    unrelated = make_resident(commune, latitude=48.88, longitude=2.24, is_voisin_solidaire=True)
    not_solidaire = make_resident(commune, latitude=48.88, longitude=2.24)
    with schema_context(commune.schema_name):
        far.skills.add("Informatique")
        near.skills.add("informatique")
        unrelated.skills.add("Tricot")
        not_solidaire.skills.add("informatique")
    post = publish(
        asker, kind="demande", title="Mon ordinateur ne démarre plus", categories=["aide-informatique"],
        tags=["informatique"],
    )  # fmt: skip
    with schema_context(commune.schema_name):
        assert [r.pk for r in matching_helpers(post)] == [near.pk, far.pk]
        assert [r.pk for r in matching_helpers(post, limit=1)] == [near.pk]
        notified = set(
            Notification.objects.filter(kind="discussions.request.matched").values_list(
                "recipient_id", flat=True
            )
        )
    assert notified == {near.pk, far.pk}


def test_a_mediator_posts_on_behalf_of_someone_offline(
    commune, make_resident, client_for, other_commune
):
    mediator = make_resident(commune, first_name="Karim", last_name="Benali",
                             roles=(roles.MEDIATOR,))  # fmt: skip
    client = client_for(commune, mediator)
    response = client.post(
        "/fil/nouveau/",
        {"kind": "demande", "title": "Courses pour une voisine", "body": "Le mardi matin.",
         "on_behalf": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        post = Post.objects.get(title="Courses pour une voisine")
        assert post.on_behalf and post.author_id == mediator.pk
    helper = make_resident(commune, first_name="Hugo")
    page = client_for(commune, helper).get(f"/fil/{post.pk}/").content.decode()
    assert "Transmis par la mairie" in page
    assert "Karim" not in page
    # "Je peux aider" reaches the mediator, never the person.
    response = client_for(commune, helper).post(f"/fil/{post.pk}/aider/")
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        assert Notification.objects.filter(
            recipient=mediator, kind="discussions.message.received"
        ).exists()
    # A resident cannot tick the box (the field does not exist for them).
    client_for(commune, helper).post(
        "/fil/nouveau/", {"kind": "demande", "title": "Faux", "body": "", "on_behalf": "on"}
    )
    with schema_context(commune.schema_name):
        assert not Post.objects.filter(title="Faux", on_behalf=True).exists()
    # And the post does not exist in another commune.
    stranger = make_resident(other_commune)
    with schema_context(other_commune.schema_name):
        assert not Post.objects.filter(title="Courses pour une voisine").exists()
    assert client_for(other_commune, stranger).get(f"/fil/{post.pk}/").status_code == 404


def test_a_priori_moderation_holds_posts(commune, resident, publish, ambassador):
    with schema_context(commune.schema_name):
        Category.objects.filter(slug="garde-denfants").update(requires_approval=True)
    held = publish(
        resident, kind="offre", title="Je garde vos enfants", categories=["garde-denfants"]
    )
    free = publish(resident, kind="offre", title="Je prête une perceuse", categories=["autre"])
    assert held.status == Post.Status.PENDING
    assert free.status == Post.Status.PUBLISHED
    commune.moderation_mode = "a_priori"
    commune.save(update_fields=["moderation_mode"])
    try:
        assert publish(resident, title="Bonjour à tous").status == Post.Status.PENDING
        assert publish(ambassador, title="Mot de la mairie").status == Post.Status.PUBLISHED
    finally:
        commune.moderation_mode = "a_posteriori"
        commune.save(update_fields=["moderation_mode"])


def test_a_decompression_bomb_photo_is_refused_and_nothing_stored(commune, resident, client_for):
    before = stored_files(commune)
    response = client_for(commune, resident).post(
        "/fil/nouveau/", {"kind": "perdu", "title": "Chat perdu", "photo": bomb_upload()}
    )
    assert response.status_code == 400
    assert BOMB_MESSAGE in html.unescape(response.content.decode())
    assert _count(commune) == 0
    assert stored_files(commune) == before
