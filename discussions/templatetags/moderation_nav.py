"""The header's "Modération" count, for the ambassadors only (one query)."""

from django import template

from discussions import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_waiting(context) -> int:
    """Items waiting for a moderator, or 0 for anyone else (no query then)."""
    user = context.get("user")
    if user is None or not selectors.is_moderator(user):
        return 0
    return selectors.moderation_count()
