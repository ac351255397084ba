"""Reads of the voisinages app. Privacy lives here: only these functions decide
what of a resident another resident may see."""

from dataclasses import dataclass
from functools import cache

from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from taggit.models import Tag

from voisinages import roles
from voisinages.models import (
    ActionLog,
    Invitation,
    Notification,
    NotificationPreference,
    Quartier,
    Resident,
)
from voisinages.notifications import KINDS


def usable_invitation(*, token: str) -> Invitation | None:
    if not token:
        return None
    invitation = Invitation.objects.filter(token=token).first()
    return invitation if invitation and invitation.is_usable else None


def visible_residents() -> QuerySet[Resident]:
    """Residents other residents may see: active and not waiting for approval."""
    return Resident.objects.filter(is_active=True, approval_pending=False)


def search_residents(*, query: str = "", skill: str = "", quartier_id=None) -> QuerySet[Resident]:
    residents = visible_residents().select_related("quartier")
    for word in query.split():
        residents = residents.filter(
            Q(first_name__unaccent__icontains=word) | Q(last_name__unaccent__icontains=word)
        )
    if skill.strip():
        residents = residents.filter(skills__name__iexact=skill.strip())
    if quartier_id:
        residents = residents.filter(quartier_id=quartier_id)
    return residents.prefetch_related("skills").distinct().order_by("first_name", "last_name", "pk")


def get_resident_for(*, viewer: Resident, resident_id: int) -> Resident:
    """A resident's profile as `viewer` may see it (404 if hidden)."""
    resident = Resident.objects.select_related("quartier").filter(pk=resident_id).first()
    if resident is None:
        raise Http404("No such neighbour.")
    if resident.pk != viewer.pk and (not resident.is_active or resident.approval_pending):
        if not roles.has_role(viewer, roles.AMBASSADOR):
            raise Http404("No such neighbour.")
    return resident


@dataclass(frozen=True)
class Contact:
    email: str = ""
    phone: str = ""


def contact_for(*, viewer, resident: Resident) -> Contact:
    """The contact details `viewer` may see: only what the owner chose to show,
    and only to verified residents of the same commune (accounts are per schema,
    so a viewer is always of this commune)."""
    if viewer.is_authenticated and viewer.pk == resident.pk:
        return Contact(email=resident.email, phone=resident.phone)
    if not (viewer.is_authenticated and viewer.can_post):
        return Contact()
    return Contact(
        email=resident.email if resident.show_email else "",
        phone=resident.phone if resident.show_phone else "",
    )


def skills_directory() -> list[tuple[Tag, list[Resident]]]:
    """Each skill offered with the residents who offer it, by name."""
    residents = list(visible_residents().prefetch_related("skills"))
    by_skill: dict[int, tuple[Tag, list[Resident]]] = {}
    for resident in residents:
        for tag in resident.skills.all():
            by_skill.setdefault(tag.pk, (tag, []))[1].append(resident)
    return sorted(by_skill.values(), key=lambda pair: pair[0].name.lower())


def tag_suggestions(kind: str, limit: int = 30) -> list[str]:
    """The most used skills (kind="skills") or interests of the commune."""
    related = "voisinages_skilltag_items" if kind == "skills" else "voisinages_interesttag_items"
    return list(
        Tag.objects.annotate(n=Count(related))
        .filter(n__gt=0)
        .order_by("-n", "name")
        .values_list("name", flat=True)[:limit]
    )


def map_data() -> dict:
    """What the map shows: quartier centres and voisins solidaires at their
    blurred position (never the stored coordinates)."""
    quartiers = [
        {"name": q.name, "lat": q.latitude, "lng": q.longitude}
        for q in Quartier.objects.exclude(latitude=None)
    ]
    solidaires = []
    for resident in (
        visible_residents()
        .filter(is_voisin_solidaire=True)
        .select_related("quartier")
        .prefetch_related("skills")
    ):
        position = resident.blurred_position
        solidaires.append(
            {
                "id": resident.pk,
                "name": resident.display_name,
                "quartier": resident.quartier.name if resident.quartier else "",
                "availability": resident.availability,
                "skills": [t.name for t in resident.skills.all()],
                "lat": position[0] if position else None,
                "lng": position[1] if position else None,
                "url": f"/voisins/{resident.pk}/",
            }
        )
    return {"quartiers": quartiers, "solidaires": solidaires}


