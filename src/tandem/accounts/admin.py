from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from tandem.accounts.models import ApiToken
from tandem.accounts.services import user_groups_changed_record

User = get_user_model()


class AuditedUserAdmin(UserAdmin):
    """Django's user admin, with group (role) changes written to the audit log."""

    def save_related(self, request, form, formsets, change):
        before = set(form.instance.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        user_groups_changed_record(user=form.instance, before=before, by=request.user)


admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created", "last_used", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created", "last_used")
