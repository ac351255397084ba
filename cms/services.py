"""Writes of the commune's editorial site and confidential requests."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Page, Site
from wagtail.search import index

from cms.models import AssociationPage, ConfidentialRequest, HomePage
from cms.roles import EDITOR
from cms.selectors import get_confidential_request_for
from voisinages import roles
from voisinages.logs import log_action
from voisinages.models import Resident
from voisinages.notifications import notify

# What editors, ambassadors and association members may do on their pages.
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


@transaction.atomic
def install_commune_site(*, commune, hostname: str) -> None:
    """Point the commune's Wagtail site at its hostname and title its home page.

    Runs inside the new commune's schema, right after cloning the template
    (whose site is a neutral `localhost` placeholder); the cloned pages are
    then indexed for the commune's own search."""
    home = HomePage.objects.get(depth=2)
    HomePage.objects.filter(pk=home.pk).update(
        title=commune.name, draft_title=commune.name, seo_title=commune.name
    )
    Site.objects.update(
        hostname=hostname, port=80, site_name=commune.name, root_page=home, is_default_site=True
    )
    for page in Page.objects.filter(depth__gte=2).specific():
        index.insert_or_update_object(page)


def _page_permissions() -> list[Permission]:
    return list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
        )
    )


@transaction.atomic
def grant_editor(*, resident, actor=None) -> None:
    """Make a resident one of the town's Wagtail editors (pages of the whole site)."""
    resident.groups.add(Group.objects.get(name=EDITOR))
    log_action(code="cms.editor.granted", actor=actor, target=resident)


@transaction.atomic
def revoke_editor(*, resident, actor=None) -> None:
    resident.groups.remove(Group.objects.get(name=EDITOR))
    log_action(code="cms.editor.revoked", actor=actor, target=resident)


@transaction.atomic
def ensure_association_editors(*, association: AssociationPage) -> Group:
    """The association's own group: Wagtail admin access and page permissions
    on its page (and its news) only."""
    if association.editors_id:
        return association.editors
    group = Group.objects.create(name=f"association-{association.pk}")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for permission in _page_permissions():
        GroupPagePermission.objects.create(group=group, page=association, permission=permission)
    AssociationPage.objects.filter(pk=association.pk).update(editors=group)
    association.editors = group
    return group


@transaction.atomic
def add_association_member(*, association: AssociationPage, resident, actor=None) -> None:
    """Let a member of the association edit its page (and only it)."""
    if not resident.is_active:
        raise ValidationError(_("This account is suspended."))
    resident.groups.add(ensure_association_editors(association=association))
    log_action(
        code="cms.association.member_added",
        actor=actor,
        target=association,
        data={"resident": resident.pk},
    )


@transaction.atomic
def remove_association_member(*, association: AssociationPage, resident, actor=None) -> None:
    if association.editors_id:
        resident.groups.remove(association.editors)
    log_action(
        code="cms.association.member_removed",
        actor=actor,
        target=association,
        data={"resident": resident.pk},
    )


@transaction.atomic
def submit_confidential_request(
    *,
    kind: str,
    name: str,
    message: str,
    phone: str = "",
    email: str = "",
    person: str = "",
    submitted_by=None,
) -> ConfidentialRequest:
    """Store a confidential request and tell the commune's mediators (the
    notification names the kind only, never the content)."""
    request = ConfidentialRequest(
        kind=kind,
        name=name.strip(),
        phone=phone.strip(),
        email=email.strip(),
        person=person.strip(),
        message=message.strip(),
        submitted_by=submitted_by if getattr(submitted_by, "is_authenticated", False) else None,
    )
    request.full_clean()
    request.save()
    mediators = Resident.objects.filter(groups__name=roles.MEDIATOR, is_active=True).distinct()
    notify(
        recipients=mediators,
        kind="cms.confidential.received",
        title=_("New confidential request: %(kind)s") % {"kind": request.get_kind_display()},
        url=request.get_absolute_url(),
        target=request,
    )
    return request


@transaction.atomic
def update_confidential_request(
    *, request: ConfidentialRequest, actor, status: str, internal_note: str
) -> ConfidentialRequest:
    """A mediator follows a request up: its status and internal note."""
    request = get_confidential_request_for(viewer=actor, request_id=request.pk)
    previous = request.status
    request.status = status
    request.internal_note = internal_note.strip()
    request.full_clean()
    request.save()
    log_action(
        code="cms.confidential.updated",
        actor=actor,
        target=request,
        data={"from": previous, "to": status},
    )
    return request


def months_ago(moment: datetime.datetime, months: int) -> datetime.datetime:
    """`moment` minus whole calendar months (the day clamped to the month's end)."""
    import calendar

    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@transaction.atomic
def purge_confidential_requests(*, commune, now: datetime.datetime | None = None) -> int:
    """Delete the active commune's confidential requests older than its
    retention period; returns how many went."""
    assert connection.schema_name == commune.schema_name
    cutoff = months_ago(now or timezone.now(), commune.confidential_retention_months)
    deleted, _ = ConfidentialRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
