"""HTML input parsing for strategic goals. Forms never save: services do."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model, model_to_dict

from tandem.strategy.filters import StrategicGoalFilterSet
from tandem.strategy.models import StrategicGoal

GOAL_FIELDS = ("title", "owner_unit", "period_start", "period_end", "statement")


class GoalForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, instance: StrategicGoal | None = None, **kwargs: Any) -> None:
        if instance is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                **model_to_dict(instance, fields=GOAL_FIELDS),
                "version": instance.version,
            }
        super().__init__(*args, **kwargs)
        version = self.fields.pop("version")
        self.fields.update(
            fields_for_model(
                StrategicGoal,
                fields=GOAL_FIELDS,
                labels={
                    "owner_unit": "Owning business unit",
                    "period_start": "From",
                    "period_end": "Until",
                },
            )
        )
        self.fields["version"] = version


def goal_filter_form(data: Any) -> forms.Form:
    """The goal list's filter form, from the FilterSet that filters it."""
    form = StrategicGoalFilterSet(data=data).form
    form.fields["owner_unit"].label = "Business unit"
    form.fields["owner_unit"].empty_label = "All"
    form.fields["owner_unit"].widget.choices = form.fields["owner_unit"].choices
    form.fields["active_on"].help_text = ""
    return form
