"""Blocks other apps' pages include: a profile's offered services, a ride's seats."""

from django import template

from discussions import selectors

register = template.Library()


@register.simple_tag
def offered_services_of(resident):
    """{% offered_services_of resident as services %}"""
    return selectors.offered_services_of(resident)


@register.simple_tag
def ride_seats_for(post, viewer):
    """{% ride_seats_for post user as ride %} -> RideSeats, or None if not a ride."""
    return selectors.ride_seats_for(post=post, viewer=viewer)
