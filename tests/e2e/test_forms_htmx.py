"""#18 forms and htmx in a real browser at 360 px: the new-post kind chooser
and form, signup, a post with its reactions and comments, the notifications;
with and without JavaScript, under the strict policy and axe-core."""

from pathlib import Path

import pytest
from django_tenants.utils import schema_context

from tests.e2e.test_web_pages import _axe, _context, _no_violation, _visit, browser, server, world  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def post_id(alpha, world, django_db_blocker):  # noqa: F811
    from discussions.services import publish_post
    from voisinages.models import Resident

    with django_db_blocker.unblock(), schema_context(alpha.schema_name):
        author = Resident.objects.get(first_name="Ambre")
        return publish_post(author=author, kind="demande", title="Un coup de main", body="").pk


def test_c2_pages_fit_a_phone_with_and_without_script(post_id, browser, server, world):  # noqa: F811
    pages = [
        (None, "/accounts/signup/"),
        ("resident", "/fil/nouveau/"),
        ("resident", "/fil/nouveau/?type=evenement"),
        ("resident", "/fil/nouveau/?type=covoiturage"),
        ("resident", f"/fil/{post_id}/"),
        ("resident", "/notifications/"),
        ("resident", "/voisins/moi/"),
    ]
    for javascript in (True, False):
        for who, path in pages:
            context = _context(
                browser,
                server,
                world[who] if who else None,
                viewport={"width": 360, "height": 780},
                java_script_enabled=javascript,
            )
            try:
                page, response, _dialogs, console = _visit(context, server + path)
                assert response.status == 200, path
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 360, (path, width)
                if javascript:
                    _no_violation(page, console)
                    assert _axe(page) == [], path
                name = path.strip("/").replace("/", "-").replace("?", "-") or "home"
                page.screenshot(path=str(ARTIFACTS / f"c2-{name}-{javascript}.png"), full_page=True)
            finally:
                context.close()


def test_reactions_and_comments_without_reload(post_id, browser, server, world):  # noqa: F811
    context = _context(browser, server, world["resident"], viewport={"width": 360, "height": 780})
    try:
        page, _response, _dialogs, console = _visit(context, f"{server}/fil/{post_id}/")
        page.evaluate("window.__marker = 1")  # gone if the page reloads
        page.locator(f"#reactions-{post_id} button").first.click()
        page.locator(f"#reactions-{post_id} button[aria-pressed=true]").wait_for(timeout=10000)
        page.fill(f"#comments-{post_id} > form textarea[name=body]", "Je passe demain")
        page.locator(f"#comments-{post_id} > form button[type=submit]").click()
        page.locator(".comment", has_text="Je passe demain").wait_for(timeout=10000)
        assert page.evaluate("window.__marker") == 1
        assert page.input_value(f"#comments-{post_id} > form textarea[name=body]") == ""
        _no_violation(page, console)
    finally:
        context.close()
    # Without JavaScript the same buttons are plain forms.
    context = _context(
        browser, server, world["resident"], viewport={"width": 360, "height": 780},
        java_script_enabled=False,
    )  # fmt: skip
    try:
        page, _response, _dialogs, _console = _visit(context, f"{server}/fil/{post_id}/")
        page.fill(f"#comments-{post_id} > form textarea[name=body]", "Sans script")
        page.locator(f"#comments-{post_id} > form button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        assert "Sans script" in page.inner_text("main")
    finally:
        context.close()
