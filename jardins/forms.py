from django import forms
from django.utils.translation import gettext_lazy as _

from jardins.models import Garden, GardenEvent, Plot, Task
from socle.dates import EVENTS, GARDENS, BoundedDateField, BoundedDateTimeField

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GardenForm(forms.ModelForm):
    class Meta:
        model = Garden
        fields = [
            "name",
            "description",
            "rules",
            "address",
            "latitude",
            "longitude",
            "opening_hours",
            "plan_columns",
        ]
        widgets = {"opening_hours": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("Give both the latitude and the longitude, or neither."))
        return data


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


def _positive_area(value):
    if value is not None and value <= 0:
        raise forms.ValidationError(_("The size of a plot must be more than 0 m²."))
    return value


class PlotForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1)
    area_m2 = forms.DecimalField(label=_("Size (m²)"), max_digits=7, decimal_places=2)
    reserved_for = forms.CharField(
        label=_("Reserved for (school or association)"),
        max_length=120,
        required=False,
        help_text=_("Leave empty for a plot open to residents."),
    )

    def __init__(self, *args, garden=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.garden = garden

    def clean_area_m2(self):
        return _positive_area(self.cleaned_data.get("area_m2"))

    def clean_number(self):
        number = self.cleaned_data["number"]
        if (
            self.garden is not None
            and Plot.objects.filter(garden=self.garden, number=number).exists()
        ):
            raise forms.ValidationError(_("This garden already has a plot with this number."))
        return number


class PlotEditForm(forms.Form):
    area_m2 = forms.DecimalField(label=_("Size (m²)"), max_digits=7, decimal_places=2)
    reserved_for = forms.CharField(
        label=_("Reserved for (school or association)"), max_length=120, required=False
    )
    release = forms.BooleanField(label=_("Free this plot (its holder leaves)"), required=False)

    def clean_area_m2(self):
        return _positive_area(self.cleaned_data.get("area_m2"))


class ApplicationForm(forms.Form):
    note = forms.CharField(
        label=_("A short note for the coordinators"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PriorityForm(forms.Form):
    priority = forms.IntegerField(
        label=_("Priority"),
        min_value=0,
        max_value=10,
        help_text=_("0 = first come, first served; higher comes first."),
    )
    reason = forms.CharField(
        label=_("Reason (visible to everyone on the list)"), max_length=200, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("priority") and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", _("Give the reason for this priority: everyone on the list sees it.")
            )
        return data


class RenewalForm(forms.Form):
    deadline = BoundedDateTimeField(
        window=GARDENS, label=_("Answer before"), widget=DATETIME_WIDGET
    )


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=Task.Kind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    first_at = BoundedDateTimeField(window=GARDENS, label=_("First slot"), widget=DATETIME_WIDGET)
    every_days = forms.IntegerField(
        label=_("Repeat every (days)"), min_value=1, max_value=365, initial=7
    )
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=52, initial=8)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=600, initial=60
    )


class SlotForm(forms.Form):
    starts_at = BoundedDateTimeField(
        window=GARDENS, label=_("Date and time"), widget=DATETIME_WIDGET
    )


class SwapForm(forms.Form):
    recipient = forms.ModelChoiceField(label=_("Member"), queryset=None)
    offered_slot = forms.ModelChoiceField(
        label=_("In exchange for one of their slots (optional)"), queryset=None, required=False
    )

    def __init__(self, *args, members, their_slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = members
        self.fields["recipient"].label_from_instance = lambda r: r.display_name
        self.fields["offered_slot"].queryset = their_slots

    def clean(self):
        data = super().clean()
        offered, recipient = data.get("offered_slot"), data.get("recipient")
        if offered and recipient and offered.assignee_id != recipient.pk:
            self.add_error("offered_slot", _("The slot asked in exchange must be one of theirs."))
        return data


class HarvestForm(forms.Form):
    title = forms.CharField(label=_("What do you offer?"), max_length=120)
    description = forms.CharField(
        label=_("Details (quantity, where to pick it up)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    available_until = BoundedDateField(
        window=GARDENS, label=_("Available until"), required=False, widget=DATE_WIDGET
    )
    to_feed = forms.BooleanField(label=_("Also offer it in the commune's feed"), required=False)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=GardenEvent.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_at = BoundedDateTimeField(window=EVENTS, label=_("Starts"), widget=DATETIME_WIDGET)
    ends_at = BoundedDateTimeField(window=EVENTS, label=_("Ends"), widget=DATETIME_WIDGET)


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
