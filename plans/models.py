"""Plans: the exercise library, weekly plans, their sessions, blocks and block exercises, rule overrides and
templates. Rules live in plans/engine/; these tables only store what the engine made or accepted."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.status import STATUS_WORDS, Status
from people.rules import MAX_EVENT_MINUTES, MIN_EVENT_MINUTES, PRACTICE_INTENSITIES, Sport
from plans.engine.constants import BLOCK_WEEKS
from plans.engine.types import BlockKind, Category, DayKind, EventKind, Intensity, Modality, WeekKind


def choices_of(enum: type) -> list[tuple[str, str]]:
    return [(m.value, m.value.replace("_", " ").capitalize()) for m in enum]


# What people read for each modality: a sport's own training apart from the cross-training of the same motion
# ("Cycling" would be both a cyclist's ride and a runner's easy spin).
MODALITY_WORDS = {
    Modality.RUN: "Running",
    Modality.BIKE: "Cycling (the sport)",
    Modality.SWIM: "Swimming (the sport)",
    Modality.ROW: "Rowing (the sport)",
    Modality.STRENGTH: "Strength",
    Modality.TRIATHLON: "Triathlon",
    **{Modality(sport): sport.label for sport in Sport if sport.is_team_sport},  # as the profile names them
    Modality.CYCLING: "Cycling (cross-training)",
    Modality.SWIMMING: "Swimming (cross-training)",
    Modality.AQUA_JOGGING: "Aqua jogging (cross-training)",
    Modality.ELLIPTICAL: "Elliptical (cross-training)",
    Modality.ROWING: "Rowing (cross-training)",
    Modality.YOGA: "Yoga (cross-training)",
}

# Named so the OpenAPI schema gives each choice set one enum name (SPECTACULAR_SETTINGS).
MODALITY_CHOICES = choices_of(Modality)
INTENSITY_CHOICES = choices_of(Intensity)
BLOCK_KIND_CHOICES = choices_of(BlockKind)
DAY_KIND_CHOICES = choices_of(DayKind)
WEEK_KIND_CHOICES = choices_of(WeekKind)
EVENT_KIND_CHOICES = choices_of(EventKind)


class Exercise(models.Model):
    """A library exercise (owner empty) or a coach's own (visible to that coach's athletes only)."""

    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=24, choices=choices_of(Category))
    modality = models.CharField(max_length=16, choices=choices_of(Modality), blank=True)
    suits = models.JSONField(default=list, blank=True, help_text="Session modalities it fits; empty: any.")
    target_muscles = models.JSONField(default=list, blank=True)
    equipment = models.CharField(max_length=80, default="none")
    instructions = models.TextField()
    default_sets = models.PositiveSmallIntegerField(default=1)
    default_reps = models.PositiveSmallIntegerField(null=True, blank=True)
    default_seconds = models.PositiveIntegerField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="exercises"
    )

    class Meta:
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], condition=Q(owner__isnull=True), name="exercise_library_slug"),
            models.UniqueConstraint(fields=["owner", "slug"], name="exercise_owner_slug"),
            models.CheckConstraint(
                condition=Q(category__in=[m.value for m in Category]), name="exercise_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(default_sets__gte=1, default_sets__lte=20), name="exercise_default_sets_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class TrainingBlock(models.Model):
    """Several weeks planned at once (4-24, docs/domain.md §1 "Blocks"): 3 build weeks and a deload (2:1 for
    masters), ending in a taper when there is a goal date. Its weeks are ordinary PlanWeeks."""

    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="blocks")
    start = models.DateField(help_text="The Monday of the first week.")
    weeks = models.PositiveSmallIntegerField()
    goal_date = models.DateField(null=True, blank=True, help_text="A race or test in the block's last week.")
    goal = models.CharField(max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weeks__gte=BLOCK_WEEKS[0], weeks__lte=BLOCK_WEEKS[1]), name="block_weeks_range"
            ),
            models.CheckConstraint(
                condition=Q(goal_date__isnull=True) | Q(goal_date__gte=models.F("start")), name="block_goal_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.athlete} · {self.weeks} weeks from {self.start}"

    @property
    def end(self) -> date:
        """The block's last day, a Sunday."""
        return self.start + timedelta(days=7 * self.weeks - 1)


