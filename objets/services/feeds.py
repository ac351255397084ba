"""The private iCal feed of a resident's loans."""

from django.db import transaction

from objets.models import LoanFeed, _feed_token


@transaction.atomic
def loan_feed_for(*, resident) -> LoanFeed:
    """The resident's feed (created on first use)."""
    feed, _created = LoanFeed.objects.get_or_create(resident=resident)
    return feed


@transaction.atomic
def reset_loan_feed(*, resident) -> LoanFeed:
    """A new secret URL: the old one stops working."""
    feed = loan_feed_for(resident=resident)
    feed.token = _feed_token()
    feed.full_clean()
    feed.save()
    return feed
