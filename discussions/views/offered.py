"""Services residents offer: the directory, and one's own list to manage."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from discussions import selectors, services
from discussions.forms import OfferedServiceForm
from discussions.views import apply_errors, errors_as_messages
from socle.params import MAX_ID, clean_text, parse_int
from voisinages.permissions import posting_required, resident_required


@resident_required
def directory(request):
    """Offered services, filtered by category (slug) and quartier (id), cut into
    pages by id (`apres` / `avant`: see selectors.offered_services_page)."""
    errors = []
    category_slug = clean_text(request.GET.get("categorie"), max_length=80)
    category = None
    if category_slug:
        category = selectors.get_category_by_slug(category_slug)
        if category is None:
            errors.append(_("This category does not exist in your commune."))
    quartier_id = None
    raw_quartier = request.GET.get("quartier", "")
    if raw_quartier:
        quartier_id = parse_int(raw_quartier, maximum=2**63 - 1)
        if quartier_id is None or not selectors.quartier_exists(quartier_id):
            errors.append(_("This quartier does not exist in your commune."))
            quartier_id = None
    cursors = {}
    for param, name in (("apres", "after"), ("avant", "before")):
        raw = request.GET.get(param)
        if raw:
            cursors[name] = parse_int(raw, minimum=1, maximum=MAX_ID)
            if cursors[name] is None:
                errors.append(_("This page link is not valid."))
                cursors.pop(name)
    page = None
    if not errors:
        page = selectors.offered_services_page(
            viewer=request.user, category=category, quartier_id=quartier_id, **cursors
        )
    query = request.GET.copy()
    for param in ("apres", "avant", "page"):
        query.pop(param, None)
    return render(
        request,
        "discussions/services_directory.html",
        {
            "page": page,
            "errors": errors,
            "selected_category": category.slug if category else "",
            "selected_quartier": quartier_id,
            **selectors.feed_filters(),
            "base_query": query.urlencode(),
        },
        status=400 if errors else 200,
    )


@posting_required
def my_services(request):
    """One's own offered services, and the form to add one."""
    form = OfferedServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_offered_service(resident=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your service is listed."))
            return redirect("my_services")
    return render(
        request,
        "discussions/my_services.html",
        {"services": selectors.my_offered_services(viewer=request.user), "form": form},
        status=400 if form.errors else 200,
    )


@posting_required
def edit_service(request, service_id):
    service = selectors.get_my_offered_service(viewer=request.user, service_id=service_id)
    initial = {"category": service.category, "rate": service.rate,
               "availability": service.availability}  # fmt: skip
    form = OfferedServiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_offered_service(service=service, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your service is updated."))
            return redirect("my_services")
    return render(
        request,
        "discussions/edit_service.html",
        {"service": service, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@resident_required
def remove_service(request, service_id):
    service = selectors.get_my_offered_service(viewer=request.user, service_id=service_id)
    with errors_as_messages(request, _("Your service is removed.")):
        services.remove_offered_service(service=service, by=request.user)
    return redirect("my_services")
