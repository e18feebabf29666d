"""Plan JSON exactly as API.md's Plans section draws it, plus additive fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_framework import serializers

from plans.convert import day_kind_of
from plans.engine.types import BlockKind, DayKind, Intensity, Modality
from plans.models import Exercise, PlanSession, PlanWeek, RuleOverride, choices_of
from trainer.api import LocalTimeField


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


def session_json(row: PlanSession, overrides: list[RuleOverride]) -> dict[str, Any]:
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
        "override_reason": row.override_reason,
        "overrides": [override_json(o) for o in overrides if o.session_id == row.pk],
        "adjustments": [adjustment_json(a) for a in row.adjustments.all()],
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
    """An automatic change after a recovery check (plans.recovery_services), undoable by the coach."""
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
        "message": row.message,
        "reason": row.reason,
        "session": row.session_id,
        "at": row.created_at.isoformat(),
    }


def plan_json(plan: PlanWeek) -> dict[str, Any]:
    """The plan with its 7 days; uses only prefetched rows."""
    sessions = list(plan.sessions.all())
    overrides = list(plan.overrides.all())
    days = []
    for offset in range(7):
        date = plan.week_start + dt.timedelta(days=offset)
        rows = [s for s in sessions if s.date == date]
        days.append(
            {
                "date": date.isoformat(),
                "kind": day_kind_of(r.modality for r in rows).value,
                "sessions": [session_json(r, overrides) for r in rows],
            }
        )
    return {
        "id": plan.pk,
        "athlete": plan.athlete_id,
        "week_start": plan.week_start.isoformat(),
        "status": plan.status,
        "block_week": plan.block_week,
        "planned_minutes": sum(s.planned_minutes for s in sessions),
        "planned_load": sum(s.load for s in sessions),
        "unmet_wishes": plan.unmet_wishes,
        "overrides": [override_json(o) for o in overrides],
        "published_at": plan.published_at.isoformat() if plan.published_at else None,
        "days": days,
    }


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
    message = serializers.CharField()
    reason = serializers.CharField()
    session = serializers.IntegerField(allow_null=True)
    at = serializers.DateTimeField()


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
    override_reason = serializers.CharField()
    overrides = OverrideOutSerializer(many=True)
    adjustments = serializers.ListField(child=serializers.DictField())
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
    planned_minutes = serializers.IntegerField()
    planned_load = serializers.IntegerField()
    unmet_wishes = serializers.ListField(child=serializers.CharField())
    overrides = OverrideOutSerializer(many=True)
    published_at = serializers.DateTimeField(allow_null=True)
    days = DayOutSerializer(many=True)


class ViolationSerializer(serializers.Serializer):
    rule = serializers.CharField()
    message = serializers.CharField()
    overridable = serializers.BooleanField()


# A plan is for the weeks around now: a year either way covers a season and keeps dates sane.
PLAN_HORIZON = dt.timedelta(days=366)


def check_week_start(value: dt.date) -> dt.date:
    if value.weekday() != 0:
        raise serializers.ValidationError("week_start must be a Monday.")
    today = dt.date.today()
    if not today - PLAN_HORIZON <= value <= today + PLAN_HORIZON:
        raise serializers.ValidationError("week_start must be within a year of today.")
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


class SessionInSerializer(serializers.Serializer):
    """A session to add or change. Without `blocks`, the engine builds warm-up, main, cool-down and
    stretching blocks around `planned_minutes`."""

    date = serializers.DateField(required=False)
    title = serializers.CharField(max_length=120, required=False)
    modality = serializers.ChoiceField(choices=choices_of(Modality), required=False)
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
    name = serializers.CharField(max_length=120)
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
            "default_sets": {"min_value": 1, "max_value": 20},
            "default_reps": {"min_value": 1, "max_value": 200},
            "default_seconds": {"min_value": 1, "max_value": 7200},
        }

    def get_mine(self, row: Any) -> bool:
        request = self.context.get("request")
        return bool(request and row.owner_id == request.user.pk)
