"""A form renderer that writes Django's own form markup in Python.

Django renders every widget, option, label, error list and field group through
a template (django/forms/...): a quiz's five radio groups took some 200
template renders, two fifths of the page's time in a profile. `FormRenderer`
renders the templates Django ships in Python instead, byte for byte as the
templates would (tests/psoasapp/test_form_renderer.py renders every form of
the site both ways and compares). Anything else takes the template path,
unchanged: a template the project or a package ships (allauth's, the
admin's), a widget whose template resolves to another file than Django's, or
a value of a kind the Python path does not handle (see `_Fallback`).

The Python mirrors the template engine's rules: `{{ value }}` localizes
and escapes (django.template.base.render_value_in_context),
`|stringformat:'s'` keeps safe strings safe, a missing key renders as "", and
included templates keep their trailing newlines (only the outermost render is
stripped, as BaseRenderer.render does).
"""

import html
from pathlib import Path

import django.forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString
from django.utils.timezone import template_localtime

_escape = html.escape
_DJANGO_FORMS_TEMPLATES = str(Path(django.forms.__file__).parent / "templates") + "/"


class _Fallback(Exception):
    """Raised by the Python path when it meets something it does not render
    exactly as the templates would: the whole render takes the template path."""


def _var(value) -> str:
    """`{{ value }}` with autoescaping (render_value_in_context)."""
    cls = type(value)
    if cls is str:
        return _escape(value)
    if cls is SafeString:
        return value
    value = localize(template_localtime(value))
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


def _stringformat(value) -> str:
    """`{{ value|stringformat:'s' }}`: the filter is is_safe, so a safe string
    stays unescaped; anything else is formatted with %s and escaped."""
    if type(value) is str:
        return _escape(value)
    formatted = str(value) if isinstance(value, tuple) else value
    try:
        formatted = str(formatted)  # what "%s" % value gives
    except (ValueError, TypeError):
        formatted = ""
    if isinstance(value, SafeData):
        return formatted
    return _escape(formatted)


def _get(mapping, key):
    """`{{ mapping.key }}` for a widget's context dict: "" when missing."""
    if type(mapping) is not dict:
        raise _Fallback
    try:
        value = mapping[key]
    except KeyError:
        return ""
    if callable(value):  # the template would call it
        raise _Fallback
    return value


def _attrs(attrs) -> str:
    """django/forms/attrs.html and django/forms/widgets/attrs.html: True is a
    bare name, False is left out, anything else (None too) is name="value"."""
    if type(attrs) is not dict or "items" in attrs:
        raise _Fallback
    parts = []
    for name, value in attrs.items():
        if value is not False:
            if value is True:
                parts.append(" " + _var(name))
            else:
                parts.append(f' {_var(name)}="{_stringformat(value)}"')
    return "".join(parts)


def _input(widget) -> str:
    """django/forms/widgets/input.html (and the widgets that include it)."""
    value = _get(widget, "value")
    return (
        f'<input type="{_var(_get(widget, "type"))}"'
        f' name="{_var(_get(widget, "name"))}"'
        + (f' value="{_stringformat(value)}"' if value is not None else "")
        + _attrs(_get(widget, "attrs"))
        + ">\n"
    )


def _input_option(widget) -> str:
    """django/forms/widgets/input_option.html."""
    if not _get(widget, "wrap_label"):
        return _input(widget) + "\n"
    option_id = _get(_get(widget, "attrs"), "id")
    return (
        "<label"
        + (f' for="{_var(option_id)}"' if option_id else "")
        + ">"
        + _input(widget)
        + f" {_var(_get(widget, 'label'))}</label>\n"
    )


def _choice_option(widget) -> str:
    """radio_option.html and checkbox_option.html, which include
    input_option.html."""
    return _input_option(widget) + "\n"


def _select_option(widget) -> str:
    return (
        f'<option value="{_stringformat(_get(widget, "value"))}"'
        f"{_attrs(_get(widget, 'attrs'))}>{_var(_get(widget, 'label'))}</option>\n"
    )


def _textarea(widget) -> str:
    value = _get(widget, "value")
    return (
        f'<textarea name="{_var(_get(widget, "name"))}"{_attrs(_get(widget, "attrs"))}>'
        f"\n{_var(value) if value else ''}</textarea>\n"
    )


