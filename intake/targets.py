"""Daily water and mineral targets, exercise hydration guidance and medical notes.

Pure core (docs/design.md): dataclasses in, dataclasses out; no Django import, no I/O. Every number names its
docs/domain.md section. The product guides drinking and eating; it does not diagnose, and medical flags make it
more careful, never bolder (docs/domain.md preamble).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import time
from enum import StrEnum

from people import rules as people
from plans.engine import types as engine_types

# One vocabulary across the pure modules: people's sexes and medical flags (docs/domain.md §8), the plan
# engine's session intensities (docs/domain.md §1).
Sex = people.Sex
MedicalFlag = people.MedicalFlag
Intensity = engine_types.Intensity


class Mineral(StrEnum):
    POTASSIUM = "potassium"
    CALCIUM = "calcium"
    MAGNESIUM = "magnesium"
    SODIUM = "sodium"


# The one list of the minerals the product tracks, in the order pages and files show them. A mineral's model
# field, serializer field, admin column and export column is always its name plus "_mg" (MINERAL_FIELDS).
MINERALS: tuple[str, ...] = tuple(m.value for m in Mineral)
MINERAL_FIELDS: tuple[str, ...] = tuple(f"{m}_mg" for m in MINERALS)


class AgeBand(StrEnum):
    """Age bands of docs/domain.md §5's table; females share one row from 51 on."""

    AGE_14_18 = "14-18"
    AGE_19_30 = "19-30"
    AGE_31_50 = "31-50"
    AGE_51_70 = "51-70"
    AGE_71_PLUS = "71+"


# --- sources (docs/domain.md §4, §5, §8) -------------------------------------------------------------------------
SOURCE_WATER_DRI = (
    "US National Academies, Dietary Reference Intakes for Water, Potassium, Sodium, Chloride, and Sulfate (2004)"
)
SOURCE_ACSM_FLUIDS = "ACSM Position Stand, Exercise and fluid replacement (Sawka et al., MSSE 2007)"
SOURCE_SWEAT_RATES = "product rule after Baker et al., J Sports Sci 2016 (athletes average 1.21 L/h)"
SOURCE_REHYDRATION = "Shirreffs et al., MSSE 1996; ACSM 2007"
SOURCE_HYPONATRAEMIA = "Hew-Butler et al., CJSM 2015 (exercise-associated hyponatraemia consensus)"
SOURCE_MINERALS = (
    "US National Institutes of Health, Office of Dietary Supplements fact sheets (National Academies DRIs)"
)
SOURCE_ODS_K_MG = "NIH ODS potassium and magnesium fact sheets"
SOURCE_ODS_MG = "NIH ODS magnesium fact sheet"
SOURCE_PRODUCT_RULE = "Trainer's own rule"
# docs/domain.md §8 states these cautions without a study: said as ours, never as a diagnosis
SOURCE_FLAG_GUIDANCE = "Trainer's medical-flag cautions (guidance, not a diagnosis)"

# --- people -------------------------------------------------------------------------------------------------
MIN_AGE_YEARS = 14  # docs/domain.md §4: the product is for athletes 14 and older
ADULT_AGE_YEARS = 19  # docs/domain.md §4 and §5: the "19+" beverage row and the 19-30 mineral band start here

# --- water (docs/domain.md §4) -----------------------------------------------------------------------------------
# docs/domain.md §4: beverage adequate intake, ml/day (total water includes ~20 % from food, not counted here).
BEVERAGE_AI_ML: dict[tuple[Sex, bool], int] = {
    (Sex.FEMALE, False): 1_800,  # 14-18
    (Sex.MALE, False): 2_600,  # 14-18
    (Sex.FEMALE, True): 2_200,  # 19+
    (Sex.MALE, True): 3_000,  # 19+
}
# docs/domain.md §4 product rule: default sweat rates by intensity, replaced by the athlete's measured rate.
DEFAULT_SWEAT_RATE_ML_PER_H: dict[Intensity, int] = {
    Intensity.EASY: 500,
    Intensity.MODERATE: 800,
    Intensity.HARD: 1_200,
}
WATER_TARGET_CAP_ML = 6_000  # docs/domain.md §4 product rule: daily target cap
PRE_EXERCISE_ML_PER_KG = 6  # docs/domain.md §4: 5-7 ml/kg about 4 h before; the product says 6
PRE_EXERCISE_ROUND_ML = 50  # docs/domain.md §4: rounded to 50 ml
TOP_UP_LOW_ML_PER_KG = 3  # docs/domain.md §4: 3-5 ml/kg more about 2 h before if urine is dark or absent
TOP_UP_HIGH_ML_PER_KG = 5  # docs/domain.md §4
MAX_MASS_LOSS_FRACTION = 0.02  # docs/domain.md §4: keep body mass loss under 2 % (ACSM 2007)
REHYDRATION_ML_PER_KG_LOST = 1_500  # docs/domain.md §4: about 1.5 L per kg lost
ML_PER_KG_SWEAT = 1_000  # docs/domain.md §4 sweat-rate formula treats 1 kg of mass lost as 1 L of sweat
# docs/domain.md §4 says "drink to thirst during long sessions" without defining long; we reuse §5's 60 minutes,
# the product's other "long session" line, so one number means long everywhere.
LONG_SESSION_MINUTES = 60  # docs/domain.md §4/§5
MAX_SINGLE_WATER_LOG_ML = 2_000  # docs/domain.md §4: a log over 2 L at once is refused as implausible
MAX_DAY_WATER_ML = 10_000  # docs/domain.md §4: over 10 L in a day is refused as implausible
REMINDER_BEHIND_FRACTION = 0.15  # docs/domain.md §9: remind only when more than 15 % behind the pro-rated target
DEFAULT_WAKING_START = time(7, 0)  # docs/domain.md §9: default waking hours 07:00-21:00
DEFAULT_WAKING_END = time(21, 0)  # docs/domain.md §9

