from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api import selectors, services
from api.forms import TokenForm
from voisinages.permissions import resident_required


@resident_required
def tokens(request):
    """List my tokens and create one; the secret is shown on this answer only."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        token, raw = services.create_token(
            resident=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
        )
        created = {"token": token, "secret": raw}
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "created": created, "tokens": selectors.tokens_of(resident=request.user)},
    )


@resident_required
@require_POST
def revoke(request, token_id):
    token = services.revoke_token(resident=request.user, token_id=token_id)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens")
