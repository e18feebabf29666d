"""The staff view of reminders: preferences, schedules and the delivery outbox, with a test send."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from people.models import User
from reminders import services
from reminders.models import Delivery, ReminderPreference, ReminderSchedule


@admin.action(description="Send a test reminder to the selected people")
def send_test_reminder(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    users = User.objects.filter(pk__in=queryset.values("user_id"))
    for user in users:
        services.send_test_reminder(user, requested_by=request.user)
    modeladmin.message_user(request, f"Queued {len(users)} test reminder(s); see Deliveries.", messages.SUCCESS)


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = [
        "user", "hydration", "pre_session", "post_session", "rest_day", "checkin", "recovery_alert", "coach_digest",
        "waking_start", "waking_end", "hydration_interval_hours", "email",
    ]  # fmt: skip
    list_select_related = ["user"]
    search_fields = ["user__email", "user__name", "email"]
    raw_id_fields = ["user"]
    actions = [send_test_reminder]

    def save_model(self, request: HttpRequest, obj: ReminderPreference, form: object, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # New waking hours, interval, quiet days or kinds move the schedules at once.
        services.recompute_schedules(obj.user)


@admin.register(ReminderSchedule)
class ReminderScheduleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "next_due_at", "updated_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    actions = [send_test_reminder]


@admin.action(description="Send again now (failed or abandoned rows)")
def send_again(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    count = services.send_again(list(queryset.values_list("pk", flat=True)))
    modeladmin.message_user(request, f"Queued {count} delivery(ies) again.", messages.SUCCESS)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "id", "recipient", "kind", "local_date", "slot", "status", "attempts", "next_attempt_at", "sent_at", "subject",
    ]  # fmt: skip
    list_filter = ["status", "kind", "local_date"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "subject"]
    date_hierarchy = "created_at"
    raw_id_fields = ["recipient", "athlete"]
    readonly_fields = [
        "recipient", "athlete", "kind", "local_date", "slot", "status", "attempts", "next_attempt_at", "claimed_at",
        "sent_at", "last_error", "subject", "context", "created_at",
    ]  # fmt: skip
    actions = [send_again]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # rows come from the sweep, alerts and the test action, never typed in
