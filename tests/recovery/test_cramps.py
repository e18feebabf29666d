"""Factors that preceded a cramp, and their frequency per athlete (docs/domain.md §6)."""

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from intake.targets import MedicalFlag, MineralAmounts, MineralDay
from plans.load import LoadDay
from recovery.cramps import (
    Cramp,
    CrampProfile,
    FactorCode,
    HistoryDay,
    MissingCode,
    cramp_factors,
    factor_frequency,
    factors_on,
    missing_data,
)
from recovery.readiness import CheckIn

ZONE = ZoneInfo("Europe/Oslo")
CRAMP_DAY = date(2026, 12, 10)
TARGET = MineralAmounts(potassium_mg=3_400, calcium_mg=1_000, magnesium_mg=400, sodium_mg=1_500)
PROFILE = CrampProfile(max_consecutive_training_days=3)


def day_index(i: int) -> date:
    """Day i of the history; day 0 is the cramp day, day -1 the day before."""
    return CRAMP_DAY + timedelta(i)


def healthy_day(d: date) -> HistoryDay:
    """A well-fed, well-watered day; training every other day, warm-up and stretching done."""
    trained = d.toordinal() % 2 == 0
    return HistoryDay(
        day=d,
        water_ml=2_600,
        water_target_ml=2_600,
        minerals=MineralDay(TARGET, TARGET),
        load=LoadDay(d, 300, 300, 300, 1.0, 1.2, 2_000, 2_100, 0.05),
        longest_session_ratio=0.8 if trained else None,
        trained=trained,
        warmup_done=True if trained else None,
        stretching_done=True if trained else None,
        checkin=CheckIn(d, sleep=2, fatigue=2, stress=2, soreness=2, morning_mass_kg=70),
    )


def history(first: int = -20, last: int = 0, **changes_by_day) -> list[HistoryDay]:
    """Healthy days from `first` to `last`; changes_by_day maps 'd-1' style keys to field changes."""
    days = []
    for i in range(first, last + 1):
        day = healthy_day(day_index(i))
        changes = changes_by_day.get(f"d{i}".replace("-", "m"), {})
        days.append(replace(day, **changes))
    return days


def cramp(severity: int = 4, at_day: int = 0, hour: int = 18) -> Cramp:
    return Cramp(at=datetime.combine(day_index(at_day), time(hour), ZONE), severity=severity)


def found(days, profile=PROFILE, on=CRAMP_DAY) -> dict[FactorCode, object]:
    return {f.code: f for f in factors_on(on, days, profile)}


def test_healthy_history_has_no_factors():
    assert found(history()) == {}


# --- dehydration ----------------------------------------------------------------------------------------------
def test_beverages_under_80_percent_the_day_before():
    factor = found(history(dm1={"water_ml": 2_000}))[FactorCode.DEHYDRATION]  # 77 %
    assert factor.value == pytest.approx(76.9, abs=0.1)
    assert "77 %" in factor.message


def test_beverages_at_80_percent_are_fine():
    assert FactorCode.DEHYDRATION not in found(history(dm1={"water_ml": 2_080}))


def test_beverages_two_days_before_are_outside_the_rule():
    assert FactorCode.DEHYDRATION not in found(history(dm2={"water_ml": 500}))


def test_morning_mass_drop_of_2_percent():
    checkin = CheckIn(CRAMP_DAY, 2, 2, 2, 2, morning_mass_kg=68.6)
    assert FactorCode.DEHYDRATION in found(history(d0={"checkin": checkin}))


def test_a_day_without_water_logs_is_unknown_not_dry():
    assert FactorCode.DEHYDRATION not in found(history(dm1={"water_ml": None}))


# --- mineral_shortfall ----------------------------------------------------------------------------------------------
def short(**intake_mg) -> dict:
    return {"minerals": MineralDay(replace(TARGET, **intake_mg), TARGET)}


def test_potassium_under_70_percent_over_the_3_days_before():
    days = history(dm1=short(potassium_mg=2_000), dm2=short(potassium_mg=2_000), dm3=short(potassium_mg=2_000))
    factor = found(days)[FactorCode.MINERAL_SHORTFALL]
    assert factor.value == pytest.approx(58.8, abs=0.1)
    assert "potassium" in factor.message


