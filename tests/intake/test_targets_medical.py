"""Medical flags make the advice more careful, never bolder (docs/domain.md §8)."""

from hypothesis import given
from hypothesis import strategies as st

from intake.targets import (
    KIDNEY_DOCTOR_SENTENCE,
    DaySession,
    Intensity,
    MedicalFlag,
    Mineral,
    MineralAmounts,
    MineralDay,
    Profile,
    Sex,
    medical_notes,
    mineral_suggestions,
    mineral_targets,
    upper_limit_warnings,
    water_target,
)

EXACT_SENTENCE = "talk to your doctor first: kidney disease changes how your body handles potassium and magnesium"
TARGET = MineralAmounts(potassium_mg=3_400, calcium_mg=1_000, magnesium_mg=420, sodium_mg=1_500)
ALL_SHORT = [MineralDay(MineralAmounts(), TARGET)] * 3  # nothing eaten for three days: every mineral short
KIDNEY = frozenset({MedicalFlag.KIDNEY_DISEASE})
MORE_WORDS = ("foods rich", "eat more", "add ", "increase your")


def by_mineral(flags):
    return {s.mineral: s for s in mineral_suggestions(ALL_SHORT, flags)}


def test_the_kidney_sentence_is_exactly_domain_md():
    assert KIDNEY_DOCTOR_SENTENCE == EXACT_SENTENCE


def test_kidney_disease_never_suggests_more_potassium_or_magnesium():
    suggestions = by_mineral(KIDNEY)
    for mineral in (Mineral.POTASSIUM, Mineral.MAGNESIUM):
        assert suggestions[mineral].foods == ()
        assert not any(word in suggestions[mineral].message.lower() for word in MORE_WORDS)


def test_kidney_disease_puts_the_sentence_on_every_mineral_suggestion():
    suggestions = by_mineral(KIDNEY)
    assert set(suggestions) == set(Mineral)
    for suggestion in suggestions.values():
        assert EXACT_SENTENCE in suggestion.message
        # Every food on the product's list carries potassium, so none is suggested with kidney disease.
        assert suggestion.foods == ()


@given(
    intake=st.lists(st.tuples(*[st.integers(0, 6_000)] * 4), min_size=3, max_size=5),
    other_flags=st.frozensets(st.sampled_from(MedicalFlag), max_size=4),
)
def test_kidney_disease_property(intake, other_flags):
    flags = other_flags | KIDNEY
    days = [MineralDay(MineralAmounts(*amounts), TARGET) for amounts in intake]
    for suggestion in mineral_suggestions(days, flags):
        assert EXACT_SENTENCE in suggestion.message
        assert suggestion.foods == ()


def test_kidney_disease_targets_are_not_raised():
    profile = Profile(Sex.MALE, 40, 80, KIDNEY)
    long_day = [DaySession(150, Intensity.HARD)]
    plain = mineral_targets(Profile(Sex.MALE, 40, 80))
    assert mineral_targets(profile, long_day).amounts() == plain.amounts()
    assert mineral_targets(profile, long_day).sodium.limit_mg == 2_300
    assert water_target(profile, long_day).water_ml == 3_000


def test_kidney_disease_targets_carry_the_sentence():
    targets = mineral_targets(Profile(Sex.MALE, 40, 80, KIDNEY))
    for mineral in Mineral:
        assert any(EXACT_SENTENCE in line for line in targets.of(mineral).why)


def test_kidney_disease_supplement_log_carries_the_sentence():
    profile = Profile(Sex.FEMALE, 30, 60, KIDNEY)
    warnings = upper_limit_warnings(profile, MineralAmounts(), MineralAmounts(magnesium_mg=100))
    assert warnings
    assert all(EXACT_SENTENCE in w.message for w in warnings)


def test_kidney_note():
    (note,) = medical_notes(KIDNEY)
    assert EXACT_SENTENCE in note.message
    assert "NIH ODS" in note.source


def test_diuretics_keep_potassium_with_the_doctor_but_allow_magnesium_foods():
    suggestions = by_mineral({MedicalFlag.DIURETICS})
    assert suggestions[Mineral.POTASSIUM].foods == ()
    assert "ask your doctor before changing potassium intake" in suggestions[Mineral.POTASSIUM].message
    assert suggestions[Mineral.MAGNESIUM].foods
    assert "losses" in suggestions[Mineral.MAGNESIUM].message
    assert "potassium-sparing" in medical_notes({MedicalFlag.DIURETICS})[0].message


def test_blood_pressure_medication_same_potassium_caution_and_no_sodium_advice():
    flags = {MedicalFlag.BLOOD_PRESSURE_MEDICATION}
    suggestions = by_mineral(flags)
    assert suggestions[Mineral.POTASSIUM].foods == ()
    assert "ask your doctor before changing potassium intake" in suggestions[Mineral.POTASSIUM].message
    assert suggestions[Mineral.SODIUM].foods == ()
    assert "no advice to add sodium" in suggestions[Mineral.SODIUM].message
    profile = Profile(Sex.MALE, 50, 85, frozenset(flags))
    assert mineral_targets(profile, [DaySession(120, Intensity.HARD)]).sodium.target_mg == 1_500


def test_ppi_magnesium_shortfall_mentions_the_reflux_medicine():
    suggestions = by_mineral({MedicalFlag.PROTON_PUMP_INHIBITOR})
    assert "mention your acid-reflux medicine to your doctor" in suggestions[Mineral.MAGNESIUM].message
    assert suggestions[Mineral.MAGNESIUM].foods
    assert "acid-reflux" not in suggestions[Mineral.POTASSIUM].message


