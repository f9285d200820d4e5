"""HTML input parsing for scenarios. Forms never save: services do."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.roadmap import scenario_selectors
from tandem.roadmap.choices import CHANGE_FIELDS, OPTIONAL_FIELDS, ChangeKind
from tandem.roadmap.models import Scenario, ScenarioChange


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


class ScenarioForm(forms.ModelForm):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Scenario
        fields = ("name", "description")
        labels = {"name": "Name", "description": "The question it answers"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class ChangeForm(forms.ModelForm):
    """One change: the kind decides which of the other fields count (the service says which
    one is missing)."""

    kind = forms.ChoiceField(choices=ChangeKind.choices, label="Change")

    class Meta:
        model = ScenarioChange
        fields = (
            "kind",
            "initiative",
            "team",
            "low",
            "likely",
            "high",
            "rate",
            "people",
            "hours_per_week",
            "first_day",
            "last_day",
            "note",
        )
        widgets = {"first_day": _date(), "last_day": _date()}
        help_texts = {
            "initiative": "Add, take off, rank first, or change the estimate of.",
            "team": "The IT team whose estimate, hires or hours change.",
            "hours_per_week": "Run work the team takes on, for the whole team a week.",
        }

    def __init__(self, *args: Any, kind: str = ChangeKind.ADD, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = kind if kind in ChangeKind.values else ChangeKind.ADD
        self.kind = kind
        used = {"kind", "note", *CHANGE_FIELDS[kind], *OPTIONAL_FIELDS.get(kind, ())}
        for name in list(self.fields):
            if name not in used:
                del self.fields[name]
        self.fields["kind"].widget = forms.HiddenInput()
        self.initial["kind"] = kind
        found = scenario_selectors.change_choices()
        if "initiative" in self.fields:
            self.fields["initiative"].queryset = found["initiatives"]
        if "team" in self.fields:
            self.fields["team"].queryset = found["teams"]
        for name, field in self.fields.items():
            field.required = name in CHANGE_FIELDS[kind] or name == "kind"

    def _post_clean(self) -> None:
        """The service validates the change as a whole; no model validation here."""
