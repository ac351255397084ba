"""/notifications/: the inbox and the notification preferences."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from socle.htmx import is_htmx
from voisinages import selectors
from voisinages.forms import NotificationPreferencesForm
from voisinages.permissions import resident_required
from voisinages.services.inbox import mark_all_read, mark_read
from voisinages.services.profiles import set_notification_preferences


def _inbox_page(request):
    return Paginator(selectors.inbox(resident=request.user), 30).get_page(request.GET.get("page"))


@resident_required
def inbox(request):
    return render(request, "voisinages/inbox.html", {"page": _inbox_page(request)})


@require_POST
@resident_required
def read(request, notification_id: int):
    notification = mark_read(resident=request.user, notification_id=notification_id)
    if request.htmx and not request.POST.get("open"):
        return render(request, "voisinages/_notification.html", {"n": notification})
    target = notification.url if request.POST.get("open") else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications")


@require_POST
@resident_required
def read_all(request):
    count = mark_all_read(resident=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s notification marked as read.",
            "%(count)s notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    if is_htmx(request):  # the list, read, with the message; the header's badge emptied
        return render(
            request,
            "voisinages/_inbox_list.html",
            {"page": _inbox_page(request), "oob_unread": True},
        )
    return redirect("notifications")


@resident_required
def preferences(request):
    form = NotificationPreferencesForm(
        request.POST or None,
        initial_choices=selectors.notification_preferences(resident=request.user),
    )
    if request.method == "POST" and form.is_valid():
        set_notification_preferences(resident=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notification_preferences")
    return render(
        request, "voisinages/preferences.html", {"form": form}, status=400 if form.errors else 200
    )
