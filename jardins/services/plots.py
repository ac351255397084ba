"""Plots, the waiting list and the yearly renewal."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jardins.access import require_coordinator
from jardins.models import Application, Garden, Membership, Plot, PlotRenewal, RenewalCampaign
from jardins.services.gardens import join_garden
from voisinages.logs import log_action
from voisinages.models import Resident
from voisinages.notifications import notify


def _coordinators(garden: Garden):
    return Resident.objects.filter(
        garden_memberships__garden=garden,
        garden_memberships__role=Membership.Role.COORDINATOR,
        is_active=True,
    )


@transaction.atomic
def add_plot(
    *, garden: Garden, by: Resident, number: int, area_m2: Decimal, reserved_for: str = ""
) -> Plot:
    """A coordinator adds a numbered plot (free, or reserved when a school or
    association is named)."""
    require_coordinator(garden, by)
    plot = Plot(
        garden=garden,
        number=number,
        area_m2=area_m2,
        reserved_for=reserved_for.strip(),
        status=Plot.Status.RESERVED if reserved_for.strip() else Plot.Status.FREE,
    )
    plot.full_clean()
    plot.save()
    log_action(code="jardins.plot.created", actor=by, target=plot)
    return plot


@transaction.atomic
def update_plot(
    *, plot: Plot, by: Resident, area_m2: Decimal, reserved_for: str = "", release: bool = False
) -> Plot:
    """Change a plot's size; reserve a free plot for a school or association, or
    make a reserved plot free again. `release` frees an assigned plot."""
    plot = Plot.objects.select_for_update().get(pk=plot.pk)
    require_coordinator(plot.garden, by)
    plot.area_m2 = area_m2
    reserved_for = reserved_for.strip()
    if plot.status == Plot.Status.ASSIGNED:
        if release:
            log_action(
                code="jardins.plot.released", actor=by, target=plot, data={"holder": plot.holder_id}
            )
            plot.status, plot.holder, plot.assigned_at = Plot.Status.FREE, None, None
    else:
        plot.reserved_for = reserved_for
        plot.status = Plot.Status.RESERVED if reserved_for else Plot.Status.FREE
    plot.full_clean()
    plot.save()
    return plot


def eligible_queue(garden: Garden):
    """Waiting applications in order; the first eligible one gets the next plot
    (an active account that holds no plot in this garden yet)."""
    holders = Plot.objects.filter(garden=garden, holder__isnull=False).values("holder")
    return (
        Application.objects.filter(
            garden=garden, status=Application.Status.WAITING, applicant__is_active=True
        )
        .exclude(applicant__in=holders)
        .select_related("applicant")
        .order_by("-priority", "created_at", "pk")
    )


@transaction.atomic
def assign_to_next(*, plot: Plot, by: Resident) -> Application:
    """Give a free plot to the first eligible applicant, in one action.

    The garden row is locked for the whole assignment, so two coordinators
    acting at once are served one after the other: the second finds the plot
    taken (or the next applicant). The constraints on Plot back this up."""
    Garden.objects.select_for_update().get(pk=plot.garden_id)
    plot = Plot.objects.select_related("garden").get(pk=plot.pk)
    require_coordinator(plot.garden, by)
    if plot.status != Plot.Status.FREE:
        raise ValidationError(_("This plot is not free any more."))
    application = eligible_queue(plot.garden).first()
    if application is None:
        raise ValidationError(_("Nobody eligible is waiting for a plot."))
    now = timezone.now()
    plot.status, plot.holder, plot.assigned_at = Plot.Status.ASSIGNED, application.applicant, now
    plot.full_clean()
    try:
        with transaction.atomic():
            plot.save()
    except IntegrityError as error:  # another assignment won the race
        raise ValidationError(_("This plot is not free any more.")) from error
    application.status, application.plot, application.decided_at = (
        Application.Status.ASSIGNED,
        plot,
        now,
    )
    application.save(update_fields=["status", "plot", "decided_at"])
    join_garden(garden=plot.garden, resident=application.applicant)
    log_action(
        code="jardins.plot.assigned",
        actor=by,
        target=plot,
        data={"application": application.pk, "holder": application.applicant_id},
    )
    notify(
        recipients=[application.applicant],
        kind="jardins.plot.assigned",
        title=_("You have a plot in %(garden)s: number %(number)s")
        % {"garden": plot.garden.name, "number": plot.number},
        url=plot.garden.get_absolute_url(),
        actor=by,
        target=plot,
    )
    return application


@transaction.atomic
def apply_for_plot(*, garden: Garden, applicant: Resident, note: str = "") -> Application:
    """Join the waiting list (once at a time, and not while holding a plot here)."""
    if not applicant.is_active:
        raise ValidationError(_("Your account is suspended."))
    if Plot.objects.filter(garden=garden, holder=applicant).exists():
        raise ValidationError(_("You already have a plot in this garden."))
    if Application.objects.filter(
        garden=garden, applicant=applicant, status=Application.Status.WAITING
    ).exists():
        raise ValidationError(_("You are already on this garden's waiting list."))
    application = Application(garden=garden, applicant=applicant, note=note.strip())
    application.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:  # a double click that raced the check above
        raise ValidationError(_("You are already on this garden's waiting list.")) from error
    notify(
        recipients=_coordinators(garden),
        kind="jardins.application.received",
        title=_("%(name)s applies for a plot in %(garden)s")
        % {"name": applicant.display_name, "garden": garden.name},
        url=reverse("garden_waiting_list", args=[garden.pk]),
        actor=applicant,
        target=application,
    )
    return application


@transaction.atomic
def withdraw_application(*, garden: Garden, applicant: Resident) -> Application:
    application = (
        Application.objects.select_for_update()
        .filter(garden=garden, applicant=applicant, status=Application.Status.WAITING)
        .first()
    )
    if application is None:
        raise ValidationError(_("You are not on this garden's waiting list."))
    application.status, application.decided_at = Application.Status.WITHDRAWN, timezone.now()
    application.save(update_fields=["status", "decided_at"])
    return application


@transaction.atomic
def set_priority(*, application: Application, by: Resident, priority: int, reason: str) -> None:
    """Coordinators move an applicant up, with a reason everyone on the list sees."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    require_coordinator(application.garden, by)
    if application.status != Application.Status.WAITING:
        raise ValidationError(_("This application is no longer waiting."))
    reason = reason.strip()
    if priority < 0:
        raise ValidationError(_("A priority cannot be negative."))
    if priority > 0 and not reason:
        raise ValidationError(_("Give the reason for this priority: everyone on the list sees it."))
    application.priority = priority
    application.priority_reason = reason if priority else ""
    application.priority_set_by = by if priority else None
    application.full_clean()
    application.save(update_fields=["priority", "priority_reason", "priority_set_by"])
    log_action(
        code="jardins.application.priority",
        actor=by,
        target=application,
        reason=reason,
        data={"priority": priority},
    )


