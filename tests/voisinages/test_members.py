"""/gestion/membres/: approve, suspend, reinstate, roles, invitations, the log."""

import zlib

import pytest
from django_tenants.utils import schema_context

from tests.voisinages.conftest import text
from voisinages import roles
from voisinages.models import ActionLog, Invitation, Notification, Resident
from voisinages.services.members import invite

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(commune, make_resident):
    resident = make_resident(
        commune, email="attente@alpha.example", first_name="Paul", is_verified=False
    )
    with schema_context(commune.schema_name):
        Resident.objects.filter(pk=resident.pk).update(approval_pending=True, email_confirmed=True)
    return resident


def _get(commune, resident):
    with schema_context(commune.schema_name):
        return Resident.objects.get(pk=resident.pk)


def test_the_members_page_lists_pending_residents(commune, ambassador, pending, client_for):
    page = text(client_for(commune, ambassador).get("/gestion/membres/?etat=attente"))
    assert "Paul D." in page and "Valider" in page
    # Even ambassadors do not see email addresses.
    assert "attente@alpha.example" not in page


def test_an_ambassador_approves_and_it_is_logged(commune, ambassador, pending, client_for):
    response = client_for(commune, ambassador).post(
        f"/gestion/membres/{pending.pk}/approuver/", follow=True
    )
    assert "Paul D. est validé" in text(response)
    paul = _get(commune, pending)
    assert not paul.approval_pending and paul.is_verified and paul.can_post
    with schema_context(commune.schema_name):
        entry = ActionLog.objects.get(code="voisinages.member.approved")
        assert entry.actor_id == ambassador.pk and entry.target_id == paul.pk
        assert Notification.objects.filter(
            recipient=paul, kind="voisinages.member.approved"
        ).exists()
    page = text(client_for(commune, ambassador).get("/gestion/membres/journal/"))
    assert "Membre validé" in page and "Paul D." in page


def test_suspend_needs_a_reason_then_blocks_login_and_reinstate(
    commune, ambassador, resident, client_for
):
    client = client_for(commune, ambassador)
    response = client.post(
        f"/gestion/membres/{resident.pk}/suspendre/", {"reason": ""}, follow=True
    )
    assert "Indiquez pourquoi le compte est suspendu" in text(response)
    assert _get(commune, resident).is_active
    client.post(f"/gestion/membres/{resident.pk}/suspendre/", {"reason": "Annonces frauduleuses"})
    assert not _get(commune, resident).is_active
    login = client_for(commune).post(
        "/accounts/login/", {"username": resident.email, "password": "un-mot-de-passe-solide"}
    )
    assert login.status_code == 200
    assert "Ce compte est suspendu" in text(login)
    client.post(f"/gestion/membres/{resident.pk}/retablir/", {"reason": "Erreur"})
    assert _get(commune, resident).is_active
    with schema_context(commune.schema_name):
        codes = list(ActionLog.objects.order_by("id").values_list("code", "reason"))
    assert codes == [
        ("voisinages.member.suspended", "Annonces frauduleuses"),
        ("voisinages.member.reinstated", "Erreur"),
    ]


def test_promote_a_mediator_and_take_it_back(commune, ambassador, resident, client_for):
    client = client_for(commune, ambassador)
    client.post(f"/gestion/membres/{resident.pk}/role/", {"role": "mediator", "granted": "1"})
    with schema_context(commune.schema_name):
        assert roles.has_role(_get(commune, resident), roles.MEDIATOR)
    client.post(f"/gestion/membres/{resident.pk}/role/", {"role": "mediator", "granted": "0"})
    with schema_context(commune.schema_name):
        assert not roles.has_role(_get(commune, resident), roles.MEDIATOR)
        assert ActionLog.objects.filter(code="voisinages.role.revoked").count() == 1
    # Roles outside the managed ones are refused.
    response = client.post(
        f"/gestion/membres/{resident.pk}/role/", {"role": "superuser", "granted": "1"}, follow=True
    )
    assert "Choisissez un rôle valide" in text(response)


