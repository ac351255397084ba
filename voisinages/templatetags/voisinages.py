from django import template

from voisinages.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    return unread_count(resident=user)


@register.filter
def has_role(user, role: str) -> bool:
    """`{% if user|has_role:"ambassador" %}`"""
    from voisinages.roles import has_role as check

    return check(user, role)


@register.filter
def role_label(group_name: str) -> str:
    from voisinages.roles import LABELS

    return LABELS.get(group_name, group_name)
