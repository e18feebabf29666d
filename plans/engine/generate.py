"""The weekly plan generator: AthleteInput + catalogue -> Week that passes every rule.

How a week is made (each step keeps the rules, so wishes give way):
1. pick the training days inside the available weekdays (rest days, days in a row, youth limits),
   counting the streak of training days that ended last Sunday;
2. give them roles: one long session, at least one cross-training day, hard days never back to back
   (nor on Monday after a hard Sunday);
3. place the strength blocks (Nordic progression, single-leg work when an imbalance is flagged);
4. share the weekly minutes out, each session inside the long-session cap, and shrink the week until
   its load fits the progression or deload target;
5. write the blocks, and say in `unmet_wishes` what could not be honoured and why.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .blocks import (
    LONG_SESSION_RPE,
    MIN_MAIN_MINUTES,
    PLANNED_RPE,
    Library,
    Role,
    cooldown_block,
    main_block,
    min_session_minutes,
    strength_block,
    strength_minutes,
    stretching_block,
    warmup_block,
)
from .constants import (
    CROSS_PREFERENCE,
    IMBALANCE_SINGLE_LEG_BLOCKS,
    MAX_CONSECUTIVE_TRAINING_DAYS,
    MIN_REST_DAYS,
    MODALITY_TWIN,
    RESTART_FLOOR_LOAD,
    START_WEEKLY_MINUTES,
)
from .limits import (
    DayLimits,
    NordicDose,
    baseline_load,
    day_limits,
    full_week_load,
    hard_gap_days,
    load_target,
    longest_recent,
    max_hard_sessions,
    nordic_dose,
    reduced_share,
    session_minutes_cap,
    sessions_range,
    share_cap,
    starting_longest,
)
from .rules import baseline_phrase, day_label, trailing_phrase
from .team import generate_team_week
from .types import (
    AthleteInput,
    Block,
    Day,
    DayKind,
    Exercise,
    Intensity,
    Level,
    Modality,
    RuleContext,
    Session,
    Week,
    WeekKind,
    disciplines,
)

# Generator choices (not rules): how many quality sessions each level gets, within MAX_HARD_SESSIONS,
# and no more than about a fifth of the week's minutes at quality (the 80/20 intensity distribution
# of endurance athletes, Seiler 2010) counting QUALITY_SESSION_MINUTES for each.
QUALITY_SESSIONS = {Level.NOVICE: 1, Level.INTERMEDIATE: 2, Level.ADVANCED: 3}
QUALITY_SHARE = 0.20
QUALITY_SESSION_MINUTES = 50
# Share of the weekly minutes by role: the long session is the biggest, cross-training the lightest.
ROLE_WEIGHT = {Role.LONG: 1.6, Role.EASY: 1.0, Role.QUALITY: 0.9, Role.CROSS: 0.8}
# A session shorter than this is not worth a separate day: fewer, longer sessions instead.
COMFORTABLE_SESSION_MINUTES = 40
# A main block shorter than this makes a day not worth it when fewer, longer sessions are possible;
# deload weeks keep their days and shorten sessions instead (volume cut, frequency kept: Bosquet 2007).
COMFORTABLE_MAIN_MINUTES = 20
COMFORTABLE_MAIN_MINUTES_DELOAD = 15
# Longest session the generator writes by role, so a big weekly wish on few days is reported rather than
# turned into a 5-hour yoga class.
SESSION_MAX_MINUTES = {Role.LONG: 240, Role.EASY: 150, Role.QUALITY: 150, Role.CROSS: 90}
_NO_CAP = 10**6
# Enum members the layout compares with thousands of times a week, read once: on CPython 3.11 every `Role.CROSS`
# goes through EnumType's __getattr__ hook, several times the cost of reading a module global.
_ROLE_LONG, _ROLE_EASY, _ROLE_QUALITY, _ROLE_CROSS = Role.LONG, Role.EASY, Role.QUALITY, Role.CROSS
_EASY, _HARD = Intensity.EASY, Intensity.HARD
_REST, _TRAINING, _CROSS_TRAINING = DayKind.REST, DayKind.TRAINING, DayKind.CROSS_TRAINING
# a triathlon's disciplines in turn by role (_Env.discipline)
_LONG_TURNS = (Modality.BIKE, Modality.RUN, Modality.SWIM)
_QUALITY_TURNS = (Modality.RUN, Modality.BIKE, Modality.SWIM)
_EASY_TURNS = (Modality.SWIM, Modality.RUN, Modality.BIKE)
_SPORT_NOUN = {
    Modality.RUN: "run",
    Modality.BIKE: "ride",
    Modality.SWIM: "swim",
    Modality.ROW: "row",
    Modality.TRIATHLON: "swim, ride or run",
}


@dataclass(slots=True)
class _Slot:
    """One training day while the week is being laid out (mutable scratch, never returned)."""

    weekday: int
    role: Role
    intensity: Intensity = Intensity.EASY
    modality: Modality | None = None  # None on a cross day until a modality that fits is chosen
    nordic: bool = False
    single_leg: bool = False


@dataclass(slots=True)
class _Env:
    """What every step needs, computed once per week."""

    inp: AthleteInput
    ctx: RuleContext
    lib: Library
    limits: DayLimits
    dose: NordicDose
    load_target: float | None
    minutes_goal: int
    main_cap: int | None
    cross_options: tuple[Modality, ...]
    available: frozenset[int] = frozenset()  # the offered weekdays, see _available
    notes: list[str] = field(default_factory=list)
    # modality -> session_minutes_cap (None: no cap): the layout asks about the same few modalities hundreds of
    # times a week, and the answer depends on the week's context alone
    caps: dict[Modality, int | None] = field(default_factory=dict)
    # strength-block minutes by (nordic, single_leg): the week's Nordic dose is fixed, so four figures in all
    strength_table: tuple[tuple[int, int], tuple[int, int]] = ((0, 0), (0, 0))
    dates: tuple[dt.date, ...] = ()  # Monday to Sunday
    cross_caps: tuple[tuple[Modality, int | None], ...] = ()  # each of cross_options with its plain_cap
    quality_most: dict[int, int] = field(default_factory=dict)  # training days -> the quality sessions they held

    def plain_cap(self, modality: Modality) -> int | None:
        """session_minutes_cap(ctx, modality), worked out once per modality and week."""
        found = self.caps.get(modality, -1)
        if found == -1:
            found = self.caps[modality] = session_minutes_cap(self.ctx, modality)
        return found

    def cap(self, modality: Modality, slot: _Slot | None = None) -> int:
        """The most minutes a session of `modality` may last: the long-session cap counts the session
        without its strength block (rules.long_session_cap), so the slot's block comes on top."""
        found = self.plain_cap(modality)
        if found is None:
            return _NO_CAP
        return found + (self.strength_table[slot.nordic][slot.single_leg] if slot is not None else 0)

    def strength_of(self, slot: _Slot) -> int:
        return self.strength_table[slot.nordic][slot.single_leg]

    def min_minutes(self, slot: _Slot, modality: Modality | None = None) -> int:
        modality = modality or slot.modality or self.cross_options[0]
        return min_session_minutes(modality, slot.intensity, self.strength_table[slot.nordic][slot.single_leg])

    def cross_fit(self, slot: _Slot) -> Modality | None:
        """The preferred cross-training modality whose cap holds this slot; rotated for variety."""
        return self._cross_fit(slot.weekday, slot.intensity, self.strength_table[slot.nordic][slot.single_leg])

    def _cross_fit(self, weekday: int, intensity: Intensity, strength: int) -> Modality | None:
        options = self.cross_caps
        start = (self.inp.week_index + weekday) % len(options)
        # the roomiest first (rotation among equals: the first of the largest caps wins): a modality with a short
        # 30-day history would cap the session below what the week may hold, and the load could never come back
        # after a deload
        best, best_cap = None, -1
        for modality, found in options[start:] + options[:start]:
            cap = _NO_CAP if found is None else found + strength
            if cap > best_cap and min_session_minutes(modality, intensity, strength) <= cap:
                best, best_cap = modality, cap
        return best

    def fits(self, slot: _Slot) -> bool:
        return self.fits_as(slot, slot.modality, nordic=slot.nordic, single_leg=slot.single_leg)

    def fits_as(self, slot: _Slot, modality: Modality | None, *, nordic: bool, single_leg: bool) -> bool:
        """Whether the slot would fit with that modality and strength work, asked without copying the slot."""
        strength = self.strength_table[nordic][single_leg]
        if slot.role is _ROLE_CROSS:
            return self._cross_fit(slot.weekday, slot.intensity, strength) is not None
        found = self.plain_cap(modality or self.inp.sport)
        cap = _NO_CAP if found is None else found + strength
        return min_session_minutes(modality or self.cross_options[0], slot.intensity, strength) <= cap

    def discipline(self, role: Role, nth: int) -> Modality:
        """The modality of a main session: the sport's own, or for a triathlon the long session on the bike,
        quality sessions running then riding, and easy ones in turn (swim first), so the week mixes all three
        (docs/domain.md section 11)."""
        own = disciplines(self.inp.sport)
        if len(own) == 1:
            return own[0]
        if role is _ROLE_LONG:
            return _LONG_TURNS[nth % 3]
        if role is _ROLE_QUALITY:
            return _QUALITY_TURNS[nth % 3]
        return _EASY_TURNS[nth % 3]