def test_a_resident_cannot_forge_a_management_action(
    commune, resident, pending, make_resident, client_for
):
    target = make_resident(commune, email="cible@alpha.example")
    client = client_for(commune, resident)
    urls = [
        (f"/gestion/membres/{target.pk}/role/", {"role": "ambassador", "granted": "1"}),
        (f"/gestion/membres/{resident.pk}/role/", {"role": "ambassador", "granted": "1"}),
        (f"/gestion/membres/{target.pk}/suspendre/", {"reason": "x"}),
        (f"/gestion/membres/{pending.pk}/approuver/", {}),
        ("/gestion/membres/invitations/nouvelle/", {"role": "ambassador", "max_uses": 1}),
    ]
    for url, data in urls:
        assert client.post(url, data).status_code == 403, url
    assert client.get("/gestion/membres/").status_code == 403
    assert client.get("/gestion/membres/journal/").status_code == 403
    with schema_context(commune.schema_name):
        assert not roles.has_role(_get(commune, resident), roles.AMBASSADOR)
        assert not roles.has_role(_get(commune, target), roles.AMBASSADOR)
        assert _get(commune, target).is_active and _get(commune, pending).approval_pending
        assert not Invitation.objects.exclude(role="ambassador", created_by=None).exists()
        assert not ActionLog.objects.exists()


def test_an_ambassador_of_another_commune_changes_nothing_here(
    commune, other_commune, resident, make_resident, client_for
):
    foreign = make_resident(other_commune, email="amb@beta.example", roles=(roles.AMBASSADOR,))
    # Their session means nothing on this commune's site...
    client = client_for(other_commune, foreign)
    client.defaults["HTTP_HOST"] = f"{commune.slug}.localhost"
    response = client.post(f"/gestion/membres/{resident.pk}/suspendre/", {"reason": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    # ...and on their own site the ids are their own commune's.
    client_for(other_commune, foreign).post(
        f"/gestion/membres/{resident.pk}/suspendre/", {"reason": "x"}
    )
    assert _get(commune, resident).is_active
    with schema_context(commune.schema_name):
        assert not ActionLog.objects.exists()


def test_invitation_link_qr_code_and_flyer(commune, ambassador, client_for):
    client = client_for(commune, ambassador)
    response = client.post(
        "/gestion/membres/invitations/nouvelle/",
        {"role": "mediator", "email": "ccas@alpha.example", "max_uses": 1},
    )
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        invitation = Invitation.objects.get(created_by=ambassador)
        assert invitation.role == "mediator" and invitation.created_by_id == ambassador.pk
        assert ActionLog.objects.filter(code="voisinages.invitation.created").exists()
    page = text(client.get(response.url))
    assert f"/accounts/signup/?invitation={invitation.token}" in page
    qr = client.get(f"/gestion/membres/invitations/{invitation.pk}/qr.png")
    assert qr["Content-Type"] == "image/png" and qr.content.startswith(b"\x89PNG")
    pdf = client.get(f"/gestion/membres/invitations/{invitation.pk}/affiche.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    content = _pdf_text(pdf.content)
    assert commune.name.encode("latin-1") in content
    assert b"/Subtype /Image" in pdf.content
    assert b"/MediaBox [0 0 419.53 595.28]" in pdf.content  # A5 in points


def _pdf_text(data: bytes) -> bytes:
    out = b""
    for chunk in data.split(b"stream")[1:]:
        body = chunk.split(b"endstream")[0].strip(b"\r\n")
        try:
            out += zlib.decompress(body)
        except zlib.error:
            out += body
    return out


def test_bad_invitation_input_creates_nothing(commune, ambassador, client_for):
    response = client_for(commune, ambassador).post(
        "/gestion/membres/invitations/nouvelle/",
        {"role": "roi", "email": "pas-une-adresse", "max_uses": 0},
    )
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in text(response)
    with schema_context(commune.schema_name):
        assert not Invitation.objects.filter(created_by=ambassador).exists()


def test_an_invitation_of_another_commune_is_a_404(
    commune, other_commune, ambassador, make_resident, client_for
):
    with schema_context(commune.schema_name):
        invitation = invite(actor=ambassador)
    foreign = make_resident(other_commune, email="amb@beta.example", roles=(roles.AMBASSADOR,))
    client = client_for(other_commune, foreign)
    assert client.get(f"/gestion/membres/invitations/{invitation.pk}/").status_code == 404
    assert client.get(f"/gestion/membres/invitations/{invitation.pk}/qr.png").status_code == 404


def test_a_verified_neighbour_co_opts(commune, resident, make_resident, client_for):
    response = client_for(commune, resident).post("/voisins/moi/inviter/", {"email": ""})
    page = text(response)
    with schema_context(commune.schema_name):
        invitation = Invitation.objects.get(created_by=resident)
        assert invitation.role == "resident"
    assert invitation.token in page
    newcomer = make_resident(commune, email="nouveau@alpha.example", is_verified=False)
    assert client_for(commune, newcomer).post("/voisins/moi/inviter/", {}).status_code == 403
    with schema_context(commune.schema_name):
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            invite(actor=resident, role="ambassador")
        assert Invitation.objects.filter(created_by=resident).count() == 1
