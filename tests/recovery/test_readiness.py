"""Readiness: Hooper, resting heart rate, HRV and morning mass (docs/domain.md §3)."""

import math
from datetime import date, timedelta

import pytest

from core.status import Status
from recovery.readiness import (
    CheckIn,
    assess_hooper,
    assess_hrv,
    assess_morning_mass,
    assess_readiness,
    assess_resting_hr,
)

START = date(2026, 1, 1)


def on(i: int) -> date:
    return START + timedelta(i)


def checkin(i: int, index: int = 8, **measures) -> CheckIn:
    """A check-in on day i whose Hooper items add up to `index`, spread so no item reaches 7 below 24."""
    items = [1, 1, 1, 1]
    rest, j = index - 4, 0
    while rest > 0:
        add = min(5, rest)
        items[j] += add
        rest -= add
        j += 1
    return CheckIn(on(i), *items, **measures)


def test_hooper_index_is_the_sum_of_four_items():
    assert CheckIn(START, sleep=2, fatigue=3, stress=4, soreness=5).hooper_index == 14


def test_items_outside_1_to_7_are_refused():
    with pytest.raises(ValueError, match="fatigue"):
        CheckIn(START, sleep=2, fatigue=8, stress=4, soreness=5)


# --- without a baseline (fewer than 7 check-ins in the last 28 days) ---------------------------------------------
@pytest.mark.parametrize(
    ("index", "level"), [(19, Status.GREEN), (20, Status.AMBER), (23, Status.AMBER), (24, Status.RED)]
)
def test_without_baseline_amber_at_20_red_at_24(index, level):
    result = assess_hooper([checkin(0, index)], on(0))
    assert result.level is level
    assert result.z is None


def test_any_item_at_7_is_red():
    result = assess_hooper([CheckIn(START, sleep=7, fatigue=1, stress=1, soreness=1)], START)
    assert result.level is Status.RED
    assert result.items_at_max == ("sleep",)


def test_no_checkin_today_gives_none():
    assert assess_hooper([checkin(0)], on(1)) is None


# --- with a baseline ----------------------------------------------------------------------------------------------
# Baseline of 7 check-ins: 7, 7, 7, 11, 11, 11, 9. Mean 9; deviations -2, -2, -2, +2, +2, +2, 0; squares sum to 24;
# sample variance 24 / 6 = 4, so SD = 2. Today's index 10 -> z = 0.5, 11 -> z = 1, 13 -> z = 2.
BASELINE = [7, 7, 7, 11, 11, 11, 9]


def with_today(index: int) -> list[CheckIn]:
    return [checkin(i, v) for i, v in enumerate(BASELINE)] + [checkin(7, index)]


@pytest.mark.parametrize(
    ("index", "z", "level"), [(10, 0.5, Status.GREEN), (11, 1.0, Status.AMBER), (13, 2.0, Status.RED)]
)
def test_z_score_against_the_last_28_days(index, z, level):
    result = assess_hooper(with_today(index), on(7))
    assert result.baseline_mean == pytest.approx(9)
    assert result.baseline_sd == pytest.approx(2)
    assert result.z == pytest.approx(z)
    assert result.level is level


def test_baseline_overrides_absolute_cutoffs():
    # An athlete who usually scores 20-22: 21 is normal for them, not amber.
    checkins = [checkin(i, v) for i, v in enumerate([20, 22, 20, 22, 20, 22, 21])] + [checkin(7, 21)]
    assert assess_hooper(checkins, on(7)).level is Status.GREEN


def test_six_checkins_are_not_a_baseline():
    checkins = [checkin(i, 8) for i in range(6)] + [checkin(6, 12)]
    assert assess_hooper(checkins, on(6)).z is None


def test_checkins_older_than_28_days_leave_the_baseline():
    checkins = [checkin(i, 8) for i in range(7)] + [checkin(40, 12)]
    assert assess_hooper(checkins, on(40)).baseline_count == 0


def test_flat_baseline_uses_a_one_point_sd():
    # Seven 9s have SD 0; the product floors it at one point: 10 -> z = 1 (amber), 11 -> z = 2 (red).
    flat = [checkin(i, 9) for i in range(7)]
    assert assess_hooper([*flat, checkin(7, 10)], on(7)).level is Status.AMBER
    assert assess_hooper([*flat, checkin(7, 11)], on(7)).level is Status.RED


