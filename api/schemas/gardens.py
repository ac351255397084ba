"""The shapes of api/routers/gardens.py: what its operations read and answer."""

from datetime import datetime, timedelta
from typing import Literal

from ninja import Schema
from pydantic import Field


def application_with_position(status):
    """My application to a garden, with my place on its waiting list."""
    application = status.application
    if application is not None:
        application.position = status.position
    return application


class PersonOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj):
        return obj.display_name


class MyApplicationOut(Schema):
    id: int
    status: str = Field(..., description="waiting, assigned or withdrawn.")
    note: str
    applied_at: datetime
    position: int | None = Field(
        None, description="My place on the waiting list (1 = next), while waiting."
    )

    @staticmethod
    def resolve_applied_at(obj):
        return obj.created_at

    @staticmethod
    def resolve_position(obj):
        return getattr(obj, "position", None)


class GardenOut(Schema):
    id: int
    name: str
    address: str
    latitude: float | None
    longitude: float | None
    plot_count: int
    free_count: int = Field(..., description="Free plots.")
    waiting_count: int = Field(..., description="People on the waiting list.")
    my_role: str | None = Field(None, description="member or coordinator; null if not a member.")
    my_application: MyApplicationOut | None = Field(
        None, description="My latest application to this garden, if any."
    )
    url: str

    @staticmethod
    def resolve_my_role(obj):
        return obj.me.role

    @staticmethod
    def resolve_my_application(obj):
        return application_with_position(obj.me)

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class PlotCountsOut(Schema):
    total: int
    free: int
    assigned: int
    reserved: int


class PlotOut(Schema):
    id: int
    number: int
    area_m2: float
    status: str = Field(..., description="free, assigned or reserved.")
    reserved_for: str
    holder: str | None = Field(None, description="The holder's name, shown to members only.")
    is_mine: bool


class MyPlotOut(Schema):
    id: int
    number: int
    area_m2: float


class WaitingEntryOut(Schema):
    position: int
    applicant_id: int
    applicant: str
    applied_at: datetime
    priority: int
    priority_reason: str
    is_me: bool
    note: str | None = Field(None, description="For the coordinators (and my own note).")


class WaitingListOut(Schema):
    count: int
    my_position: int | None
    entries: list[WaitingEntryOut] | None = Field(
        ...,
        description="The list in order; null for those who may see the count only "
        "(members, coordinators and applicants see the list).",
    )


class RenewalOut(Schema):
    id: int
    plot_id: int
    plot_number: int
    year: int
    deadline: datetime
    answer: str = Field(..., description="pending, confirmed, freed or expired.")
    answered_at: datetime | None

    @staticmethod
    def resolve_plot_number(obj):
        return obj.plot.number

    @staticmethod
    def resolve_year(obj):
        return obj.campaign.year

    @staticmethod
    def resolve_deadline(obj):
        return obj.campaign.deadline


class GardenDetailOut(Schema):
    id: int
    name: str
    description: str
    rules: str = Field(..., description="Markdown.")
    rules_html: str = Field(..., description="The rules rendered from Markdown, sanitised.")
    address: str
    latitude: float | None
    longitude: float | None
    opening_hours: str
    url: str
    is_member: bool
    is_coordinator: bool
    my_role: str | None
    my_application: MyApplicationOut | None
    my_plot: MyPlotOut | None
    my_renewal: RenewalOut | None = Field(
        None, description="My plot's renewal waiting for my answer, while a campaign is open."
    )
    plot_counts: PlotCountsOut
    plots: list[PlotOut]
    waiting_list: WaitingListOut
    coordinators: list[PersonOut]
    member_count: int
    members: list[PersonOut] | None = Field(
        ..., description="Members' names, shown to members only."
    )


class ApplicationIn(Schema):
    note: str = Field("", max_length=500, description="A short note for the coordinators.")


class RenewalIn(Schema):
    answer: Literal["keep", "free"]


class SwapRef(Schema):
    id: int
    recipient_id: int
    recipient: str

    @staticmethod
    def resolve_recipient(obj):
        return obj.recipient.display_name


class SlotOut(Schema):
    id: int
    garden_id: int
    task_id: int
    task: str
    starts_at: datetime
    ends_at: datetime
    assignee_id: int | None
    assignee: str | None
    is_mine: bool

    @staticmethod
    def resolve_garden_id(obj):
        return obj.task.garden_id

    @staticmethod
    def resolve_task(obj):
        return obj.task.title

    @staticmethod
    def resolve_ends_at(obj):
        return obj.starts_at + timedelta(minutes=obj.task.duration_minutes)

    @staticmethod
    def resolve_assignee(obj):
        return obj.assignee.display_name if obj.assignee_id else None

    @staticmethod
    def resolve_is_mine(obj, context):
        return obj.assignee_id is not None and obj.assignee_id == context["request"].user.pk


class RotaSlotOut(SlotOut):
    pending_swap: SwapRef | None = Field(
        None, description="The swap I asked for this slot of mine, waiting for an answer."
    )


class TaskOut(Schema):
    id: int
    title: str
    kind: str
    description: str
    every_days: int
    duration_minutes: int
    slots: list[RotaSlotOut] = Field(..., description="Upcoming slots, soonest first.")

    @staticmethod
    def resolve_slots(obj):
        return obj.upcoming  # prefetched by rota_for


class RotaOut(Schema):
    garden_id: int
    can_sign_up: bool = Field(..., description="Only members take part in the rota.")
    tasks: list[TaskOut]


class SwapIn(Schema):
    recipient_id: int = Field(..., description="The member asked to take the slot.")
    offered_slot_id: int | None = Field(
        None, description="One of their slots I take in exchange (optional)."
    )


class SwapOut(Schema):
    id: int
    status: str = Field(..., description="pending, accepted, declined or cancelled.")
    direction: Literal["incoming", "outgoing"] = Field(
        ..., description="incoming: asked of me; outgoing: asked by me."
    )
    requester_id: int
    requester: str
    recipient_id: int
    recipient: str
    slot: SlotOut
    offered_slot: SlotOut | None
    created_at: datetime
    answered_at: datetime | None

    @staticmethod
    def resolve_direction(obj, context):
        return "incoming" if obj.recipient_id == context["request"].user.pk else "outgoing"

    @staticmethod
    def resolve_requester(obj):
        return obj.requester.display_name

    @staticmethod
    def resolve_recipient(obj):
        return obj.recipient.display_name
