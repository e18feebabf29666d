"""Training logs: what the athlete did and felt (workouts typed in or read from files, daily check-ins, cramp
episodes) and the workout files sent to be read. The plan app reads these through plans.hooks, never an import
(docs/design.md "Layout"); the tables kept their plans_ names when the models moved here (issue 15)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from plans.engine.types import Modality
from plans.models import PlanSession, choices_of


class WorkoutSource(models.TextChoices):
    MANUAL = "manual", "Typed in"
    FILE = "file", "From a workout file"


class WorkoutLog(models.Model):
    """A session done (or attempted), with its session RPE load (docs/domain.md §2: load = RPE x minutes)."""

    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="workouts")
    session = models.ForeignKey(PlanSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="logs")
    date = models.DateField(help_text="Local date in the athlete's time zone.")
    modality = models.CharField(max_length=16, choices=choices_of(Modality), blank=True)
    minutes = models.PositiveIntegerField()
    # Null only for a workout read from a file, until the athlete gives it: a file has no RPE, and its load waits.
    rpe = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Session RPE, CR-10 scale (0-10).")
    completed = models.BooleanField(default=True)
    warmup_done = models.BooleanField(default=False)
    stretching_done = models.BooleanField(default=False)
    notes = models.TextField(blank=True, max_length=2000)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # What a workout file adds (docs/domain.md §12); empty for a workout typed in.
    source = models.CharField(max_length=8, choices=WorkoutSource.choices, default=WorkoutSource.MANUAL)
    distance_m = models.FloatField(null=True, blank=True)
    elevation_gain_m = models.FloatField(null=True, blank=True)
    avg_hr_bpm = models.PositiveSmallIntegerField(null=True, blank=True)
    max_hr_bpm = models.PositiveSmallIntegerField(null=True, blank=True)
    trimp = models.FloatField(null=True, blank=True, help_text="Banister TRIMP, from the average heart rate.")
    trimp_edwards = models.FloatField(null=True, blank=True, help_text="Edwards TRIMP, from the heart-rate zones.")
    file_sha256 = models.CharField(
        max_length=64, blank=True, default="", editable=False, help_text="SHA-256 of the file it was read from."
    )
    started_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the file says it started; empty when typed in."
    )

    class Meta:
        db_table = "plans_workoutlog"  # the table kept its name when the model left plans (issue 15)
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=1, minutes__lte=1440), name="workout_minutes_range"),
            models.CheckConstraint(condition=Q(rpe__lte=10), name="workout_rpe_range"),
            # Only a file's workout may wait for its RPE.
            models.CheckConstraint(
                condition=Q(rpe__isnull=False) | Q(source=WorkoutSource.FILE), name="workout_rpe_unless_file"
            ),
            models.CheckConstraint(condition=Q(source__in=WorkoutSource.values), name="workout_source_valid"),
            models.CheckConstraint(
                condition=Q(distance_m__isnull=True) | Q(distance_m__gte=0, distance_m__lte=1_000_000),
                name="workout_distance_range",
            ),
            models.CheckConstraint(
                condition=Q(elevation_gain_m__isnull=True) | Q(elevation_gain_m__gte=0, elevation_gain_m__lte=20_000),
                name="workout_elevation_gain_range",
            ),
            models.CheckConstraint(
                condition=Q(avg_hr_bpm__isnull=True) | Q(avg_hr_bpm__gte=25, avg_hr_bpm__lte=250),
                name="workout_avg_hr_range",
            ),
            models.CheckConstraint(
                condition=Q(max_hr_bpm__isnull=True) | Q(max_hr_bpm__gte=25, max_hr_bpm__lte=250),
                name="workout_max_hr_range",
            ),
            models.CheckConstraint(
                condition=Q(avg_hr_bpm__isnull=True)
                | Q(max_hr_bpm__isnull=True)
                | Q(avg_hr_bpm__lte=models.F("max_hr_bpm")),
                name="workout_avg_hr_under_max",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0, f"{name}__lte": 10_000}),
                    name=f"workout_{name}_range",
                )
                for name in ("trimp", "trimp_edwards")
            ],
            models.UniqueConstraint(
                fields=["athlete", "file_sha256"],
                condition=~Q(file_sha256=""),
                name="workout_file_once_per_athlete",
            ),
        ]
        indexes = [models.Index(fields=["athlete", "date"])]

    def __str__(self) -> str:
        rpe = "RPE to give" if self.rpe is None else f"RPE {self.rpe}"
        return f"{self.date}: {self.minutes} min at {rpe}"

    @property
    def load(self) -> int | None:
        """Session RPE load; None while a file's workout waits for its RPE."""
        return None if self.rpe is None else self.rpe * self.minutes


