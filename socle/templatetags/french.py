"""A builtin library (reseau/settings/web.py, TEMPLATES builtins): every
template's `date` filter writes "1er" for the first of a month in French, and
`ago` reads "à l'instant" rather than "il y a 0 minute"."""

from django import template
from django.template.defaultfilters import date as django_date
from django.utils.html import conditional_escape

from socle.french import ago as ago_text
from socle.french import first_of_month

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    return first_of_month(django_date(value, arg), value)


@register.filter
def ago(value):
    return conditional_escape(ago_text(value))


@register.filter
def initials(name) -> str:
    """ "Camille D." → "CD": the avatar of someone without a picture."""
    words = [word for word in str(name or "").replace(".", " ").split() if word[:1].isalpha()]
    return "".join(word[0] for word in words[:2]).upper() or "?"