def members_for_management(*, state: str = "", query: str = "") -> QuerySet[Resident]:
    residents = Resident.objects.prefetch_related("groups").select_related("quartier")
    if state == "attente":
        residents = residents.filter(approval_pending=True)
    elif state == "suspendus":
        residents = residents.filter(is_active=False)
    for word in query.split():
        # Names only: even ambassadors never see or probe email addresses.
        residents = residents.filter(
            Q(first_name__unaccent__icontains=word) | Q(last_name__unaccent__icontains=word)
        )
    return residents.order_by("-approval_pending", "first_name", "last_name", "pk")


def get_member(*, member_id: int) -> Resident:
    resident = Resident.objects.filter(pk=member_id).first()
    if resident is None:
        raise Http404("No such member.")
    return resident


def get_invitation(*, invitation_id: int) -> Invitation:
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


def invitations_of(*, resident: Resident | None = None) -> QuerySet[Invitation]:
    invitations = Invitation.objects.select_related("created_by").order_by("-created_at")
    if resident is not None:
        invitations = invitations.filter(created_by=resident)
    return invitations


def action_log(*, prefix: str = "") -> QuerySet[ActionLog]:
    entries = ActionLog.objects.select_related("actor")
    if prefix:
        entries = entries.filter(code__startswith=prefix)
    return entries


def inbox(*, resident: Resident) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=resident).select_related("actor")


def unread_count(*, resident: Resident) -> int:
    return Notification.objects.filter(recipient=resident, read_at__isnull=True).count()


@dataclass(frozen=True)
class NavCounts:
    unread: int
    roles: frozenset[str]


@cache
def _nav_counts_sql() -> str:
    qn = connection.ops.quote_name
    notification, groups = Notification._meta, Resident._meta.get_field("groups")
    # Quoted names from the models' metadata; the resident is a parameter.
    return (
        f"SELECT (SELECT COUNT(*) FROM {qn(notification.db_table)}"  # noqa: S608
        f" WHERE {qn(notification.get_field('recipient').column)} = %s"
        f" AND {qn(notification.get_field('read_at').column)} IS NULL),"
        f" ARRAY(SELECT g.{qn('name')} FROM {qn(Group._meta.db_table)} g"
        f" JOIN {qn(groups.m2m_db_table())} m ON m.{qn(groups.m2m_reverse_name())} = g.{qn('id')}"
        f" WHERE m.{qn(groups.m2m_column_name())} = %s)"
    )


def nav_counts(*, resident: Resident) -> NavCounts:
    """What the header of every page shows a logged-in resident: the unread
    notifications and the roles (the ambassador's links), in one statement.
    Written in SQL on purpose: it runs on every page, and the two ORM queries it
    replaces (`unread_count` and the groups) cost ~8× its Python time."""
    with connection.cursor() as cursor:
        cursor.execute(_nav_counts_sql(), [resident.pk, resident.pk])
        unread, names = cursor.fetchone()
    return NavCounts(unread=unread, roles=frozenset(names))


def delivery_for(resident: Resident, kind_code: str) -> str:
    """How a kind of notification reaches the resident: "app", "email",
    "digest" or "never" (their choice, else the kind's default)."""
    choice = (
        NotificationPreference.objects.filter(resident=resident, kind=kind_code)
        .values_list("delivery", flat=True)
        .first()
    )
    if choice:
        return choice
    kind = KINDS.get(kind_code)
    return kind.default if kind else "digest"


def notification_preferences(*, resident: Resident) -> dict[str, str]:
    chosen = dict(
        NotificationPreference.objects.filter(resident=resident).values_list("kind", "delivery")
    )
    return {code: chosen.get(code, kind.default) for code, kind in KINDS.items()}