# The widget templates that are `{% include "django/forms/widgets/input.html" %}`.
INPUTS = (
    "input",
    "text",
    "number",
    "email",
    "url",
    "color",
    "search",
    "tel",
    "password",
    "hidden",
    "file",
    "date",
    "datetime",
    "time",
    "checkbox",
)


class FormRenderer(DjangoTemplates):
    """Django's default form renderer, with the markup of the templates Django
    ships written in Python (see the module's docstring)."""

    def __init__(self):
        super().__init__()
        self._shipped: dict[str, bool] = {}
        self._python = {
            "django/forms/div.html": self._div,
            "django/forms/field.html": self._field,
            "django/forms/label.html": self._label,
            "django/forms/errors/list/default.html": self._error_list,
            "django/forms/errors/list/ul.html": self._error_list_ul,
            "django/forms/errors/dict/default.html": self._error_dict,
            "django/forms/errors/dict/ul.html": self._error_dict_ul,
            **{
                f"django/forms/widgets/{name}.html": self._input_widget
                for name in INPUTS
            },
            "django/forms/widgets/input_option.html": self._input_option,
            "django/forms/widgets/radio_option.html": self._choice_option,
            "django/forms/widgets/checkbox_option.html": self._choice_option,
            "django/forms/widgets/radio.html": self._multiple_input,
            "django/forms/widgets/checkbox_select.html": self._multiple_input,
            "django/forms/widgets/multiple_input.html": self._multiple_input_bare,
            "django/forms/widgets/select.html": self._select,
            "django/forms/widgets/select_option.html": self._select_option,
            "django/forms/widgets/textarea.html": self._textarea,
        }
        # The functions an option's template_name may name, as included by a
        # choice widget's template (the include keeps the trailing newline).
        self._options = {
            "django/forms/widgets/input_option.html": _input_option,
            "django/forms/widgets/radio_option.html": _choice_option,
            "django/forms/widgets/checkbox_option.html": _choice_option,
            "django/forms/widgets/select_option.html": _select_option,
        }

    def render(self, template_name, context, request=None):
        python = self._python.get(template_name)
        if python is not None and self._ships(template_name):
            try:
                return python(context).strip()
            except _Fallback:
                pass
        return super().render(template_name, context, request=request)

    def _ships(self, template_name: str) -> bool:
        """Whether `template_name` resolves to the file Django ships: a
        template the project puts first in the loaders' path keeps its
        own markup."""
        shipped = self._shipped.get(template_name)
        if shipped is None:
            origin = self.get_template(template_name).origin.name
            shipped = str(origin).startswith(_DJANGO_FORMS_TEMPLATES)
            self._shipped[template_name] = shipped
        return shipped

    def _option(self, option) -> str:
        name = _get(option, "template_name")
        python = self._options.get(name)
        if python is None or not self._ships(name):
            raise _Fallback
        return python(option)

    # Widgets: the context is {"widget": {...}}.

    @staticmethod
    def _widget(context) -> dict:
        widget = context.get("widget")
        if type(widget) is not dict:
            raise _Fallback
        return widget

    def _input_widget(self, context) -> str:
        # text.html and its siblings are `{% include input.html %}` + "\n".
        return _input(self._widget(context)) + "\n"

    def _input_option(self, context) -> str:
        return _input_option(self._widget(context))

    def _choice_option(self, context) -> str:
        return _choice_option(self._widget(context))

    def _select_option(self, context) -> str:
        return _select_option(self._widget(context))

    def _textarea(self, context) -> str:
        return _textarea(self._widget(context))

    def _multiple_input_bare(self, context) -> str:
        widget = self._widget(context)
        attrs = _get(widget, "attrs")
        widget_id = _get(attrs, "id")
        widget_class = _get(attrs, "class")
        parts = [
            "<div",
            f' id="{_var(widget_id)}"' if widget_id else "",
            f' class="{_var(widget_class)}"' if widget_class else "",
            ">",
        ]
        for group, options, _index in _get(widget, "optgroups"):
            if group:
                parts.append(f"\n  <div><label>{_var(group)}</label>")
            for option in options:
                parts.append(f"<div>\n    {self._option(option)}</div>")
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>\n")
        return "".join(parts)

    def _multiple_input(self, context) -> str:
        # radio.html / checkbox_select.html include multiple_input.html.
        return self._multiple_input_bare(context) + "\n"

    def _select(self, context) -> str:
        widget = self._widget(context)
        parts = [
            f'<select name="{_var(_get(widget, "name"))}"',
            _attrs(_get(widget, "attrs")),
            ">",
        ]
        for group_name, group_choices, _index in _get(widget, "optgroups"):
            if group_name:
                parts.append(f'\n  <optgroup label="{_var(group_name)}">')
            for option in group_choices:
                parts.append("\n  " + self._option(option))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>\n")
        return "".join(parts)

    # Labels and errors.

    @staticmethod
    def _label(context) -> str:
        label = _var(context.get("label", ""))
        if not context.get("use_tag"):
            return label + "\n"
        tag = _var(context.get("tag", ""))
        return f"<{tag}{_attrs(context.get('attrs'))}>{label}</{tag}>\n"

    @staticmethod
    def _error_list_ul(context) -> str:
        errors = context.get("errors")
        if not isinstance(errors, list):
            raise _Fallback
        if not errors:
            return ""
        field_id = getattr(errors, "field_id", "")
        if callable(field_id):
            raise _Fallback
        return (
            f'<ul class="{_var(context.get("error_class", ""))}"'
            + (f' id="{_var(field_id)}_error"' if field_id else "")
            + ">"
            + "".join(f"<li>{_var(error)}</li>" for error in errors)
            + "</ul>"
        )

    def _error_list(self, context) -> str:
        # default.html includes ul.html; ensure it is Django's too.
        if not self._ships("django/forms/errors/list/ul.html"):
            raise _Fallback
        return self._error_list_ul(context)

    @staticmethod
    def _error_dict_ul(context) -> str:
        errors = context.get("errors")
        if not errors:
            return ""
        return (
            f'<ul class="{_var(context.get("error_class", ""))}">'
            + "".join(f"<li>{_var(field)}{_var(error)}</li>" for field, error in errors)
            + "</ul>"
        )

    def _error_dict(self, context) -> str:
        if not self._ships("django/forms/errors/dict/ul.html"):
            raise _Fallback
        return self._error_dict_ul(context)

    # A field's group (label, help text, errors, widget) and a whole form.

    @staticmethod
    def _field(context) -> str:
        field = context.get("field")
        if not isinstance(field, BoundField):
            raise _Fallback
        # `{{ field.help_text|safe }}`: a string, lazy or not, as it is. A lazy
        # one is worked out once (allauth's "Forgot your password?" link
        # renders a template and reverses a URL each time).
        help_text = field.help_text
        if isinstance(help_text, Promise):
            help_text = str(help_text)
        elif help_text and not isinstance(help_text, str):
            raise _Fallback
        use_fieldset = field.use_fieldset
        parts = []
        if use_fieldset:
            describedby = field.aria_describedby
            parts.append(
                "\n  <fieldset"
                + (f' aria-describedby="{_var(describedby)}"' if describedby else "")
                + ">\n  "
                + (_var(field.legend_tag()) if field.label else "")
                + "\n"
            )
        else:
            parts.append(
                "\n  " + (_var(field.label_tag()) if field.label else "") + "\n"
            )
        parts.append("\n")
        if help_text:
            auto_id = field.auto_id
            parts.append(
                '<div class="helptext"'
                + (f' id="{_var(auto_id)}_helptext"' if auto_id else "")
                + f">{help_text}</div>"
            )
        parts.append(f"\n{_var(field.errors)}\n{_var(field)}")
        if use_fieldset:
            parts.append("</fieldset>")
        parts.append("\n")
        return "".join(parts)

    @staticmethod
    def _div(context) -> str:
        errors = context.get("errors", "")
        fields = context.get("fields")
        hidden_fields = context.get("hidden_fields")
        if not isinstance(fields, list) or not isinstance(hidden_fields, list):
            raise _Fallback

        def hidden() -> str:
            return "".join(_var(field) for field in hidden_fields)

        parts = [_var(errors), "\n"]
        if errors and not fields:
            parts.append(f"\n  <div>{hidden()}</div>\n")
        parts.append("\n")
        last = len(fields) - 1
        for index, (field, _errors) in enumerate(fields):
            if not isinstance(field, BoundField):
                raise _Fallback
            classes = field.css_classes()
            parts.append(
                "\n  <div"
                + (f' class="{_var(classes)}"' if classes else "")
                + f">\n    {_var(field.as_field_group())}\n    "
            )
            if index == last:
                parts.append(f"\n      {hidden()}\n    ")
            parts.append("\n</div>\n")
        parts.append("\n")
        if not fields and not errors:
            parts.append(f"\n  {hidden()}\n")
        parts.append("\n")
        return "".join(parts)
