"""Every date the API accepts is bounded (socle.dates): 422 with the French
message in the usual error shape, and nothing stored."""

import datetime

import pytest
from django.utils import formats, timezone
from django_tenants.utils import schema_context

from discussions.models import Post
from objets.models import Blackout, Loan
from tests.api.conftest import ApiClient, assert_error
from tests.objets import conftest as lending

pytestmark = pytest.mark.django_db

owner, borrower, make_item, item = lending.owner, lending.borrower, lending.make_item, lending.item

FAR = "9999-12-31T23:30:00-05:00"


def _latest(years: int) -> str:
    latest = timezone.localdate() + datetime.timedelta(days=365 * years)
    return formats.date_format(latest, "SHORT_DATE_FORMAT")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "evenement", "event_place": "Place", "event_starts_at": FAR}, "event_starts_at"),
        (
            {"kind": "covoiturage", "ride_from": "A", "ride_to": "B", "ride_seats": 2,
             "ride_departs_at": FAR},
            "ride_departs_at",
        ),
        ({"kind": "evenement", "event_place": "Place", "event_starts_at": "1899-12-31T10:00:00Z"},
         "event_starts_at"),
    ],
)  # fmt: skip
def test_a_post_dated_out_of_the_window_is_refused(commune, resident, api_for, fields, field):
    api = api_for(commune, resident, language="fr")
    body = assert_error(api.post("/posts", {"title": "Fête", **fields}), 422)
    assert field in body["fields"]
    message = body["fields"][field][0]
    if fields[field].startswith("1899"):
        assert message == "La date doit être au plus tôt le 01/01/1900."
    else:
        assert message == f"La date doit être au plus tard le {_latest(2)}."
    with schema_context(commune.schema_name):
        assert not Post.objects.exists()


def test_editing_a_post_to_a_far_date_is_refused(commune, resident, api_for):
    api = api_for(commune, resident, language="fr")
    soon = (timezone.now() + datetime.timedelta(days=3)).isoformat()
    created = api.post(
        "/posts",
        {"kind": "evenement", "title": "Fête", "event_place": "Place", "event_starts_at": soon},
    )
    assert created.status_code == 201, created.content
    post_id = created.json()["id"]
    with schema_context(commune.schema_name):
        before = Post.objects.get(pk=post_id).event_starts_at
    body = assert_error(api.patch(f"/posts/{post_id}", {"event_starts_at": FAR}), 422)
    assert "event_starts_at" in body["fields"]
    with schema_context(commune.schema_name):
        assert Post.objects.get(pk=post_id).event_starts_at == before


def test_loans_and_unavailabilities_at_most_one_year_ahead(
    commune, other_commune, owner, borrower, item, api_for, make_resident, make_token
):
    asker = api_for(commune, borrower, language="fr")
    today = timezone.localdate()
    far = str(today + datetime.timedelta(days=400))
    body = assert_error(
        asker.post(f"/objects/{item.pk}/loans", {"starts_on": str(today), "ends_on": far}), 422
    )
    assert body["fields"]["ends_on"] == [f"La date doit être au plus tard le {_latest(1)}."]
    body = assert_error(
        asker.post(
            f"/objects/{item.pk}/loans", {"starts_on": "9999-12-31", "ends_on": "9999-12-31"}
        ),
        422,
    )
    lender = api_for(commune, owner, language="fr")
    body = assert_error(
        lender.post(f"/objects/{item.pk}/blackouts", {"starts_on": str(today), "ends_on": far}),
        422,
    )
    assert "ends_on" in body["fields"]
    assert asker.get("/objects", {"available_from": "9999-12-31"}).status_code == 422
    # A resident of another commune gets no further.
    raw = make_token(other_commune, make_resident(other_commune))
    stranger = ApiClient(commune, raw, language="fr")
    far_away = {"starts_on": "9999-12-31", "ends_on": "9999-12-31"}
    assert stranger.post(f"/objects/{item.pk}/loans", far_away).status_code == 401
    with schema_context(commune.schema_name):
        assert not Loan.objects.exists() and not Blackout.objects.exists()
