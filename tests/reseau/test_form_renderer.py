"""The project's form renderer writes plain widgets in Python: the HTML must be
Django's own, byte for byte, for every kind of value."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import BaseRenderer, DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from reseau.form_renderer import WidgetRenderer

VALUES = [
    None,
    "",
    "plain",
    "<b>\"quoted\" & 'single'</b>",
    mark_safe("<i>safe</i>"),
    0,
    1234567,
    1.5,
    Decimal("12.50"),
    datetime.date(2026, 11, 22),
    True,
    False,
    ["a", "<b>"],
    ("tu", "ple"),
]
ATTRS = [
    None,
    {"id": "id_x", "required": True, "disabled": False, "class": "a b"},
    {"placeholder": gettext_lazy("Search"), "data-x": '"<q>"', "maxlength": 120},
    {"data-safe": mark_safe("<safe>"), "step": 0.5, "min": Decimal("1.5")},
]
INPUTS = [
    forms.TextInput(),
    forms.NumberInput(),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    forms.DateTimeInput(),
    forms.TimeInput(),
    forms.SearchInput(),
    forms.TelInput(),
    forms.ColorInput(),
    forms.CheckboxInput(),
    forms.FileInput(),
    forms.Textarea(attrs={"rows": 3}),
]
CHOICES = [
    ("", "---------"),
    (1, "Un"),
    ("2", '<deux> & "trois"'),
    (3.5, 3.5),
    (Decimal("4.25"), mark_safe("<b>safe</b>")),
    ("Groupe <g>", [(5, "Cinq"), ("6", gettext_lazy("Search"))]),
    (mark_safe("<em>Safe group</em>"), [(7, "Sept")]),
]
SELECTS = [
    forms.Select(choices=CHOICES),
    forms.Select(choices=CHOICES, attrs={"id": "id_s", "required": True}),
    forms.SelectMultiple(choices=CHOICES),
    forms.NullBooleanSelect(),
]
SELECT_VALUES = [None, "", 1, "2", 3.5, "6", [1, "2", 7], ["nothing"], True, False, "unknown"]


def pairs(widgets, values):
    for widget in widgets:
        for value in values:
            for attrs in ATTRS:
                yield widget, value, attrs


@pytest.mark.parametrize("language", ["fr", "en"])
def test_plain_widgets_render_exactly_as_django_templates(language):
    fast, django = WidgetRenderer(), DjangoTemplates()
    assert fast._writers, "the Python writers must be in use with this Django version"
    checked = 0
    with translation.override(language):
        for widget, value, attrs in [*pairs(INPUTS, VALUES), *pairs(SELECTS, SELECT_VALUES)]:
            try:
                expected = widget.render("field<name>", value, attrs, renderer=django)
            except TypeError:  # a value this widget does not take (Django fails too)
                with pytest.raises(TypeError):
                    widget.render("field<name>", value, attrs, renderer=fast)
                continue
            assert widget.render("field<name>", value, attrs, renderer=fast) == expected, (
                widget,
                value,
                attrs,
            )
            checked += 1
    assert checked > 900  # 1,008 with Django 5.2


def test_the_python_writers_cover_the_common_widgets():
    writers = WidgetRenderer()._writers
    for name in ("input", "text", "date", "search", "email", "number", "select", "textarea"):
        assert f"django/forms/widgets/{name}.html" in writers


def test_values_a_template_treats_specially_are_rendered_by_the_template(monkeypatch):
    """A callable attribute (the template calls it) and an attribute named `items`
    (the template reads it instead of the dict's items): the template renders them."""
    fast, django = WidgetRenderer(), DjangoTemplates()
    used = []
    monkeypatch.setattr(BaseRenderer, "render", _spy(BaseRenderer.render, used))
    for widget, value, attrs in [
        (forms.TextInput(), "x", {"data-x": lambda: "called"}),
        (forms.Select(choices=[(1, "Un")]), 1, {"items": (("odd", "attribute"),)}),
    ]:
        used.clear()
        html = widget.render("f", value, attrs, renderer=fast)
        assert used, "rendered by the template"
        assert html == widget.render("f", value, attrs, renderer=django)


def test_other_widgets_and_changed_templates_use_the_templates(monkeypatch):
    fast, django = WidgetRenderer(), DjangoTemplates()
    radio = forms.RadioSelect(choices=[(1, "Un"), (2, "Deux")])
    assert radio.render("r", 1, renderer=fast) == radio.render("r", 1, renderer=django)
    # A Django whose select template differs from the one the Python follows.
    monkeypatch.setattr(
        "reseau.form_renderer.SELECT", "<select>{{ widget.name }}</select>\n", raising=True
    )
    assert "django/forms/widgets/select.html" not in WidgetRenderer()._writers
    assert "django/forms/widgets/text.html" in WidgetRenderer()._writers


def _spy(function, calls):
    def spy(self, name, *args, **kwargs):
        calls.append(name)
        return function(self, name, *args, **kwargs)

    return spy
