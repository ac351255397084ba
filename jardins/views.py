"""Thin views: parse input, call one service or selector, respond."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseLocation

from jardins import forms, selectors, services
from jardins.ical import garden_calendar
from jardins.models import Plot
from jardins.services.rota import members_for_swap
from socle.htmx import is_htmx
from voisinages import roles
from voisinages.permissions import resident_required, role_required


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _form_errors(form) -> str:
    return " ".join(e for errors in form.errors.values() for e in errors)


def _form_page(request, form, *, title, save, success, next_url, garden=None, intro=""):
    """GET shows the form; a valid POST calls `save(cleaned_data)` (a service),
    whose ValidationError is shown on the form (status 400, nothing saved)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(next_url(result) if callable(next_url) else next_url)
    context = {"form": form, "garden": garden, "title": title, "intro": intro}
    return render(request, "jardins/form_page.html", context, status=400 if form.errors else 200)


def _post_action(request, act, *, success, next_url, form=None):
    """A POST button: validate `form` if any, call `act(cleaned_data)`, tell the
    outcome with a message (errors change nothing) and go back to `next_url`.
    To htmx (the forms carry `hx-boost`), the way back is an `HX-Location`:
    htmx fetches `next_url` and swaps its main region, message included,
    without reloading the page."""
    if form is not None and not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back_to(request, next_url)
    try:
        result = act(form.cleaned_data if form is not None else None)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, success(result) if callable(success) else success)
    return _back_to(request, next_url)


def _back_to(request, next_url):
    if is_htmx(request):
        return HttpResponseLocation(
            next_url, target="#contenu", select="#contenu", swap="outerHTML"
        )
    return redirect(next_url)


def _map_settings() -> dict:
    return {
        "tiles": settings.RESEAU_MAP_TILE_URL,
        "attribution": settings.RESEAU_MAP_ATTRIBUTION,
    }


def index(request):
    gardens = list(selectors.gardens_overview())
    return render(
        request,
        "jardins/index.html",
        {
            "gardens": gardens,
            "points": selectors.map_points(gardens),
            "map": _map_settings(),
            "can_create": roles.has_role(request.user, roles.AMBASSADOR),
        },
    )


@role_required(roles.AMBASSADOR)
def garden_create(request):
    return _form_page(
        request,
        forms.GardenForm(request.POST or None),
        title=_("Open a garden"),
        save=lambda data: services.create_garden(by=request.user, **data),
        success=_("The garden is open."),
        next_url=lambda garden: garden.get_absolute_url(),
    )


def garden_detail(request, garden_id):
    garden = selectors.get_garden(garden_id=garden_id)
    context = selectors.garden_page(garden=garden, viewer=request.user)
    context.update(
        {
            "points": selectors.map_points([garden]),
            "map": _map_settings(),
            "application_form": forms.ApplicationForm(),
            "photo_form": forms.PhotoForm(),
            "renewal_form": forms.RenewalForm(),
        }
    )
    return render(request, "jardins/garden.html", context)


