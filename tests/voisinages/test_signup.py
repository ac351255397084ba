"""Signup under the three registration policies, email confirmation, verification."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django_tenants.utils import schema_context

from tests.voisinages.conftest import text
from voisinages.models import Invitation, Notification, Resident
from voisinages.services import create_invitation

pytestmark = pytest.mark.django_db


def _form(q, **extra):
    data = {
        "first_name": "Inès",
        "last_name": "Petit",
        "email": "ines@example.org",
        "password": "un-mot-de-passe-solide",
        "quartier": q.pk,
    }
    data.update(extra)
    return data


def _confirmation_link(message) -> str:
    return re.search(r"https?://\S+(/accounts/confirmer/\S+/)", message.body).group(1)


def test_open_signup_then_email_confirmation_verifies(
    run_jobs, commune, quartier, client_for, django_capture_on_commit_callbacks
):
    client = client_for(commune)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", _form(quartier), follow=True)
    assert "nous vous avons envoyé un e-mail" in text(response).lower()
    with schema_context(commune.schema_name):
        ines = Resident.objects.get(email="ines@example.org")
        assert not ines.is_verified and not ines.can_post
        # Placed at the centre of the quartier (only ever shown blurred).
        assert (ines.latitude, ines.longitude) == (quartier.latitude, quartier.longitude)
    assert "Confirmez votre adresse" in text(response)
    run_jobs()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ines@example.org"]
    run_jobs()
    response = client.get(_confirmation_link(mail.outbox[0]), follow=True)
    assert "Votre adresse e-mail est confirmée" in text(response)
    with schema_context(commune.schema_name):
        ines.refresh_from_db()
        assert ines.email_confirmed and ines.is_verified and ines.can_post


def test_a_confirmation_link_is_worthless_in_another_commune(
    run_jobs,
    commune,
    other_commune,
    quartier,
    client_for,
    django_capture_on_commit_callbacks,
    make_resident,
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(commune).post("/accounts/signup/", _form(quartier))
    run_jobs()
    link = _confirmation_link(mail.outbox[0])
    make_resident(other_commune, email="ines@example.org", is_verified=False)
    response = client_for(other_commune).get(link)
    assert response.status_code == 400
    assert "n'est pas valide" in text(response)
    with schema_context(other_commune.schema_name):
        assert not Resident.objects.get(email="ines@example.org").email_confirmed
    response = client_for(commune).get(link.replace("/confirmer/", "/confirmer/x"))
    assert response.status_code == 400


def test_signup_with_a_position_keeps_it_private(commune, quartier, client_for):
    client_for(commune).post(
        "/accounts/signup/", _form(quartier, latitude="48.88123", longitude="2.23456")
    )
    with schema_context(commune.schema_name):
        ines = Resident.objects.get(email="ines@example.org")
        assert (ines.latitude, ines.longitude) == (48.88123, 2.23456)


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"quartier": ""}, "Ce champ est obligatoire"),
        ({"password": "123"}, "trop court"),
        ({"email": "pas-une-adresse"}, "adresse de courriel valide"),
        ({"latitude": "48.8"}, "latitude et la longitude"),
    ],
)
def test_bad_signup_input_creates_nothing(commune, quartier, client_for, extra, message):
    response = client_for(commune).post("/accounts/signup/", _form(quartier, **extra))
    assert response.status_code == 200
    assert message in text(response)
    with schema_context(commune.schema_name):
        assert not Resident.objects.filter(email__startswith="ines").exists()


def test_an_email_already_used_is_refused(commune, quartier, client_for, make_resident):
    make_resident(commune, email="ines@example.org")
    response = client_for(commune).post("/accounts/signup/", _form(quartier))
    assert "Un compte utilise déjà cette adresse" in text(response)


def test_the_same_email_may_join_another_commune(
    commune, other_commune, other_quartier, client_for, make_resident
):
    make_resident(commune, email="ines@example.org")
    client_for(other_commune).post("/accounts/signup/", _form(other_quartier))
    with schema_context(other_commune.schema_name):
        assert Resident.objects.filter(email="ines@example.org").exists()


def test_approval_policy_keeps_the_resident_waiting(
    commune, quartier, client_for, policy, ambassador
):
    policy("approval")
    client = client_for(commune)
    response = client.post("/accounts/signup/", _form(quartier), follow=True)
    assert "en attente de validation" in text(response)
    with schema_context(commune.schema_name):
        ines = Resident.objects.get(email="ines@example.org")
        assert ines.approval_pending and not ines.can_post
        ines.email_confirmed = True
        ines.save()
        # The ambassadors are told in their inbox.
        assert Notification.objects.filter(
            recipient=ambassador, kind="voisinages.member.pending"
        ).exists()
    # Unverified residents read but cannot post.
    assert client.get("/voisins/").status_code == 200


def test_invitation_policy_needs_an_invitation(commune, quartier, client_for, policy):
    policy("invitation")
    client = client_for(commune)
    response = client.get("/accounts/signup/")
    assert response.status_code == 403
    assert "sur invitation" in text(response)
    response = client.post("/accounts/signup/", _form(quartier))
    assert response.status_code == 403
    with schema_context(commune.schema_name):
        assert not Resident.objects.filter(email="ines@example.org").exists()


def test_an_invitation_co_opts_even_under_approval(
    commune, other_commune, quartier, other_quartier, client_for, policy, make_resident
):
    policy("approval")
    sponsor = make_resident(commune, email="parrain@alpha.example")
    with schema_context(commune.schema_name):
        invitation = create_invitation(created_by=sponsor)
    # The link does not work in another commune.
    policy("invitation", other_commune)
    response = client_for(other_commune).post(
        f"/accounts/signup/?invitation={invitation.token}",
        _form(other_quartier, invitation=invitation.token),
    )
    assert response.status_code == 403
    with schema_context(other_commune.schema_name):
        assert not Resident.objects.filter(email="ines@example.org").exists()
    client = client_for(commune)
    client.post("/accounts/signup/", _form(quartier, invitation=invitation.token))
    with schema_context(commune.schema_name):
        ines = Resident.objects.get(email="ines@example.org")
        assert not ines.approval_pending
        assert Invitation.objects.get(pk=invitation.pk).uses == 1
    # Used up: a second signup with it is told so and waits for approval.
    response = client_for(commune).post(
        "/accounts/signup/",
        _form(quartier, email="autre@example.org", invitation=invitation.token),
    )
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("a expiré ou a déjà été utilisée" in m for m in told)
    with schema_context(commune.schema_name):
        assert Resident.objects.get(email="autre@example.org").approval_pending


def test_an_ambassador_invitation_grants_the_role(commune, quartier, client_for):
    from voisinages import roles

    with schema_context(commune.schema_name):
        invitation = create_invitation(role=Invitation.Role.AMBASSADOR, email="ines@example.org")
    client_for(commune).post("/accounts/signup/", _form(quartier, invitation=invitation.token))
    with schema_context(commune.schema_name):
        ines = Resident.objects.get(email="ines@example.org")
        assert roles.has_role(ines, roles.AMBASSADOR)


def test_resend_the_confirmation_link(
    run_jobs, commune, other_commune, client_for, make_resident, django_capture_on_commit_callbacks
):
    newcomer = make_resident(commune, email="nouveau@alpha.example", is_verified=False)
    client = client_for(commune, newcomer)
    assert "Renvoyer le lien" in text(client.get("/voisins/"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/confirmer-renvoyer/", {"next": "/voisins/"}, follow=True)
    assert "Un nouveau lien de confirmation a été envoyé" in text(response)
    run_jobs()
    assert mail.outbox[-1].to == ["nouveau@alpha.example"]
    # Anonymous or from another commune's session: nothing is sent.
    run_jobs()
    before = len(mail.outbox)
    client_for(other_commune).post("/accounts/confirmer-renvoyer/")
    run_jobs()
    assert len(mail.outbox) == before


def test_a_confirmed_resident_still_waits_for_approval(
    run_jobs, commune, quartier, client_for, policy, django_capture_on_commit_callbacks
):
    policy("approval")
    client = client_for(commune)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", _form(quartier))
    run_jobs()
    response = client.get(_confirmation_link(mail.outbox[0]), follow=True)
    assert "Un ambassadeur doit encore valider votre compte" in text(response)
    with schema_context(commune.schema_name):
        ines = Resident.objects.get(email="ines@example.org")
        assert ines.email_confirmed and not ines.is_verified and ines.approval_pending
    # Hidden from the directory while pending.
    viewer_page = text(client.get("/voisins/"))
    assert "en attente de validation" in viewer_page


def test_signup_asks_for_a_quartier_never_raw_coordinates(
    commune, other_commune, quartier, other_quartier, client_for
):
    html = client_for(commune).get("/accounts/signup/").content.decode()
    assert '<select name="quartier"' in html and quartier.name in html
    assert other_quartier.name not in html  # only this commune's quartiers
    # The position is hidden, filled by the optional "me localiser" button.
    assert 'type="hidden" name="latitude"' in html and 'type="hidden" name="longitude"' in html
    assert 'type="number"' not in html and "Latitude" not in html
    assert "data-locate" in html and "Me localiser" in html
    assert "voisinages/locate.js" in html and "<script>" not in html


def test_a_position_out_of_range_is_told_not_lost(commune, quartier, client_for):
    response = client_for(commune).post(
        "/accounts/signup/", _form(quartier, latitude="123", longitude="2.2")
    )
    assert response.status_code == 200
    assert "Votre position n'a pas pu être lue" in text(response)
    with schema_context(commune.schema_name):
        assert not Resident.objects.filter(email__startswith="ines").exists()
