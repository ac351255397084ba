"""The lending figure of the ambassadors' dashboard (registered in contributions.py)."""

from objets.models import Loan

AGREED = [Loan.Status.ACCEPTED, Loan.Status.ONGOING, Loan.Status.RETURNED, Loan.Status.COMPLETED]


def loans(*, starts, bounds, monthly_counts) -> list[int]:
    """Loans agreed between neighbours, by the month they start."""
    agreed = Loan.objects.filter(status__in=AGREED)
    return [agreed.filter(starts_on__gte=begin, starts_on__lt=end).count() for begin, end in bounds]
