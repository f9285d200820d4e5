"""FilterSet for strategic goals."""

import django_filters

from tandem.organization.models import BusinessUnit
from tandem.strategy.models import StrategicGoal


class StrategicGoalFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="title", lookup_expr="icontains", label="Title contains"
    )
    owner_unit = django_filters.ModelChoiceFilter(queryset=BusinessUnit.objects.all())
    active_on = django_filters.DateFilter(method="filter_active_on", label="Active on")

    class Meta:
        model = StrategicGoal
        fields = ["q", "owner_unit", "active_on"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(period_start__lte=value, period_end__gte=value)
