"""#18's main journeys on a phone (360 × 780, Playwright driving Debian's
Chromium against daphne), each with and without JavaScript: a visitor joins the
commune, confirms the address from the email and posts a request; a resident
finds an object and asks to borrow it; a visitor reads the town's news, agenda
and associations from "Ma ville" and the footer; an ambassador handles a report
from the moderation queue. On every page: no sideways scroll, no critical or
serious axe-core violation; on every list page the first card is on the first
screen. The confirmation email leaves through the real job (tests/job_runner.py)."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.cms.conftest import add_page
from tests.e2e import test_help_loop_browser as help_loop
from tests.e2e.test_live_browser import in_thread
from tests.e2e.test_web_pages import _context
from tests.job_runner import run_jobs
from tests.live.conftest import committed_resident, session_for

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("live_db")]

PHONE = {"width": 360, "height": 780}
# Its daphne (waiting for a `people` fixture: ours) and its Chromium.
server, browser = help_loop.server, help_loop.browser
MODES = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


@pytest.fixture(scope="module")
def people(alpha, django_db_blocker):
    """Per mode (True: with JavaScript): an object to borrow and its borrower, a
    reported post; a quartier, news, an event and an association for everyone."""
    from cms.models import (
        AssociationIndexPage,
        AssociationPage,
        EventIndexPage,
        EventPage,
        NewsIndexPage,
        NewsPage,
    )
    from discussions.models import Post
    from discussions.services.interactions import report_content
    from objets.models import Category
    from objets.services.items import create_item
    from voisinages.models import Quartier

    with django_db_blocker.unblock():
        owner = committed_resident(alpha, first_name="Odile")
        reporter = committed_resident(alpha, first_name="Rémi")
        ambassador = committed_resident(alpha, first_name="Alix", roles=("ambassador",))
        borrowers = {js: committed_resident(alpha, first_name="Bruno") for js in (True, False)}
        with schema_context(alpha.schema_name):
            Quartier.objects.create(name="Les Tilleuls", latitude=48.85, longitude=2.35)
            category = Category.objects.first()
            items = {
                True: create_item(actor=owner, title="Perceuse à percussion", category=category),
                False: create_item(actor=owner, title="Escabeau trois marches", category=category),
            }
            reported = {}
            for js, title in ((True, "Vends montres de luxe"), (False, "Gagnez de l'argent")):
                post = Post.objects.create(author=owner, title=title, body="…", kind="offre")
                report_content(reporter=reporter, reason="spam", post=post)
                reported[js] = post.pk
        add_page(alpha, NewsIndexPage, NewsPage, title="Travaux rue des Lilas", summary="Lundi.")
        add_page(
            alpha,
            EventIndexPage,
            EventPage,
            title="Fête des voisins",
            starts_at=timezone.now() + datetime.timedelta(days=5),
            place="Square des Tilleuls",
        )
        add_page(alpha, AssociationIndexPage, AssociationPage, title="Les Jardiniers du coin")
        return {
            "ambassador": session_for(alpha, ambassador),
            "borrower": {js: session_for(alpha, b) for js, b in borrowers.items()},
            "borrower_id": {js: b.pk for js, b in borrowers.items()},
            "item": {js: item.pk for js, item in items.items()},
            "item_title": {js: item.title for js, item in items.items()},
            "reported": reported,
        }


@pytest.fixture
def phone(browser, server, javascript):
    """open(session_key=None) -> a page at 360 × 780, with or without JavaScript."""
    base, _port = server
    contexts = []

    def open_page(session_key=None):
        context = _context(
            browser, base, session_key, viewport=PHONE, java_script_enabled=javascript
        )
        context.set_default_timeout(10000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def _check(page, first=None):
    """The page fits the phone's width; on a list page the first card (`first`)
    starts on the first screen; with JavaScript, axe-core finds nothing critical
    or serious (without it axe cannot run: the same pages were judged with it)."""
    page.wait_for_load_state()
    where = urlsplit(page.url).path
    width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{where} scrolls sideways: {width}"
    if first:
        box = page.locator(first).first.bounding_box()
        assert box and box["y"] < PHONE["height"] - 80, f"{where}: {first} at {box}"
    if not page.evaluate("typeof axe !== 'undefined'"):
        return
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} at {v['nodes'][0]['target'] if v['nodes'] else '?'}"
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]
    assert serious == [], f"{where}: {serious}"


def _submit(page, form="main form"):
    page.locator(f"{form} button[type=submit]").last.click()
    page.wait_for_load_state()


@MODES
def test_a_visitor_joins_confirms_and_posts_a_request(phone, server, alpha, javascript):
    base, port = server
    email = f"nouvelle.{'js' if javascript else 'sans-js'}@exemple.fr"
    page = phone()
    page.goto(base + "/")
    _check(page)
    page.locator("main a[href='/accounts/signup/']").first.click()
    _check(page)
    page.fill("input[name=first_name]", "Nour")
    page.fill("input[name=last_name]", "Benali")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "un-mot-de-passe-solide")
    page.select_option("select[name=quartier]", label="Les Tilleuls")
    _submit(page)
    assert "Bienvenue, Nour" in page.inner_text("main")

    # The confirmation link comes by email (queued, sent by the job).
    mail.outbox.clear()
    in_thread(run_jobs)
    message = next(m for m in mail.outbox if m.to == [email])
    link = urlsplit(re.search(r"https?://\S*/accounts/confirmer/\S+", message.body).group(0))
    page.goto(f"http://{link.hostname}:{port}{link.path}")
    assert "confirmée" in page.inner_text("main")
    _check(page)

    # The feed, the kind first, then only its fields.
    page.locator(".menu > summary").click()
    page.locator(".menu-panel a[href='/fil/']").click()
    page.wait_for_url("**/fil/")
    page.locator("main a[href='/fil/nouveau/']").first.click()
    _check(page)
    page.locator("a.kind-choice.kind-demande").click()
    _check(page)
    page.fill("input[name=title]", f"Qui me prête une perceuse ? ({email})")
    _submit(page)
    assert re.search(r"/fil/\d+/$", page.url), page.url
    assert "perceuse" in page.inner_text("h1")
    _check(page)
    page.goto(base + "/fil/")
    _check(page, first=".post-card")
    assert email in page.locator(".post-card").first.inner_text()


@MODES
def test_a_resident_finds_an_object_and_asks_to_borrow_it(phone, server, people, alpha, javascript):
    base, _port = server
    page = phone(people["borrower"][javascript])
    page.goto(base + "/objets/")
    _check(page, first=".item-card")
    page.locator("details.filters-fold > summary").click()
    word = people["item_title"][javascript].split()[0]
    page.fill("input[name=q]", word)
    page.locator("form.objets-search button[type=submit]").click()
    # htmx swaps the results in place; without JavaScript the page reloads.
    expect(page.locator(".item-card")).to_have_count(1)
    card = page.locator(".item-card", has_text=word)
    _check(page, first=".item-card")
    card.locator("a").click()
    page.wait_for_url(f"**/objets/{people['item'][javascript]}/")
    _check(page)
    today = timezone.localdate()
    page.fill("#borrow input[name=starts_on]", str(today + datetime.timedelta(days=2)))
    page.fill("#borrow input[name=ends_on]", str(today + datetime.timedelta(days=4)))
    page.fill("#borrow textarea[name=message]", "Pour fixer une étagère, merci !")
    _submit(page, "#borrow form")
    expect(page.get_by_text("Votre demande est envoyée")).to_have_count(1)
    _check(page)

    def sent():
        from objets.models import Loan

        with schema_context(alpha.schema_name):
            return Loan.objects.filter(
                item_id=people["item"][javascript], borrower_id=people["borrower_id"][javascript]
            ).count()

    assert in_thread(sent) == 1


@MODES
def test_a_visitor_reads_the_news_the_agenda_and_the_associations(phone, server, javascript):
    base, _port = server
    page = phone()
    page.goto(base + "/")
    page.locator(".site-footer a[href='/ma-ville/']").click()
    page.wait_for_url("**/ma-ville/")
    _check(page)
    for path, first, title in (
        ("/actualites/", "main article.card", "Travaux rue des Lilas"),
        ("/agenda/", "main article.card", "Fête des voisins"),
        ("/associations/", "main a.tile", "Les Jardiniers du coin"),
    ):
        page.locator(f".site-footer a[href='{path}']").click()
        page.wait_for_url(f"**{path}")
        _check(page, first=first)
        page.locator(first).first.get_by_text(title).click()
        page.wait_for_load_state()
        assert title in page.inner_text("h1")
        _check(page)
    # "Ma ville" in the header's menu leads to the same pages.
    page.locator(".menu > summary").click()
    assert page.locator(".menu-panel a[href='/agenda/']").is_visible()


@MODES
def test_an_ambassador_handles_a_report_from_the_queue(phone, server, people, alpha, javascript):
    base, _port = server
    post_id = people["reported"][javascript]
    page = phone(people["ambassador"])
    page.goto(base + "/fil/")
    page.locator(".menu > summary").click()
    page.locator(".menu-panel a[href='/moderation/']").click()
    page.wait_for_url("**/moderation/")
    _check(page, first="main tbody tr")
    page.locator(f"input[name=posts][value='{post_id}']").check()
    page.select_option("main form select[name=action]", "hide")
    page.fill("main form input[name=reason]", "Publicité")
    page.locator("main form.card button.button[type=submit]").click()
    page.wait_for_load_state()
    assert "1 message modéré." in page.inner_text("main")
    _check(page, first="main tbody tr")

    def status():
        from discussions.models import Post

        with schema_context(alpha.schema_name):
            return Post.objects.get(pk=post_id).status

    assert in_thread(status) == "hidden"
