"""Platform staff pages (/plateforme/, public schema): onboarding requests,
the lifecycle of communes and the failed jobs. Staff are the public schema's accounts with is_staff."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socle.params import parse_id
from tenants import archives
from tenants import selectors_platform as staff_selectors
from tenants.forms import ApproveForm, DeleteCommuneForm, RefuseForm, RestoreCommuneForm
from tenants.models import CommuneExport, OnboardingRequest
from tenants.services import dead_letters, lifecycle, restores
from tenants.services import requests as platform
from tenants.views import _add_errors
from voisinages.forms import LoginForm


def platform_staff_required(view):
    """Anonymous visitors go to the staff login; other accounts get a 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "platform_login")
        staff_selectors.require_platform_staff(request.user)
        return view(request, *args, **kwargs)

    return wrapper


class PlatformLoginView(LoginView):
    form_class = LoginForm
    template_name = "tenants/platform/login.html"
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        return "/plateforme/"


@platform_staff_required
def home(request):
    return render(
        request,
        "tenants/platform/home.html",
        {
            "pending": staff_selectors.requests_for(
                staff=request.user, status=OnboardingRequest.Status.PENDING
            ),
            "reviewed": staff_selectors.requests_for(staff=request.user).exclude(
                status=OnboardingRequest.Status.PENDING
            )[:30],
            "communes": staff_selectors.communes_for(staff=request.user),
        },
    )


@platform_staff_required
def request_detail(request, pk):
    onboarding = staff_selectors.get_request_for(staff=request.user, pk=pk)
    approve_form = ApproveForm(prefix="approve")
    refuse_form = RefuseForm(prefix="refuse")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                approve_form = ApproveForm(request.POST, prefix="approve")
                if approve_form.is_valid():
                    commune = platform.approve_onboarding_request(
                        request=onboarding, reviewer=request.user, **approve_form.cleaned_data
                    )
                    messages.success(
                        request,
                        _("%(name)s is open; the invitation was emailed to the contact.")
                        % {"name": commune.name},
                    )
                    return redirect("platform_home")
            elif action == "refuse":
                refuse_form = RefuseForm(request.POST, prefix="refuse")
                if refuse_form.is_valid():
                    platform.refuse_onboarding_request(
                        request=onboarding,
                        reviewer=request.user,
                        reason=refuse_form.cleaned_data["reason"],
                    )
                    messages.success(
                        request, _("The request was refused and the contact told why.")
                    )
                    return redirect("platform_home")
        except ValidationError as error:
            _add_errors(refuse_form if action == "refuse" else approve_form, error)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "tenants/platform/request.html",
        {"onboarding": onboarding, "approve_form": approve_form, "refuse_form": refuse_form},
        status=status,
    )


def _commune_context(commune) -> dict:
    return {
        "managed": commune,
        "exports": commune.exports.select_related("created_by")[:10],
        "has_done_export": commune.exports.filter(status=CommuneExport.Status.DONE).exists(),
    }


@platform_staff_required
def commune_detail(request, slug):
    commune = staff_selectors.get_commune_for(staff=request.user, slug=slug)
    return render(
        request,
        "tenants/platform/commune.html",
        {**_commune_context(commune), "delete_form": DeleteCommuneForm()},
    )


@require_POST
@platform_staff_required
def commune_suspend(request, slug):
    commune = staff_selectors.get_commune_for(staff=request.user, slug=slug)
    if request.POST.get("action") == "resume":
        lifecycle.resume_commune(commune=commune, staff=request.user)
        messages.success(request, _("%(name)s is open again.") % {"name": commune.name})
    else:
        lifecycle.suspend_commune(
            commune=commune, staff=request.user, reason=request.POST.get("reason", "")[:500]
        )
        messages.success(request, _("The commune %(name)s is suspended.") % {"name": commune.name})
    return redirect("platform_commune", slug=commune.slug)


@require_POST
@platform_staff_required
def commune_export(request, slug):
    commune = staff_selectors.get_commune_for(staff=request.user, slug=slug)
    export = lifecycle.request_export(commune=commune, staff=request.user)
    return redirect("platform_export", slug=commune.slug, pk=export.pk)


@platform_staff_required
def export_status(request, slug, pk):
    """Where the archive stands; the page reloads itself until it is done or failed."""
    commune = staff_selectors.get_commune_for(staff=request.user, slug=slug)
    export = staff_selectors.get_export_for(staff=request.user, commune=commune, pk=pk)
    return render(request, "tenants/platform/export.html", {"managed": commune, "export": export})


@platform_staff_required
def export_download(request, slug, pk):
    commune = staff_selectors.get_commune_for(staff=request.user, slug=slug)
    export = staff_selectors.get_export_for(staff=request.user, commune=commune, pk=pk)
    path = archives.export_path(export)
    if export.status != CommuneExport.Status.DONE or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@platform_staff_required
def failed_jobs(request):
    return render(
        request,
        "tenants/platform/jobs.html",
        {
            "failed": staff_selectors.failed_jobs(staff=request.user),
            "counts": staff_selectors.job_counts(staff=request.user),
            "shown": staff_selectors.FAILED_JOBS_SHOWN,
        },
    )


@require_POST
@platform_staff_required
def job_retry(request, job_id):
    job_id = parse_id(job_id, strict=True)
    dead_letters.retry_failed_job(staff=request.user, job_id=job_id)
    messages.success(request, _("Job %(id)s is queued again.") % {"id": job_id})
    return redirect("platform_jobs")


@require_POST
@platform_staff_required
def commune_delete(request, slug):
    commune = staff_selectors.get_commune_for(staff=request.user, slug=slug)
    form = DeleteCommuneForm(request.POST)
    if form.is_valid():
        try:
            lifecycle.delete_commune(
                commune=commune, staff=request.user, confirmation=form.cleaned_data["confirmation"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(name)s was deleted.") % {"name": commune.name})
            return redirect("platform_home")
    return render(
        request,
        "tenants/platform/commune.html",
        {**_commune_context(commune), "delete_form": form},
        status=400,
    )


@platform_staff_required
def restore_create(request):
    """Restore a commune from an archive: chosen or uploaded, run by a job."""
    form = RestoreCommuneForm(
        request.POST or None, request.FILES or None, archives=restores.available_archives()
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                archive = data["archive"]
                if data.get("upload") is not None:
                    archive = restores.store_upload(data["upload"])
                restore = restores.request_restore(
                    staff=request.user, slug=data["slug"], archive=archive
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return redirect("platform_restore", pk=restore.pk)
    return render(
        request,
        "tenants/platform/restore_form.html",
        {"form": form, "restores": staff_selectors.restores_for(staff=request.user)[:20]},
        status=status,
    )


@platform_staff_required
def restore_status(request, pk):
    """Where the restore stands; the page reloads itself until it is done or failed."""
    restore = staff_selectors.get_restore_for(staff=request.user, pk=pk)
    return render(request, "tenants/platform/restore.html", {"restore": restore})
