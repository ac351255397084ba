"""End to end in a real browser (Playwright driving Debian's Chromium): two
residents of one commune in two browser contexts, against a real daphne with
the Redis channel layer. Screenshots go to tests/e2e/artifacts/."""

import concurrent.futures
import contextlib
import re
from pathlib import Path

import pytest
from django.db import connection, connections
from django_tenants.utils import schema_context

from socle.registry import notification_kind
from tests.live.conftest import committed_resident, session_for
from tests.live.servers import redis_server, start_daphne, stop
from voisinages.notifications import notify

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

notification_kind("tests.e2e.reply", "Réponse", default="app")


def in_thread(work):
    """Database work off the browser's thread (Playwright's sync API keeps an
    event loop running in this one)."""

    def run():
        try:
            return work()
        finally:
            connections.close_all()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


@contextlib.contextmanager
def chromium():
    """Debian's Chromium driven by Playwright, closed afterwards."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make e2e-deps` (never `playwright install`).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def live_server_url(alpha):
    db_name = connection.settings_dict["NAME"]
    with redis_server() as (url, _redis):
        server, port = start_daphne(redis_url=url, db_name=db_name)
        try:
            yield f"http://{alpha.live_host}:{port}", url
        finally:
            stop(server)


def open_as(browser, base_url, host, session_key, path="/fil/"):
    context = browser.new_context(locale="fr-FR")
    context.add_cookies([{"name": "sessionid", "value": session_key, "url": base_url}])
    page = context.new_page()
    page.goto(base_url + path)
    # Functions, not expression strings: Playwright evaluates a string predicate
    # with eval(), which the pages' Content-Security-Policy refuses.
    page.wait_for_function(
        "() => document.documentElement.dataset.live === 'connected'", timeout=20000
    )
    page.evaluate("window.__notReloaded = true")
    return context, page


@pytest.fixture
def neighbours(alpha):
    """Anna, and Bruno a voisin solidaire good at DIY, with a session each (made
    before the browser starts)."""
    from voisinages.models import Resident

    anna = committed_resident(alpha, first_name="Anna")
    bruno = committed_resident(alpha, first_name="Bruno")
    with schema_context(alpha.schema_name):
        Resident.objects.filter(pk=bruno.pk).update(is_voisin_solidaire=True)
        Resident.objects.get(pk=bruno.pk).skills.add("bricolage")
    return anna, bruno, session_for(alpha, anna), session_for(alpha, bruno)


def test_a_demande_appears_live_for_a_neighbour_with_the_badge(
    alpha, neighbours, live_server_url, settings, browser
):
    """Anna publishes a demande through the real form; Bruno, on /fil/, sees
    "1 nouveau message — afficher", the post once he clicks, a toast and his
    badge change, without reloading."""
    base_url, _redis_url = live_server_url
    anna, bruno, key_anna, key_bruno = neighbours
    ARTIFACTS.mkdir(exist_ok=True)
    # Anna logs in through the real login form; Bruno's session is already open.
    anna_context = browser.new_context(locale="fr-FR")
    anna_page = anna_context.new_page()
    anna_page.goto(base_url + "/accounts/login/?next=/fil/nouveau/")
    anna_page.fill("input[name=username]", anna.email)
    anna_page.fill("input[name=password]", "un-mot-de-passe-solide")
    anna_page.locator("#contenu form button[type=submit]").click()
    anna_page.wait_for_url("**/fil/nouveau/")
    bruno_context, bruno_page = open_as(browser, base_url, alpha.live_host, key_bruno)
    try:
        badge = bruno_page.locator("[data-live-unread]").first
        before = int(badge.inner_text() or 0)

        anna_page.goto(base_url + "/fil/nouveau/?type=demande")  # the kind first, then its form
        anna_page.fill("input[name=title]", "Besoin d'une perceuse samedi")
        anna_page.fill("textarea[name=body]", "Pour fixer des étagères, je la rends le soir même.")
        anna_page.fill("input[name=tags]", "bricolage")
        anna_page.screenshot(path=str(ARTIFACTS / "demande-form-anna.png"))
        anna_page.locator("form button[type=submit]", has_text="Publier").click()
        anna_page.wait_for_load_state()
        anna_page.screenshot(path=str(ARTIFACTS / "demande-published-anna.png"))
        anna_page.wait_for_url(re.compile(r"/fil/\d+/$"), timeout=15000)

        banner = bruno_page.locator(".live-banner")
        banner.wait_for(timeout=15000)
        assert "1 nouveau message — afficher" in banner.inner_text()
        bruno_page.locator(".live-toast", has_text="perceuse").wait_for(timeout=15000)
        assert int(badge.inner_text()) == before + 1
        bruno_page.screenshot(path=str(ARTIFACTS / "demande-banner-bruno.png"))
        banner.locator("button").click()
        bruno_page.locator("[data-live-feed]", has_text="Besoin d'une perceuse samedi").wait_for(
            timeout=15000
        )
        assert bruno_page.evaluate("window.__notReloaded") is True
        bruno_page.screenshot(path=str(ARTIFACTS / "demande-shown-bruno.png"))
    finally:
        anna_context.close()
        bruno_context.close()


def test_a_neighbour_sees_the_notification_arrive_and_catches_up_after_a_cut(
    alpha, neighbours, live_server_url, settings, browser
):
    base_url, redis_url = live_server_url
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": redis_url, "socket_timeout": None}]},
        }
    }
    anna, bruno, key_anna, key_bruno = neighbours
    ARTIFACTS.mkdir(exist_ok=True)

    def reply(title):
        def work():
            with schema_context(alpha.schema_name):
                notify(
                    recipients=[bruno], actor=anna, kind="tests.e2e.reply", title=title, url="/fil/"
                )

        in_thread(work)

    anna_context, anna_page = open_as(browser, base_url, alpha.live_host, key_anna)
    bruno_context, bruno_page = open_as(browser, base_url, alpha.live_host, key_bruno)
    try:
        # The unread badge of the header (voisinages' account area).
        before = bruno_page.locator("[data-live-unread]").first.inner_text()

        reply("Anna a répondu à votre demande")
        toast = bruno_page.locator(".live-toast", has_text="Anna a répondu à votre demande")
        toast.wait_for(timeout=10000)
        badge = bruno_page.locator("[data-live-unread]").first
        assert badge.inner_text() == str(int(before or 0) + 1)
        assert bruno_page.evaluate("window.__notReloaded") is True
        bruno_page.screenshot(path=str(ARTIFACTS / "live-notification-bruno.png"))
        # Anna, the actor, got nothing.
        assert anna_page.locator(".live-toast").count() == 0
        anna_page.screenshot(path=str(ARTIFACTS / "live-notification-anna.png"))

        # The connection drops; what happens meanwhile comes back from the inbox.
        bruno_page.evaluate("window.reseauLive.close()")
        reply("Pendant la coupure")
        bruno_page.locator(".live-toast", has_text="Pendant la coupure").wait_for(timeout=20000)
        bruno_page.wait_for_function("() => window.reseauLive.state().connected", timeout=20000)
        assert bruno_page.evaluate("window.__notReloaded") is True
        assert badge.inner_text() == str(int(before or 0) + 2)  # the inbox unread count
        bruno_page.screenshot(path=str(ARTIFACTS / "live-after-reconnect-bruno.png"))
    finally:
        anna_context.close()
        bruno_context.close()
