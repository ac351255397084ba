from django import template

from voisinages import roles
from voisinages.action_labels import action_label as labels_of_actions
from voisinages.roles import remember_roles
from voisinages.selectors import nav_counts

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The unread badge of the header; the roles come with it for the
    `has_role` checks that follow (the ambassador's links)."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    counts = nav_counts(resident=user)
    remember_roles(user, counts.roles)
    return counts.unread


@register.filter
def has_role(user, role: str) -> bool:
    """`{% if user|has_role:"ambassador" %}`"""
    return roles.has_role(user, role)


@register.filter
def role_label(group_name: str) -> str:
    return roles.LABELS.get(group_name, group_name)


@register.filter
def action_label(code: str) -> str:
    """`{{ entry.code|action_label }}`: "Message masqué", not the code."""
    return labels_of_actions(code)
