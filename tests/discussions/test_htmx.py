"""htmx: reactions, comments and "voir plus" answer a fragment to htmx and a
redirect or a full page to a plain form; another commune reaches nothing."""

import pytest
from django_tenants.utils import schema_context

from discussions.models import Comment, Post, Reaction

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def _html(response):
    return response.content.decode()


def test_htmx_is_vendored_and_configured_for_the_strict_policy(commune, resident, client_for):
    response = client_for(commune, resident).get("/fil/")
    html = _html(response)
    assert "vendor/htmx/htmx.min.js" in html and "unpkg" not in html and "cdn" not in html
    assert '"includeIndicatorStyles":false' in html
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_a_reaction_answers_its_buttons_to_htmx(commune, resident, client_for, publish):
    post = publish(resident, title="Merci les voisins")
    client = client_for(commune, resident)
    response = client.post(f"/fil/{post.pk}/reagir/", {"kind": "merci"}, **HX)
    assert response.status_code == 200
    html = _html(response)
    assert "<html" not in html and f'id="reactions-{post.pk}"' in html
    assert 'aria-pressed="true"' in html and "(1)" in html
    # Without htmx: the plain form, a redirect to the post.
    response = client.post(f"/fil/{post.pk}/reagir/", {"kind": "merci"})
    assert response.status_code == 302 and response.url == f"/fil/{post.pk}/"
    with schema_context(commune.schema_name):
        assert not Reaction.objects.filter(post=post).exists()  # toggled off


def test_a_bad_reaction_is_refused(commune, resident, client_for, publish):
    post = publish(resident)
    response = client_for(commune, resident).post(f"/fil/{post.pk}/reagir/", {"kind": "x"}, **HX)
    assert response.status_code == 400


def test_a_comment_answers_the_comments_to_htmx(commune, resident, client_for, publish):
    post = publish(resident, title="Question")
    client = client_for(commune, resident)
    response = client.post(f"/fil/{post.pk}/commenter/", {"body": "Réponse rapide"}, **HX)
    assert response.status_code == 200
    html = _html(response)
    assert "<html" not in html and f'id="comments-{post.pk}"' in html
    assert "Réponse rapide" in html and 'name="body"' in html
    # An empty comment: the fragment with the French error, nothing stored.
    response = client.post(f"/fil/{post.pk}/commenter/", {"body": ""}, **HX)
    assert "Écrivez d&#x27;abord quelque chose" in _html(response)
    response = client.post(f"/fil/{post.pk}/commenter/", {"body": "Sans htmx"})
    assert response.status_code == 302 and "#commentaire-" in response.url
    with schema_context(commune.schema_name):
        assert Comment.objects.filter(post=post).count() == 2


def test_voir_plus_answers_the_next_cards_to_htmx(commune, resident, client_for, publish):
    for n in range(3):
        publish(resident, title=f"Annonce {n}")
    client = client_for(commune, resident)
    full = _html(client.get("/fil/", {"n": 2}))
    assert "<html" in full and "avant=" in full and "hx-get=" in full
    with schema_context(commune.schema_name):
        oldest = Post.objects.order_by("pk").filter(title__startswith="Annonce").first()
    cursor = full.split("avant=", 1)[1].split('"', 1)[0]
    response = client.get("/fil/", {"n": 2, "avant": cursor}, **HX)
    html = _html(response)
    assert response.status_code == 200 and "<html" not in html
    assert oldest.title in html and 'class="feed"' in html
    assert "<html" in _html(client.get("/fil/", {"n": 2, "avant": cursor}))


def test_another_commune_reaches_nothing(commune, resident, publish, stranger_client):
    post = publish(resident, title="Chez nous")
    client = stranger_client(commune)
    for url, data in (
        (f"/fil/{post.pk}/reagir/", {"kind": "merci"}),
        (f"/fil/{post.pk}/commenter/", {"body": "Intrus"}),
    ):
        response = client.post(url, data, **HX)
        assert response.status_code in (302, 403, 404)
        assert "Chez nous" not in _html(response)
    with schema_context(commune.schema_name):
        assert not Reaction.objects.filter(post=post).exists()
        assert not Comment.objects.filter(post=post).exists()
