"""Car sharing: asking for a seat, the driver's answer."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from discussions import selectors, services
from discussions.views import errors_as_messages
from voisinages.permissions import posting_required


@require_POST
@posting_required
def request_seat(request, post_id):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    with errors_as_messages(request, _("Your request is sent to the driver.")):
        services.request_seat(post=post, passenger=request.user)
    return redirect(post)


@require_POST
@posting_required
def answer_seat(request, post_id, seat_id):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    seat = selectors.get_seat_request_for(post=post, seat_id=seat_id)
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        messages.error(request, _("Choose to accept or to decline the request."))
        return redirect(post)
    accept = decision == "accept"
    success = _("The passenger is accepted.") if accept else _("The request is declined.")
    with errors_as_messages(request, success):
        services.answer_seat_request(seat=seat, by=request.user, accept=accept)
    return redirect(post)
