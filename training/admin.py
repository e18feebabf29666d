"""Staff view of the training logs: workouts, check-ins, cramps, and the workout files sent (read only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog, WorkoutUpload


@admin.register(WorkoutLog)
class WorkoutLogAdmin(admin.ModelAdmin):
    list_display = ["athlete", "date", "modality", "minutes", "rpe", "completed", "warmup_done", "stretching_done"]
    list_filter = ["completed", "warmup_done", "stretching_done", "modality"]
    list_select_related = ["athlete__user"]
    search_fields = ["athlete__user__email"]
    raw_id_fields = ["athlete", "session", "logged_by"]
    date_hierarchy = "date"


@admin.register(WorkoutUpload)
class WorkoutUploadAdmin(admin.ModelAdmin):
    """Files sent on the workout page and what became of them; read only (the page and its worker write)."""

    list_display = ["athlete", "name", "state", "outcome", "size_bytes", "created_at"]
    list_filter = ["state", "outcome"]
    list_select_related = ["athlete__user"]
    search_fields = ["athlete__user__email", "name"]
    raw_id_fields = ["athlete", "parent", "workout", "by"]
    readonly_fields = [f.name for f in WorkoutUpload._meta.fields if f.name != "data"]
    exclude = ["data"]

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(WellnessCheckIn)
class WellnessCheckInAdmin(admin.ModelAdmin):
    list_display = ["athlete", "date", "sleep", "fatigue", "stress", "soreness", "resting_hr_bpm"]
    list_select_related = ["athlete__user"]
    search_fields = ["athlete__user__email"]
    raw_id_fields = ["athlete"]
    date_hierarchy = "date"


@admin.register(CrampEpisode)
class CrampEpisodeAdmin(admin.ModelAdmin):
    list_display = ["athlete", "at", "location", "side", "severity", "context"]
    list_filter = ["location", "context"]
    list_select_related = ["athlete__user"]
    search_fields = ["athlete__user__email"]
    raw_id_fields = ["athlete"]
