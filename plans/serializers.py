"""Plan JSON exactly as docs/api.md's Plans section draws it, plus additive fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rest_framework import serializers

from core.text import validate_one_line
from people.api import LocalTimeField
from people.logs import local_today
from plans import compliance
from plans.compliance import Completion
from plans.convert import compliance_outcomes, day_kind_of
from plans.engine.constants import BLOCK_WEEKS
from plans.engine.types import SESSION_MODALITIES, BlockKind, DayKind, Intensity, Modality
from plans.hooks import Workout
from plans.models import (
    EVENT_KIND_CHOICES,
    MODALITY_WORDS,
    WEEK_KIND_CHOICES,
    Exercise,
    PlanSession,
    PlanStatus,
    PlanWeek,
    RuleOverride,
    TrainingBlock,
    choices_of,
)
from plans.selectors import workouts_for_plans


def exercise_json(row: Any) -> dict[str, Any]:
    return {
        "name": row.name,
        "sets": row.sets,
        "reps": row.reps,
        "seconds": row.seconds,
        "notes": row.notes,
        "exercise": row.exercise.slug if row.exercise else None,
        "instructions": row.exercise.instructions if row.exercise else "",
    }


@dataclass(frozen=True)
class SessionOutcome:
    """How a planned session went (docs/domain.md §2 compliance) and the workout that did it, if any."""

    completion: Completion
    workout: Workout | None


def session_outcomes(
    sessions: Sequence[PlanSession], workouts: Sequence[Workout], today: dt.date
) -> dict[int, SessionOutcome]:
    """Session id -> outcome, from rows already fetched (no query). `workouts`: the athlete's workouts around
    the sessions (plans.selectors.workouts_for_plans); `today`: the athlete's local date."""
    by_id = {w.id: w for w in workouts}
    found = compliance_outcomes(sessions, workouts, today)
    return {pk: SessionOutcome(o.completion, by_id.get(o.workout_id)) for pk, o in found.items()}


def workout_json(row: Workout) -> dict[str, Any]:
    """The log that did a session, small: the whole row is at /athletes/{id}/workouts/{log_id}/."""
    return {"id": row.id, "date": row.date.isoformat(), "minutes": row.minutes, "rpe": row.rpe, "load": row.load}


def session_json(row: PlanSession, overrides: list[RuleOverride], *, outcome: SessionOutcome) -> dict[str, Any]:
    return {
        "id": row.pk,
        "date": row.date.isoformat(),
        "title": row.title,
        "modality": row.modality,
        "intensity": row.intensity,
        "planned_minutes": row.planned_minutes,
        "planned_rpe": row.planned_rpe,
        "load": row.load,
        "start_time": row.start_time.isoformat(timespec="minutes") if row.start_time else None,
        "fixed": bool(row.event),
        "event": row.event or None,
        "override_reason": row.override_reason,
        "overrides": [override_json(o) for o in overrides if o.session_id == row.pk],
        "adjustments": [adjustment_json(a) for a in row.adjustments.all()],
        "completion": outcome.completion.value,
        "workout": workout_json(outcome.workout) if outcome.workout else None,
        "blocks": [
            {
                "order": block.order,
                "kind": block.kind,
                "minutes": block.minutes,
                "exercises": [exercise_json(e) for e in block.exercises.all()],
            }
            for block in row.blocks.all()
        ],
    }


def adjustment_json(row: Any) -> dict[str, Any]:
    """An automatic change after a recovery check (recovery.services), undoable by the coach."""
    return {
        "id": row.pk,
        "kind": row.kind,
        "status": row.status,
        "message": row.message,
        "reasons": row.reasons,
        "created_at": row.created_at.isoformat(),
        "undone_at": row.undone_at.isoformat() if row.undone_at else None,
    }


def override_json(row: RuleOverride) -> dict[str, Any]:
    return {
        "rule": row.rule,
        "subject": row.subject,
        "figure": row.figure,
        "figure_text": row.figure_text,
        "message": row.message,
        "reason": row.reason,
        "session": row.session_id,
        "at": row.created_at.isoformat(),
    }


def plans_json(plans: Sequence[PlanWeek]) -> list[dict[str, Any]]:
    """Many plans with one query for all their workouts (plans.selectors.workouts_for_plans)."""
    workouts = workouts_for_plans(plans)
    return [plan_json(plan, workouts) for plan in plans]


