from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tandem.capacity import models


@admin.register(models.Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ("date", "name")
    search_fields = ("name",)


@admin.register(models.Leave)
class LeaveAdmin(SimpleHistoryAdmin):
    list_display = ("person", "kind", "first_day", "last_day")
    list_filter = ("kind",)
    search_fields = ("person__name",)


@admin.register(models.PlannedHire)
class PlannedHireAdmin(SimpleHistoryAdmin):
    list_display = ("title", "team", "kind", "fte", "expected_start")
    list_filter = ("kind", "team")


@admin.register(models.NonDiscretionaryLoad)
class NonDiscretionaryLoadAdmin(SimpleHistoryAdmin):
    list_display = (
        "team",
        "category",
        "basis",
        "percent_of_supply",
        "hours_per_week",
        "first_day",
        "last_day",
    )
    list_filter = ("category", "team")


@admin.register(models.Actual)
class ActualAdmin(SimpleHistoryAdmin):
    list_display = ("team", "week", "category", "hours")
    list_filter = ("category", "team")
    date_hierarchy = "week"


@admin.register(models.ActualsImport)
class ActualsImportAdmin(SimpleHistoryAdmin):
    list_display = (
        "file_name",
        "imported_at",
        "imported_by",
        "rows_total",
        "rows_imported",
        "rows_unchanged",
        "rows_skipped",
    )


for model in (models.WorkProfile, models.CapacitySettings):
    admin.site.register(model, SimpleHistoryAdmin)
