"""A commune's management pages for its ambassadors (/gestion/…)."""

import csv
import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenants import dashboard as figures
from tenants.forms import CommuneSettingsForm, DomainForm, QuartierForm
from tenants.models import Commune
from tenants.services import management
from tenants.views import _add_errors
from voisinages import roles
from voisinages.models import Quartier
from voisinages.permissions import role_required

ambassador_required = role_required(roles.AMBASSADOR)

# Management pages of other apps, linked when they exist (url name, label).
CATEGORY_LINKS = (
    ("categories", "discussions"),
    ("objects_categories", "objets"),
)


def _commune(request) -> Commune:
    commune = getattr(request, "commune", None)
    if commune is None:
        raise Http404
    return Commune.objects.get(pk=commune.pk)


def _category_links() -> list[str]:
    links = []
    for name, _app in CATEGORY_LINKS:
        try:
            links.append(reverse(name))
        except NoReverseMatch:
            continue
    return links


def _quartiers_json() -> list[dict]:
    return [
        {"id": q.pk, "name": q.name, "outline": q.outline}
        for q in Quartier.objects.exclude(outline__isnull=True)
    ]


def _settings_context(request, commune, **forms) -> dict:
    return {
        "managed": commune,
        "form": forms.get("form")
        or CommuneSettingsForm(initial={f: getattr(commune, f) for f in management.SETTING_FIELDS}),
        "quartier_form": forms.get("quartier_form") or QuartierForm(),
        "domain_form": forms.get("domain_form") or DomainForm(),
        "quartiers": Quartier.objects.all(),
        "quartier_outlines": _quartiers_json(),
        "domains": commune.domains.order_by("-is_primary", "domain"),
        "category_links": _category_links(),
        "centre": [commune.latitude, commune.longitude] if commune.latitude else None,
        "tile_url": settings.RESEAU_MAP_TILE_URL,
    }


@ambassador_required
def settings_page(request):
    commune = _commune(request)
    if request.method == "POST":
        form = CommuneSettingsForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                changed = management.update_commune_settings(
                    commune=commune,
                    actor=request.user,
                    changes=form.changes(),
                    logo=form.cleaned_data.get("logo") or None,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if changed:
                    messages.success(request, _("Settings saved."))
                else:
                    messages.info(request, _("Nothing changed."))
                return redirect("gestion_settings")
        return render(
            request,
            "tenants/gestion/settings.html",
            _settings_context(request, commune, form=form),
            status=400,
        )
    return render(request, "tenants/gestion/settings.html", _settings_context(request, commune))


@ambassador_required
def quartier_save(request, pk=None):
    commune = _commune(request)
    quartier = None
    if pk is not None:
        quartier = Quartier.objects.filter(pk=pk).first()
        if quartier is None:
            raise Http404
    if request.method == "POST":
        form = QuartierForm(request.POST)
        if form.is_valid():
            try:
                management.save_quartier(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    outline=form.cleaned_data["outline"],
                    quartier=quartier,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Quartier saved."))
                return redirect("gestion_settings")
        status = 400
    else:
        form = (
            QuartierForm(
                initial={
                    "name": quartier.name,
                    "outline": json.dumps(quartier.outline) if quartier.outline else "",
                }
            )
            if quartier
            else QuartierForm()
        )
        status = 200
    return render(
        request,
        "tenants/gestion/quartier.html",
        {
            "managed": commune,
            "quartier": quartier,
            "quartier_form": form,
            "quartier_outlines": _quartiers_json(),
            "centre": [commune.latitude, commune.longitude] if commune.latitude else None,
            "tile_url": settings.RESEAU_MAP_TILE_URL,
        },
        status=status,
    )


@require_POST
@ambassador_required
def quartier_delete(request, pk):
    quartier = Quartier.objects.filter(pk=pk).first()
    if quartier is None:
        raise Http404
    management.delete_quartier(actor=request.user, quartier=quartier)
    messages.success(request, _("Quartier deleted."))
    return redirect("gestion_settings")


@require_POST
@ambassador_required
def domain_add(request):
    commune = _commune(request)
    form = DomainForm(request.POST)
    if form.is_valid():
        try:
            management.add_custom_domain(
                commune=commune, actor=request.user, hostname=form.cleaned_data["domain"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Domain added. Point its DNS to the platform."))
            return redirect("gestion_settings")
    return render(
        request,
        "tenants/gestion/settings.html",
        _settings_context(request, commune, domain_form=form),
        status=400,
    )


@ambassador_required
def dashboard_page(request):
    return render(
        request,
        "tenants/gestion/dashboard.html",
        {"managed": _commune(request), **figures.dashboard()},
    )


@ambassador_required
def dashboard_csv(request):
    data = figures.dashboard()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tableau-de-bord.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Figure"), *data["months"]])
    for series in data["series"]:
        writer.writerow([series.title, *[value for _label, value in series.points]])
    writer.writerow([])
    hidden = f"< {data['small_count']}"
    writer.writerow([_("Month"), _("Requests"), _("Helped within 7 days"),
                     _("First answer (median, hours)")])  # fmt: skip
    for month in data["help_months"]:
        writer.writerow(
            [
                month.label,
                month.requests,
                hidden if month.helped_share is None else f"{month.helped_share} %",
                hidden
                if month.median_first_answer_hours is None
                else month.median_first_answer_hours,
            ]
        )
    writer.writerow([])
    writer.writerow([_("Quartier"), _("Members"), _("Posts (12 months)")])
    for row in data["quartiers"]:
        writer.writerow(
            [
                row["name"],
                hidden if row["members"] is None else row["members"],
                hidden if row["posts"] is None else row["posts"],
            ]
        )
    return response
