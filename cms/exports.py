"""Data rights (registered in contributions.py, see socle/registry.py): what
cms holds of a resident.

Residents own the confidential requests they sent (not the mediators' follow-up
notes, which are the town's working notes and are not exported)."""

from cms.models import ConfidentialRequest


def export_for(resident) -> dict:
    return {
        "confidential_requests": [
            {
                "kind": request.kind,
                "sent_at": request.created_at.isoformat(),
                "name": request.name,
                "phone": request.phone,
                "email": request.email,
                "person": request.person,
                "message": request.message,
                "status": request.status,
            }
            for request in ConfidentialRequest.objects.filter(submitted_by=resident)
        ]
    }


def forget(resident) -> None:
    """The requests hold the sender's name and contact: they go with the account."""
    ConfidentialRequest.objects.filter(submitted_by=resident).delete()