# Three amber days in a row: after the baseline above, day 8 scores 11 (z = 1.0), day 9 scores 12 (baseline now
# includes day 8: mean 9.25, SD 1.98, z = 1.39), day 10 scores 12 (mean 9.56, SD 2.07, z = 1.18). Each alone is
# amber; the third in a row is red.
def test_three_amber_days_in_a_row_make_red():
    checkins = [checkin(i, v) for i, v in enumerate(BASELINE)] + [checkin(7, 11), checkin(8, 12), checkin(9, 12)]
    assert assess_hooper(checkins, on(7)).level is Status.AMBER
    assert assess_hooper(checkins, on(8)).level is Status.AMBER
    third = assess_hooper(checkins, on(9))
    assert third.z == pytest.approx(1.18, abs=0.01)
    assert third.level is Status.RED
    assert third.amber_streak


def test_a_missing_day_breaks_the_amber_run():
    checkins = [checkin(i, v) for i, v in enumerate(BASELINE)] + [checkin(7, 11), checkin(9, 12), checkin(10, 12)]
    assert assess_hooper(checkins, on(10)).level is Status.AMBER


# --- resting heart rate ---------------------------------------------------------------------------------------------
def test_resting_hr_5_bpm_above_the_28_day_mean_is_amber():
    history = [checkin(i, resting_hr_bpm=50) for i in range(7)]
    assert assess_resting_hr([*history, checkin(7, resting_hr_bpm=55)], on(7)).level is Status.AMBER
    result = assess_resting_hr([*history, checkin(7, resting_hr_bpm=54)], on(7))
    assert result.level is Status.GREEN
    assert result.rise_bpm == pytest.approx(4)


def test_resting_hr_needs_a_baseline():
    history = [checkin(i, resting_hr_bpm=50) for i in range(6)]
    assert assess_resting_hr([*history, checkin(6, resting_hr_bpm=70)], on(6)) is None


# --- HRV ------------------------------------------------------------------------------------------------------------
# Days 0-20 alternate rMSSD 65 and 55 ms; days 21, 24 and 27 read 40 ms. On day 27 the week (days 21-27) holds three
# readings, mean ln(40) = 3.689; the 28-day baseline (24 readings) has mean 4.044 and SD 0.159, so the threshold is
# 4.044 - 0.5 x 0.159 = 3.965 and the week is below it.
def hrv_history(low_days: tuple[int, ...] = (21, 24, 27), low_ms: float = 40) -> list[CheckIn]:
    usual = [checkin(i, hrv_rmssd_ms=55 if i % 2 else 65) for i in range(21)]
    return usual + [checkin(i, hrv_rmssd_ms=low_ms) for i in low_days]


def test_low_hrv_week_is_amber_and_rules_out_a_hard_session():
    result = assess_hrv(hrv_history(), on(27))
    assert result.week_mean_ln == pytest.approx(math.log(40))
    assert result.threshold_ln == pytest.approx(3.965, abs=1e-3)
    assert result.level is Status.AMBER
    assert result.no_hard_session


def test_hrv_needs_three_readings_in_the_week():
    assert assess_hrv(hrv_history(low_days=(24, 27)), on(27)) is None


def test_usual_hrv_is_fine():
    result = assess_hrv(hrv_history(low_ms=60), on(27))
    assert result.level is Status.GREEN
    assert not result.no_hard_session


# --- morning mass ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("mass_kg", "level"), [(68.7, Status.GREEN), (68.6, Status.AMBER), (67.9, Status.RED)])
def test_morning_mass_drop(mass_kg, level):
    # The 7 days before average 70 kg: 68.6 is exactly 2 % below, 67.9 exactly 3 %.
    history = [checkin(i, morning_mass_kg=70) for i in range(7)]
    assert assess_morning_mass([*history, checkin(7, morning_mass_kg=mass_kg)], on(7)).level is level


def test_morning_mass_needs_earlier_readings():
    assert assess_morning_mass([checkin(5, morning_mass_kg=70), checkin(6, morning_mass_kg=60)], on(6)) is None


def test_readiness_level_is_the_worst_signal():
    history = [checkin(i, morning_mass_kg=70, resting_hr_bpm=50) for i in range(7)]
    readiness = assess_readiness([*history, checkin(7, morning_mass_kg=67.9, resting_hr_bpm=50)], on(7))
    assert readiness.hooper.level is Status.GREEN
    assert readiness.resting_hr.level is Status.GREEN
    assert readiness.mass.level is Status.RED
    assert readiness.hrv is None
    assert readiness.level is Status.RED
