"""Small French niceties shared by every page: "à l'instant" instead of
"il y a 0 minute", and "1er février" instead of "1 février"."""

import re
from datetime import datetime, timedelta

from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _


def ago(value, now=None) -> str:
    """ "il y a 5 minutes", or "à l'instant" under a minute (and for a date a
    little ahead, a clock being slightly off)."""
    if not value:
        return ""
    now = now or timezone.now()
    if not isinstance(value, datetime):
        return _("%(since)s ago") % {"since": timesince(value, now)}
    if value > now - timedelta(minutes=1):
        return _("just now")
    return _("%(since)s ago") % {"since": timesince(value, now)}


def first_of_month(text: str, value) -> str:
    """In French the first day of a month is "1er": "1 février" → "1er février"."""
    if getattr(value, "day", None) != 1 or not translation.get_language().startswith("fr"):
        return text
    month = date_format(value, "F")
    return re.sub(rf"(?<![\d])1 {re.escape(month)}", f"1er {month}", text, count=1)
