"""Private conversations between residents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from discussions import selectors
from discussions.forms import MessageForm
from discussions.models import Block
from discussions.services import messages as services
from discussions.views import apply_errors
from socle.ratelimits import enforce_rate_limit
from voisinages.permissions import posting_required, resident_required


@resident_required
def inbox(request):
    return render(
        request,
        "discussions/inbox.html",
        {"conversations": selectors.conversations_of(viewer=request.user)},
    )


@resident_required
def conversation(request, conversation_id):
    conv = selectors.get_conversation_for(viewer=request.user, conversation_id=conversation_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            enforce_rate_limit(request, "message")
            try:
                services.send_message(
                    conversation=conv, sender=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect(conv)
    else:
        services.mark_read(conversation=conv, reader=request.user)
    other = conv.other(request.user)
    return render(
        request,
        "discussions/conversation.html",
        {
            "conversation": conv,
            "other": other,
            "messages_list": selectors.messages_of(conversation=conv),
            "form": form,
            "i_blocked": other is not None
            and Block.objects.filter(blocker=request.user, blocked=other).exists(),
            "blocked": other is None or services.is_blocked_between(request.user, other),
        },
        status=400 if form.errors else 200,
    )


@posting_required
def write_to(request, resident_id):
    neighbour = selectors.get_neighbour(viewer=request.user, resident_id=resident_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enforce_rate_limit(request, "message")
        try:
            conv = services.start_conversation(sender=request.user, recipient=neighbour)
            services.send_message(
                conversation=conv, sender=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
            return render(
                request,
                "discussions/write_to.html",
                {"neighbour": neighbour, "form": form},
                status=403,
            )
        else:
            return redirect(conv)
    return render(
        request,
        "discussions/write_to.html",
        {"neighbour": neighbour, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@resident_required
def block(request, conversation_id):
    conv = selectors.get_conversation_for(viewer=request.user, conversation_id=conversation_id)
    other = conv.other(request.user)
    if other is None:
        return redirect(conv)
    if request.POST.get("unblock") == "1":
        services.unblock_resident(blocker=request.user, blocked=other)
        messages.success(
            request, _("%(name)s can write to you again.") % {"name": other.display_name}
        )
    else:
        services.block_resident(blocker=request.user, blocked=other)
        messages.success(
            request, _("%(name)s can no longer write to you.") % {"name": other.display_name}
        )
    return redirect(conv)


@resident_required
def message_fragment(request, message_id):
    message = selectors.get_message_for(viewer=request.user, message_id=message_id)
    return render(request, "discussions/_message.html", {"message": message})
