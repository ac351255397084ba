"""The loan page and the API offer the same steps, from the one table of
objets/steps.py: the page's forms post to exactly the steps the API lists."""

import re

import pytest
from django_tenants.utils import schema_context

from objets import services
from tests.objets import conftest as lending
from tests.objets.conftest import days

pytestmark = pytest.mark.django_db

owner, borrower, make_item, item = lending.owner, lending.borrower, lending.make_item, lending.item


def _page_steps(client, loan_id: int) -> list[str]:
    html = client.get(f"/objets/prets/{loan_id}/").content.decode()
    return re.findall(rf'action="/objets/prets/{loan_id}/([a-z-]+)/"', html)


def test_the_page_and_the_api_offer_the_same_steps(
    commune, owner, borrower, item, client_for, api_for
):
    with schema_context(commune.schema_name):
        loan = services.request_loan(
            item=item, borrower=borrower, starts_on=days(1), ends_on=days(2)
        )
    for resident, expected in ((owner, ["accept", "decline", "cancel"]), (borrower, ["cancel"])):
        api = api_for(commune, resident).get(f"/loans/{loan.pk}").json()["actions"]
        assert api == expected
        assert _page_steps(client_for(commune, resident), loan.pk) == expected

    assert api_for(commune, owner).post(f"/loans/{loan.pk}/accept", {}).status_code == 200
    for resident in (owner, borrower):
        api = api_for(commune, resident).get(f"/loans/{loan.pk}").json()["actions"]
        assert api == ["handover", "cancel"]
        assert _page_steps(client_for(commune, resident), loan.pk) == api