class WellnessCheckIn(models.Model):
    """The daily check-in: Hooper items 1 (very, very good) to 7 (very, very bad), docs/domain.md §3."""

    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="checkins")
    date = models.DateField()
    sleep = models.PositiveSmallIntegerField()
    fatigue = models.PositiveSmallIntegerField()
    stress = models.PositiveSmallIntegerField()
    soreness = models.PositiveSmallIntegerField()
    resting_hr_bpm = models.PositiveSmallIntegerField(null=True, blank=True)
    hrv_rmssd_ms = models.FloatField(null=True, blank=True)
    sleep_hours = models.FloatField(null=True, blank=True)
    morning_mass_kg = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "plans_wellnesscheckin"  # the table kept its name when the model left plans (issue 15)
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "date"], name="checkin_one_per_day"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{item}__gte": 1, f"{item}__lte": 7}), name=f"checkin_{item}_range"
                )
                for item in ("sleep", "fatigue", "stress", "soreness")
            ],
            models.CheckConstraint(
                condition=Q(resting_hr_bpm__isnull=True) | Q(resting_hr_bpm__gte=25, resting_hr_bpm__lte=220),
                name="checkin_resting_hr_range",
            ),
            models.CheckConstraint(
                condition=Q(hrv_rmssd_ms__isnull=True) | Q(hrv_rmssd_ms__gt=0, hrv_rmssd_ms__lte=500),
                name="checkin_hrv_range",
            ),
            models.CheckConstraint(
                condition=Q(sleep_hours__isnull=True) | Q(sleep_hours__gte=0, sleep_hours__lte=24),
                name="checkin_sleep_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(morning_mass_kg__isnull=True) | Q(morning_mass_kg__gte=25, morning_mass_kg__lte=350),
                name="checkin_mass_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: Hooper {self.hooper_index}"

    @property
    def hooper_index(self) -> int:
        return self.sleep + self.fatigue + self.stress + self.soreness


class CrampLocation(models.TextChoices):
    BEHIND_KNEE = "behind_knee", "Behind the knee"
    HAMSTRING = "hamstring", "Hamstring"
    CALF = "calf", "Calf"
    FOOT = "foot", "Foot"
    QUADRICEPS = "quadriceps", "Quadriceps"
    OTHER = "other", "Other"


class CrampSide(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both"


class CrampContext(models.TextChoices):
    DURING_EXERCISE = "during_exercise", "During exercise"
    AFTER_EXERCISE = "after_exercise", "After exercise"
    REST = "rest", "At rest"
    NIGHT = "night", "At night"


class CrampEpisode(models.Model):
    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="cramps")
    at = models.DateTimeField()
    location = models.CharField(max_length=12, choices=CrampLocation.choices)
    side = models.CharField(max_length=5, choices=CrampSide.choices)
    severity = models.PositiveSmallIntegerField()
    duration_minutes = models.FloatField()
    context = models.CharField(max_length=16, choices=CrampContext.choices)
    notes = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "plans_crampepisode"  # the table kept its name when the model left plans (issue 15)
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(condition=Q(severity__gte=1, severity__lte=10), name="cramp_severity_range"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=0, duration_minutes__lte=600), name="cramp_duration_range"
            ),
            models.CheckConstraint(condition=Q(location__in=CrampLocation.values), name="cramp_location_valid"),
            models.CheckConstraint(condition=Q(side__in=CrampSide.values), name="cramp_side_valid"),
            models.CheckConstraint(condition=Q(context__in=CrampContext.values), name="cramp_context_valid"),
        ]
        indexes = [models.Index(fields=["athlete", "at"])]

    def __str__(self) -> str:
        return f"{self.location} cramp at {self.at:%Y-%m-%d %H:%M}"


class UploadState(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    READING = "reading", "Being read"
    DONE = "done", "Done"


class UploadOutcome(models.TextChoices):
    IMPORTED = "imported", "Imported"
    DUPLICATE = "duplicate", "Imported before"
    REFUSED = "refused", "Refused"
    ZIP = "zip", "Zip read"  # a zip's own row: its entries carry the outcomes


class WorkoutUpload(models.Model):
    """A file sent on the workout page, or one workout file inside a sent zip, and what became of it
    (training.upload_services). A large file waits here, its bytes in `data`, for a worker; `data` is emptied once
    the file is read."""

    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="workout_uploads")
    batch = models.UUIDField(help_text="One sending of the form: the files chosen together.")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="entries")
    name = models.CharField(max_length=255, help_text="The file's name as sent, or its path inside the zip.")
    size_bytes = models.PositiveBigIntegerField(default=0)
    state = models.CharField(max_length=8, choices=UploadState.choices, default=UploadState.QUEUED)
    outcome = models.CharField(max_length=10, choices=UploadOutcome.choices, blank=True)
    message = models.CharField(max_length=300, blank=True, help_text="Why a file was refused, in one sentence.")
    workout = models.ForeignKey(WorkoutLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    entries_total = models.PositiveIntegerField(default=0, help_text="A zip's workout files.")
    entries_done = models.PositiveIntegerField(default=0)
    entries_skipped = models.PositiveIntegerField(default=0, help_text="A zip's other files, not read.")
    data = models.BinaryField(blank=True, default=b"", editable=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "plans_workoutupload"  # the table kept its name when the model left plans (issue 15)
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["athlete", "batch"])]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=UploadState.values), name="upload_state_valid"),
            models.CheckConstraint(condition=Q(outcome__in=[*UploadOutcome.values, ""]), name="upload_outcome_valid"),
            # Done means an outcome, and an outcome means done.
            models.CheckConstraint(
                condition=(Q(state=UploadState.DONE) & ~Q(outcome="")) | (Q(outcome="") & ~Q(state=UploadState.DONE)),
                name="upload_outcome_when_done",
            ),
            models.CheckConstraint(
                condition=Q(entries_done__lte=models.F("entries_total")), name="upload_entries_done_le_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.outcome or self.state}"
