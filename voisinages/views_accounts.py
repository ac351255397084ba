from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from voisinages.forms import LoginForm, SignupForm
from voisinages.selectors import usable_invitation
from voisinages.services import register_resident


class ResidentLoginView(LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def signup(request):
    token = request.POST.get("invitation") or request.GET.get("invitation", "")
    invitation = usable_invitation(token=token)
    if token and invitation is None:
        messages.error(request, _("This invitation has expired or was already used."))
    form = SignupForm(
        request.POST or None,
        initial={"invitation": token, "email": invitation.email if invitation else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            resident = register_resident(
                email=data["email"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                quartier=data["quartier"],
                invitation=invitation,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            login(request, resident, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome, %(name)s!") % {"name": resident.first_name})
            return redirect("/")
    return render(request, "registration/signup.html", {"form": form, "invitation": invitation})
