"""Easing a week to a load cap (plans.engine.ease): main blocks shorten first, by one share and never under their
minimum; the other blocks stay; sessions are dropped or made easier only when shortening is not enough."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from plans.engine import BlockKind, generate_week
from plans.engine.blocks import MIN_MAIN_MINUTES
from plans.engine.ease import ease_week

from .engine_support import athlete_inputs, catalogue


def _week(inp):
    try:
        return generate_week(inp, catalogue())
    except ValueError:
        assume(False)
        raise


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(athlete_inputs(), st.floats(0.3, 1.2))
def test_an_eased_week_fits_its_cap_or_is_at_its_shortest(inp, share) -> None:
    week = _week(inp)
    cap = week.load * share
    eased, changes = ease_week(week, cap, catalogue=catalogue())
    if week.load <= cap:
        assert eased == week and changes == []
        return
    assert eased.load <= week.load
    for change in changes:
        assert change.before != change.after
        if change.after is None:
            continue  # dropped: only easy, strength-free sessions of the main sport
        # strength blocks are never lost, main blocks never under their minimum
        strength = [b for b in change.before.blocks if b.kind is BlockKind.STRENGTH]
        assert [b for b in change.after.blocks if b.kind is BlockKind.STRENGTH] == strength
        main = sum(b.minutes for b in change.after.blocks if b.kind is BlockKind.MAIN)
        assert main >= min(MIN_MAIN_MINUTES[change.after.intensity], main)
        if change.after.intensity is change.before.intensity:
            kept = [b for b in change.before.blocks if b.kind is not BlockKind.MAIN]
            assert [b for b in change.after.blocks if b.kind is not BlockKind.MAIN] == kept
    if eased.load > cap:
        # nothing left to shorten: every main block is at its floor, nothing easy left to drop
        assert all(
            sum(b.minutes for b in s.blocks if b.kind is BlockKind.MAIN) <= MIN_MAIN_MINUTES[s.intensity]
            for s in eased.sessions()
        )
    for day in eased.days:
        assert (day.kind.value == "rest") == (not day.sessions)


def test_shortening_comes_first_when_it_is_enough() -> None:
    from .engine_support import healthy_input

    week = _week(healthy_input())
    eased, changes = ease_week(week, week.load * 0.9, catalogue=catalogue())
    assert eased.load <= week.load * 0.9
    assert changes and all(c.after is not None and c.after.intensity is c.before.intensity for c in changes)
    assert sum(1 for _ in eased.sessions()) == sum(1 for _ in week.sessions())
