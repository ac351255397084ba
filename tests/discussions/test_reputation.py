"""Reputation on the profile: member since, verified, "a aidé N voisins", reviews
received (help and loans), newest first, paginated, an average from 3 reviews on."""

import html
import re

import pytest
from django_tenants.utils import schema_context

from discussions.models import HelpReview
from discussions.services import help as help_services
from voisinages import reputation

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def _helped(commune, helper, authors, publish, in_commune, rating=5):
    for n, author in enumerate(authors):
        post = publish(author, kind="demande", title=f"Demande {n} de {author.first_name}")
        with in_commune(commune):
            help_services.offer_help(post=post, helper=helper)
            help_services.close_request(post=post, by=author, helper_ids=[helper.pk])
            help_services.leave_help_review(
                post=post, author=author, subject=helper, rating=rating, comment=f"Merci {n}"
            )


def test_profile_shows_help_given_and_reviews(
    commune, make_resident, publish, in_commune, client_for
):
    bruno = make_resident(commune, first_name="Bruno", last_name="Petit")
    alice = make_resident(commune, first_name="Alice")
    viewer = client_for(commune, alice)
    page = _text(viewer.get(f"/voisins/{bruno.pk}/"))
    assert "Membre depuis" in page and "Pas encore d'avis" in page
    assert "Contacter Bruno" in page
    _helped(commune, bruno, [alice], publish, in_commune, rating=4)
    page = _text(viewer.get(f"/voisins/{bruno.pk}/"))
    assert "a aidé 1 voisin" in page and "1 avis" in page and "Merci 0" in page
    assert "4/5" not in page  # one review: the count alone
    others = [make_resident(commune, first_name=f"V{n}") for n in range(2)]
    _helped(commune, bruno, others, publish, in_commune, rating=5)
    page = _text(viewer.get(f"/voisins/{bruno.pk}/"))
    assert "a aidé 3 voisins" in page and "3 avis" in page and "4.7/5" in page.replace(",", ".")
    # Newest first.
    assert page.index("Merci 1") < page.index("Merci 0")


def test_reviews_are_paginated_and_hidden_ones_leave(
    commune, make_resident, publish, in_commune, client_for, ambassador
):
    bruno = make_resident(commune, first_name="Bruno")
    authors = [make_resident(commune, first_name=f"A{n}") for n in range(reputation.PAGE_SIZE + 2)]
    _helped(commune, bruno, authors, publish, in_commune)
    with in_commune(commune):
        rep = reputation.reputation_of(bruno)
        assert rep.count == reputation.PAGE_SIZE + 2 and rep.has_next
        assert len(rep.reviews) == reputation.PAGE_SIZE
        second = reputation.reputation_of(bruno, page=2)
        assert len(second.reviews) == 2 and not second.has_next
        assert reputation.reputation_of(bruno, page=10**9).reviews == []
    client = client_for(commune, bruno)
    assert "Avis plus anciens" in _text(client.get(f"/voisins/{bruno.pk}/"))
    assert client.get(f"/voisins/{bruno.pk}/?avis=abc").status_code == 200
    with schema_context(commune.schema_name):
        review = HelpReview.objects.order_by("-id").first()
    client_for(commune, ambassador).post(f"/avis/{review.pk}/moderer/", {"action": "hide"})
    with in_commune(commune):
        assert reputation.reputation_of(bruno).count == reputation.PAGE_SIZE + 1


def test_the_reviewed_answers_on_the_profile(
    commune, make_resident, publish, in_commune, client_for
):
    bruno = make_resident(commune, first_name="Bruno")
    alice = make_resident(commune, first_name="Alice")
    _helped(commune, bruno, [alice], publish, in_commune)
    with schema_context(commune.schema_name):
        review = HelpReview.objects.get()
    b = client_for(commune, bruno)
    assert "Répondre (une seule fois)" in _text(b.get(f"/voisins/{bruno.pk}/"))
    assert "Répondre (une seule fois)" not in _text(
        client_for(commune, alice).get(f"/voisins/{bruno.pk}/")
    )
    answered = b.post(f"/avis/{review.pk}/repondre/", {"reply": "Avec plaisir !"})
    assert answered.status_code == 302, _text(answered)[-3000:]
    page = _text(client_for(commune, alice).get(f"/voisins/{bruno.pk}/"))
    assert "Réponse de Bruno : Avec plaisir !" in re.sub(r"<[^>]+>", "", page)


def test_profile_of_another_commune_is_not_reachable(
    commune, other_commune, make_resident, publish, in_commune, client_for
):
    bruno = make_resident(commune, first_name="Bruno")
    alice = make_resident(commune, first_name="Alice")
    _helped(commune, bruno, [alice], publish, in_commune)
    carole = make_resident(other_commune, first_name="Carole")
    page = client_for(other_commune, carole).get(f"/voisins/{bruno.pk}/")
    assert page.status_code == 404 or "Merci 0" not in _text(page)
