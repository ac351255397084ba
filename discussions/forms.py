from django import forms
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from discussions.models import (
    AVAILABILITY_MAX,
    BODY_MAX,
    COMMENT_MAX,
    MESSAGE_MAX,
    RATE_MAX,
    TITLE_MAX,
    Category,
    Post,
    Report,
    WatchedWord,
)
from discussions.text import PHOTO_MAX_SIDE
from socle.dates import EVENTS, BoundedDateTimeField
from socle.images import ImageUploadField, image_help_text

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

# The fields only one kind has; every other field is common to all kinds.
KIND_ONLY_FIELDS = {
    Post.Kind.EVENEMENT: ("event_starts_at", "event_place"),
    Post.Kind.COVOITURAGE: ("ride_from", "ride_to", "ride_departs_at", "ride_seats"),
}

# One line under each kind on the "what do you want to post?" page.
KIND_HINTS = {
    Post.Kind.DISCUSSION: _("A question, news or an idea for the neighbours."),
    Post.Kind.OFFRE: _("You offer a hand, a skill or something to give."),
    Post.Kind.DEMANDE: _("You need a hand: shopping, a lift, a repair..."),
    Post.Kind.EVENEMENT: _("A meeting, a party, a workshop: with a date and a place."),
    Post.Kind.PERDU: _("You lost something or an animal."),
    Post.Kind.TROUVE: _("You found something or an animal."),
    Post.Kind.ALERTE: _("An urgent notice to every resident (the town hall's team)."),
    Post.Kind.RECOMMANDATION: _("A good address or a craftsman you trust."),
    Post.Kind.COVOITURAGE: _("A trip with free seats: from, to, when."),
}


def kind_choices(allowed_kinds) -> list[dict]:
    """The kinds a resident may post, with their hint, for the chooser page."""
    return [
        {"value": value, "label": label, "hint": KIND_HINTS.get(value, "")}
        for value, label in Post.Kind.choices
        if value in allowed_kinds
    ]


