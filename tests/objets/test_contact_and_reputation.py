"""An object's "Contacter <Prénom>" (a conversation about the object), and loan
reviews on the lender's profile beside help reviews."""

import html
import re

import pytest
from django_tenants.utils import schema_context

from discussions.models import Conversation
from objets import services
from tests.objets.conftest import days

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_contact_about_an_object(commune, owner, borrower, item, client_for):
    client = client_for(commune, borrower)
    assert (
        f'href="/messages/contacter/objet/{item.pk}/"'
        in client.get(item.get_absolute_url()).content.decode()
    )
    page = _text(client.get(f"/messages/contacter/objet/{item.pk}/"))
    assert "Contacter Lucie" in page and "Perceuse à percussion" in page
    response = client.post(f"/messages/contacter/objet/{item.pk}/", {"body": "Dispo samedi ?"})
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        conversation = Conversation.objects.get()
        assert conversation.subject_title == "Perceuse à percussion"
        assert conversation.subject_url == item.get_absolute_url()
    assert "Perceuse à percussion" in _text(client.get(response["Location"]))
    # The keeper has no button on their own object.
    mine = client_for(commune, owner).get(item.get_absolute_url()).content.decode()
    assert "/messages/contacter/objet/" not in mine


def test_contact_about_an_object_refused_or_foreign(
    commune, other_commune, owner, borrower, item, make_resident, client_for
):
    with schema_context(commune.schema_name):
        owner.accepts_messages = False
        owner.save(update_fields=["accepts_messages"])
    client = client_for(commune, borrower)
    assert "n'accepte pas les messages privés" in _text(client.get(item.get_absolute_url()))
    refused = client.post(f"/messages/contacter/objet/{item.pk}/", {"body": "Salut"})
    assert refused.status_code == 403
    carole = make_resident(other_commune, first_name="Carole")
    foreign = client_for(other_commune, carole)
    assert foreign.post(f"/messages/contacter/objet/{item.pk}/", {"body": "x"}).status_code == 404
    with schema_context(commune.schema_name):
        assert not Conversation.objects.exists()


def test_loan_reviews_show_on_the_lenders_profile(commune, owner, borrower, item, client_for):
    with schema_context(commune.schema_name):
        loan = services.request_loan(
            item=item, borrower=borrower, starts_on=days(0), ends_on=days(1)
        )
        services.accept_loan(loan=loan, actor=owner)
        services.confirm_handover(loan=loan, actor=owner)
        services.confirm_handover(loan=loan, actor=borrower)
        services.confirm_return(loan=loan, actor=owner)
        services.leave_review(loan=loan, author=borrower, rating=5, comment="Très pratique")
    page = _text(client_for(commune, borrower).get(f"/voisins/{owner.pk}/"))
    assert "1 prêt à des voisins" in page and "Très pratique" in page and "1 avis" in page