@lru_cache(maxsize=1024)  # a few years of Mondays: the tuple is immutable, shared by every week that starts then
def _week_dates(monday: dt.date) -> tuple[dt.date, ...]:
    return tuple(monday + dt.timedelta(days=weekday) for weekday in range(7))


@lru_cache(maxsize=1024)  # as _week_dates: a rest day is a frozen value, the same in every week that has it
def _rest_days(monday: dt.date) -> tuple[Day, ...]:
    return tuple(Day(date, _REST) for date in _week_dates(monday))


@lru_cache(maxsize=64)  # nordic_dose's few doses
def _strength_table(dose: NordicDose) -> tuple[tuple[int, int], tuple[int, int]]:
    """strength_minutes by [nordic][single_leg] for the week's dose."""
    plain, leg = strength_minutes(None, False), strength_minutes(None, True)
    return (plain, leg), (strength_minutes(dose, False), strength_minutes(dose, True))


def generate_week(inp: AthleteInput, catalogue: Sequence[Exercise]) -> Week:
    """A week for this athlete that passes check_week(week, RuleContext.from_input(inp)).

    Deterministic. Raises ValueError when the catalogue lacks a needed exercise or when no
    cross-training modality can hold a session inside its long-session cap.
    """
    if inp.sport.is_team_sport:
        return generate_team_week(inp, Library.build(catalogue))
    env = _env(inp, Library.build(catalogue))
    feasible = _max_training_days(env.available, env.limits, inp.trailing_training_days)
    fallback: tuple[list[_Slot], _Fit, list[str]] | None = None
    for n, quality in _shapes(env, feasible):
        env.notes = []
        slots = _layout(env, n, quality)
        fit = _fit_minutes(env, slots, last_try=n == 1) if slots is not None else None
        if slots is None or fit is None:
            continue
        if _comfortable(env, slots, fit):
            return _build_week(env, slots, fit, feasible)
        fallback = fallback or (slots, fit, env.notes)
    assert fallback is not None, "a single cross-training session always fits the restart floor"
    slots, fit, env.notes = fallback
    return _build_week(env, slots, fit, feasible)