def test_sodium_alone_is_not_a_cramp_factor():
    days = history(dm1=short(sodium_mg=0), dm2=short(sodium_mg=0), dm3=short(sodium_mg=0))
    assert FactorCode.MINERAL_SHORTFALL not in found(days)


def test_the_cramp_days_own_meals_do_not_count():
    assert FactorCode.MINERAL_SHORTFALL not in found(history(d0=short(magnesium_mg=0)))


def test_a_day_without_meals_is_unknown():
    days = history(dm1={"minerals": None}, dm2=short(calcium_mg=0), dm3=short(calcium_mg=0))
    assert FactorCode.MINERAL_SHORTFALL not in found(days)


# --- load_spike ---------------------------------------------------------------------------------------------------
def load_with(**changes) -> dict:
    return {"load": replace(healthy_day(CRAMP_DAY).load, **changes)}


@pytest.mark.parametrize(
    ("changes", "present"),
    [
        ({"acwr": 1.3}, False),
        ({"acwr": 1.31}, True),
        ({"acwr": None}, False),  # under 28 days of history
        ({"week_change": 0.30}, False),
        ({"week_change": 0.31}, True),
    ],
)
def test_load_spike_from_ratio_or_week_change(changes, present):
    assert (FactorCode.LOAD_SPIKE in found(history(d0=load_with(**changes)))) is present


def test_long_session_in_the_look_back():
    assert FactorCode.LOAD_SPIKE in found(history(dm2={"longest_session_ratio": 1.2}))
    assert FactorCode.LOAD_SPIKE not in found(history(dm2={"longest_session_ratio": 1.1}))
    assert FactorCode.LOAD_SPIKE not in found(history(dm4={"longest_session_ratio": 1.5}))


# --- consecutive_days -------------------------------------------------------------------------------------------
def test_cramp_on_the_levels_maximum_run():
    trained = {"trained": True, "warmup_done": True, "stretching_done": True}
    days = history(d0=trained, dm1=trained, dm2=trained)
    factor = found(days)[FactorCode.CONSECUTIVE_DAYS]
    assert factor.value == 3
    assert FactorCode.CONSECUTIVE_DAYS not in found(days, replace(PROFILE, max_consecutive_training_days=4))


def test_two_days_in_a_row_under_a_max_of_three():
    trained = {"trained": True}
    assert FactorCode.CONSECUTIVE_DAYS not in found(history(d0=trained, dm1=trained, dm2={"trained": False}))


# --- skipped warm-up and stretching ------------------------------------------------------------------------------
def session(warmup: bool, stretching: bool) -> dict:
    return {"trained": True, "warmup_done": warmup, "stretching_done": stretching}


def test_last_session_without_warmup():
    no_session = {"trained": False, "warmup_done": None, "stretching_done": None}
    days = history(d0=no_session, dm1=session(False, True), dm2=no_session)
    factors = found(days)
    assert FactorCode.SKIPPED_WARMUP in factors
    assert FactorCode.SKIPPED_STRETCHING not in factors


def test_only_the_last_session_counts():
    days = history(d0=session(True, True), dm1=session(False, False))
    factors = found(days)
    assert FactorCode.SKIPPED_WARMUP not in factors
    assert FactorCode.SKIPPED_STRETCHING not in factors


def test_last_session_without_stretching():
    assert FactorCode.SKIPPED_STRETCHING in found(history(d0=session(True, False)))


# --- fatigue and medical flags ----------------------------------------------------------------------------------
def test_fatigue_or_soreness_6_or_7_in_the_last_2_days():
    sore = CheckIn(day_index(-1), sleep=2, fatigue=2, stress=2, soreness=6, morning_mass_kg=70)
    factor = found(history(dm1={"checkin": sore}))[FactorCode.FATIGUE]
    assert factor.value == 6
    older = CheckIn(day_index(-2), sleep=2, fatigue=7, stress=2, soreness=2, morning_mass_kg=70)
    assert FactorCode.FATIGUE not in found(history(dm2={"checkin": older}))