# --- Yearly renewal ---------------------------------------------------------


@transaction.atomic
def start_renewal(*, garden: Garden, by: Resident, deadline) -> RenewalCampaign:
    """Ask every plot holder to confirm or free their plot before `deadline`."""
    require_coordinator(garden, by)
    now = timezone.now()
    if deadline <= now:
        raise ValidationError(_("The deadline must be in the future."))
    if garden.renewals.filter(year=now.year).exists():
        raise ValidationError(_("This year's renewal has already been started."))
    campaign = RenewalCampaign(garden=garden, year=now.year, deadline=deadline, started_by=by)
    campaign.full_clean()
    campaign.save()
    plots = list(garden.plots.filter(status=Plot.Status.ASSIGNED).select_related("holder"))
    PlotRenewal.objects.bulk_create(
        PlotRenewal(campaign=campaign, plot=plot, holder=plot.holder) for plot in plots
    )
    notify(
        recipients=[plot.holder for plot in plots],
        kind="jardins.renewal.requested",
        title=_("Keep your plot in %(garden)s? Answer before %(date)s")
        % {
            "garden": garden.name,
            "date": timezone.localtime(deadline).strftime("%d/%m/%Y"),
        },
        url=garden.get_absolute_url() + "#renouvellement",
        actor=by,
        target=campaign,
    )
    log_action(code="jardins.renewal.started", actor=by, target=campaign)
    return campaign


@transaction.atomic
def answer_renewal(*, renewal: PlotRenewal, holder: Resident, keep: bool) -> PlotRenewal:
    """The holder confirms (keep) or frees their plot, before the deadline."""
    renewal = (
        PlotRenewal.objects.select_for_update()
        .select_related("campaign", "plot")
        .get(pk=renewal.pk)
    )
    if renewal.holder_id != holder.pk:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("This is not your plot."))
    if renewal.answer != PlotRenewal.Answer.PENDING:
        raise ValidationError(_("You have already answered."))
    now = timezone.now()
    if renewal.campaign.deadline <= now:
        raise ValidationError(_("The deadline has passed."))
    renewal.answered_at = now
    if keep:
        renewal.answer = PlotRenewal.Answer.CONFIRMED
    else:
        renewal.answer = PlotRenewal.Answer.FREED
        _free(renewal.plot)
    renewal.save(update_fields=["answer", "answered_at"])
    return renewal


def _free(plot: Plot) -> None:
    plot = Plot.objects.select_for_update().get(pk=plot.pk)
    plot.status, plot.holder, plot.assigned_at = Plot.Status.FREE, None, None
    plot.save(update_fields=["status", "holder", "assigned_at"])


@transaction.atomic
def close_expired_renewals(*, now=None) -> int:
    """After the deadline, plots whose holder did not confirm go back; returns
    how many were freed. Run by `send_garden_reminders`."""
    now = now or timezone.now()
    freed = 0
    campaigns = RenewalCampaign.objects.select_for_update().filter(
        closed_at__isnull=True, deadline__lte=now
    )
    for campaign in campaigns:
        coordinators = list(_coordinators(campaign.garden))
        for renewal in campaign.items.filter(answer=PlotRenewal.Answer.PENDING).select_related(
            "plot", "holder"
        ):
            if renewal.plot.holder_id == renewal.holder_id:
                _free(renewal.plot)
                freed += 1
                notify(
                    recipients=[renewal.holder],
                    kind="jardins.renewal.expired",
                    title=_("Plot %(number)s of %(garden)s went back: not confirmed in time")
                    % {"number": renewal.plot.number, "garden": campaign.garden.name},
                    url=campaign.garden.get_absolute_url(),
                    target=renewal.plot,
                )
            renewal.answer, renewal.answered_at = PlotRenewal.Answer.EXPIRED, now
            renewal.save(update_fields=["answer", "answered_at"])
        campaign.closed_at = now
        campaign.save(update_fields=["closed_at"])
        log_action(code="jardins.renewal.closed", actor=None, target=campaign)
        if coordinators:
            notify(
                recipients=coordinators,
                kind="jardins.renewal.closed",
                title=_("Renewal of %(garden)s closed") % {"garden": campaign.garden.name},
                url=campaign.garden.get_absolute_url(),
                target=campaign,
            )
    return freed
