"""week_to_dict gives docs/api.md's plan shape (minus ids); week_from_dict reads it back, or a coach's edit."""

from __future__ import annotations

import pytest

from plans.engine import RuleContext, check_week, generate_week, week_from_dict, week_to_dict

from .engine_support import catalogue, healthy_input

INPUT = healthy_input()
WEEK = generate_week(INPUT, catalogue())


def test_shape_matches_the_api_contract() -> None:
    data = week_to_dict(WEEK)
    assert data["week_start"] == "2026-11-30"
    assert len(data["days"]) == 7
    day = next(d for d in data["days"] if d["sessions"])
    assert set(day) == {"date", "kind", "sessions"}
    session = day["sessions"][0]
    assert {"title", "modality", "intensity", "planned_minutes", "planned_rpe", "blocks"} <= set(session)
    assert session["planned_minutes"] == sum(b["minutes"] for b in session["blocks"])
    assert [b["order"] for b in session["blocks"]] == list(range(1, len(session["blocks"]) + 1))
    assert session["blocks"][0]["kind"] == "warmup" and session["blocks"][-1]["kind"] == "stretching"
    exercise = session["blocks"][0]["exercises"][0]
    assert {"name", "sets", "reps", "seconds"} <= set(exercise)
    rest = next(d for d in data["days"] if d["kind"] == "rest")
    assert rest["sessions"] == []


def test_round_trip() -> None:
    assert week_from_dict(week_to_dict(WEEK)) == WEEK


def test_exercises_stored_with_slugs_only_are_completed_from_the_catalogue() -> None:
    data = week_to_dict(WEEK)
    for day in data["days"]:
        for session in day["sessions"]:
            for block in reversed(session["blocks"]):  # order, not list position, decides
                for exercise in block["exercises"]:
                    del exercise["category"], exercise["target_muscles"]
            session["blocks"].reverse()
    bare = week_from_dict(data)
    assert "warmup_first" in {v.rule for v in check_week(bare, RuleContext.from_input(INPUT))}
    assert week_from_dict(data, catalogue()) == WEEK


def test_planned_minutes_must_be_the_sum_of_the_blocks() -> None:
    data = week_to_dict(WEEK)
    session = next(s for d in data["days"] for s in d["sessions"])
    session["planned_minutes"] += 5
    with pytest.raises(ValueError, match="planned_minutes"):
        week_from_dict(data)


@pytest.mark.parametrize("broken", [{"days": []}, {"week_start": "2026-11-30"}, {"week_start": "x", "days": []}])
def test_malformed_plans_raise_value_error(broken: dict) -> None:
    with pytest.raises(ValueError):
        week_from_dict(broken)
