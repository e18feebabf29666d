"""Pure rules about people: choices, ranges, ages, weekday sets. No Django imports."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# Plausible adult and teen body mass; 0 or 700 kg are typing errors, not athletes.
MIN_MASS_KG = 25
MAX_MASS_KG = 350
# docs/domain.md §4: athletes average 1.21 ± 0.68 L/h; 4 L/h is far beyond the measured extremes.
MIN_SWEAT_RATE_ML_PER_H = 100
MAX_SWEAT_RATE_ML_PER_H = 4000
# docs/domain.md §4: "the product is for athletes 14 and older".
MIN_AGE_YEARS = 14
# docs/domain.md §12: a measured maximum heart rate replaces Tanaka's estimate; outside 100-230 bpm is a typo.
MIN_MAX_HR_BPM = 100
MAX_MAX_HR_BPM = 230
MAX_WEEKLY_MINUTES = 2400


class _Choices(StrEnum):
    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.value.replace("_", " ").capitalize()) for m in cls]

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]


class Sex(_Choices):
    FEMALE = "female"
    MALE = "male"


class Level(_Choices):
    NOVICE = "novice"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Sport(_Choices):
    """The athlete's sport (docs/domain.md section 11): endurance sports, triathlon, and team and racket sports."""

    RUN = "run"
    BIKE = "bike"
    SWIM = "swim"
    ROW = "row"
    TRIATHLON = "triathlon"
    SOCCER = "soccer"
    BASKETBALL = "basketball"
    FIELD_HOCKEY = "field_hockey"
    RUGBY = "rugby"
    HANDBALL = "handball"
    VOLLEYBALL = "volleyball"
    TENNIS = "tennis"

    @property
    def label(self) -> str:
        return SPORT_LABELS[self]

    @property
    def is_team_sport(self) -> bool:
        """Sports whose week is shaped by the team's practices and matches."""
        return self not in _ENDURANCE


_ENDURANCE = frozenset({Sport.RUN, Sport.BIKE, Sport.SWIM, Sport.ROW, Sport.TRIATHLON})
SPORT_LABELS = {
    Sport.RUN: "Running",
    Sport.BIKE: "Cycling",
    Sport.SWIM: "Swimming",
    Sport.ROW: "Rowing",
    Sport.TRIATHLON: "Triathlon",
    Sport.SOCCER: "Soccer",
    Sport.BASKETBALL: "Basketball",
    Sport.FIELD_HOCKEY: "Field hockey",
    Sport.RUGBY: "Rugby",
    Sport.HANDBALL: "Handball",
    Sport.VOLLEYBALL: "Volleyball",
    Sport.TENNIS: "Tennis",
}
# What people type, stored as the code (docs/api.md, "Added in turn 2"); the labels count too, in any case.
SPORT_ALIASES = {
    "running": Sport.RUN,
    "cycling": Sport.BIKE,
    "swimming": Sport.SWIM,
    "rowing": Sport.ROW,
    "football": Sport.SOCCER,
    "association football": Sport.SOCCER,
    "hockey": Sport.FIELD_HOCKEY,
    "field hockey": Sport.FIELD_HOCKEY,
    "rugby union": Sport.RUGBY,
    "rugby league": Sport.RUGBY,
    "tri": Sport.TRIATHLON,
}


def sport_from_text(text: str) -> Sport | None:
    """The sport a person meant by `text` (a code, a label or an alias), or None."""
    key = " ".join(text.strip().lower().replace("-", " ").split())
    if key.replace(" ", "_") in Sport.values():
        return Sport(key.replace(" ", "_"))
    if key in SPORT_ALIASES:
        return SPORT_ALIASES[key]
    return next((sport for sport, label in SPORT_LABELS.items() if label.lower() == key), None)


def sport_choices() -> list[tuple[str, str]]:
    return [(sport.value, sport.label) for sport in Sport]


class Units(_Choices):
    METRIC = "metric"
    IMPERIAL = "imperial"


class MedicalFlag(_Choices):
    """docs/domain.md §8."""

    KIDNEY_DISEASE = "kidney_disease"
    DIABETES = "diabetes"
    THYROID_DISORDER = "thyroid_disorder"
    DIURETICS = "diuretics"
    BLOOD_PRESSURE_MEDICATION = "blood_pressure_medication"
    PROTON_PUMP_INHIBITOR = "proton_pump_inhibitor"
    PREGNANCY = "pregnancy"
    OTHER = "other"


def all_weekdays() -> list[int]:
    return list(range(7))


def age_on(birth_date: date, day: date) -> int:
    """Whole years of age on `day`."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def is_iana_zone(name: str) -> bool:
    """True for a real IANA zone name such as "Europe/Berlin" (not "CET+1" nor a file path)."""
    if not name or name not in _zone_names():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


_ZONES: frozenset[str] | None = None


def _zone_names() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def unknown_medical_flags(flags: list[str]) -> list[str]:
    known = set(MedicalFlag.values())
    return [flag for flag in flags if flag not in known]


LB_PER_KG = 2.2046226218


def lb_to_kg(mass_lb: float) -> float:
    return mass_lb / LB_PER_KG


def kg_to_lb(mass_kg: float) -> float:
    return mass_kg * LB_PER_KG


# --- team schedule (docs/domain.md section 11)

PRACTICE_INTENSITIES = ("moderate", "hard")
# A practice or match shorter than 20 minutes is a typing error; one over 4 hours is a tournament day.
MIN_EVENT_MINUTES = 20
MAX_EVENT_MINUTES = 240


def practice_problems(practices: list[dict]) -> list[str]:
    """What is wrong with a list of weekly practices, in sentences (empty: fine). One practice a weekday."""
    weekdays = [p.get("weekday") for p in practices]
    if len(set(weekdays)) != len(weekdays):
        return ["Each weekday holds at most one team practice; change the one that is there instead."]
    return []
