from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from taggit.utils import edit_string_for_tags

from socle.communes import commune_url
from socle.htmx import varies_on_htmx, wants_fragment
from socle.params import clean_text, parse_id, parse_int
from socle.ratelimits import enforce_rate_limit
from voisinages import roles, selectors
from voisinages.forms import DeleteAccountForm, ProfileForm
from voisinages.models import Quartier
from voisinages.permissions import resident_required
from voisinages.reputation import reputation_of
from voisinages.services.data import build_archive, delete_account
from voisinages.services.members import invite
from voisinages.services.profiles import update_profile
from voisinages.views_accounts import _add_errors


def _page(request, queryset, per_page=20):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def directory(request):
    if not request.user.is_authenticated:
        # Neighbours are listed to members only; visitors get an invitation to join.
        return render(request, "voisinages/directory_visitor.html")
    query = clean_text(request.GET.get("q"), max_length=100)
    skill = clean_text(request.GET.get("competence"), max_length=100)
    quartier_id = parse_id(request.GET.get("quartier"))
    residents = selectors.search_residents(query=query, skill=skill, quartier_id=quartier_id)
    page = _page(request, residents)
    if wants_fragment(request, "directory-results"):  # the filters, through htmx: the list only
        return varies_on_htmx(render(request, "voisinages/_directory_results.html", {"page": page}))
    return varies_on_htmx(
        render(
            request,
            "voisinages/directory.html",
            {
                "page": page,
                "query": query,
                "skill": skill,
                "quartier_id": quartier_id,
                "quartiers": Quartier.objects.all(),
                "skill_suggestions": selectors.tag_suggestions("skills"),
            },
        )
    )


@resident_required
def profile(request, resident_id: int):
    resident = selectors.get_resident_for(viewer=request.user, resident_id=resident_id)
    return render(
        request,
        "voisinages/profile.html",
        {
            "resident": resident,
            "contact": selectors.contact_for(viewer=request.user, resident=resident),
            "is_me": resident.pk == request.user.pk,
            "reputation": reputation_of(
                resident, page=parse_int(request.GET.get("avis"), minimum=1) or 1
            ),
            "is_moderator": roles.has_role(request.user, roles.AMBASSADOR),
        },
    )


@resident_required
def edit_profile(request):
    me = request.user
    initial = {
        "first_name": me.first_name,
        "last_name": me.last_name,
        "quartier": me.quartier_id,
        "bio": me.bio,
        "skills": edit_string_for_tags(list(me.skills.all())),
        "interests": edit_string_for_tags(list(me.interests.all())),
        "is_voisin_solidaire": me.is_voisin_solidaire,
        "availability": me.availability,
        "phone": me.phone,
        "show_email": me.show_email,
        "show_phone": me.show_phone,
        "accepts_messages": me.accepts_messages,
    }
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_profile(
                resident=me,
                first_name=data["first_name"],
                last_name=data["last_name"],
                quartier=data["quartier"],
                bio=data["bio"],
                phone=data["phone"],
                availability=data["availability"],
                is_voisin_solidaire=data["is_voisin_solidaire"],
                show_email=data["show_email"],
                show_phone=data["show_phone"],
                accepts_messages=data["accepts_messages"],
                skills=data["skills"],
                interests=data["interests"],
                photo=data["photo"],
                remove_photo=data["remove_photo"],
                latitude=data["latitude"],
                longitude=data["longitude"],
            )
        except ValidationError as error:
            me.refresh_from_db()
            _add_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("profile", resident_id=me.pk)
    if form.errors:
        me.refresh_from_db()
    return render(
        request,
        "voisinages/profile_edit.html",
        {
            "form": form,
            "skill_suggestions": selectors.tag_suggestions("skills"),
            "interest_suggestions": selectors.tag_suggestions("interests"),
        },
        status=400 if form.errors else 200,
    )


@resident_required
def skills(request):
    return render(request, "voisinages/skills.html", {"skills": selectors.skills_directory()})


@resident_required
def neighbour_map(request):
    from django.conf import settings

    return render(
        request,
        "voisinages/map.html",
        {
            "map_data": selectors.map_data(),
            "tile_url": settings.RESEAU_MAP_TILE_URL,
            "attribution": settings.RESEAU_MAP_ATTRIBUTION,
        },
    )


@resident_required
def my_data(request):
    form = DeleteAccountForm(request.POST or None)
    return render(request, "voisinages/my_data.html", {"form": form})


@resident_required
def my_data_archive(request):
    archive = build_archive(resident=request.user)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-reseau.zip"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@resident_required
def delete_my_account(request):
    form = DeleteAccountForm(request.POST)
    if form.is_valid():
        try:
            delete_account(
                resident=request.user,
                password=form.cleaned_data["password"],
                confirmation=form.cleaned_data["confirm"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account and your data were deleted. Goodbye!"))
            return redirect("/")
    return render(request, "voisinages/my_data.html", {"form": form}, status=400)


@resident_required
def invite_neighbour(request):
    """Cooptation: a verified neighbour creates a link for someone they know."""
    invitation = None
    if request.method == "POST":
        enforce_rate_limit(request, "invitation")
        try:
            invitation = invite(actor=request.user, email=request.POST.get("email", "").strip())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "voisinages/invite.html",
        {
            "invitation": invitation,
            "link": commune_url(request.commune, invitation.get_absolute_url())
            if invitation
            else "",
            "invitations": selectors.invitations_of(resident=request.user)[:20],
            "signup_url": reverse("signup"),
        },
    )
