"""The engine's indexes and memos (issue 16, item 4) answer exactly what the linear look-ups they replace did."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.engine import Category, Intensity, Modality
from plans.engine import generate as gen
from plans.engine.blocks import (
    Library,
    Role,
    _cooldown_block,
    _main_block,
    _stretching_block,
    _warmup_block,
    cooldown_block,
    main_block,
    stretch_groups,
    stretching_block,
    warmup_block,
)

from .engine_support import athlete_inputs, catalogue

_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_LIB = Library.build(catalogue())
_SESSION_MODALITIES = [m for m in Modality if m is not Modality.TRIATHLON]


def test_the_fit_index_is_the_linear_filter() -> None:
    for category in Category:
        for modality in Modality:
            linear = tuple(ex for ex in catalogue() if ex.category is category and ex.fits(modality))
            assert _LIB.by_fit.get((category, modality), ()) == linear


def test_cross_and_stretch_indexes_are_the_linear_filters() -> None:
    for modality in Modality:
        linear = [ex for ex in catalogue() if ex.category is Category.CROSS_TRAINING and ex.modality is modality]
        assert list(_LIB.by_cross_modality.get(modality, ())) == linear
    for modality in _SESSION_MODALITIES:
        for group in stretch_groups(modality):
            linear = [ex for ex in catalogue() if ex.category is Category.STRETCH and ex.target_muscles[:1] == (group,)]
            assert list(_LIB.by_stretch_group[group]) == linear


def test_the_library_is_built_once_per_catalogue_and_again_when_it_changes() -> None:
    exercises = list(catalogue())
    first = Library.build(exercises)
    assert Library.build(exercises) is first
    exercises.pop()  # changed in place: the memo compares the exercises, not only the list's id
    changed = Library.build(exercises)
    assert changed is not first and len(changed.by_slug) == len(first.by_slug) - 1


@given(
    st.sampled_from(_SESSION_MODALITIES),
    st.sampled_from(Intensity),
    st.sampled_from(Role),
    st.integers(1, 240),
    st.integers(0, 60),
)
@_SETTINGS
def test_memoised_blocks_equal_blocks_built_afresh(
    modality: Modality, intensity: Intensity, role: Role, minutes: int, variant: int
) -> None:
    assert warmup_block(_LIB, modality, intensity, variant) == _warmup_block(_LIB, modality, intensity, variant)
    assert cooldown_block(_LIB, modality) == _cooldown_block(_LIB, modality)
    assert stretching_block(_LIB, modality, variant) == _stretching_block(_LIB, modality, variant)
    if (role is Role.CROSS) == modality.is_cross_training:  # a cross-training day's main block, or a sport's
        fresh = _main_block(_LIB, modality, role, intensity, minutes, variant)
        assert main_block(_LIB, modality, role, intensity, minutes, variant) == fresh


# --- the water-filling, against the linear scan and the builtin clamps it replaced


def _linear_level(total: int, mins: list[int], caps: list[int], weights: list[float]) -> float:
    bounds = list(zip(weights, mins, caps, strict=True))

    def filled(level: float) -> float:
        return sum(min(max(level * w, lo), hi) for w, lo, hi in bounds)

    previous, previous_sum = 0.0, float(sum(mins))
    for point in sorted({x / w for w, lo, hi in bounds for x in (lo, hi)}):
        point_sum = filled(point)
        if point_sum >= total:
            if point_sum == previous_sum:
                return point
            return previous + (total - previous_sum) * (point - previous) / (point_sum - previous_sum)
        previous, previous_sum = point, point_sum
    return previous


def _linear_allocate(total: int, mins: list[int], caps: list[int], weights: list[float]) -> list[int]:
    level = _linear_level(total, mins, caps, weights)
    exact = [min(max(level * w, lo), hi) for w, lo, hi in zip(weights, mins, caps, strict=True)]
    shares = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (shares[i] - exact[i], i))
    for i in order[: max(0, total - sum(shares))]:
        if shares[i] < caps[i]:
            shares[i] += 1
    return shares


@st.composite
def _sessions(draw: st.DrawFn) -> tuple[int, list[int], list[int], list[float]]:
    count = draw(st.integers(1, 7))
    mins = draw(st.lists(st.integers(15, 120), min_size=count, max_size=count))
    caps = [lo + draw(st.integers(0, 200)) for lo in mins]
    weights = draw(st.lists(st.sampled_from(sorted(set(gen.ROLE_WEIGHT.values()))), min_size=count, max_size=count))
    return draw(st.integers(0, sum(caps) + 60)), mins, caps, weights


@given(_sessions())
@_SETTINGS
def test_the_bisected_water_level_is_the_linear_one(drawn: tuple[int, list[int], list[int], list[float]]) -> None:
    total, mins, caps, weights = drawn
    bounds = [(w, float(lo), float(hi)) for w, lo, hi in zip(weights, mins, caps, strict=True)]
    assert gen._water_level(total, mins, bounds) == _linear_level(total, mins, caps, weights)
    assert gen._allocate(total, mins, caps, weights) == _linear_allocate(total, mins, caps, weights)


# --- the layout's look-ups


def _linear_spread_pick(candidates: list[gen._Slot], count: int) -> list[gen._Slot]:
    chosen: list[gen._Slot] = []
    for spread in (True, False):
        for slot in candidates:
            if len(chosen) == count or slot in chosen:
                continue
            if spread and any(abs(slot.weekday - c.weekday) == 1 for c in chosen):
                continue
            chosen.append(slot)
    return chosen


@given(st.lists(st.integers(0, 6), unique=True), st.integers(0, 7))
def test_spread_pick_by_weekday_is_the_linear_pick(weekdays: list[int], count: int) -> None:
    slots = [gen._Slot(weekday=d, role=Role.EASY) for d in weekdays]
    assert gen._spread_pick(slots, count) == _linear_spread_pick(slots, count)


@given(athlete_inputs())
@_SETTINGS
def test_cached_caps_and_cross_fit_are_the_linear_answers(inp: gen.AthleteInput) -> None:
    try:
        env = gen._env(inp, _LIB)
    except ValueError:
        return  # no cross-training modality fits: generate_week refuses such a week
    for modality in _SESSION_MODALITIES:
        assert env.plain_cap(modality) == gen.session_minutes_cap(env.ctx, modality)
    for weekday in range(7):
        # each weekday with another intensity and strength work, so every rotation and cap is asked
        intensity, nordic, single_leg = (Intensity.EASY, Intensity.MODERATE)[weekday % 2], weekday % 2, weekday // 2 % 2
        slot = gen._Slot(
            weekday=weekday, role=Role.CROSS, intensity=intensity, nordic=bool(nordic), single_leg=bool(single_leg)
        )
        start = (inp.week_index + weekday) % len(env.cross_options)
        rotated = env.cross_options[start:] + env.cross_options[:start]
        fitting = [m for m in rotated if env.min_minutes(slot, m) <= env.cap(m, slot)]
        assert env.cross_fit(slot) == max(fitting, key=lambda m: env.cap(m, slot), default=None)


def test_week_dates_run_monday_to_sunday() -> None:
    dates = gen._week_dates(dt.date(2026, 11, 30))
    assert len(dates) == 7 and all((b - a).days == 1 for a, b in pairwise(dates))
