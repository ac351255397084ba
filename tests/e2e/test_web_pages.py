"""The pages in a real browser (Playwright driving Debian's Chromium) against a
real daphne: no Content-Security-Policy violation on the main pages, a
quartier's name is never interpreted as HTML by a map script, and the error
pages read well at 360 px, without JavaScript and under axe-core."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django_tenants.utils import schema_context

from tests.e2e.test_live_browser import chromium, in_thread
from tests.live.conftest import committed_resident, session_for
from tests.live.servers import redis_server, start_daphne, stop

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]

HOSTILE = "<img src=x onerror=alert(1)>"
AXE = Path(settings.BASE_DIR) / "reseau" / "static" / "vendor" / "axe-core" / "axe.min.js"
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def world(alpha, django_db_blocker):
    with django_db_blocker.unblock():
        return _world(alpha)


def _world(alpha):
    """A resident, an ambassador, a quartier with a hostile name (outline and
    centre), a garden on the map and an object."""
    from jardins.models import Garden
    from objets.models import Category
    from objets.services.items import create_item
    from voisinages.models import Quartier, Resident

    resident = committed_resident(alpha, first_name="Anna")
    ambassador = committed_resident(alpha, first_name="Ambre", roles=("ambassador",))
    pending = committed_resident(alpha, first_name="Paul")
    with schema_context(alpha.schema_name):
        Resident.objects.filter(pk=pending.pk).update(is_verified=False, email_confirmed=False)
        square = [[2.23, 48.88], [2.24, 48.88], [2.24, 48.89], [2.23, 48.89], [2.23, 48.88]]
        quartier = Quartier.objects.create(
            name=HOSTILE,
            latitude=48.885,
            longitude=2.235,
            outline={"type": "Polygon", "coordinates": [square]},
        )
        Resident.objects.filter(pk=resident.pk).update(quartier=quartier)
        Garden.objects.create(
            name="Jardin des Lilas", address="2 rue des Lilas", latitude=48.88, longitude=2.23
        )
        item = create_item(actor=resident, title="Perceuse", category=Category.objects.first())
    with schema_context(alpha.schema_name):
        from cms.models import HomePage

        home = HomePage.objects.get().pk
    return {
        "home": home,
        "resident": session_for(alpha, resident),
        "ambassador": session_for(alpha, ambassador),
        "pending": session_for(alpha, pending),
        "quartier": quartier.pk,
        "item": item.pk,
    }


@pytest.fixture(scope="module")
def server(alpha, world):
    from django.db import connection

    with redis_server() as (url, _redis):
        process, port = start_daphne(redis_url=url, db_name=connection.settings_dict["NAME"])
        try:
            yield f"http://{alpha.live_host}:{port}"
        finally:
            stop(process)


@pytest.fixture(scope="module")
def browser(server):
    """After the server (and its data): Playwright's sync API keeps an event
    loop running in this thread, where the ORM then refuses to run."""
    with chromium() as browser:
        yield browser


def _context(browser, base_url, session_key=None, **options):
    context = browser.new_context(locale="fr-FR", **options)
    if session_key:
        context.add_cookies([{"name": "sessionid", "value": session_key, "url": base_url}])
    # Nothing leaves the machine (tile servers included): refused, not a CSP matter.
    context.route(
        re.compile(r"^https?://(?!([a-z0-9-]+\.)?localhost[:/]|127\.0\.0\.1)"),
        lambda route: route.abort(),
    )
    context.add_init_script(WATCH)
    if options.get("java_script_enabled", True):
        context.add_init_script(path=str(AXE))
    return context


def _visit(context, url, until="networkidle"):
    """A new page at `url`, once the network has been idle for half a second
    (until="load": once the page and its scripts are loaded, for a sweep of
    many pages that only reads what the server sent)."""
    page = context.new_page()
    dialogs, console = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: console.append(message.text))
    response = page.goto(url, wait_until="load")
    if until != "load":
        page.wait_for_load_state(until)
    return page, response, dialogs, console


def _no_violation(page, console):
    assert page.evaluate("window.__csp") == []
    assert not [line for line in console if "Content Security Policy" in line], console


def test_main_pages_have_a_policy_and_no_violation(browser, server, world):
    pages = {
        None: ["/accounts/login/"],
        "resident": ["/fil/", f"/objets/{world['item']}/", "/jardins/", "/voisins/carte/"],
        "ambassador": [f"/gestion/quartiers/{world['quartier']}/"],
    }
    for who, paths in pages.items():
        context = _context(browser, server, world[who] if who else None)
        try:
            for path in paths:
                page, response, dialogs, console = _visit(context, server + path)
                assert response.status == 200, path
                policy = response.headers["content-security-policy"]
                assert (
                    "default-src 'self'" in policy
                    and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
                )
                _no_violation(page, console)
                assert dialogs == []
                page.close()
        finally:
            context.close()


def test_a_hostile_quartier_name_is_shown_as_text_on_the_maps(browser, server, world):
    for who, path in (
        ("ambassador", "/gestion/"),
        ("resident", "/voisins/carte/"),
    ):
        context = _context(browser, server, world[who])
        try:
            page, _response, dialogs, console = _visit(context, server + path)
            shape = page.locator(".leaflet-overlay-pane path.leaflet-interactive").last
            shape.wait_for(timeout=15000)
            shape.dispatch_event("mouseover")
            tooltip = page.locator(".leaflet-tooltip").first
            tooltip.wait_for(timeout=10000)
            assert tooltip.inner_text() == HOSTILE
            assert page.locator(".leaflet-tooltip img").count() == 0
            assert page.locator("img[src='x']").count() == 0
            assert dialogs == []
            _no_violation(page, console)
        finally:
            context.close()


def _axe(page):
    # axe-core comes in as an init script (see _context): an inline <script>
    # would be refused by the very policy under test.
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']}"
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]


def test_error_pages_read_well_on_a_phone_without_script_and_under_axe(browser, server, world):
    cases = [
        (None, "/nulle-part/", 404, "Page introuvable"),
        ("resident", "/gestion/membres/", 403, "Accès refusé"),
        ("pending", "/fil/nouveau/", 403, "Confirmez d'abord votre adresse e-mail"),
    ]
    for javascript in (True, False):
        for who, path, status, heading in cases:
            context = _context(
                browser,
                server,
                world[who] if who else None,
                viewport={"width": 360, "height": 740},
                java_script_enabled=javascript,
            )
            try:
                page, response, _dialogs, console = _visit(context, server + path)
                assert response.status == status, path
                assert heading in page.inner_text("main")
                # Nothing wider than the phone's screen.
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 360, (path, width)
                if javascript:
                    _no_violation(page, console)
                    assert _axe(page) == [], path
                page.screenshot(
                    path=str(
                        Path(__file__).parent
                        / "artifacts"
                        / f"error-{status}-{who}-{javascript}.png"
                    )
                )
            finally:
                context.close()


def test_the_wagtail_admin_page_editor_still_renders_and_saves(browser, server, world, alpha):
    """/cms/ has its own allowances (Wagtail writes inline scripts and styles):
    the editor renders with no violation and a draft saves."""
    from wagtail.models import Page

    context = _context(browser, server, world["ambassador"])
    try:
        page, response, dialogs, console = _visit(
            context, f"{server}/cms/pages/{world['home']}/edit/"
        )
        assert response.status == 200
        assert "script-src" in response.headers["content-security-policy"]
        _no_violation(page, console)
        title = page.locator("input[name=title]")
        title.fill("Accueil de la commune (brouillon)")
        page.locator(
            "button[name=action-save], button:has-text('Enregistrer le brouillon')"
        ).first.click()
        page.wait_for_load_state("networkidle")
        _no_violation(page, console)
        assert dialogs == []

        def latest_title():
            with schema_context(alpha.schema_name):
                return Page.objects.get(pk=world["home"]).get_latest_revision_as_object().title

        assert in_thread(latest_title) == "Accueil de la commune (brouillon)"
    finally:
        context.close()