def _env(inp: AthleteInput, lib: Library) -> _Env:
    ctx = RuleContext.from_input(inp)
    goal = inp.weekly_minutes_target
    if ctx.starting:
        # docs/domain.md section 1, "Starting without history": the level's starting weekly minutes
        goal = min(goal, START_WEEKLY_MINUTES[ctx.level])
    share = reduced_share(ctx)
    if share is not None and baseline_load(ctx) is None:
        # a deload or taper with no load to take a share of: cut the volume instead (docs/domain.md section 1)
        goal = max(1, round(goal * share))
    env = _Env(
        inp=inp,
        ctx=ctx,
        lib=lib,
        limits=day_limits(inp.level, inp.age_years),
        dose=nordic_dose(inp.nordic_week, inp.sport),
        load_target=load_target(ctx),
        minutes_goal=goal,
        main_cap=_main_cap(ctx, inp.sport),
        cross_options=(),
    )
    env.strength_table = _strength_table(env.dose)
    env.dates = _week_dates(inp.week_start)
    env.cross_options = _cross_options(env)
    env.cross_caps = tuple((modality, env.plain_cap(modality)) for modality in env.cross_options)
    env.available = _available(inp, env.limits)
    return env


def _main_cap(ctx: RuleContext, sport: Modality) -> int | None:
    """The roomiest long-session cap among the sport's own disciplines (None: one of them has no cap)."""
    caps = [session_minutes_cap(ctx, m) for m in disciplines(sport)]
    return None if None in caps else max(c for c in caps if c is not None)


def _available(inp: AthleteInput, limits: DayLimits) -> frozenset[int]:
    """The offered weekdays, unless last week's streak rules out every one of them: that happens only when
    Monday alone is offered and the streak already reached the days-in-a-row limit. Then the day after
    holds the week's cross-training session (the rules ask for one every week); _day_wishes says so."""
    offered = inp.available_weekdays
    # any day but Monday can always hold a session on its own; only Monday extends last week's streak
    if offered != {0} or _max_training_days(offered, limits, inp.trailing_training_days) > 0:
        return offered
    return offered | {1}


def _cross_options(env: _Env) -> tuple[Modality, ...]:
    preference = _cross_preference(env.inp.sport)
    # strength blocks come on top of the cap (rules.long_session_cap), so a modality that holds a plain session
    # holds one with the week's strength work too
    options = tuple(m for m in preference if min_session_minutes(m, _EASY, 0) <= env.cap(m))
    if not options:
        raise ValueError(
            "no cross-training modality can hold a session inside its long-session cap "
            "(longest_minutes_by_modality_30d is too short for every one of them)"
        )
    return options


@cache  # one check per sport, not one per week
def _cross_preference(sport: Modality) -> tuple[Modality, ...]:
    preference = CROSS_PREFERENCE[sport]
    assert all(MODALITY_TWIN.get(m) not in disciplines(sport) for m in preference)
    return preference


# --- 1. training days


@lru_cache(maxsize=256)  # 128 day sets at most; frozensets keep their hash, so a hit is one lookup
def _bits(weekdays: frozenset[int]) -> int:
    return sum(1 << d for d in weekdays)


def _mask_days(mask: int) -> list[int]:
    return list(_MASK_DAYS[mask])


_MASK_DAYS = tuple(tuple(d for d in range(7) if mask >> d & 1) for mask in range(128))


def _longest_run(mask: int) -> int:
    longest = run = 0
    for d in range(7):
        run = run + 1 if mask >> d & 1 else 0
        longest = max(longest, run)
    return longest


def _leading_run(mask: int) -> int:
    # training days in a row from Monday: they extend last week's trailing streak
    run = 0
    while run < 7 and mask >> run & 1:
        run += 1
    return run


def _cyclic_adjacent(mask: int) -> int:
    # Sunday to Monday counts too: next week starts the day after
    return sum(1 for d in range(7) if mask >> d & 1 and mask >> ((d + 1) % 7) & 1)


def _min_cyclic_gap(mask: int) -> int:
    days = _mask_days(mask)
    if len(days) < 2:
        return 7
    return min((days[(i + 1) % len(days)] - days[i]) % 7 for i in range(len(days)))


_MaskInfo = tuple[int, int, int, int, int, int]
_MASKS: tuple[_MaskInfo, ...] = tuple(
    (mask, mask.bit_count(), _longest_run(mask), _cyclic_adjacent(mask), _min_cyclic_gap(mask), _leading_run(mask))
    for mask in range(128)
)


@cache
def _allowed_masks(available: int, max_training: int, max_consecutive: int, trailing: int) -> tuple[_MaskInfo, ...]:
    """The day sets inside `available` that keep the limits, the run into Monday counting `trailing` days
    (pure and small: 128 offered sets x a few limits x 8 streaks, so cached)."""
    return tuple(
        info
        for info in _MASKS
        if info[0] & ~available == 0
        and info[1] <= max_training
        and info[2] <= max_consecutive
        and (info[5] == 0 or info[5] + trailing <= max_consecutive)
    )


