"""The staff view of recovery's rows."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from recovery.models import CoachAlert, MorningClaim, RecoveryStatus, WeekReview


@admin.register(RecoveryStatus)
class RecoveryStatusAdmin(admin.ModelAdmin):
    list_display = ["athlete", "date", "status", "checked_at"]
    list_filter = ["status"]
    list_select_related = ["athlete__user"]
    search_fields = ["athlete__user__email"]
    raw_id_fields = ["athlete"]


@admin.register(CoachAlert)
class CoachAlertAdmin(admin.ModelAdmin):
    list_display = ["coach", "athlete", "date", "status", "read_at"]
    list_filter = ["status"]
    list_select_related = ["coach", "athlete__user"]
    raw_id_fields = ["coach", "athlete"]


@admin.register(WeekReview)
class WeekReviewAdmin(admin.ModelAdmin):
    """Finished weeks compared with their plans by the weekly re-planning (recovery.replanning)."""

    list_display = ["athlete", "week_start", "planned_load", "done_load", "eased_weeks", "reviewed_at"]
    list_select_related = ["athlete__user"]
    list_filter = ["week_start"]
    search_fields = ["athlete__user__email", "athlete__user__name"]
    readonly_fields = list_display

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(MorningClaim)
class MorningClaimAdmin(admin.ModelAdmin):
    """Which chunk claimed each athlete's morning check (recovery.services.claim_mornings): read only."""

    list_display = ["athlete", "date", "token", "claimed_at"]
    list_filter = ["date"]
    raw_id_fields = ["athlete"]
    readonly_fields = list_display

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
