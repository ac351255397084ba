"""A confidential form page is served by its view through a Wagtail hook that
runs after Wagtail's own checks of the page: a view restriction still holds."""

import pytest
from django_tenants.utils import schema_context
from wagtail.models import PageViewRestriction

from cms.models import ConfidentialFormPage, ConfidentialRequest

pytestmark = pytest.mark.django_db

HELP_URL = "/ma-ville/demander-de-l-aide/"


def test_the_form_is_served_and_a_login_restriction_still_applies(client_for, commune):
    assert "<form" in client_for(commune).get(HELP_URL).content.decode()
    with schema_context(commune.schema_name):
        page = ConfidentialFormPage.objects.get(slug="demander-de-l-aide")
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    visitor = client_for(commune)
    response = visitor.get(HELP_URL)
    assert response.status_code == 302 and "login" in response["Location"]
    data = {"name": "Odette", "phone": "06 12 34 56 78", "message": "Aide"}
    assert visitor.post(HELP_URL, data).status_code == 302
    with schema_context(commune.schema_name):
        assert not ConfidentialRequest.objects.exists()
