"""Shared gardens through the API: the list and a garden as the site shows them,
the waiting list (apply, withdraw, my position), the rota (sign up, give up,
swaps) and the yearly renewal; refusals, validation and other communes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.api.conftest import assert_error
from voisinages import roles


@pytest.fixture
def garden(commune, make_resident):
    """A garden of alpha with a coordinator (Rose), plots 1 (free), 2 (held by
    the coordinator) and 3 (reserved)."""
    from jardins.models import Garden, Membership, Plot

    coordinator = make_resident(
        commune, email="coordo@alpha.example", first_name="Rose", last_name="Pivoine"
    )
    with schema_context(commune.schema_name):
        garden = Garden.objects.create(name="Jardin des Lilas", address="2 rue des Lilas")
        Membership.objects.create(
            garden=garden, resident=coordinator, role=Membership.Role.COORDINATOR
        )
        Plot.objects.create(garden=garden, number=1, area_m2=Decimal("12.5"))
        Plot.objects.create(
            garden=garden,
            number=2,
            area_m2=Decimal("10"),
            status=Plot.Status.ASSIGNED,
            holder=coordinator,
            assigned_at=timezone.now(),
        )
        Plot.objects.create(
            garden=garden,
            number=3,
            area_m2=Decimal("8"),
            status=Plot.Status.RESERVED,
            reserved_for="École Jules Ferry",
        )
    garden.coordinator = coordinator
    return garden


@pytest.fixture
def add_member(commune, garden, make_resident):
    from jardins.models import Membership

    def make(first_name="Mila", **kwargs):
        resident = make_resident(commune, first_name=first_name, **kwargs)
        with schema_context(commune.schema_name):
            Membership.objects.create(garden=garden, resident=resident)
        return resident

    return make


@pytest.fixture
def task(commune, garden):
    """A watering task with four weekly slots, the first in ten days."""
    from jardins import services

    first = (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    with schema_context(commune.schema_name):
        return services.create_task(
            garden=garden,
            by=garden.coordinator,
            title="Arrosage",
            kind="watering",
            first_at=first,
            every_days=7,
            count=4,
            duration_minutes=45,
        )


def _in(commune, function, **kwargs):
    with schema_context(commune.schema_name):
        return function(**kwargs)


def _slots(commune, task):
    with schema_context(commune.schema_name):
        return list(task.slots.order_by("starts_at"))


def _snapshot(commune):
    from jardins.models import Application, Plot, PlotRenewal, Slot, Swap

    with schema_context(commune.schema_name):
        return {
            "plots": sorted(Plot.objects.values_list("pk", "status", "holder_id")),
            "applications": sorted(Application.objects.values_list("pk", "status", "note")),
            "slots": sorted(Slot.objects.values_list("pk", "assignee_id")),
            "swaps": sorted(Swap.objects.values_list("pk", "status")),
            "renewals": sorted(PlotRenewal.objects.values_list("pk", "answer")),
        }


# --- Gardens and the waiting list ---------------------------------------------


def test_list_gives_counts_my_membership_and_my_place(commune, garden, make_resident, api_for):
    from jardins import services

    first = make_resident(commune, first_name="Anna")
    me = make_resident(commune, first_name="Léo")
    _in(commune, services.apply_for_plot, garden=garden, applicant=first)
    api = api_for(commune, me)
    assert (
        api.post(f"/gardens/{garden.pk}/application", {"note": "Près de chez moi"}).status_code
        == 201
    )

    [row] = api.get("/gardens").json()
    assert row["name"] == "Jardin des Lilas" and row["address"] == "2 rue des Lilas"
    assert (row["plot_count"], row["free_count"], row["waiting_count"]) == (3, 1, 2)
    assert row["my_role"] is None
    assert row["my_application"]["status"] == "waiting"
    assert row["my_application"]["position"] == 2
    assert row["my_application"]["note"] == "Près de chez moi"
    assert row["url"] == f"/jardins/{garden.pk}/"

    [coordinators_row] = api_for(commune, garden.coordinator).get("/gardens").json()
    assert coordinators_row["my_role"] == "coordinator"
    assert coordinators_row["my_application"] is None


def test_detail_shows_plots_and_the_waiting_list_as_the_site_does(
    commune, garden, make_resident, add_member, api_for
):
    from jardins import services

    anna = make_resident(commune, first_name="Anna", last_name="Martin")
    leo = make_resident(commune, first_name="Léo", last_name="Bernard")
    _in(commune, services.apply_for_plot, garden=garden, applicant=anna, note="J'ai 3 enfants")
    _in(commune, services.apply_for_plot, garden=garden, applicant=leo, note="Retraité")
    outsider = make_resident(commune, first_name="Zoé")

    # Someone neither member nor applicant: the count, no names.
    seen = api_for(commune, outsider).get(f"/gardens/{garden.pk}").json()
    assert seen["plot_counts"] == {"total": 3, "free": 1, "assigned": 1, "reserved": 1}
    assert [(p["number"], p["status"], p["holder"]) for p in seen["plots"]] == [
        (1, "free", None),
        (2, "assigned", None),
        (3, "reserved", None),
    ]
    assert seen["plots"][2]["reserved_for"] == "École Jules Ferry"
    assert seen["waiting_list"] == {"count": 2, "my_position": None, "entries": None}
    assert seen["is_member"] is False and seen["members"] is None
    assert [c["name"] for c in seen["coordinators"]] == ["Rose P."]
    assert seen["member_count"] == 0 and seen["my_plot"] is None and seen["my_renewal"] is None

    # An applicant: the whole list, their own note only.
    seen = api_for(commune, leo).get(f"/gardens/{garden.pk}").json()
    assert seen["waiting_list"]["my_position"] == 2
    assert seen["my_application"]["position"] == 2
    entries = seen["waiting_list"]["entries"]
    assert [(e["position"], e["applicant"], e["is_me"]) for e in entries] == [
        (1, "Anna M.", False),
        (2, "Léo B.", True),
    ]
    assert [e["note"] for e in entries] == [None, "Retraité"]

    # A member sees holders and members; the coordinator sees every note.
    mila = add_member(first_name="Mila")
    seen = api_for(commune, mila).get(f"/gardens/{garden.pk}").json()
    assert seen["plots"][1]["holder"] == "Rose P." and seen["is_member"] is True
    assert [m["name"] for m in seen["members"]] == ["Mila D."] and seen["member_count"] == 1
    seen = api_for(commune, garden.coordinator).get(f"/gardens/{garden.pk}").json()
    assert [e["note"] for e in seen["waiting_list"]["entries"]] == ["J'ai 3 enfants", "Retraité"]
    assert seen["is_coordinator"] is True
    assert seen["my_plot"]["number"] == 2 and seen["plots"][1]["is_mine"] is True


def test_priority_orders_positions_like_the_site(commune, garden, make_resident, api_for):
    from jardins import services

    anna = make_resident(commune, first_name="Anna")
    leo = make_resident(commune, first_name="Léo")
    _in(commune, services.apply_for_plot, garden=garden, applicant=anna)
    application = _in(commune, services.apply_for_plot, garden=garden, applicant=leo)
    _in(
        commune,
        services.set_priority,
        application=application,
        by=garden.coordinator,
        priority=2,
        reason="Handicap",
    )
    seen = api_for(commune, anna).get(f"/gardens/{garden.pk}").json()
    assert seen["waiting_list"]["my_position"] == seen["my_application"]["position"] == 2
    first = seen["waiting_list"]["entries"][0]
    # The reason (health, disability) is for the coordinators and Léo only.
    assert (first["applicant"], first["priority"], first["priority_reason"]) == ("Léo D.", 2, "")
    theirs = api_for(commune, leo).get(f"/gardens/{garden.pk}").json()
    assert theirs["waiting_list"]["entries"][0]["priority_reason"] == "Handicap"
    [row] = api_for(commune, anna).get("/gardens").json()
    assert row["my_application"]["position"] == 2


def test_apply_twice_validation_and_withdraw(commune, garden, resident, api_for):
    from jardins.models import Application

    api = api_for(commune, resident)
    body = assert_error(
        api.post(f"/gardens/{garden.pk}/application", {"note": "x" * 501}), 422, "validation_error"
    )
    assert list(body["fields"]) == ["note"]
    body = assert_error(api.post(f"/gardens/{garden.pk}/application", {"note": 3}), 422)
    assert list(body["fields"]) == ["note"]
    with schema_context(commune.schema_name):
        assert not Application.objects.exists()

    created = api.post(f"/gardens/{garden.pk}/application", {"note": "  Bonjour  "})
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "waiting" and created.json()["position"] == 1
    assert created.json()["note"] == "Bonjour"
    body = assert_error(api.post(f"/gardens/{garden.pk}/application", {}), 422)
    assert body["message"] == "Vous êtes déjà sur la liste d'attente de ce jardin."

    assert api.delete(f"/gardens/{garden.pk}/application").status_code == 204
    with schema_context(commune.schema_name):
        assert Application.objects.get().status == Application.Status.WITHDRAWN
    body = assert_error(api.delete(f"/gardens/{garden.pk}/application"), 422)
    assert body["message"] == "Vous n'êtes pas sur la liste d'attente de ce jardin."
    [row] = api.get("/gardens").json()
    assert row["my_application"]["status"] == "withdrawn"
    assert row["my_application"]["position"] is None


def test_a_plot_holder_cannot_apply_and_messages_follow_the_language(commune, garden, api_for):
    from jardins.models import Application

    body = assert_error(
        api_for(commune, garden.coordinator).post(f"/gardens/{garden.pk}/application"), 422
    )
    assert body["message"] == "Vous avez déjà une parcelle dans ce jardin."
    body = assert_error(
        api_for(commune, garden.coordinator, language="en").post(
            f"/gardens/{garden.pk}/application"
        ),
        422,
    )
    assert body["message"] == "You already have a plot in this garden."
    with schema_context(commune.schema_name):
        assert not Application.objects.exists()


def test_read_tokens_cannot_write(commune, garden, add_member, task, api_for):
    member = add_member()
    [slot, *_rest] = _slots(commune, task)
    before = _snapshot(commune)
    api = api_for(commune, member, scope="read")
    assert api.get(f"/gardens/{garden.pk}").status_code == 200
    for response in (
        api.post(f"/gardens/{garden.pk}/application", {"note": ""}),
        api.delete(f"/gardens/{garden.pk}/application"),
        api.post(f"/slots/{slot.pk}/sign-up"),
        api.post(f"/slots/{slot.pk}/swaps", {"recipient_id": garden.coordinator.pk}),
    ):
        assert_error(response, 403, "read_only_token")
    assert _snapshot(commune) == before


def test_unknown_garden_is_404(commune, resident, api_for):
    api = api_for(commune, resident)
    assert_error(api.get("/gardens/999999"), 404, "not_found")
    assert_error(api.get("/gardens/999999/rota"), 404, "not_found")
    assert_error(api.post("/gardens/999999/application", {}), 404, "not_found")
    assert_error(api.post("/slots/999999/sign-up"), 404, "not_found")
    assert_error(api.post("/swaps/999999/accept"), 404, "not_found")


# --- Renewal ----------------------------------------------------------------------


def test_the_holder_keeps_or_frees_their_plot(commune, garden, make_resident, api_for):
    from jardins import services
    from jardins.models import Plot

    campaign = _in(
        commune,
        services.start_renewal,
        garden=garden,
        by=garden.coordinator,
        deadline=timezone.now() + timedelta(days=14),
    )
    holder_api = api_for(commune, garden.coordinator)
    mine = holder_api.get(f"/gardens/{garden.pk}").json()["my_renewal"]
    assert (mine["plot_number"], mine["answer"], mine["year"]) == (2, "pending", campaign.year)
    url = f"/gardens/{garden.pk}/renewals/{mine['id']}"

    body = assert_error(holder_api.post(url, {"answer": "maybe"}), 422, "validation_error")
    assert list(body["fields"]) == ["answer"]
    other = make_resident(commune, first_name="Léo")
    body = assert_error(api_for(commune, other).post(url, {"answer": "free"}), 403)
    assert body["message"] == "Cette parcelle n'est pas la vôtre."
    with schema_context(commune.schema_name):
        assert Plot.objects.get(number=2).holder == garden.coordinator

    answered = holder_api.post(url, {"answer": "free"})
    assert answered.status_code == 200, answered.content
    assert answered.json()["answer"] == "freed"
    with schema_context(commune.schema_name):
        assert Plot.objects.get(number=2).status == Plot.Status.FREE
    body = assert_error(holder_api.post(url, {"answer": "keep"}), 422)
    assert body["message"] == "Vous avez déjà répondu."
    assert holder_api.get(f"/gardens/{garden.pk}").json()["my_renewal"] is None


# --- The rota ---------------------------------------------------------------------


def test_members_sign_up_and_leave_non_members_are_refused(
    commune, garden, add_member, resident, task, api_for
):
    from jardins.models import Slot

    member = add_member(first_name="Mila")
    first, second, *_rest = _slots(commune, task)

    body = assert_error(api_for(commune, resident).post(f"/slots/{first.pk}/sign-up"), 422)
    assert body["message"] == "Seuls les membres de ce jardin peuvent participer au planning."
    with schema_context(commune.schema_name):
        assert not Slot.objects.filter(assignee__isnull=False).exists()

    api = api_for(commune, member)
    taken = api.post(f"/slots/{first.pk}/sign-up")
    assert taken.status_code == 200, taken.content
    slot = taken.json()
    assert (slot["id"], slot["assignee"], slot["is_mine"], slot["task"]) == (
        first.pk,
        "Mila D.",
        True,
        "Arrosage",
    )
    assert slot["garden_id"] == garden.pk
    assert slot["ends_at"] > slot["starts_at"]
    body = assert_error(
        api_for(commune, garden.coordinator).post(f"/slots/{first.pk}/sign-up"), 422
    )
    assert body["message"] == "Quelqu'un a déjà pris ce créneau."
    body = assert_error(api_for(commune, garden.coordinator).post(f"/slots/{first.pk}/leave"), 422)
    assert body["message"] == "Ce créneau n'est pas le vôtre."

    rota = api_for(commune, resident).get(f"/gardens/{garden.pk}/rota").json()
    assert rota["garden_id"] == garden.pk and rota["can_sign_up"] is False
    [watering] = rota["tasks"]
    assert (watering["title"], watering["kind"], watering["duration_minutes"]) == (
        "Arrosage",
        "watering",
        45,
    )
    assert [s["id"] for s in watering["slots"]] == [s.pk for s in _slots(commune, task)]
    assert [s["assignee"] for s in watering["slots"][:2]] == ["Mila D.", None]
    assert watering["slots"][0]["is_mine"] is False
    assert api.get(f"/gardens/{garden.pk}/rota").json()["can_sign_up"] is True

    left = api.post(f"/slots/{first.pk}/leave")
    assert left.status_code == 200 and left.json()["assignee"] is None
    with schema_context(commune.schema_name):
        assert Slot.objects.get(pk=first.pk).assignee is None
        assert Slot.objects.get(pk=second.pk).assignee is None


def test_a_swap_happens_when_the_other_member_accepts(commune, garden, add_member, task, api_for):
    from jardins import services

    alice, bruno = add_member(first_name="Alice"), add_member(first_name="Bruno")
    first, second, *_rest = _slots(commune, task)
    _in(commune, services.sign_up, slot=first, member=alice)
    _in(commune, services.sign_up, slot=second, member=bruno)
    alices, brunos = api_for(commune, alice), api_for(commune, bruno)

    asked = alices.post(
        f"/slots/{first.pk}/swaps", {"recipient_id": bruno.pk, "offered_slot_id": second.pk}
    )
    assert asked.status_code == 201, asked.content
    swap = asked.json()
    assert (swap["status"], swap["direction"], swap["recipient"]) == (
        "pending",
        "outgoing",
        "Bruno D.",
    )
    assert swap["slot"]["id"] == first.pk and swap["offered_slot"]["id"] == second.pk
    assert swap["slot"]["is_mine"] is True and swap["offered_slot"]["is_mine"] is False

    # The rota shows the pending swap to the slot's holder only.
    slots = alices.get(f"/gardens/{garden.pk}/rota").json()["tasks"][0]["slots"]
    assert slots[0]["pending_swap"] == {
        "id": swap["id"],
        "recipient_id": bruno.pk,
        "recipient": "Bruno D.",
    }
    slots = brunos.get(f"/gardens/{garden.pk}/rota").json()["tasks"][0]["slots"]
    assert slots[0]["pending_swap"] is None

    [incoming] = brunos.get("/swaps").json()
    assert incoming["id"] == swap["id"] and incoming["direction"] == "incoming"
    assert [s["direction"] for s in alices.get("/swaps").json()] == ["outgoing"]

    # Alice cannot answer for Bruno; a second request for the slot waits.
    body = assert_error(alices.post(f"/swaps/{swap['id']}/accept"), 403, "permission_denied")
    assert body["message"] == "Cet échange ne vous est pas adressé."
    body = assert_error(alices.post(f"/slots/{first.pk}/swaps", {"recipient_id": bruno.pk}), 422)
    assert body["message"] == "Un échange attend déjà une réponse pour ce créneau."

    accepted = brunos.post(f"/swaps/{swap['id']}/accept")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["slot"]["assignee"] == "Bruno D."
    with schema_context(commune.schema_name):
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.assignee, second.assignee) == (bruno, alice)
    assert brunos.get("/swaps").json() == []
    body = assert_error(brunos.post(f"/swaps/{swap['id']}/decline"), 422)
    assert body["message"] == "Cet échange a déjà reçu une réponse."


def test_a_declined_swap_changes_nothing(commune, garden, add_member, task, api_for):
    from jardins import services

    alice, bruno = add_member(first_name="Alice"), add_member(first_name="Bruno")
    [slot, *_rest] = _slots(commune, task)
    _in(commune, services.sign_up, slot=slot, member=alice)
    swap = api_for(commune, alice).post(f"/slots/{slot.pk}/swaps", {"recipient_id": bruno.pk})
    declined = api_for(commune, bruno).post(f"/swaps/{swap.json()['id']}/decline")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert declined.json()["offered_slot"] is None
    with schema_context(commune.schema_name):
        slot.refresh_from_db()
        assert slot.assignee == alice


def test_swap_requests_are_validated(commune, garden, add_member, resident, task, api_for):
    from jardins import services

    alice, bruno = add_member(first_name="Alice"), add_member(first_name="Bruno")
    first, second, *_rest = _slots(commune, task)
    _in(commune, services.sign_up, slot=first, member=alice)
    api = api_for(commune, alice)
    before = _snapshot(commune)

    body = assert_error(api.post(f"/slots/{first.pk}/swaps", {}), 422, "validation_error")
    assert list(body["fields"]) == ["recipient_id"]
    body = assert_error(
        api.post(f"/slots/{first.pk}/swaps", {"recipient_id": "Bruno", "offered_slot_id": "x"}),
        422,
    )
    assert set(body["fields"]) == {"recipient_id", "offered_slot_id"}
    body = assert_error(api.post(f"/slots/{first.pk}/swaps", {"recipient_id": resident.pk}), 422)
    assert body["message"] == "Vous ne pouvez échanger qu'avec un membre de ce jardin."
    body = assert_error(api.post(f"/slots/{first.pk}/swaps", {"recipient_id": alice.pk}), 422)
    assert body["message"] == "Choisissez un autre membre."
    body = assert_error(
        api.post(
            f"/slots/{first.pk}/swaps", {"recipient_id": bruno.pk, "offered_slot_id": second.pk}
        ),
        422,
    )
    assert body["message"] == "Le créneau demandé en échange doit être l'un des siens."
    body = assert_error(
        api_for(commune, bruno).post(f"/slots/{first.pk}/swaps", {"recipient_id": alice.pk}), 422
    )
    assert body["message"] == "Vous ne pouvez échanger qu'un créneau que vous avez pris."
    assert_error(api.post(f"/slots/{first.pk}/swaps", {"recipient_id": 999999}), 404)
    assert _snapshot(commune) == before


# --- Other communes -----------------------------------------------------------------


def test_another_communes_ids_answer_404_and_change_nothing(
    commune, other_commune, garden, add_member, make_resident, task, api_for
):
    from jardins import services
    from jardins.models import Garden

    alice, bruno = add_member(first_name="Alice"), add_member(first_name="Bruno")
    first, second, *_rest = _slots(commune, task)
    _in(commune, services.sign_up, slot=first, member=alice)
    swap = _in(commune, services.propose_swap, slot=first, requester=alice, recipient=bruno)
    campaign = _in(
        commune,
        services.start_renewal,
        garden=garden,
        by=garden.coordinator,
        deadline=timezone.now() + timedelta(days=14),
    )
    with schema_context(commune.schema_name):
        renewal = campaign.items.get()
    with schema_context(other_commune.schema_name):
        assert not Garden.objects.exists()  # the ids below mean nothing in beta
    before = _snapshot(commune)

    stranger = make_resident(
        other_commune, email="ambassadeur2@beta.example", roles=(roles.AMBASSADOR,)
    )
    api = api_for(other_commune, stranger)
    assert api.get("/gardens").json() == []
    assert api.get("/swaps").json() == []
    for response in (
        api.get(f"/gardens/{garden.pk}"),
        api.get(f"/gardens/{garden.pk}/rota"),
        api.post(f"/gardens/{garden.pk}/application", {"note": "Coucou"}),
        api.delete(f"/gardens/{garden.pk}/application"),
        api.post(f"/gardens/{garden.pk}/renewals/{renewal.pk}", {"answer": "free"}),
        api.post(f"/slots/{second.pk}/sign-up"),
        api.post(f"/slots/{first.pk}/leave"),
        api.post(f"/slots/{first.pk}/swaps", {"recipient_id": stranger.pk}),
        api.post(f"/swaps/{swap.pk}/accept"),
        api.post(f"/swaps/{swap.pk}/decline"),
    ):
        assert_error(response, 404, "not_found")
    assert _snapshot(commune) == before
