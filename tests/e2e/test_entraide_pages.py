"""/entraide/ pages in a real browser: at 360 px, with and without
JavaScript, and under axe-core (the platform host, localhost)."""

from pathlib import Path

import pytest
from django.core import signing

from tests.e2e.test_web_pages import _axe, _context, _no_violation, _visit, browser, server, world  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]


@pytest.fixture(scope="module")
def board_post(world, django_db_blocker):  # noqa: F811
    from tenants.mails import GUEST_MANAGE_SALT
    from tenants.models import FrenchCommune, GuestPost
    from tenants.services.guests import sync_guest_listing

    with django_db_blocker.unblock():
        guest = GuestPost.objects.create(
            french_commune=FrenchCommune.objects.get(pk="01001"),
            first_name="Josette",
            email="josette@exemple.fr",
            kind="offre",
            categories="courses",
            title="Je fais vos courses le mardi",
            body="Au marché du village.",
            status=GuestPost.Status.PUBLISHED,
        )
        from django.utils import timezone

        guest.published_at = timezone.now()
        guest.expires_at = guest.published_at + timezone.timedelta(days=60)
        guest.save()
        sync_guest_listing(guest)
        yield guest, signing.dumps(guest.pk, salt=GUEST_MANAGE_SALT)
        guest.delete()


def test_entraide_pages_at_360_px_without_script_and_under_axe(board_post, server, browser):  # noqa: F811
    guest, token = board_post
    platform = server.replace(server.split("//")[1].split(":")[0], "localhost")
    paths = [
        ("/entraide/", "Je fais vos courses"),
        ("/entraide/?departement=01", "Je fais vos courses"),
        ("/entraide/proposer/", "Proposer ou demander"),
        (f"/entraide/annonces/{guest.pk}/", "Au marché"),
        (f"/entraide/gerer/{token}/", "Gérer mon annonce"),
    ]
    for javascript in (True, False):
        for path, text in paths:
            context = _context(
                browser,
                platform,
                viewport={"width": 360, "height": 740},
                java_script_enabled=javascript,
            )
            try:
                page, response, _dialogs, console = _visit(context, platform + path)
                assert response.status == 200, path
                assert text in page.inner_text("main"), path
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 360, (path, width)
                if javascript:
                    _no_violation(page, console)
                    assert _axe(page) == [], path
                page.screenshot(
                    path=str(
                        Path(__file__).parent
                        / "artifacts"
                        / f"entraide-{path.strip('/').replace('/', '-')[:40]}-{javascript}.png"
                    )
                )
            finally:
                context.close()
