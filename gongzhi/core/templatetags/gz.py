"""Template helpers used across the site (loaded as builtins)."""

from decimal import Decimal

from django import forms, template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from gongzhi.core.roles import Role

register = template.Library()


@register.filter
def role_label(value):
    return Role(value).label if value in Role.values else value


@register.filter(needs_autoescape=True)
def listing(items, autoescape=True):
    """Names in a row, separated as the page's language separates them (、 or , )."""
    escape = conditional_escape if autoescape else str
    return mark_safe(_("、").join(escape(item) for item in items))


@register.filter
def with_prefix(text, prefix):
    """“prefix · text”, or the text alone when it already begins with the prefix (a task label
    such as “西城社区 第4项” names its community already)."""
    text, prefix = str(text), str(prefix or "")
    if not prefix or text.startswith(prefix):
        return text
    return _("%(prefix)s · %(text)s") % {"prefix": prefix, "text": text}


@register.filter
def number(value):
    """A number without trailing zeros: 3.0 → 3, 2.50 → 2.5; anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    text = format(Decimal(str(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def yuan(value):
    """Money in 元 as people write it: 180000 → 180,000.00; anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return f"{Decimal(str(value)):,.2f}"


@register.filter
def add_class(field, css_class):
    """Render a bound field with Bootstrap's class (`form-select` for choices), named by its
    label for screen readers, and, where a form is laid out without labels, in its placeholder
    or its empty choice."""
    widget = field.field.widget
    label = str(field.label)
    attrs = {"class": css_class, "aria-label": label}
    if isinstance(widget, forms.Select):
        attrs["class"] = css_class.replace("form-control", "form-select")
        _name_empty_choice(field.field, label)
    elif isinstance(widget, forms.TextInput | forms.NumberInput | forms.Textarea):
        attrs["placeholder"] = widget.attrs.get("placeholder", label)
    if field.errors:
        attrs["class"] += " is-invalid"
    return field.as_widget(attrs=attrs)


def _name_empty_choice(form_field, label):
    """“---------” says nothing; show the field's name in the empty choice instead."""
    if isinstance(form_field, forms.ModelChoiceField):
        if form_field.empty_label is not None:
            form_field.empty_label = f"{label}…"
        return
    choices = list(getattr(form_field, "choices", []))
    if choices and choices[0][0] == "":
        form_field.choices = [("", f"{label}…"), *choices[1:]]


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for paging and filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def verbose_name(obj):
    """The model's Chinese name, for a model instance or a form's instance."""
    return obj._meta.verbose_name if hasattr(obj, "_meta") else ""


@register.filter
def attr(obj, path):
    """obj|attr:"unit.name" — follow a dotted path, calling methods such as get_kind_display."""
    value = obj
    for part in path.split("."):
        value = getattr(value, part, None)
        if callable(value):
            value = value()
        if value is None:
            return ""
    return value
