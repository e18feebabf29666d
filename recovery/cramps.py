"""Factors that preceded a cramp, and how often each factor precedes an athlete's cramps.

Pure core (docs/design.md): dataclasses in, dataclasses out; no Django import, no I/O. Rules from docs/domain.md §6.
Exercise-associated cramps are multifactorial, so the product speaks of factors that preceded a cramp, never
of what brought it on; persistent, severe or unexplained cramps end in "see a healthcare professional" (§8).

Logs are kept by local date (workouts have a date, not a time), so "72 hours back" is read as the cramp's
local day and the three days before it; `Cramp.at` is an aware datetime in the athlete's zone, so `at.date()`
is that day. A day without logs is unknown rather than zero: it never makes a factor present.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from intake.targets import (
    GUIDANCE_NOT_DIAGNOSIS,
    KIDNEY_DOCTOR_SENTENCE,
    SEE_PROFESSIONAL,
    MedicalFlag,
    Mineral,
    MineralDay,
    medical_notes,
    shortfalls,
)
from plans.load import LoadDay
from recovery.readiness import CheckIn, assess_morning_mass

LOOKBACK_DAYS = 3  # docs/domain.md §6: 72 hours back, as the cramp day plus the 3 days before it
WATER_SHORT_PCT = 80  # docs/domain.md §6 dehydration: beverages under 80 % of target ...
WATER_DAYS = 2  # docs/domain.md §6: ... on the cramp day or the day before
MASS_DROP_PCT = 2.0  # docs/domain.md §6 dehydration: a morning mass drop of 2 %
SHORTFALL_MINERALS = (Mineral.POTASSIUM, Mineral.MAGNESIUM, Mineral.CALCIUM)  # docs/domain.md §6 mineral_shortfall
MINERAL_DAYS = 3  # docs/domain.md §6: average over the 3 days before the cramp (under 70 %, §5)
ACWR_SPIKE = 1.3  # docs/domain.md §6 load_spike: acute:chronic ratio over 1.3 (with 28 days of history)
WEEK_CHANGE_SPIKE = 0.30  # docs/domain.md §6 load_spike: this week's load over last week's by more than 30 %
LONG_SESSION_SPIKE = 1.10  # docs/domain.md §6 load_spike: a session over 110 % of the longest in 30 days
FATIGUE_RATING = 6  # docs/domain.md §6 fatigue: Hooper fatigue or soreness 6 or 7 ...
FATIGUE_DAYS = 2  # docs/domain.md §6: ... in the last 2 days
SEVERE_CRAMP_SEVERITY = 7  # docs/domain.md §7 recent_cramp: severity 7 or more is red; the product's "severe" (§8)
# Not in docs/domain.md (decision to confirm there): "persistent" means cramps on 3 or more days within 14 days.
PERSISTENT_CRAMP_DAYS = 3
PERSISTENT_WINDOW_DAYS = 14


class FactorCode(StrEnum):
    """docs/domain.md §6 factor codes."""

    DEHYDRATION = "dehydration"
    MINERAL_SHORTFALL = "mineral_shortfall"
    LOAD_SPIKE = "load_spike"
    CONSECUTIVE_DAYS = "consecutive_days"
    SKIPPED_WARMUP = "skipped_warmup"
    SKIPPED_STRETCHING = "skipped_stretching"
    FATIGUE = "fatigue"
    MEDICAL_FLAG = "medical_flag"


@dataclass(frozen=True)
class Cramp:
    at: datetime  # aware, in the athlete's local zone
    severity: int  # 1-10 (docs/api.md)

    def __post_init__(self) -> None:
        if not 1 <= self.severity <= 10:
            raise ValueError("severity must be between 1 and 10")
        if self.at.tzinfo is None:
            raise ValueError("at must be timezone-aware")


@dataclass(frozen=True)
class HistoryDay:
    """What the athlete logged on one local date; None means nothing was logged."""

    day: date
    water_ml: float | None = None
    water_target_ml: float | None = None
    minerals: MineralDay | None = None
    load: LoadDay | None = None  # that day's row of plans.load.load_series
    longest_session_ratio: float | None = None  # plans.load.long_session_ratio of the day's longest session
    trained: bool = False  # any workout, cross-training included
    warmup_done: bool | None = None  # the day's last logged session; None without a session
    stretching_done: bool | None = None
    checkin: CheckIn | None = None


@dataclass(frozen=True)
class CrampProfile:
    max_consecutive_training_days: int  # the level's maximum (docs/domain.md §1)
    medical_flags: frozenset[MedicalFlag] = frozenset()
    medications: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "medical_flags", frozenset(MedicalFlag(f) for f in self.medical_flags))


@dataclass(frozen=True)
class CrampFactor:
    code: FactorCode
    message: str
    value: float | None


class MissingCode(StrEnum):
    """What was not logged in the look-back, so that the factors it would show are unknown (issue 14)."""

    WATER = "water_not_logged"
    MEALS = "meals_not_logged"
    CHECKIN = "checkin_not_logged"
    WORKOUTS = "workouts_not_logged"


@dataclass(frozen=True)
class MissingData:
    """Data a factor needs that was not logged: the factor is unknown, neither present nor absent."""

    code: MissingCode
    message: str
    days: tuple[date, ...]  # the local dates without it, oldest first


@dataclass(frozen=True)
class CrampReport:
    factors: tuple[CrampFactor, ...]
    summary: str  # ends in "see a healthcare professional." when the cramp is persistent, severe or unexplained
    see_professional: bool
    missing: tuple[MissingData, ...] = ()  # what could not be judged for want of logs


@dataclass(frozen=True)
class FactorFrequency:
    code: FactorCode
    cramp_days: int
    cramp_days_with_factor: int
    other_days: int
    other_days_with_factor: int
    cramp_day_share: float | None  # share of cramp days the factor preceded, 0-1
    other_day_share: float | None  # share of days without a cramp on which it was present, 0-1


def _label(day: date) -> str:
    return day.strftime("%a %d %b")


def _days_back(on: date, count: int) -> list[date]:
    """`on` and the `count - 1` days before it, newest first."""
    return [on - timedelta(n) for n in range(count)]


# --- one factor each ----------------------------------------------------------------------------------------
def _dehydration(on: date, by_day: dict[date, HistoryDay]) -> CrampFactor | None:
    evidence: list[tuple[str, float]] = []
    for day in _days_back(on, WATER_DAYS):
        logged = by_day.get(day)
        if logged and logged.water_ml is not None and logged.water_target_ml:
            pct = round(100 * logged.water_ml / logged.water_target_ml, 9)
            if pct < WATER_SHORT_PCT:
                text = f"on {_label(day)} you drank {logged.water_ml:,.0f} ml, {pct:.0f} % of your target"
                evidence.append((text, round(pct, 1)))
    checkins = [d.checkin for d in by_day.values() if d.checkin is not None]
    for day in _days_back(on, WATER_DAYS):
        mass = assess_morning_mass(checkins, day)
        if mass is not None and mass.drop_pct >= MASS_DROP_PCT:
            evidence.append(
                (
                    f"on {_label(day)} your morning mass was {mass.drop_pct:.1f} % below your 7-day mean",
                    round(mass.drop_pct, 2),
                )
            )
    if not evidence:
        return None
    message = "You may have been low on fluids: " + "; ".join(text for text, _ in evidence) + "."
    return CrampFactor(FactorCode.DEHYDRATION, message, evidence[0][1])


def _mineral_shortfall(on: date, by_day: dict[date, HistoryDay], flags: frozenset[MedicalFlag]) -> CrampFactor | None:
    days = [by_day.get(on - timedelta(n)) for n in range(MINERAL_DAYS, 0, -1)]
    minerals = [d.minerals for d in days if d is not None and d.minerals is not None]
    if len(minerals) < MINERAL_DAYS:
        return None  # a day without meals logged is unknown, not an intake of 0
    short = [s for s in shortfalls(minerals) if s.mineral in SHORTFALL_MINERALS]
    if not short:
        return None
    parts = ", ".join(f"{s.mineral.value} {s.intake_pct:.0f} %" for s in short)
    message = f"Over the 3 days before, these averaged under 70 % of your target: {parts}."
    if MedicalFlag.KIDNEY_DISEASE in flags:
        message += f" Before changing what you eat, {KIDNEY_DOCTOR_SENTENCE}."
    return CrampFactor(FactorCode.MINERAL_SHORTFALL, message, min(round(s.intake_pct, 1) for s in short))


def _load_spike(on: date, by_day: dict[date, HistoryDay]) -> CrampFactor | None:
    today = by_day.get(on)
    evidence: list[tuple[str, float]] = []
    load = today.load if today else None
    if load is not None and load.acwr is not None and load.acwr > ACWR_SPIKE:
        evidence.append((f"your acute:chronic load ratio was {load.acwr:.2f} (over {ACWR_SPIKE})", round(load.acwr, 3)))
    if load is not None and load.week_change is not None and load.week_change > WEEK_CHANGE_SPIKE:
        pct = 100 * load.week_change
        evidence.append((f"your last 7 days' load was {pct:.0f} % above the 7 days before (over 30 %)", round(pct, 1)))
    for day in _days_back(on, LOOKBACK_DAYS + 1):
        logged = by_day.get(day)
        ratio = logged.longest_session_ratio if logged else None
        if ratio is not None and ratio > LONG_SESSION_SPIKE:
            pct = 100 * ratio
            text = f"on {_label(day)} a session was {pct:.0f} % of your longest in the 30 days before (over 110 %)"
            evidence.append((text, round(pct, 1)))
    if not evidence:
        return None
    message = "You trained harder or longer than usual: " + "; ".join(text for text, _ in evidence) + "."
    return CrampFactor(FactorCode.LOAD_SPIKE, message, evidence[0][1])


def _training_run(on: date, by_day: dict[date, HistoryDay]) -> int:
    """Consecutive training days ending on `on` (0 if `on` was not a training day)."""
    run = 0
    while (logged := by_day.get(on - timedelta(run))) is not None and logged.trained:
        run += 1
    return run


def _consecutive_days(on: date, by_day: dict[date, HistoryDay], max_days: int) -> CrampFactor | None:
    run = _training_run(on, by_day)
    if run < max_days:
        return None
    message = f"It came on training day {run} in a row, the most your level allows ({max_days})."
    return CrampFactor(FactorCode.CONSECUTIVE_DAYS, message, run)


def _last_session(on: date, by_day: dict[date, HistoryDay]) -> HistoryDay | None:
    """The last day with a logged session in the look-back; the cramp day's sessions count as before it."""
    for day in _days_back(on, LOOKBACK_DAYS + 1):
        logged = by_day.get(day)
        if logged is not None and logged.warmup_done is not None:
            return logged
    return None


