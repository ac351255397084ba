from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms import ical, pdf, selectors, services
from cms.forms import ConfidentialFollowUpForm, ConfidentialRequestForm
from cms.models import ConfidentialRequest
from cms.services import EDITOR_GROUP
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
        services.submit_confidential_request(
            kind=page.kind, submitted_by=request.user, **form.cleaned_data
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


@role_required(roles.AMBASSADOR, roles.MEDIATOR, EDITOR_GROUP)
def poster_pdf(request):
    return _pdf_response(pdf.poster(commune=request.commune), "affiche.pdf")


@role_required(roles.AMBASSADOR, roles.MEDIATOR, EDITOR_GROUP)
def digest_pdf(request):
    return _pdf_response(pdf.weekly_digest(commune=request.commune), "semaine.pdf")


@role_required(roles.AMBASSADOR, roles.MEDIATOR, EDITOR_GROUP)
def printables(request):
    return TemplateResponse(request, "cms/printables.html", {})