# --- minerals (docs/domain.md §5) --------------------------------------------------------------------------------
SODIUM_MG_PER_L_SWEAT = 500  # docs/domain.md §5 product rule: the low end of 460-1,840 mg/L sweat sodium
SODIUM_EXTRA_MIN_SESSION_MINUTES = 60  # docs/domain.md §5: sessions of 60 minutes or more add sweat sodium
SHORTFALL_FRACTION = 0.70  # docs/domain.md §5 product rule: under 70 % ...
SHORTFALL_DAYS = 3  # docs/domain.md §5: ... over three days is a shortfall
MAGNESIUM_SUPPLEMENT_UL_MG = 350  # docs/domain.md §5: UL applies to supplements only (food magnesium has none)
SODIUM_CDRR_MG = 2_300  # docs/domain.md §5: Chronic Disease Risk Reduction intake; reduce intake above it
# docs/domain.md §5: calcium UL by age (first age of the band -> UL).
CALCIUM_UL_MG_FROM_AGE: tuple[tuple[int, int], ...] = ((51, 2_000), (19, 2_500), (14, 3_000))
TARGET_KIND: dict[Mineral, str] = {  # docs/domain.md §5 "kind" column
    Mineral.POTASSIUM: "AI (2019)",
    Mineral.CALCIUM: "RDA",
    Mineral.MAGNESIUM: "RDA",
    Mineral.SODIUM: "AI (2019)",
}


@dataclass(frozen=True)
class MineralAmounts:
    """Milligrams of each tracked mineral (an intake, a target or a supplement dose)."""

    potassium_mg: float = 0
    calcium_mg: float = 0
    magnesium_mg: float = 0
    sodium_mg: float = 0

    def of(self, mineral: Mineral) -> float:
        return getattr(self, f"{mineral.value}_mg")

    def __add__(self, other: MineralAmounts) -> MineralAmounts:
        return MineralAmounts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


def _row(potassium_mg: int, calcium_mg: int, magnesium_mg: int, sodium_mg: int) -> MineralAmounts:
    return MineralAmounts(potassium_mg, calcium_mg, magnesium_mg, sodium_mg)


# docs/domain.md §5 table, mg/day, NIH ODS. Females share the "F 51+" column for both 51-70 and 71+.
MINERAL_TABLE_MG: dict[tuple[Sex, AgeBand], MineralAmounts] = {
    (Sex.FEMALE, AgeBand.AGE_14_18): _row(2_300, 1_300, 360, 1_500),
    (Sex.MALE, AgeBand.AGE_14_18): _row(3_000, 1_300, 410, 1_500),
    (Sex.FEMALE, AgeBand.AGE_19_30): _row(2_600, 1_000, 310, 1_500),
    (Sex.MALE, AgeBand.AGE_19_30): _row(3_400, 1_000, 400, 1_500),
    (Sex.FEMALE, AgeBand.AGE_31_50): _row(2_600, 1_000, 320, 1_500),
    (Sex.MALE, AgeBand.AGE_31_50): _row(3_400, 1_000, 420, 1_500),
    (Sex.FEMALE, AgeBand.AGE_51_70): _row(2_600, 1_200, 320, 1_500),
    (Sex.FEMALE, AgeBand.AGE_71_PLUS): _row(2_600, 1_200, 320, 1_500),
    (Sex.MALE, AgeBand.AGE_51_70): _row(3_400, 1_000, 420, 1_500),
    (Sex.MALE, AgeBand.AGE_71_PLUS): _row(3_400, 1_200, 420, 1_500),
}

# docs/domain.md §10: foods (SR28, mg per 100 g) the suggestions name; the richest sources in the product's list.
FOODS_BY_MINERAL: dict[Mineral, tuple[str, ...]] = {
    Mineral.POTASSIUM: (
        "spinach (558 mg per 100 g)",
        "baked potato (535 mg)",
        "avocado (485 mg)",
        "banana (358 mg)",
        "black beans (355 mg)",
    ),
    Mineral.CALCIUM: (
        "cheddar (710 mg per 100 g)",
        "almonds (269 mg)",
        "plain low-fat yogurt (183 mg)",
        "whole-wheat bread (161 mg)",
        "whole milk (113 mg)",
    ),
    Mineral.MAGNESIUM: (
        "pumpkin seed kernels (592 mg per 100 g)",
        "almonds (270 mg)",
        "oats (138 mg)",
        "spinach (79 mg)",
        "black beans (70 mg)",
    ),
    Mineral.SODIUM: (
        "whole-wheat bread (455 mg per 100 g)",
        "an electrolyte solution (101 mg per 100 ml)",
        "coconut water (105 mg per 100 ml)",
    ),
}

# --- medical sentences (docs/domain.md §8); exact wording the product promises ----------------------------------
KIDNEY_DOCTOR_SENTENCE = (
    "talk to your doctor first: kidney disease changes how your body handles potassium and magnesium"
)
POTASSIUM_DOCTOR_SENTENCE = "ask your doctor before changing potassium intake"
PPI_DOCTOR_SENTENCE = "mention your acid-reflux medicine to your doctor"
SEE_PROFESSIONAL = "see a healthcare professional"
GUIDANCE_NOT_DIAGNOSIS = "This is guidance, not a diagnosis."

