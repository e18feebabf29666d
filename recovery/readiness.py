"""Readiness from morning check-ins: Hooper index, resting heart rate, HRV and morning body mass.

Pure core (docs/design.md): dataclasses in, dataclasses out; no Django import, no I/O. Rules from docs/domain.md §3. No
absolute cut-off is validated, so the athlete is compared with themself wherever a baseline exists.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from core.status import Status

HOOPER_ITEM_MIN = 1  # docs/domain.md §3: each item 1 (very, very good) ...
HOOPER_ITEM_MAX = 7  # docs/domain.md §3: ... to 7 (very, very bad); any item at 7 is red
BASELINE_DAYS = 28  # docs/domain.md §3: z-score against the last 28 days
BASELINE_MIN_CHECKINS = 7  # docs/domain.md §3: once 7 check-ins exist
HOOPER_Z_AMBER = 1.0  # docs/domain.md §3: amber at z >= 1
HOOPER_Z_RED = 2.0  # docs/domain.md §3: red at z >= 2
AMBER_STREAK_RED_DAYS = 3  # docs/domain.md §3 heuristic: three amber days in a row make red
HOOPER_NO_BASELINE_AMBER = 20  # docs/domain.md §3 product rule: amber at 20 without a baseline
HOOPER_NO_BASELINE_RED = 24  # docs/domain.md §3 product rule: red at 24 without a baseline
# Not in docs/domain.md (decision to confirm there): Hooper items are whole points, so a baseline SD under one
# point would turn a one-point change into z >= 2; the SD used for z is at least one point (and a flat
# baseline, SD 0, no longer divides by zero).
HOOPER_MIN_SD = 1.0
RESTING_HR_RISE_BPM = 5  # docs/domain.md §3: 5 bpm or more above the 28-day mean is amber
HRV_WEEK_DAYS = 7  # docs/domain.md §3: the 7-day mean of morning lnRMSSD ...
HRV_MIN_WEEK_READINGS = 3  # docs/domain.md §3: ... with at least 3 readings that week
HRV_SD_FRACTION = 0.5  # docs/domain.md §3: below the 28-day baseline - 0.5 SD is amber
MASS_WEEK_DAYS = 7  # docs/domain.md §3: morning mass against the 7-day mean
# Not in docs/domain.md (decision to confirm there): a 7-day mean needs at least 3 earlier readings, the minimum §3
# asks of the HRV week, so that one stray weigh-in is not a baseline.
MASS_MIN_READINGS = 3
MASS_DROP_AMBER_PCT = 2.0  # docs/domain.md §3 (ACSM 2007): 2 % or more below the 7-day mean is amber
MASS_DROP_RED_PCT = 3.0  # docs/domain.md §3: 3 % is red


# Each signal's level is the traffic light of the whole check (core.status), green to red; a signal without its
# data is absent (None), never a level of its own.
LEVEL_ORDER = {Status.GREEN: 0, Status.AMBER: 1, Status.RED: 2}


def worst(levels: Iterable[Status]) -> Status:
    return max(levels, key=LEVEL_ORDER.__getitem__, default=Status.GREEN)


@dataclass(frozen=True)
class CheckIn:
    """A morning check-in (docs/api.md `checkins`): Hooper items 1-7 and optional measurements."""

    day: date
    sleep: int
    fatigue: int
    stress: int
    soreness: int
    resting_hr_bpm: float | None = None
    hrv_rmssd_ms: float | None = None
    morning_mass_kg: float | None = None

    def __post_init__(self) -> None:
        for name, value in self.items().items():
            if not HOOPER_ITEM_MIN <= value <= HOOPER_ITEM_MAX:
                raise ValueError(f"{name} must be between {HOOPER_ITEM_MIN} and {HOOPER_ITEM_MAX}")
        if self.hrv_rmssd_ms is not None and self.hrv_rmssd_ms <= 0:
            raise ValueError("hrv_rmssd_ms must be positive")

    def items(self) -> dict[str, int]:
        return {
            "sleep": self.sleep,
            "fatigue": self.fatigue,
            "stress": self.stress,
            "soreness": self.soreness,
        }

    @property
    def hooper_index(self) -> int:
        """Sum of the four items, 4-28 (Hooper & Mackinnon 1995)."""
        return sum(self.items().values())


@dataclass(frozen=True)
class HooperResult:
    index: int
    level: Status
    z: float | None  # None without a baseline (fewer than 7 check-ins in the last 28 days)
    baseline_mean: float | None
    baseline_sd: float | None  # the SD used for z (at least HOOPER_MIN_SD)
    baseline_count: int
    items_at_max: tuple[str, ...]  # items rated 7
    amber_streak: bool  # red because of three amber days in a row


@dataclass(frozen=True)
class RestingHrResult:
    level: Status
    resting_hr_bpm: float
    baseline_mean_bpm: float
    rise_bpm: float


@dataclass(frozen=True)
class HrvResult:
    level: Status
    week_mean_ln: float
    baseline_mean_ln: float
    baseline_sd_ln: float
    threshold_ln: float
    week_readings: int
    no_hard_session: bool  # docs/domain.md §3: low HRV means no hard session that day


@dataclass(frozen=True)
class MassResult:
    level: Status
    mass_kg: float
    week_mean_kg: float
    drop_pct: float


@dataclass(frozen=True)
class Readiness:
    day: date
    hooper: HooperResult | None
    resting_hr: RestingHrResult | None
    hrv: HrvResult | None
    mass: MassResult | None

    @property
    def level(self) -> Status:
        parts = (self.hooper, self.resting_hr, self.hrv, self.mass)
        return worst(p.level for p in parts if p is not None)


def _by_day(checkins: Iterable[CheckIn]) -> dict[date, CheckIn]:
    """One check-in per day; a later one in the sequence replaces an earlier one for the same day."""
    return {c.day: c for c in checkins}


def _window(by_day: dict[date, CheckIn], first: date, last: date) -> list[CheckIn]:
    return [c for d, c in sorted(by_day.items()) if first <= d <= last]


def _pct_drop(mean: float, value: float) -> float:
    """How far `value` sits below `mean`, in %, rounded to 9 decimals so a float 1.9999999999 % reads 2 %."""
    return round(100 * (mean - value) / mean, 9)


# --- Hooper -------------------------------------------------------------------------------------------------
def _hooper_baseline(by_day: dict[date, CheckIn], on: date) -> list[int]:
    """Indexes of the 28 days before `on`; today is left out so it is compared with, not part of, the norm."""
    return [c.hooper_index for c in _window(by_day, on - timedelta(BASELINE_DAYS), on - timedelta(1))]


def _hooper_base(by_day: dict[date, CheckIn], on: date) -> HooperResult | None:
    """The Hooper level of one day before the three-amber-days rule."""
    today = by_day.get(on)
    if today is None:
        return None
    baseline = _hooper_baseline(by_day, on)
    items_at_max = tuple(name for name, value in today.items().items() if value == HOOPER_ITEM_MAX)
    if len(baseline) < BASELINE_MIN_CHECKINS:
        return _without_baseline(today.hooper_index, len(baseline), items_at_max)
    # Sample SD: the 28 days are a sample of the athlete's usual state, used to estimate its spread.
    mean, sd = statistics.fmean(baseline), max(statistics.stdev(baseline), HOOPER_MIN_SD)
    z = round((today.hooper_index - mean) / sd, 9)
    level = Status.GREEN
    if z >= HOOPER_Z_AMBER:
        level = Status.AMBER
    if z >= HOOPER_Z_RED or items_at_max:
        level = Status.RED
    return HooperResult(today.hooper_index, level, z, mean, sd, len(baseline), items_at_max, amber_streak=False)


def _without_baseline(index: int, count: int, items_at_max: tuple[str, ...]) -> HooperResult:
    level = Status.GREEN
    if index >= HOOPER_NO_BASELINE_AMBER:
        level = Status.AMBER
    if index >= HOOPER_NO_BASELINE_RED or items_at_max:
        level = Status.RED
    return HooperResult(index, level, None, None, None, count, items_at_max, amber_streak=False)


def assess_hooper(checkins: Sequence[CheckIn], on: date) -> HooperResult | None:
    """Today's Hooper level (docs/domain.md §3); None without a check-in on `on`.

    Three amber days in a row make red: today amber and each of the two days before at least amber, each
    judged on its own baseline and each with a check-in (a missing day breaks the run).
    """
    by_day = _by_day(checkins)
    today = _hooper_base(by_day, on)
    if today is None or today.level is not Status.AMBER:
        return today
    earlier = [_hooper_base(by_day, on - timedelta(n)) for n in range(1, AMBER_STREAK_RED_DAYS)]
    if all(r is not None and r.level is not Status.GREEN for r in earlier):
        return HooperResult(
            today.index,
            Status.RED,
            today.z,
            today.baseline_mean,
            today.baseline_sd,
            today.baseline_count,
            today.items_at_max,
            amber_streak=True,
        )
    return today


# --- resting heart rate -------------------------------------------------------------------------------------
def assess_resting_hr(checkins: Sequence[CheckIn], on: date) -> RestingHrResult | None:
    """Amber at 5 bpm or more above the 28-day mean (docs/domain.md §3).

    The mean comes from the 28 days before today and needs 7 readings, the same baseline rule as the Hooper z.
    """
    by_day = _by_day(checkins)
    today = by_day.get(on)
    if today is None or today.resting_hr_bpm is None:
        return None
    readings = [
        c.resting_hr_bpm
        for c in _window(by_day, on - timedelta(BASELINE_DAYS), on - timedelta(1))
        if c.resting_hr_bpm is not None
    ]
    if len(readings) < BASELINE_MIN_CHECKINS:
        return None
    mean = statistics.fmean(readings)
    rise = round(today.resting_hr_bpm - mean, 9)
    level = Status.AMBER if rise >= RESTING_HR_RISE_BPM else Status.GREEN
    return RestingHrResult(level, today.resting_hr_bpm, mean, rise)


# --- HRV ----------------------------------------------------------------------------------------------------
def _ln_rmssd(by_day: dict[date, CheckIn], first: date, last: date) -> list[float]:
    return [math.log(c.hrv_rmssd_ms) for c in _window(by_day, first, last) if c.hrv_rmssd_ms is not None]


def assess_hrv(checkins: Sequence[CheckIn], on: date) -> HrvResult | None:
    """7-day mean lnRMSSD under the 28-day baseline - 0.5 SD, 3+ readings that week: amber, no hard session.

    (docs/domain.md §3; Plews et al. 2014.) The baseline is the 28 days ending today, this week included, and needs
    7 readings (the product's baseline minimum); its SD is a sample SD, as for the Hooper baseline.
    """
    by_day = _by_day(checkins)
    week = _ln_rmssd(by_day, on - timedelta(HRV_WEEK_DAYS - 1), on)
    baseline = _ln_rmssd(by_day, on - timedelta(BASELINE_DAYS - 1), on)
    if len(week) < HRV_MIN_WEEK_READINGS or len(baseline) < BASELINE_MIN_CHECKINS:
        return None
    week_mean, mean, sd = statistics.fmean(week), statistics.fmean(baseline), statistics.stdev(baseline)
    threshold = mean - HRV_SD_FRACTION * sd
    low = round(week_mean - threshold, 9) < 0
    return HrvResult(
        level=Status.AMBER if low else Status.GREEN,
        week_mean_ln=week_mean,
        baseline_mean_ln=mean,
        baseline_sd_ln=sd,
        threshold_ln=threshold,
        week_readings=len(week),
        no_hard_session=low,
    )


# --- morning body mass --------------------------------------------------------------------------------------
def assess_morning_mass(checkins: Sequence[CheckIn], on: date) -> MassResult | None:
    """2 % or more below the mean of the 7 days before: dehydration amber; 3 %: red (docs/domain.md §3)."""
    by_day = _by_day(checkins)
    today = by_day.get(on)
    if today is None or today.morning_mass_kg is None:
        return None
    earlier = [
        c.morning_mass_kg
        for c in _window(by_day, on - timedelta(MASS_WEEK_DAYS), on - timedelta(1))
        if c.morning_mass_kg is not None
    ]
    if len(earlier) < MASS_MIN_READINGS:
        return None
    mean = statistics.fmean(earlier)
    drop = _pct_drop(mean, today.morning_mass_kg)
    level = Status.GREEN
    if drop >= MASS_DROP_AMBER_PCT:
        level = Status.AMBER
    if drop >= MASS_DROP_RED_PCT:
        level = Status.RED
    return MassResult(level, today.morning_mass_kg, mean, drop)


def assess_readiness(checkins: Sequence[CheckIn], on: date) -> Readiness:
    """Every readiness signal for `on`; each is None when its data or baseline is missing."""
    return Readiness(
        day=on,
        hooper=assess_hooper(checkins, on),
        resting_hr=assess_resting_hr(checkins, on),
        hrv=assess_hrv(checkins, on),
        mass=assess_morning_mass(checkins, on),
    )
