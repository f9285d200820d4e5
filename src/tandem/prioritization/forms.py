"""HTML input for prioritization: scores, the selection's period and budget, a criterion."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.prioritization.choices import SCORE_MAX, SCORE_MIN


class ScoreForm(forms.Form):
    """One criterion's score: the value, a one-line rationale, and the version read."""

    value = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    rationale = forms.CharField(required=False, max_length=200)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, criterion: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        choices = [("", "Not scored")]
        for level in range(SCORE_MIN, SCORE_MAX + 1):
            text = criterion.level_text(level)
            choices.append((str(level), f"{level} — {text}" if text else str(level)))
        self.fields["value"].choices = choices
        self.fields["value"].label = criterion.name
        self.fields["rationale"].widget.attrs["placeholder"] = "Why, in one line (optional)"


class SelectionForm(forms.Form):
    period_from = forms.CharField(
        label="First quarter", max_length=10, help_text="e.g. 2027Q1", initial="2027Q1"
    )
    period_to = forms.CharField(
        label="Last quarter", max_length=10, help_text="e.g. 2027Q4", initial="2027Q4"
    )
    budget = forms.DecimalField(
        label="Budget",
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=2,
        help_text="Money available for new initiatives; leave empty for no limit.",
    )
    time_limit = forms.FloatField(
        label="Time limit (seconds)",
        initial=10,
        min_value=1,
        max_value=60,
        help_text="How long the solver may search for the best set.",
    )


class CriterionForm(forms.Form):
    name = forms.CharField(max_length=80)
    weight = forms.DecimalField(min_value=0, max_value=1000, max_digits=6, decimal_places=2)
    higher_is_better = forms.BooleanField(
        required=False, label="A higher score is better (untick for effort or risk)"
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
