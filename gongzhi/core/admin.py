from django.contrib import admin

from gongzhi.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is never edited, not even by the superuser."""

    list_display = ["at", "actor_label", "action", "object_repr", "unit", "ip"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_repr", "message"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
