"""Training load (docs/domain.md §2), checked against numbers worked out by hand."""

import math
import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plans.load import (
    CHRONIC_DAYS,
    MONOTONY_CAP,
    WARMUP_DAYS,
    Compliance,
    acwr,
    daily_loads,
    ewma,
    ewma_lambda,
    load_series,
    long_session_ratio,
    monotony,
    session_compliance,
    session_load,
    strain,
    week_over_week_change,
    weekly_compliance_pct,
    windowed_load_series,
)

START = date(2026, 11, 30)  # a Monday


def dated(loads: list[float], start: date = START) -> dict[date, float]:
    return {start + timedelta(i): load for i, load in enumerate(loads)}


def test_session_load_is_rpe_times_minutes():
    assert session_load(6, 50) == 300
    with pytest.raises(ValueError):
        session_load(11, 50)
    with pytest.raises(ValueError):
        session_load(5, -1)


def test_lambdas():
    assert ewma_lambda(7) == 0.25
    assert ewma_lambda(28) == pytest.approx(0.0690, abs=1e-4)  # 2/29


# A ten-day worked example. Daily loads (RPE x minutes, rest days 0):
#   day:   1    2    3    4    5    6    7    8    9    10
#   load: 450  250   0   600  300  600  250  300   0   500
#
# Acute, λ = 2/(7+1) = 0.25, seeded with day 1's load:
#   a1  = 450
#   a2  = 250 x 0.25 + 0.75 x 450       =  62.5 + 337.5          = 400
#   a3  =   0 x 0.25 + 0.75 x 400       =   0   + 300            = 300
#   a4  = 600 x 0.25 + 0.75 x 300       = 150   + 225            = 375
#   a5  = 300 x 0.25 + 0.75 x 375       =  75   + 281.25         = 356.25
#   a6  = 600 x 0.25 + 0.75 x 356.25    = 150   + 267.1875       = 417.1875
#   a7  = 250 x 0.25 + 0.75 x 417.1875  =  62.5 + 312.890625     = 375.390625
#   a8  = 300 x 0.25 + 0.75 x a7        =  75   + 281.54296875   = 356.54296875
#   a9  =   0 x 0.25 + 0.75 x a8        =   0   + 267.4072265625 = 267.4072265625
#   a10 = 500 x 0.25 + 0.75 x a9        = 125   + 200.5554199... = 325.555419921875
#
# Chronic, λ = 2/(28+1) = 2/29, so c = (2 x load + 27 x c_yesterday) / 29:
#   c1 = 450
#   c2 = (2 x 250 + 27 x 450) / 29 = (500 + 12,150) / 29 = 12,650 / 29  = 436.2068966
#   c3 = (0 + 27 x 436.2068966) / 29                     = 11,777.586 / 29 = 406.1236623
#   c4 = (1,200 + 27 x 406.1236623) / 29                 = 12,165.339 / 29 = 419.4944442
#   c5 = (600 + 27 x 419.4944442) / 29                   = 11,926.350 / 29 = 411.2534481
#   c6 = (1,200 + 27 x 411.2534481) / 29                 = 12,303.843 / 29 = 424.2704516
#   c7 = (500 + 27 x 424.2704516) / 29                   = 11,955.302 / 29 = 412.2517998
#   c8 = (600 + 27 x 412.2517998) / 29                   = 11,730.799 / 29 = 404.5102964
#   c9 = (0 + 27 x 404.5102964) / 29                     = 10,921.778 / 29 = 376.6130346
#   c10 = (1,000 + 27 x 376.6130346) / 29                = 11,168.552 / 29 = 385.1224804
WORKED_LOADS = [450, 250, 0, 600, 300, 600, 250, 300, 0, 500]
WORKED_ACUTE = [450, 400, 300, 375, 356.25, 417.1875, 375.390625, 356.54296875, 267.4072265625, 325.555419921875]
WORKED_CHRONIC = [
    450,
    436.2068966,
    406.1236623,
    419.4944442,
    411.2534481,
    424.2704516,
    412.2517998,
    404.5102964,
    376.6130346,
    385.1224804,
]


def test_worked_example_acute_and_chronic():
    series = load_series(dated(WORKED_LOADS))
    assert [row.session_load for row in series] == WORKED_LOADS
    assert [row.acute for row in series] == pytest.approx(WORKED_ACUTE, abs=1e-9)
    assert [row.chronic for row in series] == pytest.approx(WORKED_CHRONIC, abs=1e-6)


def test_worked_example_has_no_ratio_before_28_days():
    # Ten days of history: acute / chronic exists as a number (a10 / c10 = 0.845) but is not shown.
    assert all(row.acwr is None for row in load_series(dated(WORKED_LOADS)))


