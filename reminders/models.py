"""Reminder tables: preferences, the per-kind schedule the sweep reads, and the delivery outbox.

docs/design.md, Reminder delivery: the schedule lives in the database (not in Celery ETAs) and a reminder is a
`Delivery` row before it is a message, with a unique (recipient, kind, local date, slot) key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from reminders import timing
from reminders.timing import Kind


def _choices(kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(str(k), str(k).replace("_", " ").capitalize()) for k in kinds]


KIND_CHOICES = _choices(tuple(Kind))
SCHEDULED_KIND_CHOICES = _choices(timing.SCHEDULED_KINDS)
# A staff "send a test reminder" from the admin is a delivery like any other, of its own kind.
TEST_KIND = "test"
DELIVERY_KIND_CHOICES = [*KIND_CHOICES, (TEST_KIND, "Test")]


class ReminderPreference(models.Model):
    """One per user (athlete or coach), created with these defaults the first time it is needed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference")
    hydration = models.BooleanField(default=True)
    pre_session = models.BooleanField(default=True)
    post_session = models.BooleanField(default=True)
    rest_day = models.BooleanField(default=True)
    checkin = models.BooleanField(default=True)
    recovery_alert = models.BooleanField(default=True)
    coach_digest = models.BooleanField(default=True)
    waking_start = models.TimeField(default=timing.DEFAULT_WAKING_START, help_text="Local time.")
    waking_end = models.TimeField(default=timing.DEFAULT_WAKING_END, help_text="Local time.")
    quiet_weekdays = models.JSONField(default=list, blank=True, help_text="No reminders on these days; Monday = 0.")
    hydration_interval_hours = models.PositiveSmallIntegerField(default=timing.DEFAULT_HYDRATION_INTERVAL_HOURS)
    time_zone = models.CharField(
        max_length=64, default="UTC", help_text="For coaches; an athlete's reminders follow their profile's zone."
    )
    email = models.EmailField(blank=True, help_text="Empty: the account's email.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(waking_end__gt=F("waking_start")), name="reminder_waking_order"),
            models.CheckConstraint(
                condition=Q(
                    hydration_interval_hours__gte=timing.MIN_HYDRATION_INTERVAL_HOURS,
                    hydration_interval_hours__lte=timing.MAX_HYDRATION_INTERVAL_HOURS,
                ),
                name="reminder_interval_range",
            ),
        ]

    def __str__(self) -> str:
        return f"reminders of {self.user}"

    def is_on(self, kind: str) -> bool:
        return kind == TEST_KIND or bool(getattr(self, kind))


class ReminderSchedule(models.Model):
    """When the sweep next looks at one user's reminders of one kind (UTC). Empty: nothing to look at."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_schedules")
    kind = models.CharField(max_length=20, choices=SCHEDULED_KIND_CHOICES)
    next_due_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["next_due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminder_schedule_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=[str(k) for k in timing.SCHEDULED_KINDS]), name="reminder_schedule_kind"
            ),
        ]
        # docs/design.md, Reminder delivery (8): a partial index keeps each claim cheap with millions of rows.
        indexes = [
            models.Index(fields=["next_due_at"], condition=Q(next_due_at__isnull=False), name="reminder_schedule_due")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id} at {self.next_due_at}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    ABANDONED = "abandoned", "Abandoned"


class Delivery(models.Model):
    """The outbox: one row per reminder email, claimed by `send_delivery` with a compare-and-set update."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    athlete = models.ForeignKey(
        "trainer.AthleteProfile",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
        help_text="The athlete the reminder is about (the recipient, or one on a coach's roster).",
    )
    kind = models.CharField(max_length=20, choices=DELIVERY_KIND_CHOICES)
    local_date = models.DateField(help_text="The recipient's local date of the slot.")
    slot = models.CharField(max_length=40, help_text='"10:00", "session-<id>", "athlete-<id>" ...')
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        default=timezone.now, help_text="Pending: when the sweep publishes it (again) if no worker took it."
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    subject = models.CharField(max_length=200)
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Issue 14: a hydration email's "log a drink" link works once; set by a compare-and-set update when used.
    drink_logged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "local_date", "slot"], name="delivery_unique_slot"),
            models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values), name="delivery_status_valid"),
            models.CheckConstraint(
                condition=Q(kind__in=[k for k, _ in DELIVERY_KIND_CHOICES]), name="delivery_kind_valid"
            ),
        ]
        indexes = [
            # The sweep's two scans: pending rows to publish again, and rows stuck in `sending`.
            models.Index(
                fields=["next_attempt_at"], condition=Q(status=DeliveryStatus.PENDING), name="delivery_pending_due"
            ),
            models.Index(
                fields=["claimed_at"], condition=Q(status=DeliveryStatus.SENDING), name="delivery_sending_claimed"
            ),
            # docs/domain.md §9: the daily cap counts a recipient's deliveries of a local date.
            models.Index(fields=["recipient", "local_date"], name="delivery_recipient_day"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.local_date} {self.slot} to {self.recipient_id} ({self.status})"
