"""Mineral targets, limits, shortfalls and suggestions (docs/domain.md §5, §10)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.targets import (
    DaySession,
    Intensity,
    MedicalFlag,
    Mineral,
    MineralAmounts,
    MineralDay,
    Profile,
    Sex,
    calcium_upper_limit_mg,
    mineral_suggestions,
    mineral_targets,
    shortfalls,
    upper_limit_warnings,
)

# docs/domain.md §5's table, copied column by column: (potassium, calcium, magnesium, sodium) mg/day.
DOMAIN_TABLE = {
    "F 14-18": (2_300, 1_300, 360, 1_500),
    "M 14-18": (3_000, 1_300, 410, 1_500),
    "F 19-30": (2_600, 1_000, 310, 1_500),
    "M 19-30": (3_400, 1_000, 400, 1_500),
    "F 31-50": (2_600, 1_000, 320, 1_500),
    "M 31-50": (3_400, 1_000, 420, 1_500),
    "F 51+": (2_600, 1_200, 320, 1_500),
    "M 51-70": (3_400, 1_000, 420, 1_500),
    "M 71+": (3_400, 1_200, 420, 1_500),
}


def domain_column(sex: Sex, age_years: int) -> str:
    """The docs/domain.md §5 column an athlete falls in, written independently of the code under test."""
    letter = "F" if sex is Sex.FEMALE else "M"
    if age_years <= 18:
        return f"{letter} 14-18"
    if age_years <= 30:
        return f"{letter} 19-30"
    if age_years <= 50:
        return f"{letter} 31-50"
    if letter == "F":
        return "F 51+"
    return "M 51-70" if age_years <= 70 else "M 71+"


def target_tuple(profile: Profile, sessions=()) -> tuple[int, int, int, int]:
    targets = mineral_targets(profile, sessions)
    return tuple(
        targets.of(m).target_mg for m in (Mineral.POTASSIUM, Mineral.CALCIUM, Mineral.MAGNESIUM, Mineral.SODIUM)
    )


@pytest.mark.parametrize("age_years", [14, 18, 19, 30, 31, 50, 51, 70, 71, 95])
@pytest.mark.parametrize("sex", list(Sex))
def test_band_edges_match_domain_table(sex, age_years):
    assert target_tuple(Profile(sex, age_years, 60)) == DOMAIN_TABLE[domain_column(sex, age_years)]


@given(sex=st.sampled_from(Sex), age_years=st.integers(14, 120))
def test_every_age_matches_domain_table(sex, age_years):
    assert target_tuple(Profile(sex, age_years, 60)) == DOMAIN_TABLE[domain_column(sex, age_years)]


def test_every_column_is_reached():
    reached = {domain_column(sex, age) for sex in Sex for age in range(14, 100)}
    assert reached == set(DOMAIN_TABLE)


def test_every_target_explains_itself():
    targets = mineral_targets(Profile(Sex.FEMALE, 25, 60))
    for mineral in Mineral:
        target = targets.of(mineral)
        assert target.why
        assert target.source
    assert targets.potassium.why[0] == "NIH ODS: 2,600 mg potassium a day for women 19-30 (AI (2019))"
    assert targets.calcium.kind == "RDA"


def test_women_over_50_cite_the_51_plus_column():
    assert "women 51+" in mineral_targets(Profile(Sex.FEMALE, 75, 60)).calcium.why[0]


@pytest.mark.parametrize(("age_years", "ul_mg"), [(14, 3_000), (18, 3_000), (19, 2_500), (50, 2_500), (51, 2_000)])
def test_calcium_upper_limit_by_age(age_years, ul_mg):
    assert calcium_upper_limit_mg(age_years) == ul_mg
    assert mineral_targets(Profile(Sex.MALE, age_years, 70)).calcium.limit_mg == ul_mg


def test_limits_shown_on_a_rest_day():
    targets = mineral_targets(Profile(Sex.MALE, 30, 70))
    assert targets.magnesium.limit_mg == 350
    assert targets.sodium.limit_mg == 2_300
    assert targets.potassium.limit_mg is None  # no UL from food


# --- sodium on training days ----------------------------------------------------------------------------------
def test_long_session_adds_500_mg_per_litre_of_sweat_and_hides_the_2300_limit():
    # Hard 90 min: 1.8 L of sweat -> +900 mg; 1,500 + 900 = 2,400 mg, over the 2,300 CDRR, so no limit shown.
    sodium = mineral_targets(Profile(Sex.FEMALE, 25, 60), [DaySession(90, Intensity.HARD)]).sodium
    assert sodium.target_mg == 2_400
    assert sodium.limit_mg is None
    assert any("not a limit today" in line for line in sodium.why)


def test_sessions_under_60_minutes_add_no_sodium():
    sodium = mineral_targets(Profile(Sex.FEMALE, 25, 60), [DaySession(59, Intensity.HARD)]).sodium
    assert sodium.target_mg == 1_500
    assert sodium.limit_mg == 2_300


def test_only_sessions_of_60_minutes_or_more_count():
    # Moderate 60 min (800 ml -> +400 mg) counts; hard 45 min (900 ml) does not.
    sessions = [DaySession(60, Intensity.MODERATE), DaySession(45, Intensity.HARD)]
    assert mineral_targets(Profile(Sex.MALE, 40, 80), sessions).sodium.target_mg == 1_900


def test_sodium_extra_uses_the_measured_sweat_rate():
    profile = Profile(Sex.MALE, 40, 80, sweat_rate_ml_per_h=2_000)
    # 120 min at 2 L/h = 4 L -> +2,000 mg.
    assert mineral_targets(profile, [DaySession(120, Intensity.EASY)]).sodium.target_mg == 3_500


def test_training_never_changes_potassium_calcium_magnesium():
    rest = mineral_targets(Profile(Sex.MALE, 40, 80)).amounts()
    long_day = mineral_targets(Profile(Sex.MALE, 40, 80), [DaySession(150, Intensity.HARD)]).amounts()
    for mineral in (Mineral.POTASSIUM, Mineral.CALCIUM, Mineral.MAGNESIUM):
        assert rest.of(mineral) == long_day.of(mineral)


# --- upper-limit warnings ---------------------------------------------------------------------------------------
MAN_40 = Profile(Sex.MALE, 40, 80)


def test_magnesium_supplements_over_350_mg_warn_but_food_never_does():
    assert upper_limit_warnings(MAN_40, MineralAmounts(), MineralAmounts(magnesium_mg=350)) == ()
    warnings = upper_limit_warnings(MAN_40, MineralAmounts(), MineralAmounts(magnesium_mg=351))
    assert [w.mineral for w in warnings] == [Mineral.MAGNESIUM]
    assert warnings[0].limit_mg == 350
    assert upper_limit_warnings(MAN_40, MineralAmounts(magnesium_mg=1_000), MineralAmounts()) == ()


def test_calcium_over_the_age_ul_from_food_and_supplements():
    # 40 years: UL 2,500 mg. 1,800 food + 800 supplements = 2,600 mg.
    warnings = upper_limit_warnings(MAN_40, MineralAmounts(calcium_mg=1_800), MineralAmounts(calcium_mg=800))
    assert [(w.mineral, w.limit_mg) for w in warnings] == [(Mineral.CALCIUM, 2_500)]
    assert upper_limit_warnings(MAN_40, MineralAmounts(calcium_mg=2_500), MineralAmounts()) == ()


def test_teen_calcium_ul_is_3000():
    teen = Profile(Sex.FEMALE, 16, 55)
    assert upper_limit_warnings(teen, MineralAmounts(calcium_mg=2_900), MineralAmounts()) == ()
    assert upper_limit_warnings(teen, MineralAmounts(calcium_mg=3_100), MineralAmounts())


def test_sodium_over_2300_warns_on_a_rest_day_only():
    food = MineralAmounts(sodium_mg=2_600)
    rest = upper_limit_warnings(MAN_40, food, MineralAmounts())
    assert [w.mineral for w in rest] == [Mineral.SODIUM]
    assert "2,300 mg" in rest[0].message
    assert upper_limit_warnings(MAN_40, food, MineralAmounts(), [DaySession(90, Intensity.HARD)]) == ()


def test_potassium_supplement_with_diuretics_goes_to_the_clinician():
    profile = Profile(Sex.MALE, 40, 80, frozenset({MedicalFlag.DIURETICS}))
    warnings = upper_limit_warnings(profile, MineralAmounts(), MineralAmounts(potassium_mg=99))
    assert [w.mineral for w in warnings] == [Mineral.POTASSIUM]
    assert "ask your doctor before changing potassium intake" in warnings[0].message
    assert upper_limit_warnings(MAN_40, MineralAmounts(), MineralAmounts(potassium_mg=99)) == ()


# --- shortfalls (under 70 % over three days) ---------------------------------------------------------------------
TARGET = MineralAmounts(potassium_mg=3_400, calcium_mg=1_000, magnesium_mg=400, sodium_mg=1_500)
FULL = TARGET


def day(**intake_mg: float) -> MineralDay:
    return MineralDay(intake_mg=MineralAmounts(**{**vars(FULL), **intake_mg}), target_mg=TARGET)


def test_shortfall_is_under_70_percent_over_three_days():
    # Magnesium 400, 400 and 40 mg: 840 of 1,200 mg = 70 % -> not a shortfall.
    assert shortfalls([day(), day(), day(magnesium_mg=40)]) == ()
    # 400, 400, 39 mg: 839 of 1,200 = 69.9 % -> shortfall.
    found = shortfalls([day(), day(), day(magnesium_mg=39)])
    assert [s.mineral for s in found] == [Mineral.MAGNESIUM]
    assert found[0].intake_pct == pytest.approx(69.9167, abs=1e-3)


def test_two_days_are_not_enough_to_call_a_shortfall():
    assert shortfalls([day(calcium_mg=0), day(calcium_mg=0)]) == ()


def test_only_the_last_three_days_count():
    assert shortfalls([day(calcium_mg=0), day(), day(), day()]) == ()


def test_suggestions_are_food_first_from_the_product_food_list():
    (suggestion,) = mineral_suggestions([day(potassium_mg=1_000)] * 3)
    assert suggestion.mineral is Mineral.POTASSIUM
    assert "baked potato" in " ".join(suggestion.foods)
    assert "Foods rich in potassium" in suggestion.message
    assert "supplement" not in suggestion.message.lower()
    assert suggestion.why
    assert suggestion.source


@given(
    intake=st.tuples(*[st.integers(0, 5_000)] * 4),
    flags=st.frozensets(st.sampled_from(MedicalFlag), max_size=4),
)
def test_suggestions_never_suggest_supplements(intake, flags):
    days = [MineralDay(MineralAmounts(*intake), TARGET)] * 3
    for suggestion in mineral_suggestions(days, flags):
        assert "take a supplement" not in suggestion.message.lower()
        assert not any("supplement" in food for food in suggestion.foods)
