"""The waiting list: first come, first served unless a priority with a reason
(shown to the coordinators and the applicant concerned); positions; one-click
assignment to the first eligible applicant."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from jardins import services
from jardins.models import Application, Membership, Plot
from voisinages.models import Notification

from .conftest import plot, text

pytestmark = pytest.mark.django_db


def _apply(world, client_for, resident, note="J'aimerais cultiver des tomates"):
    return client_for(world.commune, resident).post(
        f"/jardins/{world.garden.pk}/candidater/", {"note": note}, follow=True
    )


def _applicants(world, make_resident, names):
    """Residents applying one after the other, a minute apart."""
    people = []
    start = timezone.now() - timedelta(hours=1)
    for i, name in enumerate(names):
        person = make_resident(world.commune, first_name=name)
        with time_machine.travel(start + timedelta(minutes=i), tick=False), world.ctx():
            services.apply_for_plot(garden=world.garden, applicant=person, note="")
        people.append(person)
    return people


def test_a_resident_applies_and_sees_their_position(world, make_resident, client_for):
    first, second = _applicants(world, make_resident, ["Anna", "Basile"])
    late = make_resident(world.commune, first_name="Chloé")
    response = _apply(world, client_for, late)
    html = text(response)
    assert "Vous êtes sur la liste d'attente." in html
    assert "Vous êtes numéro 3 sur 3 sur la liste d'attente." in html
    with world.ctx():
        assert Notification.objects.filter(
            recipient=world.coordinator, kind="jardins.application.received"
        ).exists()


def test_applying_twice_is_rejected_and_nothing_changes(world, resident, client_for):
    _apply(world, client_for, resident)
    response = _apply(world, client_for, resident, note="encore")
    assert "Vous êtes déjà sur la liste d'attente de ce jardin." in text(response)
    with world.ctx():
        assert Application.objects.filter(applicant=resident).count() == 1
        assert Application.objects.get().note == "J'aimerais cultiver des tomates"


def test_order_is_first_come_unless_a_priority_with_a_reason(world, make_resident, client_for):
    anna, basile, chloe = _applicants(world, make_resident, ["Anna", "Basile", "Chloé"])
    client = client_for(world.commune, world.coordinator)
    with world.ctx():
        chloe_app = Application.objects.get(applicant=chloe)
    # A priority without a reason is refused and changes nothing.
    response = client.post(
        f"/jardins/{world.garden.pk}/liste-d-attente/{chloe_app.pk}/priorite/",
        {"priority": 2, "reason": "  "},
        follow=True,
    )
    assert "Indiquez la raison de cette priorité" in text(response)
    with world.ctx():
        chloe_app.refresh_from_db()
        assert chloe_app.priority == 0
    client.post(
        f"/jardins/{world.garden.pk}/liste-d-attente/{chloe_app.pk}/priorite/",
        {"priority": 2, "reason": "Jardin pédagogique pour une classe ULIS"},
    )
    # Basile sees the whole list, in order, with the priority but not its reason
    # (it may be about health): that is for the coordinators and Chloé.
    html = text(
        client_for(world.commune, basile).get(f"/jardins/{world.garden.pk}/liste-d-attente/")
    )
    table = html[html.index("<tbody>") :]
    assert table.index("Chloé D.") < table.index("Anna D.") < table.index("Basile D.")
    assert "Priorité 2" in html and "classe ULIS" not in html
    assert "Vous êtes numéro 3 sur 3" in html
    for reader in (world.coordinator, chloe):
        html = text(
            client_for(world.commune, reader).get(f"/jardins/{world.garden.pk}/liste-d-attente/")
        )
        assert "Priorité 2 : Jardin pédagogique pour une classe ULIS" in html


def test_the_list_is_for_members_and_applicants(world, make_resident, client_for, add_member):
    _applicants(world, make_resident, ["Anna"])
    outsider = make_resident(world.commune, first_name="Olivier")
    html = text(
        client_for(world.commune, outsider).get(f"/jardins/{world.garden.pk}/liste-d-attente/")
    )
    assert "1 personne attend une parcelle." in html
    assert "Anna D." not in html
    member_html = text(
        client_for(world.commune, add_member()).get(f"/jardins/{world.garden.pk}/liste-d-attente/")
    )
    assert "Anna D." in member_html


def test_assign_gives_the_plot_to_the_first_eligible_in_one_action(
    world, make_resident, client_for
):
    anna, basile = _applicants(world, make_resident, ["Anna", "Basile"])
    with world.ctx():
        anna.is_active = False  # suspended: not eligible
        anna.save()
    free = plot(world, 7)
    response = client_for(world.commune, world.coordinator).post(
        f"/jardins/{world.garden.pk}/parcelles/{free.pk}/attribuer/", follow=True
    )
    assert "La parcelle 7 revient à Basile D." in text(response)
    with world.ctx():
        free.refresh_from_db()
        assert free.status == Plot.Status.ASSIGNED and free.holder == basile
        assert Application.objects.get(applicant=basile).status == Application.Status.ASSIGNED
        assert Application.objects.get(applicant=anna).status == Application.Status.WAITING
        assert Membership.objects.filter(garden=world.garden, resident=basile).exists()
        assert Notification.objects.filter(recipient=basile, kind="jardins.plot.assigned").exists()


def test_assigning_a_taken_plot_or_with_nobody_waiting_fails_clearly(
    world, make_resident, client_for
):
    free = plot(world, 1)
    client = client_for(world.commune, world.coordinator)
    response = client.post(
        f"/jardins/{world.garden.pk}/parcelles/{free.pk}/attribuer/", follow=True
    )
    assert "Personne d'éligible n'attend de parcelle." in text(response)
    (anna,) = _applicants(world, make_resident, ["Anna"])
    reserved = plot(world, 2, status=Plot.Status.RESERVED, reserved_for="École")
    response = client.post(
        f"/jardins/{world.garden.pk}/parcelles/{reserved.pk}/attribuer/", follow=True
    )
    assert "Cette parcelle n'est plus libre." in text(response)
    with world.ctx():
        assert Application.objects.get().status == Application.Status.WAITING


def test_a_holder_cannot_apply_again(world, add_member):
    holder = add_member()
    plot(world, 1, status=Plot.Status.ASSIGNED, holder=holder)
    with world.ctx(), pytest.raises(ValidationError, match="déjà une parcelle"):
        services.apply_for_plot(garden=world.garden, applicant=holder)


def test_a_member_cannot_assign_or_set_priorities(world, make_resident, client_for, add_member):
    (anna,) = _applicants(world, make_resident, ["Anna"])
    free = plot(world, 1)
    client = client_for(world.commune, add_member())
    assert (
        client.post(f"/jardins/{world.garden.pk}/parcelles/{free.pk}/attribuer/").status_code == 403
    )
    with world.ctx():
        app = Application.objects.get()
    response = client.post(
        f"/jardins/{world.garden.pk}/liste-d-attente/{app.pk}/priorite/",
        {"priority": 5, "reason": "moi"},
    )
    assert response.status_code == 403
    with world.ctx():
        free.refresh_from_db()
        app.refresh_from_db()
        assert free.status == Plot.Status.FREE and app.priority == 0


def test_another_commune_cannot_apply_or_assign(world, make_resident, other_commune, client_for):
    (anna,) = _applicants(world, make_resident, ["Anna"])
    free = plot(world, 1)
    stranger = make_resident(other_commune, first_name="Zoé")
    client = client_for(other_commune, stranger)
    assert client.post(f"/jardins/{world.garden.pk}/candidater/", {"note": "x"}).status_code == 404
    assert (
        client.post(f"/jardins/{world.garden.pk}/parcelles/{free.pk}/attribuer/").status_code == 404
    )
    assert client.get(f"/jardins/{world.garden.pk}/liste-d-attente/").status_code == 404
    with world.ctx():
        free.refresh_from_db()
        assert free.status == Plot.Status.FREE
        assert Application.objects.count() == 1


def test_withdrawing_leaves_the_list(world, resident, client_for):
    _apply(world, client_for, resident)
    client_for(world.commune, resident).post(f"/jardins/{world.garden.pk}/retirer/")
    with world.ctx():
        assert Application.objects.get().status == Application.Status.WITHDRAWN
    # …and one may apply again later.
    response = _apply(world, client_for, resident)
    assert "Vous êtes sur la liste d'attente." in text(response)
