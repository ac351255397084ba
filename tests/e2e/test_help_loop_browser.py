"""The help loop in a real browser at 360 px (Playwright driving Debian's
Chromium, against daphne): A posts a demande; B opens it, contacts A in one tap
and offers help; A closes it naming B; both leave a review; B's profile shows
the review and "a aidé 1 voisin". C, of another commune, reaches none of it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django_tenants.utils import schema_context

from discussions.services import help as help_services
from discussions.services import publish_post
from tests.e2e.test_live_browser import chromium, in_thread
from tests.live.conftest import committed_resident, session_for
from tests.live.servers import redis_server, start_daphne, stop
from voisinages.models import Resident

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]
PHONE = {"width": 360, "height": 780}


@pytest.fixture(scope="module")
def people(alpha, beta, django_db_blocker):
    with django_db_blocker.unblock():
        anna = committed_resident(alpha, first_name="Anna", last_name="Roux")
        basile = committed_resident(alpha, first_name="Basile", last_name="Noir")
        carla = committed_resident(beta, first_name="Carla")
        return {
            "anna": session_for(alpha, anna),
            "basile": session_for(alpha, basile),
            "carla": session_for(beta, carla),
            "basile_id": basile.pk,
        }


@pytest.fixture(scope="module")
def server(alpha, people):
    from django.db import connection

    with redis_server() as (url, _redis):
        process, port = start_daphne(redis_url=url, db_name=connection.settings_dict["NAME"])
        try:
            yield f"http://{alpha.live_host}:{port}", port
        finally:
            stop(process)


@pytest.fixture(scope="module")
def browser(server):
    with chromium() as browser:
        yield browser


def _page(browser, base_url, session_key=None):
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    if session_key:
        context.add_cookies([{"name": "sessionid", "value": session_key, "url": base_url}])
    context.route(
        re.compile(r"^https?://(?!([a-z0-9-]+\.)?localhost[:/]|127\.0\.0\.1)"),
        lambda route: route.abort(),
    )
    return context.new_page()


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1


def test_a_request_from_posting_to_reputation(browser, server, people, beta):
    base, port = server
    a = _page(browser, base, people["anna"])
    a.goto(base + "/fil/nouveau/?type=demande")  # the kind first, then its form
    a.fill("input[name=title]", "Monter une armoire samedi")
    a.locator("main form button[type=submit]").last.click()
    a.wait_for_load_state()
    post_url = a.url
    assert re.search(r"/fil/\d+/$", post_url), post_url
    # B opens it: contact in one tap, then "Je peux aider".
    b = _page(browser, base, people["basile"])
    b.goto(post_url)
    _fits(b)
    b.get_by_role("link", name="Contacter Anna").click()
    assert "Monter une armoire samedi" in b.inner_text("main")
    b.fill("textarea[name=body]", "Bonjour, j'ai une visseuse.")
    b.get_by_role("button", name="Envoyer").click()
    b.wait_for_load_state()
    assert "/messages/" in b.url and "Monter une armoire samedi" in b.inner_text("main")
    b.goto(post_url)
    b.get_by_role("button", name="Je peux aider").click()
    b.wait_for_load_state()
    # A sees the offer, closes the request naming B, thanks B.
    a.goto(post_url)
    assert "Propositions d'aide" in a.inner_text("main")
    a.get_by_role("link", name="C'est réglé").click()
    _fits(a)
    a.get_by_label("Basile N.").check()
    a.get_by_role("button", name="Clore la demande").click()
    a.wait_for_load_state()
    assert "/avis/fil/" in a.url
    a.locator("input[name=rating][value='5']").check()
    a.fill("textarea[name=comment]", "Super efficace, merci Basile !")
    a.get_by_role("button", name="Merci Basile").click()
    a.wait_for_load_state()
    assert "Votre avis est publié" in a.inner_text("main")
    # B thanks A back.
    b.goto(post_url)
    b.get_by_role("link", name="Remercier et laisser un avis").click()
    b.get_by_role("button", name="Merci Anna").click()
    b.wait_for_load_state()
    # B's profile: the review and "a aidé 1 voisin"; the request left the feed.
    b.goto(f"{base}/voisins/{people['basile_id']}/")
    _fits(b)
    text = b.inner_text("main")
    assert "a aidé 1 voisin" in text and "Super efficace, merci Basile !" in text
    b.goto(base + "/fil/")
    assert "Monter une armoire samedi" not in b.inner_text("main")
    # C, of another commune, reaches none of it.
    c_base = f"http://{beta.live_host}:{port}"
    c = _page(browser, c_base, people["carla"])
    path = post_url.split(str(port), 1)[1]
    for url in (path, path.replace("/fil/", "/avis/fil/"), path + "regler/"):
        response = c.goto(c_base + url)
        assert response.status in (403, 404) or "/accounts/login/" in c.url, url
        assert "Monter une armoire samedi" not in c.content()


AXE = Path(settings.BASE_DIR) / "reseau" / "static" / "vendor" / "axe-core" / "axe.min.js"


def test_help_loop_pages_pass_axe_and_work_without_script(
    browser, server, people, alpha, django_db_blocker
):
    base, _port = server
    with django_db_blocker.unblock():
        post_id = in_thread(lambda: _settled_request(alpha))
    pages = [
        ("anna", f"/fil/{post_id}/"),
        ("basile", f"/fil/{post_id}/"),
        ("basile", f"/messages/contacter/fil/{post_id}/"),
        ("anna", f"/voisins/{people['basile_id']}/"),
    ]
    for who, path in pages:
        context = browser.new_context(locale="fr-FR", viewport=PHONE)
        context.add_cookies([{"name": "sessionid", "value": people[who], "url": base}])
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        assert page.goto(base + path).status == 200, path
        _fits(page)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [
            f"{v['id']}: {v['help']}"
            for v in result["violations"]
            if v["impact"] in ("critical", "serious")
        ]
        assert serious == [], (path, serious)
        context.close()
    # Without JavaScript: the contact form sends.
    context = browser.new_context(locale="fr-FR", viewport=PHONE, java_script_enabled=False)
    context.add_cookies([{"name": "sessionid", "value": people["basile"], "url": base}])
    page = context.new_page()
    page.goto(f"{base}/messages/contacter/fil/{post_id}/")
    page.fill("textarea[name=body]", "Sans JavaScript")
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_load_state()
    assert "/messages/" in page.url and "Sans JavaScript" in page.inner_text("main")
    context.close()


def _settled_request(alpha):
    """A request by Anna, open, with an offer of Basile."""
    with schema_context(alpha.schema_name):
        anna = Resident.objects.get(first_name="Anna")
        basile = Resident.objects.get(first_name="Basile")
        post = publish_post(author=anna, kind="demande", title="Arroser mes plantes", body="")
        help_services.offer_help(post=post, helper=basile, message="Je suis voisin.")
        return post.pk
