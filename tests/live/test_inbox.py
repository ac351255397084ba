"""/notifications/depuis/: what a page missed while its socket was down."""

import pytest
from django_tenants.utils import schema_context

from socle.registry import notification_kind
from voisinages.notifications import notify

pytestmark = pytest.mark.django_db

notification_kind("tests.live.ping", "Ping", default="app")


def test_a_page_fetches_what_it_missed(commune, other_commune, make_resident, client_for):
    bob = make_resident(commune)
    other = make_resident(commune)
    with schema_context(commune.schema_name):
        first = notify(recipients=[bob], kind="tests.live.ping", title="Un")[0]
        notify(recipients=[bob], kind="tests.live.ping", title="Deux")
        notify(recipients=[bob], kind="tests.live.ping", title="Trois")
        notify(recipients=[other], kind="tests.live.ping", title="Pas pour Bob")
    client = client_for(commune, bob)

    start = client.get("/notifications/depuis/").json()
    assert start["unread"] == 3 and start["items"] == []
    missed = client.get(f"/notifications/depuis/?after={first.pk}").json()
    assert [item["title"] for item in missed["items"]] == ["Deux", "Trois"]
    assert missed["last_id"] == start["last_id"]


def test_the_endpoint_refuses_strangers_and_bad_input(
    commune, other_commune, make_resident, client_for
):
    bob = make_resident(commune)
    with schema_context(commune.schema_name):
        notify(recipients=[bob], kind="tests.live.ping", title="Secret d'Alpha")
    anonymous = client_for(commune).get("/notifications/depuis/?after=0")
    assert anonymous.status_code == 403
    assert "Connectez-vous" in anonymous.json()["error"]
    bad = client_for(commune, bob).get("/notifications/depuis/?after=abc")
    assert bad.status_code == 400
    # A resident of another commune with the same session never sees Alpha's rows.
    zoe = make_resident(other_commune)
    other = client_for(other_commune, zoe).get("/notifications/depuis/?after=0").json()
    assert all("Alpha" not in item["title"] for item in other["items"])
