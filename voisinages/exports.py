"""voisinages' part of the data rights (registered in contributions.py, see
socle/registry.py)."""

from voisinages.models import ActionLog, Invitation, Notification, NotificationPreference


def export_for(resident) -> dict:
    return {
        "profile": {
            "first_name": resident.first_name,
            "last_name": resident.last_name,
            "email": resident.email,
            "phone": resident.phone,
            "quartier": resident.quartier.name if resident.quartier else None,
            "latitude": resident.latitude,
            "longitude": resident.longitude,
            "bio": resident.bio,
            "photo": resident.photo.name if resident.photo else None,
            "skills": sorted(resident.skills.names()),
            "interests": sorted(resident.interests.names()),
            "is_voisin_solidaire": resident.is_voisin_solidaire,
            "availability": resident.availability,
            "show_email": resident.show_email,
            "show_phone": resident.show_phone,
            "accepts_messages": resident.accepts_messages,
            "is_verified": resident.is_verified,
            "email_confirmed": resident.email_confirmed,
            "date_joined": resident.date_joined.isoformat(),
            "last_login": resident.last_login.isoformat() if resident.last_login else None,
            "roles": sorted(resident.groups.values_list("name", flat=True)),
        },
        "notifications": [
            {
                "kind": n.kind,
                "title": n.title,
                "body": n.body,
                "url": n.url,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(recipient=resident).order_by("id")
        ],
        "notification_preferences": {
            p.kind: p.delivery for p in NotificationPreference.objects.filter(resident=resident)
        },
        "invitations_sent": [
            {
                "role": i.role,
                "email": i.email,
                "created_at": i.created_at.isoformat(),
                "uses": i.uses,
            }
            for i in Invitation.objects.filter(created_by=resident).order_by("id")
        ],
        "actions_logged": [
            {
                "code": a.code,
                "target": a.target_repr,
                "reason": a.reason,
                "at": a.created_at.isoformat(),
            }
            for a in ActionLog.objects.filter(actor=resident).order_by("id")
        ],
    }


def forget(resident) -> None:
    """Notifications, preferences and tags go with the account (cascade); the
    photo file is removed; invitations and the action trail keep no link."""
    if resident.photo:
        resident.photo.delete(save=False)
    Invitation.objects.filter(created_by=resident).update(created_by=None)
