"""One test per rule: a healthy week passes, a week that breaks the rule carries its code."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from plans.engine import (
    RULES,
    Block,
    BlockKind,
    Category,
    DayKind,
    Intensity,
    Level,
    Modality,
    RuleContext,
    check_week,
    generate_week,
    refusals,
)
from plans.engine.constants import NORDIC_SLUGS, SINGLE_LEG_SLUGS
from plans.engine.rules import day_label

from .engine_support import (
    catalogue,
    codes,
    healthy_input,
    replace_block,
    replace_day,
    replace_session,
    weekday_of,
)

INPUT = healthy_input()
WEEK = generate_week(INPUT, catalogue())
CTX = RuleContext.from_input(INPUT)


def _ctx(**changes: object) -> RuleContext:
    return dataclasses.replace(CTX, **changes)


def _is(kind: DayKind):
    return lambda day: day.kind is kind


def _intensity(intensity: Intensity):
    return lambda day: bool(day.sessions) and day.sessions[0].intensity is intensity


def _easy_main(day) -> bool:
    return day.kind is DayKind.TRAINING and day.sessions[0].intensity is Intensity.EASY


def _first_after(week, predicate, after: int) -> int:
    return next(i for i in range(after + 1, 7) if predicate(week.days[i]))


REST = weekday_of(WEEK, _is(DayKind.REST))
CROSS = weekday_of(WEEK, _is(DayKind.CROSS_TRAINING))
HARD = weekday_of(WEEK, _intensity(Intensity.HARD))
EASY = weekday_of(WEEK, _easy_main)


def test_the_healthy_week_breaks_no_rule() -> None:
    assert check_week(WEEK, CTX) == []
    # the base week exercises what the rules look at
    assert {d.kind for d in WEEK.days} == set(DayKind)
    assert sum(d.has_hard_session for d in WEEK.days) == 2


def test_registry_names_each_rule_by_its_code() -> None:
    assert {name: rule.__name__ for name, rule in RULES.items()} == {name: name for name in RULES}
    assert {
        "min_rest_days",
        "max_consecutive_training_days",
        "cross_training_day",
        "hard_easy",
        "load_progression",
        "long_session_cap",
        "youth_limits",
        "deload_week",
        "warmup_first",
        "stretching_last",
        "hamstring_strength",
    } <= set(RULES)


def test_week_shape() -> None:
    six_days = dataclasses.replace(WEEK, days=WEEK.days[:6])
    tuesday = dataclasses.replace(WEEK, week_start=WEEK.week_start + dt.timedelta(days=1))
    for week in (six_days, tuesday):
        violations = RULES["week_shape"](week, CTX)
        assert violations
        assert not any(v.overridable for v in violations)


def test_day_kind() -> None:
    busy_rest = replace_day(WEEK, REST, sessions=WEEK.days[EASY].sessions)
    empty_training = replace_day(WEEK, EASY, sessions=())
    run_on_cross_day = replace_day(WEEK, CROSS, sessions=WEEK.days[EASY].sessions)
    for week in (busy_rest, empty_training, run_on_cross_day):
        assert "day_kind" in codes(check_week(week, CTX))


def test_session_intensity_matches_rpe() -> None:
    week = replace_session(WEEK, EASY, planned_rpe=8)
    assert "session_intensity" in codes(check_week(week, CTX))


def _filled(week, days: list[int]):
    """The week with these rest days given the easy session."""
    for weekday in days:
        week = replace_day(week, weekday, kind=DayKind.TRAINING, sessions=WEEK.days[EASY].sessions)
    return week


RESTS = [i for i, day in enumerate(WEEK.days) if not day.sessions]
NO_REST = _filled(WEEK, RESTS)
ONE_REST = _filled(WEEK, RESTS[:1])


def test_min_rest_days() -> None:
    violations = RULES["min_rest_days"](NO_REST, CTX)
    assert [v.message for v in violations] == [
        "Intermediate athletes need at least 1 full rest day a week; this week has 0."
    ]
    assert (violations[0].figure, violations[0].figure_text, violations[0].worse_when) == (0, "0 rest days", "lower")
    novice = RULES["min_rest_days"](ONE_REST, _ctx(level=Level.NOVICE))
    assert novice[0].message == "Novice athletes need at least 2 full rest days a week; this week has 1."


def test_max_consecutive_training_days() -> None:
    assert "max_consecutive_training_days" in codes(check_week(NO_REST, CTX))
    # the base week's longest run (cross-training included) is 3 days: within even the novice limit
    assert RULES["max_consecutive_training_days"](WEEK, _ctx(level=Level.NOVICE)) == []


def test_max_consecutive_training_days_counts_the_streak_that_ended_last_sunday() -> None:
    leading = next(i for i, day in enumerate(WEEK.days) if not day.sessions)
    assert leading == 2  # the base week trains Monday and Tuesday
    # 3 days ending on Sunday + Monday and Tuesday = 5: the intermediate maximum
    assert RULES["max_consecutive_training_days"](WEEK, _ctx(trailing_training_days=3)) == []
    violations = RULES["max_consecutive_training_days"](WEEK, _ctx(trailing_training_days=4))
    assert [v.message for v in violations] == [
        "Intermediate athletes train at most 5 days in a row, cross-training included; Monday 30 Nov to "
        "Tuesday 1 Dec make 6 days in a row counting the 4 that ended last Sunday, 29 Nov."
    ]
    # a rest day on Monday breaks the streak, however long it was
    monday_off = replace_day(WEEK, 0, kind=DayKind.REST, sessions=())
    assert RULES["max_consecutive_training_days"](monday_off, _ctx(trailing_training_days=7)) == []
    # a week without rest days is one run from Monday: reported once, with last week's days counted
    [only] = RULES["max_consecutive_training_days"](NO_REST, _ctx(level=Level.NOVICE, trailing_training_days=1))
    assert only.message.endswith("Monday 30 Nov to Sunday 6 Dec make 8 days in a row counting last Sunday, 29 Nov.")


def test_cross_training_day() -> None:
    no_cross = replace_day(WEEK, CROSS, kind=DayKind.REST, sessions=())
    assert "cross_training_day" in codes(check_week(no_cross, CTX))
    # cycling is not cross-training for a cyclist
    cycling = replace_session(WEEK, CROSS, modality=Modality.CYCLING)
    assert RULES["cross_training_day"](cycling, CTX) == []
    assert "cross_training_day" in codes(RULES["cross_training_day"](cycling, _ctx(sport=Modality.BIKE)))


def test_hard_easy_no_two_hard_days_in_a_row() -> None:
    next_to_hard = HARD + 1 if WEEK.days[HARD + 1].sessions else HARD - 1
    week = replace_session(WEEK, next_to_hard, intensity=Intensity.HARD, planned_rpe=7)
    violations = RULES["hard_easy"](week, CTX)
    assert violations and "both hard days" in violations[0].message


def test_hard_easy_refuses_a_hard_monday_after_a_hard_sunday() -> None:
    assert WEEK.days[0].has_hard_session and not WEEK.days[1].has_hard_session
    assert RULES["hard_easy"](WEEK, CTX) == []
    violations = RULES["hard_easy"](WEEK, _ctx(previous_day_hard=True))
    assert [v.message for v in violations] == [
        "Last Sunday, 29 Nov, and Monday 30 Nov are both hard days; keep an easier day between hard days "
        "(about 48 hours)."
    ]
    assert all(v.overridable for v in violations)
    # an easy Monday after a hard Sunday is what the hard-easy principle asks for
    easy_monday = replace_session(WEEK, 0, intensity=Intensity.EASY, planned_rpe=3)
    assert RULES["hard_easy"](easy_monday, _ctx(previous_day_hard=True)) == []


def test_hard_easy_caps_hard_sessions_per_week() -> None:
    assert RULES["hard_easy"](WEEK, _ctx(level=Level.NOVICE)) == []  # 2 hard: the novice maximum
    long_day = weekday_of(WEEK, lambda d: d.sessions and d.sessions[0].title.startswith("Long"))
    week = replace_session(WEEK, long_day, intensity=Intensity.HARD, planned_rpe=7)
    assert any("at most 2 hard sessions" in v.message for v in RULES["hard_easy"](week, _ctx(level=Level.NOVICE)))


def test_load_progression_and_its_override() -> None:
    load = WEEK.load
    assert RULES["load_progression"](WEEK, _ctx(previous_week_load=load / 1.10)) == []
    over_10 = RULES["load_progression"](WEEK, _ctx(previous_week_load=load / 1.2))
    over_30 = RULES["load_progression"](WEEK, _ctx(previous_week_load=load / 1.5))
    assert [v.overridable for v in over_10] == [True]
    assert [v.overridable for v in over_30] == [False]
    assert "never allowed" in over_30[0].message
    assert refusals(over_10, override_reason="marathon block, athlete fresh") == []
    assert refusals(over_10, override_reason="  ") == over_10
    assert refusals(over_30, override_reason="please") == over_30
    # without a baseline there is nothing to grow from
    assert RULES["load_progression"](WEEK, _ctx(previous_week_load=None)) == []


def test_load_progression_restart_floor() -> None:
    # after a near-empty week, a light restart week is allowed whatever the percentage
    light = replace_day(WEEK, 0, kind=DayKind.REST, sessions=())
    light = dataclasses.replace(
        light, days=tuple(dataclasses.replace(d, kind=DayKind.REST, sessions=()) for d in light.days)
    )
    assert RULES["load_progression"](light, _ctx(previous_week_load=10.0)) == []


def test_long_session_cap() -> None:
    violations = RULES["long_session_cap"](WEEK, _ctx(longest_minutes_by_modality_30d={Modality.RUN: 60}))
    assert violations and "at most 66 min" in violations[0].message
    assert RULES["long_session_cap"](WEEK, _ctx(longest_minutes_by_modality_30d={})) == []
    # the twin modality's history counts: a long bike ride bounds easy cycling too
    cycling = replace_session(WEEK, CROSS, modality=Modality.CYCLING)
    session = cycling.days[CROSS].sessions[0]
    strength = sum(b.minutes for b in session.blocks if b.kind is BlockKind.STRENGTH)
    work = session.planned_minutes - strength  # the cap leaves the strength block aside
    assert RULES["long_session_cap"](cycling, _ctx(longest_minutes_by_modality_30d={Modality.BIKE: work - 10}))
    [only] = RULES["long_session_cap"](cycling, _ctx(longest_minutes_by_modality_30d={Modality.BIKE: work - 10}))
    assert f"lasts {work} min besides its {strength} min of strength work" in only.message
    assert RULES["long_session_cap"](cycling, _ctx(longest_minutes_by_modality_30d={Modality.BIKE: work})) == []


def test_youth_limits() -> None:
    violations = RULES["youth_limits"](ONE_REST, _ctx(age_years=16))
    assert {v.message for v in violations} == {
        "Athletes under 18 need at least 2 full rest days a week (this week has 1). This limit cannot be overridden.",
        "Athletes under 18 need at most 5 training days a week (this week has 6). This limit cannot be overridden.",
    }
    # never overridable (docs/domain.md section 1, "Youth")
    assert refusals(violations, "the coach insists") == violations
    assert RULES["youth_limits"](ONE_REST, _ctx(age_years=18)) == []


def test_youth_limits_count_the_streak_that_ended_last_sunday() -> None:
    inp = healthy_input(level=Level.ADVANCED, age_years=16, previous_week_load=None)
    week, ctx = generate_week(inp, catalogue()), RuleContext.from_input(inp)
    leading = next(i for i, day in enumerate(week.days) if not day.sessions)
    assert leading >= 1 and check_week(week, ctx) == []
    within = dataclasses.replace(ctx, trailing_training_days=5 - leading)
    assert RULES["youth_limits"](week, within) == []
    over = RULES["youth_limits"](week, dataclasses.replace(ctx, trailing_training_days=6 - leading))
    assert [v.message for v in over] == [
        "Athletes under 18 need at most 5 training days in a row (Monday 30 Nov to "
        f"{day_label(week.days[leading - 1].date)} make 6 days in a row counting the {6 - leading} that ended "
        "last Sunday, 29 Nov). This limit cannot be overridden."
    ]
    # the advanced level allows 6 in a row: only the youth limit speaks
    assert (
        RULES["max_consecutive_training_days"](week, dataclasses.replace(ctx, trailing_training_days=6 - leading)) == []
    )


def test_rule_context_carries_week_boundary_continuity() -> None:
    assert (CTX.trailing_training_days, CTX.previous_day_hard) == (0, False)
    ctx = RuleContext.from_input(healthy_input(trailing_training_days=4, previous_day_hard=True))
    assert (ctx.trailing_training_days, ctx.previous_day_hard) == (4, True)
    for changes in ({"trailing_training_days": -1}, {"trailing_training_days": 8}, {"previous_day_hard": 1}):
        with pytest.raises(ValueError, match=next(iter(changes))):
            _ctx(**changes)


def test_deload_week() -> None:
    load = WEEK.load
    assert "deload_week" in codes(check_week(WEEK, _ctx(week_index=4, previous_week_load=load)))
    assert RULES["deload_week"](WEEK, _ctx(week_index=4, previous_week_load=load * 2)) == []
    # up to 60 % is tolerated (the engine aims at 50 %)
    assert RULES["deload_week"](WEEK, _ctx(week_index=4, previous_week_load=load / 0.58)) == []
    assert RULES["deload_week"](WEEK, _ctx(week_index=4, deload_every=5, previous_week_load=load)) == []


def test_warmup_first() -> None:
    session = WEEK.days[EASY].sessions[0]
    no_warmup = replace_session(WEEK, EASY, blocks=session.blocks[1:])
    short_hard = replace_block(WEEK, HARD, BlockKind.WARMUP, minutes=12)
    warmup = session.blocks[0]
    no_potentiate = replace_block(
        WEEK,
        EASY,
        BlockKind.WARMUP,
        exercises=tuple(e for e in warmup.exercises if e.category is not Category.WARMUP_POTENTIATE),
    )
    messages = {
        "no warm-up": RULES["warmup_first"](no_warmup, CTX),
        "short": RULES["warmup_first"](short_hard, CTX),
        "no potentiate": RULES["warmup_first"](no_potentiate, CTX),
    }
    assert "does not start with a warm-up" in messages["no warm-up"][0].message
    assert "a hard session needs at least 15" in messages["short"][0].message
    assert "potentiate" in messages["no potentiate"][0].message


def test_stretching_last() -> None:
    stretching = WEEK.days[EASY].sessions[0].blocks[-1]
    no_calves = replace_block(
        WEEK,
        EASY,
        BlockKind.STRETCHING,
        exercises=tuple(e for e in stretching.exercises if "calves" not in e.target_muscles),
    )
    short_cooldown = replace_block(WEEK, EASY, BlockKind.COOLDOWN, minutes=3)
    blocks = WEEK.days[EASY].sessions[0].blocks
    no_stretching = replace_session(WEEK, EASY, blocks=blocks[:-1])
    assert "calves" in RULES["stretching_last"](no_calves, CTX)[0].message.split("leaves out")[1]
    assert "cools down for 3 min" in RULES["stretching_last"](short_cooldown, CTX)[0].message
    assert "does not end with stretching" in RULES["stretching_last"](no_stretching, CTX)[0].message


def test_stretching_after_running_covers_quads_hip_flexors_glutes() -> None:
    stretching = WEEK.days[EASY].sessions[0].blocks[-1]
    only_legs_back = tuple(e for e in stretching.exercises if e.target_muscles[0] in ("hamstrings", "calves"))
    week = replace_block(WEEK, EASY, BlockKind.STRETCHING, exercises=only_legs_back)
    assert "quadriceps, hip flexors, glutes" in RULES["stretching_last"](week, CTX)[0].message
    # the same stretching is enough after swimming
    swim = replace_session(week, EASY, modality=Modality.SWIM)
    assert RULES["stretching_last"](swim, CTX) == []


def _strength(week, weekday: int) -> Block:
    return next(b for b in week.days[weekday].sessions[0].blocks if b.kind is BlockKind.STRENGTH)


def _has(week, weekday: int, slugs: frozenset[str]) -> bool:
    return any(e.slug in slugs for b in week.days[weekday].sessions[0].blocks for e in b.exercises)


def test_hamstring_strength_nordic_never_the_day_before_hard() -> None:
    nordic_day = weekday_of(WEEK, lambda d: d.sessions and _has(WEEK, d.date.weekday(), NORDIC_SLUGS))
    eve_of_hard = _first_after(WEEK, _intensity(Intensity.HARD), HARD) - 1
    # the eve of the second hard day gets an easy session (without Nordics) to move them onto
    week = replace_day(WEEK, eve_of_hard, kind=DayKind.TRAINING, sessions=WEEK.days[EASY].sessions)
    assert not _has(WEEK, EASY, NORDIC_SLUGS) or nordic_day == EASY
    moved = replace_day(week, nordic_day, kind=week.days[nordic_day].kind)
    donor = _strength(WEEK, nordic_day)
    session = moved.days[eve_of_hard].sessions[0]
    blocks = (*session.blocks[:2], donor, *session.blocks[-2:])
    moved = replace_session(moved, eve_of_hard, blocks=blocks)
    assert any("the day before a hard session" in v.message for v in RULES["hamstring_strength"](moved, CTX))


def test_hamstring_strength_follows_the_progression() -> None:
    nordic_days = [i for i in range(7) if WEEK.days[i].sessions and _has(WEEK, i, NORDIC_SLUGS)]
    assert len(nordic_days) == 2  # week 3 asks 3 sessions; runners are capped at 2
    first = nordic_days[0]
    session = WEEK.days[first].sessions[0]
    without = replace_session(WEEK, first, blocks=tuple(b for b in session.blocks if b.kind is not BlockKind.STRENGTH))
    assert any("needs 2 Nordic sessions" in v.message for v in RULES["hamstring_strength"](without, CTX))
    # from week 11 on, one session a week is the maintenance dose: two are too many
    assert any("has 1 session" in v.message for v in RULES["hamstring_strength"](WEEK, _ctx(nordic_week=11)))


def test_hamstring_strength_imbalance_needs_two_single_leg_blocks() -> None:
    week = WEEK
    for i in range(7):
        if week.days[i].sessions and _has(week, i, SINGLE_LEG_SLUGS):
            session = week.days[i].sessions[0]
            kept = tuple(b for b in session.blocks if b.kind is not BlockKind.STRENGTH or _has_nordic(b))
            week = replace_session(week, i, blocks=kept)
    assert any("imbalance" in v.message for v in RULES["hamstring_strength"](week, CTX))
    assert RULES["hamstring_strength"](week, _ctx(imbalance=False)) == []


def _has_nordic(block: Block) -> bool:
    return any(e.slug in NORDIC_SLUGS for e in block.exercises)


def test_recovery_adjustments() -> None:
    capped = RULES["recovery_adjustments"](WEEK, _ctx(max_intensity=Intensity.MODERATE))
    assert len(capped) == 2
    hard_date = WEEK.days[HARD].date
    avoided = RULES["recovery_adjustments"](WEEK, _ctx(avoid_hard_dates=frozenset({hard_date})))
    assert len(avoided) == 1 and "keep easier" in avoided[0].message


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_message_is_a_sentence(rule: str) -> None:
    broken = [
        replace_day(WEEK, REST, kind=DayKind.TRAINING, sessions=WEEK.days[EASY].sessions),
        dataclasses.replace(WEEK, days=WEEK.days[:6]),
        replace_session(WEEK, EASY, planned_rpe=8, blocks=WEEK.days[EASY].sessions[0].blocks[1:-1]),
    ]
    ctx = _ctx(
        age_years=15,
        level=Level.NOVICE,
        week_index=4,
        previous_week_load=100.0,
        max_intensity=Intensity.EASY,
        longest_minutes_by_modality_30d={Modality.RUN: 20},
    )
    # the same again with last week's streak and a hard Sunday carried into Monday
    continuity = dataclasses.replace(ctx, trailing_training_days=4, previous_day_hard=True)
    for week in broken:
        for violation in [*RULES[rule](week, ctx), *RULES[rule](week, continuity)]:
            assert violation.rule == rule
            assert violation.message[0].isupper() or violation.message[0] == "'"
            assert violation.message.endswith(".")


# --- turn 2 (docs/domain.md section 1): level, age, long-session share, session length, starting volume, taper


def test_masters_need_72_hours_between_hard_sessions_and_two_at_most() -> None:
    hard_days = [i for i, d in enumerate(WEEK.days) if d.has_hard_session]
    assert hard_days == [0, 3]  # Monday and Thursday: 72 h apart
    assert RULES["masters_recovery"](WEEK, _ctx(age_years=55)) == []
    # a hard Saturday before: Monday comes 48 h after it
    [too_soon] = RULES["masters_recovery"](WEEK, _ctx(age_years=55, days_since_hard=2))
    assert "48 hours after last week's hard session" in too_soon.message
    assert RULES["masters_recovery"](WEEK, _ctx(age_years=45, days_since_hard=2)) == []
    hard_wednesday = replace_day(WEEK, 2, kind=DayKind.TRAINING, sessions=WEEK.days[0].sessions)
    messages = [v.message for v in RULES["masters_recovery"](hard_wednesday, _ctx(age_years=55))]
    assert any("at most 2 hard sessions a week; this week has 3" in m for m in messages)


def test_from_65_one_hard_session_unless_advanced_and_a_strength_block() -> None:
    [count] = RULES["older_adults"](WEEK, _ctx(age_years=70))
    assert count.message.startswith("Athletes aged 65 and over who are not advanced have at most 1 hard session")
    assert RULES["older_adults"](WEEK, _ctx(age_years=70, level=Level.ADVANCED)) == []
    no_strength = WEEK
    for i, day in enumerate(WEEK.days):
        if day.sessions:
            blocks = tuple(b for b in day.sessions[0].blocks if b.kind is not BlockKind.STRENGTH)
            no_strength = replace_session(no_strength, i, blocks=blocks)
    codes_70 = [v.subject for v in RULES["older_adults"](no_strength, _ctx(age_years=70, level=Level.ADVANCED))]
    assert codes_70 == ["strength"]


def test_sessions_a_week_by_level() -> None:
    assert RULES["sessions_per_week"](WEEK, CTX) == []  # 5: the intermediate maximum
    [over] = RULES["sessions_per_week"](ONE_REST, CTX)
    assert over.message == "Intermediate athletes train at most 5 sessions a week; this week has 6."
    assert RULES["sessions_per_week"](WEEK, _ctx(level=Level.NOVICE))[0].figure == 5


def test_the_long_session_is_at_most_30_percent_of_the_week() -> None:
    assert RULES["long_session_share"](WEEK, CTX) == []
    sunday = weekday_of(WEEK, lambda d: d.sessions and d.sessions[0].title == "Long run")
    longer = replace_block(WEEK, sunday, BlockKind.MAIN, minutes=150)
    [too_big] = RULES["long_session_share"](longer, CTX)
    assert "with 5 sessions one session takes at most 30 %" in too_big.message


def test_a_main_block_is_at_least_15_minutes() -> None:
    short = replace_block(WEEK, EASY, BlockKind.MAIN, minutes=10)
    [violation] = RULES["session_length"](short, CTX)
    assert "main block of 10 min" in violation.message and violation.worse_when == "lower"


def test_starting_without_history_caps_the_week_and_the_longest_session() -> None:
    starting = _ctx(starting=True, longest_minutes_by_modality_30d={}, previous_week_load=None)
    assert "starting_volume" in codes(check_week(WEEK, starting))  # 351 minutes, the intermediate start is 240
    assert any("start at 70 min" in v.message for v in RULES["long_session_cap"](WEEK, starting))


def test_taper_weeks_hold_60_then_45_percent_of_the_last_full_week() -> None:
    load = WEEK.load
    taper = _ctx(week_kind="taper", previous_week_load=load, last_full_week_load=load / 0.6)
    assert RULES["taper_week"](WEEK, taper) == []
    final = dataclasses.replace(taper, final_week=True)
    [over] = RULES["taper_week"](WEEK, final)
    assert "the goal's week, the end of the taper" in over.message and "at most 45 %" in over.message
