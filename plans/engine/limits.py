"""Limits derived from the athlete (level, age, sport, week), shared by the rules and the generator."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .constants import (
    DELOAD_SHARE,
    LOAD_GROWTH_CAP,
    LOAD_GROWTH_HARD_LIMIT,
    LONG_SESSION_CAP,
    LONG_SESSION_SHARE,
    LONG_SESSION_SHARE_DEFAULT,
    MASTERS_AGE,
    MASTERS_HARD_GAP_DAYS,
    MASTERS_MAX_HARD,
    MAX_CONSECUTIVE_TRAINING_DAYS,
    MAX_HARD_SESSIONS,
    MIN_REST_DAYS,
    MODALITY_TWIN,
    NORDIC_PROGRESSION,
    NORDIC_RUNNER_CAP,
    NOVICE_FIRST_WEEKS,
    NOVICE_FIRST_WEEKS_HARD,
    OLDER_AGE,
    OLDER_MAX_HARD,
    RESTART_FLOOR_LOAD,
    SESSIONS_A_WEEK,
    START_LONGEST_MINUTES,
    TAPER_FINAL_SHARE,
    TAPER_SHARE,
    TEAM_NORDIC_MAX_SESSIONS,
    YOUTH_AGE,
    YOUTH_MAX_CONSECUTIVE_DAYS,
    YOUTH_MAX_TRAINING_DAYS,
    YOUTH_MIN_REST_DAYS,
)
from .types import Level, Modality, RuleContext, WeekKind

# enum members bound once (every week reads them; see types._DELOAD)
_DELOAD, _TAPER = WeekKind.DELOAD, WeekKind.TAPER
_NOVICE, _ADVANCED = Level.NOVICE, Level.ADVANCED


@dataclass(frozen=True, slots=True)
class DayLimits:
    """The stricter of the level's and the youth limits (docs/domain.md section 1)."""

    min_rest_days: int
    max_training_days: int
    max_consecutive: int
    max_hard_sessions: int
    youth: bool


@lru_cache(maxsize=512)  # 3 levels x ~100 ages; the value is frozen, so one serves every week that asks
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


def level_hard_sessions(ctx: RuleContext) -> int:
    """Hard sessions a week by level: novices hold 1 in their first 4 planned weeks (docs/domain.md section 1)."""
    if ctx.level is _NOVICE and ctx.plan_number is not None and ctx.plan_number <= NOVICE_FIRST_WEEKS:
        return NOVICE_FIRST_WEEKS_HARD
    return MAX_HARD_SESSIONS[ctx.level]


def age_hard_sessions(ctx: RuleContext) -> int | None:
    """The age rules' cap on hard sessions a week (masters 2; 65+ 1 unless advanced); None under 50."""
    if ctx.age_years >= OLDER_AGE and ctx.level is not _ADVANCED:
        return OLDER_MAX_HARD
    if ctx.age_years >= MASTERS_AGE:
        return MASTERS_MAX_HARD
    return None


def max_hard_sessions(ctx: RuleContext) -> int:
    by_age = age_hard_sessions(ctx)
    return level_hard_sessions(ctx) if by_age is None else min(by_age, level_hard_sessions(ctx))


def hard_gap_days(age_years: int) -> int:
    """Fewest days from one hard session to the next: 2 (never back to back), 3 from 50 on (72 h)."""
    return MASTERS_HARD_GAP_DAYS if age_years >= MASTERS_AGE else 2


def sessions_range(level: Level) -> tuple[int, int]:
    return SESSIONS_A_WEEK[level]


def share_cap(sessions: int) -> float | None:
    """The most of the week's minutes one session may take; None below three sessions (no long session)."""
    if sessions < 3:
        return None
    return LONG_SESSION_SHARE.get(sessions, LONG_SESSION_SHARE_DEFAULT)


@dataclass(frozen=True, slots=True)
class NordicDose:
    sessions: int
    sets: int
    reps: int
    label: str


