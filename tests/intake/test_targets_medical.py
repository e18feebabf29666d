"""Medical flags make the advice more careful, never bolder (DOMAIN.md §8)."""

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