class Fixture(models.Model):
    """A team athlete's dated event (docs/domain.md section 11): a match, or a practice besides the weekly ones on the
    profile. Plans are built around it and never move it. Date and time are the athlete's local ones."""

    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="fixtures")
    date = models.DateField()
    start_time = models.TimeField()
    minutes = models.PositiveSmallIntegerField(help_text="The event itself; warm-up and stretching come on top.")
    kind = models.CharField(max_length=8, choices=EVENT_KIND_CHOICES)
    intensity = models.CharField(
        max_length=10, default="moderate", choices=[(i, i.capitalize()) for i in PRACTICE_INTENSITIES],
        help_text="A practice's; a match is always hard.",
    )  # fmt: skip
    title = models.CharField(max_length=120, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What calendar apps were last shown of this fixture (plans.calendar, plans.calendar_services).
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    calendar_digest = models.CharField(max_length=64, blank=True, editable=False)
    calendar_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "date", "start_time"], name="fixture_unique_start"),
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_EVENT_MINUTES, minutes__lte=MAX_EVENT_MINUTES), name="fixture_minutes"
            ),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in EventKind]), name="fixture_kind_valid"),
            models.CheckConstraint(condition=Q(intensity__in=PRACTICE_INTENSITIES), name="fixture_intensity_valid"),
        ]
        indexes = [models.Index(fields=["athlete", "date"])]

    def __str__(self) -> str:
        return f"{self.title or self.get_kind_display()} ({self.date})"


class PlanWeek(models.Model):
    """One athlete's week, Monday to Sunday in the athlete's time zone."""

    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="plans")
    week_start = models.DateField(help_text="A Monday.")
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    block_week = models.PositiveSmallIntegerField(default=1, help_text="Week index in the training block.")
    block = models.ForeignKey(
        TrainingBlock, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_weeks"
    )
    week_kind = models.CharField(max_length=8, choices=WEEK_KIND_CHOICES, default=WeekKind.SINGLE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    unmet_wishes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "week_start"], name="plan_week_unique"),
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values), name="plan_status_valid"),
            models.CheckConstraint(condition=Q(block_week__gte=1), name="plan_block_week_positive"),
            models.CheckConstraint(condition=Q(week_kind__in=[k.value for k in WeekKind]), name="plan_week_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.athlete} · week of {self.week_start}"


class PlanSession(models.Model):
    plan = models.ForeignKey(PlanWeek, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=120)
    modality = models.CharField(max_length=16, choices=choices_of(Modality))
    intensity = models.CharField(max_length=10, choices=choices_of(Intensity))
    planned_rpe = models.PositiveSmallIntegerField()
    # The sum of the blocks' minutes, kept by the services that write blocks, so load queries need no join.
    planned_minutes = models.PositiveIntegerField()
    start_time = models.TimeField(null=True, blank=True, help_text="Local time; empty: the athlete's preference.")
    # A team's fixed practice or match (docs/domain.md section 11): coach edits cannot move or change it.
    event = models.CharField(max_length=8, choices=EVENT_KIND_CHOICES, blank=True)
    override_reason = models.TextField(blank=True)
    # What calendar apps were last shown of this session (plans.calendar, plans.calendar_services).
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    calendar_digest = models.CharField(max_length=64, blank=True, editable=False)
    calendar_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["date", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_rpe__gte=1, planned_rpe__lte=10), name="session_rpe_range"),
            models.CheckConstraint(
                condition=Q(planned_minutes__gte=1, planned_minutes__lte=600), name="session_minutes_range"
            ),
            models.CheckConstraint(
                condition=Q(modality__in=[m.value for m in Modality]), name="session_modality_valid"
            ),
            models.CheckConstraint(
                condition=Q(intensity__in=[m.value for m in Intensity]), name="session_intensity_valid"
            ),
        ]
        indexes = [models.Index(fields=["plan", "date"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"

    @property
    def load(self) -> int:
        return self.planned_rpe * self.planned_minutes


class SessionBlock(models.Model):
    session = models.ForeignKey(PlanSession, on_delete=models.CASCADE, related_name="blocks")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=choices_of(BlockKind))
    minutes = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="block_order_unique"),
            models.CheckConstraint(condition=Q(kind__in=[m.value for m in BlockKind]), name="block_kind_valid"),
            models.CheckConstraint(condition=Q(minutes__gte=1, minutes__lte=600), name="block_minutes_range"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.minutes} min"


class BlockExercise(models.Model):
    block = models.ForeignKey(SessionBlock, on_delete=models.CASCADE, related_name="exercises")
    order = models.PositiveSmallIntegerField()
    exercise = models.ForeignKey(Exercise, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=120)
    sets = models.PositiveSmallIntegerField(default=1)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds = models.PositiveIntegerField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["block", "order"]
        constraints = [
            models.CheckConstraint(condition=Q(sets__gte=1, sets__lte=20), name="block_exercise_sets_range"),
        ]

    def __str__(self) -> str:
        return self.name


class RuleOverride(models.Model):
    """A coach accepted a rule breach with a reason; shown on the plan and the session."""

    plan = models.ForeignKey(PlanWeek, on_delete=models.CASCADE, related_name="overrides")
    session = models.ForeignKey(PlanSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rule = models.CharField(max_length=40)
    # What exactly was accepted (plans.engine.types.Violation): the breach's subject within the rule and its
    # figure, so a later, worse figure or another breach of the same rule needs its own reason.
    subject = models.CharField(max_length=80, blank=True)
    figure = models.FloatField(null=True, blank=True)
    figure_text = models.CharField(max_length=120, blank=True)
    worse_when = models.CharField(max_length=6, default="higher", choices=[("higher", "Higher"), ("lower", "Lower")])
    message = models.TextField()
    reason = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="override_reason_required")]

    def __str__(self) -> str:
        return f"{self.rule}: {self.reason}"


