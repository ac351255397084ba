"""The public platform site: finder, commune pages, interest, onboarding requests."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from socle.ratelimits import enforce_rate_limit
from tenants import mails, selectors
from tenants.forms import InterestForm, OnboardingRequestForm
from tenants.services import requests as platform


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def landing(request):
    query = request.GET.get("q", "")[:100]
    results = list(selectors.find_communes(query=query)) if query else []
    open_by_slug = {c.slug: c for c in selectors.open_communes()}
    for result in results:
        opened = open_by_slug.get(result.open_slug)
        result.url = selectors.commune_url(opened) if opened else None
    return render(
        request,
        "tenants/landing.html",
        {
            "query": query,
            "results": results,
            "communes": selectors.open_communes(),
            "map_points": selectors.map_points(),
            "tile_url": settings.RESEAU_MAP_TILE_URL,
        },
    )


def suggestions(request):
    """JSON for the finder's suggestion list (the plain form works without it)."""
    query = request.GET.get("q", "")[:100]
    return JsonResponse(
        {
            "results": [
                {
                    "insee_code": c.insee_code,
                    "name": c.name,
                    "department": c.department,
                    "postcodes": c.postcodes[:3],
                    "open": bool(c.open_slug),
                    "url": f"/communes/{c.insee_code}/",
                }
                for c in selectors.find_communes(query=query, limit=10)
            ]
        }
    )


def commune_page(request, insee_code):
    official = selectors.get_french_commune(insee_code=insee_code)
    commune = selectors.open_commune_for(official)
    form = InterestForm()
    if request.method == "POST" and commune is None:
        form = InterestForm(request.POST)
        if form.is_valid():
            enforce_rate_limit(request, "email", email=form.cleaned_data["email"])
            try:
                platform.register_interest(
                    french_commune=official, email=form.cleaned_data["email"]
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you! Confirm your address with the link we emailed to you."),
                )
                return redirect("commune_page", insee_code=official.insee_code)
    return render(
        request,
        "tenants/commune_page.html",
        {
            "official": official,
            "open_commune": commune,
            "open_url": selectors.commune_url(commune) if commune else None,
            "interest_count": selectors.confirmed_interest_count(official),
            "site_url": mails.platform_url("/"),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def interest_confirm(request, token):
    try:
        signup = platform.confirm_interest(token=token)
    except ValidationError as error:
        return render(request, "tenants/message.html", {"text": error.messages[0]}, status=400)
    messages.success(
        request,
        _("Your interest in Réseau for %(name)s is confirmed. We will tell you when it opens.")
        % {"name": signup.french_commune.name},
    )
    return redirect("commune_page", insee_code=signup.french_commune_id)


def onboarding_request(request):
    form = OnboardingRequestForm(
        request.POST or None, initial={"insee_code": request.GET.get("commune", "")[:5]}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enforce_rate_limit(request, "email", email=data["contact_email"])
        try:
            platform.submit_onboarding_request(
                french_commune=data["french_commune"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                role=data["role"],
                message=data["message"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "french_commune" in error.error_dict:
                error = ValidationError({"insee_code": error.message_dict["french_commune"]})
            _add_errors(form, error)
        else:
            return render(
                request,
                "tenants/message.html",
                {"text": _("Thank you! Confirm your request with the link we emailed to you.")},
            )
    return render(
        request,
        "tenants/onboarding_request.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def request_confirm(request, token):
    try:
        platform.confirm_onboarding_request(token=token)
    except ValidationError as error:
        return render(request, "tenants/message.html", {"text": error.messages[0]}, status=400)
    return render(
        request,
        "tenants/message.html",
        {
            "text": _(
                "Your request is confirmed. The Réseau team will review it and answer by email."
            )
        },
    )
