from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView, PasswordResetView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socle.communes import RegistrationPolicy
from socle.links import safe_next
from socle.ratelimits import enforce_rate_limit
from voisinages.forms import LoginForm, QueuedPasswordResetForm, SignupForm
from voisinages.permissions import resident_required
from voisinages.selectors import usable_invitation
from voisinages.services import confirm_email, register_resident
from voisinages.services.accounts import send_confirmation_email


class ResidentLoginView(LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class ResidentPasswordResetView(PasswordResetView):
    """Django's reset form, rate-limited per address and per target email; the
    email leaves from a worker (voisinages/mails.py), its link on the commune's
    configured domain, scheme and port: never the Host header (a forged Host
    or port would land the token elsewhere)."""

    form_class = QueuedPasswordResetForm

    def form_valid(self, form):
        enforce_rate_limit(self.request, "email", email=form.cleaned_data["email"])
        return super().form_valid(form)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def signup(request):
    if request.user.is_authenticated:
        return redirect("/")
    policy = request.commune.registration_policy
    token = request.POST.get("invitation") or request.GET.get("invitation", "")
    invitation = usable_invitation(token=token)
    if token and invitation is None:
        messages.error(request, _("This invitation has expired or was already used."))
    if policy == RegistrationPolicy.INVITATION and invitation is None:
        return render(request, "registration/signup_closed.html", status=403)
    form = SignupForm(
        request.POST or None,
        initial={"invitation": token, "email": invitation.email if invitation else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enforce_rate_limit(request, "signup", email=data["email"])
        try:
            resident = register_resident(
                email=data["email"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                quartier=data["quartier"],
                invitation=invitation,
                approval_required=policy == RegistrationPolicy.APPROVAL,
                latitude=data["latitude"],
                longitude=data["longitude"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            send_confirmation_email(resident=resident)
            login(request, resident, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome, %(name)s! We sent you an email: open its link to confirm your address.")
                % {"name": resident.first_name},
            )
            return redirect("/")
    return render(
        request,
        "registration/signup.html",
        {"form": form, "invitation": invitation, "policy": policy},
    )


def confirm(request, token: str):
    try:
        resident = confirm_email(token=token)
    except ValidationError as error:
        return render(
            request, "registration/confirm_failed.html", {"errors": error.messages}, status=400
        )
    if resident.is_verified:
        messages.success(request, _("Your email address is confirmed. You can now post."))
    else:
        messages.success(
            request,
            _("Your email address is confirmed. An ambassador still has to approve your account."),
        )
    return redirect("/" if request.user.is_authenticated else "login")


@require_POST
@resident_required
def resend_confirmation(request):
    if request.user.email_confirmed:
        messages.info(request, _("Your email address is already confirmed."))
    else:
        enforce_rate_limit(request, "email", email=request.user.email)
        send_confirmation_email(resident=request.user)
        messages.success(request, _("A new confirmation link was sent to your email address."))
    return redirect(safe_next(request))
