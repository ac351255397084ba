"""Post cards: the counters kept on Post, the card cache (never stale, never
shared between communes), and the search of hyphenated words."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from discussions import cards
from discussions.models import Category, Comment, Post
from discussions.selectors import _compound_lexemes_only, with_card_relations
from discussions.services import add_comment, report_content, toggle_reaction
from discussions.services.counters import recount_posts
from discussions.services.moderation import moderate_comment, moderate_post
from socle.french import ago
from voisinages.models import Quartier

pytestmark = pytest.mark.django_db

CARD = "discussions/_post_card.html"


def _counts(commune, post_id):
    """(stored counters, counted from the rows) of a post."""
    with schema_context(commune.schema_name):
        post = Post.objects.get(pk=post_id)
        truth = Post.objects.filter(pk=post_id).aggregate(
            comments=Count("comments", filter=Q(comments__status="visible"), distinct=True),
            thanks=Count("reactions", filter=Q(reactions__kind="merci"), distinct=True),
            interested=Count("reactions", filter=Q(reactions__kind="interesse"), distinct=True),
        )
    stored = (post.comment_count, post.thanks_count, post.interested_count)
    return stored, (truth["comments"], truth["thanks"], truth["interested"])


def _assert_counts(commune, post_id, expected):
    stored, truth = _counts(commune, post_id)
    assert stored == truth == expected


def test_counters_follow_comments_reactions_and_moderation(
    commune, resident, make_resident, ambassador, publish
):
    post = publish(resident, title="Qui a une perceuse ?")
    bob, chloe, dan = (make_resident(commune) for _ in range(3))
    with schema_context(commune.schema_name):
        first = add_comment(post=post, author=bob, body="Moi !")
        reply = add_comment(post=post, author=resident, body="Merci", parent=first)
        add_comment(post=post, author=chloe, body="Moi aussi")
        toggle_reaction(post=post, resident=bob, kind="merci")
        toggle_reaction(post=post, resident=chloe, kind="merci")
        toggle_reaction(post=post, resident=bob, kind="interesse")
    _assert_counts(commune, post.pk, (3, 2, 1))
    with schema_context(commune.schema_name):
        toggle_reaction(post=post, resident=chloe, kind="merci")  # taken back
        moderate_comment(comment=reply, action="hide", by=ambassador, reason="Hors sujet")
    _assert_counts(commune, post.pk, (2, 1, 1))
    with schema_context(commune.schema_name):
        # Hiding twice counts once; restoring brings it back.
        moderate_comment(
            comment=Comment.objects.get(pk=reply.pk), action="hide", by=ambassador, reason="x"
        )
        _assert_counts(commune, post.pk, (2, 1, 1))
        moderate_comment(comment=Comment.objects.get(pk=reply.pk), action="restore", by=ambassador)
        _assert_counts(commune, post.pk, (3, 1, 1))
        # Deleting a comment takes its replies with it.
        moderate_comment(
            comment=Comment.objects.get(pk=first.pk), action="delete", by=ambassador, reason="x"
        )
    _assert_counts(commune, post.pk, (1, 1, 1))
    # Reports past the threshold hide the last comment.
    with schema_context(commune.schema_name):
        last = Comment.objects.get(post=post)
        for reporter in (bob, dan, resident):
            report_content(reporter=reporter, reason="spam", comment=last)
        assert Comment.objects.get(pk=last.pk).status == Comment.Status.HIDDEN
    _assert_counts(commune, post.pk, (0, 1, 1))


def test_a_held_comment_is_not_counted(commune, resident, make_resident, publish):
    from discussions.models import WatchedWord

    post = publish(resident, title="Vends vélo")
    with schema_context(commune.schema_name):
        WatchedWord.objects.create(word="arnaque", action=WatchedWord.Action.HOLD)
        add_comment(post=post, author=make_resident(commune), body="C'est une arnaque")
    _assert_counts(commune, post.pk, (0, 0, 0))


def test_deleting_an_account_takes_its_reactions_off_the_counters(
    commune, resident, make_resident, publish
):
    from voisinages.services.data import delete_account

    post = publish(resident, title="Fête de la musique")
    leaving = make_resident(commune, password="un-mot-de-passe-solide")
    with schema_context(commune.schema_name):
        toggle_reaction(post=post, resident=leaving, kind="merci")
        toggle_reaction(post=post, resident=leaving, kind="interesse")
        add_comment(post=post, author=leaving, body="J'y serai")
    _assert_counts(commune, post.pk, (1, 1, 1))
    with schema_context(commune.schema_name):
        delete_account(resident=leaving, password="un-mot-de-passe-solide", confirmation=True)
    # The comment stays, signed "Former neighbour"; the reactions go.
    _assert_counts(commune, post.pk, (1, 0, 0))


def test_recount_repairs_drifted_counters(commune, resident, make_resident, publish):
    post = publish(resident, title="Atelier vélo")
    other = publish(resident, title="Autre")
    with schema_context(commune.schema_name):
        toggle_reaction(post=post, resident=make_resident(commune), kind="merci")
        Post.objects.filter(pk__in=[post.pk, other.pk]).update(
            comment_count=7, thanks_count=0, interested_count=3
        )
        assert recount_posts([post.pk]) == 1
        assert Post.objects.get(pk=other.pk).comment_count == 7  # not asked: untouched
    _assert_counts(commune, post.pk, (0, 1, 0))


def test_a_reaction_in_another_commune_does_not_count_here(
    commune, other_commune, resident, make_resident, publish, stranger_client
):
    post = publish(resident, title="Sujet local")
    response = stranger_client(commune).post(f"/fil/{post.pk}/reagir/", {"kind": "merci"})
    assert response.status_code in (302, 403, 404)
    _assert_counts(commune, post.pk, (0, 0, 0))


# --- The card cache ---------------------------------------------------------------


def _cards_rendered(response) -> int:
    return sum(1 for t in response.templates if t.name == CARD)


def _feed_part(response) -> str:
    html = response.content.decode()
    return html[html.index("data-live-feed") : html.index("</div>", html.index("data-live-feed"))]


def test_cached_cards_are_not_rendered_again(commune, resident, client_for, publish):
    for i in range(3):
        publish(resident, title=f"Annonce {i}")
    client = client_for(commune, resident)
    first = client.get("/fil/")
    assert _cards_rendered(first) >= 3
    second = client.get("/fil/")
    assert _cards_rendered(second) == 0
    assert _feed_part(second) == _feed_part(first)


def test_a_changed_post_is_never_served_stale(
    commune, resident, make_resident, ambassador, client_for, publish
):
    with schema_context(commune.schema_name):
        centre = Quartier.objects.create(name="Centre")
    author = make_resident(commune, first_name="Odile", quartier=centre)
    post = publish(author, kind="offre", title="Je prête une tondeuse", categories=["jardinage"],
                   tags=["outils"])  # fmt: skip
    client = client_for(commune, resident)

    def card():
        html = client.get("/fil/").content.decode()
        match = re.search(rf'<article[^>]*id="post-{post.pk}".*?</article>', html, re.S)
        return match.group(0) if match else None

    assert "Je prête une tondeuse" in card() and "Odile D." in card()
    # Every change below goes through the database only, as another service might
    # do it, without telling the cache anything.
    changes = [
        (lambda: Post.objects.filter(pk=post.pk).update(title="Tondeuse prêtée"),
         "Tondeuse prêtée"),
        (lambda: Post.objects.filter(pk=post.pk).update(is_pinned=True), "Épinglé"),
        (lambda: Post.objects.filter(pk=post.pk).update(on_behalf=True),
         "Transmis par la mairie"),
        (lambda: Post.objects.filter(pk=post.pk).update(on_behalf=False, kind="demande"),
         "Demande"),
        (lambda: author.__class__.objects.filter(pk=author.pk).update(first_name="Olga"),
         "Olga D."),
        (lambda: Quartier.objects.filter(pk=centre.pk).update(name="Vieux bourg"),
         "Vieux bourg"),
        (lambda: Category.objects.filter(slug="jardinage").update(name="Jardins"), "Jardins"),
        (lambda: Post.objects.get(pk=post.pk).tags.set(["tondeuse"]), "#tondeuse"),
        (lambda: add_comment(post=post, author=resident, body="Merci"), "💬 1"),
        (lambda: toggle_reaction(post=post, resident=resident, kind="merci"), "🙏 1"),
        (lambda: toggle_reaction(post=post, resident=resident, kind="interesse"), "👀 1"),
    ]  # fmt: skip
    for change, expected in changes:
        with schema_context(commune.schema_name):
            change()
        assert expected in card(), expected
    assert "#outils" not in card()
    with schema_context(commune.schema_name):
        moderate_post(post=Post.objects.get(pk=post.pk), action="hide", by=ambassador,
                      reason="Doublon")  # fmt: skip
    assert card() is None
    with schema_context(commune.schema_name):
        moderate_post(post=Post.objects.get(pk=post.pk), action="restore", by=ambassador)
    assert "Tondeuse prêtée" in card()


def test_the_time_since_moves_with_the_clock(commune, resident, client_for, publish):
    with time_machine.travel(timezone.now(), tick=False):
        publish(resident, title="Chat perdu rue des Lilas")
        client = client_for(commune, resident)
        assert "à l&#x27;instant" in client.get("/fil/").content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=50), tick=False):
        response = client.get("/fil/")
        assert _cards_rendered(response) == 0  # same card, from the cache
        assert "il y a 50\xa0minutes" in response.content.decode()


def test_an_expired_listing_says_so_on_my_posts(commune, resident, client_for, publish):
    post = publish(resident, kind="offre", title="Poussette à donner")
    client = client_for(commune, resident)
    assert "Expiré" not in client.get("/fil/mes-annonces/").content.decode()
    with schema_context(commune.schema_name):
        Post.objects.filter(pk=post.pk).update(expires_at=timezone.now() - timedelta(days=1))
    html = client.get("/fil/mes-annonces/").content.decode()
    assert "Poussette à donner" in html and "Expiré" in html


def test_cards_are_cached_per_commune(commune, other_commune, resident, client_for, publish):
    post = publish(resident, title="Réunion du conseil de quartier")
    client_for(commune, resident).get("/fil/")
    with schema_context(commune.schema_name):
        loaded = with_card_relations(list(Post.objects.filter(pk=post.pk)))[0]
        key = cards.card_key(loaded)
        assert "Réunion du conseil de quartier" in cache.get(key)
    with schema_context(other_commune.schema_name):
        # The same key from another commune's schema reads nothing.
        assert cache.get(key) is None
        assert cache.make_key(key).startswith(f"{other_commune.schema_name}:")


def test_another_commune_never_gets_a_card_from_this_one(
    commune, other_commune, resident, make_resident, client_for, publish
):
    here = publish(resident, title="Chez nous seulement")
    stranger = make_resident(other_commune, first_name="Camille", last_name="Durand")
    there = publish(stranger, in_commune=other_commune, title="Chez eux")
    # The same id and the same author's name in both communes.
    with schema_context(other_commune.schema_name):
        Post.objects.filter(pk=there.pk).update(id=here.pk, created_at=here.created_at)
    assert "Chez nous seulement" in client_for(commune, resident).get("/fil/").content.decode()
    html = client_for(other_commune, stranger).get("/fil/").content.decode()
    assert "Chez eux" in html and "Chez nous seulement" not in html


TEMPLATE_WORDS = {
    "if", "elif", "else", "endif", "for", "endfor", "in", "and", "or", "not", "load",
    "i18n", "l10n", "localize", "off", "endlocalize", "url", "translate", "blocktranslate",
    "count", "plural", "endblocktranslate", "comment", "endcomment",
}  # fmt: skip


def test_cards_key_covers_the_template():
    """Whatever the card template reads is part of the cache key: attributes of
    the post listed in CARD_ATTRIBUTES, and the context render_cards gives (the
    post's relations and kind, the feed's URL, the time marker), nothing else
    (no request, no user)."""
    from django.template.loader import get_template

    source = get_template(CARD).template.source
    read = set(re.findall(r"\bpost\.(\w+)", source))
    assert read <= cards.CARD_ATTRIBUTES, read - cards.CARD_ATTRIBUTES
    names = set()
    for tag in re.findall(r"{[{%](.*?)[%}]}", source):
        tag = re.sub(r"\"[^\"]*\"|'[^']*'", "", tag)
        names |= set(re.findall(r"(?<![\w.|:])([a-z_]\w*)", tag))
    context = {"post", "categories", "tags", "kind_label", "since", "feed_url"}
    loop_variables = {"c", "t", "seats"}
    assert names - TEMPLATE_WORDS <= context | loop_variables, names - TEMPLATE_WORDS
    assert Path(get_template(CARD).origin.name).exists()


def test_every_card_attribute_changes_the_key(commune, resident, publish):
    """Each attribute of CARD_ATTRIBUTES, changed alone, gives another key."""
    with schema_context(commune.schema_name):
        centre = Quartier.objects.create(name="Les Prés")
    post = publish(resident, kind="covoiturage", title="Paris mardi", ride_from="Gare",
                   ride_to="Paris", ride_seats=2, categories=["sport"], tags=["route"],
                   ride_departs_at=timezone.now() + timedelta(days=1))  # fmt: skip
    with schema_context(commune.schema_name):
        Post.objects.filter(pk=post.pk).update(quartier=centre)

        def fresh():
            return with_card_relations(list(Post.objects.select_related("author", "quartier")
                                             .filter(pk=post.pk)))[0]  # fmt: skip

        base = cards.card_key(fresh())
        later = timezone.now() + timedelta(days=2)
        changes = {
            "pk": lambda p: setattr(p, "pk", p.pk + 1000),
            "kind": lambda p: setattr(p, "kind", "offre"),
            "is_pinned": lambda p: setattr(p, "is_pinned", True),
            "on_behalf": lambda p: setattr(p, "on_behalf", True),
            "title": lambda p: setattr(p, "title", "Paris mercredi"),
            "author_label": lambda p: setattr(p.author, "first_name", "Zoé"),
            "created_at": lambda p: setattr(p, "created_at", later),
            "quartier": lambda p: setattr(p.quartier, "name", "Les Champs"),
            "event_starts_at": lambda p: setattr(p, "event_starts_at", later),
            "event_place": lambda p: setattr(p, "event_place", "Salle"),
            "ride_from": lambda p: setattr(p, "ride_from", "Mairie"),
            "ride_to": lambda p: setattr(p, "ride_to", "Lyon"),
            "ride_departs_at": lambda p: setattr(p, "ride_departs_at", later),
            "ride_seats": lambda p: setattr(p, "ride_seats", 3),
            "categories": lambda p: setattr(p.categories.all()[0], "name", "Sports"),
            "tags": lambda p: setattr(p.tags.all()[0], "name", "autoroute"),
            "comment_count": lambda p: setattr(p, "comment_count", 1),
            "thanks_count": lambda p: setattr(p, "thanks_count", 1),
            "interested_count": lambda p: setattr(p, "interested_count", 1),
            "is_expired": lambda p: setattr(p, "expires_at", timezone.now()),
            "photo": lambda p: setattr(p, "photo", "posts/autre.jpg"),
            "photo_thumbnail": lambda p: setattr(p, "photo_thumbnail", "posts/mini/autre.jpg"),
        }
        # icon (and the kind's label) follow from kind.
        assert set(changes) | {"icon"} == cards.CARD_ATTRIBUTES
        for name, change in changes.items():
            post_now = fresh()
            change(post_now)
            assert cards.card_key(post_now) != base, name


# --- Search ---------------------------------------------------------------------


def test_hyphenated_words_search_their_compound_lexeme():
    assert _compound_lexemes_only("'vide-greni' <-> 'vid' <-> 'greni'") == "'vide-greni'"
    assert (
        _compound_lexemes_only("'week-end' <-> 'week' <-> 'end' & 'paris'")
        == "'week-end' & 'paris'"
    )
    assert _compound_lexemes_only("!( 'vide-greni' <-> 'vid' <-> 'greni' )") == "!( 'vide-greni' )"
    # A phrase of separate words stays a phrase.
    assert _compound_lexemes_only("'fet' <2> 'voisin'") == "'fet' <2> 'voisin'"
    assert _compound_lexemes_only("'aujourd' <-> 'hui'") == "'aujourd' <-> 'hui'"


def test_search_of_a_hyphenated_word(commune, resident, client_for, publish):
    publish(resident, title="Grand vide-grenier dimanche")
    publish(resident, title="Je vide mon grenier")
    publish(resident, title="Vide-grenier annulé", body="Reporté au week-end prochain.")
    client = client_for(commune, resident)

    def titles(q):
        return client.get("/recherche/", {"q": q}).content.decode()

    html = titles("vide-grenier")
    assert "Grand vide-grenier dimanche" in html and "Vide-grenier annulé" in html
    assert "Je vide mon grenier" not in html
    html = titles('"Vide-Grenier" -week-end')
    assert "Grand vide-grenier dimanche" in html and "Vide-grenier annulé" not in html
    assert "Je vide mon grenier" in titles("grenier")


def test_each_comment_keeps_its_report_reasons(commune, resident, make_resident, client_for,
                                               publish):  # fmt: skip
    post = publish(resident, title="Perceuse à prêter", is_public=True)
    with schema_context(commune.schema_name):
        first = add_comment(post=post, author=make_resident(commune), body="Moi !")
        add_comment(post=post, author=resident, body="D'accord", parent=first)
    html = client_for(commune, resident).get(f"/fil/{post.pk}/").content.decode()
    # The post's report form and one per comment, each with the reasons.
    assert html.count('<select name="reason"') == 3
    assert html.count("Spam ou publicité") == 3
    assert 'name="reason"' not in client_for(commune).get(f"/fil/{post.pk}/").content.decode()


def test_loaded_relations_stay_those_of_the_post(commune, resident, publish):
    """What with_card_relations stores answers like a prefetch: iterating reads no
    query, and a further filter still keeps to the post's own categories and tags."""
    post = publish(resident, title="Cours de piano", categories=["musique"], tags=["piano"])
    publish(resident, title="Autre", categories=["sport", "musique"], tags=["piano", "foot"])
    with schema_context(commune.schema_name):
        loaded = with_card_relations(list(Post.objects.filter(pk=post.pk)))[0]
        with CaptureQueriesContext(connection) as queries:
            assert [c.slug for c in loaded.categories.all()] == ["musique"]
            assert [t.name for t in loaded.tags.all()] == ["piano"]
        assert len(queries) == 0
        assert list(loaded.categories.filter(is_active=True).values_list("slug", flat=True)) == [
            "musique"
        ]
        assert list(loaded.tags.all().exclude(name="x").values_list("name", flat=True)) == ["piano"]
        assert loaded.categories.count() == 1


@pytest.mark.parametrize("language", ["fr", "en"])
def test_time_since_is_the_shared_ago(language):
    """The card's cached minute text is what `ago` (socle/french.py) says: "à
    l'instant" under a minute, then Django's timesince."""
    from django.utils import translation
    from django.utils.html import conditional_escape

    now = timezone.now().replace(microsecond=250_000)
    deltas = [timedelta(seconds=s) for s in (0, 1, 59, 60, 61, 119, 3599, 3600, 3661)]
    deltas += [timedelta(minutes=m) for m in range(0, 27 * 24 * 60, 97)]
    deltas += [timedelta(days=d, seconds=-1) for d in (1, 7, 14, 27, 28)]
    deltas += [timedelta(days=d) for d in (27, 31, 45, 400)] + [timedelta(minutes=-5)]
    with translation.override(language), time_machine.travel(now, tick=False):
        for delta in deltas:
            created = now - delta
            assert cards.since(created) == conditional_escape(ago(created)), delta
