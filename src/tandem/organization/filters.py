"""FilterSets: the one definition of how organization lists filter (UI and API)."""

import django_filters

from tandem.organization.models import BusinessUnit, Person, Team


class BusinessUnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")

    class Meta:
        model = BusinessUnit
        fields = ["q"]


class TeamFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")

    class Meta:
        model = Team
        fields = ["q"]


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.all())
    unit = django_filters.ModelChoiceFilter(queryset=BusinessUnit.objects.all())

    class Meta:
        model = Person
        fields = ["q", "team", "unit"]