@lru_cache(maxsize=1024)  # a block's few dozen weeks x the sports: frozen, shared by every week that asks
def nordic_dose(nordic_week: int | None, sport: Modality, *, reduced: bool = False) -> NordicDose:
    """The week's Nordic prescription; None means the athlete starts the progression (week 1). A team athlete's
    deload or taper week keeps the in-season maintenance dose of one session (Petersen et al., AJSM 2011): the
    team's events stay as they are, so the strength work is what the plan can ease."""
    week = nordic_week or 1
    for first, last, sessions, sets, reps, label in NORDIC_PROGRESSION:
        if first <= week and (last is None or week <= last):
            if sport in (Modality.RUN, Modality.TRIATHLON):
                sessions = min(sessions, NORDIC_RUNNER_CAP)
            elif sport.is_team_sport:
                sessions = min(sessions, 1 if reduced else TEAM_NORDIC_MAX_SESSIONS)  # docs/domain.md section 11
            return NordicDose(sessions, sets, reps, label)
    raise AssertionError("NORDIC_PROGRESSION covers every week")  # pragma: no cover


# --- load: the baseline, and what the week may hold


def baseline_load(ctx: RuleContext) -> float | None:
    """The larger of last week's load and the last full week's (docs/domain.md section 1, load_progression), so the
    week after a deload grows from the week before the deload; None when neither gives a load to grow from."""
    found = max(ctx.previous_week_load or 0.0, ctx.last_full_week_load or 0.0)
    return found or None


def has_baseline(ctx: RuleContext) -> bool:
    # a baseline of 0 AU gives no ratio to grow from: the restart floor governs instead
    return baseline_load(ctx) is not None


def full_week_load(ctx: RuleContext) -> float | None:
    """The load deloads and tapers take their share of: the last full week's, else the baseline."""
    return ctx.last_full_week_load or baseline_load(ctx)


def reduced_share(ctx: RuleContext) -> float | None:
    """The share of the last full week a deload or taper week holds; None for build and single weeks."""
    kind = ctx.kind
    if kind is _DELOAD:
        return DELOAD_SHARE
    if kind is _TAPER:
        return TAPER_FINAL_SHARE if ctx.final_week else TAPER_SHARE
    return None


def reduced_cap(ctx: RuleContext) -> float | None:
    """The most load a deload or taper week may hold (never under the restart floor)."""
    share, full = reduced_share(ctx), full_week_load(ctx)
    if share is None or full is None:
        return None
    return max(full * share, RESTART_FLOOR_LOAD)


def progression_cap(ctx: RuleContext) -> float | None:
    """The +10 % cap over the baseline (or the restart floor); None without a baseline."""
    base = baseline_load(ctx)
    if base is None:
        return None
    return max(base * LOAD_GROWTH_CAP, RESTART_FLOOR_LOAD)


def load_hard_limit(ctx: RuleContext) -> float | None:
    base = baseline_load(ctx)
    if base is None:
        return None
    return max(base * LOAD_GROWTH_HARD_LIMIT, RESTART_FLOOR_LOAD)


def load_target(ctx: RuleContext) -> float | None:
    """The load the generator aims at: the deload or taper share, else the +10 % cap."""
    reduced = reduced_cap(ctx)
    return reduced if reduced is not None else progression_cap(ctx)


# --- session length


def longest_recent(ctx: RuleContext, modality: Modality) -> float | None:
    """Longest session of this modality (or its twin) in the previous 30 days; None: no history."""
    history = ctx.longest_minutes_by_modality_30d
    own = history.get(modality)
    twin = MODALITY_TWIN.get(modality)
    shared = history.get(twin) if twin is not None else None
    # the history holds no zero or None figure (types._coerce_history), so None is "no session"
    if own is None or shared is None:
        return shared if own is None else own
    return max(own, shared)


def starting_longest(ctx: RuleContext) -> int | None:
    """Without history, the longest session starts at the level's figure (docs/domain.md section 1)."""
    return START_LONGEST_MINUTES[ctx.level] if ctx.starting else None


def session_minutes_cap(ctx: RuleContext, modality: Modality) -> int | None:
    """Whole minutes a session of this modality may last besides its strength block: 110 % of the longest in
    30 days, or the starting figure for an athlete without history; None: no cap."""
    longest = longest_recent(ctx, modality)
    if longest is None:
        return starting_longest(ctx)
    # the epsilon keeps 110 % of 50 minutes at 55, not 55.00000000000001 -> 55 or 54.999 -> 54
    return int(longest * LONG_SESSION_CAP + 1e-9)
