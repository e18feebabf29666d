"""The day summary as docs/api.md's Day section draws it, plus additive detail (logs, guidance, warnings)."""

from __future__ import annotations

import dataclasses
from typing import Any

from intake import targets
from intake.day import MINERALS, DayRecord, profile_of
from intake.log_serializers import ML_PER_FL_OZ, MealSerializer, SupplementSerializer, WaterLogSerializer
from people import rules as people
from people.logs import local_today
from plans.serializers import session_json, session_outcomes
from training.serializers import CheckInSerializer, CrampSerializer, WorkoutLogSerializer


def _why(target: Any) -> dict[str, Any]:
    return {"why": list(target.why), "source": target.source}


def water_json(record: DayRecord) -> dict[str, Any]:
    water = record.targets.water
    body = {
        "ml": round(record.intake.water_ml),
        "target_ml": water.water_ml,
        "pct": round(100 * record.intake.water_ml / water.water_ml) if water.water_ml else None,
        "sweat_loss_ml": water.sweat_loss_ml,
        **_why(water),
    }
    if record.athlete.units == people.Units.IMPERIAL:
        body["fl_oz"] = round(record.intake.water_ml / ML_PER_FL_OZ, 1)
        body["target_fl_oz"] = round(water.water_ml / ML_PER_FL_OZ, 1)
    return body


def minerals_json(record: DayRecord) -> dict[str, Any]:
    out = {}
    for mineral in MINERALS:
        target = getattr(record.targets.minerals, mineral)
        out[mineral] = {
            "mg": round(record.intake.mg(mineral)),
            "target_mg": target.target_mg,
            "food_mg": round(record.intake.food_mg[mineral]),
            "supplement_mg": round(record.intake.supplement_mg[mineral]),
            "limit_mg": target.limit_mg,
            "limit_kind": target.limit_kind,
            **_why(target),
        }
    return out


def warnings_json(record: DayRecord) -> list[dict[str, Any]]:
    def amounts(values: dict[str, float]) -> targets.MineralAmounts:
        return targets.MineralAmounts(**{f"{m}_mg": values[m] for m in MINERALS})

    warnings = targets.upper_limit_warnings(
        profile_of(record.athlete, record.day),
        amounts(record.intake.food_mg),
        amounts(record.intake.supplement_mg),
        record.training,
    )
    return [{"mineral": str(w.mineral), "message": w.message, "source": w.source} for w in warnings]


def suggestions_json(record: DayRecord) -> list[dict[str, Any]]:
    """Minerals short over the last three logged days (docs/domain.md §5), with advice that respects medical flags."""
    flags = profile_of(record.athlete, record.day).medical_flags
    return [
        {
            "mineral": str(s.mineral),
            "message": s.message,
            "foods": list(s.foods),
            "why": list(s.why),
            "source": s.source,
        }
        for s in targets.mineral_suggestions(record.recent_minerals, flags)
    ]


def guidance_json(record: DayRecord) -> list[dict[str, Any]]:
    """Before, during and after each of the day's sessions (docs/domain.md §4)."""
    profile = profile_of(record.athlete, record.day)
    return [
        {"session": session.pk, **dataclasses.asdict(targets.exercise_hydration(profile, day_session))}
        for session, day_session in zip(
            record.sessions,
            [targets.DaySession(s.planned_minutes, targets.Intensity(s.intensity)) for s in record.sessions],
            strict=True,
        )
    ]


def sessions_json(record: DayRecord) -> list[dict[str, Any]]:
    """The day's sessions as the plan shows them, each with its completion and the workout that did it."""
    workouts = [*record.workouts, *record.linked_workouts]
    outcomes = session_outcomes(record.sessions, workouts, local_today(record.athlete))
    return [session_json(s, [], outcome=outcomes[s.pk]) | {"status": s.plan.status} for s in record.sessions]


def day_json(record: DayRecord, load: dict | None = None, recovery: dict | None = None) -> dict[str, Any]:
    context = {"athlete": record.athlete}
    return {
        "date": record.day.isoformat(),
        "water": water_json(record),
        "minerals": minerals_json(record),
        "load": load,
        "recovery": recovery,
        "sessions": sessions_json(record),
        "hydration_guidance": guidance_json(record),
        "warnings": warnings_json(record),
        "suggestions": suggestions_json(record),
        "medical_notes": [
            {"flag": str(n.flag), "message": n.message, "source": n.source} for n in record.targets.medical_notes
        ],
        "unknown_values": record.intake.unknown_values,
        "logs": {
            "workouts": WorkoutLogSerializer(record.workouts, many=True, context=context).data,
            "water": WaterLogSerializer(record.water, many=True, context=context).data,
            "meals": MealSerializer(record.meals, many=True, context=context).data,
            "supplements": SupplementSerializer(record.supplements, many=True, context=context).data,
            "checkin": CheckInSerializer(record.checkin, context=context).data if record.checkin else None,
            "cramps": CrampSerializer(record.cramps, many=True, context=context).data,
        },
    }
