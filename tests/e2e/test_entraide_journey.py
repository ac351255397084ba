"""Issue #19's proof, in a real browser at 360 px (Playwright driving Debian's
Chromium, against daphne): a guest without an account offers help in a commune
not open yet and confirms it from the email; platform staff approve it on the
board; a visitor finds it on /entraide/ through the map, under its department,
and answers through the relay, which reaches the guest by email; platform staff
open the commune; the post is in the new commune's feed and the guest got an
invitation. The emails leave through the real jobs (tests/job_runner.py)."""

import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from discussions.models import Post
from tenants.models import Commune, GuestPost, InterestSignup, OnboardingRequest
from tests.e2e.test_help_loop_browser import _fits, _page
from tests.e2e.test_live_browser import chromium, in_thread
from tests.job_runner import run_jobs
from tests.live.conftest import committed_resident, session_for
from tests.live.servers import redis_server, start_daphne, stop
from voisinages.models import Resident

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]
ARTIFACTS = Path(__file__).parent / "artifacts"
SAINT_MALO = "35288"  # in the official list, not open
GUEST = "josette.journey@exemple.fr"
VISITOR = "voisin.journey@exemple.fr"


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    with redis_server() as (url, _redis):
        process, port = start_daphne(redis_url=url, db_name=connection.settings_dict["NAME"])
        try:
            yield port
        finally:
            stop(process)


@pytest.fixture(scope="module")
def browser(server, staff_session):
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def staff_session(django_db_blocker):
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        staff = Resident.objects.create_user(
            email="equipe.journey@reseau.example",
            password="mot-de-passe-equipe",
            first_name="Équipe",
            last_name="Réseau",
            is_staff=True,
        )
        yield session_for(SimpleNamespace(schema_name="public"), staff)
        connection.set_schema_to_public()
        # Not .delete(): its cascade would look for the communes' tables here.
        Resident.objects.filter(pk=staff.pk)._raw_delete(connection.alias)


@pytest.fixture
def cleanup():
    yield
    in_thread(_cleanup)


def _cleanup():
    connection.set_schema_to_public()
    for commune in Commune.objects.filter(insee_code=SAINT_MALO):
        commune.domains.all().delete()
        commune.delete(force_drop=True)
    GuestPost.objects.filter(french_commune_id=SAINT_MALO).delete()
    InterestSignup.objects.filter(french_commune_id=SAINT_MALO).delete()
    OnboardingRequest.objects.filter(french_commune_id=SAINT_MALO).delete()


def _mail_to(address, containing):
    found = [m for m in mail.outbox if m.to == [address] and containing in m.body]
    assert found, [(m.to, m.subject) for m in mail.outbox]
    return found[-1]


def _link(message, path, port):
    """The link of `message` whose path starts with `path`, on the test server's port."""
    url = re.search(r"https?://\S*" + re.escape(path) + r"\S*", message.body).group(0)
    parts = urlsplit(url)
    return f"http://{parts.hostname}:{port}{parts.path}"


def _jobs():
    in_thread(run_jobs)


