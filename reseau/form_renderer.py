"""Django's form renderer, with the commonest widgets (inputs, select, textarea)
written in Python instead of rendered as templates.

Django renders each widget through a template, and a select through one more
template (with its own attributes template) per option: ~0.1–0.3 ms a widget, a
tenth of the objects directory's CPU time for its six-field search form. The
output is the same, byte for byte: the Python below follows Django's widget
templates, and a template whose source is not the one it follows (another Django
version) is rendered as a template, like any widget with a template of its own.
`tests/test_form_renderer.py` compares both on every kind of value.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context, TemplateDoesNotExist
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.functional import cached_property
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
ATTRS = (
    "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
    "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}"
    "{% endfor %}"
)
INPUT = (
    '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %}'
    " value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
    '{% include "django/forms/widgets/attrs.html" %}>\n'
)
SELECT = (
    '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>'
    "{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}\n"
    '  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n'
    "  {% include option.template_name with widget=option %}{% endfor %}{% if group_name %}\n"
    "  </optgroup>{% endif %}{% endfor %}\n"
    "</select>\n"
)
OPTION = (
    "<option value=\"{{ widget.value|stringformat:'s' }}\""
    '{% include "django/forms/widgets/attrs.html" %}>{{ widget.label }}</option>\n'
)
TEXTAREA = (
    '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
    "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"
)
INCLUDES_INPUT = '{% include "django/forms/widgets/input.html" %}\n'
INPUT_KINDS = (
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "datetime",
    "time",
    "search",
    "tel",
    "color",
    "checkbox",
    "file",
)


class _NotPlain(Exception):
    """A value the template would treat specially (a callable it would call, an
    attribute named `items`): rendered as a template instead."""


def _plain(value):
    if callable(value):
        raise _NotPlain
    return value


def _attrs_items(attrs: dict):
    if "items" in attrs:  # `widget.attrs.items` would read this key, not the method
        raise _NotPlain
    return attrs.items()


class WidgetRenderer(DjangoTemplates):
    """FORM_RENDERER: Django's DjangoTemplates renderer, faster for plain widgets."""

    @cached_property
    def _context(self) -> Context:
        # What the template engine renders widgets with: autoescaping on,
        # localisation and time zone as the settings say.
        return Context(autoescape=self.engine.engine.autoescape)

    def _source(self, name: str) -> str | None:
        try:
            return self.get_template(WIDGETS + name).template.source
        except TemplateDoesNotExist:
            return None

    @cached_property
    def _writers(self) -> dict:
        """Template name -> Python writer, for templates whose source is known."""
        if self._source("attrs.html") != ATTRS:
            return {}
        writers = {}
        if self._source("input.html") == INPUT:
            writers[WIDGETS + "input.html"] = self._input
            for kind in INPUT_KINDS:
                if self._source(f"{kind}.html") == INCLUDES_INPUT:
                    writers[f"{WIDGETS}{kind}.html"] = self._input
        if self._source("select.html") == SELECT and self._source("select_option.html") == OPTION:
            writers[WIDGETS + "select.html"] = self._select
        if self._source("textarea.html") == TEXTAREA:
            writers[WIDGETS + "textarea.html"] = self._textarea
        return writers

    def render(self, template_name, context, request=None):
        writer = self._writers.get(template_name)
        if writer is not None:
            try:
                return writer(context["widget"]).strip()
            except _NotPlain:
                pass
        return super().render(template_name, context, request=request)

    # {{ value }}
    def _text(self, value) -> str:
        return render_value_in_context(_plain(value), self._context)

    # {{ value|stringformat:'s' }} (a safe value stays safe: the filter is is_safe)
    def _formatted(self, value) -> str:
        value = _plain(value)
        formatted = stringformat(value, "s")
        if isinstance(value, SafeData):
            formatted = mark_safe(formatted)  # noqa: S308 (the value was safe already)
        return render_value_in_context(formatted, self._context)

    def _attrs(self, attrs: dict) -> str:
        html = []
        for name, value in _attrs_items(attrs):
            value = _plain(value)
            if value is not False:
                html.append(f" {self._text(name)}")
                if value is not True:
                    html.append(f'="{self._formatted(value)}"')
        return "".join(html)

    def _input(self, widget: dict) -> str:
        value = _plain(widget["value"])
        shown = f' value="{self._formatted(value)}"' if value != None else ""  # noqa: E711 (as the template)
        return (
            f'<input type="{self._text(widget["type"])}" name="{self._text(widget["name"])}"'
            f"{shown}{self._attrs(widget['attrs'])}>\n"
        )

    def _textarea(self, widget: dict) -> str:
        value = _plain(widget["value"])
        return (
            f'<textarea name="{self._text(widget["name"])}"{self._attrs(widget["attrs"])}>\n'
            f"{self._text(value) if value else ''}</textarea>\n"
        )

    def _select(self, widget: dict) -> str:
        html = [f'<select name="{self._text(widget["name"])}"{self._attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            group_name = _plain(group_name)
            if group_name:
                html.append(f'\n  <optgroup label="{self._text(group_name)}">')
            for option in group_choices:
                if option["template_name"] != WIDGETS + "select_option.html":
                    raise _NotPlain
                html.append(
                    f'\n  <option value="{self._formatted(option["value"])}"'
                    f"{self._attrs(option['attrs'])}>{self._text(option['label'])}</option>\n"
                )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>\n")
        return "".join(html)
