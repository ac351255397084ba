"""#17 (B) in a real browser: the services directory, one's own services and a
ride's seats read well at 360 px, work without JavaScript and pass axe-core."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.e2e.test_live_browser import chromium
from tests.e2e.test_web_pages import _axe, _context, _no_violation, _visit
from tests.live.conftest import committed_resident, session_for
from tests.live.servers import redis_server, start_daphne, stop

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def world(alpha, django_db_blocker):
    from discussions.models import Category
    from discussions.services import add_offered_service, publish_post

    with django_db_blocker.unblock():
        helper = committed_resident(alpha, first_name="Hélène")
        driver = committed_resident(alpha, first_name="Denis")
        passenger = committed_resident(alpha, first_name="Pauline")
        with schema_context(alpha.schema_name):
            categories = list(Category.objects.filter(is_active=True)[:2])
            add_offered_service(
                resident=helper, category=categories[0], rate="10 € de l'heure",
                availability="le samedi matin",
            )  # fmt: skip
            add_offered_service(resident=helper, category=categories[1], rate="gratuit")
            ride = publish_post(
                author=driver, kind="covoiturage", title="Covoiturage vers Rouen", body="",
                ride_from="Mairie", ride_to="Rouen",
                ride_departs_at=timezone.now() + timedelta(days=3), ride_seats=2,
            )  # fmt: skip
        return {
            "helper": session_for(alpha, helper),
            "helper_id": helper.pk,
            "driver": session_for(alpha, driver),
            "passenger": session_for(alpha, passenger),
            "ride": ride.pk,
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
    with chromium() as browser:
        yield browser


def _phone(browser, server, session, javascript):
    return _context(browser, server, session, viewport={"width": 360, "height": 740},
                    java_script_enabled=javascript)  # fmt: skip


def _check(page, console, name, javascript):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, (name, width)
    if javascript:
        _no_violation(page, console)
        assert _axe(page) == [], name
    page.screenshot(path=str(ARTIFACTS / f"b-{name}-{javascript}.png"), full_page=True)


def test_services_pages_on_a_phone_without_script_and_under_axe(browser, server, world):
    pages = [
        ("passenger", "/services/", 200, "10 € de l'heure", "directory"),
        ("passenger", "/services/?categorie=nexiste-pas", 400, "n’existe pas", "directory-bad"),
        ("helper", "/profil/services/", 200, "le samedi matin", "my-services"),
        ("passenger", f"/voisins/{world['helper_id']}/", 200, "Services proposés", "profile"),
        ("passenger", f"/fil/{world['ride']}/", 200, "Demander une place", "ride"),
        ("driver", f"/fil/{world['ride']}/", 200, "Personne n’a encore demandé", "ride-driver"),
    ]
    for javascript in (True, False):
        for who, path, status, text, name in pages:
            context = _phone(browser, server, world[who], javascript)
            try:
                page, response, _dialogs, console = _visit(context, server + path)
                assert response.status == status, path
                assert text in page.inner_text("main"), path
                _check(page, console, name, javascript)
            finally:
                context.close()


def test_ask_for_a_seat_and_accept_it_without_javascript(browser, server, world):
    context = _phone(browser, server, world["passenger"], False)
    try:
        page, _response, _dialogs, _console = _visit(context, f"{server}/fil/{world['ride']}/")
        page.get_by_role("button", name="Demander une place").click()
        page.wait_for_load_state("networkidle")
        assert "Votre demande est envoyée au conducteur." in page.inner_text("main")
        assert "En attente du conducteur" in page.inner_text("main")
    finally:
        context.close()
    context = _phone(browser, server, world["driver"], False)
    try:
        page, _response, _dialogs, _console = _visit(context, f"{server}/fil/{world['ride']}/")
        assert "Pauline" in page.inner_text("main")
        page.get_by_role("button", name="Accepter").click()
        page.wait_for_load_state("networkidle")
        main = page.inner_text("main")
        assert "Le passager est accepté." in main and "1 place restante" in main
    finally:
        context.close()
    context = _phone(browser, server, world["driver"], True)
    try:
        page, _response, _dialogs, console = _visit(context, f"{server}/fil/{world['ride']}/")
        _check(page, console, "ride-answered", True)
    finally:
        context.close()
