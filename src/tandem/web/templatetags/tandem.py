"""Presentation helpers: money, badges, sortable headers, Bootstrap form fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms, template
from django.conf import settings
from django.utils.html import format_html
from django.utils.http import urlencode

from tandem.core import formatting
from tandem.portfolio.value import outcome_statement
from tandem.portfolio.value import value_statement as render_value_statement

register = template.Library()


@register.filter
def value_statement(initiative: Any) -> str:
    """The initiative's outcomes as a sentence in business words ('' without outcomes)."""
    return render_value_statement(initiative)


@register.filter
def statement(outcome: Any) -> str:
    """One business outcome as a sentence."""
    return outcome_statement(outcome)


STATE_COLOURS = {
    "idea": "text-bg-light border",
    "intake": "text-bg-info",
    "feasibility_review": "text-bg-primary",
    "approved": "text-bg-success",
    "in_progress": "text-bg-primary bg-opacity-75",
    "done": "text-bg-success bg-opacity-50",
    "on_hold": "text-bg-warning",
    "cancelled": "text-bg-secondary",
}
RAG_COLOURS = {"green": "text-bg-success", "amber": "text-bg-warning", "red": "text-bg-danger"}
FEASIBILITY_COLOURS = {
    "not_assessed": "text-bg-light border",
    "feasible": "text-bg-success",
    "conditional": "text-bg-warning",
    "not_feasible": "text-bg-danger",
}


@register.filter
def money(value: Any) -> str:
    """120000.5 -> '€120,001' (the company currency, TANDEM_CURRENCY); empty -> '—'."""
    return formatting.money(value, settings.TANDEM_CURRENCY)


@register.filter
def number(value: Any) -> str:
    """A quantity without trailing zeros: 4.0 -> '4', 2.50 -> '2.5', 12000 -> '12,000'."""
    return formatting.quantity(value)


@register.filter
def sum_of(items: Any, attribute: str) -> Decimal:
    """Sum one attribute over already-loaded objects (e.g. prefetched estimates)."""
    return sum((getattr(item, attribute) or 0 for item in items), Decimal(0))


@register.simple_tag
def state_badge(obj: Any, field: str = "state") -> str:
    """An initiative's state as a coloured badge with its label."""
    value = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    return format_html(
        '<span class="badge rounded-pill {}">{}</span>',
        STATE_COLOURS.get(value, "text-bg-secondary"),
        label,
    )


@register.simple_tag
def rag_badge(obj: Any) -> str:
    """A status update's red/amber/green as a coloured badge."""
    return format_html(
        '<span class="badge {}">{}</span>',
        RAG_COLOURS.get(obj.rag, "text-bg-secondary"),
        obj.get_rag_display(),
    )


@register.simple_tag
def feasibility_badge(obj: Any) -> str:
    """IT's feasibility assessment as a coloured badge."""
    return format_html(
        '<span class="badge {}">{}</span>',
        FEASIBILITY_COLOURS.get(obj.feasibility, "text-bg-secondary"),
        obj.get_feasibility_display(),
    )


@register.simple_tag(takes_context=True)
def sort_url(context: Any, key: str) -> str:
    """The current query with `sort` set to `key`, or to `-key` if already sorted by `key`."""
    query = context["request"].GET.copy()
    current = query.get("sort", "")
    query["sort"] = f"-{key}" if current == key else key
    query.pop("page", None)
    return "?" + urlencode(sorted(query.lists()), doseq=True)


@register.simple_tag(takes_context=True)
def sort_icon(context: Any, key: str) -> str:
    """An arrow showing whether the list is sorted by `key`, and which way."""
    current = context["request"].GET.get("sort", "")
    if current == key:
        return format_html('<i class="bi bi-caret-up-fill" aria-label="{}"></i>', "ascending")
    if current == f"-{key}":
        return format_html('<i class="bi bi-caret-down-fill" aria-label="{}"></i>', "descending")
    return ""


@register.filter
def bs_field(field: forms.BoundField) -> str:
    """Render a form field's widget with Bootstrap classes (and date pickers for dates)."""
    widget = field.field.widget
    attrs: dict[str, str] = {}
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = ""
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if isinstance(widget, forms.DateInput):
        widget.format = "%Y-%m-%d"
        attrs["type"] = "date"
    if isinstance(widget, forms.Textarea):
        attrs["rows"] = "3"
    if field.errors:
        css += " is-invalid"
    if css:
        attrs["class"] = css.strip()
    if field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_help"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_multi_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple)
