from django import template

from jardins.text import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Markdown rendered then sanitised with nh3."""
    return render_markdown(text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
