from django.contrib.contenttypes.models import ContentType

from voisinages.models import ActionLog, Resident


def log_action(
    *, code: str, actor: Resident | None, target=None, reason: str = "", data: dict | None = None
) -> ActionLog:
    """Write one entry of the commune's action trail (management, moderation)."""
    return ActionLog.objects.create(
        code=code,
        actor=actor,
        reason=reason,
        data=data or {},
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=getattr(target, "pk", None),
        target_repr=str(target)[:200] if target is not None else "",
    )
