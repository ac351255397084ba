"""Loan actions through htmx: the request answers the "Borrow it" box, each
step answers the loan's body; the plain forms still redirect. A resident of
another commune reaches nothing."""

import pytest
from django_tenants.utils import schema_context

from objets.models import Loan
from tests.conftest import host_of
from tests.objets.conftest import days

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
S = Loan.Status


def _status(commune, loan):
    with schema_context(commune.schema_name):
        return Loan.objects.get(pk=loan.pk).status


def test_request_and_steps_answer_fragments_to_htmx(commune, other_commune, client_for, owner,
                                                    borrower, item, make_resident):  # fmt: skip
    lender, asker = client_for(commune, owner), client_for(commune, borrower)
    page = asker.get(f"/objets/{item.pk}/").content.decode()
    assert f'hx-post="/objets/{item.pk}/emprunter/"' in page and 'hx-target="#borrow"' in page

    # A bad request: the box again, with the French error, nothing stored.
    url = f"/objets/{item.pk}/emprunter/"
    response = asker.post(url, {"starts_on": days(4), "ends_on": days(2)}, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and 'id="borrow"' in html
    assert 'role="alert"' in html
    with schema_context(commune.schema_name):
        assert not Loan.objects.exists()

    # A good one: the box says it is sent and links to the request.
    response = asker.post(url, {"starts_on": days(2), "ends_on": days(4)}, **HX)
    html = response.content.decode()
    with schema_context(commune.schema_name):
        loan = Loan.objects.get()
    assert response.status_code == 200 and "<html" not in html
    assert "Votre demande est envoyée" in html and f'href="/objets/prets/{loan.pk}/"' in html

    # Accept: the loan's body, its new status and the message, no page around.
    page = lender.get(f"/objets/prets/{loan.pk}/").content.decode()
    assert 'hx-target="#loan-body"' in page
    response = lender.post(f"/objets/prets/{loan.pk}/accept/", **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.startswith('<div id="loan-body">') and 'role="status"' in html
    assert _status(commune, loan) == S.ACCEPTED

    # A resident of another commune, on this commune's host, changes nothing.
    stranger = client_for(other_commune, make_resident(other_commune, email="x@beta.example"))
    stranger.defaults["HTTP_HOST"] = host_of(commune)
    for step in ("handover", "cancel"):
        assert stranger.post(f"/objets/prets/{loan.pk}/{step}/", **HX).status_code in (302, 403)
    assert _status(commune, loan) == S.ACCEPTED

    # The handover, then the return, as plain forms: redirects, as before.
    for client in (lender, asker):
        response = client.post(f"/objets/prets/{loan.pk}/handover/")
        assert response.status_code == 302 and response.url == f"/objets/prets/{loan.pk}/"
    assert _status(commune, loan) == S.ONGOING
    response = asker.post(f"/objets/prets/{loan.pk}/returned/", **HX)
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert _status(commune, loan) == S.RETURNED


def test_refusing_through_htmx_shows_the_reason_errors(commune, client_for, owner, borrower,
                                                       item):  # fmt: skip
    asker, lender = client_for(commune, borrower), client_for(commune, owner)
    asker.post(f"/objets/{item.pk}/emprunter/", {"starts_on": days(2), "ends_on": days(3)})
    with schema_context(commune.schema_name):
        loan = Loan.objects.get()
    # The reason is required: the body comes back with the error, nothing changed.
    response = lender.post(f"/objets/prets/{loan.pk}/decline/", {"decline-reason": ""}, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="loan-body"' in html
    assert "Indiquez un motif" in html
    assert _status(commune, loan) == S.REQUESTED
    response = lender.post(
        f"/objets/prets/{loan.pk}/decline/", {"decline-reason": "Je pars."}, **HX
    )
    assert response.status_code == 200 and "Je pars." in response.content.decode()
    assert _status(commune, loan) == S.DECLINED
    # Without htmx, the plain form with a missing reason: the whole page, 400.
    asker.post(f"/objets/{item.pk}/emprunter/", {"starts_on": days(5), "ends_on": days(6)})
    with schema_context(commune.schema_name):
        second = Loan.objects.exclude(pk=loan.pk).get()
    response = lender.post(f"/objets/prets/{second.pk}/decline/", {"decline-reason": ""})
    assert response.status_code == 400 and "<html" in response.content.decode()