def test_medical_flag_or_medication():
    flagged = replace(PROFILE, medical_flags=frozenset({MedicalFlag.DIABETES}))
    factor = found(history(), flagged)[FactorCode.MEDICAL_FLAG]
    assert "clinician if cramps persist" in factor.message
    assert FactorCode.MEDICAL_FLAG in found(history(), replace(PROFILE, medications=("furosemide",)))


# --- the report ---------------------------------------------------------------------------------------------------
def everything_went_wrong() -> list[HistoryDay]:
    worn = CheckIn(CRAMP_DAY, sleep=2, fatigue=7, stress=2, soreness=2, morning_mass_kg=67)
    trained = session(False, False)
    return history(
        d0={**trained, **load_with(acwr=1.6), "checkin": worn, "water_ml": 500},
        dm1={**trained, **short(magnesium_mg=0)},
        dm2={**trained, **short(magnesium_mg=0)},
        dm3=short(magnesium_mg=0),
    )


def test_all_factors_can_be_found_together():
    profile = replace(PROFILE, medical_flags=frozenset({MedicalFlag.THYROID_DISORDER}))
    report = cramp_factors(cramp(), everything_went_wrong(), profile)
    assert {f.code for f in report.factors} == set(FactorCode)


def test_language_speaks_of_factors_never_of_a_cause():
    profile = replace(PROFILE, medical_flags=frozenset(MedicalFlag))
    report = cramp_factors(cramp(severity=9), everything_went_wrong(), profile)
    assert report.summary.startswith("Factors that preceded your cramp")
    texts = [report.summary, *(f.message for f in report.factors)]
    assert not any(re.search(r"caus", text, re.IGNORECASE) for text in texts)


def test_mild_cramp_with_factors_does_not_send_to_a_professional():
    report = cramp_factors(cramp(severity=3), history(dm1={"water_ml": 1_000}), PROFILE)
    assert not report.see_professional
    assert "healthcare professional" not in report.summary


def test_severe_cramp_ends_with_see_a_healthcare_professional():
    report = cramp_factors(cramp(severity=7), history(dm1={"water_ml": 1_000}), PROFILE)
    assert report.see_professional
    assert report.summary.endswith("see a healthcare professional.")


def test_persistent_cramps_end_with_see_a_healthcare_professional():
    earlier = [cramp(at_day=-5), cramp(at_day=-12)]
    report = cramp_factors(cramp(severity=3), history(dm1={"water_ml": 1_000}), PROFILE, history=earlier)
    assert report.see_professional
    assert report.summary.endswith("see a healthcare professional.")
    # Two earlier days, one of them outside the 14-day window: not persistent.
    too_old = [cramp(at_day=-5), cramp(at_day=-14)]
    assert not cramp_factors(cramp(severity=3), history(dm1={"water_ml": 1_000}), PROFILE, too_old).see_professional


def test_unexplained_cramp_ends_with_see_a_healthcare_professional():
    report = cramp_factors(cramp(severity=2), history(), PROFILE)
    assert report.factors == ()
    assert report.see_professional
    assert report.summary.endswith("see a healthcare professional.")


def test_the_cramp_day_is_the_athletes_local_date():
    # 00:30 in Oslo on 11 December is 23:30 UTC on the 10th: the cramp day is the 11th, the athlete's date.
    late = Cramp(at=datetime(2026, 12, 11, 0, 30, tzinfo=ZONE), severity=3)
    days = history(last=1, d1={"water_ml": 1_000})
    assert FactorCode.DEHYDRATION in {f.code for f in cramp_factors(late, days, PROFILE).factors}


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        Cramp(at=datetime(2026, 12, 10, 18), severity=3)