def _allowed(available: frozenset[int], limits: DayLimits, trailing: int) -> tuple[_MaskInfo, ...]:
    return _allowed_masks(_bits(available), limits.max_training_days, limits.max_consecutive, trailing)


def _max_training_days(available: frozenset[int], limits: DayLimits, trailing: int) -> int:
    return _most_days(_bits(available), limits.max_training_days, limits.max_consecutive, trailing)


@cache
def _most_days(available: int, max_training: int, max_consecutive: int, trailing: int) -> int:
    return max(info[1] for info in _allowed_masks(available, max_training, max_consecutive, trailing))


def _best_mask(env: _Env, n: int) -> int | None:
    limits = env.limits
    return _best_mask_of(
        _bits(env.available),
        limits.max_training_days,
        limits.max_consecutive,
        env.inp.trailing_training_days,
        env.inp.preferred_long_day,
        n,
    )


@lru_cache(maxsize=8192)  # pure and small: _allowed_masks' keys x 8 preferred days x 8 day counts
def _best_mask_of(
    available: int, max_training: int, max_consecutive: int, trailing: int, pref: int | None, n: int
) -> int | None:
    candidates = [info for info in _allowed_masks(available, max_training, max_consecutive, trailing) if info[1] == n]
    if not candidates:
        return None

    # the preferred long day first, then short runs of days (the run into Monday counting last week's
    # streak), days spread out, earlier days on ties
    best = max(
        candidates,
        key=lambda info: (
            pref is not None and info[0] >> pref & 1,
            -max(info[2], info[5] + trailing if info[5] else 0),
            -info[3],
            info[4],
            -info[0],
        ),
    )
    return best[0]


def _shapes(env: _Env, feasible: int) -> list[tuple[int, int]]:
    """(training days, quality sessions) to try, best first: the most sessions, quality before frequency on
    ties. The first whose sessions are all worth their day under the minutes wish and load target wins."""
    return list(_shapes_of(_first_guess(env, feasible), _quality_count(env), env.ctx.is_reduced_week))


@cache  # at most 7 x 4 x 2 orders
def _shapes_of(days: int, quality: int, reduced: bool) -> tuple[tuple[int, int], ...]:
    shapes = [(n, q) for n in range(1, days + 1) for q in range(quality + 1)]
    if reduced:
        # deloads and tapers keep one (shorter) hard session and drop an easy one instead (docs/domain.md section 1:
        # volume cut, intensity kept, Bosquet 2007)
        return tuple(sorted(shapes, key=lambda shape: (shape[1] > 0, sum(shape), shape[1]), reverse=True))
    return tuple(sorted(shapes, key=lambda shape: (sum(shape), shape[1]), reverse=True))


