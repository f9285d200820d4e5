from django.contrib import admin

from tandem.accounts.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created", "last_used", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created", "last_used")
