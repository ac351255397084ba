"""Harvests, garden events and the members' thread."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.services import publish_post
from jardins.access import require_coordinator, require_member
from jardins.models import Garden, GardenEvent, GardenMessage, Harvest
from voisinages.models import Resident
from voisinages.notifications import notify


def _members(garden: Garden):
    return Resident.objects.filter(garden_memberships__garden=garden, is_active=True).distinct()


def publish_harvest_offer(*, harvest: Harvest):
    """Publish the harvest in the commune's feed as an "offre" (discussions)."""
    body = harvest.description or harvest.title
    body += "\n\n" + _("From the garden %(garden)s.") % {"garden": harvest.garden.name}
    try:
        return publish_post(author=harvest.author, kind="offre", title=harvest.title, body=body)
    except ValidationError as error:
        # Field errors of a post mean nothing on the harvest form: keep the words.
        raise ValidationError(error.messages) from error


@transaction.atomic
def announce_harvest(
    *,
    garden: Garden,
    author: Resident,
    title: str,
    description: str = "",
    available_until=None,
    to_feed: bool = False,
) -> Harvest:
    """A member offers a surplus: shown on the garden page and, if chosen, in
    the commune's feed as an offer."""
    require_member(garden, author)
    if available_until is not None and available_until < timezone.localdate():
        raise ValidationError(_("The date cannot be in the past."))
    if to_feed and not author.can_post:
        raise ValidationError(_("Only verified residents can publish in the feed."))
    harvest = Harvest(
        garden=garden,
        author=author,
        title=title,
        description=description,
        available_until=available_until,
    )
    harvest.full_clean()
    harvest.save()
    if to_feed:
        post = publish_harvest_offer(harvest=harvest)
        harvest.post_id = post.pk
        harvest.save(update_fields=["post_id"])
    notify(
        recipients=_members(garden),
        kind="jardins.harvest.announced",
        title=_("%(name)s shares a harvest at %(garden)s: %(title)s")
        % {"name": author.display_name, "garden": garden.name, "title": title},
        url=garden.get_absolute_url() + "#recoltes",
        actor=author,
        target=harvest,
    )
    return harvest


@transaction.atomic
def remove_harvest(*, harvest: Harvest, by: Resident) -> None:
    if harvest.author_id != by.pk:
        require_coordinator(harvest.garden, by)
    harvest.delete()


@transaction.atomic
def create_event(
    *,
    garden: Garden,
    by: Resident,
    kind: str,
    title: str,
    starts_at,
    ends_at,
    description: str = "",
) -> GardenEvent:
    """A coordinator plans a work day, a planting, a harvest party…"""
    require_coordinator(garden, by)
    if starts_at <= timezone.now():
        raise ValidationError(_("An event cannot start in the past."))
    if ends_at <= starts_at:
        raise ValidationError(_("The event must end after it starts."))
    event = GardenEvent(
        garden=garden,
        kind=kind,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=by,
    )
    event.full_clean()
    event.save()
    notify(
        recipients=_members(garden),
        kind="jardins.event.created",
        title=_("%(garden)s: %(title)s on %(when)s")
        % {
            "garden": garden.name,
            "title": title,
            "when": timezone.localtime(starts_at).strftime("%d/%m/%Y %H:%M"),
        },
        url=garden.get_absolute_url() + "#evenements",
        actor=by,
        target=event,
    )
    return event


@transaction.atomic
def post_message(*, garden: Garden, author: Resident, body: str) -> GardenMessage:
    """A member writes in the garden's thread (members only)."""
    require_member(garden, author)
    if not author.is_active:
        raise ValidationError(_("Your account is suspended."))
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a message first."))
    message = GardenMessage(garden=garden, author=author, body=body)
    message.full_clean()
    message.save()
    notify(
        recipients=_members(garden),
        kind="jardins.message.posted",
        title=_("%(name)s wrote in the thread of %(garden)s")
        % {"name": author.display_name, "garden": garden.name},
        body=body[:200],
        url=reverse("garden_thread", args=[garden.pk]),
        actor=author,
        target=message,
    )
    return message
