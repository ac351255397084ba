"""Admin tweaks: links to the town's printables and editorial team, and every
new association page gets its own editors group. A confidential form page is
served by its view (cms.views.confidential_form)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.models import AssociationPage, ConfidentialFormPage
from cms.roles import PRINT_ROLES
from cms.services import ensure_association_editors
from cms.views import confidential_form
from voisinages import roles


class RoleMenuItem(MenuItem):
    def __init__(self, *args, roles_allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.roles_allowed = roles_allowed

    def is_shown(self, request):
        return any(roles.has_role(request.user, role) for role in self.roles_allowed)


@hooks.register("register_admin_menu_item")
def printables_menu_item():
    return RoleMenuItem(
        _("Print for the town hall"),
        reverse("cms:printables"),
        icon_name="doc-full",
        order=900,
        roles_allowed=PRINT_ROLES,
    )


@hooks.register("register_admin_menu_item")
def team_menu_item():
    return RoleMenuItem(
        _("Who edits the town's pages"),
        reverse("cms:team"),
        icon_name="group",
        order=910,
        roles_allowed=(roles.AMBASSADOR,),
    )


@hooks.register("after_create_page")
def give_associations_their_editors(request, page):
    if isinstance(page.specific, AssociationPage):
        ensure_association_editors(association=page.specific)


@hooks.register("on_serve_page", order=100)
def serve_confidential_forms(serve):
    """A confidential form page answers with its form and its thank-you page.
    Wagtail's own checks of the page (view restrictions, order 0) run first."""

    def inner(page, request, serve_args, serve_kwargs):
        if isinstance(page, ConfidentialFormPage):
            return confidential_form(request, page=page)
        return serve(page, request, serve_args, serve_kwargs)

    return inner