def test_a_guest_offer_from_the_board_to_the_new_communes_feed(
    browser, server, staff_session, cleanup
):
    platform = f"http://localhost:{server}"
    mail.outbox.clear()

    # A guest offers help in Saint-Malo, not open yet: no account.
    guest = _page(browser, platform)
    guest.goto(platform + "/entraide/proposer/")
    _fits(guest)
    guest.fill("input[name=first_name]", "Josette")
    guest.fill("input[name=insee_code]", SAINT_MALO)
    guest.fill("input[name=email]", GUEST)
    guest.select_option("select[name=kind]", "offre")
    guest.fill("input[name=categories]", "courses, promenade d'animaux")
    guest.fill("input[name=title]", "Je promène votre chien le soir")
    guest.fill("textarea[name=body]", "Près des remparts, tous les soirs.")
    guest.locator("main form button[type=submit]").click()
    guest.wait_for_load_state()
    assert guest.url.rstrip("/").endswith("/entraide")

    # The email confirms it; it waits on Saint-Malo's board for platform staff.
    _jobs()
    links = _mail_to(GUEST, "/entraide/confirmer/")
    guest.goto(_link(links, "/entraide/confirmer/", server))
    assert "approbation" in guest.inner_text("main")
    board_post = in_thread(lambda: GuestPost.objects.get(email=GUEST))
    staff = _page(browser, platform, staff_session)
    staff.goto(platform + "/plateforme/entraide/")
    assert "Je promène votre chien le soir" in staff.inner_text("main")
    staff.locator(
        f"form[action='/plateforme/entraide/{board_post.pk}/'] button[value=approve]"
    ).click()
    staff.wait_for_load_state()

    # A visitor finds it on the map, under Ille-et-Vilaine (35), and answers.
    visitor = _page(browser, platform)
    visitor.goto(platform + "/entraide/")
    visitor.locator("#entraide-map svg").wait_for()
    visitor.locator("#entraide-map").screenshot(path=str(ARTIFACTS / "entraide-map.png"))
    _fits(visitor)
    visitor.locator("#entraide-map a[href='/entraide/departement/35/']").click()
    visitor.wait_for_url("**/entraide/departement/35/")
    assert "Ille-et-Vilaine (35)" in visitor.inner_text("h1")
    visitor.get_by_role("link", name="Je promène votre chien le soir").click()
    visitor.wait_for_load_state()
    _fits(visitor)
    page_text = visitor.inner_text("main")
    assert "Josette" in page_text and GUEST not in page_text
    visitor.fill("input[name=email]", VISITOR)
    visitor.fill("textarea[name=message]", "Bonjour, mon chien Rex serait ravi.")
    visitor.locator("main form button[type=submit]").first.click()
    visitor.wait_for_load_state()
    _jobs()
    visitor.goto(_link(_mail_to(VISITOR, "/entraide/reponses/"), "/entraide/reponses/", server))
    assert "transmis" in visitor.inner_text("main")
    _jobs()
    relayed = _mail_to(GUEST, "Rex serait ravi")
    assert relayed.reply_to == [VISITOR] and VISITOR not in relayed.to

    # Platform staff open Saint-Malo: the board's post moves into its feed.
    request = in_thread(
        lambda: OnboardingRequest.objects.create(
            french_commune_id=SAINT_MALO,
            contact_name="Claire Martin",
            contact_email="c.martin@mairie.example",
            role="maire",
            status=OnboardingRequest.Status.PENDING,
            confirmed_at=timezone.now(),
        )
    )
    staff.goto(platform + f"/plateforme/demandes/{request.pk}/")
    staff.locator("button[value=approve]").click()
    staff.wait_for_load_state()
    _jobs()
    invitation = _mail_to(GUEST, "/accounts/signup/")
    assert "Saint-Malo" in invitation.subject

    def opened():
        connection.set_schema_to_public()
        commune = Commune.objects.get(insee_code=SAINT_MALO)
        moved = GuestPost.objects.get(pk=board_post.pk)
        assert moved.status == GuestPost.Status.IN_COMMUNE
        with schema_context(commune.schema_name):
            post = Post.objects.get(pk=moved.post_id)
            assert post.is_guest and post.status == Post.Status.PUBLISHED
        return commune, post, session_for(commune, committed_resident(commune, first_name="Yann"))

    commune, post, neighbour = in_thread(opened)
    feed = _page(browser, f"http://{commune.slug}.localhost:{server}", neighbour)
    feed.goto(_link(invitation, f"/fil/{post.pk}/", server))
    _fits(feed)
    text = feed.inner_text("main")
    assert "Je promène votre chien le soir" in text and "Josette (sans compte)" in text
    assert GUEST not in feed.content()
