"""Limits derived from the athlete (level, age, sport, week), shared by the rules and the generator."""

from __future__ import annotations

from dataclasses import dataclass

from .constants import (
    DELOAD_SHARE,
    DELOAD_TOLERANCE_SHARE,
    LOAD_GROWTH_CAP,
    LOAD_GROWTH_HARD_LIMIT,
    LONG_SESSION_CAP,
    MAX_CONSECUTIVE_TRAINING_DAYS,
    MAX_HARD_SESSIONS,
    MIN_REST_DAYS,
    MODALITY_TWIN,
    NORDIC_PROGRESSION,
    NORDIC_RUNNER_CAP,
    RESTART_FLOOR_LOAD,
    YOUTH_AGE,
    YOUTH_MAX_CONSECUTIVE_DAYS,
    YOUTH_MAX_TRAINING_DAYS,
    YOUTH_MIN_REST_DAYS,
)
from .types import Level, Modality, RuleContext


@dataclass(frozen=True, slots=True)
class DayLimits:
    """The stricter of the level's and the youth limits (DOMAIN.md section 1)."""

    min_rest_days: int
    max_training_days: int
    max_consecutive: int
    max_hard_sessions: int
    youth: bool


def day_limits(level: Level, age_years: int) -> DayLimits:
    youth = age_years < YOUTH_AGE
    rest = MIN_REST_DAYS[level]
    consecutive = MAX_CONSECUTIVE_TRAINING_DAYS[level]
    training = 7 - rest
    if youth:
        rest = max(rest, YOUTH_MIN_REST_DAYS)
        training = min(7 - rest, YOUTH_MAX_TRAINING_DAYS)
        consecutive = min(consecutive, YOUTH_MAX_CONSECUTIVE_DAYS)
    return DayLimits(rest, training, consecutive, MAX_HARD_SESSIONS[level], youth)


@dataclass(frozen=True, slots=True)
class NordicDose:
    sessions: int
    sets: int
    reps: int
    label: str


def nordic_dose(nordic_week: int | None, sport: Modality) -> NordicDose:
    """The week's Nordic prescription; None means the athlete starts the progression (week 1)."""
    week = nordic_week or 1
    for first, last, sessions, sets, reps, label in NORDIC_PROGRESSION:
        if first <= week and (last is None or week <= last):
            if sport is Modality.RUN:
                sessions = min(sessions, NORDIC_RUNNER_CAP)
            return NordicDose(sessions, sets, reps, label)
    raise AssertionError("NORDIC_PROGRESSION covers every week")  # pragma: no cover


def has_baseline(ctx: RuleContext) -> bool:
    # a previous week of 0 AU gives no ratio to grow from: the restart floor governs instead
    return ctx.previous_week_load is not None and ctx.previous_week_load > 0


def load_cap(ctx: RuleContext) -> float | None:
    """The most load this week may plan without an override; None without a baseline."""
    if not has_baseline(ctx):
        return None
    share = DELOAD_TOLERANCE_SHARE if ctx.is_deload_week else LOAD_GROWTH_CAP
    return max(ctx.previous_week_load * share, RESTART_FLOOR_LOAD)


def load_target(ctx: RuleContext) -> float | None:
    """The load the generator aims at: the +10 % cap, or 50 % of the previous week in a deload week."""
    if not has_baseline(ctx):
        return None
    share = DELOAD_SHARE if ctx.is_deload_week else LOAD_GROWTH_CAP
    return max(ctx.previous_week_load * share, RESTART_FLOOR_LOAD)


def progression_cap(ctx: RuleContext) -> float | None:
    """The +10 % cap (or the restart floor) whatever the deload state; deload_week has its own rule."""
    if not has_baseline(ctx):
        return None
    return max(ctx.previous_week_load * LOAD_GROWTH_CAP, RESTART_FLOOR_LOAD)


def load_hard_limit(ctx: RuleContext) -> float | None:
    if not has_baseline(ctx):
        return None
    return max(ctx.previous_week_load * LOAD_GROWTH_HARD_LIMIT, RESTART_FLOOR_LOAD)


def longest_recent(ctx: RuleContext, modality: Modality) -> float | None:
    """Longest session of this modality (or its twin) in the previous 30 days; None: no history."""
    history = ctx.longest_minutes_by_modality_30d
    found = [history[m] for m in (modality, MODALITY_TWIN.get(modality)) if m in history]
    return max(found) if found else None


def session_minutes_cap(ctx: RuleContext, modality: Modality) -> int | None:
    """Whole minutes a session of this modality may last (110 % of the longest); None: no cap."""
    longest = longest_recent(ctx, modality)
    if longest is None:
        return None
    # the epsilon keeps 110 % of 50 minutes at 55, not 55.00000000000001 -> 55 or 54.999 -> 54
    return int(longest * LONG_SESSION_CAP + 1e-9)
