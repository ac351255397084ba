from django import template
from django.core.files.storage import default_storage

register = template.Library()


@register.filter
def media_url(name: str) -> str:
    """The URL of a stored file name (the commune's own media folder)."""
    return default_storage.url(name) if name else ""