class PlanTemplate(models.Model):
    """A saved week, days relative to Monday, that a coach applies to many athletes."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_templates")
    name = models.CharField(max_length=120)
    week = models.JSONField(help_text="The week in the engine's dict form (plans.engine.week_to_dict).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="template_owner_name")]

    def __str__(self) -> str:
        return self.name


# --- recovery: the daily status, plan adjustments and coach alerts -----------------------------------------


class RecoveryLevel(models.TextChoices):
    GREEN = "green", STATUS_WORDS[Status.GREEN]
    AMBER = "amber", STATUS_WORDS[Status.AMBER]
    RED = "red", STATUS_WORDS[Status.RED]
    UNKNOWN = "unknown", STATUS_WORDS[Status.UNKNOWN]  # too little data to judge (docs/api.md)


class AdjustmentKind(models.TextChoices):
    CROSS_TRAINING = "cross_training", "Made a cross-training session"
    REST = "rest", "Made a rest day"
    EASIER = "easier", "Intensity dropped one step"
    # re-planning (docs/domain.md §1 "Blocks and re-planning"): a session shortened because what was done fell short
    SHORTER = "shorter", "Shortened after missed training"


class PlanAdjustment(models.Model):
    """An automatic change to a coming session after a recovery check; the coach can undo it."""

    plan = models.ForeignKey(PlanWeek, on_delete=models.CASCADE, related_name="adjustments")
    session = models.ForeignKey(
        PlanSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="adjustments"
    )
    date = models.DateField()
    kind = models.CharField(max_length=16, choices=AdjustmentKind.choices)
    # the recovery status behind the change; empty for re-planning after missed training
    status = models.CharField(max_length=7, choices=RecoveryLevel.choices, blank=True)
    reasons = models.JSONField(default=list)
    message = models.TextField()
    before = models.JSONField(help_text="The session as it was (engine dict form), to undo the change.")
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AdjustmentKind.values), name="adjustment_kind_valid")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date}"
