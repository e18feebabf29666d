"""Heart-rate load (docs/domain.md §12): Banister and Edwards TRIMP, HR_max by Tanaka, HR_rest from check-ins. Pure."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from training import trimp


def test_banister_worked_example() -> None:
    """By hand: 60 minutes at an average of 150 bpm, resting 60 bpm, maximum 190 bpm.

    HRr = (150 - 60) / (190 - 60) = 90 / 130 = 0.69231.
    Men:   k e^(b HRr) = 0.64 x e^(1.92 x 0.69231) = 0.64 x e^1.32923 = 0.64 x 3.77814 = 2.41801;
           TRIMP = 60 x 0.69231 x 2.41801 = 41.5385 x 2.41801 = 100.44.
    Women: 0.86 x e^(1.67 x 0.69231) = 0.86 x e^1.15615 = 0.86 x 3.17769 = 2.73281;
           TRIMP = 41.5385 x 2.73281 = 113.52.
    """
    assert trimp.heart_rate_reserve_fraction(150, 60, 190) == pytest.approx(0.69231, abs=1e-5)
    assert trimp.banister_trimp(60, 150, 60, 190, "male") == pytest.approx(100.44, abs=0.005)
    assert trimp.banister_trimp(60, 150, 60, 190, "female") == pytest.approx(113.52, abs=0.005)


def test_edwards_worked_example() -> None:
    """By hand, HR_max 200: 10 minutes at 110 bpm (55 %, zone 1), 20 minutes at 150 bpm (75 %, zone 3), 5 minutes
    at 190 bpm (95 %, zone 5) and 5 minutes at 90 bpm (45 %, under the zones): 10 x 1 + 20 x 3 + 5 x 5 + 0 = 95."""
    samples = [(600.0, 110), (1200.0, 150), (300.0, 190), (300.0, 90)]
    assert trimp.edwards_trimp(samples, 200) == pytest.approx(95.0)


@pytest.mark.parametrize(
    ("bpm", "zone"),
    [(99, 0), (100, 1), (119, 1), (120, 2), (140, 3), (160, 4), (179, 4), (180, 5), (200, 5), (215, 5)],
)
def test_edwards_zone_edges(bpm: int, zone: int) -> None:
    """Each zone starts at its lower bound: 50 % of 200 bpm is 100 bpm, 90 % is 180 bpm."""
    assert trimp.edwards_zone(bpm, 200) == zone


def test_tanaka_and_the_resting_default() -> None:
    """208 - 0.7 x 30 = 187; the median of the check-ins (one bad morning does not move it); 60 bpm without any."""
    assert trimp.tanaka_max_hr(30) == pytest.approx(187.0)
    assert trimp.resting_hr([52, 50, 71]) == 52.0
    assert trimp.resting_hr([50, 54]) == 52.0
    assert trimp.resting_hr([]) == trimp.DEFAULT_REST_HR_BPM == 60


def test_no_reserve_no_banister() -> None:
    assert trimp.banister_trimp(60, 150, 190, 190, "male") is None
    assert trimp.banister_trimp(60, 50, 60, 190, "female") == 0.0  # under the resting rate: no load


heart = st.floats(min_value=25, max_value=250, allow_nan=False)
minutes = st.floats(min_value=0, max_value=1440, allow_nan=False)
sexes = st.sampled_from(["male", "female"])


@given(minutes=minutes, avg=heart, rest=st.floats(30, 90), max_hr=st.floats(150, 220), sex=sexes)
def test_banister_is_bounded_by_the_maximal_effort(
    minutes: float, avg: float, rest: float, max_hr: float, sex: str
) -> None:
    k, b = trimp.BANISTER[sex]
    value = trimp.banister_trimp(minutes, avg, rest, max_hr, sex)
    assert value is not None
    assert 0 <= value <= minutes * k * 2.718281828459045**b + 1e-9


@given(minutes=minutes, low=heart, high=heart, rest=st.floats(30, 90), max_hr=st.floats(150, 220), sex=sexes)
def test_banister_grows_with_heart_rate(
    minutes: float, low: float, high: float, rest: float, max_hr: float, sex: str
) -> None:
    low, high = sorted((low, high))
    assert trimp.banister_trimp(minutes, low, rest, max_hr, sex) <= trimp.banister_trimp(
        minutes, high, rest, max_hr, sex
    )


@given(
    a=st.floats(0, 720, allow_nan=False),
    b=st.floats(0, 720, allow_nan=False),
    avg=heart,
    rest=st.floats(30, 90),
    max_hr=st.floats(150, 220),
    sex=sexes,
)
def test_banister_is_linear_in_minutes(a: float, b: float, avg: float, rest: float, max_hr: float, sex: str) -> None:
    """Twice as long at the same average is twice the load: the sum of two halves is the whole."""
    whole = trimp.banister_trimp(a + b, avg, rest, max_hr, sex)
    assert whole == pytest.approx(
        trimp.banister_trimp(a, avg, rest, max_hr, sex) + trimp.banister_trimp(b, avg, rest, max_hr, sex), abs=1e-6
    )


samples = st.lists(st.tuples(st.floats(0, 3600, allow_nan=False), st.integers(25, 250)), max_size=50)


@given(first=samples, second=samples, max_hr=st.floats(150, 220))
def test_edwards_adds_up_and_stays_within_five_per_minute(first: list, second: list, max_hr: float) -> None:
    total = trimp.edwards_trimp(first + second, max_hr)
    assert total == pytest.approx(trimp.edwards_trimp(first, max_hr) + trimp.edwards_trimp(second, max_hr))
    assert 0 <= total <= 5 * sum(seconds for seconds, _ in first + second) / 60 + 1e-9


@given(low=heart, high=heart, max_hr=st.floats(150, 220))
def test_edwards_zone_never_drops_as_heart_rate_rises(low: float, high: float, max_hr: float) -> None:
    low, high = sorted((low, high))
    assert 0 <= trimp.edwards_zone(low, max_hr) <= trimp.edwards_zone(high, max_hr) <= 5
