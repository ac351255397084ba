"""The feed: filters, pinned posts, keyset pages, constant queries; the post page."""

import pytest
from django_tenants.utils import schema_context

from discussions.models import Post
from discussions.selectors import newest_listings
from discussions.services import pin_post

pytestmark = pytest.mark.django_db


def test_feed_lists_posts_newest_first_with_filters(commune, resident, client_for, publish):
    publish(resident, kind="offre", title="Je donne un vélo", categories=["sport"])
    publish(resident, kind="demande", title="Besoin de bras pour un meuble")
    publish(resident, kind="evenement", title="Vide-grenier", event_place="Place",
            event_starts_at=__import__("django.utils.timezone").utils.timezone.now()
            + __import__("datetime").timedelta(days=3))  # fmt: skip
    client = client_for(commune, resident)
    page = client.get("/fil/").content.decode()
    assert page.index("Vide-grenier") < page.index("Besoin de bras") < page.index("Je donne")
    assert "data-live-feed" in page
    only_offers = client.get("/fil/?type=offre").content.decode()
    assert "Je donne un vélo" in only_offers and "Vide-grenier" not in only_offers
    sport = client.get("/fil/?categorie=sport").content.decode()
    assert "Je donne un vélo" in sport and "Besoin de bras" not in sport


def test_feed_filters_by_quartier_and_near_me(commune, make_resident, client_for, publish):
    from voisinages.models import Quartier

    with schema_context(commune.schema_name):
        centre = Quartier.objects.create(name="Centre")
    here = make_resident(commune, latitude=48.88, longitude=2.24, quartier=centre)
    far = make_resident(commune, latitude=48.99, longitude=2.40)
    publish(here, title="Tout près du parc")
    publish(far, title="Loin là-bas")
    client = client_for(commune, here)
    near = client.get("/fil/?pres=1").content.decode()
    assert "Tout près du parc" in near and "Loin là-bas" not in near
    by_quartier = client.get(f"/fil/?quartier={centre.pk}").content.decode()
    assert "Tout près du parc" in by_quartier and "Loin là-bas" not in by_quartier


def test_keyset_pagination_and_pinned_posts(commune, resident, ambassador, client_for, publish):
    posts = [publish(resident, title=f"Message numéro {i:02d}") for i in range(25)]
    pinned = publish(ambassador, title="Le mot de la mairie")
    with schema_context(commune.schema_name):
        pin_post(post=pinned, by=ambassador)
        # Older than everything, yet on top of the first page.
        Post.objects.filter(pk=pinned.pk).update(id=0)
    client = client_for(commune, resident)
    first = client.get("/fil/?n=10")
    html = first.content.decode()
    assert html.index("Le mot de la mairie") < html.index("Message numéro 24")
    assert "Message numéro 15" in html and "Message numéro 14" not in html
    assert f"avant={posts[15].pk}" in html
    second = client.get(f"/fil/?n=10&avant={posts[15].pk}").content.decode()
    assert "Message numéro 14" in second and "Message numéro 15" not in second
    assert "Le mot de la mairie" not in second


def test_a_resident_cannot_pin(commune, resident, client_for, publish):
    post = publish(resident, title="Regardez-moi")
    response = client_for(commune, resident).post(f"/fil/{post.pk}/epingler/", {"pinned": "1"})
    assert response.status_code == 403
    with schema_context(commune.schema_name):
        assert not Post.objects.get(pk=post.pk).is_pinned


@pytest.mark.parametrize("size", [5, 50])
def test_feed_queries_do_not_grow_with_the_page(
    commune, resident, client_for, publish, django_assert_max_num_queries, size
):
    for i in range(60):
        publish(resident, kind="offre" if i % 2 else "discussion", title=f"Post {i}",
                categories=["sport", "livres"], tags=["a", "b"])  # fmt: skip
    client = client_for(commune, resident)
    client.get("/fil/")  # warm the session and content types
    with django_assert_max_num_queries(12):
        response = client.get(f"/fil/?n={size}")
    assert response.content.decode().count('class="post-card') == size


def test_visitors_and_other_communes_see_public_posts_only(
    commune, resident, publish, stranger_client, client_for
):
    publish(resident, title="Réservé aux voisins")
    publish(resident, title="Concert ouvert à tous", is_public=True)
    for client in (stranger_client(commune), client_for(commune)):
        html = client.get("/fil/").content.decode()
        assert "Concert ouvert à tous" in html
        assert "Réservé aux voisins" not in html
        assert "Vous ne voyez que les messages publics" in html


def test_post_page_of_another_commune_is_404(commune, other_commune, resident, make_resident,
                                             client_for, publish):  # fmt: skip
    post = publish(resident, title="Chez nous")
    stranger = make_resident(other_commune)
    assert client_for(other_commune, stranger).get(f"/fil/{post.pk}/").status_code == 404
    assert client_for(commune, resident).get(f"/fil/{post.pk}/").status_code == 200


def test_public_posts_and_atom_feed(commune, resident, client_for, publish):
    public = publish(resident, title="Concert au kiosque", is_public=True)
    publish(resident, title="Entre nous seulement")
    visitor = client_for(commune)
    assert visitor.get(f"/fil/{public.pk}/").status_code == 200
    atom = visitor.get("/fil/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    body = atom.content.decode()
    assert "Concert au kiosque" in body and "Entre nous seulement" not in body
    assert "Alpha-sur-Seine" in body


def test_newest_listings_for_other_apps(commune, resident, publish):
    from django.utils import timezone

    start = timezone.now()
    offer = publish(resident, kind="offre", title="Courgettes du jardin")
    publish(resident, kind="discussion", title="Bavardage")
    with schema_context(commune.schema_name):
        assert [p.pk for p in newest_listings(since=start, kinds=["offre"])] == [offer.pk]
        assert len(newest_listings(since=start)) == 2