# docs/domain.md §8: flags whose medicines change potassium handling.
POTASSIUM_CAUTION_FLAGS = frozenset({MedicalFlag.DIURETICS, MedicalFlag.BLOOD_PRESSURE_MEDICATION})
# docs/domain.md §8: kidney_disease ("targets not raised") and blood_pressure_medication ("no advice to add
# sodium").
NO_SODIUM_ADVICE_FLAGS = frozenset({MedicalFlag.KIDNEY_DISEASE, MedicalFlag.BLOOD_PRESSURE_MEDICATION})


# --- inputs -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Profile:
    """What the targets depend on. `medical_flags` holds docs/domain.md §8 codes."""

    sex: Sex
    age_years: int
    mass_kg: float
    medical_flags: frozenset[MedicalFlag] = frozenset()
    sweat_rate_ml_per_h: float | None = None

    def __post_init__(self) -> None:
        # Accept plain strings or the models' choices: the shell passes what it stored (docs/design.md, pure core).
        object.__setattr__(self, "sex", Sex(self.sex))
        object.__setattr__(self, "medical_flags", frozenset(MedicalFlag(f) for f in self.medical_flags))
        if self.age_years < MIN_AGE_YEARS:
            raise ValueError(f"age_years must be {MIN_AGE_YEARS} or more (docs/domain.md §4)")
        if self.mass_kg <= 0:
            raise ValueError("mass_kg must be positive")
        if self.sweat_rate_ml_per_h is not None and self.sweat_rate_ml_per_h <= 0:
            raise ValueError("sweat_rate_ml_per_h must be positive when given")

    def has(self, flag: MedicalFlag) -> bool:
        return flag in self.medical_flags


@dataclass(frozen=True)
class DaySession:
    """One planned or logged session of the day (cross-training counts)."""

    minutes: float
    intensity: Intensity

    def __post_init__(self) -> None:
        object.__setattr__(self, "intensity", Intensity(self.intensity))
        if self.minutes < 0:
            raise ValueError("minutes must not be negative")


@dataclass(frozen=True)
class MineralDay:
    """One day's mineral intake (food plus supplements) against that day's targets."""

    intake_mg: MineralAmounts
    target_mg: MineralAmounts


# --- outputs ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WaterTarget:
    water_ml: int
    beverage_ai_ml: int
    sweat_loss_ml: int
    capped: bool
    why: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class MineralTarget:
    mineral: Mineral
    target_mg: int
    kind: str
    limit_mg: int | None  # the upper limit (or CDRR) shown to the athlete that day, None when none is shown
    limit_kind: str | None
    why: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class MineralTargets:
    potassium: MineralTarget
    calcium: MineralTarget
    magnesium: MineralTarget
    sodium: MineralTarget

    def of(self, mineral: Mineral) -> MineralTarget:
        return getattr(self, mineral.value)

    def amounts(self) -> MineralAmounts:
        return MineralAmounts(*(self.of(m).target_mg for m in Mineral))


@dataclass(frozen=True)
class ExerciseHydration:
    before_4h_ml: int
    before_2h_if_dark_urine_ml: tuple[int, int]
    expected_sweat_ml: int
    max_mass_loss_kg: float
    during_min_ml: int  # at least this keeps the expected loss under 2 % of body mass
    during_max_ml: int  # never more than the expected sweat loss (hyponatraemia)
    drink_to_thirst: bool
    why: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class LimitWarning:
    mineral: Mineral
    amount_mg: float
    limit_mg: float | None
    message: str
    source: str


@dataclass(frozen=True)
class MedicalNote:
    flag: MedicalFlag
    message: str
    source: str


@dataclass(frozen=True)
class Shortfall:
    mineral: Mineral
    intake_pct: float  # three-day intake as a share of the three-day target, in %
    threshold_pct: float


@dataclass(frozen=True)
class MineralSuggestion:
    mineral: Mineral
    message: str
    foods: tuple[str, ...]
    why: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class HydrationPace:
    expected_ml: int
    drunk_ml: int
    behind_fraction: float
    remind: bool
    suggest_ml: int


@dataclass(frozen=True)
class DailyTargets:
    water: WaterTarget
    minerals: MineralTargets
    medical_notes: tuple[MedicalNote, ...]


# --- water --------------------------------------------------------------------------------------------------
def _is_adult(age_years: int) -> bool:
    return age_years >= ADULT_AGE_YEARS


def _people(sex: Sex, age_years: int) -> str:
    if _is_adult(age_years):
        return f"{'women' if sex == Sex.FEMALE else 'men'} 19+"
    return f"{'females' if sex == Sex.FEMALE else 'males'} 14-18"


def beverage_ai_ml(sex: Sex, age_years: int) -> int:
    """The rest-day water target: beverages only (docs/domain.md §4)."""
    if age_years < MIN_AGE_YEARS:
        raise ValueError(f"age_years must be {MIN_AGE_YEARS} or more (docs/domain.md §4)")
    return BEVERAGE_AI_ML[(sex, _is_adult(age_years))]


def sweat_rate_for(session: DaySession, measured_ml_per_h: float | None) -> float:
    """The athlete's measured rate wins over the intensity default (docs/domain.md §4)."""
    if measured_ml_per_h is not None:
        return measured_ml_per_h
    return DEFAULT_SWEAT_RATE_ML_PER_H[session.intensity]


def session_sweat_ml(session: DaySession, measured_ml_per_h: float | None = None) -> int:
    """Expected sweat loss of one session: rate x hours (docs/domain.md §4)."""
    return round(sweat_rate_for(session, measured_ml_per_h) * session.minutes / 60)


