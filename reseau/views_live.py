"""Views of live delivery: what a page missed while its socket was down (JSON),
and the one-click email unsubscribe (no login: the link is signed)."""

from django.db.models import Max
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from reseau.emails import opt_out_of_emails, read_unsubscribe_token
from socle import params
from socle.communes import current_commune_id
from voisinages.models import Notification, Resident

MAX_ITEMS = 50


@never_cache
@require_GET
def inbox_since(request):
    """`?after=<notification id>`: the resident's notifications newer than that
    id (oldest first, at most 50), the newest id and the unread count. Without
    `after`: only the newest id and the count (a page's starting point)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Log in to see your notifications.")}, status=403)
    raw = request.GET.get("after", "")
    after = params.parse_int(raw, minimum=0)
    if raw and after is None:
        return JsonResponse({"error": _("“after” must be a notification number.")}, status=400)
    mine = Notification.objects.filter(recipient=request.user)
    items = []
    if after is not None:
        items = [
            {
                "type": "notification",
                "id": n.pk,
                "kind": n.kind,
                "title": n.title,
                "body": n.body,
                "url": n.url,
                "created_at": n.created_at.isoformat(),
                "read": n.read_at is not None,
            }
            for n in mine.filter(pk__gt=after).order_by("pk")[:MAX_ITEMS]
        ]
    return JsonResponse(
        {
            "last_id": mine.aggregate(last=Max("pk"))["last"] or 0,
            "unread": mine.filter(read_at__isnull=True).count(),
            "items": items,
        }
    )


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click"; the token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET shows a confirmation button (link scanners must not unsubscribe);
    POST unsubscribes from every notification email of this commune."""
    decoded = read_unsubscribe_token(token)
    if decoded is None or decoded[0] != current_commune_id():
        raise Http404(_("This unsubscribe link is not valid."))
    resident = get_object_or_404(Resident, pk=decoded[1])
    done = request.method == "POST"
    if done:
        opt_out_of_emails(resident=resident)
    return render(request, "reseau/unsubscribe.html", {"done": done, "token": token})