def _skipped(on: date, by_day: dict[date, HistoryDay]) -> list[CrampFactor]:
    last = _last_session(on, by_day)
    if last is None:
        return []
    factors = []
    if not last.warmup_done:
        message = f"Your last session before it ({_label(last.day)}) was logged without its warm-up."
        factors.append(CrampFactor(FactorCode.SKIPPED_WARMUP, message, None))
    if last.stretching_done is False:
        message = f"Your last session before it ({_label(last.day)}) was logged without its cool-down stretches."
        factors.append(CrampFactor(FactorCode.SKIPPED_STRETCHING, message, None))
    return factors


def _fatigue(on: date, by_day: dict[date, HistoryDay]) -> CrampFactor | None:
    ratings: list[tuple[date, str, int]] = []
    for day in _days_back(on, FATIGUE_DAYS):
        logged = by_day.get(day)
        checkin = logged.checkin if logged else None
        if checkin is None:
            continue
        ratings.extend(
            (day, name, value)
            for name, value in (("fatigue", checkin.fatigue), ("soreness", checkin.soreness))
            if value >= FATIGUE_RATING
        )
    if not ratings:
        return None
    parts = "; ".join(f"{name} {value} of 7 on {_label(day)}" for day, name, value in ratings)
    return CrampFactor(FactorCode.FATIGUE, f"You reported being worn out: {parts}.", max(v for _, _, v in ratings))


