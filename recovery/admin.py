"""The staff view of recovery's rows."""

from __future__ import annotations

from django.contrib import admin

from recovery.models import RecoveryStatus


@admin.register(RecoveryStatus)
class RecoveryStatusAdmin(admin.ModelAdmin):
    list_display = ["athlete", "date", "status", "checked_at"]
    list_filter = ["status"]
    list_select_related = ["athlete__user"]
    search_fields = ["athlete__user__email"]
    raw_id_fields = ["athlete"]
