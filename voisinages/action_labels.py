"""What the logged actions (voisinages.ActionLog.code) read as on the
ambassador's and moderators' log pages: a label, never the code."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "cms.association.member_added": _("Member added to an association"),
    "cms.association.member_removed": _("Member removed from an association"),
    "cms.confidential.updated": _("Confidential request updated"),
    "cms.editor.granted": _("Editor role granted"),
    "cms.editor.revoked": _("Editor role withdrawn"),
    "discussions.category.created": _("Category created"),
    "discussions.category.updated": _("Category changed"),
    "discussions.comment.auto_hidden": _("Comment hidden automatically"),
    "discussions.comment.hidden": _("Comment hidden"),
    "discussions.comment.restored": _("Comment restored"),
    "discussions.post.approved": _("Post approved"),
    "discussions.post.restored": _("Post restored"),
    "discussions.post.hidden": _("Post hidden"),
    "discussions.post.deleted": _("Post deleted"),
    "discussions.post.auto_hidden": _("Post hidden automatically"),
    "discussions.post.deleted_by_author": _("Post deleted by its author"),
    "discussions.post.edited_by_author": _("Post edited by its author"),
    "discussions.post.moderated": _("Post moderated"),
    "discussions.post.pinned": _("Post pinned"),
    "discussions.post.unpinned": _("Post unpinned"),
    "discussions.word.added": _("Watched word added"),
    "discussions.word.removed": _("Watched word removed"),
    "jardins.application.priority": _("Garden application prioritised"),
    "jardins.coordinator.appointed": _("Garden coordinator appointed"),
    "jardins.coordinator.removed": _("Garden coordinator removed"),
    "jardins.garden.created": _("Garden created"),
    "jardins.garden.updated": _("Garden changed"),
    "jardins.plot.assigned": _("Plot assigned"),
    "jardins.plot.created": _("Plot created"),
    "jardins.plot.released": _("Plot released"),
    "jardins.renewal.closed": _("Renewal campaign closed"),
    "jardins.renewal.started": _("Renewal campaign started"),
    "objets.category.changed": _("Object category changed"),
    "objets.category.created": _("Object category created"),
    "tenants.commune.exported": _("Commune data exported"),
    "tenants.commune.resumed": _("Commune reopened"),
    "tenants.commune.suspended": _("Commune suspended"),
    "tenants.domain.added": _("Domain added"),
    "tenants.job.retried": _("Background task retried"),
    "tenants.quartier.changed": _("Quartier changed"),
    "tenants.quartier.created": _("Quartier created"),
    "tenants.quartier.deleted": _("Quartier deleted"),
    "tenants.settings.changed": _("Settings changed"),
    "voisinages.invitation.created": _("Invitation created"),
    "voisinages.member.approved": _("Member approved"),
    "voisinages.member.reinstated": _("Member reinstated"),
    "voisinages.member.suspended": _("Member suspended"),
    "voisinages.role.granted": _("Role granted"),
    "voisinages.role.revoked": _("Role withdrawn"),
}


def action_label(code: str) -> str:
    """The action's label; one not listed yet reads as "Other action"."""
    return str(LABELS.get(code, _("Other action")))
