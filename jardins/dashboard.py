"""The gardens' figure of the ambassadors' dashboard (registered in contributions.py)."""

from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone

from jardins.models import Plot


def garden_occupancy(*, starts, bounds, monthly_counts) -> list[int] | None:
    """Garden occupancy: plots in use (held or reserved) at the end of each month,
    counting each current holder from the day the plot was assigned (plots keep
    no history of earlier holders). None (no figure) in a commune without plots."""
    total = Plot.objects.count()
    if not total:
        return None
    reserved = Plot.objects.filter(status=Plot.Status.RESERVED).count()
    held = Plot.objects.filter(status=Plot.Status.ASSIGNED)
    values = []
    for _begin, end in bounds:
        cutoff = timezone.make_aware(datetime.combine(end, time.min))
        in_use = reserved + held.filter(Q(assigned_at__lt=cutoff) | Q(assigned_at=None)).count()
        values.append(round(100 * in_use / total))
    return values
