"""HTML input parsing for the portfolio. Forms never save: views pass cleaned data to services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model, model_to_dict

from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.filters import InitiativeFilterSet
from tandem.portfolio.models import (
    BusinessOutcome,
    Dependency,
    EffortEstimate,
    Initiative,
    ScopeChange,
    StatusUpdate,
)
from tandem.portfolio.value import TEMPLATES


class ModelFieldsForm(forms.Form):
    """A plain form whose fields come from `model` (labels, help, choices), plus `version`."""

    model: type
    field_names: tuple[str, ...] = ()
    labels: dict[str, str] = {}
    widgets: dict[str, Any] = {}

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, instance: Any = None, **kwargs: Any) -> None:
        if instance is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                **model_to_dict(instance, fields=self.field_names),
                "version": instance.version,
            }
        super().__init__(*args, **kwargs)
        version = self.fields.pop("version")
        self.fields.update(
            fields_for_model(
                self.model, fields=self.field_names, labels=self.labels, widgets=self.widgets
            )
        )
        self.fields["version"] = version
        for field in self.fields.values():
            _prompt(field)


class InitiativeForm(ModelFieldsForm):
    model = Initiative
    field_names = (
        "title",
        "requesting_unit",
        "kind",
        "problem_statement",
        "business_sponsor",
        "it_owner",
        "goals",
        "requested_start",
        "requested_end",
        "planned_start",
        "planned_end",
        "budget_estimate",
    )
    labels = {
        "goals": "Strategic goals it serves",
        "budget_estimate": "Budget estimate",
        "requesting_unit": "Requesting business unit",
    }
    widgets = {"goals": forms.CheckboxSelectMultiple}


class InitiativeAssessForm(ModelFieldsForm):
    model = Initiative
    field_names = ("feasibility", "feasibility_notes")
    labels = {
        "feasibility": "IT's feasibility assessment",
        "feasibility_notes": "Conditions, risks and reasoning",
    }


class InitiativeTransitionForm(forms.Form):
    to = forms.ChoiceField(choices=InitiativeState.choices)
    version = forms.IntegerField(required=False)
    reason = forms.CharField(required=False, max_length=500)


class DeleteForm(forms.Form):
    version = forms.IntegerField(required=False)


class OutcomeForm(ModelFieldsForm):
    model = BusinessOutcome
    field_names = ("metric", "baseline", "target", "unit", "target_date", "supports")
    labels = {"metric": "Business measure", "target_date": "Reach the target by"}


class EstimateForm(ModelFieldsForm):
    model = EffortEstimate
    field_names = ("team", "low", "likely", "high", "rate")
    labels = {
        "team": "IT team",
        "low": "Best case (person-weeks)",
        "likely": "Most likely (person-weeks)",
        "high": "Worst case (person-weeks)",
        "rate": "People working on it at once (optional)",
    }


class StatusUpdateForm(ModelFieldsForm):
    model = StatusUpdate
    field_names = ("date", "rag", "text")
    labels = {"rag": "Overall status", "text": "What happened, and what is next"}


class ScopeChangeForm(ModelFieldsForm):
    model = ScopeChange
    field_names = ("date", "reason", "effort_delta")
    labels = {"reason": "What changed in scope, and why"}


class DependencyForm(ModelFieldsForm):
    model = Dependency
    field_names = ("predecessor", "note")
    labels = {"predecessor": "Must wait for", "note": "Why"}

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["predecessor"]
        field.queryset = Initiative.objects.exclude(pk=initiative.pk).order_by("title")
        field.help_text = "The initiative that has to finish before this one can start."


def initiative_filter_form(data: Any) -> forms.Form:
    """The portfolio list's filter form, built from the one FilterSet that filters it."""
    form = InitiativeFilterSet(data=data).form
    form.fields["state"].widget = forms.CheckboxSelectMultiple(choices=form.fields["state"].choices)
    form.fields.pop("sort")  # the column headers sort; the template keeps it in a hidden input
    form.fields["q"].label = "Search titles"
    for name in ("unit", "goal", "kind", "team"):
        form.fields[name].empty_label = "All"
        form.fields[name].widget.choices = form.fields[name].choices
    return form


def _prompt(field: forms.Field) -> None:
    """Show "Choose…" instead of dashes in an empty drop-down."""
    if getattr(field, "empty_label", None) is not None:
        field.empty_label = "Choose…"
        field.widget.choices = field.choices
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        field.choices = [
            ("", "Choose…") if value == "" else (value, label) for value, label in field.choices
        ]


class OutcomeTemplateForm(forms.Form):
    """An outcome for technical work, in business terms, from one of `value.TEMPLATES`."""

    template = forms.ChoiceField(
        label="What the business gets",
        choices=[(t.key, t.title) for t in TEMPLATES.values()],
        help_text=" ".join(f"{t.title}: {t.explanation}" for t in TEMPLATES.values()),
    )
    subject = forms.CharField(
        label="What it is about",
        max_length=120,
        help_text="The risk, process, system or cost, e.g. 'a ransomware outage of the ERP'.",
    )
    before = forms.DecimalField(
        label="Today", min_value=0, help_text="For a risk: its likelihood in a year, in %."
    )
    after = forms.DecimalField(
        label="After the initiative", min_value=0, help_text="For a risk: the likelihood then."
    )
    impact = forms.DecimalField(
        label="What the risk would cost if it happened",
        min_value=0,
        required=False,
        help_text="Risk only, in the company currency.",
    )
    target_date = forms.DateField(
        label="Reach the target by", widget=forms.DateInput(attrs={"type": "date"})
    )
