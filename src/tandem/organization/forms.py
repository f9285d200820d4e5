"""HTML input parsing for units, teams and people. Forms never save: services do."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model, model_to_dict

from tandem.organization.models import BusinessUnit, Person, Team


class ModelFieldsForm(forms.Form):
    """A plain form whose fields come from `model` (labels, help, choices), plus `version`."""

    model: type
    field_names: tuple[str, ...] = ()
    labels: dict[str, str] = {}

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
            fields_for_model(self.model, fields=self.field_names, labels=self.labels)
        )
        self.fields["version"] = version
        for field in self.fields.values():
            _prompt(field)


class UnitForm(ModelFieldsForm):
    model = BusinessUnit
    field_names = ("name", "code", "headcount", "description")


class TeamForm(ModelFieldsForm):
    model = Team
    field_names = ("name", "lead", "description")
    labels = {"lead": "Team lead"}


class PersonForm(ModelFieldsForm):
    model = Person
    field_names = (
        "name",
        "email",
        "unit",
        "team",
        "fte",
        "hours_per_week",
        "skills",
        "start_date",
        "end_date",
    )
    labels = {
        "unit": "Business unit",
        "team": "IT team",
        "fte": "Share of full time (FTE)",
        "hours_per_week": "Hours per week",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skills"] = forms.CharField(
            required=False,
            help_text="Separate skills with commas, e.g. SQL, SAP, Python.",
        )
        skills = self.initial.get("skills")
        if isinstance(skills, list):
            self.initial["skills"] = ", ".join(skills)
        self.fields["fte"].help_text = "1 for full time, 0.5 for half time."
        self.fields["version"] = self.fields.pop("version")

    def clean_skills(self) -> list[str]:
        raw = self.cleaned_data.get("skills") or ""
        return [skill.strip() for skill in raw.split(",") if skill.strip()]


def _prompt(field: forms.Field) -> None:
    """Show "Choose…" instead of dashes in an empty drop-down."""
    if getattr(field, "empty_label", None) is not None:
        field.empty_label = "Choose…"
        field.widget.choices = field.choices
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        field.choices = [
            ("", "Choose…") if value == "" else (value, label) for value, label in field.choices
        ]
