"""Week <-> the plan JSON of docs/api.md (without ids, athlete and status, which the Django side adds)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from .types import (
    Block,
    BlockExercise,
    BlockKind,
    Category,
    Day,
    DayKind,
    EventKind,
    Exercise,
    Intensity,
    Modality,
    Session,
    Week,
)


def _exercise_to_dict(ex: BlockExercise) -> dict[str, Any]:
    return {
        "name": ex.name,
        "sets": ex.sets,
        "reps": ex.reps,
        "seconds": ex.seconds,
        "notes": ex.notes,
        "slug": ex.slug,
        "category": str(ex.category) if ex.category else None,
        "target_muscles": list(ex.target_muscles),
    }


def _session_to_dict(session: Session) -> dict[str, Any]:
    return {
        "title": session.title,
        "modality": str(session.modality),
        "intensity": str(session.intensity),
        "planned_minutes": session.planned_minutes,
        "planned_rpe": session.planned_rpe,
        "load": session.load,
        "fixed": session.fixed,
        "event": str(session.event) if session.event else None,
        "start_time": session.start_time.strftime("%H:%M") if session.start_time else None,
        "blocks": [
            {
                "order": order,
                "kind": str(block.kind),
                "minutes": block.minutes,
                "exercises": [_exercise_to_dict(ex) for ex in block.exercises],
            }
            for order, block in enumerate(session.blocks, start=1)
        ],
    }


def week_to_dict(week: Week) -> dict[str, Any]:
    """docs/api.md's plan shape minus ids; extra fields: load, unmet_wishes, and per exercise its slug,
    notes, category and target muscles."""
    return {
        "week_start": week.week_start.isoformat(),
        "load": week.load,
        "unmet_wishes": list(week.unmet_wishes),
        "days": [
            {
                "date": day.date.isoformat(),
                "kind": str(day.kind),
                "sessions": [_session_to_dict(s) for s in day.sessions],
            }
            for day in week.days
        ],
    }


def _field(d: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in d:
        raise ValueError(f"{where}.{key}: required")
    return d[key]


def _exercise_from_dict(d: Mapping[str, Any], where: str, lookup: Mapping[str, Exercise]) -> BlockExercise:
    slug = d.get("slug") or ""
    known = lookup.get(slug)
    category = d.get("category") or (known.category if known else None)
    muscles = d.get("target_muscles") or (known.target_muscles if known else ())
    return BlockExercise(
        name=str(_field(d, "name", where)),
        sets=int(d.get("sets") or 1),
        reps=d.get("reps"),
        seconds=d.get("seconds"),
        notes=d.get("notes") or "",
        slug=slug,
        category=Category(category) if category else None,
        target_muscles=tuple(muscles),
    )


def _block_from_dict(d: Mapping[str, Any], where: str, lookup: Mapping[str, Exercise]) -> Block:
    exercises = d.get("exercises") or []
    return Block(
        kind=BlockKind(_field(d, "kind", where)),
        minutes=int(_field(d, "minutes", where)),
        exercises=tuple(_exercise_from_dict(ex, f"{where}.exercises[{i}]", lookup) for i, ex in enumerate(exercises)),
    )


def _session_from_dict(d: Mapping[str, Any], where: str, lookup: Mapping[str, Exercise]) -> Session:
    raw_blocks = list(_field(d, "blocks", where))
    # blocks carry their order; without it, list order is the order
    raw_blocks.sort(key=lambda b: b.get("order", 0))
    session = Session(
        title=str(_field(d, "title", where)),
        modality=Modality(_field(d, "modality", where)),
        intensity=Intensity(_field(d, "intensity", where)),
        planned_rpe=int(_field(d, "planned_rpe", where)),
        blocks=tuple(_block_from_dict(b, f"{where}.blocks[{i}]", lookup) for i, b in enumerate(raw_blocks)),
        event=EventKind(d["event"]) if d.get("event") else None,
        start_time=dt.time.fromisoformat(d["start_time"]) if d.get("start_time") else None,
    )
    stated = d.get("planned_minutes")
    if stated is not None and int(stated) != session.planned_minutes:
        raise ValueError(f"{where}.planned_minutes: {stated} is not the sum of the blocks ({session.planned_minutes})")
    return session


def week_from_dict(d: Mapping[str, Any], catalogue: Iterable[Exercise] | None = None) -> Week:
    """The inverse of week_to_dict. Exercises without category or target muscles take them from the
    catalogue by slug, so a week stored with slugs only can still be checked. ValueError names the field."""
    lookup = {ex.slug: ex for ex in catalogue or ()}
    try:
        days = tuple(
            Day(
                date=dt.date.fromisoformat(_field(day, "date", f"days[{i}]")),
                kind=DayKind(_field(day, "kind", f"days[{i}]")),
                sessions=tuple(
                    _session_from_dict(s, f"days[{i}].sessions[{j}]", lookup)
                    for j, s in enumerate(day.get("sessions") or [])
                ),
            )
            for i, day in enumerate(_field(d, "days", "week"))
        )
        week_start = dt.date.fromisoformat(_field(d, "week_start", "week"))
    except (TypeError, AttributeError) as exc:
        raise ValueError(f"malformed plan: {exc}") from exc
    return Week(week_start, days, tuple(d.get("unmet_wishes") or ()))
