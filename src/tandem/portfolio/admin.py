from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tandem.portfolio import models


class OutcomeInline(admin.TabularInline):
    model = models.BusinessOutcome
    extra = 0


class EstimateInline(admin.TabularInline):
    model = models.EffortEstimate
    extra = 0


@admin.register(models.Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ("title", "requesting_unit", "kind", "state", "planned_start", "planned_end")
    list_filter = ("state", "kind", "requesting_unit")
    search_fields = ("title",)
    inlines = [OutcomeInline, EstimateInline]


for model in (
    models.BusinessOutcome,
    models.EffortEstimate,
    models.Dependency,
    models.StatusUpdate,
    models.ScopeChange,
):
    admin.site.register(model, SimpleHistoryAdmin)