def _first_guess(env: _Env, feasible: int) -> int:
    # docs/domain.md section 1, "Level shapes the week": at most the level's sessions a week
    most = sessions_range(env.inp.level)[1]
    return max(1, min(feasible, most, env.minutes_goal // COMFORTABLE_SESSION_MINUTES))


# --- 2. roles


def _layout(env: _Env, n: int, quality: int) -> list[_Slot] | None:
    if env.quality_most.get(n, quality) < quality:
        return None  # n days held fewer quality sessions before, and cannot hold more now
    mask = _best_mask(env, n)
    if mask is None:
        return None
    days = _mask_days(mask)
    easy_main = _Slot(weekday=0, role=_ROLE_EASY, modality=env.discipline(_ROLE_EASY, 0))
    if n == 1 or not env.fits(easy_main):
        slots = [_Slot(weekday=d, role=_ROLE_CROSS) for d in days]
    else:
        slots = _main_roles(env, days, quality)
    if (placed := sum(s.role is _ROLE_QUALITY for s in slots)) < quality:
        # that many quality sessions do not fit: a shape with fewer is tried too. _pick_quality takes the same days
        # in the same order whatever the count wanted, so `placed` is all that n days can hold this week
        env.quality_most[n] = placed
        return None
    _place_strength(env, slots)
    for slot in slots:
        if slot.role is _ROLE_CROSS:
            slot.modality = env.cross_fit(slot)
    return slots


def _main_roles(env: _Env, days: list[int], quality: int) -> list[_Slot]:
    pref = env.inp.preferred_long_day
    long_day = pref if pref in days else days[-1]
    # cross-training next to the long session: the nearest day, the day after first
    cross_day = min((d for d in days if d != long_day), key=lambda d: (abs(d - long_day), d < long_day, d))
    slots = {d: _Slot(weekday=d, role=_ROLE_EASY, modality=env.inp.sport) for d in days}
    slots[long_day].role = _ROLE_LONG
    slots[cross_day].role, slots[cross_day].modality = _ROLE_CROSS, None
    _fit_discipline(env, slots[long_day], 0)
    _pick_quality(env, slots, long_day, quality)
    easy = [slots[d] for d in days if slots[d].role is _ROLE_EASY]
    for nth, slot in enumerate(easy):
        _fit_discipline(env, slot, nth)
    return [slots[d] for d in days]


def _fit_discipline(env: _Env, slot: _Slot, nth: int) -> None:
    """The slot's discipline in turn, or the next whose long-session cap holds it (a triathlete's short ride
    history caps the bike); when none does, the day becomes cross-training, as a main day too short does."""
    own = disciplines(env.inp.sport)
    for step in range(len(own)):
        modality = env.discipline(slot.role, nth + step) if len(own) > 1 else own[0]
        if env.fits_as(slot, modality, nordic=slot.nordic, single_leg=slot.single_leg):
            slot.modality = modality
            return
    if len(own) == 1:
        slot.modality = own[0]  # a single sport was checked to fit before the roles were given (_layout)
        return
    slot.role, slot.intensity, slot.modality = _ROLE_CROSS, _EASY, None


def _quality_intensity(env: _Env) -> Intensity:
    # recovery checks may cap intensity: quality sessions become tempo (moderate) work, or nothing
    return env.inp.max_intensity or _HARD


def _quality_count(env: _Env) -> int:
    minutes = env.minutes_goal
    if env.load_target is not None:
        # a load target bounds the minutes too; RPE 4 is a typical easy-heavy week's average
        minutes = min(minutes, env.load_target / 4)
    by_volume = int(minutes * QUALITY_SHARE / QUALITY_SESSION_MINUTES + 0.5)
    if _quality_intensity(env) is _EASY:
        return 0
    if env.ctx.is_reduced_week:
        by_volume = max(by_volume, 1)  # intensity is kept however short the week (docs/domain.md section 1)
    # a deload keeps one (shorter) quality session (docs/domain.md section 1, deload load)
    most = 1 if env.ctx.is_deload_week else QUALITY_SESSIONS[env.inp.level]
    return min(most, max_hard_sessions(env.ctx), by_volume)


def _pick_quality(env: _Env, slots: dict[int, _Slot], long_day: int, wanted_count: int) -> None:
    intensity = _quality_intensity(env)
    chosen: list[int] = []
    # hard_easy: never two hard days in a row; masters_recovery: 72 h apart from 50 on
    gap = hard_gap_days(env.inp.age_years) if intensity is _HARD else 2
    since = env.ctx.since_last_hard  # days from last week's last hard session to Monday
    # away from the long session first, then in weekday order
    for d in sorted(slots, key=lambda d: (abs(d - long_day) == 1, d)):
        slot = slots[d]
        if len(chosen) == wanted_count or slot.role is not _ROLE_EASY:
            continue
        if any(abs(d - c) < gap for c in chosen):
            continue
        if intensity is _HARD and _date(env, d) in env.inp.avoid_hard_dates:
            continue  # recovery checks asked for no hard session that day
        if intensity is _HARD and since is not None and d + since < gap:
            continue  # too soon after last week's hard session
        modality = env.discipline(_ROLE_QUALITY, len(chosen))
        if env.fits(_Slot(weekday=d, role=_ROLE_QUALITY, intensity=intensity, modality=modality)):
            slot.role, slot.intensity, slot.modality = _ROLE_QUALITY, intensity, modality
            chosen.append(d)


# --- 3. strength blocks


def _place_strength(env: _Env, slots: list[_Slot]) -> None:
    """Nordic days per the progression (never the day before a hard session), then single-leg blocks.
    A main day too short (long-session cap) to hold its block becomes a cross-training day; then both are
    placed again, since a hard day turned easy changes which days may hold Nordics."""
    while True:
        blocked = _place_nordic(env, slots)
        if not blocked and env.inp.imbalance:
            blocked = _place_single_leg(env, slots)
        if not blocked:
            return
        _convert_to_cross(env, blocked)


_NORDIC_ORDER = {Role.QUALITY: 0, Role.EASY: 1, Role.CROSS: 2, Role.LONG: 3}
_SINGLE_LEG_ORDER = {Role.EASY: 0, Role.CROSS: 1, Role.QUALITY: 2, Role.LONG: 3}


def _spread_pick(candidates: list[_Slot], count: int) -> list[_Slot]:
    """Up to `count` slots, first avoiding back-to-back days, then filling in order."""
    chosen: list[_Slot] = []
    taken: set[int] = set()  # a layout holds one slot a day, so a slot is known by its weekday
    for spread in (True, False):
        for slot in candidates:
            if len(chosen) == count:
                return chosen
            day = slot.weekday
            if day in taken or (spread and (day - 1 in taken or day + 1 in taken)):
                continue
            chosen.append(slot)
            taken.add(day)
    return chosen


def _place_nordic(env: _Env, slots: list[_Slot]) -> list[_Slot]:
    """Marks the Nordic days; returns the slots too short to hold one when too few could."""
    for slot in slots:
        slot.nordic = False
    hard_days = {s.weekday for s in slots if s.intensity is _HARD}
    eligible = [s for s in slots if s.weekday + 1 not in hard_days]
    need = min(env.dose.sessions, len(eligible))
    ordered = sorted(eligible, key=lambda s: (_NORDIC_ORDER[s.role], s.weekday))
    roomy = [s for s in ordered if env.fits_as(s, s.modality, nordic=True, single_leg=s.single_leg)]
    for slot in _spread_pick(roomy, need):
        slot.nordic = True
    return [] if len(roomy) >= need else _left_out(eligible, roomy)


def _place_single_leg(env: _Env, slots: list[_Slot]) -> list[_Slot]:
    for slot in slots:
        slot.single_leg = False
    need = min(IMBALANCE_SINGLE_LEG_BLOCKS, len(slots))
    # apart from the Nordic days first, to spread the strength work
    ordered = sorted(slots, key=lambda s: (s.nordic, _SINGLE_LEG_ORDER[s.role], s.weekday))
    roomy = [s for s in ordered if env.fits_as(s, s.modality, nordic=s.nordic, single_leg=True)]
    for slot in _spread_pick(roomy, need):
        slot.single_leg = True
    return [] if len(roomy) >= need else _left_out(slots, roomy)


def _left_out(slots: list[_Slot], roomy: list[_Slot]) -> list[_Slot]:
    roomy_days = {s.weekday for s in roomy}  # one slot a day: the day names the slot
    return [s for s in slots if s.weekday not in roomy_days]


_CONVERT_ORDER = {Role.EASY: 0, Role.LONG: 1, Role.QUALITY: 2}


def _convert_to_cross(env: _Env, blocked: list[_Slot]) -> None:
    # blocked slots are main sessions (a cross day always holds the blocks, see _cross_options)
    slot = min(blocked, key=lambda s: (_CONVERT_ORDER[s.role], s.weekday))
    if slot.role is _ROLE_LONG:
        env.notes.append(
            f"The long session became cross-training on {day_label(_date(env, slot.weekday))}: a "
            f"{_SPORT_NOUN[env.inp.sport]} that day could not also hold the strength block inside the "
            "long-session cap."
        )
    slot.role, slot.intensity, slot.modality = _ROLE_CROSS, _EASY, None


# --- 4. minutes and load


def _rpe(slot: _Slot) -> int:
    return LONG_SESSION_RPE if slot.role is _ROLE_LONG else PLANNED_RPE[slot.intensity]


def _allocate(total: int, mins: list[int], caps: list[int], weights: list[float]) -> list[int]:
    """Share `total` minutes in proportion to the weights, each between its min and cap (water-filling)."""
    # minutes as floats: float against float is the interpreter's fast comparison, and whole minutes are exact
    bounds = [(w, float(lo), float(hi)) for w, lo, hi in zip(weights, mins, caps, strict=True)]
    level = _water_level(total, mins, bounds)
    exact: list[float] = []  # min(max(level * weight, min), cap) each, spelt out as in _water_level
    shares: list[int] = []
    for weight, lo, hi in bounds:
        x = level * weight
        if lo > x:
            x = lo
        if hi < x:
            x = hi
        exact.append(x)
        shares.append(int(x))
    # hand the rounding remainder to the largest fractions that still have room under their cap
    remainder = total - sum(shares)
    if remainder <= 0:
        return shares  # nothing to hand out: no need to order the fractions
    order = sorted(range(len(exact)), key=lambda i: (shares[i] - exact[i], i))
    for i in order[:remainder]:
        if shares[i] < caps[i]:
            shares[i] += 1
    return shares


_Bound = tuple[float, float, float]  # a session's weight, min and cap minutes


def _water_level(total: int, mins: list[int], bounds: list[_Bound]) -> float:
    """The level L with sum(clamp(L * w, min, cap)) == total. The sum is piecewise linear in L, bending
    only where a session reaches its min or cap, so it is found exactly between two such points."""
    ends = set()  # where a session reaches its min or its cap
    for w, lo, hi in bounds:
        ends.add(lo / w)
        ends.add(hi / w)
    points = sorted(ends)
    # The sum never falls as the level rises (each term is clamped L * w, w > 0, added in one order), so the first
    # point whose sum reaches `total` is found by bisection, a few sums instead of one per point; the bisection
    # leaves the sums at that point (high_sum) and at the one before it (low_sum) in hand.
    wanted = float(total)
    low, high = 0, len(points)
    low_sum = high_sum = 0.0
    while low < high:
        mid = (low + high) // 2
        level = points[mid]
        placed = 0.0  # sum(min(max(level * w, lo), hi)), spelt out: the water-filling's innermost loop
        for weight, lo, hi in bounds:
            x = level * weight
            if lo > x:
                x = lo
            if hi < x:
                x = hi
            placed += x
        if placed >= wanted:
            high, high_sum = mid, placed
        else:
            low, low_sum = mid + 1, placed
    if low == len(points):
        return points[-1] if points else 0.0  # every session at its cap
    point = points[low]
    previous = points[low - 1] if low else 0.0
    if not low:
        low_sum = float(sum(mins))
    if high_sum == low_sum:
        return point
    return previous + (wanted - low_sum) * (point - previous) / (high_sum - low_sum)


def _allocate_shared(
    total: int, mins: list[int], caps: list[int], weights: list[float], share: float | None
) -> list[int]:
    """_allocate with no session over `share` of the week's minutes (long_session_share). When the others
    cannot take what the long session gives up, the week is shorter, which lowers the bound again: repeat
    until the minutes settle (they only fall, so this ends)."""
    least = sum(mins)
    while True:
        if share is None:
            bounded = caps
        else:
            most = int(share * total + 1e-9)
            bounded = [min(c, max(lo, most)) for c, lo in zip(caps, mins, strict=True)]
        minutes = _allocate(total, mins, bounded, weights)
        placed = sum(minutes)
        if share is None or placed >= total or placed <= least:
            return minutes
        total = placed


@dataclass(frozen=True, slots=True)
class _Fit:
    minutes: list[int]
    caps: list[int]
    limited_by: str | None  # "load", "cap" (110 % rule), "session_max" or None


def _fit_minutes(env: _Env, slots: list[_Slot], *, last_try: bool) -> _Fit | None:
    """The most minutes up to the goal whose load fits the target; None if even the shortest sessions
    break the load target or exceed the goal (then try fewer days)."""
    mins = [env.min_minutes(s) for s in slots]
    rule_caps = [env.cap(s.modality, s) for s in slots]
    caps = [min(cap, SESSION_MAX_MINUTES[s.role]) for s, cap in zip(slots, rule_caps, strict=True)]
    weights = [ROLE_WEIGHT[s.role] for s in slots]
    rpes = [_rpe(s) for s in slots]
    share = share_cap(len(slots))
    # with a long-session share the week must be long enough for its longest session at its shortest
    least = sum(mins) if share is None else max(sum(mins), math.ceil(max(mins) / share - 1e-9))
    if least > sum(caps) or (least > env.minutes_goal and not last_try):
        return None

    allocated: dict[int, list[int]] = {}

    def allocate(total: int) -> list[int]:
        # the bisection below and the fit it returns ask for the same totals: share each week's minutes once
        if total not in allocated:
            allocated[total] = _allocate_shared(total, mins, caps, weights, share)
        return allocated[total]

    def load(total: int) -> int:
        return sum(r * m for r, m in zip(rpes, allocate(total), strict=True))

    upper = max(least, min(env.minutes_goal, sum(caps)))
    limited = "cap" if sum(rule_caps) < env.minutes_goal else "session_max" if sum(caps) < env.minutes_goal else None
    target = env.load_target
    if target is None or load(upper) <= target:
        return _shared_fit(allocate(upper), caps, limited, share)
    if load(least) > target:
        return None
    low, high = least, upper  # load(low) fits, load(high) does not
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if load(mid) <= target else (low, mid)
    return _shared_fit(allocate(low), caps, "load", share)


def _shared_fit(minutes: list[int], caps: list[int], limited: str | None, share: float | None) -> _Fit | None:
    # the others may have been too capped to take what the long session gave up: then this shape cannot
    # keep the long-session share, and another is tried
    if share is not None and max(minutes) > share * sum(minutes) + 1e-9:
        return None
    return _Fit(minutes, caps, limited)


# --- 5. the week


def _date(env: _Env, weekday: int) -> dt.date:
    return env.dates[weekday]


def _title(slot: _Slot, main: Block) -> str:
    # the main exercise names the session: "Long run", "Hill repeats", "Aqua jogging"
    return main.exercises[0].name if main.exercises else str(slot.modality)


def _session(env: _Env, slot: _Slot, minutes: int) -> Session:
    variant = env.inp.week_index + slot.weekday
    modality = slot.modality
    assert modality is not None
    strength = env.strength_of(slot)
    warmup = warmup_block(env.lib, modality, slot.intensity, variant)
    cooldown = cooldown_block(env.lib, modality)
    stretching = stretching_block(env.lib, modality, variant)
    main_minutes = minutes - warmup.minutes - strength - cooldown.minutes - stretching.minutes
    main = main_block(env.lib, modality, slot.role, slot.intensity, main_minutes, variant)
    blocks = [warmup, main]
    if slot.nordic or slot.single_leg:
        nordic_week = env.inp.nordic_week or 1
        dose = env.dose if slot.nordic else None
        blocks.append(strength_block(env.lib, dose, slot.single_leg, env.inp.level, nordic_week, variant))
    blocks += [cooldown, stretching]
    return Session(_title(slot, main), modality, slot.intensity, _rpe(slot), tuple(blocks))


def _comfortable(env: _Env, slots: list[_Slot], fit: _Fit) -> bool:
    """Every session's work (main and strength blocks) long enough to be worth its day, unless a cap
    (not the spreading) keeps it short."""
    if len(slots) <= sessions_range(env.inp.level)[0]:
        # the level's fewest sessions are worth their days (docs/domain.md section 1, level shapes the week)
        return True
    enough = COMFORTABLE_MAIN_MINUTES_DELOAD if env.ctx.is_reduced_week else COMFORTABLE_MAIN_MINUTES
    for slot, minutes, cap in zip(slots, fit.minutes, fit.caps, strict=True):
        overhead = env.min_minutes(slot) - MIN_MAIN_MINUTES[slot.intensity] - env.strength_of(slot)
        if minutes < cap and minutes - overhead < enough:
            return False
    return True


def _build_week(env: _Env, slots: list[_Slot], fit: _Fit, feasible: int) -> Week:
    days = list(_rest_days(env.inp.week_start))
    for slot, minutes in zip(slots, fit.minutes, strict=True):
        kind = _CROSS_TRAINING if slot.role is _ROLE_CROSS else _TRAINING
        days[slot.weekday] = Day(env.dates[slot.weekday], kind, (_session(env, slot, minutes),))
    week = Week(env.inp.week_start, tuple(days))
    wishes = [*_day_wishes(env, feasible), *env.notes, *_long_day_wishes(env, slots), *_minutes_wishes(env, week, fit)]
    return Week(week.week_start, week.days, tuple(dict.fromkeys(wishes)))


# --- unmet wishes: each says what was asked, what the week does instead, and why


def _day_wishes(env: _Env, feasible: int) -> list[str]:
    inp, limits, level = env.inp, env.limits, env.inp.level
    offered = len(inp.available_weekdays)
    moved = sorted(env.available - inp.available_weekdays)
    if not moved and offered <= feasible:
        return []  # every offered day is planned (most weeks): no sentence to write
    youth_runs = limits.youth and limits.max_consecutive < MAX_CONSECUTIVE_TRAINING_DAYS[level]
    run_who = "athletes under 18" if youth_runs else f"{level} athletes"
    runs = f"train at most {limits.max_consecutive} days in a row"
    counting = f", counting {trailing_phrase(env.ctx, inp.week_start)}"
    if moved:
        return [
            f"Only Monday was offered, but it has to stay a rest day: {run_who} {runs}{counting}; the week's "
            f"cross-training session is on {day_label(_date(env, moved[0]))} instead."
        ]
    most = sessions_range(level)[1]
    if most < feasible:
        # docs/domain.md section 1, "Level shapes the week": the level's sessions bind before the rest-day rules
        return [f"{offered} training days were offered, but {level} athletes train at most {most} sessions a week."]
    reasons: list[tuple[str, str]] = []
    if offered > limits.max_training_days:
        youth_binds = limits.youth and limits.min_rest_days > MIN_REST_DAYS[level]
        who = "athletes under 18" if youth_binds else f"{level} athletes"
        days = f"{limits.min_rest_days} full rest day{'s' if limits.min_rest_days > 1 else ''}"
        reasons.append((who, f"need at least {days} a week"))
    # the streak that ended last Sunday leaves fewer days than the week alone would
    streak_binds = feasible < _max_training_days(inp.available_weekdays, limits, 0)
    if not reasons or streak_binds:
        reasons.append((run_who, runs + (counting if streak_binds else "")))
    why = f"{reasons[0][0]} {reasons[0][1]}"
    if len(reasons) == 2:
        why += f" and {'' if reasons[1][0] == reasons[0][0] else reasons[1][0] + ' '}{reasons[1][1]}"
    return [f"{offered} training days were offered, but {why}, so at most {feasible} are planned."]


def _long_day_wishes(env: _Env, slots: list[_Slot]) -> list[str]:
    pref = env.inp.preferred_long_day
    at_pref = next((s for s in slots if s.weekday == pref), None)
    if pref is None or (at_pref is not None and at_pref.role is _ROLE_LONG):
        return []
    long_slot = next((s for s in slots if s.role is _ROLE_LONG), None)
    asked = day_label(_date(env, pref)).split()[0]
    where = f"it is on {day_label(_date(env, long_slot.weekday))}" if long_slot else "this week has no long session"
    if pref not in env.inp.available_weekdays:
        why = f"{asked} is not an available day"
    elif at_pref is None:
        why = f"{asked} had to stay a rest day to keep the rest-day and days-in-a-row limits"
    elif len(slots) == 1:
        why = "only one session fits this week, and it is the week's cross-training day"
    elif not env.fits(_Slot(weekday=pref, role=_ROLE_EASY, modality=env.discipline(_ROLE_LONG, 0))):
        why = f"no {_SPORT_NOUN[env.inp.sport]} fits inside the long-session cap this week"
    else:
        return []  # turned into cross-training for its strength block: env.notes says so
    return [f"The long session was wished for {asked}, but {why}; {where}."]


def _minutes_wishes(env: _Env, week: Week, fit: _Fit) -> list[str]:
    asked, planned = env.inp.weekly_minutes_target, week.planned_minutes
    out = _main_sport_wish(env, week)
    if planned > asked:
        out.append(
            f"{asked} minutes were asked, but a session with its warm-up, cool-down and stretching needs "
            f"{planned} minutes, so the week holds {planned}."
        )
    elif planned < asked:
        out.append(f"{planned} of the {asked} minutes asked are planned: {_why_fewer(env, fit)}.")
    return out


def _why_fewer(env: _Env, fit: _Fit) -> str:
    ctx, target = env.ctx, env.load_target
    base, full, share = baseline_load(ctx) or 0.0, full_week_load(ctx) or 0.0, reduced_share(ctx)
    what = _reduced_what(ctx)
    reasons = []
    if ctx.starting:
        reasons.append(
            f"nothing was trained or planned in the last 4 weeks, so {ctx.level} athletes start with at most "
            f"{START_WEEKLY_MINUTES[ctx.level]} minutes a week"
        )
    if share is not None and target is None:
        reasons.append(f"{what}, so the volume is cut to {round(share * 100)} %")
    if fit.limited_by == "load" and target is not None and target <= RESTART_FLOOR_LOAD:
        reasons.append(
            f"the recent load ({base:,.0f} AU) was light, so this week restarts gently with at most {target:,.0f} AU"
        )
    elif fit.limited_by == "load" and share is not None:
        reasons.append(
            f"{what}, so the load is kept at {round(share * 100)} % of the last full week's {full:,.0f} AU "
            f"(at most {target:,.0f} AU)"
        )
    elif fit.limited_by == "load":
        reasons.append(f"weekly load may grow at most 10 % over {baseline_phrase(ctx)} (at most {target:,.0f} AU)")
    elif fit.limited_by == "session_max":
        days = "1 training day is" if len(fit.minutes) == 1 else f"{len(fit.minutes)} training days are"
        reasons.append(
            f"{days} planned, and sessions stay within 4 h for the long one, "
            "2.5 h for the others and 1.5 h for cross-training"
        )
    elif fit.limited_by == "cap" and ctx.starting:
        longest = starting_longest(ctx)
        reasons.append(f"a first week's sessions last at most {longest} minutes each, besides strength work")
    elif fit.limited_by == "cap":
        reasons.append("no session may last over 110 % of the longest session of its kind in the last 30 days")
    return "; ".join(reasons) or "the rules above leave no room for more"


def _reduced_what(ctx: RuleContext) -> str:
    if ctx.kind is WeekKind.TAPER:
        return "this is the goal's week, the end of the taper" if ctx.final_week else "this is a taper week"
    return f"week {ctx.week_index} is a deload week"


def _main_sport_wish(env: _Env, week: Week) -> list[str]:
    sport = env.inp.sport
    if any(s.modality in disciplines(sport) for s in week.sessions()) or env.main_cap is None:
        return []
    need = min_session_minutes(sport, _EASY, 0)
    if need <= env.main_cap:
        return []
    noun = _SPORT_NOUN[sport]
    longest = longest_recent(env.ctx, sport) or 0
    return [
        f"No {noun} this week: a {noun} with its warm-up, cool-down and stretching takes at least {need} min, "
        f"over 110 % of the longest {noun} in the last 30 days ({longest:.0f} min, so at most {env.main_cap} min). "
        "A coach may override the cap with a reason."
    ]
