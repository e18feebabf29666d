"""Recovery's rows: the stored recovery check of each athlete's local day."""

from __future__ import annotations

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
