"""The members figure of the ambassadors' dashboard (registered in contributions.py)."""

from datetime import datetime, time

from django.utils import timezone

from voisinages.models import Resident


def members(*, starts, bounds, monthly_counts) -> list[int]:
    """Active members at the end of each month (cumulative)."""
    residents = Resident.objects.filter(is_active=True)
    first = timezone.make_aware(datetime.combine(starts[0], time.min))
    total = residents.filter(date_joined__lt=first).count()
    values = []
    for joined in monthly_counts(residents, "date_joined", starts):
        total += joined
        values.append(total)
    return values
