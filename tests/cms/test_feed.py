"""The feed reaches the home page and the printed weekly digest."""

import datetime
import io

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from pypdf import PdfReader

from cms import pdf
from discussions.services import publish_post
from voisinages import roles

pytestmark = pytest.mark.django_db


def _post(commune, author, kind, title, **fields):
    with schema_context(commune.schema_name):
        return publish_post(
            author=author, kind=kind, title=title, body="Détails sur le fil.", **fields
        )


def _text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_home_page_shows_the_newest_posts_public_ones_to_visitors(
    client_for, commune, other_commune, make_resident
):
    author = make_resident(commune, first_name="Lucie", last_name="Martin")
    _post(commune, author, "offre", "Je prête ma perceuse")
    _post(commune, author, "demande", "Qui peut garder mon chat ?", is_public=True)
    stranger = make_resident(other_commune)
    _post(other_commune, stranger, "offre", "Cours de guitare à Bêta")

    member = client_for(commune, make_resident(commune)).get("/").content.decode()
    assert "Je prête ma perceuse" in member and "Qui peut garder mon chat" in member
    assert "Lucie M." in member
    assert "Cours de guitare" not in member
    visitor = client_for(commune).get("/").content.decode()
    assert "Qui peut garder mon chat" in visitor
    assert "Je prête ma perceuse" not in visitor


def test_the_digest_prints_the_weeks_offers_requests_and_events(
    client_for, commune, other_commune, make_resident, add_event
):
    author = make_resident(commune, first_name="Lucie", last_name="Martin")
    with time_machine_days_ago(10):
        _post(commune, author, "offre", "Vieille offre de la semaine passée")
    _post(commune, author, "offre", "Je prête ma perceuse")
    _post(commune, author, "demande", "Besoin d'aide pour porter un canapé")
    _post(
        commune,
        author,
        "evenement",
        "Pique-nique au square",
        event_starts_at=timezone.now() + datetime.timedelta(days=2),
        event_place="Square Voltaire",
    )
    add_event(commune, "Conseil de quartier", in_days=5, place="Mairie annexe")
    _post(other_commune, make_resident(other_commune), "offre", "Cours de guitare à Bêta")

    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    text = _text(client_for(commune, ambassador).get("/pages/imprimer/semaine.pdf").content)
    assert "Alpha-sur-Seine" in text
    assert "Je prête ma perceuse" in text
    assert (
        "Besoin d'aide pour porter un canapé" in text
        or "Besoin d’aide pour porter un canapé" in text
    )
    assert text.index("Pique-nique au square") < text.index("Conseil de quartier")
    assert "Vieille offre" not in text
    assert "Cours de guitare" not in text
    assert "Lucie" not in text  # no names on a public notice board


def test_an_empty_week_says_so(commune):
    with schema_context(commune.schema_name):
        text = _text(pdf.weekly_digest(commune=commune))
    assert "Aucune offre cette semaine." in text
    assert "Aucune demande cette semaine." in text


def time_machine_days_ago(days):
    import time_machine

    return time_machine.travel(timezone.now() - datetime.timedelta(days=days), tick=True)
