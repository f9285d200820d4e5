"""The filter the capacity pages share: period, grain and team."""

from __future__ import annotations

from typing import Any

from django import forms

GRAIN_CHOICES = (("week", "Week"), ("month", "Month"), ("quarter", "Quarter"))


class CapacityFilterForm(forms.Form):
    """The dates, the grain and the team the capacity pages show (read from GET)."""

    grain = forms.ChoiceField(label="Show by", choices=GRAIN_CHOICES, required=False)
    team = forms.ModelChoiceField(
        label="IT team", queryset=None, required=False, empty_label="All IT teams"
    )

    def __init__(self, data: Any, *, teams: Any) -> None:
        super().__init__(data)
        # `from` is a Python keyword, so these two fields cannot be class attributes.
        self.fields["from"] = forms.DateField(label="From", required=False, widget=forms.DateInput)
        self.fields["to"] = forms.DateField(label="To", required=False, widget=forms.DateInput)
        self.fields["team"].queryset = teams
        self.order_fields(["from", "to", "grain", "team"])