# Monotony and strain for days 1-7 of the worked example: 450, 250, 0, 600, 300, 600, 250.
#   weekly load = 2,450; mean = 2,450 / 7 = 350
#   deviations from 350: +100, -100, -350, +250, -50, +250, -100
#   squares: 10,000 + 10,000 + 122,500 + 62,500 + 2,500 + 62,500 + 10,000 = 280,000
#   population variance = 280,000 / 7 = 40,000, so SD = 200
#   monotony = 350 / 200 = 1.75; strain = 2,450 x 1.75 = 4,287.5
def test_worked_example_monotony_and_strain():
    series = load_series(dated(WORKED_LOADS))
    assert all(row.monotony is None and row.strain is None for row in series[:6])
    day7 = series[6]
    assert day7.weekly_load == 2_450
    assert day7.monotony == pytest.approx(1.75)
    assert day7.strain == pytest.approx(4_287.5)
    # Day 8's week (days 2-8): 250, 0, 600, 300, 600, 250, 300 -> 2,300; rolls forward one day.
    assert series[7].weekly_load == 2_300


def test_monotony_uses_the_population_sd():
    week = [450, 250, 0, 600, 300, 600, 250]
    assert monotony(week) == pytest.approx(350 / 200)
    # The sample SD (divide by 6) would give 350 / 216.02 = 1.62.
    assert monotony(week) != pytest.approx(350 / math.sqrt(280_000 / 6))


def test_monotony_is_capped_at_10_when_sd_is_0():
    assert monotony([300] * 7) == MONOTONY_CAP
    assert strain([300] * 7) == 2_100 * MONOTONY_CAP


def test_a_week_without_load_has_no_monotony():
    assert monotony([0] * 7) == 0
    assert strain([0] * 7) == 0


def test_monotony_needs_seven_days():
    with pytest.raises(ValueError):
        monotony([1, 2, 3])


# ACWR at day 28: 27 days at 300, then 600 on day 28.
#   acute and chronic both stay at 300 for days 1-27 (a constant load is its own EWMA).
#   a28 = 600 x 0.25 + 0.75 x 300 = 150 + 225 = 375
#   c28 = (2 x 600 + 27 x 300) / 29 = (1,200 + 8,100) / 29 = 9,300 / 29 = 320.6896552
#   ACWR = 375 / (9,300 / 29) = 10,875 / 9,300 = 1.1693548
def test_acwr_appears_on_day_28():
    series = load_series(dated([300] * 27 + [600]))
    assert series[26].acwr is None  # 27 days of history
    assert series[27].acute == pytest.approx(375)
    assert series[27].chronic == pytest.approx(9_300 / 29)
    assert series[27].acwr == pytest.approx(1.1693548, abs=1e-7)


def test_acwr_of_a_steady_load_is_1():
    assert load_series(dated([300] * 28))[-1].acwr == pytest.approx(1.0)


def test_acwr_function_guards():
    assert acwr(400, 300, history_days=27) is None
    assert acwr(400, 0, history_days=40) is None
    assert acwr(450, 300, history_days=28) == pytest.approx(1.5)


def test_missing_days_count_as_zero():
    loads = {START: 400, START + timedelta(3): 200}
    assert list(daily_loads(loads).values()) == [400, 0, 0, 200]
    assert list(daily_loads(loads, end=START + timedelta(5)).values()) == [400, 0, 0, 200, 0, 0]
    assert daily_loads({}) == {}
    # a1 = 400; a2 = 300; a3 = 225; a4 = 200 x 0.25 + 0.75 x 225 = 50 + 168.75 = 218.75
    assert [row.acute for row in load_series(loads)] == [400, 300, 225, 218.75]


def test_ewma_seeds_with_the_first_load():
    assert ewma([], 7) == []
    assert ewma([120], 7) == [120]


# Week over week: days 1-7 at 200 (1,400), days 8-14 at 300 (2,100): (2,100 - 1,400) / 1,400 = +50 %.
def test_week_over_week_change():
    series = load_series(dated([200] * 7 + [300] * 7))
    assert series[12].week_change is None  # only 13 days: no full previous week yet
    assert series[13].week_change == pytest.approx(0.5)
    assert week_over_week_change(1_100, 1_000) == pytest.approx(0.1)
    assert week_over_week_change(500, 0) is None


def test_long_session_ratio():
    # 99 min against a 90-minute longest run in the previous 30 days: 110 %.
    assert long_session_ratio(99, [45, 90, 60]) == pytest.approx(1.1)
    assert long_session_ratio(60, []) is None


@given(st.lists(st.integers(0, 2_000), min_size=1, max_size=60))
def test_series_invariants(loads):
    series = load_series(dated(loads))
    assert len(series) == len(loads)
    for i, row in enumerate(series):
        assert min(loads[: i + 1]) - 1e-6 <= row.acute <= max(loads[: i + 1]) + 1e-6
        assert (row.acwr is None) == (i < 27 or row.chronic == 0)
        if row.monotony is not None:
            assert 0 <= row.monotony <= MONOTONY_CAP


