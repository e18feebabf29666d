"""Water targets, exercise hydration, reminder pace and implausible logs (docs/domain.md §4, §9)."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.targets import (
    WATER_TARGET_CAP_ML,
    DaySession,
    Intensity,
    MedicalFlag,
    Profile,
    Sex,
    after_exercise_ml,
    beverage_ai_ml,
    exercise_hydration,
    hydration_pace,
    implausible_water_log,
    mass_loss_flagged,
    prorated_target_ml,
    sweat_rate_ml_per_h,
    water_target,
)

WOMAN_25 = Profile(sex=Sex.FEMALE, age_years=25, mass_kg=60)


@pytest.mark.parametrize(
    ("sex", "age_years", "expected_ml"),
    [
        (Sex.FEMALE, 14, 1_800),
        (Sex.FEMALE, 18, 1_800),
        (Sex.MALE, 14, 2_600),
        (Sex.MALE, 18, 2_600),
        (Sex.FEMALE, 19, 2_200),
        (Sex.FEMALE, 80, 2_200),
        (Sex.MALE, 19, 3_000),
        (Sex.MALE, 80, 3_000),
    ],
)
def test_rest_day_target_is_the_beverage_ai(sex, age_years, expected_ml):
    target = water_target(Profile(sex=sex, age_years=age_years, mass_kg=60))
    assert target.water_ml == expected_ml == beverage_ai_ml(sex, age_years)
    assert target.sweat_loss_ml == 0


def test_rest_day_why_cites_the_dri():
    target = water_target(WOMAN_25)
    assert target.why[0] == "National Academies DRI 2004: 2,200 ml beverages for women 19+"
    assert "Dietary Reference Intakes for Water" in target.source


def test_teen_why_names_the_14_18_band():
    assert water_target(Profile(Sex.MALE, 16, 60)).why[0] == (
        "National Academies DRI 2004: 2,600 ml beverages for males 14-18"
    )


def test_under_14_is_refused():
    with pytest.raises(ValueError, match="14"):
        Profile(sex=Sex.FEMALE, age_years=13, mass_kg=45)


def test_training_day_adds_default_sweat_by_intensity():
    # 2,200 ml AI + hard 90 min at 1.2 L/h (1,800 ml) + easy 30 min at 0.5 L/h (250 ml) = 4,250 ml.
    sessions = [DaySession(90, Intensity.HARD), DaySession(30, Intensity.EASY)]
    target = water_target(WOMAN_25, sessions)
    assert target.sweat_loss_ml == 2_050
    assert target.water_ml == 4_250
    assert not target.capped
    assert len(target.why) == 3
    assert "+1,800 ml" in target.why[1]
    assert "+250 ml" in target.why[2]


def test_moderate_default_is_0_8_litres_an_hour():
    # 45 min moderate: 0.8 L/h x 0.75 h = 600 ml.
    assert water_target(WOMAN_25, [DaySession(45, Intensity.MODERATE)]).water_ml == 2_800


def test_measured_sweat_rate_replaces_the_defaults():
    profile = Profile(Sex.FEMALE, 25, 60, sweat_rate_ml_per_h=1_000)
    # 60 min easy at the measured 1,000 ml/h, not the 500 ml/h default.
    target = water_target(profile, [DaySession(60, Intensity.EASY)])
    assert target.water_ml == 3_200
    assert "measured" in target.why[1]


def test_target_is_capped_at_6_litres():
    man = Profile(Sex.MALE, 30, 80)
    # 3,000 ml + 180 min hard at 1.2 L/h (3,600 ml) = 6,600 ml -> 6,000 ml.
    target = water_target(man, [DaySession(180, Intensity.HARD)])
    assert target.water_ml == WATER_TARGET_CAP_ML == 6_000
    assert target.capped
    assert "Capped at 6,000 ml" in target.why[-1]


def test_every_water_target_explains_itself():
    for sessions in ([], [DaySession(60, Intensity.HARD)]):
        target = water_target(WOMAN_25, sessions)
        assert target.why
        assert target.source


def test_kidney_disease_does_not_raise_the_water_target():
    profile = Profile(Sex.FEMALE, 25, 60, frozenset({MedicalFlag.KIDNEY_DISEASE}))
    target = water_target(profile, [DaySession(120, Intensity.HARD)])
    assert target.water_ml == 2_200
    assert any("kidney disease" in line for line in target.why)


sessions_strategy = st.lists(
    st.builds(DaySession, minutes=st.integers(0, 300), intensity=st.sampled_from(Intensity)), max_size=4
)
profiles = st.builds(
    Profile,
    sex=st.sampled_from(Sex),
    age_years=st.integers(14, 100),
    mass_kg=st.floats(35, 150),
    medical_flags=st.frozensets(st.sampled_from(MedicalFlag), max_size=3),
    sweat_rate_ml_per_h=st.none() | st.integers(200, 3_000),
)


@given(profile=profiles, sessions=sessions_strategy, data=st.data())
def test_water_target_is_monotone_in_minutes_and_capped(profile, sessions, data):
    before = water_target(profile, sessions)
    assert beverage_ai_ml(profile.sex, profile.age_years) <= before.water_ml <= WATER_TARGET_CAP_ML
    extra_minutes = data.draw(st.integers(1, 240))
    if sessions:
        i = data.draw(st.integers(0, len(sessions) - 1))
        longer = list(sessions)
        longer[i] = DaySession(sessions[i].minutes + extra_minutes, sessions[i].intensity)
    else:
        longer = [DaySession(extra_minutes, data.draw(st.sampled_from(Intensity)))]
    after = water_target(profile, longer)
    assert before.water_ml <= after.water_ml <= WATER_TARGET_CAP_ML


@given(profile=profiles, sessions=sessions_strategy, extra=sessions_strategy)
def test_adding_sessions_never_lowers_the_target(profile, sessions, extra):
    assert water_target(profile, sessions).water_ml <= water_target(profile, sessions + extra).water_ml


# --- before, during, after ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("mass_kg", "before_ml", "top_up_ml"),
    [
        (70, 400, (200, 350)),  # 420 -> 400; 210 -> 200, 350
        (75, 450, (250, 400)),  # 450; 225 -> 250 (half up), 375 -> 400
        (60, 350, (200, 300)),  # 360 -> 350; 180 -> 200, 300
    ],
)
def test_pre_exercise_is_6_ml_per_kg_rounded_to_50(mass_kg, before_ml, top_up_ml):
    advice = exercise_hydration(Profile(Sex.MALE, 30, mass_kg), DaySession(45, Intensity.EASY))
    assert advice.before_4h_ml == before_ml
    assert advice.before_2h_if_dark_urine_ml == top_up_ml


def test_during_keeps_loss_under_2_percent_without_drinking_beyond_sweat():
    # 60 kg: 2 % is 1.2 kg. Hard 90 min sweats 1,800 ml, so at least 600 ml keeps the loss under 2 %,
    # and more than 1,800 ml would be drinking beyond sweat losses.
    advice = exercise_hydration(WOMAN_25, DaySession(90, Intensity.HARD))
    assert advice.max_mass_loss_kg == pytest.approx(1.2)
    assert advice.expected_sweat_ml == 1_800
    assert advice.during_min_ml == 600
    assert advice.during_max_ml == 1_800
    assert advice.source


def test_short_session_needs_no_drink_to_stay_under_2_percent():
    advice = exercise_hydration(WOMAN_25, DaySession(30, Intensity.EASY))
    assert advice.during_min_ml == 0
    assert not advice.drink_to_thirst


def test_long_sessions_say_drink_to_thirst():
    advice = exercise_hydration(WOMAN_25, DaySession(60, Intensity.MODERATE))
    assert advice.drink_to_thirst
    assert any("Drink to thirst" in line for line in advice.why)


def test_after_is_1_5_litres_per_kg_lost():
    assert after_exercise_ml(1.2) == 1_800
    assert after_exercise_ml(0) == 0


def test_sweat_rate_formula():
    # (70 - 69 kg = 1,000 ml) + 500 ml drunk - 100 ml urine = 1,400 ml over 1 h.
    assert sweat_rate_ml_per_h(70, 69, 500, 100, 60) == pytest.approx(1_400)
    # The same over 2 h is 700 ml/h.
    assert sweat_rate_ml_per_h(70, 69, 500, 100, 120) == pytest.approx(700)


def test_loss_over_2_percent_is_flagged():
    assert not mass_loss_flagged(70, 68.6)  # exactly 2 %
    assert mass_loss_flagged(70, 68.5)


# --- hydration reminder pace (docs/domain.md §9) ------------------------------------------------------------------
def test_prorated_over_default_waking_hours():
    # 07:00-21:00 is 14 h; at 10:00, 3/14 of 2,800 ml = 600 ml.
    assert prorated_target_ml(2_800, time(10)) == 600
    assert prorated_target_ml(2_800, time(6)) == 0
    assert prorated_target_ml(2_800, time(22)) == 2_800


def test_reminder_only_when_more_than_15_percent_behind():
    assert hydration_pace(2_800, 510, time(10)).remind is False  # exactly 15 % behind 600 ml
    pace = hydration_pace(2_800, 500, time(10))  # 16.7 % behind
    assert pace.remind
    assert pace.suggest_ml == 100


def test_reminder_never_pushes_beyond_the_target():
    pace = hydration_pace(2_800, 2_800, time(20, 59))
    assert not pace.remind
    assert pace.suggest_ml == 0


def test_nothing_is_due_before_waking():
    pace = hydration_pace(2_800, 0, time(6, 30))
    assert pace.expected_ml == 0
    assert not pace.remind


def test_custom_waking_hours():
    # 08:00-20:00 is 12 h; at 14:00 half of 2,400 ml is due.
    assert prorated_target_ml(2_400, time(14), time(8), time(20)) == 1_200


def test_daylight_saving_day_prorates_on_the_local_wall_clock():
    # Berlin springs forward on 2026-03-29: 08:00 UTC is 10:00 local, and 10:00 is 3/14 of the waking day.
    local = datetime(2026, 3, 29, 8, 0, tzinfo=UTC).astimezone(ZoneInfo("Europe/Berlin"))
    assert local.time() == time(10)
    assert prorated_target_ml(2_800, local.time()) == 600


# --- implausible logs -----------------------------------------------------------------------------------------
def test_single_log_over_2_litres_is_refused():
    assert implausible_water_log(2_000) is None
    assert "2,000 ml" in implausible_water_log(2_001)


def test_day_over_10_litres_is_refused():
    assert implausible_water_log(1_000, day_total_before_ml=9_000) is None
    assert "10,000 ml" in implausible_water_log(1_001, day_total_before_ml=9_000)


def test_zero_log_is_refused():
    assert implausible_water_log(0) is not None


def test_plain_strings_from_the_database_are_accepted():
    profile = Profile(sex="female", age_years=25, mass_kg=60, medical_flags=frozenset({"diabetes"}))
    assert profile.sex is Sex.FEMALE
    assert MedicalFlag.DIABETES in profile.medical_flags
    assert water_target(profile, [DaySession(60, "moderate")]).water_ml == 3_000