@resident_required
def garden_edit(request, garden_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    form = forms.GardenForm(request.POST or None, instance=garden)
    return _form_page(
        request,
        form,
        title=_("Edit the garden"),
        garden=garden,
        save=lambda data: services.update_garden(garden=garden, by=request.user, **data),
        success=_("The garden has been updated."),
        next_url=garden.get_absolute_url(),
    )


@require_POST
@resident_required
def photo_add(request, garden_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    return _post_action(
        request,
        lambda data: services.add_photo(
            garden=garden, by=request.user, upload=data["image"], caption=data["caption"]
        ),
        form=forms.PhotoForm(request.POST, request.FILES),
        success=_("Photo added."),
        next_url=garden.get_absolute_url(),
    )


@require_POST
@resident_required
def photo_delete(request, garden_id, photo_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    photo = selectors.get_photo(garden=garden, photo_id=photo_id)
    return _post_action(
        request,
        lambda _data: services.delete_photo(photo=photo, by=request.user),
        success=_("Photo removed."),
        next_url=garden.get_absolute_url(),
    )


@resident_required
def plot_add(request, garden_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    return _form_page(
        request,
        forms.PlotForm(request.POST or None, garden=garden),
        title=_("Add a plot"),
        garden=garden,
        save=lambda data: services.add_plot(garden=garden, by=request.user, **data),
        success=_("Plot added."),
        next_url=garden.get_absolute_url() + "#parcelles",
    )


@resident_required
def plot_edit(request, garden_id, plot_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    plot = selectors.get_plot(garden=garden, plot_id=plot_id)
    initial = {"area_m2": plot.area_m2, "reserved_for": plot.reserved_for}
    return _form_page(
        request,
        forms.PlotEditForm(request.POST or None, initial=initial),
        title=str(plot),
        garden=garden,
        save=lambda data: services.update_plot(plot=plot, by=request.user, **data),
        success=_("Plot updated."),
        next_url=garden.get_absolute_url() + "#parcelles",
    )


@require_POST
@resident_required
def plot_assign(request, garden_id, plot_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    plot = selectors.get_plot(garden=garden, plot_id=plot_id)
    return _post_action(
        request,
        lambda _data: services.assign_to_next(plot=plot, by=request.user),
        success=lambda application: (
            _("Plot %(number)s goes to %(name)s.")
            % {"number": plot.number, "name": application.applicant.display_name}
        ),
        next_url=reverse("garden_waiting_list", args=[garden.pk]),
    )


@require_POST
@resident_required
def apply(request, garden_id):
    garden = selectors.get_garden(garden_id=garden_id)
    return _post_action(
        request,
        lambda data: services.apply_for_plot(
            garden=garden, applicant=request.user, note=data["note"]
        ),
        form=forms.ApplicationForm(request.POST),
        success=_("You are on the waiting list."),
        next_url=reverse("garden_waiting_list", args=[garden.pk]),
    )


@require_POST
@resident_required
def withdraw(request, garden_id):
    garden = selectors.get_garden(garden_id=garden_id)
    return _post_action(
        request,
        lambda _data: services.withdraw_application(garden=garden, applicant=request.user),
        success=_("You have left the waiting list."),
        next_url=garden.get_absolute_url(),
    )


def waiting_list(request, garden_id):
    garden = selectors.get_garden(garden_id=garden_id)
    context = selectors.garden_page(garden=garden, viewer=request.user)
    context["application_form"] = forms.ApplicationForm()
    context["free_plots"] = [p for p in context["plots"] if p.status == Plot.Status.FREE]
    return render(request, "jardins/waiting_list.html", context)


@require_POST
@resident_required
def set_priority(request, garden_id, application_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    application = selectors.get_application(garden=garden, application_id=application_id)
    return _post_action(
        request,
        lambda data: services.set_priority(
            application=application,
            by=request.user,
            priority=data["priority"],
            reason=data["reason"],
        ),
        form=forms.PriorityForm(request.POST),
        success=_("Priority recorded."),
        next_url=reverse("garden_waiting_list", args=[garden.pk]),
    )


@require_POST
@resident_required
def renewal_start(request, garden_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    return _post_action(
        request,
        lambda data: services.start_renewal(
            garden=garden, by=request.user, deadline=data["deadline"]
        ),
        form=forms.RenewalForm(request.POST),
        success=_("Each plot holder has been asked to confirm."),
        next_url=garden.get_absolute_url(),
    )


@require_POST
@resident_required
def renewal_answer(request, garden_id, renewal_id):
    garden = selectors.get_garden(garden_id=garden_id)
    renewal = selectors.get_renewal(garden=garden, renewal_id=renewal_id, viewer=request.user)
    keep = request.POST.get("answer") == "keep"
    return _post_action(
        request,
        lambda _data: services.answer_renewal(renewal=renewal, holder=request.user, keep=keep),
        success=_("Thank you: your plot is yours for another year.")
        if keep
        else _("Thank you: your plot is free for the next person."),
        next_url=garden.get_absolute_url(),
    )


@require_POST
@resident_required
def coordinator(request, garden_id, membership_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    membership = selectors.get_membership(garden=garden, membership_id=membership_id)
    return _post_action(
        request,
        lambda _data: services.set_coordinator(
            garden=garden,
            resident=membership.resident,
            by=request.user,
            on=request.POST.get("on") == "1",
        ),
        success=_("Roles updated."),
        next_url=garden.get_absolute_url(),
    )


# --- Rota --------------------------------------------------------------------


def rota(request, garden_id):
    garden = selectors.get_garden(garden_id=garden_id)
    context = selectors.garden_page(garden=garden, viewer=request.user)
    context.update(selectors.rota_for(garden=garden, viewer=request.user))
    return render(request, "jardins/rota.html", context)


@resident_required
def task_add(request, garden_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    return _form_page(
        request,
        forms.TaskForm(request.POST or None),
        title=_("Add a task to the rota"),
        garden=garden,
        save=lambda data: services.create_task(garden=garden, by=request.user, **data),
        success=_("Task added to the rota."),
        next_url=reverse("garden_rota", args=[garden.pk]),
    )


@require_POST
@resident_required
def slot_add(request, garden_id, task_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    task = selectors.get_task(garden=garden, task_id=task_id)
    return _post_action(
        request,
        lambda data: services.add_slot(task=task, by=request.user, starts_at=data["starts_at"]),
        form=forms.SlotForm(request.POST),
        success=_("Slot added."),
        next_url=reverse("garden_rota", args=[garden.pk]),
    )


def _slot_action(request, garden_id, slot_id, service, success):
    garden = selectors.get_garden(garden_id=garden_id)
    slot = selectors.get_slot(garden=garden, slot_id=slot_id)
    return _post_action(
        request,
        lambda _data: service(slot=slot, member=request.user),
        success=success,
        next_url=reverse("garden_rota", args=[garden.pk]),
    )


@require_POST
@resident_required
def slot_signup(request, garden_id, slot_id):
    return _slot_action(request, garden_id, slot_id, services.sign_up, _("The slot is yours."))


@require_POST
@resident_required
def slot_leave(request, garden_id, slot_id):
    return _slot_action(
        request, garden_id, slot_id, services.leave_slot, _("You have given up the slot.")
    )


@resident_required
def swap_propose(request, garden_id, slot_id):
    garden = selectors.get_garden(garden_id=garden_id)
    slot = selectors.get_slot(garden=garden, slot_id=slot_id)
    members = members_for_swap(garden, request.user)
    form = forms.SwapForm(
        request.POST or None,
        members=members,
        their_slots=selectors.swappable_slots(garden=garden, members=members),
    )
    when = date_format(timezone.localtime(slot.starts_at), "l j F Y, H:i")
    return _form_page(
        request,
        form,
        title=_("Ask a member to swap"),
        garden=garden,
        intro=f"{slot.task.title} — {when}. "
        + _("The member you choose must accept; until then the slot stays yours."),
        save=lambda data: services.propose_swap(
            slot=slot,
            requester=request.user,
            recipient=data["recipient"],
            offered_slot=data["offered_slot"],
        ),
        success=_("Swap request sent."),
        next_url=reverse("garden_rota", args=[garden.pk]),
    )


@require_POST
@resident_required
def swap_answer(request, garden_id, swap_id):
    garden = selectors.get_garden(garden_id=garden_id)
    swap = selectors.get_swap(garden=garden, swap_id=swap_id)
    accept = request.POST.get("answer") == "accept"
    return _post_action(
        request,
        lambda _data: services.answer_swap(swap=swap, recipient=request.user, accept=accept),
        success=_("Swap accepted.") if accept else _("Swap declined."),
        next_url=reverse("garden_rota", args=[garden.pk]),
    )


# --- Harvests, events, thread -------------------------------------------------


@resident_required
def harvest_add(request, garden_id):
    garden = selectors.get_garden_for_member(viewer=request.user, garden_id=garden_id)
    return _form_page(
        request,
        forms.HarvestForm(request.POST or None),
        title=_("Share a harvest"),
        garden=garden,
        save=lambda data: services.announce_harvest(garden=garden, author=request.user, **data),
        success=_("Your harvest is announced."),
        next_url=garden.get_absolute_url() + "#recoltes",
    )


@require_POST
@resident_required
def harvest_delete(request, garden_id, harvest_id):
    garden = selectors.get_garden(garden_id=garden_id)
    harvest = selectors.get_harvest(garden=garden, harvest_id=harvest_id)
    return _post_action(
        request,
        lambda _data: services.remove_harvest(harvest=harvest, by=request.user),
        success=_("Harvest removed."),
        next_url=garden.get_absolute_url() + "#recoltes",
    )


@resident_required
def event_add(request, garden_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    return _form_page(
        request,
        forms.EventForm(request.POST or None),
        title=_("Plan an event"),
        garden=garden,
        save=lambda data: services.create_event(garden=garden, by=request.user, **data),
        success=_("Event added."),
        next_url=garden.get_absolute_url() + "#evenements",
    )


def ical(request, garden_id):
    garden = selectors.get_garden(garden_id=garden_id)
    text = garden_calendar(
        garden=garden,
        host=request.get_host().split(":")[0],
        url=request.build_absolute_uri(garden.get_absolute_url()),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="jardin-{garden.pk}.ics"'
    return response


@resident_required
def thread(request, garden_id):
    garden = selectors.get_garden_for_member(viewer=request.user, garden_id=garden_id)
    form = forms.MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_message(
                garden=garden, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("garden_thread", garden.pk)
    return render(
        request,
        "jardins/thread.html",
        {
            "garden": garden,
            "form": form,
            "thread": selectors.thread_for(garden=garden, viewer=request.user),
        },
        status=400 if form.errors else 200,
    )
