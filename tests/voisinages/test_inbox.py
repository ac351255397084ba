"""The inbox /notifications/ and the notification preferences."""

import pytest
from django_tenants.utils import schema_context

from tests.voisinages.conftest import text
from voisinages.models import Notification, NotificationPreference
from voisinages.notifications import KINDS, notify
from voisinages.selectors import delivery_for

pytestmark = pytest.mark.django_db

KIND = "voisinages.role.granted"


def _notify(commune, resident, title="Bonjour", url="/voisins/"):
    with schema_context(commune.schema_name):
        return notify(recipients=[resident], kind=KIND, title=title, url=url)[0]


def _unread(commune, resident):
    with schema_context(commune.schema_name):
        return Notification.objects.filter(recipient=resident, read_at=None).count()


def test_the_header_counts_unread_and_the_inbox_lists_them(commune, resident, client_for):
    _notify(commune, resident, "Premier")
    _notify(commune, resident, "Second")
    client = client_for(commune, resident)
    page = text(client.get("/voisins/"))
    assert '<span class="count" data-live-unread>2</span>' in page
    page = text(client.get("/notifications/"))
    assert "Premier" in page and "Second" in page and "Tout marquer comme lu" in page


def test_mark_one_read_and_open_its_link(commune, resident, client_for):
    first = _notify(commune, resident, "Premier", url="/competences/")
    _notify(commune, resident, "Second")
    client = client_for(commune, resident)
    response = client.post(f"/notifications/{first.pk}/lu/", {"open": "1"})
    assert response.status_code == 302 and response.url == "/competences/"
    assert _unread(commune, resident) == 1


def test_an_outside_link_is_not_followed(commune, resident, client_for):
    row = _notify(commune, resident, url="https://example.com/piege")
    response = client_for(commune, resident).post(f"/notifications/{row.pk}/lu/", {"open": "1"})
    assert response.url == "/notifications/"


def test_mark_all_read(commune, resident, make_resident, client_for):
    _notify(commune, resident)
    _notify(commune, resident)
    neighbour = make_resident(commune, email="voisin@alpha.example")
    _notify(commune, neighbour)
    response = client_for(commune, resident).post("/notifications/tout-lu/", follow=True)
    assert "2 notifications marquées comme lues" in text(response)
    assert _unread(commune, resident) == 0 and _unread(commune, neighbour) == 1


def test_nobody_else_reads_my_notifications(
    commune, other_commune, resident, make_resident, client_for
):
    row = _notify(commune, resident, "Secret")
    neighbour = make_resident(commune, email="voisin@alpha.example")
    assert client_for(commune, neighbour).post(f"/notifications/{row.pk}/lu/").status_code == 404
    assert "Secret" not in text(client_for(commune, neighbour).get("/notifications/"))
    stranger = make_resident(other_commune, email="etranger@beta.example")
    client = client_for(other_commune, stranger)
    assert client.post(f"/notifications/{row.pk}/lu/").status_code == 404
    assert "Secret" not in text(client.get("/notifications/"))
    assert _unread(commune, resident) == 1


def test_preferences_per_kind(commune, other_commune, resident, make_resident, client_for):
    with schema_context(commune.schema_name):
        assert delivery_for(resident, KIND) == "app"  # the registered default
    client = client_for(commune, resident)
    page = text(client.get("/notifications/preferences/"))
    assert "Vous avez reçu un rôle" in page and "Dans un récapitulatif quotidien par e-mail" in page
    choices = {code: kind.default for code, kind in KINDS.items()}
    choices.update({KIND: "digest", "voisinages.member.approved": "never"})
    response = client.post("/notifications/preferences/", choices, follow=True)
    assert "Vos préférences de notification sont enregistrées" in text(response)
    with schema_context(commune.schema_name):
        assert delivery_for(resident, KIND) == "digest"
        assert delivery_for(resident, "voisinages.member.approved") == "never"
    # "Never": no inbox row at all.
    with schema_context(commune.schema_name):
        assert notify(recipients=[resident], kind="voisinages.member.approved", title="x") == []
    # The same resident id in another commune keeps the defaults.
    stranger = make_resident(other_commune, email="etranger@beta.example")
    with schema_context(other_commune.schema_name):
        assert delivery_for(stranger, KIND) == "app"


def test_a_bad_preference_changes_nothing(commune, resident, client_for):
    choices = {code: kind.default for code, kind in KINDS.items()}
    choices[KIND] = "pigeon voyageur"
    response = client_for(commune, resident).post("/notifications/preferences/", choices)
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in text(response)
    with schema_context(commune.schema_name):
        assert not NotificationPreference.objects.filter(resident=resident).exists()


def test_mark_read_answers_the_row_to_htmx(commune, other_commune, resident, make_resident,
                                           client_for):  # fmt: skip
    row = _notify(commune, resident, "Premier")
    client = client_for(commune, resident)
    response = client.post(f"/notifications/{row.pk}/lu/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "Premier" in html and 'class="read"' in html
    assert _unread(commune, resident) == 0
    # Without htmx: the plain form, a redirect to the inbox.
    other = _notify(commune, resident, "Second")
    response = client.post(f"/notifications/{other.pk}/lu/")
    assert response.status_code == 302 and response.url == "/notifications/"
    # Nobody else, in this commune or another, marks it read.
    third = _notify(commune, resident, "Troisième")
    neighbour = make_resident(commune, email="voisin@alpha.example")
    url = f"/notifications/{third.pk}/lu/"
    assert client_for(commune, neighbour).post(url, HTTP_HX_REQUEST="true").status_code == 404
    stranger = make_resident(other_commune, email="etranger@beta.example")
    assert client_for(other_commune, stranger).post(url, HTTP_HX_REQUEST="true").status_code == 404
    assert _unread(commune, resident) == 1


def test_mark_all_read_answers_the_list_to_htmx(commune, other_commune, resident, make_resident,
                                                client_for):  # fmt: skip
    _notify(commune, resident, "Premier")
    _notify(commune, resident, "Second")
    # A resident of another commune, sent to this commune's host, marks nothing here.
    stranger = make_resident(other_commune, email="etranger@beta.example")
    intruder = client_for(other_commune, stranger)
    intruder.defaults["HTTP_HOST"] = client_for(commune).defaults["HTTP_HOST"]
    response = intruder.post("/notifications/tout-lu/", HTTP_HX_REQUEST="true")
    assert response.status_code in (302, 403) and _unread(commune, resident) == 2
    client = client_for(commune, resident)
    response = client.post("/notifications/tout-lu/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page and 'id="inbox-list"' in page
    assert "2 notifications marquées comme lues" in page
    assert "Premier" in page and 'class="unread"' not in page
    # The header's badge is emptied out of band.
    assert 'hx-swap-oob="outerHTML:[data-live-unread]"' in page
    assert _unread(commune, resident) == 0
    # Without htmx: the plain form, a redirect to the inbox.
    _notify(commune, resident, "Troisième")
    response = client.post("/notifications/tout-lu/")
    assert response.status_code == 302 and response.url == "/notifications/"
    assert _unread(commune, resident) == 0
