"""The audit trail in the admin: read-only, for holders of ``portal.view_auditevent``."""

from __future__ import annotations

from django.contrib import admin

from portal.admin_site import ListTitledByName
from portal.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ListTitledByName, admin.ModelAdmin):
    list_display = ("at", "action", "actor_label", "object_type", "object_id", "detail")
    list_filter = ("action", ("at", admin.DateFieldListFilter))
    date_hierarchy = "at"
    search_fields = ("object_id", "actor_label")
    fields = (
        "at",
        "action",
        "actor",
        "actor_label",
        "object_type",
        "object_id",
        "detail",
        "ip_hash",
    )
    readonly_fields = fields
    actions = None
    list_per_page = 100
    # Counting a long table on every page costs more than it tells.
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    # Nobody adds, changes or deletes audit events; viewing needs the view
    # permission (ModelAdmin's default check), which team leads are given.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
