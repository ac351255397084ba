"""Thin views: parse, call one service or selector, respond."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from objets import selectors, services
from objets.forms import (
    BlackoutForm,
    CategoryForm,
    ItemForm,
    LoanRequestForm,
    OptionalReasonForm,
    ReasonForm,
    ReturnForm,
    ReviewForm,
    SearchForm,
)
from objets.ical import loans_calendar
from objets.models import Category, ItemPhoto
from objets.services.feeds import loan_feed_for, reset_loan_feed
from objets.services.items import can_manage
from objets.steps import STEPS, step_forms
from socle.communes import commune_url
from socle.htmx import is_htmx, varies_on_htmx, wants_fragment
from socle.params import parse_month
from voisinages import roles
from voisinages.permissions import posting_required, resident_required, role_required


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def item_list(request):
    """Open to visitors (a taste of what neighbours lend); names and object
    pages need an account."""
    form = SearchForm(request.GET or None)
    criteria = form.criteria() if form.is_valid() else {}
    page = selectors.CappedPaginator(
        selectors.search_items(**criteria), selectors.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    if wants_fragment(request, "item-results"):  # the filters, through htmx: the list only
        return varies_on_htmx(render(request, "objets/_item_results.html", context))
    return varies_on_htmx(render(request, "objets/item_list.html", context))


def _month(request) -> tuple[int, int]:
    today = timezone.localdate()
    return parse_month(request.GET.get("mois"), default=(today.year, today.month))


def _item_page(request, item, *, request_form=None, status=200):
    year, month = _month(request)
    manager = can_manage(item=item, resident=request.user)
    context = {
        "item": item,
        "photos": selectors.item_photos(item=item),
        "tag_names": selectors.item_tag_names(item=item),
        "keeper": item.keeper,
        "keeper_rating": selectors.rating_summary_for(item.keeper) if item.keeper else None,
        "reviews": selectors.item_reviews(item=item),
        "grid": selectors.availability_month(item=item, year=year, month=month),
        "can_manage": manager,
        "request_form": request_form or LoanRequestForm(),
        "is_keeper": item.keeper is not None and item.keeper.pk == request.user.pk,
    }
    if manager:
        context["blackouts"] = selectors.upcoming_blackouts(item=item)
        context["blackout_form"] = BlackoutForm()
        context["requests"] = selectors.pending_requests(item=item)
    return render(request, "objets/item_detail.html", context, status=status)


@resident_required
def item_detail(request, item_id: int):
    item = selectors.get_item(item_id=item_id, viewer=request.user)
    return _item_page(request, item)


@posting_required
def item_create(request):
    form = ItemForm(
        request.POST or None, request.FILES or None, **selectors.owner_choices(viewer=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(
                actor=request.user, **form.service_fields(), **form.owner_fields()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your object is listed."))
            return redirect(item)
    return render(request, "objets/item_form.html", {"form": form})


@resident_required
def item_edit(request, item_id: int):
    item = selectors.get_item_to_manage(viewer=request.user, item_id=item_id)
    form = ItemForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(item=item, actor=request.user, **form.service_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(item)
    return render(request, "objets/item_form.html", {"form": form, "item": item})


@require_POST
@resident_required
def photo_delete(request, photo_id: int):
    photo = ItemPhoto.objects.filter(pk=photo_id).select_related("item").first()
    item = selectors.get_item_to_manage(viewer=request.user, item_id=photo.item_id if photo else 0)
    services.delete_photo(photo=photo, actor=request.user)
    messages.success(request, _("Photo removed."))
    return redirect("item_edit", item.pk)


@require_POST
@resident_required
def blackout_add(request, item_id: int):
    item = selectors.get_item_to_manage(viewer=request.user, item_id=item_id)
    form = BlackoutForm(request.POST)
    if form.is_valid():
        try:
            services.add_blackout(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for error in _errors(exc):
                messages.error(request, error)
        else:
            messages.success(request, _("These days are marked unavailable."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(item)


@require_POST
@resident_required
def blackout_delete(request, blackout_id: int):
    blackout = selectors.get_blackout_to_manage(viewer=request.user, blackout_id=blackout_id)
    services.remove_blackout(blackout=blackout, actor=request.user)
    messages.success(request, _("These days are available again."))
    return redirect(blackout.item)


@require_POST
@posting_required
def loan_request(request, item_id: int):
    item = selectors.get_item(item_id=item_id, viewer=request.user)
    form = LoanRequestForm(request.POST)
    if form.is_valid():
        try:
            loan = services.request_loan(item=item, borrower=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if is_htmx(request):  # the "Borrow it" box says so, with a link to the request
                return render(request, "objets/_borrow.html", {"item": item, "sent_loan": loan})
            messages.success(request, _("Your request is sent: the owner will answer soon."))
            return redirect(loan)
    if is_htmx(request):  # the box with the form and its errors (200: htmx shows it)
        return render(request, "objets/_borrow.html", {"item": item, "request_form": form})
    return _item_page(request, item, request_form=form, status=400)


@resident_required
def my_loans(request):
    context = selectors.my_loans(resident=request.user)
    feed = loan_feed_for(resident=request.user)
    context["feed_url"] = commune_url(request.tenant, f"/objets/calendrier/{feed.token}.ics")
    return render(request, "objets/my_loans.html", context)


@require_POST
@resident_required
def feed_reset(request):
    reset_loan_feed(resident=request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("my_loans")


def loan_feed(request, token: str):
    resident = selectors.feed_token_owner(token=token)
    body = loans_calendar(
        loans=selectors.calendar_loans(resident=resident),
        resident=resident,
        host=request.get_host().split(":")[0],
        base_url=commune_url(request.tenant, ""),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="prets.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


# What the site asks for before each step of objets/steps.py that needs words.
STEP_FORMS = {
    "decline": ReasonForm,
    "cancel": OptionalReasonForm,
    "confirm-return": ReturnForm,
    "review": ReviewForm,
}


def _loan_page(request, loan, *, bound=None, status=200):
    """The loan's page; to htmx, its body only (errors included, status 200 so
    that htmx shows them)."""
    page = selectors.loan_page_for(viewer=request.user, loan=loan)
    context = {
        "page": page,
        "loan": loan,
        "item": loan.item,
        "steps": step_forms(
            page.steps, form_classes=STEP_FORMS, is_lender=page.is_lender, bound=bound
        ),
    }
    if is_htmx(request):
        return render(request, "objets/_loan_body.html", context)
    return render(request, "objets/loan_detail.html", context, status=status)


@resident_required
def loan_detail(request, loan_id: int):
    loan = selectors.get_loan_for(viewer=request.user, loan_id=loan_id)
    return _loan_page(request, loan)


@require_POST
@resident_required
def loan_step(request, loan_id: int, step: str):
    loan = selectors.get_loan_for(viewer=request.user, loan_id=loan_id)
    taken = STEPS.get(step)
    if taken is None:
        return redirect(loan)
    data = {}
    if step in STEP_FORMS:
        form = STEP_FORMS[step](request.POST, request.FILES)
        if not form.is_valid():
            return _loan_page(request, loan, bound={step: form}, status=400)
        data = form.cleaned_data
    try:
        taken.take(loan=loan, actor=request.user, **data)
    except ValidationError as exc:
        for error in _errors(exc):
            messages.error(request, error)
        return _loan_page(request, loan, status=400)
    messages.success(request, taken.done)
    if is_htmx(request):
        return _loan_page(request, selectors.get_loan_for(viewer=request.user, loan_id=loan.pk))
    return redirect(loan)


@role_required(roles.AMBASSADOR)
def category_list(request, category_id: int | None = None):
    category = Category.objects.filter(pk=category_id).first() if category_id else None
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_category(
                actor=request.user,
                category=category,
                name=form.cleaned_data["name"],
                position=form.cleaned_data["position"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Category saved."))
            return redirect("object_categories")
    return render(
        request,
        "objets/categories.html",
        {"form": form, "category": category, "categories": selectors.categories()},
    )
