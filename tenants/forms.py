import json

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from socle.images import ImageUploadField, image_help_text
from socle.params import has_control_characters
from tenants.models import Commune, FrenchCommune, GuestPost, PublicListing
from tenants.services.management import LOGO_MAX_PX, SETTING_FIELDS


class InterestForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"))


class OnboardingRequestForm(forms.Form):
    insee_code = forms.CharField(
        label=_("Commune (INSEE code)"),
        max_length=5,
        help_text=_("Type the name or postcode and pick the commune; its INSEE code is filled in."),
        widget=forms.TextInput(attrs={"data-commune-finder": "", "autocomplete": "off"}),
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=120)
    contact_email = forms.EmailField(label=_("Your professional email address"))
    role = forms.CharField(
        label=_("Your role at the town hall"),
        max_length=120,
        help_text=_("e.g. mayor, deputy for solidarity, head of communication"),
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_insee_code(self):
        code = self.cleaned_data["insee_code"].strip().upper()
        commune = FrenchCommune.objects.filter(pk=code).first()
        if commune is None:
            raise forms.ValidationError(
                _("No commune of the official list has the INSEE code %(code)s."),
                params={"code": code},
            )
        self.cleaned_data["french_commune"] = commune
        return code


class ApproveForm(forms.Form):
    latitude = forms.FloatField(
        label=_("Latitude of the centre"), required=False, min_value=-90, max_value=90
    )
    longitude = forms.FloatField(
        label=_("Longitude of the centre"), required=False, min_value=-180, max_value=180
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the contact)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DeleteCommuneForm(forms.Form):
    confirmation = forms.CharField(label=_("Type the commune's slug to confirm"))


class RestoreCommuneForm(forms.Form):
    """An archive already on the server, or one uploaded now, and the slug the
    restored commune takes (its own after a deletion, or a new one)."""

    archive = forms.ChoiceField(label=_("An archive on the server"), required=False)
    upload = forms.FileField(label=_("Or upload an archive (.tar.gz)"), required=False)
    slug = forms.CharField(label=_("Slug of the restored commune"), max_length=50)

    def __init__(self, *args, archives: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].choices = [("", "—"), *((name, name) for name in archives)]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("archive") and not cleaned.get("upload"):
            raise forms.ValidationError(_("Choose an archive or upload one."))
        upload = cleaned.get("upload")
        if upload is not None and not upload.name.endswith((".tar.gz", ".tgz")):
            self.add_error("upload", _("An archive is a .tar.gz file made by an export."))
        return cleaned


class CommuneSettingsForm(forms.Form):
    logo = ImageUploadField(
        label=_("Logo"), required=False, help_text=image_help_text(max_side=LOGO_MAX_PX)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_fields = forms.fields_for_model(Commune, fields=SETTING_FIELDS)
        for name in SETTING_FIELDS:
            self.fields[name] = model_fields[name]
        lifetime = self.fields["listing_lifetime_days"]
        lifetime.min_value = 1
        lifetime.validators.append(MinValueValidator(1))
        lifetime.widget.attrs["min"] = 1
        for name in ("primary_colour", "secondary_colour"):
            self.fields[name].widget = forms.TextInput(attrs={"type": "color"})
        self.order_fields([*SETTING_FIELDS, "logo"])

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in SETTING_FIELDS}


class QuartierForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    outline = forms.CharField(
        label=_("Outline (GeoJSON)"),
        required=False,
        help_text=_("Draw it on the map, or paste a GeoJSON polygon."),
        widget=forms.Textarea(attrs={"rows": 3, "data-outline-input": ""}),
    )

    def clean_outline(self):
        text = self.cleaned_data["outline"].strip()
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError as error:
            raise forms.ValidationError(_("The outline must be a GeoJSON polygon.")) from error


class DomainForm(forms.Form):
    domain = forms.CharField(
        label=_("Custom domain"), max_length=253, help_text=_("e.g. voisins.ma-ville.fr")
    )


class EntraideFilterForm(forms.Form):
    """The filters of /entraide/ (a GET form): every value bounded."""

    type = forms.ChoiceField(
        label=_("Offers or requests"),
        required=False,
        choices=[("", _("Both"))] + [(value, label) for value, label in PublicListing.KINDS],
    )
    categorie = forms.CharField(label=_("Category"), required=False, max_length=80)
    departement = forms.RegexField(
        label=_("Department"),
        required=False,
        max_length=3,
        regex=r"^(?:\d{2}|2[AaBb]|97\d)$",
        error_messages={"invalid": _("A department is two digits, 2A, 2B or 97x.")},
    )
    commune = forms.SlugField(label=_("Commune"), required=False, max_length=50)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=500,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("This page number is not valid.")},
    )

    def clean(self):
        data = super().clean()
        for name in ("categorie", "commune", "q"):
            value = data.get(name) or ""
            if has_control_characters(value):
                self.add_error(name, _("Remove the control characters."))
        if data.get("departement"):
            data["departement"] = data["departement"].upper()
        return data


class GuestPostForm(forms.Form):
    """/entraide/proposer/: an offer or request without an account."""

    first_name = forms.CharField(label=_("Your first name"), max_length=60)
    insee_code = forms.CharField(
        label=_("Commune (INSEE code)"),
        max_length=5,
        help_text=_("Type the name or postcode and pick the commune; its INSEE code is filled in."),
        widget=forms.TextInput(attrs={"data-commune-finder": "", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("To confirm your post and manage it; never shown."),
    )
    phone = forms.RegexField(
        label=_("Your phone number (optional)"),
        required=False,
        max_length=20,
        regex=r"^\+?[0-9 .]{6,20}$",
        help_text=_("Never shown."),
        error_messages={"invalid": _("Give a phone number with digits only.")},
    )
    kind = forms.ChoiceField(label=_("You offer or you ask"), choices=GuestPost.KINDS)
    categories = forms.CharField(
        label=_("Categories"),
        required=False,
        max_length=200,
        help_text=_("Separated by commas, e.g. shopping, dog walking."),
    )
    title = forms.CharField(label=_("Title"), max_length=GuestPost.TITLE_MAX)
    body = forms.CharField(
        label=_("Your text"),
        max_length=GuestPost.BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_insee_code(self):
        code = self.cleaned_data["insee_code"].strip().upper()
        commune = FrenchCommune.objects.filter(pk=code).first()
        if commune is None:
            raise forms.ValidationError(
                _("No commune of the official list has the INSEE code %(code)s."),
                params={"code": code},
            )
        return commune

    def clean(self):
        data = super().clean()
        for name in ("first_name", "categories", "title", "body"):
            if has_control_characters(data.get(name) or ""):
                self.add_error(name, _("Remove the control characters."))
        return data


class GuestManageForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("renew", "renew"), ("close", "close"), ("delete", "delete")]
    )


class BoardModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "approve"), ("hide", "hide")])


class GuestReplyForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send you a link to confirm it; the guest sees it once you answer."),
    )
    message = forms.CharField(
        label=_("Your message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean_message(self):
        message = self.cleaned_data["message"]
        if has_control_characters(message):
            raise forms.ValidationError(_("Remove the control characters."))
        return message