def _session_why(session: DaySession, measured_ml_per_h: float | None) -> str:
    rate = sweat_rate_for(session, measured_ml_per_h)
    basis = (
        "your measured sweat rate"
        if measured_ml_per_h is not None
        else f"Trainer's default for {session.intensity.value} sessions"  # docs/domain.md §4
    )
    sweat_ml = session_sweat_ml(session, measured_ml_per_h)
    label = session.intensity.value.capitalize()
    return f"{label} session, {session.minutes:g} min at {rate:,.0f} ml/h ({basis}): +{sweat_ml:,} ml"


def water_target(profile: Profile, sessions: Sequence[DaySession] = ()) -> WaterTarget:
    """Beverage AI plus each session's expected sweat loss, capped at 6 L (docs/domain.md §4)."""
    ai_ml = beverage_ai_ml(profile.sex, profile.age_years)
    why = [f"National Academies DRI 2004: {ai_ml:,} ml beverages for {_people(profile.sex, profile.age_years)}"]
    sweat_ml = sum(session_sweat_ml(s, profile.sweat_rate_ml_per_h) for s in sessions)
    if profile.has(MedicalFlag.KIDNEY_DISEASE):
        # docs/domain.md §8: targets are not raised; a fluid limit is the doctor's call, not ours.
        why.append("Not raised for training because of kidney disease: ask your doctor how much to drink.")
        sweat_ml = 0
    else:
        why.extend(_session_why(s, profile.sweat_rate_ml_per_h) for s in sessions if s.minutes > 0)
    total_ml = ai_ml + sweat_ml
    capped = total_ml > WATER_TARGET_CAP_ML
    if capped:
        why.append(f"Capped at {WATER_TARGET_CAP_ML:,} ml a day, a safety limit of Trainer's own")  # docs/domain.md §4
    if profile.has(MedicalFlag.DIABETES):
        why.append("Diabetes: high blood sugar increases urine output, which raises the risk of dehydration.")
    return WaterTarget(
        water_ml=min(total_ml, WATER_TARGET_CAP_ML),
        beverage_ai_ml=ai_ml,
        sweat_loss_ml=sweat_ml,
        capped=capped,
        why=tuple(why),
        source=f"{SOURCE_WATER_DRI}; {SOURCE_SWEAT_RATES}",
    )