def _medical_flag(profile: CrampProfile) -> CrampFactor | None:
    if not profile.medical_flags and not profile.medications:
        return None
    listed = [f.value.replace("_", " ") for f in sorted(profile.medical_flags)] + list(profile.medications)
    message = " ".join(
        [
            f"Your profile lists {', '.join(listed)}; some conditions and medicines change fluid and mineral balance.",
            *(n.message for n in medical_notes(profile.medical_flags)),
            GUIDANCE_NOT_DIAGNOSIS,
        ]
    )
    return CrampFactor(FactorCode.MEDICAL_FLAG, message, None)


def factors_on(on: date, days: Iterable[HistoryDay], profile: CrampProfile) -> tuple[CrampFactor, ...]:
    """Every docs/domain.md §6 factor present for a cramp (or any day) on local date `on`."""
    by_day = {d.day: d for d in days}
    found = [
        _dehydration(on, by_day),
        _mineral_shortfall(on, by_day, profile.medical_flags),
        _load_spike(on, by_day),
        _consecutive_days(on, by_day, profile.max_consecutive_training_days),
        *_skipped(on, by_day),
        _fatigue(on, by_day),
        _medical_flag(profile),
    ]
    return tuple(f for f in found if f is not None)


# --- what was not logged -----------------------------------------------------------------------------------
def _dates_words(days: Sequence[date]) -> str:
    labels = [_label(d) for d in days]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def _without(days: Iterable[date], by_day: dict[date, HistoryDay], logged: str) -> tuple[date, ...]:
    """The days among `days` (oldest first) on which `logged` holds nothing."""
    return tuple(sorted(d for d in days if by_day.get(d) is None or getattr(by_day[d], logged) is None))


