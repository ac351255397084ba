"""Garden figures for the ambassadors' dashboard (tenants.dashboard.extra_series)."""

from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jardins.models import Plot


def figures(*, starts, monthly_counts):
    """Garden occupancy: plots in use (held or reserved) at the end of each month,
    counting each current holder from the day the plot was assigned (plots keep
    no history of earlier holders)."""
    total = Plot.objects.count()
    if not total:
        return []
    reserved = Plot.objects.filter(status=Plot.Status.RESERVED).count()
    held = Plot.objects.filter(status=Plot.Status.ASSIGNED)
    values = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else _next_month(start)
        cutoff = timezone.make_aware(datetime.combine(end, time.min))
        in_use = reserved + held.filter(Q(assigned_at__lt=cutoff) | Q(assigned_at=None)).count()
        values.append(round(100 * in_use / total))
    return [("garden_occupancy", _("Garden occupancy (percent of plots in use)"), values)]


def _next_month(day):
    return day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1, day=1)
