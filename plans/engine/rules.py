"""The plan rules (docs/domain.md section 1). Each rule is `(week, ctx) -> list[Violation]`, named by its code.

The same rules check generated weeks and coach edits, so they read only the week and the RuleContext.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .constants import (
    COOLDOWN_MIN_MINUTES,
    CROSS_TRAINING_INTENSITIES,
    IMBALANCE_SINGLE_LEG_BLOCKS,
    LONG_SESSION_SHARE_MIN_SESSIONS,
    MASTERS_AGE,
    MAX_CONSECUTIVE_TRAINING_DAYS,
    MAX_HARD_DAYS_IN_A_ROW,
    MAX_HARD_SESSIONS,
    MD_MINUS_1_MAX_MINUTES,
    MIN_CROSS_TRAINING_DAYS,
    MIN_MAIN_BLOCK_MINUTES,
    MIN_REST_DAYS,
    MODALITY_TWIN,
    NORDIC_SLUGS,
    NOVICE_FIRST_WEEKS,
    OLDER_AGE,
    RESTART_FLOOR_LOAD,
    RPE_BANDS,
    SINGLE_LEG_SLUGS,
    START_WEEKLY_MINUTES,
    STRETCH_AFTER_RUN_AND_CYCLING,
    STRETCH_ALWAYS,
    STRETCH_FULL_MODALITIES,
    WARMUP_MIN_MINUTES,
    WARMUP_MIN_MINUTES_HARD,
    YOUTH_AGE,
    YOUTH_MAX_CONSECUTIVE_DAYS,
    YOUTH_MAX_TRAINING_DAYS,
    YOUTH_MIN_REST_DAYS,
)
from .limits import (
    age_hard_sessions,
    baseline_load,
    full_week_load,
    hard_gap_days,
    level_hard_sessions,
    load_hard_limit,
    longest_recent,
    nordic_dose,
    progression_cap,
    reduced_cap,
    reduced_share,
    session_minutes_cap,
    sessions_range,
    share_cap,
)
from .matchdays import before_match, between_congested, is_md_minus_1, is_md_plus_1
from .types import (
    BlockKind,
    Category,
    Day,
    DayKind,
    EventKind,
    Intensity,
    Level,
    Modality,
    RuleContext,
    Session,
    Violation,
    Week,
    WeekKind,
    disciplines,
)

Rule = Callable[[Week, RuleContext], list[Violation]]

# Members every check compares with, bound once: on CPython 3.11 each `BlockKind.MAIN` goes through EnumType's
# __getattr__ hook, several times the cost of a module global (the rules run on every week generated or edited).
_REST, _CROSS_TRAINING = DayKind.REST, DayKind.CROSS_TRAINING
_MAIN, _STRENGTH, _WARMUP = BlockKind.MAIN, BlockKind.STRENGTH, BlockKind.WARMUP
_COOLDOWN, _STRETCHING = BlockKind.COOLDOWN, BlockKind.STRETCHING
_HARD, _EASY, _MATCH = Intensity.HARD, Intensity.EASY, EventKind.MATCH

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@lru_cache(maxsize=4096)  # a check names each day several times, and a week's dates come back in every check
def day_label(date: dt.date) -> str:
    """'Monday 30 Nov', independent of the process locale."""
    return f"{_WEEKDAYS[date.weekday()]} {date.day} {_MONTHS[date.month - 1]}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _session_label(date: dt.date, session: Session) -> str:
    return f"'{session.title}' on {day_label(date)}"


def _session_subject(date: dt.date, session: Session) -> str:
    # what an override of a per-session breach names: the day and the kind of session, not its title
    return f"{date.isoformat()} {session.modality}"


def _is_training(day: Day) -> bool:
    # cross-training counts as training (docs/domain.md section 1, max_consecutive_training_days)
    return day.kind is not _REST or bool(day.sessions)


def _rest_days(week: Week) -> int:
    return sum(1 for day in week.days if not _is_training(day))


def _longest_run(week: Week, *, skip_leading: bool = False) -> int:
    """The most training days in a row inside the week; `skip_leading` leaves out the run from Monday
    (reported with last week's streak already)."""
    days = week.days[_leading_run(week) :] if skip_leading else week.days
    longest = run = 0
    for day in days:
        run = run + 1 if _is_training(day) else 0
        longest = max(longest, run)
    return longest


def _leading_run(week: Week) -> int:
    """Training days in a row from the week's Monday (0 when Monday is a rest day)."""
    run = 0
    for offset, day in enumerate(week.days):
        if day.date != week.week_start + dt.timedelta(days=offset) or not _is_training(day):
            break
        run += 1
    return run


def _streak_into_week(week: Week, ctx: RuleContext) -> tuple[int, str] | None:
    """The run of training days that last week's trailing streak carries into Monday, with a sentence part
    naming its days; None when no streak runs across the week boundary."""
    trailing = ctx.trailing_training_days
    leading = _leading_run(week) if trailing else 0
    if not leading:
        return None
    first = week.week_start
    last = first + dt.timedelta(days=leading - 1)
    span = day_label(first) if leading == 1 else f"{day_label(first)} to {day_label(last)}"
    verb = "makes" if leading == 1 else "make"
    total = trailing + leading
    # 7 stands for a week or more: the streak is at least that long
    days = f"{total} or more days" if trailing >= 7 else f"{total} days"
    return total, f"{span} {verb} {days} in a row counting {trailing_phrase(ctx, first)}"


def last_sunday_label(week_start: dt.date) -> str:
    """'last Sunday, 29 Nov': the day before the week, last week's final day."""
    sunday = week_start - dt.timedelta(days=1)
    return f"last Sunday, {sunday.day} {_MONTHS[sunday.month - 1]}"


def trailing_phrase(ctx: RuleContext, week_start: dt.date) -> str:
    """'the 3 that ended last Sunday, 29 Nov' (or 'last Sunday, 29 Nov' for a streak of one)."""
    when = last_sunday_label(week_start)
    trailing = ctx.trailing_training_days
    if trailing >= 7:
        return f"the week or more of training that ended {when}"
    return when if trailing == 1 else f"the {trailing} that ended {when}"


def _days_by_date(week: Week) -> dict[dt.date, Day]:
    return {day.date: day for day in week.days}


def _hard_next_day(days: dict[dt.date, Day], date: dt.date) -> bool:
    following = days.get(date + dt.timedelta(days=1))
    return following is not None and following.has_hard_session


# --- structure: not overridable, a malformed week is bad input rather than a coaching choice


def week_shape(week: Week, ctx: RuleContext) -> list[Violation]:
    problems = []
    if week.week_start.weekday() != 0:
        problems.append(
            f"A week starts on a Monday; {week.week_start.isoformat()} is a {_WEEKDAYS[week.week_start.weekday()]}."
        )
    expected = [week.week_start + dt.timedelta(days=i) for i in range(7)]
    if [day.date for day in week.days] != expected:
        problems.append("A week holds exactly 7 consecutive days, Monday to Sunday.")
    for date, session in week.dated_sessions():
        if not session.blocks or any(block.minutes <= 0 for block in session.blocks):
            problems.append(f"{_session_label(date, session)} needs blocks of at least 1 minute each.")
    return [Violation("week_shape", text, overridable=False) for text in problems]


def day_kind(week: Week, ctx: RuleContext) -> list[Violation]:
    problems = []
    for day in week.days:
        label = day_label(day.date)
        if day.kind is _REST and day.sessions:
            problems.append(
                f"{label} is a rest day but holds {_plural(len(day.sessions), 'session')}; a rest day has none."
            )
        elif day.kind is not _REST and not day.sessions:
            problems.append(f"{label} is a {day.kind.replace('_', '-')} day without a session; make it a rest day.")
        if day.kind is _CROSS_TRAINING:
            problems.extend(_cross_day_problems(day))
    return [Violation("day_kind", text, overridable=False) for text in problems]


def _cross_day_problems(day: Day) -> Iterable[str]:
    # docs/domain.md section 1, "Cross-training modalities": low-impact, easy or moderate
    for session in day.sessions:
        if not session.modality.is_cross_training:
            yield (
                f"{_session_label(day.date, session)} is {session.modality}, not a cross-training modality "
                "(cycling, swimming, aqua jogging, elliptical, rowing, yoga)."
            )
        elif session.intensity not in CROSS_TRAINING_INTENSITIES:
            yield f"{_session_label(day.date, session)} is hard; cross-training stays easy or moderate."


def session_intensity(week: Week, ctx: RuleContext) -> list[Violation]:
    # docs/domain.md section 1, intensity by session RPE: easy 2-4, moderate 5-6, hard 7-9
    out = []
    for date, session in week.dated_sessions():
        low, high = RPE_BANDS[session.intensity]
        if not low <= session.planned_rpe <= high:
            out.append(
                Violation(
                    "session_intensity",
                    f"{_session_label(date, session)} is marked {session.intensity} but planned at RPE "
                    f"{session.planned_rpe}; {session.intensity} means RPE {low}-{high}.",
                    overridable=False,
                )
            )
    return out


# --- docs/domain.md section 1, the rules table


def min_rest_days(week: Week, ctx: RuleContext) -> list[Violation]:
    need, rest = MIN_REST_DAYS[ctx.level], _rest_days(week)
    if rest >= need:
        return []
    return [
        Violation(
            "min_rest_days",
            f"{ctx.level.capitalize()} athletes need at least {_plural(need, 'full rest day')} a week; "
            f"this week has {rest}.",
            figure=rest,
            figure_text=_plural(rest, "rest day"),
            worse_when="lower",
        )
    ]


def max_consecutive_training_days(week: Week, ctx: RuleContext) -> list[Violation]:
    limit = MAX_CONSECUTIVE_TRAINING_DAYS[ctx.level]
    rule = f"{ctx.level.capitalize()} athletes train at most {_plural(limit, 'day')} in a row, cross-training included"
    out = []
    carried = _streak_into_week(week, ctx)
    if carried is not None and carried[0] > limit:
        out.append(_run_violation("max_consecutive_training_days", f"{rule}; {carried[1]}.", carried[0], "across"))
    if (run := _longest_run(week, skip_leading=bool(out))) > limit:
        out.append(_run_violation("max_consecutive_training_days", f"{rule}; this week has {run} in a row.", run))
    return out


def _run_violation(rule: str, message: str, days: int, subject: str = "") -> Violation:
    return Violation(rule, message, subject=subject, figure=days, figure_text=f"{_plural(days, 'day')} in a row")


def _counts_as_cross_training(session: Session, sport: Modality) -> bool:
    # the mission: a low-impact modality other than the main sport (cycling is not cross-training for a cyclist)
    # (nor swimming and cycling for a triathlete: docs/domain.md section 11)
    return session.modality.is_cross_training and MODALITY_TWIN.get(session.modality) not in disciplines(sport)


def cross_training_day(week: Week, ctx: RuleContext) -> list[Violation]:
    days = sum(
        1
        for day in week.days
        if day.kind is _CROSS_TRAINING and any(_counts_as_cross_training(s, ctx.sport) for s in day.sessions)
    )
    if days >= MIN_CROSS_TRAINING_DAYS:
        return []
    return [
        Violation(
            "cross_training_day",
            f"Every week needs at least {_plural(MIN_CROSS_TRAINING_DAYS, 'cross-training day')} (cycling, "
            f"swimming, aqua jogging, elliptical, rowing or yoga, other than the main sport, {ctx.sport}); "
            "this week has none.",
            figure=days,
            figure_text="no cross-training day",
            worse_when="lower",
        )
    ]


def hard_easy(week: Week, ctx: RuleContext) -> list[Violation]:
    out = []
    # last week's Sunday counts: a hard Sunday makes a hard Monday the second hard day in a row
    sunday = week.week_start - dt.timedelta(days=1)
    run, previous = (1, sunday) if ctx.previous_day_hard else (0, None)
    for day in sorted(week.days, key=lambda d: d.date):
        follows = previous is not None and day.date - previous == dt.timedelta(days=1)
        run = (run + 1 if follows else 1) if day.has_hard_session else 0
        previous = day.date
        if run > MAX_HARD_DAYS_IN_A_ROW:
            before = day.date - dt.timedelta(days=1)
            first = "L" + last_sunday_label(week.week_start)[1:] + "," if before == sunday else day_label(before)
            out.append(
                Violation(
                    "hard_easy",
                    f"{first} and {day_label(day.date)} are both hard days; keep an easier day between hard "
                    "days (about 48 hours).",
                    subject=day.date.isoformat(),
                )
            )
    hard = _hard_sessions(week)
    limit = level_hard_sessions(ctx)
    if hard > limit:
        when = f" in their first {NOVICE_FIRST_WEEKS} planned weeks" if limit < MAX_HARD_SESSIONS[ctx.level] else ""
        out.append(_too_many_hard("hard_easy", f"{ctx.level.capitalize()} athletes", limit, hard, when))
    return out


def _too_many_hard(rule: str, who: str, limit: int, hard: int, when: str = "") -> Violation:
    """The hard-session count of a level or an age rule, with the count as the figure an override accepts."""
    return Violation(
        rule,
        f"{who} have at most {_plural(limit, 'hard session')} a week{when}; this week has {hard}.",
        subject="count",
        figure=hard,
        figure_text=_plural(hard, "hard session"),
    )


def _hard_sessions(week: Week) -> int:
    return sum(1 for s in week.sessions() if s.intensity is _HARD)


def _hard_dates(week: Week) -> list[dt.date]:
    return sorted(day.date for day in week.days if day.has_hard_session)


def masters_recovery(week: Week, ctx: RuleContext) -> list[Violation]:
    """docs/domain.md section 1, "Age": from 50, at least 72 h between hard sessions and at most 2 a week (from 65,
    older_adults asks for fewer)."""
    if ctx.age_years < MASTERS_AGE:
        return []
    out = []
    gap = hard_gap_days(ctx.age_years)
    hard_gap = ctx.since_last_hard
    previous = None if hard_gap is None else week.week_start - dt.timedelta(days=hard_gap)
    for date in _hard_dates(week):
        # back-to-back hard days are hard_easy's to report; 48 h is still under the masters' 72 h
        if previous is not None and 1 < (date - previous).days < gap:
            before = "last week's hard session" if previous < week.week_start else day_label(previous)
            out.append(
                Violation(
                    "masters_recovery",
                    f"Athletes aged {MASTERS_AGE} and over need at least 72 hours between hard sessions; "
                    f"{day_label(date)} comes {(date - previous).days * 24} hours after {before}.",
                    subject=date.isoformat(),
                )
            )
        previous = date
    limit, hard = age_hard_sessions(ctx), _hard_sessions(week)
    if limit is not None and ctx.age_years < OLDER_AGE and hard > limit:
        out.append(_too_many_hard("masters_recovery", f"Athletes aged {MASTERS_AGE} and over", limit, hard))
    return out


def older_adults(week: Week, ctx: RuleContext) -> list[Violation]:
    """docs/domain.md section 1, "Age": from 65, at most 1 hard session a week unless advanced, and one strength or
    balance block a week (ACSM, Chodzko-Zajko et al. 2009)."""
    if ctx.age_years < OLDER_AGE:
        return []
    out = []
    limit, hard = age_hard_sessions(ctx), _hard_sessions(week)
    if limit is not None and hard > limit:
        who = " who are not advanced" if ctx.level is not Level.ADVANCED else ""
        out.append(_too_many_hard("older_adults", f"Athletes aged {OLDER_AGE} and over{who}", limit, hard))
    strength = sum(1 for s in week.sessions() for b in s.blocks if b.kind is _STRENGTH)
    if any(True for _ in week.sessions()) and not strength:
        out.append(
            Violation(
                "older_adults",
                f"Athletes aged {OLDER_AGE} and over keep one strength or balance block a week; this week has none.",
                subject="strength",
                figure=0,
                figure_text="no strength block",
                worse_when="lower",
            )
        )
    return out


def sessions_per_week(week: Week, ctx: RuleContext) -> list[Violation]:
    # docs/domain.md section 1, "Level shapes the week": novice 3-4, intermediate 4-5, advanced 5-6 sessions
    _, most = sessions_range(ctx.level)
    count = sum(1 for _ in week.sessions())
    if count <= most:
        return []
    return [
        Violation(
            "sessions_per_week",
            f"{ctx.level.capitalize()} athletes train at most {_plural(most, 'session')} a week; this week has "
            f"{count}.",
            figure=count,
            figure_text=_plural(count, "session"),
        )
    ]


def long_session_share(week: Week, ctx: RuleContext) -> list[Violation]:
    # docs/domain.md section 1: the long session is at most 30 % of the week's minutes (40 % with three sessions)
    sessions = list(week.dated_sessions())
    share = share_cap(len(sessions))
    total = sum(s.planned_minutes for _, s in sessions)
    if share is None or len(sessions) < LONG_SESSION_SHARE_MIN_SESSIONS or not total:
        return []
    date, longest = max(sessions, key=lambda pair: pair[1].planned_minutes)
    actual = longest.planned_minutes / total
    if actual <= share + 1e-9 or longest.fixed:
        return []  # a match or practice lasts what the team decides (docs/domain.md section 11)
    return [
        Violation(
            "long_session_share",
            f"{_session_label(date, longest)} is {round(actual * 100)} % of the week's {total} minutes; with "
            f"{len(sessions)} sessions one session takes at most {round(share * 100)} %.",
            figure=round(actual * 100, 1),
            figure_text=f"{round(actual * 100)} % of the week in one session",
        )
    ]


def session_length(week: Week, ctx: RuleContext) -> list[Violation]:
    # docs/domain.md section 1, "Session length": a main block of at least 15 minutes
    out = []
    for date, session in week.dated_sessions():
        main = sum(b.minutes for b in session.blocks if b.kind is _MAIN)
        if main >= MIN_MAIN_BLOCK_MINUTES:
            continue
        out.append(
            Violation(
                "session_length",
                f"{_session_label(date, session)} has a main block of {main} min; a session's main block is at "
                f"least {MIN_MAIN_BLOCK_MINUTES} minutes (lengthen it, or leave the day easy or free).",
                subject=_session_subject(date, session),
                figure=main,
                figure_text=f"a {main}-minute main block",
                worse_when="lower",
            )
        )
    return out


def starting_volume(week: Week, ctx: RuleContext) -> list[Violation]:
    # docs/domain.md section 1, "Starting without history": the week starts at the level's weekly minutes
    if not ctx.starting:
        return []
    # a team's practices and matches are what the athlete does already (docs/domain.md section 11): the starting
    # figures bound the sessions the plan adds
    own = [s for s in week.sessions() if not s.fixed]
    limit, minutes = START_WEEKLY_MINUTES[ctx.level], sum(s.planned_minutes for s in own)
    if minutes <= limit:
        return []
    besides = " besides the team's practices and matches" if len(own) < sum(1 for _ in week.sessions()) else ""
    return [
        Violation(
            "starting_volume",
            f"Nothing was trained or planned in the last 4 weeks, so {ctx.level} athletes start with at most "
            f"{limit} minutes a week; this week plans {minutes}{besides}.",
            figure=minutes,
            figure_text=f"{minutes} minutes",
        )
    ]


def baseline_phrase(ctx: RuleContext) -> str:
    """Which week the baseline is: last week's, or the last full week's when that was larger (after a deload)."""
    base = baseline_load(ctx) or 0.0
    if (ctx.last_full_week_load or 0.0) > (ctx.previous_week_load or 0.0):
        return f"the last full week's {base:,.0f} AU"
    return f"last week's {base:,.0f} AU"


def load_progression(week: Week, ctx: RuleContext) -> list[Violation]:
    # docs/domain.md section 1: +10 % over the baseline overridable with a reason, over +30 % never
    base = baseline_load(ctx)
    cap, hard_limit = progression_cap(ctx), load_hard_limit(ctx)
    if base is None or cap is None or hard_limit is None:
        return []
    load = week.load
    if load <= cap + 1e-9:
        return []
    growth = f"{load:,} AU of load, {round((load / base - 1) * 100)} % over {baseline_phrase(ctx)}"
    fixed = fixed_load(week)
    if fixed:
        growth += f", {fixed:,} AU of it in the team's practices and matches"
    # the team's events are not the coach's to cut: past +30 % the week is refused only when the plan's own
    # sessions add more than a light recovery week's load (the restart floor) on top of them
    if load > max(hard_limit, fixed + RESTART_FLOOR_LOAD) + 1e-9:
        return [
            Violation(
                "load_progression",
                f"This week plans {growth}; more than +30 % ({hard_limit:,.0f} AU) is never allowed, "
                "even with an override.",
                overridable=False,
                figure=load,
                figure_text=f"{load:,} AU",
            )
        ]
    return [
        Violation(
            "load_progression",
            f"This week plans {growth}; the limit is +10 % ({cap:,.0f} AU) unless the coach gives a reason.",
            figure=load,
            figure_text=f"{load:,} AU",
        )
    ]


def long_session_cap(week: Week, ctx: RuleContext) -> list[Violation]:
    # docs/domain.md section 1 (Frandsen et al. 2025): the session's own work against the longest of its kind; its
    # strength block (Nordic or single-leg work, prescribed by the week) is not part of that figure
    out = []
    for date, session in week.dated_sessions():
        if session.fixed:
            continue  # the team's practices and matches last what the team decides (docs/domain.md section 11)
        cap = session_minutes_cap(ctx, session.modality)
        strength = sum(b.minutes for b in session.blocks if b.kind is _STRENGTH)
        minutes = session.planned_minutes - strength
        if cap is None or minutes <= cap:
            continue
        longest = longest_recent(ctx, session.modality)
        if longest is None:  # no history at all: the level's starting figure
            why = f"and nothing was trained or planned in the last 4 weeks, so {ctx.level} athletes start at {cap} min"
        else:
            why = (
                f"over 110 % of the longest {session.modality} session in the last 30 days ({longest:.0f} min, "
                f"so at most {cap} min)"
            )
        besides = f" besides its {strength} min of strength work" if strength else ""
        out.append(
            Violation(
                "long_session_cap",
                f"{_session_label(date, session)} lasts {minutes} min{besides}, {why}.",
                subject=_session_subject(date, session),
                figure=minutes,
                figure_text=f"{minutes} min",
            )
        )
    return out


def youth_limits(week: Week, ctx: RuleContext) -> list[Violation]:
    # docs/domain.md section 1, "Youth" (American Academy of Pediatrics)
    if ctx.age_years >= YOUTH_AGE:
        return []
    # never overridable (docs/domain.md section 1): they protect growing athletes whatever the coach's reason
    problems: list[tuple[str, str, int, str]] = []
    rest, training = _rest_days(week), 7 - _rest_days(week)
    if rest < YOUTH_MIN_REST_DAYS:
        text = f"at least {YOUTH_MIN_REST_DAYS} full rest days a week (this week has {rest})"
        problems.append((text, "rest", rest, "lower"))
    if training > YOUTH_MAX_TRAINING_DAYS:
        text = f"at most {YOUTH_MAX_TRAINING_DAYS} training days a week (this week has {training})"
        problems.append((text, "training", training, "higher"))
    carried = _streak_into_week(week, ctx)
    across = carried is not None and carried[0] > YOUTH_MAX_CONSECUTIVE_DAYS
    if carried is not None and across:
        text = f"at most {YOUTH_MAX_CONSECUTIVE_DAYS} training days in a row ({carried[1]})"
        problems.append((text, "across", carried[0], "higher"))
    if (run := _longest_run(week, skip_leading=across)) > YOUTH_MAX_CONSECUTIVE_DAYS:
        text = f"at most {YOUTH_MAX_CONSECUTIVE_DAYS} training days in a row (this week has {run})"
        problems.append((text, "run", run, "higher"))
    return [
        Violation(
            "youth_limits",
            f"Athletes under 18 need {text}. This limit cannot be overridden.",
            overridable=False,
            subject=subject,
            figure=figure,
            worse_when=worse,
        )
        for text, subject, figure, worse in problems
    ]


def deload_week(week: Week, ctx: RuleContext) -> list[Violation]:
    # docs/domain.md section 1: a deload week holds at most 60 % of the last full week's load (taper_week speaks
    # for taper weeks)
    return _reduced_week(week, ctx) if ctx.kind is WeekKind.DELOAD else []


def taper_week(week: Week, ctx: RuleContext) -> list[Violation]:
    # docs/domain.md section 1, "Blocks": a taper cuts volume 40-60 % and keeps intensity (Bosquet 2007): 60 % of
    # the last full week, 45 % in the goal's week
    return _reduced_week(week, ctx) if ctx.kind is WeekKind.TAPER else []


def fixed_load(week: Week) -> int:
    """The load of the week's team practices and matches (docs/domain.md section 11)."""
    return sum(s.load for s in week.sessions() if s.fixed)


def reduced_cap_with_events(ctx: RuleContext, fixed: float) -> float | None:
    """A deload or taper week's cap when the team's events hold `fixed` of its load: the plan's own sessions
    take the cut (the share of what the last full week held besides the events, never under the restart
    floor), since the events are not the coach's to cut."""
    cap, share, full = reduced_cap(ctx), reduced_share(ctx), full_week_load(ctx)
    if cap is None or share is None or full is None or not fixed:
        return cap
    return max(cap, fixed + max(share * max(0.0, full - fixed), RESTART_FLOOR_LOAD))


def _reduced_week(week: Week, ctx: RuleContext) -> list[Violation]:
    fixed = fixed_load(week)
    cap, share, full = reduced_cap_with_events(ctx, fixed), reduced_share(ctx), full_week_load(ctx)
    if cap is None or share is None or full is None or week.load <= cap + 1e-9:
        return []
    if ctx.kind is WeekKind.TAPER:
        what = "the goal's week, the end of the taper" if ctx.final_week else "a taper week"
        rule = "taper_week"
    else:
        what, rule = f"week {ctx.week_index} of the block, a deload week", "deload_week"
    return [
        Violation(
            rule,
            f"This is {what}: its load is at most {round(share * 100)} % of the last full week's "
            f"({full:,.0f} AU)"
            + (f" besides the team's practices and matches ({fixed:,} AU)" if fixed else "")
            + f", so at most {cap:,.0f} AU; it plans {week.load:,} AU ({round(week.load / full * 100)} %).",
            figure=week.load,
            figure_text=f"{week.load:,} AU",
        )
    ]


_RAMP_PARTS = (
    ("raise (light aerobic work)", frozenset({Category.WARMUP_RAISE})),
    (
        "activate or mobilise (dynamic mobility, glute and hamstring activation)",
        frozenset({Category.WARMUP_ACTIVATE, Category.WARMUP_MOBILISE}),
    ),
    ("potentiate (strides, accelerations or sport-specific drills)", frozenset({Category.WARMUP_POTENTIATE})),
)


def warmup_first(week: Week, ctx: RuleContext) -> list[Violation]:
    # docs/domain.md section 1, "Warm-up": RAMP, >= 10 min, >= 15 min before a hard session
    out = []
    for date, session in week.dated_sessions():
        label, subject = _session_label(date, session), _session_subject(date, session)
        first = session.blocks[0] if session.blocks else None
        if first is None or first.kind is not _WARMUP:
            out.append(Violation("warmup_first", f"{label} does not start with a warm-up.", subject=subject))
            continue
        need = WARMUP_MIN_MINUTES_HARD if session.intensity is _HARD else WARMUP_MIN_MINUTES
        if first.minutes < need:
            kind = "a hard session" if session.intensity is _HARD else "a session"
            out.append(
                Violation(
                    "warmup_first",
                    f"{label} warms up for {first.minutes} min; {kind} needs at least {need}.",
                    subject=f"{subject} minutes",
                    figure=first.minutes,
                    figure_text=f"a {first.minutes}-minute warm-up",
                    worse_when="lower",
                )
            )
        present = {ex.category for ex in first.exercises}
        for part, categories in _RAMP_PARTS:
            if not present & categories:
                out.append(
                    Violation(
                        "warmup_first", f"{label}: the warm-up lacks its {part} part.", subject=f"{subject} {part}"
                    )
                )
    return out


def _required_stretches(modality: Modality) -> tuple[str, ...]:
    # docs/domain.md section 1: always hamstrings and calves; quads, hip flexors, glutes after running and cycling
    if modality in STRETCH_FULL_MODALITIES:
        return STRETCH_ALWAYS + STRETCH_AFTER_RUN_AND_CYCLING
    return STRETCH_ALWAYS


def stretching_last(week: Week, ctx: RuleContext) -> list[Violation]:
    # docs/domain.md section 1, "Cool-down and stretching"
    out = []
    for date, session in week.dated_sessions():
        label, subject = _session_label(date, session), _session_subject(date, session)
        blocks = session.blocks
        if not blocks or blocks[-1].kind is not _STRETCHING:
            out.append(Violation("stretching_last", f"{label} does not end with stretching.", subject=subject))
            continue
        if len(blocks) < 2 or blocks[-2].kind is not _COOLDOWN:
            out.append(
                Violation("stretching_last", f"{label} needs a cool-down right before the stretching.", subject=subject)
            )
        elif blocks[-2].minutes < COOLDOWN_MIN_MINUTES:
            out.append(
                Violation(
                    "stretching_last",
                    f"{label} cools down for {blocks[-2].minutes} min; at least {COOLDOWN_MIN_MINUTES} are needed.",
                    subject=f"{subject} cool-down",
                    figure=blocks[-2].minutes,
                    worse_when="lower",
                )
            )
        covered = {muscle for ex in blocks[-1].exercises for muscle in ex.target_muscles}
        missing = [m.replace("_", " ") for m in _required_stretches(session.modality) if m not in covered]
        if missing:
            out.append(
                Violation(
                    "stretching_last",
                    f"{label}: the stretching leaves out {', '.join(missing)}.",
                    subject=f"{subject} stretches",
                    figure=len(missing),
                    figure_text=", ".join(missing) + " left out",
                )
            )
    return out


def _has_slug(session: Session, slugs: frozenset[str]) -> bool:
    return any(ex.slug in slugs for block in session.blocks for ex in block.exercises)


def _single_leg_blocks(week: Week) -> int:
    return sum(
        1
        for session in week.sessions()
        for block in session.blocks
        if block.kind is _STRENGTH and any(ex.slug in SINGLE_LEG_SLUGS for ex in block.exercises)
    )


def nordic_days_required(week: Week, ctx: RuleContext) -> int:
    """The week's Nordic sessions per the progression, bounded by the days that can hold one (a day with a
    session and no hard session the day after)."""
    days = _days_by_date(week)
    eligible = sum(1 for day in week.days if nordic_day_allowed(day, days, ctx))
    return min(nordic_dose(ctx.nordic_week, ctx.sport, reduced=ctx.is_reduced_week).sessions, eligible)


def nordic_day_allowed(day: Day, days: dict[dt.date, Day], ctx: RuleContext) -> bool:
    """A day that may hold Nordic work: it has a session, no hard session follows the next day, and it is
    neither a match day, the day after one nor within 48 hours before one (docs/domain.md section 11; product rule for
    MD-2: the soreness of eccentric work peaks a day or two later, Petersen et al. 2011)."""
    matches = ctx.match_dates
    return (
        bool(day.sessions)
        and day.date not in matches
        and not _hard_next_day(days, day.date)
        and not before_match(day.date, matches)
        and not is_md_plus_1(day.date, matches)
    )


def hamstring_strength(week: Week, ctx: RuleContext) -> list[Violation]:
    # docs/domain.md section 1, "Hamstring strength" (Nordic progression; imbalance: single-leg blocks)
    out = []
    days = _days_by_date(week)
    nordic_dates = sorted({date for date, s in week.dated_sessions() if _has_slug(s, NORDIC_SLUGS)})
    out += [
        Violation(
            "hamstring_strength",
            f"Nordic hamstring curls on {day_label(date)} come the day before a hard session; move them.",
            subject=date.isoformat(),
        )
        for date in nordic_dates
        if _hard_next_day(days, date)
    ]
    dose = nordic_dose(ctx.nordic_week, ctx.sport, reduced=ctx.is_reduced_week)
    week_no = ctx.nordic_week or 1
    if len(nordic_dates) > dose.sessions:
        out.append(
            Violation(
                "hamstring_strength",
                f"Week {week_no} of the Nordic progression has {_plural(dose.sessions, 'session')} "
                f"({dose.label}); this week has {len(nordic_dates)}.",
                subject="too many",
                figure=len(nordic_dates),
                figure_text=_plural(len(nordic_dates), "Nordic session"),
            )
        )
    elif len(nordic_dates) < (need := nordic_days_required(week, ctx)):
        out.append(
            Violation(
                "hamstring_strength",
                f"Week {week_no} of the Nordic progression needs {_plural(need, 'Nordic session')} "
                f"({dose.label}); this week has {len(nordic_dates)}.",
                subject="too few",
                figure=len(nordic_dates),
                figure_text=_plural(len(nordic_dates), "Nordic session"),
                worse_when="lower",
            )
        )
    out += _imbalance_violations(week, ctx)
    return out


def _imbalance_violations(week: Week, ctx: RuleContext) -> list[Violation]:
    if not ctx.imbalance:
        return []
    # the day before a match stays light (docs/domain.md section 11): it holds no strength block
    session_days = sum(1 for day in week.days if day.sessions and not is_md_minus_1(day.date, ctx.match_dates))
    need, have = min(IMBALANCE_SINGLE_LEG_BLOCKS, session_days), _single_leg_blocks(week)
    if have >= need:
        return []
    return [
        Violation(
            "hamstring_strength",
            f"A left-right imbalance is flagged: plan {_plural(need, 'single-leg strength block')} this week "
            f"(single-leg Romanian deadlift, single-leg bridge, split squat); it has {have}.",
            subject="single-leg",
            figure=have,
            figure_text=_plural(have, "single-leg block"),
            worse_when="lower",
        )
    ]


def _strength_minutes(session: Session) -> int:
    return sum(b.minutes for b in session.blocks if b.kind is _STRENGTH)


def _next_match_label(date: dt.date, matches: frozenset[dt.date]) -> str:
    return day_label(min(m for m in matches if m > date))


def match_day(week: Week, ctx: RuleContext) -> list[Violation]:
    """docs/domain.md section 11, the match-day scheme (Malone et al. 2015) and congested fixtures (Dupont et al.
    2010). The matches themselves are the team's; every other session of the days around them is checked."""
    matches = ctx.match_dates
    if not matches:
        return []  # no match near the week (every week but a team's): no day sits before, after or between two
    out: list[Violation] = []
    for day in week.days:
        own = [s for s in day.sessions if s.event is not _MATCH]
        if not own:
            continue
        date, label, subject = day.date, day_label(day.date), day.date.isoformat()
        hard = [s for s in own if s.intensity is _HARD]
        nordic = any(_has_slug(s, NORDIC_SLUGS) for s in own)
        if is_md_minus_1(date, matches):
            minutes = sum(s.planned_minutes for s in own)
            if minutes > MD_MINUS_1_MAX_MINUTES or any(s.intensity is not _EASY for s in own):
                what = " and ".join(f"{s.intensity} {s.title.lower()} ({s.planned_minutes} min)" for s in own)
                out.append(
                    Violation(
                        "match_day",
                        f"{label} is the day before the match on {_next_match_label(date, matches)}: keep it "
                        f"light, easy and at most {MD_MINUS_1_MAX_MINUTES} minutes in all; it plans {what}.",
                        subject=f"{subject} light",
                        figure=minutes,
                        figure_text=f"{minutes} minutes the day before a match",
                    )
                )
            if nordic:
                out.append(
                    Violation(
                        "match_day",
                        f"Nordic hamstring curls on {label}, the day before a match, leave the hamstrings tired for "
                        "it; move them to another day.",
                        subject=f"{subject} nordic",
                    )
                )
        elif hard and before_match(date, matches):
            out.append(
                Violation(
                    "match_day",
                    f"{_session_label(date, hard[0])} is hard within 48 hours before the match on "
                    f"{_next_match_label(date, matches)}; keep those two days free of hard sessions.",
                    subject=f"{subject} before",
                )
            )
        if is_md_plus_1(date, matches):
            busy = [s for s in own if not (s.modality.is_cross_training and s.intensity is _EASY)]
            if busy:
                out.append(
                    Violation(
                        "match_day",
                        f"{label} is the day after a match, a recovery day: easy cross-training or rest; "
                        f"{_session_label(date, busy[0])} is {busy[0].intensity}.",
                        subject=f"{subject} recovery",
                    )
                )
            if nordic:
                out.append(
                    Violation(
                        "match_day",
                        f"Nordic hamstring curls on {label}, the day after a match, come too soon; move them to "
                        "another day.",
                        subject=f"{subject} nordic after",
                    )
                )
        pair = between_congested(date, matches)
        if pair is not None and hard:
            out.append(
                Violation(
                    "match_day",
                    f"{_session_label(date, hard[0])} is hard between the matches on {day_label(pair[0])} and "
                    f"{day_label(pair[1])}; two matches within 4 days are load enough, so no hard training between "
                    "them.",
                    subject=f"{subject} congested",
                )
            )
    return out


def recovery_adjustments(week: Week, ctx: RuleContext) -> list[Violation]:
    # docs/domain.md section 3: readiness checks may cap intensity or rule out hard sessions on given dates
    out = []
    for date, session in week.dated_sessions():
        label = _session_label(date, session)
        if ctx.max_intensity is not None and session.intensity.rank > ctx.max_intensity.rank:
            out.append(
                Violation(
                    "recovery_adjustments",
                    f"{label} is {session.intensity}, above the {ctx.max_intensity} cap set by recent recovery checks.",
                    subject=_session_subject(date, session),
                )
            )
        elif session.intensity is _HARD and date in ctx.avoid_hard_dates:
            out.append(
                Violation(
                    "recovery_adjustments",
                    f"{label} is hard on a day the recovery checks asked to keep easier.",
                    subject=_session_subject(date, session),
                )
            )
    return out


# What each rule is called on pages and in emails (people read words, never codes).
RULE_NAMES = {
    "week_shape": "Week shape",
    "day_kind": "Day kinds",
    "session_intensity": "Session intensity",
    "min_rest_days": "Rest days",
    "max_consecutive_training_days": "Days in a row",
    "cross_training_day": "Cross-training day",
    "hard_easy": "Hard and easy days",
    "load_progression": "Weekly load growth",
    "long_session_cap": "Longest session",
    "youth_limits": "Limits for athletes under 18",
    "masters_recovery": "Recovery from 50",
    "older_adults": "Limits from 65",
    "sessions_per_week": "Sessions a week",
    "long_session_share": "Share of the long session",
    "session_length": "Session length",
    "starting_volume": "Starting volume",
    "deload_week": "Deload week",
    "taper_week": "Taper week",
    "warmup_first": "Warm-up",
    "stretching_last": "Cool-down and stretching",
    "hamstring_strength": "Hamstring strength",
    "recovery_adjustments": "Recovery adjustments",
    "match_day": "Days around a match",
}


def rule_name(code: str) -> str:
    return RULE_NAMES.get(code, "A plan rule")


RULES: dict[str, Rule] = {
    "week_shape": week_shape,
    "day_kind": day_kind,
    "session_intensity": session_intensity,
    "min_rest_days": min_rest_days,
    "max_consecutive_training_days": max_consecutive_training_days,
    "cross_training_day": cross_training_day,
    "hard_easy": hard_easy,
    "load_progression": load_progression,
    "long_session_cap": long_session_cap,
    "youth_limits": youth_limits,
    "masters_recovery": masters_recovery,
    "older_adults": older_adults,
    "sessions_per_week": sessions_per_week,
    "long_session_share": long_session_share,
    "session_length": session_length,
    "starting_volume": starting_volume,
    "deload_week": deload_week,
    "taper_week": taper_week,
    "warmup_first": warmup_first,
    "stretching_last": stretching_last,
    "hamstring_strength": hamstring_strength,
    "recovery_adjustments": recovery_adjustments,
    "match_day": match_day,
}


def check_week(week: Week, ctx: RuleContext) -> list[Violation]:
    """Every violation of every rule, in RULES order; [] means the week may be saved as it is."""
    return [violation for rule in RULES.values() for violation in rule(week, ctx)]


@dataclass(frozen=True, slots=True)
class Accepted:
    """A breach a coach's override accepted: the rule, what it was about and the figure it accepted."""

    rule: str
    subject: str
    figure: float | None


def _same(v: Violation, rule: str, subject: str, figure: float | None) -> bool:
    return v.rule == rule and v.subject == subject and v.no_worse_than(figure)


def new_breaches(
    before: Iterable[Violation], after: Iterable[Violation], accepted: Iterable[Accepted]
) -> list[Violation]:
    """The breaches an edit brings: those of `after` that the week did not already have at the same or a worse
    figure, and that no override accepted at that figure. A worse figure of an accepted breach, or another
    breach of the same rule, is new and needs its own reason (docs/design.md, "Blocks and re-planning")."""
    before, accepted = list(before), list(accepted)
    return [
        v
        for v in after
        if not any(_same(v, b.rule, b.subject, b.figure) for b in before)
        and not (v.overridable and any(_same(v, a.rule, a.subject, a.figure) for a in accepted))
    ]


def refusals(violations: Iterable[Violation], override_reason: str | None) -> list[Violation]:
    """The violations that still refuse an edit: all of them without a reason, only the hard limits with one."""
    overriding = bool(override_reason and override_reason.strip())
    return [v for v in violations if not (overriding and v.overridable)]
