"""Recovery's rows: the stored recovery check of each athlete's local day, the coaches' alerts, and the review
of each finished week."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from plans.models import RecoveryLevel


class RecoveryStatus(models.Model):
    """The latest recovery check of an athlete's local day (docs/domain.md §7), with its reasons."""

    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="recovery")
    date = models.DateField()
    status = models.CharField(max_length=7, choices=RecoveryLevel.choices)
    reasons = models.JSONField(default=list)
    checked_at = models.DateTimeField()

    class Meta:
        # The table kept its name when the model moved here from plans (migrations 0001 here, 0013 there).
        db_table = "plans_recoverystatus"
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "date"], name="recovery_one_per_day"),
            models.CheckConstraint(condition=Q(status__in=RecoveryLevel.values), name="recovery_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.athlete} {self.date}: {self.status}"


class CoachAlert(models.Model):
    """Tells a coach that an athlete's recovery check turned red (or an adjustment was made)."""

    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="alerts")
    date = models.DateField()
    status = models.CharField(max_length=7, choices=RecoveryLevel.choices)
    reasons = models.JSONField(default=list)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "plans_coachalert"  # kept when the model moved here from plans (migrations 0002 here, 0014 there)
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["coach", "athlete", "date", "status"], name="alert_once_a_day")]

    def __str__(self) -> str:
        return f"{self.athlete} {self.status} on {self.date}"


class WeekReview(models.Model):
    """A finished week compared with its plan (docs/domain.md §1, "Blocks and re-planning"): the row is the claim, so
    each week is reviewed once however many workers run the sweep."""

    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="week_reviews")
    week_start = models.DateField()
    planned_load = models.PositiveIntegerField(default=0)
    done_load = models.PositiveIntegerField(default=0)
    eased_weeks = models.PositiveSmallIntegerField(default=0)
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "plans_weekreview"  # kept when the model moved here from plans (migrations 0002 here, 0014 there)
        ordering = ["-week_start"]
        constraints = [models.UniqueConstraint(fields=["athlete", "week_start"], name="week_review_once")]

    def __str__(self) -> str:
        return f"{self.athlete} · week of {self.week_start}: {self.done_load} of {self.planned_load} AU"


class MorningClaim(models.Model):
    """A worker's claim on one athlete's morning check of one local day (docs/design.md, "The morning run").

    The unique (athlete, date) is the claim: a chunk inserts its rows insert-or-ignore and checks only the athletes
    whose rows came back with its own token, so however many workers share the chunks, and however the beat's chunks
    overlap, each athlete's morning is computed once. A claim older than the lease (recovery.services.CLAIM_LEASE)
    whose day still has no status was left by a worker that died: the next chunk takes it over.
    """

    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    token = models.UUIDField()
    claimed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["athlete", "date"], name="morning_claimed_once")]
        indexes = [models.Index(fields=["date"])]  # the sweep forgets old days (recovery.services.prune_claims)

    def __str__(self) -> str:
        return f"{self.athlete_id} {self.date} claimed at {self.claimed_at:%H:%M:%S}"