class PostForm(forms.Form):
    """The new-post form; the service does the real validation."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Post.Kind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Give your post a title.")},
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea,
        required=False,
        max_length=BODY_MAX,
        help_text=_("Plain text or Markdown (**bold**, lists, links)."),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas, e.g. vélo, bricolage."),
    )
    photo = ImageUploadField(
        label=_("Photo"), required=False, help_text=image_help_text(max_side=PHOTO_MAX_SIDE)
    )
    is_public = forms.BooleanField(
        label=_("Also visible outside the commune (public Atom feed)"), required=False
    )
    event_starts_at = BoundedDateTimeField(
        window=EVENTS, label=_("Event date and time"), required=False, widget=DATETIME_WIDGET
    )
    event_place = forms.CharField(label=_("Event place"), required=False, max_length=200)
    ride_from = forms.CharField(label=_("Leaving from"), required=False, max_length=120)
    ride_to = forms.CharField(label=_("Going to"), required=False, max_length=120)
    ride_departs_at = BoundedDateTimeField(
        window=EVENTS, label=_("Departure"), required=False, widget=DATETIME_WIDGET
    )
    ride_seats = forms.IntegerField(label=_("Free seats"), required=False, min_value=1, max_value=8)
    on_behalf = forms.BooleanField(
        label=_("On behalf of someone without a smartphone (shown as “transmis par la mairie”)"),
        required=False,
        help_text=_("Never write the person's name, address or phone number: answers reach you."),
    )

    def __init__(
        self, *args, allowed_kinds=None, can_post_on_behalf=False, post=None, kind=None, **kwargs
    ):
        """With `post`, the edit form: prefilled, the kind fixed, its categories
        kept even if no longer in use. With `kind` (or `post`), only the fields
        of that kind, the kind itself a hidden field."""
        if post is not None:
            kwargs["initial"] = {**self.initial_for(post), **kwargs.get("initial", {})}
            kind = post.kind
        elif kind is not None:
            kwargs["initial"] = {"kind": kind, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.chosen_kind = kind
        if kind is not None:
            self.fields["kind"].widget = forms.HiddenInput()
            for other, names in KIND_ONLY_FIELDS.items():
                if other != kind:
                    for name in names:
                        del self.fields[name]
        categories = Q(is_active=True)
        if post is not None:
            categories |= Q(pk__in=[c.pk for c in post.categories.all()])
            self.fields["kind"].disabled = True
            self.fields["photo"].help_text = _("A new photo replaces the current one.")
        self.fields["categories"].queryset = Category.objects.filter(categories)
        if allowed_kinds is not None:
            self.fields["kind"].choices = [c for c in Post.Kind.choices if c[0] in allowed_kinds]
        if not can_post_on_behalf:
            del self.fields["on_behalf"]

    @property
    def kind_label(self) -> str:
        return Post.Kind(self.chosen_kind).label if self.chosen_kind else ""

    def category_groups(self) -> tuple[list, list]:
        """The category boxes split in two: the common ones (shown), the
        others (folded), each in the list's order."""
        common = {c.pk for c in self.fields["categories"].queryset if c.is_common}
        shown, folded = [], []
        for box in self["categories"]:
            (shown if box.data["value"].value in common else folded).append(box)
        return shown, folded

    def has_folded_choice(self) -> bool:
        """Whether a folded category is ticked (the fold then opens)."""
        _shown, folded = self.category_groups()
        return any(box.data["selected"] for box in folded)

    @staticmethod
    def initial_for(post: Post) -> dict:
        def local(value):
            return timezone.localtime(value) if value else None

        return {
            "kind": post.kind,
            "title": post.title,
            "body": post.body,
            "categories": [c.pk for c in post.categories.all()],
            "tags": ", ".join(sorted(post.tags.names(), key=str.lower)),
            "photo": post.photo or None,
            "is_public": post.is_public,
            "on_behalf": post.on_behalf,
            "event_starts_at": local(post.event_starts_at),
            "event_place": post.event_place,
            "ride_from": post.ride_from,
            "ride_to": post.ride_to,
            "ride_departs_at": local(post.ride_departs_at),
            "ride_seats": post.ride_seats,
        }

    def clean_tags(self):
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        kwargs = {
            "kind": data.pop("kind"),
            "title": data.pop("title"),
            "body": data.pop("body"),
            "categories": list(data.pop("categories")),
            "tags": data.pop("tags"),
        }
        for other, names in KIND_ONLY_FIELDS.items():
            if other != kwargs["kind"]:
                for name in names:
                    data.pop(name, None)
        kwargs.update({k: v for k, v in data.items() if v not in (None, "")})
        return kwargs

    def edit_kwargs(self) -> dict:
        """For edit_post: every field of the post's kind, emptied ones included
        (the service refuses what a kind needs); the photo only when replaced
        (an upload) or removed (the "clear" box: None)."""
        data = self.cleaned_data
        kind = data["kind"]
        names = ["title", "body", "tags", "is_public"]
        if "on_behalf" in self.fields:
            names.append("on_behalf")
        if kind == Post.Kind.EVENEMENT:
            names += ["event_starts_at", "event_place"]
        if kind == Post.Kind.COVOITURAGE:
            names += ["ride_from", "ride_to", "ride_departs_at", "ride_seats"]
        kwargs = {name: data[name] for name in names}
        kwargs["categories"] = list(data["categories"])
        photo = data.get("photo")
        if photo is False:
            kwargs["photo"] = None
        elif photo and not isinstance(photo, FieldFile):
            kwargs["photo"] = photo
        return kwargs


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=COMMENT_MAX,
                           error_messages={"required": _("Write something first.")})  # fmt: skip
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Report.Reason.choices)
    details = forms.CharField(label=_("Details (optional)"), required=False, max_length=500)


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=MESSAGE_MAX,
                           error_messages={"required": _("Write something first.")})  # fmt: skip


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("approve", _("Approve")),
            ("hide", _("Hide")),
            ("restore", _("Restore")),
            ("delete", _("Delete")),
        ],
    )
    reason = forms.CharField(label=_("Reason told to the author"), required=False, max_length=500)


class WatchedWordForm(forms.ModelForm):
    class Meta:
        model = WatchedWord
        fields = ["word", "action"]


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    requires_approval = forms.BooleanField(label=_("Held for approval"), required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    is_common = forms.BooleanField(
        label=_("Shown first"),
        required=False,
        help_text=_("Common categories come first on the new-post form; the others are folded."),
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class OfferedServiceForm(forms.Form):
    """A service a resident offers: category, indicative rate, availability."""

    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(is_active=True),
        empty_label=_("Choose a category"),
        error_messages={
            "required": _("Choose one of the commune's categories."),
            "invalid_choice": _("Choose one of the commune's categories."),
        },
    )
    rate = forms.CharField(
        label=_("Indicative rate"),
        max_length=RATE_MAX,
        help_text=_("Free form: “gratuit”, “10 € de l'heure”, “à discuter”."),
        error_messages={
            "required": _("Give an indicative rate, for example “gratuit” or “à discuter”.")
        },
    )
    availability = forms.CharField(
        label=_("Availability"),
        max_length=AVAILABILITY_MAX,
        required=False,
        help_text=_("For example “le week-end” or “en soirée”."),
    )

    def service_kwargs(self) -> dict:
        return {
            "category": self.cleaned_data["category"],
            "rate": self.cleaned_data["rate"],
            "availability": self.cleaned_data["availability"],
        }