def missing_data(on: date, days: Iterable[HistoryDay], present: Iterable[FactorCode] = ()) -> tuple[MissingData, ...]:
    """What the factors of a cramp on `on` needed and was not logged, so they are unknown rather than absent.
    A factor already present needs nothing more; a day without logs never counts as zero (docs/domain.md §6)."""
    by_day = {d.day: d for d in days}
    found = set(present)
    out: list[MissingData] = []
    no_water = _without(_days_back(on, WATER_DAYS), by_day, "water_ml")
    if no_water and FactorCode.DEHYDRATION not in found:
        out.append(
            MissingData(
                MissingCode.WATER,
                f"No water was logged on {_dates_words(no_water)}, so whether you were low on fluids is unknown.",
                no_water,
            )
        )
    no_meals = _without([on - timedelta(n) for n in range(1, MINERAL_DAYS + 1)], by_day, "minerals")
    if no_meals and FactorCode.MINERAL_SHORTFALL not in found:
        out.append(
            MissingData(
                MissingCode.MEALS,
                f"No meals were logged on {_dates_words(no_meals)}, so whether your potassium, magnesium and "
                "calcium were low over the 3 days before is unknown.",
                no_meals,
            )
        )
    no_checkin = _without(_days_back(on, FATIGUE_DAYS), by_day, "checkin")
    if no_checkin and FactorCode.FATIGUE not in found:
        out.append(
            MissingData(
                MissingCode.CHECKIN,
                f"No check-in was logged on {_dates_words(no_checkin)}, so fatigue, soreness and morning mass "
                "are unknown for that time.",
                no_checkin,
            )
        )
    window = _days_back(on, LOOKBACK_DAYS + 1)
    training = {FactorCode.LOAD_SPIKE, FactorCode.CONSECUTIVE_DAYS, FactorCode.SKIPPED_WARMUP}
    if not any(by_day.get(d) is not None and by_day[d].trained for d in window) and not found & training:
        first, last = min(window), max(window)
        out.append(
            MissingData(
                MissingCode.WORKOUTS,
                f"No workout was logged from {_label(first)} to {_label(last)}: if you rested, that is all; if you "
                "trained, log it: without it, load, warm-ups and stretching could not be judged.",
                tuple(sorted(window)),
            )
        )
    return tuple(out)


