"""{% post_cards posts [more_posts…] %}: the cards of one or more lists of posts."""

from django import template

from discussions.cards import render_cards

register = template.Library()


@register.simple_tag
def post_cards(*lists):
    return render_cards(post for posts in lists for post in posts)
