"""FilterSets: the one definition of how portfolio lists filter, for the UI and the API."""

import django_filters

from tandem.organization.models import BusinessUnit, Team
from tandem.portfolio.choices import InitiativeKind, InitiativeState
from tandem.portfolio.models import Initiative
from tandem.strategy.models import StrategicGoal

INITIATIVE_SORTS = (
    ("title", "title"),
    ("state", "state"),
    ("kind", "kind"),
    ("requesting_unit__name", "unit"),
    ("budget_estimate", "budget"),
    ("planned_start", "planned_start"),
    ("planned_end", "planned_end"),
    ("updated", "updated"),
)


class InitiativeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="title", lookup_expr="icontains", label="Title contains"
    )
    unit = django_filters.ModelChoiceFilter(
        field_name="requesting_unit",
        queryset=BusinessUnit.objects.only("name"),
        label="Business unit",
    )
    state = django_filters.MultipleChoiceFilter(choices=InitiativeState.choices, label="State")
    goal = django_filters.ModelChoiceFilter(
        field_name="goals",
        queryset=StrategicGoal.objects.only("title", "period_start"),
        label="Strategic goal",
    )
    kind = django_filters.ChoiceFilter(choices=InitiativeKind.choices, label="Kind")
    team = django_filters.ModelChoiceFilter(
        field_name="estimates__team",
        queryset=Team.objects.only("name"),
        label="IT team",
        distinct=True,
    )
    sort = django_filters.OrderingFilter(fields=INITIATIVE_SORTS, label="Sort by")

    class Meta:
        model = Initiative
        fields = ["q", "unit", "state", "goal", "kind", "team"]
