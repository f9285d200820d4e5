from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tandem.strategy.models import StrategicGoal


@admin.register(StrategicGoal)
class StrategicGoalAdmin(SimpleHistoryAdmin):
    list_display = ("title", "owner_unit", "period_start", "period_end")
    list_filter = ("owner_unit",)
