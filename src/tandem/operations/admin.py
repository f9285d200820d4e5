from django.contrib import admin

from tandem.operations.models import PlanJob


@admin.register(PlanJob)
class PlanJobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "status", "requested_by", "attempts", "created", "finished_at")
    list_filter = ("status", "kind")
    readonly_fields = [f.name for f in PlanJob._meta.fields]
