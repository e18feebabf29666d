"""Pure rules about people: choices, ranges, ages, weekday sets. No Django imports."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# Plausible adult and teen body mass; 0 or 700 kg are typing errors, not athletes.
MIN_MASS_KG = 25
MAX_MASS_KG = 350
# DOMAIN.md §4: athletes average 1.21 ± 0.68 L/h; 4 L/h is far beyond the measured extremes.
MIN_SWEAT_RATE_ML_PER_H = 100
MAX_SWEAT_RATE_ML_PER_H = 4000
# DOMAIN.md §4: "the product is for athletes 14 and older".
MIN_AGE_YEARS = 14
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
    RUN = "run"
    BIKE = "bike"
    SWIM = "swim"
    ROW = "row"


class Units(_Choices):
    METRIC = "metric"
    IMPERIAL = "imperial"


class MedicalFlag(_Choices):
    """DOMAIN.md §8."""

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
