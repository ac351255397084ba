from django import forms
from django.utils.translation import gettext_lazy as _

from objets.models import Blackout, Category, Item, Loan
from objets.selectors import filter_choices
from objets.services.items import EDITABLE_FIELDS, MAX_PHOTOS
from objets.services.photos import validate_image
from socle.dates import LOANS, BoundedDateField
from socle.images import ACCEPT, ImageUploadField
from voisinages.models import Quartier

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to 5 images, each checked with Pillow."""

    widget = MultipleFileInput(attrs={"accept": ACCEPT})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("An object has at most 5 photos."))
        cleaned = [super(PhotosField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            validate_image(upload)
        return cleaned


def parse_tags(text: str) -> list[str]:
    return [t.strip()[:100] for t in text.split(",") if t.strip()][:10]


class ItemForm(forms.ModelForm):
    tags_text = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separated by commas: perceuse, béton…")
    )
    photos = PhotosField(label=_("Photos"), required=False, help_text=_("Up to 5 photos."))
    shared_by = forms.ChoiceField(label=_("This object belongs to"), required=False)

    class Meta:
        model = Item
        fields = list(EDITABLE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, gardens=(), associations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quartier"].queryset = Quartier.objects.all()
        self.fields["category"].queryset = Category.objects.all()
        if self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(t.name for t in self.instance.tags.all())
            del self.fields["shared_by"]
        else:
            del self.fields["is_active"]
            choices = [("", _("Me"))]
            choices += [(f"garden:{g.pk}", g.name) for g in gardens]
            choices += [(f"association:{a.pk}", a.title) for a in associations]
            if len(choices) == 1:
                del self.fields["shared_by"]
            else:
                self.fields["shared_by"].choices = choices
                self._owners = {f"garden:{g.pk}": ("garden", g) for g in gardens} | {
                    f"association:{a.pk}": ("association", a) for a in associations
                }

    def clean_photos(self):
        photos = self.cleaned_data.get("photos") or []
        existing = self.instance.photos.count() if self.instance.pk else 0
        if existing + len(photos) > MAX_PHOTOS:
            raise forms.ValidationError(_("An object has at most 5 photos."))
        return photos

    def owner_fields(self) -> dict:
        choice = self.cleaned_data.get("shared_by") or ""
        if not choice:
            return {}
        kind, obj = self._owners[choice]
        return {kind: obj}

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        data["tags"] = parse_tags(self.cleaned_data.get("tags_text", ""))
        data["photos"] = self.cleaned_data.get("photos") or []
        return data


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    categorie = forms.TypedChoiceField(
        label=_("Category"), coerce=int, empty_value=None, required=False
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)
    quartier = forms.TypedChoiceField(
        label=_("Quartier"), coerce=int, empty_value=None, required=False
    )
    du = BoundedDateField(
        window=LOANS, label=_("Available from"), required=False, widget=DATE_INPUT
    )
    au = BoundedDateField(window=LOANS, label=_("to"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = filter_choices()
        self.fields["categorie"].choices = [("", _("All categories")), *choices["categories"]]
        self.fields["quartier"].choices = [("", _("All quartiers")), *choices["quartiers"]]

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["au"] < data["du"]:
            self.add_error("au", _("The end date must be on or after the start date."))
        return data

    def criteria(self) -> dict:
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "category_id": data.get("categorie"),
            "tag": data.get("tag") or "",
            "quartier_id": data.get("quartier"),
            "available_from": data.get("du"),
            "available_to": data.get("au"),
        }


class DateOrderMixin:
    """starts_on … ends_on: bounded to the loans' window, the end on or after
    the start, said plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_on", "ends_on"):
            self.fields[name].validators.append(LOANS)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise forms.ValidationError(_("The end date must be on or after the start date."))
        return data


class LoanRequestForm(DateOrderMixin, forms.ModelForm):
    class Meta:
        model = Loan
        fields = ["starts_on", "ends_on", "message"]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "message": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"message": _("Message to the owner")}


class ReasonForm(forms.Form):
    prefix = "decline"
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": _("Please give a reason: it helps your neighbour.")},
    )


class OptionalReasonForm(forms.Form):
    prefix = "cancel"
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )


class ReturnForm(forms.Form):
    condition_note = forms.CharField(
        label=_("Condition on return (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )
    photo = ImageUploadField(label=_("Photo (optional)"), required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            validate_image(photo)
        return photo


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, f"{n}/5") for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class BlackoutForm(DateOrderMixin, forms.ModelForm):
    class Meta:
        model = Blackout
        fields = ["starts_on", "ends_on", "note"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "position"]