def _round_to(value: float, step: int) -> int:
    """Round half up to a multiple of `step` (Python's round() would round half to even)."""
    return int((value + step / 2) // step * step)


def exercise_hydration(profile: Profile, session: DaySession) -> ExerciseHydration:
    """Before, during and after one session (docs/domain.md §4, ACSM 2007)."""
    before_ml = _round_to(PRE_EXERCISE_ML_PER_KG * profile.mass_kg, PRE_EXERCISE_ROUND_ML)
    top_up = (
        _round_to(TOP_UP_LOW_ML_PER_KG * profile.mass_kg, PRE_EXERCISE_ROUND_ML),
        _round_to(TOP_UP_HIGH_ML_PER_KG * profile.mass_kg, PRE_EXERCISE_ROUND_ML),
    )
    sweat_ml = session_sweat_ml(session, profile.sweat_rate_ml_per_h)
    max_loss_kg = MAX_MASS_LOSS_FRACTION * profile.mass_kg
    during_min_ml = max(0, round(sweat_ml - max_loss_kg * ML_PER_KG_SWEAT))
    long_session = session.minutes >= LONG_SESSION_MINUTES
    why = [
        f"About 4 hours before: {before_ml:,} ml (6 ml per kg of your {profile.mass_kg:g} kg, ACSM 2007).",
        f"If you have not passed urine or it is dark, {top_up[0]:,}-{top_up[1]:,} ml more about 2 hours before.",
        f"During: keep your body mass loss under 2 % ({max_loss_kg:.1f} kg); expected sweat loss {sweat_ml:,} ml.",
        "After: drink about 1.5 L for every kg of body mass lost.",
    ]
    if long_session:
        why.append(
            "Drink to thirst during long sessions, and never more than you sweat: "
            "drinking beyond sweat losses can cause hyponatraemia (low blood sodium)."
        )
    if profile.has(MedicalFlag.KIDNEY_DISEASE):
        why.append("With kidney disease, ask your doctor whether you have a fluid limit before following this.")
    return ExerciseHydration(
        before_4h_ml=before_ml,
        before_2h_if_dark_urine_ml=top_up,
        expected_sweat_ml=sweat_ml,
        max_mass_loss_kg=round(max_loss_kg, 3),
        during_min_ml=during_min_ml,
        during_max_ml=sweat_ml,
        drink_to_thirst=long_session,
        why=tuple(why),
        source=f"{SOURCE_ACSM_FLUIDS}; {SOURCE_REHYDRATION}; {SOURCE_HYPONATRAEMIA}",
    )


def after_exercise_ml(mass_lost_kg: float) -> int:
    """About 1.5 L per kg of body mass lost (docs/domain.md §4)."""
    return max(0, round(mass_lost_kg * REHYDRATION_ML_PER_KG_LOST))


def sweat_rate_ml_per_h(
    mass_before_kg: float, mass_after_kg: float, fluid_ml: float, urine_ml: float, minutes: float
) -> float:
    """(mass before - mass after + fluid drunk - urine) / hours, 1 kg taken as 1 L (docs/domain.md §4)."""
    if minutes <= 0:
        raise ValueError("minutes must be positive")
    lost_ml = (mass_before_kg - mass_after_kg) * ML_PER_KG_SWEAT + fluid_ml - urine_ml
    return lost_ml / (minutes / 60)


def mass_loss_flagged(mass_before_kg: float, mass_after_kg: float) -> bool:
    """A session loss over 2 % of body mass is flagged (docs/domain.md §4)."""
    # Rounded so that exactly 2 % (70 kg -> 68.6 kg, 1.4000000000000057 kg in floats) is not "over".
    return round(mass_before_kg - mass_after_kg, 9) > round(MAX_MASS_LOSS_FRACTION * mass_before_kg, 9)


# --- minerals -----------------------------------------------------------------------------------------------
def age_band(age_years: int) -> AgeBand:
    """docs/domain.md §5 bands."""
    if age_years < MIN_AGE_YEARS:
        raise ValueError(f"age_years must be {MIN_AGE_YEARS} or more (docs/domain.md §4)")
    if age_years <= 18:
        return AgeBand.AGE_14_18
    if age_years <= 30:
        return AgeBand.AGE_19_30
    if age_years <= 50:
        return AgeBand.AGE_31_50
    if age_years <= 70:
        return AgeBand.AGE_51_70
    return AgeBand.AGE_71_PLUS


def base_mineral_mg(sex: Sex, age_years: int) -> MineralAmounts:
    """The docs/domain.md §5 table row for this person."""
    return MINERAL_TABLE_MG[(sex, age_band(age_years))]


def calcium_upper_limit_mg(age_years: int) -> int:
    """docs/domain.md §5: 3,000 (14-18), 2,500 (19-50), 2,000 (51+)."""
    return next(ul for from_age, ul in CALCIUM_UL_MG_FROM_AGE if age_years >= from_age)


def sweat_sodium_extra_mg(profile: Profile, sessions: Sequence[DaySession]) -> int:
    """500 mg per litre of expected sweat from sessions of 60 min or more (docs/domain.md §5).

    None with kidney disease or blood-pressure medicine (docs/domain.md §8).
    """
    if profile.medical_flags & NO_SODIUM_ADVICE_FLAGS:
        return 0
    long_sweat_ml = sum(
        session_sweat_ml(s, profile.sweat_rate_ml_per_h)
        for s in sessions
        if s.minutes >= SODIUM_EXTRA_MIN_SESSION_MINUTES
    )
    return round(long_sweat_ml / 1_000 * SODIUM_MG_PER_L_SWEAT)


def _band_words(profile: Profile) -> str:
    sex = "women" if profile.sex == Sex.FEMALE else "men"
    band = age_band(profile.age_years)
    if profile.sex == Sex.FEMALE and band in (AgeBand.AGE_51_70, AgeBand.AGE_71_PLUS):
        return f"{sex} 51+"
    return f"{sex} {band.value}"


def _kidney_why(profile: Profile, mineral: Mineral) -> list[str]:
    if not profile.has(MedicalFlag.KIDNEY_DISEASE):
        return []
    return [f"Not raised because of kidney disease. Before aiming for more {mineral.value}, {KIDNEY_DOCTOR_SENTENCE}."]


def _mineral_target(profile: Profile, mineral: Mineral, sodium_extra_mg: int) -> MineralTarget:
    base_mg = int(base_mineral_mg(profile.sex, profile.age_years).of(mineral))
    why = [f"NIH ODS: {base_mg:,} mg {mineral.value} a day for {_band_words(profile)} ({TARGET_KIND[mineral]})"]
    why.extend(_kidney_why(profile, mineral))
    limit_mg, limit_kind = _limit_for(profile, mineral, sodium_extra_mg)
    if mineral is Mineral.SODIUM and sodium_extra_mg:
        why.append(
            f"+{sodium_extra_mg:,} mg for sweat in sessions of 60 min or more (500 mg per litre, product "
            "rule); "
            "the 2,300 mg guidance is not a limit today"
        )
    if limit_mg is not None:
        why.append(f"{limit_kind}: {limit_mg:,} mg")
    target_mg = base_mg + (sodium_extra_mg if mineral is Mineral.SODIUM else 0)
    return MineralTarget(
        mineral=mineral,
        target_mg=target_mg,
        kind=TARGET_KIND[mineral],
        limit_mg=limit_mg,
        limit_kind=limit_kind,
        why=tuple(why),
        source=SOURCE_MINERALS,
    )


def _limit_for(profile: Profile, mineral: Mineral, sodium_extra_mg: int) -> tuple[int | None, str | None]:
    if mineral is Mineral.MAGNESIUM:
        return MAGNESIUM_SUPPLEMENT_UL_MG, "Upper limit for magnesium from supplements (food has none)"
    if mineral is Mineral.CALCIUM:
        return calcium_upper_limit_mg(profile.age_years), "Upper limit for calcium"
    if mineral is Mineral.SODIUM and not sodium_extra_mg:
        return SODIUM_CDRR_MG, "Chronic Disease Risk Reduction intake: reduce sodium above"
    return None, None  # potassium: no UL from food (docs/domain.md §5); sodium on long training days


def mineral_targets(profile: Profile, sessions: Sequence[DaySession] = ()) -> MineralTargets:
    """docs/domain.md §5 targets for the day, sodium raised for long sessions."""
    extra_mg = sweat_sodium_extra_mg(profile, sessions)
    return MineralTargets(*(_mineral_target(profile, m, extra_mg) for m in Mineral))


def _long_training_day(profile: Profile, sessions: Sequence[DaySession]) -> bool:
    return sweat_sodium_extra_mg(profile, sessions) > 0


def upper_limit_warnings(
    profile: Profile,
    food_mg: MineralAmounts,
    supplements_mg: MineralAmounts,
    sessions: Sequence[DaySession] = (),
) -> tuple[LimitWarning, ...]:
    """Warnings for a day's totals against docs/domain.md §5 limits and §8 supplement cautions."""
    total = food_mg + supplements_mg
    warnings: list[LimitWarning] = []
    if supplements_mg.magnesium_mg > MAGNESIUM_SUPPLEMENT_UL_MG:
        warnings.append(_magnesium_warning(supplements_mg.magnesium_mg))
    calcium_ul = calcium_upper_limit_mg(profile.age_years)
    if total.calcium_mg > calcium_ul:
        warnings.append(_calcium_warning(total.calcium_mg, calcium_ul))
    if total.sodium_mg > SODIUM_CDRR_MG and not _long_training_day(profile, sessions):
        warnings.append(_sodium_warning(total.sodium_mg))
    warnings.extend(_supplement_flag_warnings(profile, supplements_mg))
    return tuple(warnings)


def _magnesium_warning(amount_mg: float) -> LimitWarning:
    return LimitWarning(
        mineral=Mineral.MAGNESIUM,
        amount_mg=amount_mg,
        limit_mg=MAGNESIUM_SUPPLEMENT_UL_MG,
        message=(
            f"Magnesium from supplements was {amount_mg:,.0f} mg today, over the "
            f"{MAGNESIUM_SUPPLEMENT_UL_MG} mg "
            "upper limit for supplements (magnesium from food has no limit). Large doses often cause "
            "diarrhoea."
        ),
        source=SOURCE_ODS_MG,
    )


def _calcium_warning(amount_mg: float, limit_mg: int) -> LimitWarning:
    return LimitWarning(
        mineral=Mineral.CALCIUM,
        amount_mg=amount_mg,
        limit_mg=limit_mg,
        message=f"Calcium totalled {amount_mg:,.0f} mg today, over the {limit_mg:,} mg upper limit at your age.",
        source=SOURCE_MINERALS,
    )


def _sodium_warning(amount_mg: float) -> LimitWarning:
    return LimitWarning(
        mineral=Mineral.SODIUM,
        amount_mg=amount_mg,
        limit_mg=SODIUM_CDRR_MG,
        message=(
            f"Sodium totalled {amount_mg:,.0f} mg today, above the {SODIUM_CDRR_MG:,} mg chronic disease "
            "risk "
            "reduction intake: aim to reduce it."
        ),
        source=SOURCE_MINERALS,
    )


# docs/domain.md §8, each flag that makes a logged supplement risky, with what it says; every flag present warns on its
# own (kidney disease as well as a diuretic is two reasons to ask). Words guide and point to a clinician; they
# never diagnose. Potassium: §5 "supplements only with a clinician where kidneys or medicines are involved".
POTASSIUM_SUPPLEMENT_WARNINGS: dict[MedicalFlag, str] = {
    MedicalFlag.DIURETICS: (
        "You logged a potassium supplement and take a diuretic: some diuretics lower blood potassium and "
        f"potassium-sparing ones raise it, so {POTASSIUM_DOCTOR_SENTENCE}, and take potassium supplements only "
        "with your clinician."
    ),
    MedicalFlag.BLOOD_PRESSURE_MEDICATION: (
        "You logged a potassium supplement and take blood-pressure medicine: ACE inhibitors and ARBs can raise "
        f"blood potassium, so {POTASSIUM_DOCTOR_SENTENCE}, and take potassium supplements only with your clinician."
    ),
}
SODIUM_SUPPLEMENT_WARNINGS: dict[MedicalFlag, str] = {
    MedicalFlag.BLOOD_PRESSURE_MEDICATION: (
        "You logged a sodium supplement and take blood-pressure medicine: the product gives no advice to add "
        "sodium, so check salt tablets and electrolyte supplements with your clinician."
    ),
}
ANY_SUPPLEMENT_WARNINGS: dict[MedicalFlag, str] = {
    MedicalFlag.PREGNANCY: "During pregnancy, check every supplement with your clinician.",
    MedicalFlag.OTHER: (
        "You noted a health condition on your profile: check supplements with your clinician or another "
        "healthcare professional."
    ),
}


def _supplement_flag_warnings(profile: Profile, supplements_mg: MineralAmounts) -> list[LimitWarning]:
    """docs/domain.md §5 and §8: supplements with kidneys or medicines involved only with a clinician; one warning for
    every flag that makes what was taken risky."""
    warnings: list[LimitWarning] = []
    took = [m for m in Mineral if supplements_mg.of(m) > 0]
    if not took:
        return warnings
    if profile.has(MedicalFlag.KIDNEY_DISEASE):
        for mineral in took:
            warnings.append(
                _flag_warning(
                    mineral,
                    supplements_mg,
                    f"You logged a {mineral.value} supplement: {KIDNEY_DOCTOR_SENTENCE}.",
                )
            )
    for flag in MedicalFlag:  # one order for every page: the flags' own
        if not profile.has(flag):
            continue
        if Mineral.POTASSIUM in took and flag in POTASSIUM_SUPPLEMENT_WARNINGS:
            warnings.append(_flag_warning(Mineral.POTASSIUM, supplements_mg, POTASSIUM_SUPPLEMENT_WARNINGS[flag]))
        if Mineral.SODIUM in took and flag in SODIUM_SUPPLEMENT_WARNINGS:
            warnings.append(
                _flag_warning(Mineral.SODIUM, supplements_mg, SODIUM_SUPPLEMENT_WARNINGS[flag], SOURCE_MINERALS)
            )
        if flag in ANY_SUPPLEMENT_WARNINGS:
            warnings.append(_flag_warning(took[0], supplements_mg, ANY_SUPPLEMENT_WARNINGS[flag]))
    return warnings


def _flag_warning(
    mineral: Mineral, supplements_mg: MineralAmounts, message: str, source: str = SOURCE_ODS_K_MG
) -> LimitWarning:
    return LimitWarning(
        mineral=mineral,
        amount_mg=supplements_mg.of(mineral),
        limit_mg=None,
        message=message,
        source=source,
    )


# --- medical notes ------------------------------------------------------------------------------------------
# docs/domain.md §8: one note per flag. Wording guides; it never diagnoses.
MEDICAL_NOTES: dict[MedicalFlag, tuple[str, str]] = {
    MedicalFlag.KIDNEY_DISEASE: (
        "Your targets are not raised, and the product never suggests more potassium, magnesium or "
        "supplements. "
        f"Before changing what you eat or drink, {KIDNEY_DOCTOR_SENTENCE}.",
        SOURCE_ODS_K_MG,
    ),
    MedicalFlag.DIURETICS: (
        "Loop and thiazide diuretics increase potassium and magnesium losses; potassium-sparing diuretics "
        "raise "
        f"potassium: {POTASSIUM_DOCTOR_SENTENCE}.",
        SOURCE_ODS_K_MG,
    ),
    MedicalFlag.BLOOD_PRESSURE_MEDICATION: (
        "ACE inhibitors and ARBs can raise blood potassium: "
        f"{POTASSIUM_DOCTOR_SENTENCE}. The product gives no advice to add sodium.",
        SOURCE_ODS_K_MG,
    ),
    MedicalFlag.DIABETES: (
        "High blood sugar increases urine output, which raises the risk of dehydration, and cramps can "
        "come from "
        "nerve damage (neuropathy): see a clinician if cramps persist.",
        SOURCE_FLAG_GUIDANCE,
    ),
    MedicalFlag.THYROID_DISORDER: (
        "An underactive thyroid (hypothyroidism) is linked with cramps: see a clinician if cramps persist.",
        SOURCE_FLAG_GUIDANCE,
    ),
    MedicalFlag.PROTON_PUMP_INHIBITOR: (
        "Long-term use of acid-reflux medicine (proton pump inhibitors) can lower blood magnesium: if your "
        f"magnesium runs short, {PPI_DOCTOR_SENTENCE}.",
        SOURCE_ODS_MG,
    ),
    MedicalFlag.PREGNANCY: (
        "Cramps are common in pregnancy. The product gives no supplement advice without your clinician.",
        SOURCE_FLAG_GUIDANCE,
    ),
    MedicalFlag.OTHER: (
        "You noted a health condition: involve your clinician in decisions about training, fluids and minerals.",
        SOURCE_FLAG_GUIDANCE,
    ),
}


def medical_notes(flags: Iterable[MedicalFlag]) -> tuple[MedicalNote, ...]:
    """One note per flag, in docs/domain.md §8's order; whoever shows them adds GUIDANCE_NOT_DIAGNOSIS once."""
    present = {MedicalFlag(f) for f in flags}
    return tuple(
        MedicalNote(flag=flag, message=MEDICAL_NOTES[flag][0], source=MEDICAL_NOTES[flag][1])
        for flag in MedicalFlag
        if flag in present
    )


# --- shortfalls and suggestions -----------------------------------------------------------------------------
def _pct(part: float, whole: float) -> float:
    """A percentage rounded to 9 decimals so that 80 % computed in floats compares as 80."""
    return round(100 * part / whole, 9)


def shortfalls(days: Sequence[MineralDay]) -> tuple[Shortfall, ...]:
    """Nutrients under 70 % of target over the last three days (docs/domain.md §5).

    The three days are pooled (three-day intake over three-day target), the average §6 also uses. Fewer than
    three days of data is not evidence of a shortfall, so it yields none.
    """
    if len(days) < SHORTFALL_DAYS:
        return ()
    window = days[-SHORTFALL_DAYS:]
    result: list[Shortfall] = []
    for mineral in Mineral:
        target = sum(d.target_mg.of(mineral) for d in window)
        if target <= 0:
            continue
        pct = _pct(sum(d.intake_mg.of(mineral) for d in window), target)
        if pct < SHORTFALL_FRACTION * 100:
            result.append(Shortfall(mineral=mineral, intake_pct=pct, threshold_pct=SHORTFALL_FRACTION * 100))
    return tuple(result)


def _foods_allowed(mineral: Mineral, flags: frozenset[MedicalFlag]) -> bool:
    """Whether the product may suggest eating more of this mineral (docs/domain.md §8).

    With kidney disease every food on the list also carries potassium, so no food is suggested at all;
    potassium with diuretics or blood-pressure medicine, and sodium with those flags, stay with the doctor.
    """
    if MedicalFlag.KIDNEY_DISEASE in flags:
        return False
    if mineral is Mineral.POTASSIUM and flags & POTASSIUM_CAUTION_FLAGS:
        return False
    return not (mineral is Mineral.SODIUM and flags & NO_SODIUM_ADVICE_FLAGS)


def _cautions(mineral: Mineral, flags: frozenset[MedicalFlag]) -> list[str]:
    cautions: list[str] = []
    if MedicalFlag.KIDNEY_DISEASE in flags:
        cautions.append(f"Before changing what you eat, {KIDNEY_DOCTOR_SENTENCE}.")
    if mineral is Mineral.POTASSIUM and flags & POTASSIUM_CAUTION_FLAGS:
        cautions.append(f"Your medicine changes how your body keeps potassium: {POTASSIUM_DOCTOR_SENTENCE}.")
    if mineral is Mineral.MAGNESIUM and MedicalFlag.DIURETICS in flags:
        cautions.append("Loop and thiazide diuretics increase magnesium losses.")
    if mineral is Mineral.MAGNESIUM and MedicalFlag.PROTON_PUMP_INHIBITOR in flags:
        cautions.append(f"Long-term acid-reflux medicine can lower blood magnesium: {PPI_DOCTOR_SENTENCE}.")
    if mineral is Mineral.SODIUM and MedicalFlag.BLOOD_PRESSURE_MEDICATION in flags:
        cautions.append("With blood-pressure medicine the product gives no advice to add sodium.")
    if MedicalFlag.PREGNANCY in flags:
        cautions.append("Take no supplements without your clinician.")
    return cautions


def mineral_suggestion(shortfall: Shortfall, flags: Iterable[MedicalFlag] = ()) -> MineralSuggestion:
    """A food-first suggestion for one shortfall; never a supplement (docs/domain.md §5, §8)."""
    flag_set = frozenset(MedicalFlag(f) for f in flags)
    mineral = shortfall.mineral
    foods = FOODS_BY_MINERAL[mineral] if _foods_allowed(mineral, flag_set) else ()
    parts = [
        f"{mineral.value.capitalize()} averaged {shortfall.intake_pct:.0f} % of your target over the last 3 "
        "days "
        f"(under {shortfall.threshold_pct:.0f} % is a shortfall)."
    ]
    if foods:
        parts.append(f"Foods rich in {mineral.value}: {', '.join(foods[:3])}.")
    parts.extend(_cautions(mineral, flag_set))
    return MineralSuggestion(
        mineral=mineral,
        message=" ".join(parts),
        foods=foods,
        # docs/domain.md §5
        why=("A nutrient under 70 % of target over three days is a shortfall (Trainer's own rule)",),
        source=SOURCE_MINERALS,
    )


def mineral_suggestions(days: Sequence[MineralDay], flags: Iterable[MedicalFlag] = ()) -> tuple[MineralSuggestion, ...]:
    """Suggestions for every shortfall in the last three days."""
    flag_list = tuple(flags)
    return tuple(mineral_suggestion(s, flag_list) for s in shortfalls(days))


# --- hydration reminder helpers (docs/domain.md §9) --------------------------------------------------------------
def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def prorated_target_ml(
    target_ml: float,
    local_time: time,
    waking_start: time = DEFAULT_WAKING_START,
    waking_end: time = DEFAULT_WAKING_END,
) -> int:
    """The day's target spread evenly over waking hours, as due by `local_time` (athlete's wall clock)."""
    start_s, end_s = _seconds(waking_start), _seconds(waking_end)
    if end_s <= start_s:
        raise ValueError("waking_end must be after waking_start")
    elapsed = min(max(_seconds(local_time) - start_s, 0), end_s - start_s)
    return round(target_ml * elapsed / (end_s - start_s))


def hydration_pace(
    target_ml: float,
    drunk_ml: float,
    local_time: time,
    waking_start: time = DEFAULT_WAKING_START,
    waking_end: time = DEFAULT_WAKING_END,
) -> HydrationPace:
    """Whether a hydration reminder is worth sending: over 15 % behind the pro-rated target (docs/domain.md §9).

    The suggested amount only closes the gap and never goes past the day's target (docs/domain.md §4).
    """
    expected_ml = prorated_target_ml(target_ml, local_time, waking_start, waking_end)
    behind = 0.0 if expected_ml <= 0 else max(0.0, (expected_ml - drunk_ml) / expected_ml)
    remind = round(behind, 9) > REMINDER_BEHIND_FRACTION
    suggest_ml = max(0, round(min(expected_ml, target_ml) - drunk_ml)) if remind else 0
    return HydrationPace(
        expected_ml=expected_ml,
        drunk_ml=round(drunk_ml),
        behind_fraction=behind,
        remind=remind,
        suggest_ml=suggest_ml,
    )


def implausible_water_log(water_ml: float, day_total_before_ml: float = 0) -> str | None:
    """The reason a water log is refused, or None (docs/domain.md §4: over 2 L at once or over 10 L a day)."""
    if water_ml <= 0:
        return "Enter an amount above 0 ml."
    if water_ml > MAX_SINGLE_WATER_LOG_ML:
        return f"{water_ml:,.0f} ml at once is more than a single log may hold ({MAX_SINGLE_WATER_LOG_ML:,} ml)."
    if day_total_before_ml + water_ml > MAX_DAY_WATER_ML:
        return (
            f"This would bring today to {day_total_before_ml + water_ml:,.0f} ml, over {MAX_DAY_WATER_ML:,} "
            "ml: "
            "drinking that much can be dangerous (hyponatraemia), so the log is refused as implausible."
        )
    return None


# --- everything for a day -----------------------------------------------------------------------------------
def daily_targets(profile: Profile, sessions: Sequence[DaySession] = ()) -> DailyTargets:
    """Water and mineral targets for a day with these sessions, plus the profile's medical notes."""
    return DailyTargets(
        water=water_target(profile, sessions),
        minerals=mineral_targets(profile, sessions),
        medical_notes=medical_notes(profile.medical_flags),
    )
