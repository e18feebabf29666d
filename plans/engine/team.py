"""Team-sport weeks (docs/domain.md section 11): the team's practices and matches stay exactly where the team put
them; the plan adds the FIFA 11+ warm-up before them and the cool-down and stretching after, places the
in-season Nordic work, and adds the recovery cross-training day, keeping every rule it can.

What the team's events make impossible (a practice every day leaves no rest day), the week says in its
unmet wishes with the rule's own sentence, so nothing breaks silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .blocks import (
    PLANNED_RPE,
    Library,
    Role,
    cooldown_block,
    event_main_block,
    fifa11_block,
    main_block,
    min_session_minutes,
    strength_block,
    strength_minutes,
    stretching_block,
    warmup_block,
)
from .constants import (
    CROSS_PREFERENCE,
    EVENT_RPE,
    IMBALANCE_SINGLE_LEG_BLOCKS,
    PRACTICE_RPE,
    TEAM_RECOVERY_MINUTES,
)
from .limits import DayLimits, NordicDose, day_limits, nordic_dose, progression_cap, session_minutes_cap, sessions_range
from .matchdays import before_match, is_md_minus_1, is_md_plus_1
from .rules import check_week, fixed_load, reduced_cap_with_events
from .types import (
    AthleteInput,
    Block,
    Day,
    DayKind,
    EventKind,
    Exercise,
    FixedEvent,
    Intensity,
    Modality,
    RuleContext,
    Session,
    Week,
    WeekKind,
)


def generate_team_week(inp: AthleteInput, lib: Library) -> Week:
    """The week around the team's fixed events; deterministic."""
    ctx = RuleContext.from_input(inp)
    limits = day_limits(inp.level, inp.age_years)
    dose = nordic_dose(inp.nordic_week, inp.sport, reduced=ctx.is_reduced_week)
    events = _by_date(inp.fixed_events)
    cross_date = _cross_day(inp, limits, events)
    session_dates = set(events) | ({cross_date} if cross_date else set())
    nordic_dates = _nordic_dates(inp, events, session_dates, dose)
    single_leg_dates = _single_leg_dates(inp, events, session_dates)
    days = []
    for offset in range(7):
        date = inp.week_start + dt.timedelta(days=offset)
        strength = (date in nordic_dates, date in single_leg_dates)
        if date in events:
            sessions = _event_sessions(lib, inp, dose, events[date], *strength)
            days.append(Day(date, DayKind.TRAINING, sessions))
        elif date == cross_date:
            days.append(Day(date, DayKind.CROSS_TRAINING, ()))  # sized below, once the events' load is known
        else:
            days.append(Day(date, DayKind.REST))
    week = Week(inp.week_start, tuple(days))
    if cross_date is not None:
        strength = _strength_of(cross_date, nordic_dates, single_leg_dates)
        week = _with_cross_session(lib, inp, ctx, dose, week, cross_date, *strength)
    return Week(week.week_start, week.days, _wishes(week, ctx, limits, events, cross_date))


def _strength_of(date: dt.date, nordic: set[dt.date], single_leg: set[dt.date]) -> tuple[bool, bool]:
    return date in nordic, date in single_leg


def _by_date(events: Iterable[FixedEvent]) -> dict[dt.date, list[FixedEvent]]:
    out: dict[dt.date, list[FixedEvent]] = {}
    for event in events:
        out.setdefault(event.date, []).append(event)
    return out


# --- the recovery cross-training day


def _runs_ok(training: set[int], limits: DayLimits, trailing: int) -> bool:
    """Days in a row within the limit, the run into Monday counting last week's streak."""
    run = longest = 0
    for weekday in range(7):
        run = run + 1 if weekday in training else 0
        longest = max(longest, run)
    leading = next((d for d in range(7) if d not in training), 7)
    return longest <= limits.max_consecutive and (leading == 0 or leading + trailing <= limits.max_consecutive)


def _cross_day(inp: AthleteInput, limits: DayLimits, events: dict[dt.date, list[FixedEvent]]) -> dt.date | None:
    """The free day for the week's cross-training (docs/domain.md section 1): MD+1 first (the recovery day of the
    match-day scheme), MD-1 last; only where the rest-day, days-in-a-row and sessions-a-week limits still hold."""
    matches = inp.match_dates
    fixed = {d.weekday() for d in events}
    sessions = sum(len(v) for v in events.values())
    if sessions + 1 > sessions_range(inp.level)[1]:
        return None
    free = [inp.week_start + dt.timedelta(days=d) for d in sorted(inp.available_weekdays) if d not in fixed]
    fits = [
        date
        for date in free
        if len(fixed) + 1 <= limits.max_training_days
        and _runs_ok(fixed | {date.weekday()}, limits, inp.trailing_training_days)
    ]
    return min(
        fits,
        key=lambda d: (not is_md_plus_1(d, matches), is_md_minus_1(d, matches), d),
        default=None,
    )


