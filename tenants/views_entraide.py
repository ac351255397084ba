"""/entraide/ on the platform site: the public offers and requests of every
open commune (tenants/entraide.py), with a list of departments (no JavaScript)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socle.params import parse_id
from socle.ratelimits import enforce_rate_limit
from tenants import entraide
from tenants.forms import (
    BoardModerationForm,
    EntraideFilterForm,
    GuestManageForm,
    GuestPostForm,
    GuestReplyForm,
)
from tenants.models import GuestPost
from tenants.services import guests
from tenants.views import _add_errors
from tenants.views_platform import platform_staff_required


def listings(request):
    return _listings_page(request, request.GET)


def department(request, code):
    """/entraide/departement/<code>/: the listings of one department (the map's links)."""
    code = (code or "").upper()
    if code not in entraide.department_names():
        raise Http404
    query = request.GET.copy()
    query["departement"] = code
    return _listings_page(request, query, department=code)


def _listings_page(request, query, *, department=""):
    form = EntraideFilterForm(query or None)
    rows, has_next, filters = [], False, {}
    if form.is_bound and not form.is_valid():
        status = 400
        for error in form.errors.get("page", []):
            form.add_error(None, error)  # a hidden field shows its error on top
    else:
        status = 200
        data = form.cleaned_data if form.is_bound else {}
        filters = {name: value for name, value in data.items() if value and name != "page"}
        page = data.get("page") or 1
        rows, has_next = entraide.search_listings(
            kind=data.get("type") or "",
            category=data.get("categorie") or "",
            department=data.get("departement") or "",
            commune=data.get("commune") or "",
            query=data.get("q") or "",
            page=page,
        )
    page = (form.cleaned_data.get("page") or 1) if status == 200 and form.is_bound else 1
    query = query.copy()
    query.pop("page", None)
    if department:
        query.pop("departement", None)
    departments = entraide.department_counts()
    return render(
        request,
        "tenants/entraide/list.html",
        {
            "form": form,
            "listings": rows,
            "filters": filters,
            "departments": departments,
            "map_counts": {row["code"]: row["count"] for row in departments},
            "department": department,
            "department_name": entraide.department_name(department) if department else "",
            "page": page,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if has_next else None,
            "query": query.urlencode(),
        },
        status=status,
    )


def propose(request):
    """/entraide/proposer/: an offer or request without an account."""
    form = GuestPostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enforce_rate_limit(request, "guest", email=data["email"])
        try:
            guests.submit_guest_post(
                french_commune=data["insee_code"],
                first_name=data["first_name"],
                email=data["email"],
                phone=data["phone"],
                kind=data["kind"],
                categories=data["categories"],
                title=data["title"],
                body=data["body"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Almost done! Confirm your address with the link we emailed to you."),
            )
            return redirect("entraide")
    return render(
        request,
        "tenants/entraide/propose.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def confirm(request, token):
    try:
        guest = guests.confirm_guest_post(token=token)
    except ValidationError as error:
        return render(request, "tenants/message.html", {"text": error.messages[0]}, status=400)
    if guest.status == GuestPost.Status.IN_COMMUNE:
        text = _("Thank you! Your post is sent to the ambassadors of %(name)s, who publish it.")
    else:
        text = _("Thank you! Your post waits for the platform team's approval.")
    return render(
        request, "tenants/message.html", {"text": text % {"name": guest.french_commune.name}}
    )


def manage(request, token):
    """The guest's private link: renew, close or delete, without a password."""
    try:
        guest = guests.guest_for_manage(token)
    except ValidationError as error:
        return render(request, "tenants/message.html", {"text": error.messages[0]}, status=400)
    form = GuestManageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                guest = guests.manage_guest_post(token=token, action=form.cleaned_data["action"])
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Done."))
                if guest.status == GuestPost.Status.DELETED:
                    return render(
                        request, "tenants/message.html", {"text": _("Your post is deleted.")}
                    )
            return redirect("entraide_manage", token=token)
        return render(request, "tenants/message.html", {"text": _("Unknown action.")}, status=400)
    return render(request, "tenants/entraide/manage.html", {"guest": guest})


def guest_detail(request, pk):
    """A guest's post (on its board or in its open commune's feed), and the
    relay form visitors answer it with."""
    guest = guests.relayable_guest_post(parse_id(pk, strict=True))
    if guest is None:
        raise Http404
    form = GuestReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enforce_rate_limit(request, "email", email=form.cleaned_data["email"])
        try:
            guests.answer_board_post(
                guest=guest,
                sender_email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Confirm your address with the link we emailed to you: then we send it.")
            )
            return redirect("entraide_guest", pk=guest.pk)
    return render(
        request,
        "tenants/entraide/guest_detail.html",
        {"guest": guest, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def reply_confirm(request, token):
    try:
        guests.confirm_reply(token=token)
    except ValidationError as error:
        return render(request, "tenants/message.html", {"text": error.messages[0]}, status=400)
    return render(request, "tenants/message.html", {"text": _("Thank you! Your message is sent.")})


def answer_in_commune(request, slug, post_id):
    """From a guest's post in a commune's feed: its relay form on the platform."""
    guest = guests.guest_of_commune_post(slug=slug[:50], post_id=parse_id(post_id, strict=True))
    if guest is None:
        raise Http404
    return redirect("entraide_guest", pk=guest.pk)


@require_POST
def report(request, pk):
    """A visitor reports a board post (once per browser, rate-limited per address)."""
    guest = guests.visible_board_post(parse_id(pk, strict=True))
    if guest is None:
        raise Http404
    reported = request.session.get("entraide_reported", [])
    if guest.pk not in reported:
        enforce_rate_limit(request, "report")
        guests.report_board_post(guest=guest)
        request.session["entraide_reported"] = [*reported, guest.pk][-100:]
    messages.success(request, _("Thank you: platform staff will look at this post."))
    return redirect("entraide")


@platform_staff_required
def board_queue(request):
    """Posts waiting for approval, and reported ones (published or hidden by reports)."""
    return render(
        request,
        "tenants/entraide/board_queue.html",
        {
            "pending": GuestPost.objects.select_related("french_commune")
            .filter(
                Q(status=GuestPost.Status.PENDING)
                | Q(
                    status__in=[GuestPost.Status.PUBLISHED, GuestPost.Status.HIDDEN],
                    reports__gt=0,
                )
            )
            .order_by("-reports", "-id")[:100]
        },
    )


@platform_staff_required
@require_POST
def board_moderate(request, pk):
    guest = get_object_or_404(GuestPost, pk=parse_id(pk, strict=True))
    form = BoardModerationForm(request.POST)
    if not form.is_valid():
        return render(request, "tenants/message.html", {"text": _("Unknown action.")}, status=400)
    try:
        guests.moderate_board_post(guest=guest, action=form.cleaned_data["action"], by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Done."))
    return redirect("platform_board")