# --- the report for one cramp -------------------------------------------------------------------------------
def _persistent(cramp: Cramp, history: Iterable[Cramp]) -> bool:
    on = cramp.at.date()
    first = on - timedelta(PERSISTENT_WINDOW_DAYS - 1)
    cramp_days = {c.at.date() for c in history if first <= c.at.date() <= on} | {on}
    return len(cramp_days) >= PERSISTENT_CRAMP_DAYS


def cramp_factors(
    cramp: Cramp, days: Sequence[HistoryDay], profile: CrampProfile, history: Sequence[Cramp] = ()
) -> CrampReport:
    """What preceded this cramp, in words that never claim a cause (docs/domain.md §6).

    `history` holds the athlete's other cramps, for the "persistent" check.
    """
    factors = factors_on(cramp.at.date(), days, profile)
    tracked = [f for f in factors if f.code is not FactorCode.MEDICAL_FLAG]
    missing = missing_data(cramp.at.date(), days, (f.code for f in factors))
    severe = cramp.severity >= SEVERE_CRAMP_SEVERITY
    persistent = _persistent(cramp, history)
    sentences = [_opening(tracked, missing)]
    if severe:
        sentences.append(f"This cramp was severe ({cramp.severity} of 10).")
    if persistent:
        sentences.append(f"You have logged cramps on {PERSISTENT_CRAMP_DAYS} or more days in two weeks.")
    see_professional = severe or persistent or not tracked
    if see_professional:
        sentences.append(f"Cramps that are severe, keep coming back or have no clear pattern: {SEE_PROFESSIONAL}.")
    return CrampReport(factors=factors, summary=" ".join(sentences), see_professional=see_professional, missing=missing)


# What a summary calls each kind of data that was not logged.
MISSING_WORDS = {
    MissingCode.WATER: "water",
    MissingCode.MEALS: "meals",
    MissingCode.CHECKIN: "check-ins",
    MissingCode.WORKOUTS: "workouts",
}


def _opening(tracked: Sequence[CrampFactor], missing: Sequence[MissingData] = ()) -> str:
    unknown = ""
    if missing:
        names = [MISSING_WORDS[m.code] for m in missing]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        unknown = f" Not logged, so unknown: {listed}."
    if not tracked:
        if missing:
            return "None of the factors the product tracks showed in what was logged." + unknown
        return "None of the factors the product tracks preceded this cramp."
    names = ", ".join(f.code.value.replace("_", " ") for f in tracked)
    return (
        f"Factors that preceded your cramp: {names}. Cramps have many contributors, so these are patterns to "
        "watch, not a diagnosis." + unknown
    )


# --- how often each factor precedes this athlete's cramps ---------------------------------------------------
def factor_frequency(
    days: Sequence[HistoryDay], cramps: Sequence[Cramp], profile: CrampProfile
) -> tuple[FactorFrequency, ...]:
    """For each factor: share of cramp days it preceded against share of other days it was present.

    Every date in `days` is judged with the same rules as a cramp day. `medical_flag` is left out: it is a
    profile fact, present on every day, so it cannot tell cramp days from others.
    """
    cramp_dates = {c.at.date() for c in cramps}
    present: dict[date, set[FactorCode]] = {d.day: {f.code for f in factors_on(d.day, days, profile)} for d in days}
    cramp_days = [d for d in present if d in cramp_dates]
    other_days = [d for d in present if d not in cramp_dates]
    return tuple(
        _frequency(code, cramp_days, other_days, present) for code in FactorCode if code is not FactorCode.MEDICAL_FLAG
    )


def _frequency(
    code: FactorCode, cramp_days: list[date], other_days: list[date], present: dict[date, set[FactorCode]]
) -> FactorFrequency:
    with_cramp = sum(1 for d in cramp_days if code in present[d])
    without_cramp = sum(1 for d in other_days if code in present[d])
    return FactorFrequency(
        code=code,
        cramp_days=len(cramp_days),
        cramp_days_with_factor=with_cramp,
        other_days=len(other_days),
        other_days_with_factor=without_cramp,
        cramp_day_share=with_cramp / len(cramp_days) if cramp_days else None,
        other_day_share=without_cramp / len(other_days) if other_days else None,
    )
