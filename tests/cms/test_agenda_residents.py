"""Residents' events (posts of kind "evenement") in the town's Agenda, next to
its event pages, by date: published and visible ones only, public ones for
visitors, never another commune's."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from discussions.models import Post
from discussions.services import publish_post

pytestmark = pytest.mark.django_db


def _event(commune, author, title, *, in_days, **fields):
    with schema_context(commune.schema_name):
        return publish_post(
            author=author,
            kind="evenement",
            title=title,
            body="",
            event_starts_at=timezone.now() + datetime.timedelta(days=in_days),
            event_place=fields.pop("event_place", "Square Léon-Blum"),
            **fields,
        )


def test_residents_events_join_the_agenda_by_date(commune, other_commune, make_resident,
                                                  client_for, add_event):  # fmt: skip
    resident = make_resident(commune, email="organise@alpha.example")
    add_event(commune, "Conseil municipal", in_days=4, place="Mairie")
    public = _event(commune, resident, "Pique-nique du square", in_days=2, is_public=True)
    _event(commune, resident, "Apéro des voisins", in_days=6)
    held = _event(commune, resident, "Soirée jeux", in_days=3)
    over = _event(commune, resident, "Vide-grenier fini", in_days=5, is_public=True)
    with schema_context(commune.schema_name):
        Post.objects.filter(pk=held.pk).update(status=Post.Status.PENDING)
        Post.objects.filter(pk=over.pk).update(
            event_starts_at=timezone.now() - datetime.timedelta(days=1)
        )
    stranger = make_resident(other_commune, email="ailleurs@beta.example")
    _event(other_commune, stranger, "Fête d'une autre commune", in_days=1, is_public=True)

    member = client_for(commune, resident).get("/agenda/").content.decode()
    order = ["Pique-nique du square", "Conseil municipal", "Apéro des voisins"]
    positions = [member.index(title) for title in order]
    assert positions == sorted(positions)
    assert f'href="/fil/{public.pk}/"' in member and "Proposé par des voisins" in member
    for absent in ("Soirée jeux", "Vide-grenier fini", "autre commune"):
        assert absent not in member

    visitor = client_for(commune).get("/agenda/").content.decode()
    assert visitor.index("Pique-nique du square") < visitor.index("Conseil municipal")
    assert "Apéro des voisins" not in visitor and "autre commune" not in visitor

    # The other commune's agenda shows its own event and none of ours.
    theirs = client_for(other_commune, stranger).get("/agenda/").content.decode()
    assert "Fête d&#x27;une autre commune" in theirs or "Fête d'une autre commune" in theirs
    for ours in ("Pique-nique du square", "Apéro des voisins", "Conseil municipal"):
        assert ours not in theirs
