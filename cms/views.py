from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms import ical, pdf, selectors, services
from cms.forms import (
    AssociationMemberForm,
    ConfidentialFollowUpForm,
    ConfidentialRequestForm,
    ResidentEmailForm,
)
from cms.models import ConfidentialRequest
from cms.roles import PRINT_ROLES
from socle.ratelimits import enforce_rate_limit
from voisinages import roles
from voisinages.permissions import resident_required, role_required


def confidential_form(request, *, page):
    """Served by a ConfidentialFormPage: the form, then a thank-you message.
    Open to visitors without an account too (someone may ask for a neighbour)."""
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = ConfidentialRequestForm(request.POST or None, kind=page.kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        enforce_rate_limit(request, "email", email=fields.get("email") or None)
        if not fields.pop("website"):
            services.submit_confidential_request(
                kind=page.kind, submitted_by=request.user, **fields
            )
        return TemplateResponse(request, "cms/confidential_thanks.html", {"page": page})
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request, "cms/confidential_form_page.html", {"page": page, "form": form}, status=status
    )


@resident_required
def confidential_list(request):
    status = request.GET.get("statut") or None
    if status not in ConfidentialRequest.Status.values:
        status = None
    items = selectors.confidential_requests_for(viewer=request.user, status=status)
    return TemplateResponse(
        request,
        "cms/confidential_list.html",
        {"items": items, "status": status, "statuses": ConfidentialRequest.Status.choices},
    )


@resident_required
@require_http_methods(["GET", "POST"])
def confidential_detail(request, pk: int):
    item = selectors.get_confidential_request_for(viewer=request.user, request_id=pk)
    form = ConfidentialFollowUpForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.update_confidential_request(request=item, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The request was updated."))
        return redirect(item.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request, "cms/confidential_detail.html", {"item": item, "form": form}, status=status
    )


def event_ical(request, page_id: int):
    event = selectors.get_event(page_id=page_id)
    response = HttpResponse(
        ical.event_to_ical(event, url=request.build_absolute_uri(event.url)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def search(request):
    query = request.GET.get("q", "")[:200]
    return TemplateResponse(
        request,
        "cms/search.html",
        {"query": query, "results": selectors.search_pages(query=query)},
    )


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@role_required(*PRINT_ROLES)
def poster_pdf(request):
    return _pdf_response(pdf.poster(commune=request.commune), "affiche.pdf")


@role_required(*PRINT_ROLES)
def digest_pdf(request):
    return _pdf_response(pdf.weekly_digest(commune=request.commune), "semaine.pdf")


@role_required(*PRINT_ROLES)
def printables(request):
    return TemplateResponse(request, "cms/printables.html", {})


@role_required(roles.AMBASSADOR)
@require_http_methods(["GET", "POST"])
def team(request):
    """Ambassadors choose the town's editors and each association's members."""
    action = request.POST.get("action") if request.method == "POST" else None
    editor_form = ResidentEmailForm(
        request.POST if action == "editor_add" else None, prefix="editor"
    )
    member_form = AssociationMemberForm(
        request.POST if action == "member_add" else None, prefix="member"
    )
    if action == "editor_add" and editor_form.is_valid():
        services.grant_editor(resident=editor_form.resident, actor=request.user)
        messages.success(
            request,
            _("%(name)s can now edit the town's pages.")
            % {"name": editor_form.resident.display_name},
        )
        return redirect("cms:team")
    if action == "member_add" and member_form.is_valid():
        association = member_form.cleaned_data["association"]
        services.add_association_member(
            association=association, resident=member_form.resident, actor=request.user
        )
        messages.success(
            request,
            _("%(name)s can now edit the page of %(association)s.")
            % {"name": member_form.resident.display_name, "association": association.title},
        )
        return redirect("cms:team")
    if action == "editor_remove":
        resident = selectors.get_team_member(resident_id=request.POST.get("resident", ""))
        services.revoke_editor(resident=resident, actor=request.user)
        messages.success(request, _("Editing rights removed."))
        return redirect("cms:team")
    if action == "member_remove":
        association = selectors.get_association(association_id=request.POST.get("association", ""))
        resident = selectors.get_team_member(resident_id=request.POST.get("resident", ""))
        services.remove_association_member(
            association=association, resident=resident, actor=request.user
        )
        messages.success(request, _("Editing rights removed."))
        return redirect("cms:team")
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        "cms/team.html",
        {"editor_form": editor_form, "member_form": member_form, **selectors.editorial_team()},
        status=status,
    )
