from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from socle.images import ImageUploadField, image_help_text
from voisinages import roles, tasks
from voisinages.models import Invitation, NotificationPreference, Quartier, Resident
from voisinages.notifications import KINDS
from voisinages.services.profiles import PHOTO_SIZE, clean_bio, normalise_photo


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "Wrong email address or password. Accounts are per commune: "
            "check that you are on your own commune's site."
        ),
        "inactive": _("This account is suspended. Contact an ambassador of your commune."),
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            # Django's backend treats a suspended account as unknown: say why,
            # but only to someone who knows its password.
            suspended = Resident.objects.filter(
                email__iexact=self.cleaned_data.get("username", ""), is_active=False
            ).first()
            if suspended and suspended.check_password(self.cleaned_data.get("password", "")):
                raise ValidationError(self.error_messages["inactive"], code="inactive") from None
            raise


POSITION_UNREADABLE = _(
    "Your position could not be read: press “Locate me” again, or leave it out."
)


class PositionFields(forms.Form):
    """An optional position, never typed by hand: hidden fields that the
    "me localiser" button fills (voisinages/locate.js); the server only ever
    shows it blurred (Resident.blurred_position)."""

    latitude = forms.FloatField(
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.HiddenInput,
        error_messages={k: POSITION_UNREADABLE for k in ("invalid", "min_value", "max_value")},
    )
    longitude = forms.FloatField(
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.HiddenInput,
        error_messages={k: POSITION_UNREADABLE for k in ("invalid", "min_value", "max_value")},
    )

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
        return data


class SignupForm(PositionFields):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    email = forms.EmailField(label=_("Email address"))
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not too common, not only digits."),
    )
    quartier = forms.ModelChoiceField(
        label=_("Quartier"),
        queryset=Quartier.objects.all(),
        empty_label=_("Choose your quartier"),
    )
    invitation = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["first_name", "last_name", "email", "password", "quartier"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A commune that has not described its quartiers yet still takes signups.
        self.fields["quartier"].required = Quartier.objects.exists()

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class ProfileForm(PositionFields):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=80,
        help_text=_("Neighbours only see its initial."),
    )
    quartier = forms.ModelChoiceField(
        label=_("Quartier"), queryset=Quartier.objects.all(), required=False
    )
    photo = ImageUploadField(
        label=_("Photo"), required=False, help_text=image_help_text(max_side=PHOTO_SIZE)
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    bio = forms.CharField(
        label=_("About me"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text, 500 characters at most."),
    )
    skills = TagField(
        label=_("Skills"),
        required=False,
        help_text=_("Separated by commas, e.g. bricolage, couture, informatique."),
    )
    interests = TagField(label=_("Interests"), required=False, help_text=_("Separated by commas."))
    is_voisin_solidaire = forms.BooleanField(
        label=_("I am a voisin solidaire: neighbours can ask me for help"), required=False
    )
    availability = forms.CharField(
        label=_("Availability"),
        max_length=200,
        required=False,
        help_text=_("When and how you can help, e.g. “weekday evenings, no car”."),
    )
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^\+?[0-9 .\-]{6,20}$",
        required=False,
        error_messages={"invalid": _("Enter a phone number (digits, spaces, dots).")},
    )
    show_email = forms.BooleanField(
        label=_("Show my email address to verified neighbours"), required=False
    )
    show_phone = forms.BooleanField(
        label=_("Show my phone number to verified neighbours"), required=False
    )
    accepts_messages = forms.BooleanField(
        label=_("Neighbours can send me private messages"), required=False
    )

    field_order = [
        "first_name", "last_name", "quartier", "photo", "remove_photo", "bio", "skills",
        "interests", "is_voisin_solidaire", "availability", "phone", "show_email",
        "show_phone", "accepts_messages", "latitude", "longitude",
    ]  # fmt: skip

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            return normalise_photo(upload)
        except ValidationError as error:
            raise ValidationError(error.messages) from error

    def clean_bio(self):
        try:
            return clean_bio(self.cleaned_data.get("bio", ""))
        except ValidationError as error:
            raise ValidationError(error.message_dict["bio"]) from error

    def clean_skills(self):
        return [tag[:100] for tag in self.cleaned_data.get("skills", [])][:20]

    def clean_interests(self):
        return [tag[:100] for tag in self.cleaned_data.get("interests", [])][:20]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, required=False, widget=forms.TextInput()
    )


class RoleForm(ReasonForm):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (roles.AMBASSADOR, roles.LABELS[roles.AMBASSADOR]),
            (roles.MEDIATOR, roles.LABELS[roles.MEDIATOR]),
        ],
    )
    granted = forms.TypedChoiceField(
        choices=[("1", _("Grant")), ("0", _("Take back"))], coerce=lambda v: v == "1"
    )


class InvitationForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Invitation.Role.choices)
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        help_text=_("If given, only this address can use the invitation."),
    )
    max_uses = forms.IntegerField(label=_("Number of uses"), min_value=1, max_value=200, initial=1)


class NotificationPreferencesForm(forms.Form):
    def __init__(self, *args, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for code, kind in sorted(KINDS.items(), key=lambda item: str(item[1].label)):
            self.fields[code] = forms.ChoiceField(
                label=kind.label,
                choices=NotificationPreference.Delivery.choices,
                initial=initial_choices.get(code, kind.default),
                widget=forms.Select,
            )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput)
    confirm = forms.BooleanField(
        label=_("I understand that my account and my data will be deleted for good"),
        required=False,
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's form, but the email is a job (voisinages/tasks.py) carrying
    the account's key only: the page answers at once, whatever the mail server."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        tasks.password_reset.defer_here(resident_id=context["user"].pk)
