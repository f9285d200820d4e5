from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tandem.organization.models import BusinessUnit, Person, Team


@admin.register(BusinessUnit)
class BusinessUnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "headcount")
    search_fields = ("name", "code")


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ("name", "lead")
    search_fields = ("name",)


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "email", "unit", "team", "fte", "hours_per_week")
    list_filter = ("unit", "team")
    search_fields = ("name", "email")