# --- frequency per athlete ---------------------------------------------------------------------------------------
# Ten days (-9 .. 0). Beverages are short only on day -5, so dehydration is present on day -5 and on day -4 (its
# day before). Cramps fall on days -4 and 0: dehydration preceded 1 of 2 cramp days (50 %) and was present on 1 of
# the 8 other days (day -5, 12.5 %).
def test_factor_frequency_on_cramp_days_against_other_days():
    days = history(first=-9, dm5={"water_ml": 1_000})
    cramps = [cramp(at_day=-4), cramp(at_day=0), cramp(at_day=0, hour=21)]
    frequencies = {f.code: f for f in factor_frequency(days, cramps, PROFILE)}
    dehydration = frequencies[FactorCode.DEHYDRATION]
    assert (dehydration.cramp_days, dehydration.cramp_days_with_factor) == (2, 1)
    assert (dehydration.other_days, dehydration.other_days_with_factor) == (8, 1)
    assert dehydration.cramp_day_share == pytest.approx(0.5)
    assert dehydration.other_day_share == pytest.approx(0.125)
    assert frequencies[FactorCode.FATIGUE].cramp_day_share == 0
    assert FactorCode.MEDICAL_FLAG not in frequencies


def test_frequency_without_cramps():
    frequencies = factor_frequency(history(first=-3), [], PROFILE)
    assert all(f.cramp_day_share is None and f.other_days == 4 for f in frequencies)


# --- what was not logged (issue 14): unknown, never "no factor" ------------------------------------------------
def missing(days, on=CRAMP_DAY) -> dict[MissingCode, object]:
    return {m.code: m for m in cramp_factors(Cramp(datetime.combine(on, time(18), ZONE), 3), days, PROFILE).missing}


def test_a_healthy_well_logged_history_misses_nothing():
    assert missing(history()) == {}


def test_a_cramp_after_a_day_without_water_says_water_was_not_logged():
    report = cramp_factors(cramp(), history(dm1={"water_ml": None}), PROFILE)
    assert report.factors == ()
    [unknown] = report.missing
    assert unknown.code is MissingCode.WATER and unknown.days == (day_index(-1),)
    assert unknown.message == ("No water was logged on Wed 09 Dec, so whether you were low on fluids is unknown.")
    assert "Not logged, so unknown: water." in report.summary
    assert not report.summary.startswith("None of the factors the product tracks preceded")


def test_no_water_on_either_day_names_both():
    [unknown] = missing(history(d0={"water_ml": None}, dm1={"water_ml": None})).values()
    assert unknown.days == (day_index(-1), day_index(0)) and "Wed 09 Dec or Thu 10 Dec" in unknown.message


def test_a_present_factor_needs_nothing_more():
    """Low fluids the day before is a factor; the cramp day's water, not logged yet, changes nothing."""
    report = cramp_factors(cramp(), history(dm1={"water_ml": 1_000}, d0={"water_ml": None}), PROFILE)
    assert {f.code for f in report.factors} == {FactorCode.DEHYDRATION}
    assert report.missing == ()


def test_meals_checkins_and_workouts_not_logged():
    idle = {"trained": False, "warmup_done": None, "stretching_done": None, "longest_session_ratio": None}
    days = history(
        first=-3,
        d0={**idle, "checkin": None},
        dm1={**idle, "minerals": None},
        dm2=idle,
        dm3={**idle, "minerals": None},
    )
    found_missing = missing(days)
    assert set(found_missing) == {MissingCode.MEALS, MissingCode.CHECKIN, MissingCode.WORKOUTS}
    assert found_missing[MissingCode.MEALS].days == (day_index(-3), day_index(-1))
    assert "potassium, magnesium and calcium" in found_missing[MissingCode.MEALS].message
    assert found_missing[MissingCode.CHECKIN].days == (day_index(0),)
    assert "fatigue, soreness and morning mass" in found_missing[MissingCode.CHECKIN].message
    assert "from Mon 07 Dec to Thu 10 Dec" in found_missing[MissingCode.WORKOUTS].message
    report = cramp_factors(cramp(), days, PROFILE)
    assert "Not logged, so unknown: meals, check-ins and workouts." in report.summary


def test_days_outside_the_history_count_as_not_logged():
    assert {m.code for m in missing_data(CRAMP_DAY, [])} == set(MissingCode)


def test_missing_data_words_are_for_people():
    for item in missing_data(CRAMP_DAY, []):
        assert "_" not in item.message and "caus" not in item.message.lower()
