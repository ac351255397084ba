"""The demo communes' main pages read in good French for a visitor, a resident,
an ambassador and a mediator: no "(s)" plural, no "0 minute", no dotted code
shown as text, no empty option, no zero badge; and the header's links by role."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from discussions.models import Post
from socle.french import ago, first_of_month
from tenants.services.management import check_colours
from tests.factories import in_commune
from voisinages.models import ActionLog, Resident

pytestmark = pytest.mark.django_db

PAGES = (
    "/",
    "/fil/",
    "/objets/",
    "/voisins/",
    "/notifications/",
    "/messages/",
    "/ma-ville/",
    "/actualites/",
    "/agenda/",
    "/associations/",
    "/jardins/",
    "/moderation/",
    "/moderation/journal/",
    "/gestion/membres/",
    "/gestion/membres/journal/",
    "/confidentiel/",
    "/hors-ligne/",
)
CODE = re.compile(r">\s*[a-z_]+\.[a-z_]+\.[a-z_]+\s*<")
EMPTY_OPTION = re.compile(r"<option[^>]*>\s*-*\s*</option>")


def _text_slips(html: str) -> list[str]:
    slips = []
    visible = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    if re.search(r"\w\(s\)", visible):
        slips.append("(s) plural")
    if re.search(r"\b0\s+minute", visible):
        slips.append("0 minute")
    if CODE.search(visible):
        slips.append(f"code: {CODE.search(visible).group(0)}")
    if EMPTY_OPTION.search(visible):
        slips.append(f"empty option: {EMPTY_OPTION.search(visible).group(0)}")
    if re.search(r"class=\"count\"(?![^>]*hidden)[^>]*>\s*0\s*<", visible):
        slips.append("zero badge")
    return slips


def _people(commune):
    with in_commune(commune):

        def by(local):
            return Resident.objects.get(email__startswith=f"{local}@")

        return {
            "visitor": None,
            "resident": by("habitant1"),
            "ambassador": by("ambassadeur"),
            "mediator": by("mediateur"),
        }


def test_the_demo_pages_read_in_good_french(demo_commune, second_demo_commune, client_for):
    for commune in (demo_commune, second_demo_commune):
        _no_slips(commune, client_for)


def _no_slips(commune, client_for):
    with in_commune(commune):
        # A fresh post ("à l'instant"), and a logged action shown by its label.
        author = Resident.objects.get(email__startswith="habitant1@")
        Post.objects.create(
            author=author, title="Tout frais", body="Juste publié", kind="discussion"
        )
        ActionLog.objects.create(code="discussions.post.hidden", actor=author, reason="test")
    slips = {}
    for who, person in _people(commune).items():
        client = client_for(commune, person)
        for path in PAGES:
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="fr")
            if response.status_code != 200:
                continue
            found = _text_slips(response.content.decode())
            if found:
                slips[(who, path)] = found
    assert slips == {}, commune.slug


def test_the_header_shows_links_by_role(demo_commune, client_for):
    people = _people(demo_commune)
    pages = {
        who: client_for(demo_commune, person).get("/fil/").content.decode()
        for who, person in people.items()
    }
    assert 'href="/messages/"' not in pages["visitor"] and "login-link" in pages["visitor"]
    assert '<details class="menu">' in pages["resident"]
    assert 'href="/messages/"' in pages["resident"] and "/moderation/" not in pages["resident"]
    assert "/confidentiel/" not in pages["resident"] and '/gestion/"' not in pages["resident"]
    assert "/moderation/" in pages["ambassador"] and 'href="/gestion/"' in pages["ambassador"]
    assert "/confidentiel/" in pages["mediator"] and "/moderation/" not in pages["mediator"]
    for page in pages.values():
        assert 'href="/actualites/"' in page and 'href="/agenda/"' in page
        assert 'href="/associations/"' in page and 'rel="manifest"' in page


def test_no_zero_badge_and_a_count_when_unread(commune, make_resident, client_for):
    anna = make_resident(commune, email="anna@alpha.example")
    page = client_for(commune, anna).get("/fil/").content.decode()
    assert '<span class="count" hidden data-live-unread>0</span>' in page


def test_ago_and_first_of_the_month():
    now = timezone.now()
    with translation.override("fr"):
        assert ago(now - timedelta(seconds=20), now) == "à l'instant"
        assert ago(now - timedelta(minutes=5), now) == "il y a 5\xa0minutes"
        day = timezone.datetime(2027, 2, 1, 10, 0)
        assert first_of_month("lundi 1 février 2027", day) == "lundi 1er février 2027"
        assert first_of_month("11 février 2027", day) == "11 février 2027"
    with translation.override("en"):
        assert ago(now, now) == "just now"
        assert first_of_month("1 February 2027", timezone.datetime(2027, 2, 1)) == "1 February 2027"


def test_the_action_log_shows_labels_not_codes(commune, make_resident, client_for):
    ambassador = make_resident(commune, email="amb@alpha.example", roles=("ambassador",))
    with in_commune(commune):
        ActionLog.objects.create(code="discussions.post.hidden", actor=ambassador)
        ActionLog.objects.create(
            code="voisinages.role.granted", actor=ambassador, data={"role": "mediator"}
        )
    client = client_for(commune, ambassador)
    for path in ("/moderation/journal/", "/gestion/membres/journal/"):
        page = client.get(path, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "discussions.post.hidden" not in page, path
    assert "Message masqué" in client.get("/moderation/journal/").content.decode()
    log = client.get("/gestion/membres/journal/").content.decode()
    assert "Rôle accordé (Médiateur)" in log or "Rôle accordé (Médiatrice)" in log, log[-3000:]


def test_a_contrast_ratio_reads_with_a_french_decimal_comma():
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        check_colours(primary="#dddddd", secondary="#f4b942")
    message = error.value.message_dict["primary_colour"][0]
    assert re.search(r"contraste de 1,\d:1", message), message
