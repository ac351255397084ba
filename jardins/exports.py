"""Data rights (registered in contributions.py, see socle/registry.py): what
the gardens hold about a resident."""

from django.db import transaction
from django.utils import timezone

from jardins.models import (
    Application,
    GardenMessage,
    Harvest,
    Membership,
    Plot,
    PlotRenewal,
    Slot,
    Swap,
)


def _iso(value):
    return value.isoformat() if value else None


def export_for(resident) -> dict:
    return {
        "memberships": [
            {"garden": m.garden.name, "role": m.role, "joined_at": _iso(m.joined_at)}
            for m in Membership.objects.filter(resident=resident).select_related("garden")
        ],
        "plots": [
            {
                "garden": p.garden.name,
                "number": p.number,
                "area_m2": str(p.area_m2),
                "assigned_at": _iso(p.assigned_at),
            }
            for p in Plot.objects.filter(holder=resident).select_related("garden")
        ],
        "applications": [
            {
                "garden": a.garden.name,
                "note": a.note,
                "status": a.status,
                "priority": a.priority,
                "priority_reason": a.priority_reason,
                "created_at": _iso(a.created_at),
            }
            for a in Application.objects.filter(applicant=resident).select_related("garden")
        ],
        "rota_slots": [
            {"garden": s.task.garden.name, "task": s.task.title, "starts_at": _iso(s.starts_at)}
            for s in Slot.objects.filter(assignee=resident).select_related("task__garden")
        ],
        "harvests": [
            {
                "garden": h.garden.name,
                "title": h.title,
                "description": h.description,
                "created_at": _iso(h.created_at),
            }
            for h in Harvest.objects.filter(author=resident).select_related("garden")
        ],
        "messages": [
            {"garden": m.garden.name, "body": m.body, "created_at": _iso(m.created_at)}
            for m in GardenMessage.objects.filter(author=resident).select_related("garden")
        ],
    }


@transaction.atomic
def forget(resident) -> None:
    """Before the account goes: its plots become free, its future slots open,
    its applications and harvests go; thread messages stay for the other
    members, signed "Ancien voisin" (author emptied)."""
    Plot.objects.filter(holder=resident).update(
        status=Plot.Status.FREE, holder=None, assigned_at=None
    )
    Slot.objects.filter(assignee=resident, starts_at__gt=timezone.now()).update(
        assignee=None, reminded_at=None
    )
    Swap.objects.filter(requester=resident).delete()
    Swap.objects.filter(recipient=resident).delete()
    PlotRenewal.objects.filter(holder=resident).delete()
    Application.objects.filter(applicant=resident).delete()
    Harvest.objects.filter(author=resident).delete()
    Membership.objects.filter(resident=resident).delete()
    GardenMessage.objects.filter(author=resident).update(author=None)
