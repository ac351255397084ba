from voisinages.models import Invitation


def usable_invitation(*, token: str) -> Invitation | None:
    if not token:
        return None
    invitation = Invitation.objects.filter(token=token).first()
    return invitation if invitation and invitation.is_usable else None
