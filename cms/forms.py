from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import AssociationPage, ConfidentialKind, ConfidentialRequest
from voisinages.models import Resident


class ConfidentialRequestForm(forms.ModelForm):
    """What a resident (or a visitor) sends to the town's social services."""

    class Meta:
        model = ConfidentialRequest
        fields = ["name", "phone", "email", "person", "message"]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6}),
            "person": forms.Textarea(attrs={"rows": 3}),
        }

    # A field people never see (hidden by CSS): robots that fill it are ignored.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = kind
        if kind == ConfidentialKind.VULNERABLE:
            self.fields["person"].required = True
            self.fields["name"].label = _("Your name")
            self.fields["message"].label = _("What worries you")
        else:
            del self.fields["person"]
            self.fields["message"].label = _("What do you need?")


class ConfidentialFollowUpForm(forms.ModelForm):
    """A mediator's follow-up of a request."""

    class Meta:
        model = ConfidentialRequest
        fields = ["status", "internal_note"]
        widgets = {"internal_note": forms.Textarea(attrs={"rows": 5})}


class ResidentEmailForm(forms.Form):
    """Pick a resident of the commune by email address."""

    email = forms.EmailField(label=_("Email address of the resident"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        resident = Resident.objects.filter(email__iexact=email, is_active=True).first()
        if resident is None:
            raise forms.ValidationError(_("No active resident of the commune uses this address."))
        self.resident = resident
        return email


class AssociationMemberForm(ResidentEmailForm):
    association = forms.ModelChoiceField(label=_("Association"), queryset=None, empty_label=None)

    field_order = ["association", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = AssociationPage.objects.order_by("title")
