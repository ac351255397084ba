"""The help loop on the ambassadors' dashboard (share helped within 7 days,
median time to a first answer, small counts hidden) and the list of requests
without an answer for 48 hours, for voisins solidaires and ambassadors."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from discussions.dashboard import help_loop_months
from discussions.models import Comment, HelpOffer, Post
from voisinages import roles

pytestmark = pytest.mark.django_db

JANUARY, FEBRUARY = date(2026, 1, 1), date(2026, 2, 1)


def _moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _request(author, *, at, title="Besoin d'aide"):
    return Post.objects.create(author=author, kind=Post.Kind.DEMANDE, title=title, created_at=at)


def _figures():
    return help_loop_months(
        starts=[JANUARY, FEBRUARY],
        labels=["01/26", "02/26"],
        since=_moment(JANUARY, 0),
        until=_moment(date(2026, 3, 1), 0),
        small=5,
    )


@pytest.fixture
def help_history(commune, make_resident):
    alice = make_resident(commune, first_name="Alice")
    bruno = make_resident(commune, first_name="Bruno")
    start = _moment(date(2026, 1, 10))
    with schema_context(commune.schema_name):
        # January: six requests, five answered (2, 4, 6, 8, 10 hours), one helped in 7 days.
        first = _request(alice, at=start)
        HelpOffer.objects.create(post=first, helper=bruno, created_at=start + timedelta(hours=2))
        second = _request(alice, at=start)
        Comment.objects.create(post=second, author=bruno, body="Je passe", created_at=start
                               + timedelta(hours=4))  # fmt: skip
        third = _request(alice, at=start)
        HelpOffer.objects.create(post=third, helper=bruno, created_at=start + timedelta(hours=6))
        fourth = _request(alice, at=start)
        # The author's own comment is no answer.
        Comment.objects.create(post=fourth, author=alice, body="Précision",
                               created_at=start + timedelta(hours=1))  # fmt: skip
        Comment.objects.create(post=fourth, author=bruno, body="Moi",
                               created_at=start + timedelta(hours=8))  # fmt: skip
        _request(alice, at=start)
        sixth = _request(alice, at=start)
        HelpOffer.objects.create(post=sixth, helper=bruno, created_at=start + timedelta(hours=10))
        Post.objects.filter(pk=first.pk).update(
            closed_at=start + timedelta(days=3), closed_outcome="helped"
        )
        Post.objects.filter(pk=second.pk).update(
            closed_at=start + timedelta(days=10), closed_outcome="helped"
        )
        Post.objects.filter(pk=third.pk).update(
            closed_at=start + timedelta(days=1), closed_outcome="nobody"
        )
        # February: four requests, all answered and helped: too few to show.
        for _n in range(4):
            post = _request(alice, at=_moment(date(2026, 2, 3)))
            HelpOffer.objects.create(post=post, helper=bruno, created_at=post.created_at
                                     + timedelta(hours=1))  # fmt: skip
            Post.objects.filter(pk=post.pk).update(
                closed_at=post.created_at + timedelta(days=1), closed_outcome="helped"
            )
    return alice, bruno


def test_the_share_helped_and_the_median_first_answer_per_month(
    commune, other_commune, help_history
):
    with schema_context(commune.schema_name):
        january, february = _figures()
    assert (january.requests, january.helped_share, january.median_first_answer_hours) == (
        6, 17, 6.0,
    )  # fmt: skip
    # Under five requests, the figures are hidden.
    assert (february.requests, february.helped_share, february.median_first_answer_hours) == (
        4, None, None,
    )  # fmt: skip
    # Another commune's dashboard counts none of it.
    with schema_context(other_commune.schema_name):
        assert [m.requests for m in _figures()] == [0, 0]


def test_the_dashboard_page_and_csv_show_the_help_loop(
    commune, other_commune, ambassador, resident, make_resident, client_for, stranger_client
):
    with schema_context(commune.schema_name):
        for n in range(5):
            post = _request(resident, at=timezone.now() - timedelta(minutes=n + 1))
            HelpOffer.objects.create(post=post, helper=ambassador)
    gestion = client_for(commune, ambassador)
    page = gestion.get("/gestion/tableau-de-bord/").content.decode()
    assert "data-help-loop" in page and "Demandes sans réponse depuis 48 h" in page
    assert "Aidées en 7 jours" in page
    csv_text = gestion.get("/gestion/tableau-de-bord/export.csv").content.decode()
    assert "Première réponse (médiane, heures)" in csv_text
    assert client_for(commune, resident).get("/gestion/tableau-de-bord/").status_code == 403
    assert stranger_client(commune).get("/gestion/tableau-de-bord/").status_code in (302, 403)


@pytest.fixture
def waiting(commune, make_resident):
    alice = make_resident(commune, first_name="Alice")
    bruno = make_resident(commune, first_name="Bruno")
    old = timezone.now() - timedelta(hours=50)
    with schema_context(commune.schema_name):
        waiting = _request(alice, at=old, title="Porter des courses")
        answered = _request(alice, at=old, title="Arroser les plantes")
        HelpOffer.objects.create(post=answered, helper=bruno)
        _request(alice, at=timezone.now() - timedelta(hours=5), title="Trop récente")
        closed = _request(alice, at=old, title="Déjà réglée")
        Post.objects.filter(pk=closed.pk).update(closed_at=timezone.now(), closed_outcome="nobody")
    return waiting


def test_voisins_solidaires_see_requests_without_an_answer_and_offer_help(
    commune, make_resident, client_for, waiting
):
    solidaire = make_resident(
        commune, first_name="Sol", is_voisin_solidaire=True, roles=(roles.VOISIN_SOLIDAIRE,)
    )
    client = client_for(commune, solidaire)
    page = client.get("/fil/sans-reponse/").content.decode()
    assert "Porter des courses" in page
    for absent in ("Arroser les plantes", "Trop récente", "Déjà réglée"):
        assert absent not in page
    assert f'action="/fil/{waiting.pk}/aider/"' in page
    assert f'href="/messages/contacter/fil/{waiting.pk}/"' in page
    assert client.post(f"/fil/{waiting.pk}/aider/").status_code == 302
    assert "Porter des courses" not in client.get("/fil/sans-reponse/").content.decode()
    # The neighbours' directory links to it for voisins solidaires.
    assert 'href="/fil/sans-reponse/"' in client.get("/voisins/").content.decode()


def test_unanswered_requests_are_refused_to_others(
    commune, other_commune, resident, ambassador, make_resident, client_for, waiting
):
    assert "Porter des courses" in client_for(commune, ambassador).get(
        "/fil/sans-reponse/"
    ).content.decode()  # fmt: skip
    assert client_for(commune, resident).get("/fil/sans-reponse/").status_code == 403
    assert 'href="/fil/sans-reponse/"' not in client_for(commune, resident).get(
        "/voisins/"
    ).content.decode()  # fmt: skip
    assert client_for(commune).get("/fil/sans-reponse/").status_code == 302
    # A voisin solidaire of another commune, on this commune's host: not a member here.
    outsider = make_resident(other_commune, roles=(roles.VOISIN_SOLIDAIRE,))
    client = client_for(other_commune, outsider)
    client.defaults["HTTP_HOST"] = client_for(commune).defaults["HTTP_HOST"]
    response = client.get("/fil/sans-reponse/")
    assert response.status_code in (302, 403)
    assert "Porter des courses" not in response.content.decode()
    with schema_context(other_commune.schema_name):
        assert not Post.objects.filter(title="Porter des courses").exists()