def plan_json(
    plan: PlanWeek, workouts: Sequence[Workout] | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """The plan with its 7 days, from prefetched rows. `workouts`: any superset of the athlete's workouts around
    the week (plans.selectors.workouts_for_plans); without it, one query fetches them. `today`: the athlete's
    local date, by default from plan.athlete (select it with the plan)."""
    if workouts is None:
        workouts = workouts_for_plans([plan])
    today = today or local_today(plan.athlete)
    if plan.status == PlanStatus.DRAFT:
        # the athlete never saw a draft: none of its sessions is due, so none is missed
        today = min(today, plan.week_start - dt.timedelta(days=1))
    sessions = list(plan.sessions.all())
    overrides = list(plan.overrides.all())
    week_end = plan.week_start + dt.timedelta(days=6)
    own = [w for w in workouts if w.athlete_id == plan.athlete_id]
    outcomes = session_outcomes(sessions, own, today)
    days = []
    for offset in range(7):
        date = plan.week_start + dt.timedelta(days=offset)
        rows = [s for s in sessions if s.date == date]
        days.append(
            {
                "date": date.isoformat(),
                "kind": day_kind_of(r.modality for r in rows).value,
                "sessions": [session_json(r, overrides, outcome=outcomes[r.pk]) for r in rows],
            }
        )
    return {
        "id": plan.pk,
        "athlete": plan.athlete_id,
        "week_start": plan.week_start.isoformat(),
        "status": plan.status,
        "block_week": plan.block_week,
        "block": plan.block_id,
        "week_kind": plan.week_kind,
        "planned_minutes": sum(s.planned_minutes for s in sessions),
        "planned_load": sum(s.load for s in sessions),
        # docs/domain.md §2: done load counts every workout of the week's dates, planned or not.
        "done_load": sum(w.load or 0 for w in own if plan.week_start <= w.date <= week_end),  # no RPE: no load yet
        "compliance": compliance_json(compliance.week_compliance(o.completion for o in outcomes.values())),
        "unmet_wishes": plan.unmet_wishes,
        "overrides": [override_json(o) for o in overrides],
        "published_at": plan.published_at.isoformat() if plan.published_at else None,
        "days": days,
    }


def compliance_json(week: compliance.WeekCompliance) -> dict[str, Any]:
    return {
        "percent": week.percent,
        "done": week.done,
        "partial": week.partial,
        "missed": week.missed,
        "planned": week.planned,
    }


def block_json(block: TrainingBlock, plans: Sequence[PlanWeek]) -> dict[str, Any]:
    """docs/api.md "Blocks": the block with a line per week it holds (its `plans`, from selectors.block_plans)."""
    return blocks_json([block], plans)[0]


def blocks_json(blocks: Sequence[TrainingBlock], plans: Sequence[PlanWeek]) -> list[dict[str, Any]]:
    """Many blocks from the plans of all of them, read together (plans_json: one query for their workouts)."""
    weeks = plans_json(plans)
    return [
        {
            "id": block.pk,
            "athlete": block.athlete_id,
            "start": block.start.isoformat(),
            "weeks_count": block.weeks,
            "goal_date": block.goal_date.isoformat() if block.goal_date else None,
            "goal": block.goal,
            "weeks": [
                {
                    "plan": week["id"],
                    "week_start": week["week_start"],
                    "week_kind": week["week_kind"],
                    "status": week["status"],
                    "planned_load": week["planned_load"],
                    "done_load": week["done_load"],
                    "compliance": week["compliance"],
                }
                for week in weeks
                if week["block"] == block.pk
            ],
        }
        for block in blocks
    ]


def breaches_json(breaches: Sequence[Any]) -> list[dict[str, Any]]:
    """The week's current breaches (selectors.plan_breaches): today's figure beside the one an override accepted."""
    return [
        {
            "rule": b.violation.rule,
            "message": b.violation.message,
            "overridable": b.violation.overridable,
            "figure": b.violation.figure,
            "figure_text": b.violation.figure_text,
            "covered": b.covered,
            "override": override_json(b.override) if b.override is not None else None,
        }
        for b in breaches
    ]


# --- requests and the schema ------------------------------------------------------------------------------


class ExerciseOutSerializer(serializers.Serializer):
    name = serializers.CharField()
    sets = serializers.IntegerField()
    reps = serializers.IntegerField(allow_null=True)
    seconds = serializers.IntegerField(allow_null=True)
    notes = serializers.CharField()
    exercise = serializers.CharField(allow_null=True, help_text="Library slug.")
    instructions = serializers.CharField()


class BlockOutSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=choices_of(BlockKind))
    minutes = serializers.IntegerField()
    exercises = ExerciseOutSerializer(many=True)


class OverrideOutSerializer(serializers.Serializer):
    rule = serializers.CharField()
    subject = serializers.CharField(help_text="What the breach is about within its rule; empty for the week.")
    figure = serializers.FloatField(allow_null=True, help_text="The figure the override accepted.")
    figure_text = serializers.CharField(help_text='The accepted figure in words, e.g. "1 rest day".')
    message = serializers.CharField()
    reason = serializers.CharField()
    session = serializers.IntegerField(allow_null=True)
    at = serializers.DateTimeField()


class SessionWorkoutOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    minutes = serializers.IntegerField()
    rpe = serializers.IntegerField(allow_null=True, help_text="Null: a workout file's, waiting for its RPE.")
    load = serializers.IntegerField(allow_null=True, help_text="Session RPE load = RPE x minutes; null without RPE.")


class ComplianceOutSerializer(serializers.Serializer):
    percent = serializers.FloatField(
        allow_null=True, help_text="(done + half of partial) / sessions due, in %; null while none is due."
    )
    done = serializers.IntegerField()
    partial = serializers.IntegerField()
    missed = serializers.IntegerField()
    planned = serializers.IntegerField(help_text="Sessions not yet due.")


class SessionOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    title = serializers.CharField()
    modality = serializers.ChoiceField(choices=choices_of(Modality))
    intensity = serializers.ChoiceField(choices=choices_of(Intensity))
    planned_minutes = serializers.IntegerField()
    planned_rpe = serializers.IntegerField()
    load = serializers.IntegerField()
    start_time = LocalTimeField(allow_null=True)
    fixed = serializers.BooleanField(help_text="A team's practice or match: coach edits cannot move it.")
    event = serializers.ChoiceField(choices=EVENT_KIND_CHOICES, allow_null=True, help_text="match or practice.")
    override_reason = serializers.CharField()
    overrides = OverrideOutSerializer(many=True)
    adjustments = serializers.ListField(child=serializers.DictField())
    completion = serializers.ChoiceField(
        choices=choices_of(Completion),
        help_text="Logged against planned minutes: done at 80-120 %, partial at 50-79 % or 121-150 %, missed "
        "otherwise; `planned`: not yet due and nothing logged.",
    )
    workout = SessionWorkoutOutSerializer(allow_null=True, help_text="The log that did this session, or null.")
    blocks = BlockOutSerializer(many=True)


class DayOutSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=choices_of(DayKind))
    sessions = SessionOutSerializer(many=True)


class PlanOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    athlete = serializers.IntegerField()
    week_start = serializers.DateField()
    status = serializers.ChoiceField(choices=["draft", "published"])
    block_week = serializers.IntegerField()
    block = serializers.IntegerField(allow_null=True, help_text="The training block this week belongs to.")
    week_kind = serializers.ChoiceField(
        choices=WEEK_KIND_CHOICES, help_text="build, deload or taper inside a block; single for a week made alone."
    )
    planned_minutes = serializers.IntegerField()
    planned_load = serializers.IntegerField()
    done_load = serializers.IntegerField(help_text="RPE x minutes of every workout logged on the week's dates.")
    compliance = ComplianceOutSerializer()
    unmet_wishes = serializers.ListField(child=serializers.CharField())
    overrides = OverrideOutSerializer(many=True)
    published_at = serializers.DateTimeField(allow_null=True)
    days = DayOutSerializer(many=True)


class TrainingBlockInSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="The Monday of the first week.")
    weeks = serializers.IntegerField(min_value=BLOCK_WEEKS[0], max_value=BLOCK_WEEKS[1])
    goal_date = serializers.DateField(required=False, allow_null=True, help_text="A race or test in the last week.")
    goal = serializers.CharField(max_length=200, required=False, allow_blank=True, validators=[validate_one_line])

    def validate_start(self, value: dt.date) -> dt.date:
        value = check_week_start(value)
        # a block plans what is to come: it starts this week or later, in the athlete's time zone (the view
        # passes the athlete's local today)
        today = self.context.get("today") or dt.date.today()
        this_monday = today - dt.timedelta(days=today.weekday())
        if value < this_monday:
            raise serializers.ValidationError(
                f"A block starts this week or later: the first Monday is {this_monday.isoformat()} at the earliest."
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        goal_date, start = attrs.get("goal_date"), attrs["start"]
        last_week = start + dt.timedelta(weeks=attrs["weeks"] - 1)
        if goal_date is not None and not last_week <= goal_date <= last_week + dt.timedelta(days=6):
            raise serializers.ValidationError(
                {
                    "goal_date": [
                        f"The goal date must fall in the block's last week, {last_week.isoformat()} to "
                        f"{(last_week + dt.timedelta(days=6)).isoformat()}; change the weeks or the start."
                    ]
                }
            )
        return attrs


class TrainingBlockWeekOutSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    week_start = serializers.DateField()
    week_kind = serializers.ChoiceField(choices=WEEK_KIND_CHOICES)
    status = serializers.ChoiceField(choices=["draft", "published"])
    planned_load = serializers.IntegerField()
    done_load = serializers.IntegerField()
    compliance = ComplianceOutSerializer()


class TrainingBlockOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    athlete = serializers.IntegerField()
    start = serializers.DateField()
    weeks_count = serializers.IntegerField()
    goal_date = serializers.DateField(allow_null=True)
    goal = serializers.CharField()
    weeks = TrainingBlockWeekOutSerializer(many=True)


class BreachOutSerializer(serializers.Serializer):
    rule = serializers.CharField()
    message = serializers.CharField()
    overridable = serializers.BooleanField()
    figure = serializers.FloatField(allow_null=True, help_text="Today's figure of the breach.")
    figure_text = serializers.CharField()
    covered = serializers.BooleanField(help_text="An override accepted this figure (or a worse one).")
    override = OverrideOutSerializer(allow_null=True)


class PlanDetailOutSerializer(PlanOutSerializer):
    breaches = BreachOutSerializer(
        many=True, help_text="The rules the week breaks now, each with the override that accepted it, if any."
    )


class ViolationSerializer(serializers.Serializer):
    rule = serializers.CharField()
    message = serializers.CharField()
    overridable = serializers.BooleanField()


# A plan is for the weeks around now: a year either way covers a season and keeps dates sane.
PLAN_HORIZON = dt.timedelta(days=366)


def check_week_start(value: dt.date) -> dt.date:
    if value.weekday() != 0:
        raise serializers.ValidationError(f"{value.isoformat()} is not a Monday; weeks start on Mondays.")
    today = dt.date.today()
    if not today - PLAN_HORIZON <= value <= today + PLAN_HORIZON:
        raise serializers.ValidationError("The week must start within a year of today.")
    return value


class GenerateSerializer(serializers.Serializer):
    week_start = serializers.DateField()

    def validate_week_start(self, value: dt.date) -> dt.date:
        return check_week_start(value)


class BlockExerciseInSerializer(serializers.Serializer):
    exercise = serializers.SlugField(help_text="Library slug (or one of the coach's own exercises).")
    sets = serializers.IntegerField(min_value=1, max_value=20, required=False)
    reps = serializers.IntegerField(min_value=1, max_value=200, required=False, allow_null=True)
    seconds = serializers.IntegerField(min_value=1, max_value=3600, required=False, allow_null=True)
    notes = serializers.CharField(max_length=300, required=False, allow_blank=True)


class BlockInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=choices_of(BlockKind))
    minutes = serializers.IntegerField(min_value=1, max_value=600)
    exercises = BlockExerciseInSerializer(many=True, required=False)


SESSION_MODALITY_CHOICES = [(m.value, MODALITY_WORDS[m]) for m in Modality if m in SESSION_MODALITIES]


class SessionInSerializer(serializers.Serializer):
    """A session to add or change. Without `blocks`, the engine builds warm-up, main, cool-down and
    stretching blocks around `planned_minutes`."""

    date = serializers.DateField(required=False)
    title = serializers.CharField(max_length=120, required=False, validators=[validate_one_line])
    # a triathlon is its three disciplines: each session is one of them
    modality = serializers.ChoiceField(choices=SESSION_MODALITY_CHOICES, required=False)
    intensity = serializers.ChoiceField(choices=choices_of(Intensity), required=False)
    planned_rpe = serializers.IntegerField(min_value=1, max_value=10, required=False)
    planned_minutes = serializers.IntegerField(min_value=15, max_value=600, required=False)
    start_time = LocalTimeField(required=False, allow_null=True)
    blocks = BlockInSerializer(many=True, required=False)
    override_reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class OverrideReasonSerializer(serializers.Serializer):
    override_reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class TemplateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=120, validators=[validate_one_line])
    created_at = serializers.DateTimeField(read_only=True)


class ApplyTemplateSerializer(serializers.Serializer):
    athletes = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=1000)
    week_start = serializers.DateField()
    override_reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)

    def validate_week_start(self, value: dt.date) -> dt.date:
        return check_week_start(value)


class ExerciseSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(max_length=80, required=False)
    target_muscles = serializers.ListField(child=serializers.SlugField(max_length=40), max_length=12, required=False)
    suits = serializers.ListField(child=serializers.ChoiceField(choices=choices_of(Modality)), required=False)
    mine = serializers.SerializerMethodField()

    class Meta:
        model = Exercise
        fields = [
            "id", "slug", "name", "category", "modality", "suits", "target_muscles", "equipment", "instructions",
            "default_sets", "default_reps", "default_seconds", "mine",
        ]  # fmt: skip
        extra_kwargs = {
            "name": {"validators": [validate_one_line]},
            "default_sets": {"min_value": 1, "max_value": 20},
            "default_reps": {"min_value": 1, "max_value": 200},
            "default_seconds": {"min_value": 1, "max_value": 7200},
        }

    def get_mine(self, row: Any) -> bool:
        request = self.context.get("request")
        return bool(request and row.owner_id == request.user.pk)
