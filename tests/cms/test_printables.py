"""Printed bridge: the weekly digest and the poster are valid A4 PDFs."""

import io

import pytest
from django_tenants.utils import schema_context
from pypdf import PdfReader

from cms import pdf
from cms.services import grant_editor
from voisinages import roles

pytestmark = pytest.mark.django_db


def _read(content: bytes) -> tuple[PdfReader, str]:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def _is_a4(reader: PdfReader) -> bool:
    box = reader.pages[0].mediabox
    return round(float(box.width)) == 595 and round(float(box.height)) == 842


def test_the_poster_invites_to_join_the_commune_with_a_qr_code(client_for, commune, make_resident):
    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    response = client_for(commune, ambassador).get("/pages/imprimer/affiche.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader, text = _read(response.content)
    assert _is_a4(reader)
    assert "Alpha-sur-Seine" in text
    assert "Rejoindre vos voisins" in text
    assert "http://alpha.localhost:8000/accounts/signup/" in text
    assert len(reader.pages[0].images) == 1  # the QR code


def test_the_weekly_digest_lists_the_communes_upcoming_events(
    client_for, commune, other_commune, make_resident, add_event
):
    add_event(commune, "Fête des voisins", in_days=2, place="Square Léon-Blum")
    add_event(other_commune, "Loto des aînés", in_days=2)
    add_event(commune, "Vide-grenier de l'an dernier", in_days=-300)
    mediator = make_resident(commune, roles=(roles.MEDIATOR,))
    response = client_for(commune, mediator).get("/pages/imprimer/semaine.pdf")
    assert response.status_code == 200
    reader, text = _read(response.content)
    assert _is_a4(reader)
    assert "Alpha-sur-Seine" in text
    assert "Fête des voisins" in text and "Square Léon-Blum" in text
    assert "Loto des aînés" not in text
    assert "Vide-grenier" not in text


def test_the_digest_without_events_says_so(commune):
    with schema_context(commune.schema_name):
        _, text = _read(pdf.weekly_digest(commune=commune))
    assert "Aucun événement prévu pour l’instant." in text or "Aucun événement" in text


def test_printables_are_for_the_towns_team_only(client_for, commune, other_commune, make_resident):
    resident = make_resident(commune)
    for url in ("/pages/imprimer/", "/pages/imprimer/affiche.pdf", "/pages/imprimer/semaine.pdf"):
        assert client_for(commune, resident).get(url).status_code == 403
    editor = make_resident(commune)
    with schema_context(commune.schema_name):
        grant_editor(resident=editor)
    assert client_for(commune, editor).get("/pages/imprimer/").status_code == 200
    # An ambassador of another commune is a stranger here.
    stranger = make_resident(other_commune, roles=(roles.AMBASSADOR,))
    client = client_for(other_commune, stranger)
    client.defaults["HTTP_HOST"] = f"{commune.slug}.localhost"
    assert client.get("/pages/imprimer/affiche.pdf").status_code == 302
