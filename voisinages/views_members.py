"""/gestion/membres/: community management by ambassadors."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socle.communes import commune_url
from socle.links import safe_next
from socle.ratelimits import enforce_rate_limit
from voisinages import roles, selectors
from voisinages.forms import InvitationForm, ReasonForm, RoleForm
from voisinages.permissions import role_required
from voisinages.services import members as services
from voisinages.views_accounts import _add_errors

ambassador_required = role_required(roles.AMBASSADOR)


@ambassador_required
def members(request):
    state = request.GET.get("etat", "")
    query = request.GET.get("q", "")[:100]
    page = Paginator(selectors.members_for_management(state=state, query=query), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "voisinages/gestion/members.html",
        {
            "page": page,
            "state": state,
            "query": query,
            "role_form": RoleForm(),
            "invitation_form": InvitationForm(),
            "invitations": selectors.invitations_of()[:20],
            "managed_roles": [(r, roles.LABELS[r]) for r in services.MANAGED_ROLES],
        },
    )


def _run(request, action, **kwargs):
    try:
        action(actor=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    return True


@require_POST
@ambassador_required
def member_action(request, member_id: int, action: str):
    member = selectors.get_member(member_id=member_id)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    verbs = {
        "approuver": (services.approve_resident, _("%(name)s is approved.")),
        "suspendre": (services.suspend_resident, _("%(name)s is suspended.")),
        "retablir": (services.reinstate_resident, _("%(name)s is reinstated.")),
    }
    if action not in verbs:
        return HttpResponse(status=404)
    service, done = verbs[action]
    if _run(request, service, resident=member, reason=reason):
        messages.success(request, done % {"name": member.display_name})
    return redirect(safe_next(request, "members"))


@require_POST
@ambassador_required
def member_role(request, member_id: int):
    member = selectors.get_member(member_id=member_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
    elif _run(
        request,
        services.change_role,
        resident=member,
        role=form.cleaned_data["role"],
        granted=form.cleaned_data["granted"],
        reason=form.cleaned_data["reason"],
    ):
        messages.success(
            request, _("The roles of %(name)s are updated.") % {"name": member.display_name}
        )
    return redirect("members")


@ambassador_required
def invitation_create(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enforce_rate_limit(request, "invitation")
        try:
            invitation = services.invite(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The invitation is ready."))
            return redirect("invitation_detail", invitation_id=invitation.pk)
    return render(
        request,
        "voisinages/gestion/invitation_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@ambassador_required
def invitation_detail(request, invitation_id: int):
    invitation = selectors.get_invitation(invitation_id=invitation_id)
    return render(
        request,
        "voisinages/gestion/invitation.html",
        {"invitation": invitation, "link": _invitation_link(request, invitation)},
    )


def _invitation_link(request, invitation) -> str:
    return commune_url(request.commune, invitation.get_absolute_url())


def _qr_png(data: str) -> bytes:
    import qrcode

    image = qrcode.make(data, box_size=10, border=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@ambassador_required
def invitation_qr(request, invitation_id: int):
    invitation = selectors.get_invitation(invitation_id=invitation_id)
    return HttpResponse(_qr_png(_invitation_link(request, invitation)), content_type="image/png")


def _centred(pdf, text, *, size, height, style="", family="Helvetica", after=0) -> None:
    """One centred paragraph of the flyer, then `after` mm of space."""
    pdf.set_font(family, style, size)
    pdf.multi_cell(0, height, text, align="C", new_x="LMARGIN", new_y="NEXT")
    if after:
        pdf.ln(after)


@ambassador_required
def invitation_flyer(request, invitation_id: int):
    """A printable A5 flyer: the commune's name, a short text and the QR code."""
    from fpdf import FPDF

    invitation = selectors.get_invitation(invitation_id=invitation_id)
    link = _invitation_link(request, invitation)
    pdf = FPDF(format="A5")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    _centred(pdf, request.commune.name, style="B", size=22, height=11, after=2)
    _centred(pdf, _("Join the neighbours' network of your commune"), size=14, height=7, after=4)
    pdf.image(io.BytesIO(_qr_png(link)), x=(148 - 80) / 2, w=80)
    pdf.ln(4)
    _centred(pdf, _("Scan the code with your phone, or type this address:"), size=11, height=6)
    _centred(pdf, link, family="Courier", size=8, height=5, after=3)
    _centred(
        pdf,
        _("Lend, borrow, help each other, share news of the quartier."),
        style="I",
        size=10,
        height=5,
    )
    pdf.set_title(request.commune.name)
    response = HttpResponse(bytes(pdf.output()), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="invitation-{invitation.pk}.pdf"'
    return response


@ambassador_required
def action_log(request):
    page = Paginator(selectors.action_log(prefix=request.GET.get("code", "")[:80]), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "voisinages/gestion/log.html", {"page": page})