def _cross_modality(ctx: RuleContext, strength: int) -> tuple[Modality, int] | None:
    """The preferred modality whose long-session cap holds the recovery session, and its minutes."""
    for modality in CROSS_PREFERENCE[ctx.sport]:
        least = min_session_minutes(modality, Intensity.EASY, strength)
        cap = session_minutes_cap(ctx, modality)
        most = TEAM_RECOVERY_MINUTES + strength if cap is None else min(TEAM_RECOVERY_MINUTES, cap) + strength
        if least <= most:
            return modality, most
    return None


def _with_cross_session(
    lib: Library,
    inp: AthleteInput,
    ctx: RuleContext,
    dose: NordicDose,
    week: Week,
    date: dt.date,
    nordic: bool,
    single_leg: bool,
) -> Week:
    strength = strength_minutes(dose if nordic else None, single_leg)
    found = _cross_modality(ctx, strength)
    if found is None:
        return _rest_on(week, date)
    modality, minutes = found
    least = min_session_minutes(modality, Intensity.EASY, strength)
    budget = _load_budget(ctx, week)
    if ctx.is_reduced_week:
        minutes = least  # a deload or taper eases what the plan adds: the recovery session at its shortest
    elif budget is not None:
        # as long as the load target allows, never shorter than a session can be
        minutes = max(least, min(minutes, int(budget // PLANNED_RPE[Intensity.EASY])))
    variant = inp.week_index + date.weekday()
    warmup = warmup_block(lib, modality, Intensity.EASY, variant)
    cooldown, stretching = cooldown_block(lib, modality), stretching_block(lib, modality, variant)
    main_minutes = minutes - warmup.minutes - strength - cooldown.minutes - stretching.minutes
    main = main_block(lib, modality, Role.CROSS, Intensity.EASY, main_minutes, variant)
    blocks: list[Block] = [warmup, main]
    if nordic or single_leg:
        blocks.append(_strength(lib, inp, dose, nordic, single_leg, variant))
    blocks += [cooldown, stretching]
    title = main.exercises[0].name if main.exercises else str(modality)
    session = Session(title, modality, Intensity.EASY, PLANNED_RPE[Intensity.EASY], tuple(blocks))
    days = tuple(Day(d.date, d.kind, (session,)) if d.date == date else d for d in week.days)
    return Week(week.week_start, days)


def _rest_on(week: Week, date: dt.date) -> Week:
    return Week(week.week_start, tuple(Day(d.date, DayKind.REST) if d.date == date else d for d in week.days))


def _load_budget(ctx: RuleContext, week: Week) -> float | None:
    """What the plan's own sessions may add to the team's events under this week's load cap."""
    fixed = fixed_load(week)
    cap = reduced_cap_with_events(ctx, fixed) if ctx.is_reduced_week else progression_cap(ctx)
    return None if cap is None else cap - fixed


# --- strength work


def _nordic_dates(
    inp: AthleteInput, events: dict[dt.date, list[FixedEvent]], session_dates: set[dt.date], dose: NordicDose
) -> set[dt.date]:
    """In-season Nordic work once or twice a week (docs/domain.md section 11): after a practice first, never on a
    match day, MD+1 or within 48 hours before a match, nor the day before a hard session; spread apart."""
    matches = inp.match_dates
    hard = {d for d, evs in events.items() if any(_event_intensity(e) is Intensity.HARD for e in evs)}
    allowed = [
        d
        for d in sorted(session_dates)
        if d not in matches
        and not before_match(d, matches)
        and not is_md_plus_1(d, matches)
        and d + dt.timedelta(days=1) not in hard
    ]
    allowed.sort(key=lambda d: (d not in events, d))
    chosen: list[dt.date] = []
    for spread in (True, False):
        for date in allowed:
            apart = not spread or all(abs((date - c).days) > 1 for c in chosen)
            if len(chosen) < dose.sessions and date not in chosen and apart:
                chosen.append(date)
    return set(chosen)


def _single_leg_dates(
    inp: AthleteInput, events: dict[dt.date, list[FixedEvent]], session_dates: set[dt.date]
) -> set[dt.date]:
    """Two single-leg blocks when an imbalance is flagged: never on MD-1, away from matches where possible."""
    if not inp.imbalance:
        return set()
    matches = inp.match_dates

    def order(date: dt.date) -> tuple[bool, bool, dt.date]:
        return (date in matches, is_md_plus_1(date, matches), date)

    allowed = [d for d in session_dates if not is_md_minus_1(d, matches)]  # MD-1 stays light
    return set(sorted(allowed, key=order)[: min(IMBALANCE_SINGLE_LEG_BLOCKS, len(allowed))])


def _strength(lib: Library, inp: AthleteInput, dose: NordicDose, nordic: bool, single_leg: bool, variant: int) -> Block:
    return strength_block(lib, dose if nordic else None, single_leg, inp.level, inp.nordic_week or 1, variant)


# --- the team's own events


def _event_intensity(event: FixedEvent) -> Intensity:
    # a match counts as a hard session whatever was entered (docs/domain.md section 11)
    return Intensity.HARD if event.kind is EventKind.MATCH else event.intensity


def _event_sessions(
    lib: Library, inp: AthleteInput, dose: NordicDose, events: list[FixedEvent], nordic: bool, single_leg: bool
) -> tuple[Session, ...]:
    sessions = []
    for index, event in enumerate(events):
        # the day's strength work follows its first practice (or its only event)
        strong = index == 0
        sessions.append(_event_session(lib, inp, dose, event, nordic and strong, single_leg and strong))
    return tuple(sessions)


def _event_session(
    lib: Library, inp: AthleteInput, dose: NordicDose, event: FixedEvent, nordic: bool, single_leg: bool
) -> Session:
    variant = inp.week_index + event.date.weekday()
    strength = _strength(lib, inp, dose, nordic, single_leg, variant) if nordic or single_leg else None
    return _session_for(lib, inp.sport, event, strength, inp.week_index)


def event_session(catalogue: Iterable[Exercise], sport: Modality, event: FixedEvent, week_index: int = 1) -> Session:
    """A fixed event as a session on its own (a fixture entered after its week was planned): FIFA 11+ before
    it, cool-down and stretching after, no strength work."""
    return _session_for(Library.build(catalogue), sport, event, None, week_index)


def _session_for(lib: Library, sport: Modality, event: FixedEvent, strength: Block | None, week_index: int) -> Session:
    match = event.kind is EventKind.MATCH
    intensity = _event_intensity(event)
    rpe = EVENT_RPE.get((event.kind, intensity)) or (
        PRACTICE_RPE if intensity is Intensity.MODERATE else PLANNED_RPE[intensity]
    )
    variant = week_index + event.date.weekday()
    warmup = fifa11_block(lib, sport, match=match)
    blocks: list[Block] = [warmup, event_main_block(lib, match, event.minutes, event.title)]
    if strength is not None:
        blocks.append(strength)
    blocks += [cooldown_block(lib, sport), stretching_block(lib, sport, variant)]
    title = event.title or ("Match" if match else "Team practice")
    return Session(title, sport, intensity, rpe, tuple(blocks), event=event.kind, start_time=event.start_time)


# --- what the week could not hold


def _wishes(
    week: Week,
    ctx: RuleContext,
    limits: DayLimits,
    events: dict[dt.date, list[FixedEvent]],
    cross_date: dt.date | None,
) -> tuple[str, ...]:
    out = []
    if not events:
        out.append(
            "No team practice or match is entered for this week, so it holds only the cross-training day; enter the "
            "team's practices and matches in the team schedule and plan the week again."
        )
    if ctx.is_reduced_week and events:
        out.append(
            f"This is {'a taper' if ctx.kind is WeekKind.TAPER else 'a deload'} week, but the team's practices and "
            "matches stay as the team plans them: the plan eases what it adds (one Nordic session, a short recovery "
            "session). Ask the team's coach whether practices can be lighter this week."
        )
    if cross_date is None:
        out.append(
            f"The team's practices and matches take {len(events)} days of the week, so no free day can hold the "
            "recovery cross-training session while keeping "
            f"{limits.min_rest_days} rest day{'s' if limits.min_rest_days > 1 else ''}, "
            f"{limits.max_consecutive} days in a row at most and {sessions_range(ctx.level)[1]} sessions a week "
            f"for {ctx.level} athletes{' under 18' if limits.youth else ''}."
        )
    # every rule the team's events make the week break, in the rule's own words
    out += [v.message for v in check_week(week, ctx)]
    return tuple(dict.fromkeys(out))