def test_diabetes_water_and_cramp_notes():
    profile = Profile(Sex.FEMALE, 35, 65, frozenset({MedicalFlag.DIABETES}))
    assert any("urine output" in line for line in water_target(profile).why)
    assert "clinician if cramps persist" in medical_notes({MedicalFlag.DIABETES})[0].message


def test_thyroid_pregnancy_and_other_notes():
    notes = {n.flag: n.message for n in medical_notes(set(MedicalFlag))}
    assert "clinician if cramps persist" in notes[MedicalFlag.THYROID_DISORDER]
    assert "no supplement advice without your clinician" in notes[MedicalFlag.PREGNANCY]
    assert "clinician" in notes[MedicalFlag.OTHER]


def test_pregnancy_supplement_logs_go_to_the_clinician():
    profile = Profile(Sex.FEMALE, 30, 65, frozenset({MedicalFlag.PREGNANCY}))
    warnings = upper_limit_warnings(profile, MineralAmounts(), MineralAmounts(calcium_mg=200))
    assert any("clinician" in w.message for w in warnings)


def test_one_note_per_flag_in_domain_order_and_none_without_flags():
    assert medical_notes(()) == ()
    notes = medical_notes([MedicalFlag.OTHER, MedicalFlag.KIDNEY_DISEASE])
    assert [n.flag for n in notes] == [MedicalFlag.KIDNEY_DISEASE, MedicalFlag.OTHER]
    assert all(n.source for n in notes)


def test_notes_guide_and_never_diagnose():
    for note in medical_notes(set(MedicalFlag)):
        text = note.message.lower()
        assert "you have " not in text
        assert "diagnos" not in text


# --- every docs/domain.md §8 flag that makes a supplement risky warns about it (issue 14) -------------------------
POTASSIUM_DOSE = MineralAmounts(potassium_mg=99)


def _supplement_warnings(flags, supplements=POTASSIUM_DOSE):
    return upper_limit_warnings(Profile(Sex.MALE, 55, 80, frozenset(flags)), MineralAmounts(), supplements)


def test_potassium_supplements_warn_with_diuretics_and_with_blood_pressure_medicine():
    for flag, medicine in (
        (MedicalFlag.DIURETICS, "diuretic"),
        (MedicalFlag.BLOOD_PRESSURE_MEDICATION, "blood-pressure"),
    ):
        [warning] = _supplement_warnings({flag})
        assert warning.mineral is Mineral.POTASSIUM and medicine in warning.message
        assert "ask your doctor before changing potassium intake" in warning.message
        assert "clinician" in warning.message


def test_every_flag_present_warns_on_its_own_kidney_disease_included():
    """Kidney disease used to end the list: a diuretic or a pregnancy beside it was not said."""
    flags = {MedicalFlag.KIDNEY_DISEASE, MedicalFlag.DIURETICS, MedicalFlag.BLOOD_PRESSURE_MEDICATION}
    messages = [w.message for w in _supplement_warnings(flags)]
    assert len(messages) == 3
    assert any(EXACT_SENTENCE in m for m in messages)  # kept: the kidney sentence on the potassium supplement
    assert any("diuretic" in m for m in messages) and any("blood-pressure" in m for m in messages)
    both = _supplement_warnings({MedicalFlag.KIDNEY_DISEASE, MedicalFlag.PREGNANCY})
    assert any("pregnancy" in w.message for w in both) and any(EXACT_SENTENCE in w.message for w in both)


def test_sodium_supplements_warn_with_blood_pressure_medicine_only():
    sodium = MineralAmounts(sodium_mg=500)
    [warning] = _supplement_warnings({MedicalFlag.BLOOD_PRESSURE_MEDICATION}, sodium)
    assert warning.mineral is Mineral.SODIUM and "no advice to add sodium" in warning.message
    assert _supplement_warnings({MedicalFlag.DIURETICS}, sodium) == ()
    assert _supplement_warnings((), sodium) == ()


def test_other_health_conditions_send_any_supplement_to_a_professional():
    [warning] = _supplement_warnings({MedicalFlag.OTHER}, MineralAmounts(calcium_mg=500))
    assert "healthcare professional" in warning.message


def test_flags_that_make_no_supplement_risky_stay_quiet():
    for flag in (MedicalFlag.DIABETES, MedicalFlag.THYROID_DISORDER, MedicalFlag.PROTON_PUMP_INHIBITOR):
        assert _supplement_warnings({flag}, MineralAmounts(potassium_mg=99, magnesium_mg=100)) == ()
    # A diuretic or blood-pressure medicine says nothing about a magnesium or calcium supplement.
    quiet = {MedicalFlag.DIURETICS, MedicalFlag.BLOOD_PRESSURE_MEDICATION}
    assert _supplement_warnings(quiet, MineralAmounts(magnesium_mg=100, calcium_mg=300)) == ()


@given(flags=st.frozensets(st.sampled_from(MedicalFlag)), potassium=st.integers(1, 5_000))
def test_supplement_warnings_are_words_that_never_diagnose(flags, potassium):
    for warning in _supplement_warnings(flags, MineralAmounts(potassium_mg=potassium)):
        text = warning.message
        assert "_" not in text and "§" not in text and ".md" not in text
        assert "diagnos" not in text.lower() and "you have " not in text.lower()
        assert "clinician" in text or "doctor" in text or "healthcare professional" in text
    risky = flags & {MedicalFlag.KIDNEY_DISEASE, MedicalFlag.DIURETICS, MedicalFlag.BLOOD_PRESSURE_MEDICATION}
    if risky:
        assert _supplement_warnings(flags, MineralAmounts(potassium_mg=potassium))
