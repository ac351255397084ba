"""The ambassadors' moderation queue, watched words, categories, action log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from discussions import selectors
from discussions.forms import CategoryForm, ModerationForm, SuspendForm, WatchedWordForm
from discussions.services import moderation as services
from discussions.views import errors_as_messages
from socle.links import safe_next
from socle.params import parse_id
from voisinages import roles
from voisinages.permissions import role_required
from voisinages.services.members import suspend_resident

ambassador_required = role_required(roles.AMBASSADOR)


@ambassador_required
def queue(request):
    form = ModerationForm(request.POST or None)
    if request.method == "POST":
        ids = [i for i in map(parse_id, request.POST.getlist("posts")) if i is not None]
        posts = selectors.posts_to_moderate(ids=ids)
        if form.is_valid():
            try:
                done = services.moderate_posts(posts=posts, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    ngettext("%(n)d post moderated.", "%(n)d posts moderated.", done) % {"n": done},
                )
                return redirect("moderation")
    return render(
        request,
        "discussions/moderation/queue.html",
        {
            "queue": selectors.moderation_queue(),
            "form": form,
            "count": selectors.moderation_count(),
        },
    )


@require_POST
@ambassador_required
def moderate_post(request, post_id):
    post = selectors.get_post_to_moderate(post_id=post_id)
    form = ModerationForm(request.POST)
    if form.is_valid():
        with errors_as_messages(request, _("Done.")):
            services.moderate_post(post=post, by=request.user, **form.cleaned_data)
    else:
        messages.error(request, _("Choose an action."))
    return redirect(safe_next(request, "moderation"))


@require_POST
@ambassador_required
def moderate_comment(request, comment_id):
    comment = selectors.get_comment_to_moderate(comment_id=comment_id)
    with errors_as_messages(request, _("Done.")):
        services.moderate_comment(
            comment=comment,
            by=request.user,
            action=request.POST.get("action", ""),
            reason=request.POST.get("reason", ""),
        )
    return redirect("moderation")


@require_POST
@ambassador_required
def suspend(request, resident_id):
    resident = selectors.get_neighbour(viewer=request.user, resident_id=resident_id)
    form = SuspendForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give a reason."))
        # Suspension belongs to member management (voisinages); the queue offers it.
        suspend_resident(resident=resident, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is suspended.") % {"name": resident.display_name})
    return redirect("moderation")


def _managed_list(request, template: str, form, **context):
    """A list the ambassadors manage, with its form (400 when the form is refused)."""
    return render(request, template, {"form": form, **context}, status=400 if form.errors else 200)


@ambassador_required
def watched_words(request):
    form = WatchedWordForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("remove"):
            watched = selectors.get_watched_word(word_id=request.POST["remove"])
            services.remove_watched_word(watched=watched, by=request.user)
            return redirect("watched_words")
        if form.is_valid():
            try:
                services.add_watched_word(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("watched_words")
    return _managed_list(
        request, "discussions/moderation/words.html", form, words=selectors.watched_words()
    )


@ambassador_required
def categories(request):
    if request.method == "POST" and "lockdown" in request.POST:
        switch = request.POST["lockdown"]
        if switch not in ("on", "off"):
            return HttpResponseBadRequest(_("Choose on or off."))
        services.set_lockdown_categories(by=request.user, active=switch == "on")
        return redirect("categories")
    form = CategoryForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        category = None
        if request.POST.get("category"):
            category = selectors.get_category(category_id=request.POST["category"])
        try:
            services.save_category(by=request.user, category=category, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect("categories")
    return _managed_list(
        request,
        "discussions/moderation/categories.html",
        form,
        categories=selectors.all_categories(),
        lockdown_slugs=services.LOCKDOWN_CATEGORY_SLUGS,
    )


@ambassador_required
def log(request):
    return render(request, "discussions/moderation/log.html", {"entries": selectors.action_log()})
