"""The way to answer a guest's post: the platform's relay form (the guest has
no account here; tenants/views_entraide.py forwards the message by email)."""

from django import template
from django.conf import settings
from django.db import connection

from socle.links import absolute_url

register = template.Library()


@register.simple_tag
def guest_answer_url(post) -> str:
    slug = getattr(connection.tenant, "slug", "")
    return absolute_url(settings.RESEAU_BASE_DOMAIN, f"/entraide/repondre/{slug}/{post.pk}/")