# --- the bounded warm-up (docs/domain.md §2) -------------------------------------------------------------------------
def random_history(rng: random.Random, days: int) -> list[float]:
    """An athlete's daily loads: a training frequency and a typical load of their own, days of 0.3-1.7 times it,
    and now and then a break of 3 to 42 days (illness, injury, holidays)."""
    frequency, typical = rng.uniform(0.3, 1.0), rng.uniform(100, 900)
    loads: list[float] = []
    off = 0
    for _ in range(days):
        if off:
            off -= 1
            loads.append(0.0)
            continue
        if rng.random() < 0.005:
            off = rng.randint(3, 42)
        loads.append(float(round(rng.uniform(0.3, 1.7) * typical)) if rng.random() < frequency else 0.0)
    loads[0] = loads[0] or round(typical)  # the history starts with its first workout
    return loads


@settings(max_examples=40, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32 - 1), days=st.integers(WARMUP_DAYS + 30, 1500), shown=st.integers(1, 60))
def test_the_warm_up_moves_chronic_by_under_half_a_percent(seed, days, shown):
    loads = random_history(random.Random(seed), days)
    full = load_series(dated(loads))
    first, last = full[-shown].day, full[-1].day
    windowed = windowed_load_series(dated(loads), START, first, last)
    assert [row.day for row in windowed] == [row.day for row in full[-shown:]]
    for near, exact in zip(windowed, full[-shown:], strict=True):
        if exact.chronic > 0:
            assert abs(near.chronic - exact.chronic) / exact.chronic < 0.005
        assert near.acute == pytest.approx(exact.acute, rel=1e-9, abs=1e-9)
        assert (near.acwr is None) == (exact.acwr is None)  # the 28 days count from the first workout
        if exact.acwr is not None and exact.acwr > 1e-6:
            assert abs(near.acwr - exact.acwr) / exact.acwr < 0.005
        # The week's figures read only the last 14 days, inside the warm-up: the same numbers.
        assert (near.session_load, near.weekly_load, near.monotony, near.strain, near.week_change) == (
            exact.session_load,
            exact.weekly_load,
            exact.monotony,
            exact.strain,
            exact.week_change,
        )


def test_within_the_warm_up_the_series_is_the_whole_history():
    loads = dated(WORKED_LOADS * 20)  # 200 days, all inside the warm-up
    last = START + timedelta(len(WORKED_LOADS) * 20 - 1)
    assert windowed_load_series(loads, START, START + timedelta(150), last) == load_series(loads)[150:]
    # Days before the first workout have no row, as before.
    assert windowed_load_series(loads, START, START - timedelta(5), START + timedelta(1)) == load_series(loads)[:2]


def test_worked_warm_up_difference():
    # 400 AU every day for 300 days, except a rest day where the warm-up begins. The whole history's chronic
    # average is 400 that day before the rest (400 x λ + 400 x (1 - λ)) and 400 x (1 - λ) after it; the warm-up
    # starts at that day's load, 0. From then on both follow the same recursion, so the gap, 400 x (1 - λ),
    # shrinks by (1 - λ) a day: on the last day, WARMUP_DAYS later, it is 400 x (1 - λ)^(WARMUP_DAYS + 1).
    lam = 2 / (CHRONIC_DAYS + 1)
    loads = [400.0] * 300
    rest = 300 - 1 - WARMUP_DAYS
    loads[rest] = 0.0
    last = START + timedelta(299)
    [near] = windowed_load_series(dated(loads), START, last, last)
    exact = load_series(dated(loads))[-1]
    assert exact.chronic - near.chronic == pytest.approx(400 * (1 - lam) ** (WARMUP_DAYS + 1), rel=1e-6)
    assert (exact.chronic - near.chronic) / exact.chronic < 1e-6  # 1.1e-7 of the chronic load
    assert near.acwr == pytest.approx(exact.acwr, rel=1e-6)


# --- compliance -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("logged", "expected"),
    [
        (48, Compliance.DONE),  # 80 %
        (60, Compliance.DONE),  # 100 %
        (72, Compliance.DONE),  # 120 %
        (47, Compliance.PARTIAL),  # 78 %
        (30, Compliance.PARTIAL),  # 50 %
        (73, Compliance.PARTIAL),  # 121.7 %
        (90, Compliance.PARTIAL),  # 150 %
        (29, Compliance.MISSED),  # 48 %
        (91, Compliance.MISSED),  # 151.7 %
        (0, Compliance.MISSED),
        (None, Compliance.MISSED),
    ],
)
def test_session_compliance_bands(logged, expected):
    assert session_compliance(60, logged) is expected


def test_weekly_compliance_counts_half_of_partials():
    # 3 done, 2 partial, 1 missed of 6: (3 + 1) / 6 = 66.7 %.
    statuses = [Compliance.DONE] * 3 + [Compliance.PARTIAL] * 2 + [Compliance.MISSED]
    assert weekly_compliance_pct(statuses) == pytest.approx(400 / 6)
    assert weekly_compliance_pct([]) is None
