"""Heart-rate training load, TRIMP (docs/domain.md §12). Pure: no Django.

Banister TRIMP = minutes x HRr x k e^(b HRr), HRr = (HR_avg - HR_rest) / (HR_max - HR_rest), with k = 0.64,
b = 1.92 for men and k = 0.86, b = 1.67 for women (Banister 1991; Morton et al. 1990). Edwards TRIMP = the sum
over the zones 50-60, 60-70, 70-80, 80-90 and 90-100 % of HR_max of the minutes in the zone x 1..5 (Edwards
1993). HR_max, unless measured, = 208 - 0.7 x age (Tanaka et al. 2001). Session RPE load stays the load the rules
use; these are shown beside it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

# Used when the athlete has recorded no resting heart rate in their check-ins: a typical adult's resting rate.
DEFAULT_REST_HR_BPM = 60
# The check-ins whose resting heart rate counts: the recent ones (the median resists one bad morning).
REST_HR_DAYS = 30

BANISTER = {"male": (0.64, 1.92), "female": (0.86, 1.67)}
EDWARDS_ZONES = ((0.5, 1), (0.6, 2), (0.7, 3), (0.8, 4), (0.9, 5))  # lower bound as a fraction of HR_max, weight


def tanaka_max_hr(age_years: int) -> float:
    """Age-predicted maximal heart rate, 208 - 0.7 x age (Tanaka et al., JACC 2001)."""
    return 208 - 0.7 * age_years


def resting_hr(recent_bpm: Sequence[int]) -> float:
    """The median of the recent resting heart rates from check-ins; the stated default without any."""
    return float(statistics.median(recent_bpm)) if recent_bpm else float(DEFAULT_REST_HR_BPM)


def heart_rate_reserve_fraction(avg_hr_bpm: float, rest_hr_bpm: float, max_hr_bpm: float) -> float | None:
    """HRr, clamped to 0..1 (an average under the resting rate is no load, one over the maximum is the maximum);
    None when the maximum is not above the resting rate (no reserve to speak of)."""
    if max_hr_bpm <= rest_hr_bpm:
        return None
    return min(1.0, max(0.0, (avg_hr_bpm - rest_hr_bpm) / (max_hr_bpm - rest_hr_bpm)))


def banister_trimp(minutes: float, avg_hr_bpm: float, rest_hr_bpm: float, max_hr_bpm: float, sex: str) -> float | None:
    """Banister's TRIMP with the sex-specific weighting; None without a usable heart-rate reserve."""
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    k, b = BANISTER[sex]
    hrr = heart_rate_reserve_fraction(avg_hr_bpm, rest_hr_bpm, max_hr_bpm)
    if hrr is None:
        return None
    return minutes * hrr * k * math.exp(b * hrr)


def edwards_zone(bpm: float, max_hr_bpm: float) -> int:
    """The Edwards weight of a heart rate: 0 under 50 % of HR_max, then 1..5 per 10 % (90 % and over: 5)."""
    fraction = bpm / max_hr_bpm
    weight = 0
    for lower, zone_weight in EDWARDS_ZONES:
        if fraction >= lower:
            weight = zone_weight
    return weight


def edwards_trimp(samples: Sequence[tuple[float, float]], max_hr_bpm: float) -> float:
    """Edwards' TRIMP from (seconds, bpm) samples: each sample's minutes x its zone's weight."""
    if max_hr_bpm <= 0:
        raise ValueError("max_hr_bpm must be positive")
    return sum(seconds / 60 * edwards_zone(bpm, max_hr_bpm) for seconds, bpm in samples)
