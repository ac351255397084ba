"""Thin views: parse input, call one service or selector, respond."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jardins import forms, selectors, services
from jardins.ical import garden_calendar
from jardins.services.rota import members_for_swap
from voisinages import roles
from voisinages.permissions import resident_required, role_required


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _form_page(request, template, context, status=400):
    return render(request, template, context, status=status)


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
    form = forms.GardenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            garden = services.create_garden(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The garden is open."))
            return redirect(garden)
    status = 400 if form.errors else 200
    return render(request, "jardins/garden_form.html", {"form": form}, status=status)


def garden_detail(request, garden_id):
    garden = selectors.get_garden(garden_id=garden_id)
    context = selectors.garden_page(garden=garden, viewer=request.user)
    context.update(
        {
            "points": selectors.map_points([garden]),
            "map": _map_settings(),
            "application_form": forms.ApplicationForm(),
            "harvest_form": forms.HarvestForm(),
            "event_form": forms.EventForm(),
            "plot_form": forms.PlotForm(),
            "photo_form": forms.PhotoForm(),
            "renewal_form": forms.RenewalForm(),
        }
    )
    return render(request, "jardins/garden.html", context)


@resident_required
def garden_edit(request, garden_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    form = forms.GardenForm(request.POST or None, instance=garden)
    if request.method == "POST" and form.is_valid():
        services.update_garden(garden=garden, by=request.user, **form.cleaned_data)
        messages.success(request, _("The garden has been updated."))
        return redirect(garden)
    garden.refresh_from_db()
    status = 400 if form.errors else 200
    return render(
        request, "jardins/garden_form.html", {"form": form, "garden": garden}, status=status
    )


@require_POST
@resident_required
def photo_add(request, garden_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    form = forms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_photo(
                garden=garden,
                by=request.user,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Photo added."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(garden)


@require_POST
@resident_required
def photo_delete(request, garden_id, photo_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    photo = selectors.get_photo(garden=garden, photo_id=photo_id)
    services.delete_photo(photo=photo, by=request.user)
    messages.success(request, _("Photo removed."))
    return redirect(garden)


@resident_required
def plot_add(request, garden_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    form = forms.PlotForm(request.POST or None, garden=garden)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_plot(garden=garden, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Plot added."))
            return redirect(garden)
    status = 400 if form.errors else 200
    return render(
        request, "jardins/plot_form.html", {"form": form, "garden": garden}, status=status
    )


@resident_required
def plot_edit(request, garden_id, plot_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    plot = selectors.get_plot(garden=garden, plot_id=plot_id)
    initial = {"area_m2": plot.area_m2, "reserved_for": plot.reserved_for}
    form = forms.PlotEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plot(plot=plot, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Plot updated."))
            return redirect(garden)
    status = 400 if form.errors else 200
    return render(
        request,
        "jardins/plot_form.html",
        {"form": form, "garden": garden, "plot": plot},
        status=status,
    )


@require_POST
@resident_required
def plot_assign(request, garden_id, plot_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    plot = selectors.get_plot(garden=garden, plot_id=plot_id)
    try:
        application = services.assign_to_next(plot=plot, by=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            _("Plot %(number)s goes to %(name)s.")
            % {"number": plot.number, "name": application.applicant.display_name},
        )
    return redirect("garden_waiting_list", garden.pk)


@require_POST
@resident_required
def apply(request, garden_id):
    garden = selectors.get_garden(garden_id=garden_id)
    form = forms.ApplicationForm(request.POST)
    if form.is_valid():
        try:
            services.apply_for_plot(
                garden=garden, applicant=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("You are on the waiting list."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("garden_waiting_list", garden.pk)


@require_POST
@resident_required
def withdraw(request, garden_id):
    garden = selectors.get_garden(garden_id=garden_id)
    try:
        services.withdraw_application(garden=garden, applicant=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("You have left the waiting list."))
    return redirect(garden)


def waiting_list(request, garden_id):
    garden = selectors.get_garden(garden_id=garden_id)
    context = selectors.garden_page(garden=garden, viewer=request.user)
    context["application_form"] = forms.ApplicationForm()
    context["priority_form"] = forms.PriorityForm()
    context["free_plots"] = [p for p in context["plots"] if p.status == "free"]
    return render(request, "jardins/waiting_list.html", context)


@require_POST
@resident_required
def set_priority(request, garden_id, application_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    application = selectors.get_application(garden=garden, application_id=application_id)
    form = forms.PriorityForm(request.POST)
    if form.is_valid():
        try:
            services.set_priority(
                application=application,
                by=request.user,
                priority=form.cleaned_data["priority"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Priority recorded."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("garden_waiting_list", garden.pk)


@require_POST
@resident_required
def renewal_start(request, garden_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    form = forms.RenewalForm(request.POST)
    if form.is_valid():
        try:
            services.start_renewal(
                garden=garden, by=request.user, deadline=form.cleaned_data["deadline"]
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Each plot holder has been asked to confirm."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(garden)


@require_POST
@resident_required
def renewal_answer(request, garden_id, renewal_id):
    garden = selectors.get_garden(garden_id=garden_id)
    renewal = selectors.get_renewal(garden=garden, renewal_id=renewal_id, viewer=request.user)
    keep = request.POST.get("answer") == "keep"
    try:
        services.answer_renewal(renewal=renewal, holder=request.user, keep=keep)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            _("Thank you: your plot is yours for another year.")
            if keep
            else _("Thank you: your plot is free for the next person."),
        )
    return redirect(garden)


@require_POST
@resident_required
def coordinator(request, garden_id, membership_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    membership = selectors.get_membership(garden=garden, membership_id=membership_id)
    try:
        services.set_coordinator(
            garden=garden,
            resident=membership.resident,
            by=request.user,
            on=request.POST.get("on") == "1",
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Roles updated."))
    return redirect(garden)


# --- Rota --------------------------------------------------------------------


def rota(request, garden_id):
    garden = selectors.get_garden(garden_id=garden_id)
    context = selectors.garden_page(garden=garden, viewer=request.user)
    context.update(selectors.rota_for(garden=garden, viewer=request.user))
    context["task_form"] = forms.TaskForm()
    context["slot_form"] = forms.SlotForm()
    return render(request, "jardins/rota.html", context)


@resident_required
def task_add(request, garden_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    form = forms.TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_task(garden=garden, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Task added to the rota."))
            return redirect("garden_rota", garden.pk)
    status = 400 if form.errors else 200
    return render(
        request, "jardins/task_form.html", {"form": form, "garden": garden}, status=status
    )


@require_POST
@resident_required
def slot_add(request, garden_id, task_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    task = selectors.get_task(garden=garden, task_id=task_id)
    form = forms.SlotForm(request.POST)
    if form.is_valid():
        try:
            services.add_slot(task=task, by=request.user, starts_at=form.cleaned_data["starts_at"])
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Slot added."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("garden_rota", garden.pk)


def _slot_action(request, garden_id, slot_id, service, success):
    garden = selectors.get_garden(garden_id=garden_id)
    slot = selectors.get_slot(garden=garden, slot_id=slot_id)
    try:
        service(slot=slot, member=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, success)
    return redirect("garden_rota", garden.pk)


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
    their_slots = selectors.swappable_slots(garden=garden, members=members)
    form = forms.SwapForm(request.POST or None, members=members, their_slots=their_slots)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_swap(
                slot=slot,
                requester=request.user,
                recipient=form.cleaned_data["recipient"],
                offered_slot=form.cleaned_data["offered_slot"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Swap request sent."))
            return redirect("garden_rota", garden.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "jardins/swap_form.html",
        {"form": form, "garden": garden, "slot": slot},
        status=status,
    )


@require_POST
@resident_required
def swap_answer(request, garden_id, swap_id):
    garden = selectors.get_garden(garden_id=garden_id)
    swap = selectors.get_swap(garden=garden, swap_id=swap_id)
    accept = request.POST.get("answer") == "accept"
    try:
        services.answer_swap(swap=swap, recipient=request.user, accept=accept)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Swap accepted.") if accept else _("Swap declined."))
    return redirect("garden_rota", garden.pk)


# --- Harvests, events, thread -------------------------------------------------


@resident_required
def harvest_add(request, garden_id):
    garden = selectors.get_garden_for_member(viewer=request.user, garden_id=garden_id)
    form = forms.HarvestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.announce_harvest(garden=garden, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your harvest is announced."))
            return redirect(garden.get_absolute_url() + "#recoltes")
    status = 400 if form.errors else 200
    return render(
        request, "jardins/harvest_form.html", {"form": form, "garden": garden}, status=status
    )


@require_POST
@resident_required
def harvest_delete(request, garden_id, harvest_id):
    garden = selectors.get_garden(garden_id=garden_id)
    harvest = selectors.get_harvest(garden=garden, harvest_id=harvest_id)
    services.remove_harvest(harvest=harvest, by=request.user)
    messages.success(request, _("Harvest removed."))
    return redirect(garden)


@resident_required
def event_add(request, garden_id):
    garden = selectors.get_garden_to_manage(viewer=request.user, garden_id=garden_id)
    form = forms.EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_event(garden=garden, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Event added."))
            return redirect(garden.get_absolute_url() + "#evenements")
    status = 400 if form.errors else 200
    return render(
        request, "jardins/event_form.html", {"form": form, "garden": garden}, status=status
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
    status = 400 if form.errors else 200
    return render(
        request,
        "jardins/thread.html",
        {
            "garden": garden,
            "form": form,
            "thread": selectors.thread_for(garden=garden, viewer=request.user),
        },
        status=status,
    )
