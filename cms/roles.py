"""Roles of the commune's editorial site (groups in the commune's schema)."""

from voisinages import roles

EDITOR = "editor"  # the town's Wagtail editors (created by migration cms 0005)
PRINT_ROLES = (roles.AMBASSADOR, roles.MEDIATOR, EDITOR)
